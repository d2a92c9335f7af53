// bitsky-cli noise: every noise estimate per frame, and what it predicts.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "app/cli/command.h"
#include "app/cli/file_argument.h"
#include "engine/analysis/noise.h"
#include "engine/analysis/predict.h"
#include "engine/codecs/codec.h"
#include "engine/dataset/dataset.h"
#include "engine/fits/fits.h"
#include "engine/util/error.h"
#include "engine/util/json.h"

namespace bitsky::cli {
namespace {

nlohmann::json finite_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

class Noise final : public Command {
public:
    void declare(CLI::App& cmd) override {
        cmd.add_flag("--json", json_, "Print JSON instead of text");
        cmd.add_option("FILE", files_, "FITS files; FILE[N] (HDU N, 0 = primary), FILE[NAME] or FILE[NAME,VER] takes one HDU")->required();
    }
    int run() override;

private:
    bool json_ = false;
    std::vector<std::string> files_;
};

int Noise::run() {
    nlohmann::json files = nlohmann::json::array();
    int failures = 0;
    if (!json_) std::cout << "(" << kNumbering << ")\n";
    for (const auto& path : files_) {
        nlohmann::json jf;
        jf["path"] = path;
        jf["frames"] = nlohmann::json::array();
        jf["skipped"] = nlohmann::json::array();
        try {
            const FileArgument arg = open_file_argument(path);
            const fits::File& file = arg.file;
            auto sel = select_frames(arg);
            if (!json_) std::cout << path << "\n";
            int index = 0;
            if (sel.hdus.empty()) throw Error(path + ": no image HDU (" + sel.skipped_text() + ")");
            for (const auto& hs : sel.hdus) {
                const auto& info = file.hdu(hs.hdu);
                if (hs.bitpix != 16) {
                    // Noise of other pixel types: in data units once they are read as such.
                    const std::string why = "noise estimates take 16-bit integer images; this HDU has " +
                                            codecs::pixel_type_name(hs.bitpix);
                    jf["skipped"].push_back({{"hdu", hs.hdu}, {"reason", why}});
                    if (!json_) std::cout << "  HDU " << hs.hdu << ": skipped: " << why << "\n";
                    continue;
                }
                const analysis::NoiseOptions opt = analysis::noise_options_for(info);
                for (std::size_t k : hs.frames) {
                    auto cube = file.read_u16_frame(hs.hdu, k);
                    auto frame = cube.frame(0);
                    auto e = analysis::estimate_noise(frame, opt);
                    auto p = analysis::predict_compressibility(e);
                    const double structure = analysis::structure_bpp(frame);
                    auto bp = analysis::bit_planes(frame.pixels);
                    nlohmann::json jr;
                    jr["index"] = index++;
                    jr["hdu"] = hs.hdu;
                    jr["frame"] = k;
                    jr["width"] = frame.width;
                    jr["height"] = frame.height;
                    jr["estimates"] = {{"noise1", e.cfitsio.noise1},   {"noise2", e.cfitsio.noise2},
                                       {"noise3", e.cfitsio.noise3},   {"noise5", e.cfitsio.noise5},
                                       {"mad", e.mad},                 {"clipped_std", e.clipped.std},
                                       {"background", e.clipped.background}, {"sigma", e.sigma()}};
                    jr["robust"] = {{"sigma", e.robust},
                                    {"estimator", e.estimator},
                                    {"reason", e.reason},
                                    {"correlated", e.correlated},
                                    {"mad_lag2", e.mad_lag2},
                                    {"mask",
                                     {{"fraction", e.mask.fraction()},
                                      {"blank", e.mask.blank},
                                      {"saturated", e.mask.saturated},
                                      {"constant_runs", e.mask.constant},
                                      {"saturation_rule", e.mask.saturation_rule},
                                      {"constant_runs_kept", e.mask.constant_runs_kept}}}};
                    jr["masked"] = {{"noise1", e.masked.noise1}, {"noise2", e.masked.noise2},
                                    {"noise3", e.masked.noise3}, {"noise5", e.masked.noise5},
                                    {"good_pixels", e.masked.good_pixels}};
                    jr["cfitsio"] = {{"good_pixels", e.cfitsio.good_pixels}, {"min", e.cfitsio.min},
                                     {"max", e.cfitsio.max}, {"mean", e.cfitsio.mean}, {"sigma", e.cfitsio.sigma}};
                    jr["clipped"] = {{"background", e.clipped.background}, {"median", e.clipped.median},
                                     {"std", e.clipped.std}, {"raw_std", e.clipped.raw_std},
                                     {"kept", e.clipped.kept}, {"iterations", e.clipped.iterations}};
                    jr["prediction"] = {{"sigma", p.sigma},           {"entropy_bpp", p.entropy_bpp},
                                        {"entropy_ratio", p.entropy_ratio}, {"rice_bpp", p.rice_bpp},
                                        {"rice_ratio", p.rice_ratio}, {"rice_k", p.rice_k},
                                        {"fpack_nbits", p.fpack_nbits}, {"fpack_max_ratio", p.fpack_max_ratio},
                                        {"noise_floor_bpp", p.entropy_bpp}, {"structure_bpp", structure}};
                    jr["bitplanes"] = {{"entropy", bp.plane_entropy}, {"noise_bits", bp.noise_bits},
                                       {"order0_entropy", bp.order0_entropy}, {"msb_entropy", bp.msb_entropy},
                                       {"lsb_entropy", bp.lsb_entropy}, {"lsb_given_msb", bp.lsb_given_msb}};
                    nlohmann::json tiles = nlohmann::json::array();
                    for (float s : e.tiles.sigma) tiles.push_back(finite_or_null(s));
                    jr["tiles"] = {{"tile", e.tiles.tile}, {"tiles_x", e.tiles.tiles_x}, {"tiles_y", e.tiles.tiles_y},
                                   {"sigma", tiles}};
                    jf["frames"].push_back(jr);
                    if (!json_) {
                        char line[768];
                        std::snprintf(line, sizeof line,
                                      "  HDU %d frame %zu (%zux%zu): sigma %.4g ADU [%s]\n"
                                      "    valid-pixel noise1 %.3g noise2 %.3g noise3 %.3g noise5 %.3g; fpack's noise3 "
                                      "%.3g; clipped std %.3g (background %.1f)\n"
                                      "    noise floor %.3f bpp, predicted (context model) %.3f bpp, Rice %.3f bpp; "
                                      "noise bits %d, MSB/LSB entropy %.2f/%.2f\n",
                                      hs.hdu, k, frame.width, frame.height, e.robust, e.estimator.c_str(),
                                      e.masked.noise1, e.masked.noise2, e.masked.noise3, e.masked.noise5,
                                      e.cfitsio.noise3, e.clipped.std, e.clipped.background, p.entropy_bpp, structure,
                                      p.rice_bpp, bp.noise_bits, bp.msb_entropy, bp.lsb_entropy);
                        std::cout << line << "    " << e.reason << "\n";
                    }
                }
            }
        } catch (const Error& e) {
            ++failures;
            jf["error"] = e.what();
            std::cerr << "bitsky-cli noise: " << e.what() << "\n";
        }
        files.push_back(jf);
    }
    if (json_) std::cout << util::dump_json(nlohmann::json{{"files", files}}, 2) << "\n";
    return failures ? 1 : 0;
}

Register<Noise> reg{"noise",
                    "noise estimates per frame (CFITSIO noise1/2/3/5, MAD, sigma-clipped), predicted bpp, bit planes"};

}  // namespace
}  // namespace bitsky::cli
