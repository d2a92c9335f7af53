// `context`: BitSky's sequential adaptive model (context_model.h). Each pixel costs
// -log2 of the probabilities the model gave its decisions and tokens before seeing them
// (raw bits cost 1 each),
// so the map sums to the ideal code length of the `bitsky` codec.
#include <vector>

#include "engine/model/context_model.h"
#include "engine/analysis/costmap.h"
#include "engine/util/error.h"

namespace bitsky::analysis {
namespace ctxmodel = model::ctxmodel;
namespace {

// The model's pixel loop, compiled for AVX2 and for the baseline and chosen at run time
// (both compute the same bits: the model's float arithmetic is lane-wise IEEE without
// fused multiply-add, this file being compiled with -ffp-contract=off).
[[gnu::target_clones("avx2", "default")]] void run_model(ctxmodel::CostCoder& coder, const Frame16& frame, float* bits) {
    ctxmodel::run(coder, frame.pixels.data(), nullptr, frame.width, frame.height, bits);
}

class ContextCostModel final : public CostModel {
public:
    std::string spec() const override { return "context"; }
    BitCostMap compute(const Frame16& frame) const override { return context_cost_map(frame); }
};

}  // namespace

BitCostMap context_cost_map(const Frame16& frame) {
    BitCostMap map;
    map.model = "context";
    map.width = frame.width;
    map.height = frame.height;
    map.bits.assign(frame.size(), 0.0f);
    if (frame.size() == 0) return map;
    ctxmodel::CostCoder coder;
    run_model(coder, frame, map.bits.data());
    map.total_bits = coder.total;
    return map;
}

double context_bpp(const Frame16& frame) {
    if (frame.size() == 0) return 0.0;
    ctxmodel::CostCoder coder;
    run_model(coder, frame, nullptr);  // the same model and total, no per-pixel map
    return coder.total / static_cast<double>(frame.size());
}

std::unique_ptr<CostModel> make_context_cost_model(std::string_view option) {
    if (!option.empty()) throw UsageError("context takes no options");
    return std::make_unique<ContextCostModel>();
}

}  // namespace bitsky::analysis
