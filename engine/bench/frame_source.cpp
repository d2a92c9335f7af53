#include "engine/bench/frame_source.h"

#include <algorithm>

#include "engine/util/error.h"

namespace bitsky::bench {

std::unique_lock<std::mutex> FrameSource::lock() {
    return serialise_ ? std::unique_lock<std::mutex>(*serialise_) : std::unique_lock<std::mutex>();
}

fits::File& FrameSource::file(const std::string& path) {
    if (!file_ || file_->path() != std::filesystem::path(path)) {
        file_.reset();
        file_ = std::make_unique<fits::File>(fits::File::open(path));
    }
    return *file_;
}

analysis::NoiseOptions FrameSource::noise_options(const std::string& path, int hdu) {
    auto held = lock();
    return analysis::noise_options_for(file(path).hdu(hdu));
}

analysis::AnyNoiseOptions FrameSource::any_noise_options(const std::string& path, int hdu) {
    auto held = lock();
    return analysis::any_noise_options_for(file(path).hdu(hdu));
}

PixelFrame FrameSource::frame(const std::string& path, int hdu, std::size_t k) {
    auto held = lock();
    return file(path).read_frame(hdu, k);
}

Cube16 FrameSource::frames(const std::string& path, int hdu, const std::vector<std::size_t>& frames,
                           const std::vector<std::size_t>& axes) {
    auto held = lock();
    fits::File& f = file(path);
    const std::size_t count = axes.size() < 2 ? 0 : Cube16::element_count(axes) / (axes[0] * axes[1]);
    bool all = frames.size() == count;
    for (std::size_t i = 0; all && i < frames.size(); ++i) all = frames[i] == i;
    if (all) return f.read_u16(hdu);
    Cube16 first = f.read_u16_frame(hdu, frames.at(0));
    std::vector<std::size_t> sub{first.width(), first.height()};
    if (frames.size() > 1) sub.push_back(frames.size());
    Cube16 out(sub);
    out.shifted = first.shifted;
    const std::size_t n = first.frame_pixels();
    std::copy(first.data().begin(), first.data().end(), out.data().begin());
    for (std::size_t i = 1; i < frames.size(); ++i) {
        Cube16 next = f.read_u16_frame(hdu, frames[i]);
        if (next.frame_pixels() != n) throw Error(path + ": frame " + std::to_string(frames[i]) + " has another size");
        std::copy(next.data().begin(), next.data().end(), out.data().begin() + static_cast<std::ptrdiff_t>(i * n));
    }
    return out;
}

}  // namespace bitsky::bench
