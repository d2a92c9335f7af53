// bitsky-cli sample: write the deterministic synthetic sample sky.
#include <filesystem>
#include <iostream>

#include "app/cli/command.h"
#include "engine/image/cube.h"
#include "engine/sample/calibrated.h"
#include "engine/sample/sample_sky.h"
#include "engine/util/error.h"

namespace bitsky::cli {
namespace {

class Sample final : public Command {
public:
    void declare(CLI::App& cmd) override {
        cmd.add_option("--out", out_, "Folder to write the sample sky into")->required()->type_name("DIR");
        cmd.add_option("--seed", seed_, "Random seed (the same seed writes the same files)")
            ->check(at_least(0))
            ->capture_default_str();
    }
    int run() override;

private:
    std::string out_;
    long long seed_ = 1;
};

int Sample::run() {
    auto files = sample::write_sample_sky(out_, static_cast<std::uint64_t>(seed_));
    for (const auto& f : files)
        std::cout << (std::filesystem::path(out_) / f.path).string() << "  " << shape_string(f.axes) << "  sigma "
                  << f.sky_sigma_adu << " ADU  limit " << f.entropy_limit_bpp << " bpp\n";
    std::cout << (std::filesystem::path(out_) / sample::kCalibratedImage).string()
              << "  calibrated float32 product (electrons), true catalogue "
              << (std::filesystem::path(out_) / sample::kCalibratedCatalogue).string() << "\n";
    std::cout << files.size() << " files written to " << out_ << " (and the calibrated product)\n";
    return 0;
}

Register<Sample> registeredSample{"sample", "write the synthetic sample sky (deterministic for a seed)"};

}  // namespace
}  // namespace bitsky::cli
