// bitsky-cli noise: every noise estimate per frame, and what it predicts.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "app/cli/command.h"
#include "app/cli/file_argument.h"
#include "engine/analysis/noise.h"
#include "engine/analysis/noise_any.h"
#include "engine/analysis/predict.h"
#include "engine/codecs/codec.h"
#include "engine/dataset/dataset.h"
#include "engine/fits/fits.h"
#include "engine/util/error.h"
#include "engine/util/json.h"

namespace bitsky::cli {
namespace {

nlohmann::json finite_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

class Noise final : public FileReportCommand {
public:
    Noise() : FileReportCommand("noise") {}

private:
    int report(const std::string& path, nlohmann::json& jf) override;
};

int Noise::report(const std::string& path, nlohmann::json& jf) {
    jf["frames"] = nlohmann::json::array();
    jf["skipped"] = nlohmann::json::array();
    const FileArgument arg = open_file_argument(path);
    const fits::File& file = arg.file;
    auto sel = select_frames(arg);
    if (!json_) std::cout << path << "\n";
    int index = 0;
    if (sel.hdus.empty()) throw Error(path + ": no image HDU (" + sel.skipped_text() + ")");
    for (const auto& hs : sel.hdus) {
        const auto& info = file.hdu(hs.hdu);
        if (hs.bitpix == 64) {
            const std::string why = "64-bit integer images are not measured (" +
                                    codecs::pixel_type_name(hs.bitpix) + ")";
            jf["skipped"].push_back({{"hdu", hs.hdu}, {"reason", why}});
            if (!json_) std::cout << "  HDU " << hs.hdu << ": skipped: " << why << "\n";
            continue;
        }
        const analysis::AnyNoiseOptions opt = analysis::any_noise_options_for(info);
        for (std::size_t k : hs.frames) {
            const PixelFrame frame = file.read_frame(hs.hdu, k);
            const analysis::AnyNoise an = analysis::estimate_noise_any(frame, opt);
            const analysis::NoiseEstimate& e = an.estimate;
            // Rice, the context model and bit planes take 16-bit values: the frame's
            // own or its 16-bit view (integers within a 65535-value span).
            std::optional<analysis::CompressibilityPrediction> p;
            std::optional<double> structure;
            std::optional<analysis::BitPlaneAnalysis> bp;
            if (an.u16) {
                p = analysis::predict_compressibility(e);
                structure = analysis::structure_bpp(an.u16->frame(0));
                bp = analysis::bit_planes(an.u16->frame(0).pixels);
            }
            std::string units = "ADU";
            if (an.floating) {
                units = info.card_value("BUNIT").value_or("");
                if (units.empty()) units = "data units";
            }
            nlohmann::json jr;
            jr["index"] = index++;
            jr["hdu"] = hs.hdu;
            jr["frame"] = k;
            jr["width"] = frame.width;
            jr["height"] = frame.height;
            jr["pixel_type"] = sample_name(frame.sample());
            jr["bitpix"] = frame.bitpix();
            jr["view"] = an.view;
            jr["units"] = units;
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
            if (p) {
                jr["prediction"] = {{"sigma", p->sigma},           {"entropy_bpp", p->entropy_bpp},
                                    {"entropy_ratio", p->entropy_ratio}, {"rice_bpp", p->rice_bpp},
                                    {"rice_ratio", p->rice_ratio}, {"rice_k", p->rice_k},
                                    {"fpack_nbits", p->fpack_nbits}, {"fpack_max_ratio", p->fpack_max_ratio},
                                    {"noise_floor_bpp", an.floor_bpp}, {"structure_bpp", *structure}};
                jr["bitplanes"] = {{"entropy", bp->plane_entropy}, {"noise_bits", bp->noise_bits},
                                   {"order0_entropy", bp->order0_entropy}, {"msb_entropy", bp->msb_entropy},
                                   {"lsb_entropy", bp->lsb_entropy}, {"lsb_given_msb", bp->lsb_given_msb}};
            } else {
                jr["prediction"] = {{"sigma", e.sigma()}, {"noise_floor_bpp", an.floor_bpp},
                                    {"structure_bpp", nullptr}};
            }
            nlohmann::json tiles = nlohmann::json::array();
            for (float s : e.tiles.sigma) tiles.push_back(finite_or_null(s));
            jr["tiles"] = {{"tile", e.tiles.tile}, {"tiles_x", e.tiles.tiles_x}, {"tiles_y", e.tiles.tiles_y},
                           {"sigma", tiles}};
            jf["frames"].push_back(jr);
            if (!json_) {
                char line[900];
                std::snprintf(line, sizeof line,
                              "  HDU %d frame %zu (%zux%zu, %s): sigma %.4g %s [%s]\n"
                              "    valid-pixel noise1 %.3g noise2 %.3g noise3 %.3g noise5 %.3g; fpack's noise3 "
                              "%.3g; clipped std %.3g (background %.6g)\n",
                              hs.hdu, k, frame.width, frame.height, sample_name(frame.sample()), e.robust,
                              units.c_str(), e.estimator.c_str(), e.masked.noise1, e.masked.noise2,
                              e.masked.noise3, e.masked.noise5, e.cfitsio.noise3, e.clipped.std,
                              e.clipped.background);
                std::cout << line;
                if (p) {
                    std::snprintf(line, sizeof line,
                                  "    noise floor %.3f bpp, predicted (context model) %.3f bpp, Rice %.3f bpp; "
                                  "noise bits %d, MSB/LSB entropy %.2f/%.2f%s\n",
                                  an.floor_bpp, *structure, p->rice_bpp, bp->noise_bits, bp->msb_entropy,
                                  bp->lsb_entropy, frame.is_16bit() ? "" : (" (on the " + an.view + ")").c_str());
                } else {
                    if (an.floating)
                        std::snprintf(line, sizeof line,
                                      "    noise floor %.3f bpp for exact %s values (the noise's bits at the "
                                      "values' precision; %zu-bit samples)\n",
                                      an.floor_bpp, sample_name(frame.sample()),
                                      8 * sample_bytes(frame.sample()));
                    else
                        std::snprintf(line, sizeof line,
                                      "    noise floor %.3f bpp (the rounded Gaussian of sigma; the values span "
                                      "more than 65535 integers: no 16-bit view for the context model)\n",
                                      an.floor_bpp);
                }
                std::cout << line << "    " << e.reason << "\n";
            }
        }
    }
    return 0;
}

Register<Noise> registeredNoise{"noise",
                    "noise estimates per frame (CFITSIO noise1/2/3/5, MAD, sigma-clipped), predicted bpp, bit planes"};

}  // namespace
}  // namespace bitsky::cli
