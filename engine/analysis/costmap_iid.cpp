// `iid`: each pixel costs -log2 p(x) under the frame's own value histogram, so the map
// sums to N times the order-0 entropy.
#include <cmath>
#include <vector>

#include "engine/analysis/costmap.h"
#include "engine/util/error.h"

namespace bitsky::analysis {
namespace {

class IidCostModel final : public CostModel {
public:
    std::string spec() const override { return "iid"; }
    BitCostMap compute(const Frame16& frame) const override {
        BitCostMap map;
        map.model = spec();
        map.width = frame.width;
        map.height = frame.height;
        const std::size_t n = frame.size();
        map.bits.resize(n);
        if (n == 0) return map;
        std::vector<std::uint32_t> hist(65536, 0);
        for (auto v : frame.pixels.first(n)) ++hist[v];
        // Cost per value, only for the values present.
        std::vector<float> cost(65536, 0.0f);
        const double log2n = std::log2(static_cast<double>(n));
        double total = 0;
        for (std::size_t v = 0; v < hist.size(); ++v)
            if (hist[v]) {
                double c = log2n - std::log2(static_cast<double>(hist[v]));
                cost[v] = static_cast<float>(c);
                total += c * hist[v];
            }
        const std::uint16_t* px = frame.pixels.data();
        float* out = map.bits.data();
        for (std::size_t i = 0; i < n; ++i) out[i] = cost[px[i]];
        map.total_bits = total;
        return map;
    }
};

}  // namespace

std::unique_ptr<CostModel> make_iid_cost_model(std::string_view option) {
    if (!option.empty()) throw UsageError("iid takes no options");
    return std::make_unique<IidCostModel>();
}

}  // namespace bitsky::analysis
