#pragma once
// Bit-cost maps: how many bits each pixel costs under a model, as a float32 image of
// the frame's shape. Models are named by a spec string:
//   iid               -log2 p(x) under the frame's own histogram (order-0 entropy)
//   context           BitSky's sequential adaptive model (ctxmodel::run); its sum is the
//                     code length of the `bitsky` codec
//   tile:<codec-spec> a real codec run on 64x64 tiles, each tile's bits spread evenly
//                     over its pixels
//   bitsky            BitSky's coder pixel by pixel, every pixel type (for floats: the
//                     mask, high and low bits at the pixel they code); sum = its stream
//                     size within ~0.5%
//   neural:<model>    the neural model saved at path <model> (bitsky-cli train), full-frame
//                     causal context; its bits are a likelihood, not a code length, so the
//                     map is marked `estimated` (label neural::kEstimatedLabel). Builds
//                     without LibTorch have no such entry: a UsageError says so.
// A new model = one new costmap_<name>.cpp with its factory + one row in costmap_registry.cpp.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/image/cube.h"
#include "engine/image/pixel_frame.h"

namespace bitsky::analysis {

struct BitCostMap {
    std::string model;  // the spec that made it
    std::size_t width = 0, height = 0;
    std::vector<float> bits;  // width * height, row-major, bits per pixel
    double total_bits = 0;    // exact (double) sum of the per-pixel costs
    // True for likelihood estimates (no entropy coder ran): show `label` beside the figures.
    bool estimated = false;
    std::string label;  // empty for measured / exact code lengths
    double raw_bpp = 16;  // bits per pixel of the frame's own type (8, 16, 32, 64)
    double bpp() const { return width * height > 0 ? total_bits / static_cast<double>(width * height) : 0.0; }
    double ratio() const { return total_bits > 0 ? raw_bpp * static_cast<double>(width * height) / total_bits : 0.0; }
};

class CostModel {
public:
    virtual ~CostModel() = default;
    virtual std::string spec() const = 0;
    virtual BitCostMap compute(const Frame16& frame) const = 0;
    // A frame of any pixel type. Default: compute() on its exact 16-bit view (exact_view16:
    // 16-bit frames, and integers spanning at most 65536 values, coded as value - minimum);
    // other frames are refused (Error naming the model, the type and tile:<codec> as the way
    // to map them). tile:<codec> runs the codec on the frame's own values.
    virtual BitCostMap compute_any(const PixelFrame& frame) const;
    // Likelihood estimates (no entropy coder) say so, with the label to show.
    virtual bool estimated() const { return false; }
    virtual std::string label() const { return {}; }
};

// Builds a model from its spec; UsageError for unknown specs (listing the valid ones;
// neural: in a build without LibTorch), bitsky::Error for a model file that cannot be read.
std::unique_ptr<CostModel> make_cost_model(std::string_view spec);
// The model names for help texts: "iid", "context", "tile:<codec-spec>", "neural:<model>".
std::vector<std::string> cost_model_names();

// Convenience: make_cost_model(spec)->compute(frame).
BitCostMap compute_cost_map(std::string_view spec, const Frame16& frame);

// Sum of the context model's costs over a frame and the map, for callers that want both.
BitCostMap context_cost_map(const Frame16& frame);
// The same model's bits per pixel without the map (context_cost_map(frame).bpp()).
double context_bpp(const Frame16& frame);

}  // namespace bitsky::analysis
