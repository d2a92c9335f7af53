// `context`: BitSky's sequential adaptive model (context_model.h). Each pixel costs
// -log2 of the probabilities the model gave its decisions and tokens before seeing them
// (raw bits cost 1 each),
// so the map sums to the ideal code length of the `bitsky` codec.
#include <vector>

#include "engine/analysis/context_model.h"
#include "engine/analysis/costmap.h"
#include "engine/util/error.h"

namespace bitsky::analysis {
namespace {

struct CostCoder {
    static constexpr bool decoding = false;
    const float* table = ctxmodel::cost_table();
    double total = 0;  // bits of the pixels taken so far
    float pixel = 0;   // bits since the last take_bits()
    BITSKY_PIXEL_INLINE int bit(ctxmodel::Prob& p, int b) {
        pixel += ctxmodel::bit_cost(p, b, table);
        p.update(b);
        return b;
    }
    BITSKY_PIXEL_INLINE int token(ctxmodel::Cdf& d, int s) {
        pixel += table[2 * (d.at(s + 1) - d.at(s))];
        d.update(s);
        return s;
    }
    BITSKY_PIXEL_INLINE unsigned raw(int nbits, unsigned v) {
        pixel += static_cast<float>(nbits);
        return v;
    }
    // The bits coded since the last call (one pixel's, or the header's).
    BITSKY_PIXEL_INLINE float take_bits() {
        const float b = pixel;
        total += b;
        pixel = 0;
        return b;
    }
};

// The model's pixel loop, compiled for AVX2 and for the baseline and chosen at run time
// (both compute the same bits: the model's float arithmetic is lane-wise IEEE without
// fused multiply-add, this file being compiled with -ffp-contract=off).
[[gnu::target_clones("avx2", "default")]] void run_model(CostCoder& coder, const Frame16& frame, float* bits) {
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
    CostCoder coder;
    run_model(coder, frame, map.bits.data());
    map.total_bits = coder.total;
    return map;
}

std::unique_ptr<CostModel> make_context_cost_model(std::string_view option) {
    if (!option.empty()) throw UsageError("context takes no options");
    return std::make_unique<ContextCostModel>();
}

}  // namespace bitsky::analysis
