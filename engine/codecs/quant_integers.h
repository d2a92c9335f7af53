#pragma once
// Internal to engine/codecs: fpack's quantized integers of a float frame coded by another
// lossless integer coder (issue #22): the shared part of bitsky:q<level> (BitSky's context
// model, bitsky_lossy_codec.h) and jpegxl:q<level> (libjxl lossless, jpegxl_quant_codec.cpp).
//
// CFITSIO itself quantizes the frame (the fits_quant codec with GZIP_1 tiles: the tiling,
// noise estimate, ZSCALE/ZZERO and SUBTRACTIVE_DITHER_1/2 sequence of fpack -q), the tiles'
// int32 integers are taken back, each tile minus its median integer (CFITSIO centres every
// tile on its own ZZERO, so tiles of the same sky would otherwise sit at different integer
// levels), and the int32 plane is handed to the plane coder. Decoding rebuilds the GZIP_1
// data unit and lets CFITSIO dequantize it (funpack's call), so the decoded pixels are bit
// for bit funpack's for fpack -q<level> with that dither, seed and tiling (those of
// rice:q<level> with the same options), and nothing of fpack's quantization is re-implemented.
//
// Stream (4-byte magic of the plane coder, e.g. "BSQ1", "JXQ1"): u32 LE raw and deflated
// sizes of the side table, the table (zlib), column by column: each tile's kind (quantized
// with ZZERO = an integer times ZSCALE, as CFITSIO computes it; quantized with another ZZERO;
// a tile CFITSIO could not quantize), the quantized tiles' ZSCALE (f64 bits as 8 byte planes),
// their ZZERO (that integer, zigzag LEB128, or f64 bits) and median (zigzag LEB128), the other
// tiles' GZIP lengths (u32 LE), the reserved integers (nulls, exact zeros of d2: u64 count,
// then position gaps as LEB128 and a code byte); u32 LE size of the plane coder's stream of
// the integer plane (int32, reserved pixels and unquantized tiles 0), that stream, then the
// unquantized tiles' GZIP_COMPRESSED_DATA bytes as CFITSIO wrote them. Every part is checked
// on decoding (zlib's and gzip's checksums, and the plane coder's own checks).
#include <array>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/codecs/codec.h"
#include "engine/codecs/fits_quant_codec.h"

namespace bitsky::codecs {

// The lossless coder of the int32 plane of quantized integers.
struct QuantPlaneCoder {
    std::string family;             // the spec's prefix: "bitsky", "jpegxl"
    std::string library;            // "BitSky", "libjxl"
    std::string library_version;    // "BSQ1+CFITSIO 4.2.0"
    std::array<char, 4> magic{};    // the stream's first bytes
    std::string what;               // "BitSky's context model", in size notes and coding()
    std::string option_suffix;      // appended to the spec (the coder's own options), "" if none
    bool multithreaded = false;
    std::function<std::vector<std::uint8_t>(const PixelFrame& plane)> encode;  // an int32 frame
    std::function<PixelFrame(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height)> decode;
};

// The codec of `<coder.family>:<q's option text>`: q's coder is ignored (GZIP_1 tiles are asked
// of CFITSIO), its level, dither, seed and tiling are used.
std::unique_ptr<Codec> make_quant_integer_codec(const QuantSpec& q, QuantPlaneCoder coder);

}  // namespace bitsky::codecs
