#pragma once
// BitSky's lossy modes (issue #22, item 2), both coding with BitSky's lossless context-model
// coder (bitsky_encode_any) on integers made from the frame:
//
//   bitsky:q<level>[:d2|:nodither][:seed<N>][:t<rows>|:tframe]   floats quantized EXACTLY as
//       fpack -q quantizes them (fits_quant_codec.h, same options and spec syntax, same tiling),
//       the tiles' integers coded by BitSky, each tile minus its median integer; the codec and
//       its stream ("BSQ1") are quant_integers.h's, shared with jpegxl:q. The decoded pixels are
//       bit for bit funpack's for fpack -q<level> with that dither, seed and tiling, and those
//       of rice:q<level> with the same options.
//
//   bitsky:near<k>   integer frames (8, 16, 32 bit), max |error| <= k (k >= 1): values
//       quantized uniformly with step s = 2k+1 under a subtractive dither d_i in 0..2k (from
//       the pixel index, known to the decoder): q = (v - min + k + d_i) / s, decoded
//       min + q s - d_i clamped to [min, max]; the quotients coded by BitSky. The dither
//       makes the errors uniform in [-k, k] at every value (no common grid for medians to
//       snap to). Stream "BSN1": k (u32 LE), min, max (i64 LE), the BitSky stream.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/codecs/codec.h"

namespace bitsky::codecs {

// True when `option` selects a lossy BitSky mode ("q...", "near...").
bool is_bitsky_lossy_option(std::string_view option);
// The codec of `bitsky:<option>` for such an option (UsageError on a bad option).
std::unique_ptr<Codec> make_bitsky_lossy(std::string_view option);
// The ladder shown by `codecs` and the "lossy" list: bitsky:q1, q4, q16, near1, near2, near4.
std::vector<std::string> bitsky_lossy_specs();

// The promise of a near-lossless codec (bitsky:near<k>, jpegls:near<k>): "" when `decoded` has
// the type and size of the integer frame `original` and every value within k of it, else the
// first pixel that breaks it.
std::string check_max_error(const PixelFrame& original, const PixelFrame& decoded, int k);

namespace detail {
std::unique_ptr<Codec> make_bitsky_quant(std::string_view option);  // bitsky_lossy_codec.cpp
std::unique_ptr<Codec> make_bitsky_near(std::string_view option);   // bitsky_near_codec.cpp
}  // namespace detail

}  // namespace bitsky::codecs
