#pragma once
// Internal to engine/codecs: the tile layout of fpack's quantized float data units
// (fits_quant_codec.cpp) and the header that makes them a compressed image HDU.
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "engine/codecs/fits_quant_codec.h"
#include "engine/image/pixel_frame.h"

namespace bitsky::codecs::quant {

// Rows per tile CFITSIO (and so fpack) uses by default: one for Rice and GZIP; Hcompress
// the whole image up to 30 rows, else 16, or the first of 24, 20, 30, 28, 26, 22, 18, 14
// rows that leaves no last tile shorter than 4 rows (the rule fits_tile_codec.cpp follows
// for its own Hcompress); 0 when Hcompress cannot take the frame (under 4x4).
std::size_t tile_rows(QuantCoder coder, std::size_t width, std::size_t height);
// The spec's rows per tile (t<rows>, at most the height; tframe: the height), else the above.
std::size_t tile_rows(const QuantSpec& q, std::size_t width, std::size_t height);

const char* cmpname(QuantCoder coder);  // "RICE_1", ...
int comptype(QuantCoder coder);         // RICE_1, ... (fitsio.h)
int method(QuantDither dither);         // SUBTRACTIVE_DITHER_1, _2, NO_DITHER
const char* zquantiz(QuantDither dither);
std::string level_text(float level);    // shortest text of a float: "4", "0.25"

// One tile's row of the BINTABLE.
struct Tile {
    std::uint32_t len = 0, off = 0;            // COMPRESSED_DATA descriptor (quantized tiles)
    std::uint32_t gzip_len = 0, gzip_off = 0;  // GZIP_COMPRESSED_DATA (tiles CFITSIO could not quantize)
    double zscale = 0, zzero = 0;              // value = (integer - dither) * zscale + zzero
    bool quantized() const { return len > 0; }
};

struct Layout {
    std::size_t width = 0, height = 0, rows = 0;  // ZTILE1 = width, ZTILE2 = rows
    std::size_t row_bytes = 24;                   // NAXIS1: 24, or 32 with the GZIP_COMPRESSED_DATA column
    std::size_t heap = 0;                         // PCOUNT
    std::uint32_t max_len = 0, max_gzip_len = 0;
    std::vector<Tile> tiles;                      // NAXIS2 rows
};

// The layout of a data unit made for a width x height frame: the row width is the one
// whose descriptors tile the heap exactly, in tile order (each tile in exactly one of the
// two columns, quantized tiles with a finite positive ZSCALE, Hcompress tiles with their
// own header matching the tile). Error "<who>: corrupt stream (...)" when none does.
// Tiles of the spec's rows (tile_rows(q, ...)); the QuantCoder form: CFITSIO's default tiles.
Layout read_layout(const QuantSpec& q, std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height,
                   const std::string& who);
Layout read_layout(QuantCoder coder, std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height,
                   const std::string& who);

// Inflates every gzip stream of the layout (GZIP_1/GZIP_2 tiles and the tiles CFITSIO
// could not quantize) into a buffer of the tile's exact size: CFITSIO 4.2's reader grows
// its buffer without bound on some corrupt gzip tiles, so decode checks them first.
// `value_bytes` is the size of the image's values (4 or 8). Error "<who>: corrupt ...".
void check_gzip_tiles(QuantCoder coder, const Layout& layout, std::span<const std::uint8_t> bytes,
                      std::size_t value_bytes, const std::string& who);

// "" when `decoded` is what CFITSIO's quantization of `original` under this layout allows:
// in a quantized tile every finite pixel within half the tile's ZSCALE (plus the rounding of
// the decoded value to its type), zeros exact under SUBTRACTIVE_DITHER_2; in a tile CFITSIO
// could not quantize (gzipped as it is) the same bits, except values CFITSIO reads as zero
// (denormals, -0: exponent 0); NaN and +-Inf (CFITSIO's nulls) decoded as NaN. Else the
// first pixel that breaks it.
std::string check_reconstruction(const QuantSpec& q, const Layout& layout, const PixelFrame& original,
                                 const PixelFrame& decoded);

// The BINTABLE header (cards up to END, padded) of a compressed image of ZBITPIX `bitpix`.
std::string header(const QuantSpec& q, const Layout& layout, int bitpix);

// "" when CFITSIO's own header (keyword -> value, fits_tile_support.h's parse_header) has
// the values header() writes for this layout; else the first difference.
std::string check_cards(const QuantSpec& q, const Layout& layout, const std::map<std::string, std::string>& cards);

}  // namespace bitsky::codecs::quant
