#pragma once
// One interface for every codec BitSky measures: lossless ones, and lossy ones (lossy()).
//
// A codec is named by a spec string `name[:option]` (design.md, "Codec specs"):
//   jpegxl:e1 .. jpegxl:e9, jpegxl:max   libjxl, bare codestream (no container)
//   jpegls                                CharLS, JPEG-LS interchange stream
//   jpeg2000                              OpenJPEG, J2K codestream (no JP2 boxes)
//   rice, hcompress, gzip, gzip2          CFITSIO tile compression (fpack defaults; gzip2 is
//                                         GZIP_2, fpack -g2; floats losslessly, fpack -q 0)
//   zstd                                  byte shuffle + libzstd level 19, every pixel type
//   zfp                                   libzfp reversible mode: float32, float64, int32/uint32
//   rice:q4, gzip2:q1:d2, ...             LOSSY: fpack's quantization of floats (fits_quant_codec.h)
//   bitsky:q4, bitsky:near2               LOSSY: the same quantization coded by BitSky; integers
//                                         within k (bitsky_lossy_codec.h)
//   jpegls:near2, jpeg2000:rate8, jpegxl:d1  LOSSY: the JPEG codecs' lossy modes (8/16-bit)
// What the compressed bytes are, exactly, is documented per codec by size_note() and in
// docs/performance.md ("Codecs"). ratio = raw bytes / compressed bytes, raw bytes = bytes
// per pixel of the frame's type (1, 2, 4 or 8) x pixels.
//
// Pixel types: every codec codes 16-bit frames (Frame16, the uint16 view) with encode /
// decode; encode_any / decode_any take a PixelFrame of any type the codec's refusal()
// accepts (the defaults pass 16-bit frames to encode / decode, so those bytes are the same).
//
// Codecs are stateless apart from their options: encode/decode are const and may be
// called from several threads at once on the same object.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/image/cube.h"
#include "engine/image/fidelity.h"
#include "engine/image/pixel_frame.h"

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

    // Lossless encode of a frame of any pixel type refusal() accepts (Error naming the codec
    // and the reason otherwise). Default: 16-bit frames through encode() (int16 as the
    // +32768 view, as fits::File::read_u16 gives it), every other type refused.
    virtual std::vector<std::uint8_t> encode_any(const PixelFrame& frame) const;
    // Decodes bytes of encode_any() into a width x height frame of `sample` values; the same
    // guarantees as decode(). Default: decode() and the inverse of encode_any's view.
    virtual PixelFrame decode_any(std::span<const std::uint8_t> bytes, Sample sample, std::size_t width,
                                  std::size_t height) const;

    // What encode_any codes for this frame when that is not the frame's own values as they
    // are: the declared reversible reduction, in words a reader of the store understands
    // ("int32 minus the frame minimum -12, coded as uint16"; "float32 values are integers,
    // coded as int16"). "" when the values are coded as they are (the default). The codec
    // decides it from the frame exactly as encode_any does (one private helper for both),
    // so a result's coding always says what its bytes hold. Recorded with every result.
    virtual std::string coding(const PixelFrame& frame) const;

    // A lossy codec (e.g. rice:q4, fpack's quantization of floats): decode gives an
    // approximation of the frame, not its values. Default false. Its round trip verifies the
    // decode against the codec's own promise (check_reconstruction) and its determinism
    // instead of equality with the frame; its results are labelled lossy everywhere.
    virtual bool lossy() const { return false; }
    // For a lossy codec: "" when `decoded` is a reconstruction of `original` that `bytes`
    // (this codec's encoding of it) allow, else what breaks the promise (fpack's
    // quantization: every finite pixel within half its tile's step, NaN/Inf decoded as NaN,
    // tiles CFITSIO could not quantize exact). Default "": no promise beyond a deterministic
    // decode of the frame's type and size.
    virtual std::string check_reconstruction(const PixelFrame& original, const PixelFrame& decoded,
                                             std::span<const std::uint8_t> bytes) const;

    // True for codecs whose bytes are a FITS tile-compressed BINTABLE data unit that
    // fits_tile_header() completes into a compressed image HDU (default false).
    virtual bool writes_fits_tiles() const { return false; }
    // The header of such bytes (80-character cards up to END, padded to 2880 bytes): with it
    // they are a compressed image extension any FITS reader (funpack) decodes to a width x
    // height image of `sample` values. Error when the bytes are not such a data unit, or
    // when the codec does not write FITS tiles (the default). `bitsky-cli compress` writes
    // files with it.
    virtual std::string fits_tile_header(std::span<const std::uint8_t> bytes, Sample sample, std::size_t width,
                                         std::size_t height) const;
};

// "BITPIX=-32 (32-bit float)": how a pixel type is named in messages.
std::string pixel_type_name(int bitpix);

// Builds a codec from a spec. Unknown names or options: UsageError listing valid specs.
std::unique_ptr<Codec> make_codec(std::string_view spec, const CodecOptions& options = {});
// Every lossless spec, in display order ("all" in codec lists).
std::vector<std::string> codec_specs();
// The lossy specs listed for display and the "lossy" codec list (a ladder of settings per
// lossy codec; other settings of the same syntax are valid too, see make_codec).
std::vector<std::string> lossy_codec_specs();
// The paper's four: jpegxl:e7, jpegls, jpeg2000, rice.
std::vector<std::string> default_codec_specs();
// "jpegxl:e7,jpegls" -> {"jpegxl:e7", "jpegls"}; every spec is validated (UsageError).
// "default" expands to default_codec_specs(), "all" to codec_specs() (lossless), "lossy" to
// lossy_codec_specs().
std::vector<std::string> parse_codec_list(std::string_view list);

// One verified encode + decode + compare.
struct CodecResult {
    std::string codec;  // spec
    std::size_t width = 0, height = 0;
    std::size_t raw_bytes = 0;         // bytes per pixel (1, 2, 4, 8) * pixels
    std::size_t compressed_bytes = 0;  // 0 if encoding failed
    double encode_s = 0, decode_s = 0;          // wall clock
    double encode_cpu_s = 0, decode_cpu_s = 0;  // process CPU time (all threads)
    bool lossy = false;        // Codec::lossy(): `decoded` is the codec's reconstruction, not the frame
    bool lossless_ok = false;  // a lossless codec gave the frame back bit for bit (always false when lossy)
    std::string coding;  // Codec::coding() of the frame: the declared reduction, "" if none
    std::string error;  // empty for a verified round trip (ok()); names the codec otherwise
    std::vector<std::uint8_t> bytes;  // the codestream (only if requested)
    std::optional<PixelFrame> decoded;  // lossy results: the decoded frame, for measuring fidelity
    std::optional<Fidelity> fidelity;   // lossy results once measured (analysis::measure_fidelity)

    // A verified round trip: lossless and exact, or lossy, deterministic and within the
    // codec's promise. A lossy result is never a lossless failure.
    bool ok() const { return error.empty() && (lossless_ok || lossy); }

    double ratio() const { return compressed_bytes ? double(raw_bytes) / double(compressed_bytes) : 0.0; }
    double bpp() const {
        return width * height != 0 ? 8.0 * double(compressed_bytes) / double(width * height) : 0.0;
    }
};

// Encodes, decodes and compares pixel for pixel. Never throws for codec problems: an
// exception, out-of-memory or mismatch becomes a failed result whose error names the codec.
// A lossy codec's frame goes through the lossy round trip below.
CodecResult roundtrip(const Codec& codec, const Frame16& frame, bool keep_bytes = false);
// The same for any pixel type: encode_any, decode_any, and a bit-exact comparison of every
// value (floats by their bit patterns, NaN payloads included). A 16-bit frame goes through
// the Frame16 round trip above on its uint16 view (so its result is that one's).
// Lossy codecs (Codec::lossy): encode_any, decode_any (timed), then a second decode that
// must give the same bits (deterministic), the frame's type and size, and
// codec.check_reconstruction; the result is lossy, keeps `decoded`, and its error is empty
// when all that holds (lossless_ok stays false). Fidelity is measured by the caller
// (analysis::measured_roundtrip does both).
CodecResult roundtrip(const Codec& codec, const PixelFrame& frame, bool keep_bytes = false);

}  // namespace bitsky::codecs
