// bitsky-cli costmap: a bits-per-pixel map of one image HDU under a cost model.
// With --db, the image HDU (path, hdu, content hash) and one cost-map row per frame
// (model, bpp, total bits, the map file if written) are recorded in the results store.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "app/cli/command.h"
#include "app/cli/file_argument.h"
#include "engine/analysis/costmap.h"
#include "engine/analysis/costmap_fits.h"
#include "engine/bench/hash.h"
#include "engine/dataset/dataset.h"
#include "engine/fits/fits.h"
#include "engine/store/store.h"
#include "engine/util/error.h"
#include "engine/util/files.h"
#include "engine/util/json.h"

namespace bitsky::cli {
namespace {

namespace fs = std::filesystem;

// Records the image HDU (content hash reused when size and mtime are unchanged, as
// bitsky-cli bench does) and its frames' cost maps in the store at `db`.
void record_in_store(const std::string& db, const std::string& path, const dataset::FrameSelection& sel,
                     const std::string& model, const std::vector<double>& frame_bits, std::size_t frame_pixels,
                     const std::string& map_file) {
    std::error_code ec;
    fs::path abs = fs::weakly_canonical(fs::absolute(path, ec), ec);
    if (ec) abs = fs::absolute(path).lexically_normal();
    store::ResultsStore st(db);
    const std::int64_t dataset_id =
        st.upsert_dataset(abs.parent_path().filename().string(), abs.parent_path().string());
    const store::ImageRecord im = bench::image_record(st, abs, dataset_id, sel);
    const std::int64_t image_id = st.upsert_image(im).id;
    std::string file;
    if (!map_file.empty()) file = fs::absolute(map_file).lexically_normal().string();
    for (std::size_t i = 0; i < sel.frames.size(); ++i) {
        store::Costmap c;
        c.image_id = image_id;
        c.frame = static_cast<std::int64_t>(sel.frames[i]);
        c.model = model;
        c.total_bits = frame_bits[i];
        c.bpp = frame_pixels ? frame_bits[i] / static_cast<double>(frame_pixels) : 0.0;
        c.file = file;
        st.upsert_costmap(c);
    }
}

std::string models_help() {
    std::string s;
    for (const auto& m : analysis::cost_model_names()) s += (s.empty() ? "" : " | ") + m;
    return s;
}

class Costmap final : public Command {
public:
    void declare(CLI::App& cmd) override {
        cmd.add_option("--model", spec_, "Cost model: " + models_help())->required()->type_name("M");
        cmd.add_option("--out", out_, "Write the map as a FITS image (float32 bits per pixel, WCS of the source)")
            ->type_name("MAP.fits");
        cmd.add_option("--hdu", hdu_, "Image HDU to map, 0 = primary (default: the first 16-bit image, else the first image)")->type_name("N");
        cmd.add_option("--db", db_, "Record the image and its maps in this results store")->type_name("DB");
        cmd.add_flag("--json", json_, "Print JSON instead of text");
        cmd.add_option("FILE", path_, "FITS file; FILE[N] (HDU N, 0 = primary), FILE[NAME] or FILE[NAME,VER] names the HDU")
            ->required();
    }
    int run() override;

private:
    std::string spec_, out_, db_, path_;
    std::optional<int> hdu_;
    bool json_ = false;
};

int Costmap::run() {
    auto model = analysis::make_cost_model(spec_);  // usage errors before any I/O
    const FileArgument arg = open_file_argument(path_);
    const std::string path = arg.path();
    if (!out_.empty()) util::refuse_output_that_is_an_input(out_, {path});
    if (arg.hdu && hdu_ && *hdu_ != *arg.hdu)
        throw UsageError(path_ + " names HDU " + std::to_string(*arg.hdu) + ", --hdu " + std::to_string(*hdu_));
    if (arg.hdu) hdu_ = arg.hdu;

    const fits::File& file = arg.file;
    auto sel = select_frames(arg);
    std::erase_if(sel.hdus, [](const dataset::FrameSelection& h) { return h.bitpix == 64; });
    if (sel.hdus.empty()) throw Error(path + ": no image HDU to map (64-bit integer images are not read)");
    // Default: the first 16-bit image (what every model maps), else the first image.
    const dataset::FrameSelection* chosen = &sel.hdus.front();
    for (const auto& hs : sel.hdus)
        if (hs.bitpix == 16) {
            chosen = &hs;
            break;
        }
    if (hdu_) {
        chosen = nullptr;
        for (const auto& hs : sel.hdus)
            if (hs.hdu == *hdu_) chosen = &hs;
        if (!chosen)
            throw UsageError("HDU " + std::to_string(*hdu_) + " of " + path + " is not a measured image");
    }
    const auto& info = file.hdu(chosen->hdu);
    const std::size_t w = info.axes.at(0), hgt = info.axes.at(1);
    std::vector<float> bits;
    bits.reserve(w * hgt * chosen->frames.size());
    double total = 0;
    std::vector<double> frame_bits;
    double raw_bpp = 16;
    for (std::size_t k : chosen->frames) {
        auto map = model->compute_any(file.read_frame(chosen->hdu, k));
        raw_bpp = map.raw_bpp;
        total += map.total_bits;
        frame_bits.push_back(map.total_bits);
        bits.insert(bits.end(), map.bits.begin(), map.bits.end());
    }
    const std::size_t pixels = bits.size();
    const double bpp = pixels ? total / static_cast<double>(pixels) : 0.0;

    const std::string& out = out_;
    if (!out.empty()) {
        analysis::CostMapFitsInfo fi;
        fi.model = model->spec();
        fi.bpp = bpp;
        fi.total_bits = total;
        fi.source_hdu = chosen->hdu;
        fi.estimated = model->estimated();
        analysis::write_cost_map_fits(out, w, hgt, chosen->frames.size(), bits, info.cards, fi);
    }
    if (!db_.empty()) record_in_store(db_, path, *chosen, model->spec(), frame_bits, w * hgt, out);
    if (json_) {
        nlohmann::json j{{"path", path},
                         {"model", model->spec()},
                         {"bpp", bpp},
                         {"total_bits", total},
                         {"out", out.empty() ? nlohmann::json(nullptr) : nlohmann::json(out)},
                         {"hdu", chosen->hdu},
                         {"frames", chosen->frames.size()},
                         {"shape", info.axes},
                         {"ratio", bpp > 0 ? raw_bpp / bpp : 0.0},
                         {"bitpix", chosen->bitpix},
                         {"estimated", model->estimated()},
                         {"label", model->estimated() ? nlohmann::json(model->label()) : nlohmann::json(nullptr)}};
        std::cout << util::dump_json(j, 2) << "\n";
    } else {
        char line[256];
        std::snprintf(line, sizeof line, "%s HDU %d: %s %.4f bpp (ratio %.3f), %.0f bits", path.c_str(), chosen->hdu,
                      model->spec().c_str(), bpp, bpp > 0 ? raw_bpp / bpp : 0.0, total);
        std::cout << line << (model->estimated() ? ", " + model->label() : "") << (out.empty() ? "" : " -> " + out)
                  << "\n";
    }
    return 0;
}

Register<Costmap> registeredCostmap{"costmap",
                      "bits-per-pixel map of an image HDU (M: iid | context | bitsky | tile:<codec-spec> | neural:<model> | "
                      "neural-net:<model>); "
                      "--db records it in the results store"};

}  // namespace
}  // namespace bitsky::cli
