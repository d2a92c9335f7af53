#pragma once
// BitSky's coding of a plane of unsigned integers of up to 64 bits (engine-internal, for
// bitsky_types.cpp): the any-type coder reduces every frame to such a plane (values minus
// their minimum, or float bit patterns as order-preserving integers) and codes it as one of
//   'D' direct: every value < 2^16: the 16-bit context model (bitsky_encode) as it is;
//   'S' split: the high 16 bits (value >> k) by the context model, the k low bits by
//       adaptive binary decisions per bit position under the same bit of W and N;
//   'P' palette: at most 65536 distinct values: their ranks by the context model, the
//       sorted values as gaps (adaptive Elias-gamma) in a range-coded table.
// 'S' and 'P' (when both apply) are chosen by coding both on the frame, or on a band of
// rows of large frames, the smaller per pixel (including the table) wins.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace bitsky::codecs::bitsky_planes {

struct PlaneChoice {
    char kind = 'D';        // 'D', 'S', 'P'
    int low_bits = 0;       // 'S': k
    std::size_t distinct = 0;  // 'P': the palette's size
    std::string text() const;  // "coded as uint16", "high 16 bits as uint16 + 3 low bits", ...
};

// Deterministic: the same plane always gets the same choice.
PlaneChoice choose(std::span<const std::uint64_t> u, std::size_t width, std::size_t height);
// Appends the plane's stream (coded as `choice`) to out.
void encode(std::span<const std::uint64_t> u, std::size_t width, std::size_t height, const PlaneChoice& choice,
            std::vector<std::uint8_t>& out);
// Decodes a plane stream (all of `bytes`); Error ("bitsky: ...") on any corrupt or
// truncated stream; allocates only after the context-model stream has been checked
// against the shape.
std::vector<std::uint64_t> decode(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height);

}  // namespace bitsky::codecs::bitsky_planes
