#pragma once
// Cube-level compression: all frames of one HDU (a Cube16) into one stream from which
// every frame decodes with nothing else.
//
// Spec: a 2D codec spec (`jpegls`, `jpegxl:e7`, ...) codes the cube frame by frame, as
// design.md says ("Cubes are compressed frame by frame and summed"). `<transform>+<codec>`
// (`tdiff+jpegxl:e7`, `tpred+rice`, `bandpred+jpegls`, options as in `tdiff:zigzag+rice`)
// first predicts each frame from earlier ones (transform_common.h) and codes the residual.
// `bitsky:3d` is the bitsky coder with an inter-frame context: frame 0 plain bitsky, frame
// k > 0 coded by bitsky_encode_3d with frame k-1 (storage order) as context, or plain
// bitsky when that is not smaller (adaptive, as the transforms).
// Transform specs and bitsky:3d need a cube (NAXIS >= 3); a 2D image is refused with a
// clear message.
//
// Stream ("BSKC" version 1, integers little-endian):
//   "BSKC" u8 version | u8 n, spec (n bytes) | u8 naxes, u32 axes[naxes]
//   per frame: u8 mode (0 plain, 1 residual, 2 bitsky:3d inter) | if residual: u8 map, i32 offset,
//              transform side information | u32 payload length | payload (2D codestream)
//   u32 FNV-1a of all pixels (the decoded cube is checked against it).
// In adaptive mode (the default) each predicted frame is coded both ways and the smaller
// is kept, so a cube without inter-frame redundancy costs at most the per-frame framing
// (10-18 bytes) more than plain. Corrupt or truncated streams throw bitsky::Error.
//
// Sizes: for a plain 2D spec, compressed_bytes is the sum of the 2D codestreams (the
// benchmark's contract); for a transform spec it is the whole stream (framing included).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/codecs/codec.h"
#include "engine/codecs/transform_common.h"
#include "engine/image/cube.h"

namespace bitsky::codecs {

struct CubeFrameCost {
    std::size_t index = 0;
    std::size_t payload_bytes = 0;  // the 2D codestream
    std::size_t side_bytes = 0;     // framing + side information of this frame in the stream
    bool residual = false;          // coded as a residual (false: plain)
    double bpp(std::size_t pixels) const {
        return pixels ? 8.0 * double(payload_bytes + side_bytes) / double(pixels) : 0.0;
    }
};

struct CubeEncoding {
    std::vector<std::uint8_t> stream;
    std::vector<CubeFrameCost> frames;
    std::size_t compressed_bytes = 0;  // see "Sizes" above
};

class CubeCodec {
public:
    // Throws UsageError for an unknown transform or codec spec.
    CubeCodec(std::string_view spec, const CodecOptions& options = {});
    ~CubeCodec();
    CubeCodec(CubeCodec&&) noexcept;
    CubeCodec& operator=(CubeCodec&&) noexcept;

    const std::string& spec() const { return spec_; }  // canonical
    // True for a cube-aware spec (a transform or bitsky:3d): the whole HDU is one stream.
    bool has_transform() const { return transform_ != nullptr || inter_; }
    const Codec& codec() const { return *codec_; }

    // Why this spec cannot code an HDU of this pixel type and shape ("" when it can): a
    // cube-aware spec on a 2D image, or a pixel type or frame size its codec refuses.
    std::string refusal(int bitpix, const std::vector<std::size_t>& axes) const;

    // Throws bitsky::Error (UsageError for a transform spec on a 2D image).
    CubeEncoding encode(const Cube16& cube) const;
    // `axes` are the expected axes (as the FITS header says); a stream of another shape or
    // spec, or a corrupt or truncated one, throws bitsky::Error.
    Cube16 decode(std::span<const std::uint8_t> stream, const std::vector<std::size_t>& axes) const;

private:
    std::string spec_;
    std::unique_ptr<CubeTransform> transform_;
    std::unique_ptr<Codec> codec_;
    bool inter_ = false;  // bitsky:3d
};

// True if the spec has a transform part (`tdiff+...`) or is `bitsky:3d`.
bool is_cube_spec(std::string_view spec);
// Every transform combined with each of `codec_specs` (e.g. default_codec_specs()), plus
// `bitsky:3d` when `bitsky` is among them.
std::vector<std::string> cube_codec_specs(const std::vector<std::string>& codec_specs);
// Like parse_codec_list, but also accepts transform specs (validated, canonicalised).
std::vector<std::string> parse_cube_codec_list(std::string_view list);

// One verified cube encode + decode + compare; never throws for codec problems.
struct CubeRoundtrip {
    std::string codec;
    std::vector<std::size_t> axes;
    std::size_t raw_bytes = 0, compressed_bytes = 0;
    double encode_s = 0, decode_s = 0;  // wall clock, whole cube
    bool lossless_ok = false;
    std::string error;
    std::vector<CubeFrameCost> frames;
    double ratio() const { return compressed_bytes ? double(raw_bytes) / double(compressed_bytes) : 0.0; }
};
CubeRoundtrip cube_roundtrip(const CubeCodec& codec, const Cube16& cube);

// Per-frame bits curve: bits of each frame (payload + its framing) for each spec, in
// frame order. `bpp` divides by the frame's pixels. Every curve is verified lossless.
struct BitsCurve {
    std::string codec;
    std::vector<double> bits;      // per frame
    std::vector<double> bpp;       // per frame
    std::vector<bool> residual;    // per frame: coded as residual
    std::size_t compressed_bytes = 0;
    bool lossless_ok = false;
    std::string error;
};
std::vector<BitsCurve> frame_bits_curves(const Cube16& cube, const std::vector<std::string>& specs,
                                         const CodecOptions& options = {});

}  // namespace bitsky::codecs
