// `neural:<model>`: the bit-cost map of a trained neural model (engine/neural/neural.h),
// full-frame causal context, as the `neural` codec codes it (Context::Coded: the network
// mixed with the codec's other experts, the bitsky coder's model among them) for direct
// models; `neural-net:<model>`: the network alone (Context::FullFrame), to see where the
// learned model itself wins. Torch-free: it calls the model through neural.h, which loads
// the neural module on first use. Listed in costmap_registry.cpp only when BitSky is built
// with the module (BITSKY_HAVE_TORCH).
#include <memory>
#include <string>

#include "engine/analysis/costmap.h"
#include "engine/neural/neural.h"
#include "engine/util/error.h"

namespace bitsky::analysis {

namespace {

class NeuralCostModel final : public CostModel {
public:
    NeuralCostModel(std::string path, neural::Model model, bool net_only)
        : path_(std::move(path)), model_(std::move(model)), net_only_(net_only) {}
    std::string spec() const override { return (net_only_ ? "neural-net:" : "neural:") + path_; }
    bool estimated() const override { return true; }
    std::string label() const override { return neural::kEstimatedLabel; }
    BitCostMap compute(const Frame16& frame) const override {
        // Direct models: what the `neural` codec codes (value-set cells, the mixture of
        // experts); msb-lsb models (which the codec refuses) and neural-net: the network's
        // own likelihood.
        const bool coded = !net_only_ && model_.config().split == neural::Split::Direct;
        auto n = model_.cost_map(frame, coded ? neural::Context::Coded : neural::Context::FullFrame);
        BitCostMap map;
        map.model = spec();
        map.width = n.width;
        map.height = n.height;
        map.bits = std::move(n.bits);
        map.total_bits = n.total_bits;
        map.estimated = true;
        map.label = label();
        return map;
    }

private:
    std::string path_;
    neural::Model model_;
    bool net_only_;
};

}  // namespace

std::unique_ptr<CostModel> make_neural_cost_model(std::string_view option) {
    if (option.empty()) throw UsageError("neural: needs a model file (neural:MODEL, made by bitsky-cli train)");
    std::string path(option);
    return std::make_unique<NeuralCostModel>(path, neural::Model::load(path), false);
}

std::unique_ptr<CostModel> make_neural_net_cost_model(std::string_view option) {
    if (option.empty()) throw UsageError("neural-net: needs a model file (neural-net:MODEL, made by bitsky-cli train)");
    std::string path(option);
    return std::make_unique<NeuralCostModel>(path, neural::Model::load(path), true);
}

}  // namespace bitsky::analysis
