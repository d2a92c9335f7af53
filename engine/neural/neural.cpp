// The Torch-free part of the neural model: build information and the training frames.
// Names are in metadata.cpp, the Model in model.cpp, the module loader in module_loader.cpp.
#include "engine/neural/neural.h"

#include "engine/dataset/dataset.h"
#include "engine/fits/fits.h"
#include "engine/neural/module.h"
#include "engine/util/error.h"

namespace bitsky::neural {

bool built_with_torch() {
    try {
        detail::module();
        return true;
    } catch (const UsageError&) {
        return false;
    }
}

void require_neural() { detail::module(); }

std::string without_torch_message() {
    return "built without neural support: this BitSky was built without LibTorch "
           "(configure with -DBITSKY_WITH_TORCH=ON and libtorch-dev installed)";
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
                    if (sel.bitpix != 16) break;  // the neural models take 16-bit frames
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

}  // namespace bitsky::neural
