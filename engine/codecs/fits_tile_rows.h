#pragma once
// Internal to engine/codecs: fpack's one-row tiles for every pixel type (fits_tile_rows.cpp),
// used by fits_tile_codec.cpp for everything but its original 16-bit Rice/GZIP_1 path.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/image/pixel_frame.h"

namespace bitsky::codecs::row_tiles {

enum class Coder { Rice, Gzip1, Gzip2 };

// Why `coder` cannot take `sample` values ("" when it can): Rice and GZIP_1 take integers
// (BitSky measures lossless floats with GZIP_2 only, fpack -q 0 -g2), GZIP_2 everything.
std::string refusal(Coder coder, Sample sample);
// The descriptor table (8 bytes per row: big-endian length, heap offset) and the heap of
// compressed rows, byte for byte what fpack writes (CFITSIO's per-tile compressors on the
// values FITS stores: unsigned types offset back to signed, big-endian, GZIP_2 shuffled).
// Errors are "<who>: reason".
std::vector<std::uint8_t> encode(Coder coder, const PixelFrame& frame, const std::string& who);
// The inverse; validates every descriptor and row; Error "<who>: reason" on corrupt input.
PixelFrame decode(Coder coder, std::span<const std::uint8_t> bytes, Sample sample, std::size_t width,
                  std::size_t height, const std::string& who);

}  // namespace bitsky::codecs::row_tiles
