#pragma once
// Image data as the engine sees it: a stack of 2D frames of up to 4 axes, in FITS
// storage order (NAXIS1 = width varies fastest). Frames are views into one buffer,
// so iterating frames never copies pixels.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace bitsky {

// A 2D uint16 frame, row-major, first stored FITS row first.
struct Frame16 {
    std::span<const std::uint16_t> pixels;
    std::size_t width = 0;   // NAXIS1
    std::size_t height = 0;  // NAXIS2
    std::uint16_t at(std::size_t x, std::size_t y) const { return pixels[y * width + x]; }
    std::size_t size() const { return width * height; }
};

// Axes in FITS order: axes[0] = NAXIS1 (width), axes[1] = NAXIS2 (height), then the
// slower axes (e.g. ramp groups, bands, epochs). Frame k is the k-th 2D plane.
template <typename T>
class BasicCube {
public:
    BasicCube() = default;
    BasicCube(std::vector<std::size_t> axes, std::vector<T> data) : axes_(std::move(axes)), data_(std::move(data)) {}
    explicit BasicCube(std::vector<std::size_t> axes) : axes_(std::move(axes)) { data_.resize(element_count(axes_)); }

    const std::vector<std::size_t>& axes() const { return axes_; }
    std::size_t width() const { return axes_.empty() ? 0 : axes_[0]; }
    std::size_t height() const { return axes_.size() < 2 ? 1 : axes_[1]; }
    std::size_t frame_pixels() const { return width() * height(); }
    std::size_t frame_count() const { return frame_pixels() == 0 ? 0 : data_.size() / frame_pixels(); }
    std::span<const T> frame_span(std::size_t k) const { return {data_.data() + k * frame_pixels(), frame_pixels()}; }
    std::span<T> frame_span(std::size_t k) { return {data_.data() + k * frame_pixels(), frame_pixels()}; }
    const std::vector<T>& data() const { return data_; }
    std::vector<T>& data() { return data_; }

    static std::size_t element_count(const std::vector<std::size_t>& axes) {
        if (axes.empty()) return 0;
        std::size_t n = 1;
        for (auto a : axes) n *= a;
        return n;
    }

private:
    std::vector<std::size_t> axes_;
    std::vector<T> data_;
};

// The 16-bit view codecs work on. `shifted` records that the file held signed int16
// and every value was shifted by +32768 (exact and reversible).
struct Cube16 : BasicCube<std::uint16_t> {
    using BasicCube::BasicCube;
    bool shifted = false;
    Frame16 frame(std::size_t k) const { return {frame_span(k), width(), height()}; }
};

// Physical values (BZERO/BSCALE applied) for display and analysis.
using CubeF64 = BasicCube<double>;

// Human-readable "W x H x ..." shape.
std::string shape_string(const std::vector<std::size_t>& axes);

}  // namespace bitsky
