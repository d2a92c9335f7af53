#pragma once
// BitSky's Rice coder: FITS tile compression's RICE_1 (R. White's rcomp/rdecomp), bit for
// bit the streams of CFITSIO 4.2's ricecomp.c (fits_rcomp_byte, fits_rcomp_short,
// fits_rcomp and their decoders), so fpack's data units stay byte-identical.
// A stream: the first sample in its full width (big-endian), then per block of
// `block_size` samples (fpack: 32) a split-level code (3, 4 or 5 bits for 8-, 16-, 32-bit
// samples) and the block's differences of adjacent samples (mapped to unsigned: 2d for
// d >= 0, -2d-1 for d < 0, in the samples' width), Rice-coded, all zero (code 0) or
// written verbatim (the highest code); the last byte padded with zero bits.
// Samples are two's-complement bit patterns: differences wrap in the samples' width, so
// signed and unsigned values of one width give the same stream.
#include <cstdint>
#include <span>
#include <vector>

namespace bitsky::codecs::rice {

constexpr int kBlockSize = 32;  // fpack's and CFITSIO's default (ZVAL1 BLOCKSIZE)

// Appends the stream of `samples` (at least one) to `out`.
void encode(std::span<const std::uint8_t> samples, std::vector<std::uint8_t>& out, int block_size = kBlockSize);
void encode(std::span<const std::uint16_t> samples, std::vector<std::uint8_t>& out, int block_size = kBlockSize);
void encode(std::span<const std::uint32_t> samples, std::vector<std::uint8_t>& out, int block_size = kBlockSize);

// Decodes exactly samples.size() samples (at least one) from `stream`. Reads nothing
// outside `stream`; throws bitsky::Error naming the reason when the stream ends before the
// last sample, is shorter than its first sample plus one block code, or (32-bit) holds a
// split-level code no encoder writes. Bytes after the last sample are ignored, as CFITSIO
// does. Every stream CFITSIO decodes within its bounds gives CFITSIO's values.
void decode(std::span<const std::uint8_t> stream, std::span<std::uint8_t> samples, int block_size = kBlockSize);
void decode(std::span<const std::uint8_t> stream, std::span<std::uint16_t> samples, int block_size = kBlockSize);
void decode(std::span<const std::uint8_t> stream, std::span<std::uint32_t> samples, int block_size = kBlockSize);

}  // namespace bitsky::codecs::rice
