#pragma once
// One interface for every lossless codec BitSky measures.
//
// A codec is named by a spec string `name[:option]` (design.md, "Codec specs"):
//   jpegxl:e1 .. jpegxl:e9, jpegxl:max   libjxl, bare codestream (no container)
//   jpegls                                CharLS, JPEG-LS interchange stream
//   jpeg2000                              OpenJPEG, J2K codestream (no JP2 boxes)
//   rice, hcompress, gzip                 CFITSIO tile compression (fpack defaults)
// What the compressed bytes are, exactly, is documented per codec by size_note() and in
// docs/performance.md ("Codecs"). ratio = 2 * pixels / compressed bytes.
//
// Codecs are stateless apart from their options: encode/decode are const and may be
// called from several threads at once on the same object.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/image/cube.h"

namespace bitsky::codecs {

struct CodecOptions {
    int threads = 1;  // worker threads inside one encode/decode (JPEG-XL, JPEG 2000)
};

class Codec {
public:
    virtual ~Codec() = default;

    virtual std::string spec() const = 0;             // canonical spec, e.g. "jpegxl:e7"
    virtual std::string name() const = 0;             // family, e.g. "jpegxl"
    virtual std::string library() const = 0;          // e.g. "libjxl"
    virtual std::string library_version() const = 0;  // e.g. "0.7.0"
    virtual bool multithreaded() const = 0;           // uses CodecOptions::threads
    virtual std::string size_note() const = 0;        // what compressed bytes count

    // Why this codec cannot code frames of this pixel type (FITS BITPIX) and size: ""
    // when it can. A benchmark records such an item as skipped with this reason, never as
    // a failure. The default takes 16-bit integer frames of any size.
    virtual std::string refusal(int bitpix, std::size_t width, std::size_t height) const;

    // Lossless encode of one frame. Throws bitsky::Error naming the codec on failure.
    virtual std::vector<std::uint8_t> encode(const Frame16& frame) const = 0;
    // Decodes bytes made by encode() for a width x height frame. Any corrupt, truncated
    // or mismatching stream (other size, other bit depth) throws bitsky::Error; the
    // result always has exactly width*height pixels.
    virtual std::vector<std::uint16_t> decode(std::span<const std::uint8_t> bytes, std::size_t width,
                                              std::size_t height) const = 0;
};

// "BITPIX=-32 (32-bit float)": how a pixel type is named in messages.
std::string pixel_type_name(int bitpix);

// Builds a codec from a spec. Unknown names or options: UsageError listing valid specs.
std::unique_ptr<Codec> make_codec(std::string_view spec, const CodecOptions& options = {});
// Every valid spec, in display order.
std::vector<std::string> codec_specs();
// The paper's four: jpegxl:e7, jpegls, jpeg2000, rice.
std::vector<std::string> default_codec_specs();
// "jpegxl:e7,jpegls" -> {"jpegxl:e7", "jpegls"}; every spec is validated (UsageError).
// "default" expands to default_codec_specs(), "all" to codec_specs().
std::vector<std::string> parse_codec_list(std::string_view list);

// One verified encode + decode + compare.
struct CodecResult {
    std::string codec;  // spec
    std::size_t width = 0, height = 0;
    std::size_t raw_bytes = 0;         // 2 * pixels
    std::size_t compressed_bytes = 0;  // 0 if encoding failed
    double encode_s = 0, decode_s = 0;          // wall clock
    double encode_cpu_s = 0, decode_cpu_s = 0;  // process CPU time (all threads)
    bool lossless_ok = false;
    std::string error;  // empty when lossless_ok; names the codec otherwise
    std::vector<std::uint8_t> bytes;  // the codestream (only if requested)

    double ratio() const { return compressed_bytes ? double(raw_bytes) / double(compressed_bytes) : 0.0; }
    double bpp() const {
        return width * height != 0 ? 8.0 * double(compressed_bytes) / double(width * height) : 0.0;
    }
};

// Encodes, decodes and compares pixel for pixel. Never throws for codec problems: an
// exception, out-of-memory or mismatch becomes a failed result whose error names the codec.
CodecResult roundtrip(const Codec& codec, const Frame16& frame, bool keep_bytes = false);

}  // namespace bitsky::codecs
