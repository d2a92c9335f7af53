#pragma once
// Declared reversible reductions of 32-bit integer frames for codecs whose integer samples
// are narrower (JPEG-LS, JPEG 2000, JPEG-XL), chosen per frame:
//  - offset: subtract the frame minimum and code one plane of the narrowest depth the
//    range (maximum - minimum) needs, as the codec's depth rule rounds it;
//  - planes: when the range needs more bits than the codec takes, the values minus the
//    minimum are split into a high plane (bits 31..16) and a low plane (bits 15..0); the
//    high plane is coded at the depth its own range needs, the low plane at 16 bits.
// Values are taken in the order-preserving unsigned view (int32 ^ 0x80000000; uint32 as
// is; float32 bit patterns with negative ones inverted and positive ones' sign bit set, so
// neighbouring floats are neighbouring integers and every pattern, NaN payloads included,
// comes back), so "minus the minimum" never overflows and the result is 0 .. 2^32-1.
//
// Stream layout (all codecs; little-endian), before the codec's own codestream(s):
//   byte 0     'R' (0x52)                   byte 1  version, 1
//   byte 2     layout: 1 = offset, 2 = planes
//   byte 3     coded depth in bits: of the plane (offset) or of the high plane (planes)
//   bytes 4-7  the frame minimum, as the frame's own 32-bit value (int32, uint32 or float32 bits)
//   planes only: bytes 8-11 length of the high plane's codestream, which follows; the low
//              plane's codestream is the rest.
// 8 bytes for offset, 12 for planes, counted in the compressed size.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "engine/image/pixel_frame.h"

namespace bitsky::codecs::reduction {

// The depth a codec codes a plane at whose values need `needed` bits (0..32): >= needed,
// or 0 when the codec cannot take that many bits.
using DepthRule = std::function<int(int needed)>;

enum class Layout : std::uint8_t { Offset = 1, Planes = 2 };

struct Plan {
    Layout layout = Layout::Offset;
    std::uint32_t minimum = 0;  // order-preserving unsigned view of the frame minimum
    int bits = 0;               // coded depth of the plane (offset) or the high plane (planes)
};

// Bits that values 0..range need (0 for range 0).
int bits_for(std::uint32_t range);

// The one choice of reduction for an int32, uint32 or float32 frame (Error for others). A
// codec whose rule gives 0 for 16 bits cannot code the frame at all (Error).
Plan choose(const PixelFrame& frame, const DepthRule& depth);

// The reduction in words: "int32 minus the frame minimum -3 -> 12-bit samples",
// "uint32 minus the frame minimum 0 as high/low 16-bit planes (high plane 9-bit samples)",
// "float32 bit patterns as ordered integers minus the frame minimum -0.5 (0xbf000000) as ...".
std::string describe(const Plan& plan, Sample sample);

// Codes one plane of values (each < 2^bits) at `bits` depth / decodes it (width*height values).
using EncodePlane = std::function<std::vector<std::uint8_t>(const std::vector<std::uint32_t>& plane, int bits)>;
using DecodePlane = std::function<std::vector<std::uint32_t>(std::span<const std::uint8_t> stream, int bits)>;

// choose(), then the header and the plane codestream(s).
std::vector<std::uint8_t> encode(const PixelFrame& frame, const DepthRule& depth, const EncodePlane& code);
// Reads the header (any inconsistency: Error prefixed with `who`), decodes the plane(s) and
// rebuilds the frame; values outside the plane's depth or the type's range are Errors.
PixelFrame decode(std::span<const std::uint8_t> bytes, Sample sample, std::size_t width, std::size_t height,
                  const DepthRule& depth, const DecodePlane& decode_plane, const std::string& who);

}  // namespace bitsky::codecs::reduction
