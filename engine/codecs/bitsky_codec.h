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
#include <string>
#include <string_view>
#include <vector>

#include "engine/codecs/codec.h"
#include "engine/image/cube.h"

namespace bitsky::codecs {

constexpr std::size_t kBitskyHeaderBytes = 12;

std::vector<std::uint8_t> bitsky_encode(const Frame16& frame);
// The same stream appended to `out` (no copy of a large stream into a larger one).
void bitsky_encode_append(const Frame16& frame, std::vector<std::uint8_t>& out);
std::vector<std::uint16_t> bitsky_decode(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height);

// bitsky:3d's per-frame coder: the same model with the previous frame of the cube
// (`prev`, same shape, known to the decoder) as inter-frame context. Stream "BSD5",
// then as above.
std::vector<std::uint8_t> bitsky_encode_3d(const Frame16& frame, std::span<const std::uint16_t> prev);
std::vector<std::uint16_t> bitsky_decode_3d(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height,
                                            std::span<const std::uint16_t> prev);

// Every other pixel type (uint8, int32, uint32, float32, float64; bitsky_types.cpp): the
// frame reduced reversibly to a plane of unsigned integers coded by the same model (values
// minus their minimum; floats holding scaled integers as those integers; other floats'
// bit patterns as order-preserving integers; NaN/Inf as an exception mask), stream "BSX1".
// bitsky_coding() says what was done, decided exactly as bitsky_encode_any decides it.
std::vector<std::uint8_t> bitsky_encode_any(const PixelFrame& frame);
PixelFrame bitsky_decode_any(std::span<const std::uint8_t> bytes, Sample sample, std::size_t width, std::size_t height);
std::string bitsky_coding(const PixelFrame& frame);

// BitSky's cost of each pixel in bits (width x height values, row-major) as its coder
// codes the frame: the context model's ideal code length (the `context` map) for the
// 16-bit stream, with its 12-byte header spread over the pixels; for other types every
// part of the BSX1 stream (the mask, the plane's high and low bits, counts, palette
// ranks) at the pixel it codes, tables and headers spread evenly. The sum is the
// stream's size in bits within about 0.5% (tested), so a map of a float frame shows
// where noise mantissas cost their 20+ bits.
std::vector<float> bitsky_pixel_bits(const Frame16& frame);
std::vector<float> bitsky_pixel_bits(const PixelFrame& frame);

std::unique_ptr<Codec> make_bitsky(std::string_view option, const CodecOptions& options);

}  // namespace bitsky::codecs
