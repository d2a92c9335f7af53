#pragma once
// BitSky's coding of a plane of unsigned integers of up to 64 bits (engine-internal, for
// bitsky_types.cpp): the any-type coder reduces every frame to such a plane (values minus
// their minimum, or float bit patterns as order-preserving integers) and codes it as one of
//   'D' direct: every value < 2^16: the 16-bit context model (bitsky_encode) as it is;
//   'S' split: the high 16 bits (value >> k) by the context model, the k low bits by
//       adaptive binary decisions per bit position under the same bit of W and N;
//   'P' palette: at most 65536 distinct values: their ranks by the context model, the
//       sorted values as gaps (adaptive Elias-gamma) in a range-coded table.
//   'C' counts: values < 2^16, most of them 0..3 (photon counts, flag maps): each value as
//       binary decisions "> 0?", "> 1?", ... under its neighbours' (capped) values.
// The candidates that apply ('D' or 'C' below 2^16; 'S' with k = bit width - 16, 'S' with
// the caller's hint, 'P' above) are each coded on the frame, or on a central band of rows
// of a large frame, and the smallest (the palette's table counted whole) wins. When there
// are several and no cost is asked for, they are first coded on a quarter of that region;
// a winner smaller than every other candidate by more than kClearMargin there is taken
// without coding the whole region, and so is one within kTieMargin of the next (a tie:
// either codes the frame about as well, and a band's estimate is itself uncertain by a
// few tenths of a percent, so the larger trial would not be worth its time). Only margins
// in between are coded on the whole region. The choice of every corpus frame is the
// same as with the whole region alone (docs/performance.md).
//
// A plane is held at the narrowest width its values need (uint16 when every value is below
// 2^16, as the 16-bit coder takes it; uint32; uint64), so frames that fit 16 bits go to the
// 16-bit coder without a copy. The width never changes the stream.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace bitsky::codecs::bitsky_planes {

using Values = std::variant<std::vector<std::uint16_t>, std::vector<std::uint32_t>, std::vector<std::uint64_t>>;

// The same values in the narrowest of the three widths that holds them all.
Values narrowest(std::vector<std::uint64_t> u);

// The margins on the quick band (fractions of the winner's estimated size).
constexpr double kClearMargin = 0.04;
constexpr double kTieMargin = 0.01;

struct PlaneChoice {
    char kind = 0;             // 'D', 'S', 'P', 'C'
    int low_bits = 0;          // 'S': k
    std::size_t distinct = 0;  // 'P': the palette's size
    double cost = 0;           // estimated bytes (when costed: more than one candidate, or asked)
    std::vector<std::uint64_t> palette = {};  // 'P': the plane's sorted values, as choose() found them
    std::string text() const;  // "coded as uint16", "high 16 bits as uint16 + 3 low bits", ...
};

// Deterministic: the same plane always gets the same choice. `split_hint`: another k for
// 'S' worth trying (a float's mantissa width: exponent and mantissa apart), 0 if none.
// When the candidates were coded on the whole frame and bytes_out is given, it receives
// the winner's plane stream (what encode() would append), else it is left empty.
// `cost`: cost the single candidate too, always on the same region (to compare planes).
PlaneChoice choose(const Values& u, std::size_t width, std::size_t height, int split_hint,
                   std::vector<std::uint8_t>* bytes_out = nullptr, bool cost = false);
// Appends the plane's stream (coded as `choice`) to out.
void encode(const Values& u, std::size_t width, std::size_t height, const PlaneChoice& choice,
            std::vector<std::uint8_t>& out);
// Decodes a plane stream (all of `bytes`): uint16 values for 'D' and 'C', uint64 for 'S'
// and 'P'. Error ("bitsky: ...") on any corrupt or truncated stream; allocates only after
// the context-model stream has been checked against the shape.
Values decode(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height);

// Adds each pixel's bits of the plane coded as `choice` (bitsky_pixel_bits) to bits[i].
void add_pixel_bits(const Values& u, std::size_t width, std::size_t height, const PlaneChoice& choice,
                    std::span<float> bits);

}  // namespace bitsky::codecs::bitsky_planes
