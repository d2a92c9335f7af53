// The Torch-free part of the neural model: build information and the training frames.
// Names are in metadata.cpp, the Model in model.cpp, the module loader in module_loader.cpp.
#include "engine/neural/neural.h"

#include "engine/dataset/dataset.h"
#include "engine/fits/fits.h"
#include "engine/neural/module.h"
#include "engine/util/error.h"
#include "engine/util/random.h"

#include <algorithm>
#include <cmath>

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

namespace {
// An AstroCompress split whose name ends in "test" (splits/full_test.jsonl, tiny_test.jsonl).
bool is_test_split(const dataset::ImageRef& img) {
    const auto it = img.metadata.find("split");
    if (it == img.metadata.end()) return false;
    std::string name = it->second;  // JSON text: "\"full_test\""
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    return name.size() >= 4 && name.compare(name.size() - 4, 4, "test") == 0;
}
}  // namespace

std::pair<std::vector<TrainFrame>, std::vector<TrainFrame>> split_holdout(std::vector<TrainFrame> frames,
                                                                          const HoldoutSpec& spec, std::uint64_t seed) {
    std::vector<TrainFrame> train, held;
    if (spec.use_split) {
        for (auto& f : frames) (f.test_split ? held : train).push_back(std::move(f));
        if (held.empty()) throw Error("no frame is listed by a test split (splits/*test.jsonl) to hold out");
    } else if (spec.fraction > 0) {
        if (!(spec.fraction < 1)) throw UsageError("the held-out fraction must be in [0, 1)");
        if (frames.size() < 2) throw Error("a held-out part needs at least two frames (found " +
                                           std::to_string(frames.size()) + ")");
        const std::size_t n = std::clamp<std::size_t>(std::size_t(std::llround(spec.fraction * double(frames.size()))), 1,
                                                       frames.size() - 1);
        std::vector<std::size_t> order(frames.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        util::Random rng(seed ^ 0x686F6C646F7574ULL);  // Fisher-Yates with BitSky's own generator
        for (std::size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[rng.next() % (i + 1)]);
        std::vector<bool> out(frames.size(), false);
        for (std::size_t i = 0; i < n; ++i) out[order[i]] = true;
        for (std::size_t i = 0; i < frames.size(); ++i) (out[i] ? held : train).push_back(std::move(frames[i]));
    } else {
        train = std::move(frames);
    }
    if (train.empty()) throw Error("no frame is left to train on after holding out " + std::to_string(held.size()));
    return {std::move(train), std::move(held)};
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
                    f.test_split = is_test_split(img);
                    frames.push_back(std::move(f));
                }
        }
    }
    return frames;
}

}  // namespace bitsky::neural
