// The Torch-free part of the neural model: names and build information (built with or
// without LibTorch). The model itself is in model_torch.cpp.
#include "engine/neural/neural.h"

#include "engine/dataset/dataset.h"
#include "engine/fits/fits.h"
#include "engine/util/error.h"

namespace bitsky::neural {

bool built_with_torch() {
#ifdef BITSKY_HAVE_TORCH
    return true;
#else
    return false;
#endif
}

std::string without_torch_message() {
    return "built without neural support: this BitSky was built without LibTorch "
           "(configure with -DBITSKY_WITH_TORCH=ON and libtorch-dev installed)";
}

std::string split_name(Split s) { return s == Split::Direct ? "direct" : "msb-lsb"; }

Split parse_split(std::string_view name) {
    if (name == "direct") return Split::Direct;
    if (name == "msb-lsb") return Split::MsbLsb;
    throw UsageError("unknown split '" + std::string(name) + "'; valid: direct, msb-lsb");
}

std::vector<TrainFrame> load_frames(const std::vector<std::filesystem::path>& paths, std::size_t max_frames,
                                    std::vector<std::string>* dataset_names) {
    std::vector<TrainFrame> frames;
    for (const auto& ds : dataset::discover_all(paths)) {
        if (dataset_names) dataset_names->push_back(ds.name);
        for (const auto& img : ds.images) {
            auto file = fits::File::open(img.path);
            for (const auto& sel : dataset::select_frames(file).hdus)
                for (auto k : sel.frames) {
                    if (max_frames && frames.size() >= max_frames) return frames;
                    auto cube = file.read_u16_frame(sel.hdu, k);
                    TrainFrame f;
                    f.width = cube.width();
                    f.height = cube.height();
                    f.pixels = std::move(cube.data());
                    f.source = img.path.string() + "[" + std::to_string(sel.hdu) + "]#" + std::to_string(k);
                    frames.push_back(std::move(f));
                }
        }
    }
    return frames;
}

std::string context_name(Context c) { return c == Context::FullFrame ? "full" : "tiled"; }

}  // namespace bitsky::neural
