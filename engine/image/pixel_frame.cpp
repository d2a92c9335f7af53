#include "engine/image/pixel_frame.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <type_traits>
#include <cstring>
#include <stdexcept>

#include "engine/util/error.h"

namespace bitsky {

int sample_bitpix(Sample s) {
    switch (s) {
        case Sample::U8: return 8;
        case Sample::I16:
        case Sample::U16: return 16;
        case Sample::I32:
        case Sample::U32: return 32;
        case Sample::F32: return -32;
        case Sample::F64: return -64;
    }
    return 0;
}

std::size_t sample_bytes(Sample s) { return static_cast<std::size_t>(std::abs(sample_bitpix(s)) / 8); }

const char* sample_name(Sample s) {
    switch (s) {
        case Sample::U8: return "uint8";
        case Sample::I16: return "int16";
        case Sample::U16: return "uint16";
        case Sample::I32: return "int32";
        case Sample::U32: return "uint32";
        case Sample::F32: return "float32";
        case Sample::F64: return "float64";
    }
    return "?";
}

bool sample_is_float(Sample s) { return s == Sample::F32 || s == Sample::F64; }

PixelFrame PixelFrame::zeros(Sample s, std::size_t width, std::size_t height) {
    const std::size_t n = width * height;
    switch (s) {
        case Sample::U8: return of(std::vector<std::uint8_t>(n), width, height);
        case Sample::I16: return of(std::vector<std::int16_t>(n), width, height);
        case Sample::U16: return of(std::vector<std::uint16_t>(n), width, height);
        case Sample::I32: return of(std::vector<std::int32_t>(n), width, height);
        case Sample::U32: return of(std::vector<std::uint32_t>(n), width, height);
        case Sample::F32: return of(std::vector<float>(n), width, height);
        case Sample::F64: return of(std::vector<double>(n), width, height);
    }
    throw Error("unknown sample type");
}

std::size_t PixelFrame::count() const {
    return std::visit([](const auto& v) { return v.size(); }, values);
}

std::span<const std::uint8_t> PixelFrame::bytes() const {
    return std::visit(
        [](const auto& v) {
            return std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(v.data()),
                                                 v.size() * sizeof(v[0]));
        },
        values);
}

std::span<std::uint8_t> PixelFrame::bytes() {
    return std::visit(
        [](auto& v) { return std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(v.data()), v.size() * sizeof(v[0])); },
        values);
}

Cube16 PixelFrame::to_u16() const {
    if (sample() == Sample::U16) return Cube16({width, height}, get<std::uint16_t>());
    if (sample() != Sample::I16)
        throw Error(std::string("a ") + sample_name(sample()) + " frame has no 16-bit view");
    const auto& v = get<std::int16_t>();
    Cube16 c({width, height});
    for (std::size_t i = 0; i < v.size(); ++i) c.data()[i] = static_cast<std::uint16_t>(std::int32_t(v[i]) + 32768);
    c.shifted = true;
    return c;
}

PixelFrame PixelFrame::from_u16(std::vector<std::uint16_t> u16, Sample s, std::size_t width, std::size_t height) {
    if (s == Sample::U16) return of(std::move(u16), width, height);
    if (s != Sample::I16) throw Error(std::string("cannot make a ") + sample_name(s) + " frame from 16-bit values");
    std::vector<std::int16_t> v(u16.size());
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<std::int16_t>(std::int32_t(u16[i]) - 32768);
    return of(std::move(v), width, height);
}

std::string first_difference(const PixelFrame& a, const PixelFrame& b) {
    if (a.sample() != b.sample())
        return std::string("decoded as ") + sample_name(b.sample()) + ", original " + sample_name(a.sample());
    if (a.width != b.width || a.height != b.height || a.count() != b.count())
        return "decoded " + std::to_string(b.count()) + " values (" + std::to_string(b.width) + "x" +
               std::to_string(b.height) + "), expected " + std::to_string(a.count());
    const auto x = a.bytes(), y = b.bytes();
    if (std::memcmp(x.data(), y.data(), x.size()) == 0) return "";
    const std::size_t n = sample_bytes(a.sample());
    std::size_t i = 0;
    while (std::memcmp(x.data() + i * n, y.data() + i * n, n) == 0) ++i;
    auto hex = [&](std::span<const std::uint8_t> s) {  // the value's bits, most significant first
        static const char* digits = "0123456789abcdef";
        std::string h = "0x";
        for (std::size_t k = n; k-- > 0;) {
            h += digits[s[i * n + k] >> 4];
            h += digits[s[i * n + k] & 15];
        }
        return h;
    };
    const std::size_t w = a.width ? a.width : 1;
    return "pixel (" + std::to_string(i % w) + ", " + std::to_string(i / w) + ") decoded as " + hex(y) +
           ", original " + hex(x);
}

std::optional<View16> exact_view16(const PixelFrame& frame) {
    if (frame.is_16bit()) return View16{frame.to_u16(), frame.sample() == Sample::I16 ? -32768.0 : 0.0};
    return std::visit(
        [&](const auto& v) -> std::optional<View16> {
            double mn = 0, mx = 0;
            for (std::size_t i = 0; i < v.size(); ++i) {
                const double x = static_cast<double>(v[i]);
                if (!std::isfinite(x) || x != std::floor(x)) return std::nullopt;
                if (i == 0 || x < mn) mn = x;
                if (i == 0 || x > mx) mx = x;
            }
            if (mx - mn > 65535.0) return std::nullopt;
            Cube16 c({frame.width, frame.height});
            for (std::size_t i = 0; i < v.size(); ++i) c.data()[i] = static_cast<std::uint16_t>(static_cast<double>(v[i]) - mn);
            return View16{std::move(c), mn};
        },
        frame.values);
}

PixelFrame crop(const PixelFrame& frame, std::size_t x0, std::size_t y0, std::size_t w, std::size_t h) {
    if (x0 + w > frame.width || y0 + h > frame.height || frame.count() != frame.size())
        throw Error("crop outside the frame");
    return std::visit(
        [&](const auto& v) {
            using V = std::decay_t<decltype(v)>;
            V out(w * h);
            for (std::size_t y = 0; y < h; ++y)
                std::copy_n(v.begin() + static_cast<std::ptrdiff_t>((y0 + y) * frame.width + x0), w,
                            out.begin() + static_cast<std::ptrdiff_t>(y * w));
            return PixelFrame::of(std::move(out), w, h);
        },
        frame.values);
}

}  // namespace bitsky
