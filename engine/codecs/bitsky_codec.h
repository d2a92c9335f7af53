#pragma once
// BitSky's own lossless codec (spec `bitsky`): a range coder (binary and 33-symbol) driven by exactly
// the probabilities of the `context` bit-cost model (engine/model/context_model.h),
// so its size is the map's sum plus a few bytes.
//
// Stream: "BSK5" (version 5, 2026-12: 32-bit binary probabilities, plane copies, header
// options chosen by trial; a stream of another version is refused with an error naming
// its version), FNV-1a 32 of the shape and pixels (u32 LE), the length of the range-coded
// section (u32 LE), the range-coded model (header flags (palette, copy), the palette's
// values if any, the pixels' tokens and decisions), then the residuals' raw low bits
// (MSB first, 32-bit big-endian words).
// Decoding checks that the stream was not read past its end and the checksum (which
// also covers the shape): corrupt, truncated or other-shape streams throw.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "engine/codecs/codec.h"
#include "engine/image/cube.h"

namespace bitsky::codecs {

constexpr std::size_t kBitskyHeaderBytes = 12;

std::vector<std::uint8_t> bitsky_encode(const Frame16& frame);
std::vector<std::uint16_t> bitsky_decode(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height);

// bitsky:3d's per-frame coder: the same model with the previous frame of the cube
// (`prev`, same shape, known to the decoder) as inter-frame context. Stream "BSD5",
// then as above.
std::vector<std::uint8_t> bitsky_encode_3d(const Frame16& frame, std::span<const std::uint16_t> prev);
std::vector<std::uint16_t> bitsky_decode_3d(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height,
                                            std::span<const std::uint16_t> prev);

std::unique_ptr<Codec> make_bitsky(std::string_view option, const CodecOptions& options);

}  // namespace bitsky::codecs
