#pragma once
// A 2D frame of any FITS pixel type, lossless: the values exactly as the file defines
// them, in native types. Integers are the stored values, except where BZERO is FITS's
// unsigned convention (BITPIX=16 BZERO=32768 -> uint16, BITPIX=32 BZERO=2^31 -> uint32),
// where they are the physical unsigned values; floats keep their bit patterns exactly
// (NaN payloads, signed zeros, +-Inf): they are only ever copied, never computed with.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "engine/image/cube.h"

namespace bitsky {

// The sample types a PixelFrame holds, named by the C++ type.
enum class Sample { U8, I16, U16, I32, U32, F32, F64 };

int sample_bitpix(Sample s);            // 8, 16, 16, 32, 32, -32, -64
std::size_t sample_bytes(Sample s);     // 1, 2, 2, 4, 4, 4, 8
const char* sample_name(Sample s);      // "uint8", "int16", ..., "float64"
bool sample_is_float(Sample s);

struct PixelFrame {
    using Values = std::variant<std::vector<std::uint8_t>, std::vector<std::int16_t>, std::vector<std::uint16_t>,
                                std::vector<std::int32_t>, std::vector<std::uint32_t>, std::vector<float>,
                                std::vector<double>>;

    Values values;           // row-major, first stored FITS row first
    std::size_t width = 0;   // NAXIS1
    std::size_t height = 0;  // NAXIS2

    // A zero-filled frame of this type and size.
    static PixelFrame zeros(Sample s, std::size_t width, std::size_t height);
    template <typename T>
    static PixelFrame of(std::vector<T> v, std::size_t width, std::size_t height) {
        PixelFrame f;
        f.values = std::move(v);
        f.width = width;
        f.height = height;
        return f;
    }

    Sample sample() const { return static_cast<Sample>(values.index()); }
    int bitpix() const { return sample_bitpix(sample()); }
    std::size_t size() const { return width * height; }
    std::size_t count() const;  // values held (== size() when consistent)
    std::size_t raw_bytes() const { return sample_bytes(sample()) * size(); }
    // The values' bytes in native byte order: what bit-exact comparisons compare.
    std::span<const std::uint8_t> bytes() const;
    std::span<std::uint8_t> bytes();

    template <typename T>
    const std::vector<T>& get() const { return std::get<std::vector<T>>(values); }
    template <typename T>
    std::vector<T>& get() { return std::get<std::vector<T>>(values); }

    bool is_16bit() const { return sample() == Sample::U16 || sample() == Sample::I16; }
    // The 16-bit codecs' view (Cube16's convention): uint16 as is, int16 + 32768 with
    // shifted = true. Only for is_16bit() frames (Error otherwise).
    Cube16 to_u16() const;
    // The inverse: a uint16 frame back as `s` (U16, or I16 undoing the +32768 shift).
    static PixelFrame from_u16(std::vector<std::uint16_t> u16, Sample s, std::size_t width, std::size_t height);
};

// The frame's values as an exact 16-bit frame, when there is one: 16-bit frames' uint16
// view (offset 0 for uint16, -32768 for int16); other integers, and floats whose values are
// all finite integers, spanning at most 65536 values: value - minimum (offset = minimum).
// value = view + offset for every pixel (values, not bit patterns: a float -0 maps to 0).
struct View16 {
    Cube16 view;
    double offset = 0;
};
std::optional<View16> exact_view16(const PixelFrame& frame);

// A rectangle [x0, x0 + w) x [y0, y0 + h) of the frame, same type (Error if outside).
PixelFrame crop(const PixelFrame& frame, std::size_t x0, std::size_t y0, std::size_t w, std::size_t h);

// Bit-exact equality of type, size and every value's bytes; "" when equal, else where the
// first difference is ("pixel (x, y): 0x7fc00001 decoded as 0x7fc00000").
std::string first_difference(const PixelFrame& original, const PixelFrame& decoded);

}  // namespace bitsky
