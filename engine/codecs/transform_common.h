#pragma once
// Cube transforms: predict frame k of a cube from frames decoded before it, so a 2D codec
// codes the (small) residual instead of the frame. Shared by transform_tdiff,
// transform_tpred and transform_bandpred; the cube codec layer (cube_codec.h) stores the
// per-frame side information and chooses, frame by frame, residual or plain.
//
// Residual mapping (exact, documented in docs/performance.md "Cube-aware compression"):
// the prediction p is clamped to [0, 65535], so d = x - p lies in [-65535, 65535].
//  - offset (default): r = d - min(d) over the frame; min(d) is stored (int32). Exact and
//    monotone (codec predictors still see a smooth image). If max(d) - min(d) > 65535 the
//    residual does not fit 16 bits and the frame is coded plain (never wrapped).
//  - zigzag: r = 2d for d >= 0, -2d-1 for d < 0 (small |d| -> small r). If |d| > 32767
//    anywhere the frame is coded plain.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/image/cube.h"

namespace bitsky::codecs {

enum class ResidualMap : std::uint8_t { offset = 1, zigzag = 2 };

const char* residual_map_name(ResidualMap map);

// Maps x - p into 16 bits. Returns false (out untouched) if it does not fit; `offset`
// receives the stored per-frame offset (min(d) for ResidualMap::offset, 0 for zigzag).
bool map_residuals(std::span<const std::uint16_t> x, std::span<const std::uint16_t> p, ResidualMap map,
                   std::span<std::uint16_t> out, std::int32_t& offset);
// Inverse of map_residuals. Throws bitsky::Error if a value leaves [0, 65535] (corrupt stream).
void unmap_residuals(std::span<const std::uint16_t> r, std::span<const std::uint16_t> p, ResidualMap map,
                     std::int32_t offset, std::span<std::uint16_t> out);

// A reversible inter-frame prediction. Implementations only read frames before k, so the
// decoder, which fills the cube frame by frame, computes exactly the same prediction.
class CubeTransform {
public:
    virtual ~CubeTransform() = default;
    virtual std::string spec() const = 0;  // canonical, e.g. "tdiff", "tpred:zigzag"
    virtual ResidualMap map() const = 0;
    // False if frame k has nothing to be predicted from (it is coded as is).
    virtual bool predicts(const std::vector<std::size_t>& axes, std::size_t k) const = 0;
    // Bytes of side information per predicted frame (fixed per transform).
    virtual std::size_t param_bytes() const { return 0; }
    // Encoder: side information for frame k (param_bytes() bytes), fitted on the cube.
    virtual std::vector<std::uint8_t> fit(const Cube16& cube, std::size_t k) const;
    // Prediction of frame k from frames < k of `cube` and the side information. Throws
    // bitsky::Error for invalid side information.
    virtual void predict(const Cube16& cube, std::size_t k, std::span<const std::uint8_t> params,
                         std::span<std::uint16_t> out) const = 0;
    // Whether per-frame "keep the smaller of residual and plain" is on (option `always` turns it off).
    bool adaptive() const { return adaptive_; }

protected:
    bool adaptive_ = true;
};

// Options common to every transform: `zigzag` (residual map) and `always` (code every
// predictable frame as residual, no per-frame plain fallback unless it does not fit).
// `option` is the text after the first ':' of the transform part ("" if none), options
// separated by ':'. Throws UsageError for unknown options.
struct TransformOptions {
    ResidualMap map = ResidualMap::offset;
    bool adaptive = true;
    std::string canonical_suffix() const;  // ":zigzag:always" etc., "" for defaults
};
TransformOptions parse_transform_options(std::string_view transform, std::string_view option);

// Factories (one file each). `tdiff`, `tpred`, `bandpred`; nullptr for other names.
std::unique_ptr<CubeTransform> make_tdiff(const TransformOptions& options);
std::unique_ptr<CubeTransform> make_tpred(const TransformOptions& options);
std::unique_ptr<CubeTransform> make_bandpred(const TransformOptions& options);
// "tdiff:zigzag" -> transform; UsageError naming the valid transforms otherwise.
std::unique_ptr<CubeTransform> make_transform(std::string_view spec);
// Names of the transforms, for listings: tdiff, tpred, bandpred.
std::vector<std::string> transform_names();

// Frame stride of the slowest axis: the number of 2D frames per step of the last axis
// (1 for a 3D cube, axes[2] for a 4D one).
std::size_t slowest_axis_stride(const std::vector<std::size_t>& axes);

}  // namespace bitsky::codecs
