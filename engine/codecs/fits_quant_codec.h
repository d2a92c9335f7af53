#pragma once
// fpack's lossy coding of float images (issue #22, item 1): each tile's values quantized to
// integers (step = the tile's noise sigma / q, or an absolute step), dithered as fpack
// dithers them, then coded by Rice, GZIP_1, GZIP_2 or Hcompress, all through CFITSIO's
// public API exactly as fpack / funpack call it (fits_img_compress / fits_img_decompress).
//
// Specs: <coder>:q<level>[:d2|:nodither][:seed<N>]
//   coder   rice, gzip (GZIP_1), gzip2 (GZIP_2), hcompress
//   level   > 0: the step is the tile's background sigma / level (fpack -q level);
//           < 0: the absolute step -level in the image's units (fpack -q -step)
//   d2      SUBTRACTIVE_DITHER_2 (zero pixels stay exactly 0; fpack -qz)
//   nodither  no dithering (fpack -q0)
//   seed<N> ZDITHER0 = N, 1..10000 (default 1; fpack -qN)
//   t<rows> tiles of `rows` whole rows (fpack -t <width>,<rows>); tframe: one tile, the whole
//           frame (fpack -t <width>,<height>). Default: CFITSIO's (one row for Rice and GZIP).
//           Not with Hcompress (its tiles keep CFITSIO's default).
// e.g. rice:q4 = fpack -q1 4 (SUBTRACTIVE_DITHER_1, seed 1), hcompress:q-0.5:d2 = fpack -h -qz1 -0.5.
// The seed is part of the spec, so results are deterministic and the decoder knows it.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/codecs/codec.h"

namespace bitsky::codecs {

enum class QuantCoder { Rice, Gzip1, Gzip2, Hcompress };
enum class QuantDither { Subtractive1, Subtractive2, None };

struct QuantSpec {
    QuantCoder coder = QuantCoder::Rice;
    float level = 4;  // fits_set_quantize_level: > 0 relative to sigma, < 0 absolute step
    QuantDither dither = QuantDither::Subtractive1;
    int seed = 1;  // ZDITHER0 (dithered specs only)
    // Rows per tile: 0 = CFITSIO's default tiling, kWholeFrame = one tile of the whole frame.
    std::size_t rows = 0;
    static constexpr std::size_t kWholeFrame = std::size_t(-1);

    std::string family() const;      // "rice", "gzip", "gzip2", "hcompress"
    std::string spec() const;        // canonical: "rice:q4", "gzip2:q-0.25:d2:seed7"
    // The fpack options that code the same: "-r -q1 4", with tiles "-r -q1 4 -t 512,16" (W,H
    // for a width and height of 0).
    std::string fpack_args(std::size_t width = 0, std::size_t height = 0) const;
    // Parses the option after "<family>:" (UsageError naming what is wrong).
    static QuantSpec parse(std::string_view family, std::string_view option);
};

// True when `option` asks a fpack codec family for quantization (starts with 'q').
bool is_quant_option(std::string_view option);
std::unique_ptr<Codec> make_fits_quant(const QuantSpec& spec);

// The lossy specs `codecs` and "lossy" list: every coder at q = 1, 4, 16, and rice:q4 with
// the other dither methods. Any level / seed is valid; these are the ladder shown.
std::vector<std::string> quant_codec_specs();

}  // namespace bitsky::codecs
