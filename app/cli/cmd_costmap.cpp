// bitsky-cli costmap: a bits-per-pixel map of one image HDU under a cost model.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/command.h"
#include "engine/analysis/costmap.h"
#include "engine/dataset/dataset.h"
#include "engine/fits/fits.h"
#include "engine/util/error.h"

namespace bitsky::cli {
namespace {

std::string models_help() {
    std::string s;
    for (const auto& m : analysis::cost_model_names()) s += (s.empty() ? "" : " | ") + m;
    return s;
}

int run_costmap(const std::vector<std::string>& argv) {
    Args args(argv, {"model", "out", "hdu"}, {"json"});
    if (args.positional().size() != 1) throw UsageError("name exactly one FITS file");
    auto spec = args.value("model");
    if (!spec) throw UsageError("--model is required (" + models_help() + ")");
    auto model = analysis::make_cost_model(*spec);  // usage errors before any I/O
    const std::string path = args.positional()[0];
    const bool json = args.flag("json");

    auto file = fits::File::open(path);
    auto sel = dataset::select_frames(file);
    if (sel.hdus.empty()) throw Error(path + ": no 16-bit image HDU to map");
    const dataset::FrameSelection* chosen = &sel.hdus.front();
    if (auto h = args.value("hdu")) {
        int want = static_cast<int>(args.int_or("hdu", -1));
        chosen = nullptr;
        for (const auto& hs : sel.hdus)
            if (hs.hdu == want) chosen = &hs;
        if (!chosen) throw UsageError("HDU " + *h + " of " + path + " is not a measured 16-bit image");
    }
    const auto& info = file.hdu(chosen->hdu);
    const std::size_t w = info.axes.at(0), hgt = info.axes.at(1);
    std::vector<float> bits;
    bits.reserve(w * hgt * chosen->frames.size());
    double total = 0;
    for (std::size_t k : chosen->frames) {
        auto cube = file.read_u16_frame(chosen->hdu, k);
        auto map = model->compute(cube.frame(0));
        total += map.total_bits;
        bits.insert(bits.end(), map.bits.begin(), map.bits.end());
    }
    const std::size_t pixels = bits.size();
    const double bpp = pixels ? total / static_cast<double>(pixels) : 0.0;

    std::string out = args.value_or("out", "");
    if (!out.empty()) {
        std::vector<std::size_t> axes{w, hgt};
        if (chosen->frames.size() > 1) axes.push_back(chosen->frames.size());
        fits::Writer writer(out);
        writer.write_f32(axes, bits, fits::wcs_cards(info.cards));
        writer.set_key("BUNIT", std::string("bit/pixel"), "bits each pixel costs under BSKYMODL");
        writer.set_key("BSKYMODL", model->spec(), "BitSky cost model");
        writer.set_key("BSKYBPP", bpp, "mean bits per pixel");
        writer.set_key("BSKYTBIT", total, "total bits");
        writer.set_key("BSKYHDU", static_cast<long long>(chosen->hdu), "source HDU");
        writer.close();
    }
    if (json) {
        nlohmann::json j{{"path", path},
                         {"model", model->spec()},
                         {"bpp", bpp},
                         {"total_bits", total},
                         {"out", out.empty() ? nlohmann::json(nullptr) : nlohmann::json(out)},
                         {"hdu", chosen->hdu},
                         {"frames", chosen->frames.size()},
                         {"shape", info.axes},
                         {"ratio", bpp > 0 ? 16.0 / bpp : 0.0}};
        std::cout << j.dump(2) << "\n";
    } else {
        char line[256];
        std::snprintf(line, sizeof line, "%s HDU %d: %s %.4f bpp (ratio %.3f), %.0f bits", path.c_str(), chosen->hdu,
                      model->spec().c_str(), bpp, bpp > 0 ? 16.0 / bpp : 0.0, total);
        std::cout << line << (out.empty() ? "" : " -> " + out) << "\n";
    }
    return 0;
}

Register reg{"costmap", "--model M [--out MAP.fits] [--hdu N] [--json] FILE",
             "bits-per-pixel map of an image HDU (M: iid | context | tile:<codec-spec> | neural:<model>)",
             run_costmap};

}  // namespace
}  // namespace bitsky::cli
