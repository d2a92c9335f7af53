#pragma once
// Synthetic frames of every non-16-bit pixel type with the values lossless codecs get
// wrong: NaN payloads, +-Inf, -0, denormals, integer limits, constant and tiny frames
// (bitsky_types_test, float_codecs_test); and every non-16-bit frame of the real corpus.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "engine/fits/fits.h"
#include "engine/image/cube.h"
#include "engine/image/pixel_frame.h"
#include "tests/engine/test_support.h"

namespace bitsky::test {

struct NamedFrame {
    std::string name;  // "spitzer_tansip_nan.fits[0] frame 0" or "float32 NaN payloads"
    PixelFrame frame;
};

// The FITS files (.fits, .fits.gz, .fz) of a folder, sorted.
inline std::vector<std::filesystem::path> fits_files_in(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        const std::string n = e.path().filename().string();
        if (n.ends_with(".fits") || n.ends_with(".fits.gz") || n.ends_with(".fz")) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// Every image frame of the corpus that is not 16-bit, read exactly.
inline std::vector<NamedFrame> corpus_other_frames() {
    std::vector<NamedFrame> out;
    for (const auto& p : fits_files_in(shared_data("corpus"))) {
        auto f = fits::File::open(p);
        for (const auto& h : f.hdus()) {
            if (!h.is_image() || h.bitpix == 16) continue;
            const std::size_t frames = BasicCube<double>::element_count(h.axes) / (h.axes[0] * h.axes[1]);
            for (std::size_t k = 0; k < frames; ++k)
                out.push_back({p.filename().string() + "[" + std::to_string(h.index) + "] frame " + std::to_string(k),
                               f.read_frame(h.index, k)});
        }
    }
    return out;
}

// Frame 0 of every float image HDU of the corpus.
inline std::vector<NamedFrame> corpus_float_frames() {
    std::vector<NamedFrame> out;
    for (auto& f : corpus_other_frames())
        if (sample_is_float(f.frame.sample()) && f.name.ends_with(" frame 0")) out.push_back(std::move(f));
    return out;
}

template <typename T>
PixelFrame frame_of(std::vector<T> v, std::size_t w, std::size_t h) {
    return PixelFrame::of(std::move(v), w, h);
}

template <typename F>
std::vector<F> special_floats(std::size_t n, unsigned seed) {
    using U = std::conditional_t<sizeof(F) == 4, std::uint32_t, std::uint64_t>;
    constexpr int mant = sizeof(F) == 4 ? 23 : 52;
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> sky(100.0, 5.0);
    std::vector<F> v(n);
    for (std::size_t i = 0; i < n; ++i) {
        switch (rng() % 16) {
            case 0: v[i] = std::bit_cast<F>(static_cast<U>(std::bit_cast<U>(std::numeric_limits<F>::quiet_NaN()) | (rng() & ((U{1} << (mant - 1)) - 1)))); break;  // quiet NaN, payload
            case 1: v[i] = std::bit_cast<F>(static_cast<U>((std::bit_cast<U>(std::numeric_limits<F>::infinity()) | 1u) | (rng() % 2 ? U{1} << (8 * sizeof(F) - 1) : 0))); break;  // signalling NaN, either sign
            case 2: v[i] = rng() % 2 ? std::numeric_limits<F>::infinity() : -std::numeric_limits<F>::infinity(); break;
            case 3: v[i] = -F(0); break;
            case 4: v[i] = std::bit_cast<F>(static_cast<U>(rng() % (U{1} << mant))); break;  // denormals
            case 5: v[i] = -std::numeric_limits<F>::denorm_min(); break;
            case 6: v[i] = std::numeric_limits<F>::max(); break;
            case 7: v[i] = std::numeric_limits<F>::lowest(); break;
            default: v[i] = static_cast<F>(sky(rng)); break;
        }
    }
    return v;
}

// The synthetic cases, each named.
inline std::vector<NamedFrame> edge_frames() {
    std::vector<NamedFrame> out;
    auto add = [&](std::string name, PixelFrame f) { out.push_back({std::move(name), std::move(f)}); };
    add("float32 specials 61x37", frame_of(special_floats<float>(61 * 37, 1), 61, 37));
    add("float64 specials 61x37", frame_of(special_floats<double>(61 * 37, 2), 61, 37));
    add("float32 specials 1x1", frame_of(special_floats<float>(1, 3), 1, 1));
    add("float32 3x2", frame_of(std::vector<float>{1.5f, -0.0f, 3e-39f, 7.0f, -2.25f, 1e30f}, 3, 2));
    add("float64 3x2", frame_of(std::vector<double>{1.5, -0.0, 5e-320, 7.0, -2.25, 1e300}, 3, 2));
    add("float32 integers with NaN and -0",
        frame_of(std::vector<float>{1, 2, std::numeric_limits<float>::quiet_NaN(), -0.0f, 4095, -3, 7, 8}, 4, 2));
    add("float32 constant", frame_of(std::vector<float>(40 * 30, 2.5f), 40, 30));
    add("float32 all NaN", frame_of(std::vector<float>(9 * 7, std::numeric_limits<float>::quiet_NaN()), 9, 7));
    {  // more distinct NaN payloads than a mask table holds
        std::vector<float> v(300 * 300);
        for (std::size_t i = 0; i < v.size(); ++i) v[i] = std::bit_cast<float>(0x7f800001u + static_cast<std::uint32_t>(i));
        add("float32 90000 distinct NaN payloads", frame_of(std::move(v), 300, 300));
    }
    {
        std::mt19937 rng(4);
        std::vector<std::int32_t> v(64 * 48);
        for (auto& x : v) x = static_cast<std::int32_t>(rng());
        v[0] = std::numeric_limits<std::int32_t>::min();
        v[1] = std::numeric_limits<std::int32_t>::max();
        add("int32 full range", frame_of(std::move(v), 64, 48));
    }
    {
        std::vector<std::uint32_t> v(50 * 20);
        for (std::size_t i = 0; i < v.size(); ++i) v[i] = 0xFFFFFFFFu - static_cast<std::uint32_t>((i * 7919) % 100000);
        add("uint32 near 2^32", frame_of(std::move(v), 50, 20));
    }
    add("uint32 constant", frame_of(std::vector<std::uint32_t>(17 * 5, 4000000000u), 17, 5));
    add("int32 1x1", frame_of(std::vector<std::int32_t>{-7}, 1, 1));
    add("int32 3x2", frame_of(std::vector<std::int32_t>{-2147483647 - 1, 0, 5, 2147483647, -1, 1}, 3, 2));
    add("uint8 3x2", frame_of(std::vector<std::uint8_t>{0, 255, 7, 7, 128, 1}, 3, 2));
    add("uint8 constant", frame_of(std::vector<std::uint8_t>(33 * 9, 200), 33, 9));
    return out;
}

}  // namespace bitsky::test
