// bitsky-cli render: a figure of an image (PNG, PDF or SVG). bitsky-cli does not link Qt:
// it checks the options and then runs the desktop program's `bitsky --render` in its
// place (exec), the `bitsky` beside it (the folder of /proc/self/exe) or else the first on
// PATH, so both commands draw the same figure.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli/command.h"
#include "engine/util/error.h"

namespace bitsky::cli {
namespace {

namespace fs = std::filesystem;

bool executable(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

// The installed desktop program: beside this executable, else on PATH.
std::optional<fs::path> find_bitsky() {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec && executable(self.parent_path() / "bitsky")) return self.parent_path() / "bitsky";
    const char* path = std::getenv("PATH");
    if (!path) return std::nullopt;
    std::stringstream dirs(path);
    for (std::string dir; std::getline(dirs, dir, ':');)
        if (!dir.empty() && executable(fs::path(dir) / "bitsky")) return fs::path(dir) / "bitsky";
    return std::nullopt;
}

std::string number(double v) {
    std::ostringstream s;
    s.precision(17);
    s << v;
    return s.str();
}

class Render final : public Command {
public:
    void declare(CLI::App& cmd) override {
        cmd.add_option("FILE", file_,
                       "FITS file; FILE[N] (HDU N, 0 = primary), FILE[NAME] or FILE[NAME,VER] takes one HDU")
            ->required();
        cmd.add_option("--out", out_, "The figure: .png, .pdf or .svg")->required();
        cmd.add_option("--frame", frame_, "Frame of a cube, counted from 0 (axis 3 fastest, then axis 4)")
            ->check(at_least(0));
        cmd.add_option("--overlay", overlay_, "Bit-cost map of a model over the image (iid, context, tile:<codec>)");
        cmd.add_option("--opacity", opacity_, "Opacity of the map, 0 to 1 (default 0.6)")->check(CLI::Range(0.0, 1.0));
        cmd.add_option("--stretch", stretch_, "Stretch: linear (the default), log, sqrt, asinh or histeq")
            ->check(CLI::IsMember({"linear", "log", "sqrt", "asinh", "histeq"}));
        cmd.add_option("--cmap", cmap_, "Colour map (as bitsky --cmap; default grey)");
        cmd.add_flag("--invert", invert_, "Invert the colour map");
        cmd.add_option("--limits", limits_, "Display limits: zscale (the default), minmax, 99, 99.5, 99.9 or LO,HI");
        cmd.add_flag("--grid", grid_, "Draw the celestial coordinate grid (RA/Dec) of the image's WCS");
        cmd.add_option("--regions", regions_, "DS9 region file drawn over the image");
        cmd.add_option("--width-in", width_in_,
                       "Width of the figure in inches (default 3.5); the height follows the image")
            ->check(CLI::Range(0.5, 100.0));
        cmd.add_option("--dpi", dpi_, "PNG resolution, pixels per inch (default 300)")->check(CLI::Range(10, 2400));
    }
    int run() override;

private:
    std::string file_, out_;
    std::optional<long long> frame_;
    std::optional<std::string> overlay_, stretch_, cmap_, limits_, regions_;
    std::optional<double> opacity_, width_in_;
    std::optional<int> dpi_;
    bool invert_ = false, grid_ = false;
};

int Render::run() {
    const auto bitsky = find_bitsky();
    if (!bitsky) throw UsageError("render needs the bitsky GUI package (bitsky) installed");
    std::vector<std::string> args{bitsky->string(), "--render", file_, "--out", out_};
    auto add = [&](const char* name, const std::optional<std::string>& v) {
        if (v) args.insert(args.end(), {name, *v});
    };
    if (frame_) args.insert(args.end(), {"--frame", std::to_string(*frame_)});
    add("--overlay", overlay_);
    if (opacity_) args.insert(args.end(), {"--opacity", number(*opacity_)});
    add("--stretch", stretch_);
    add("--cmap", cmap_);
    if (invert_) args.push_back("--invert");
    add("--limits", limits_);
    if (grid_) args.push_back("--grid");
    add("--regions", regions_);
    if (width_in_) args.insert(args.end(), {"--width-in", number(*width_in_)});
    if (dpi_) args.insert(args.end(), {"--dpi", std::to_string(*dpi_)});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(bitsky->c_str(), argv.data());
    throw Error(bitsky->string() + ": cannot run it: " + std::strerror(errno));
}

Register<Render> registeredRender{"render", "A figure of an image (PNG, PDF or SVG) through the bitsky desktop program"};

}  // namespace
}  // namespace bitsky::cli
