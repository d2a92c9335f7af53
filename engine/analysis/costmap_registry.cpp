// The bit-cost model registry: one row per model family.
#include <string>
#include <vector>

#include "engine/analysis/costmap.h"
#include "engine/neural/neural.h"
#include "engine/util/error.h"
#include "engine/util/spec.h"

namespace bitsky::analysis {

// Factories (each defined in its model's file, costmap_<name>.cpp). `option` is the text
// after ':'.
std::unique_ptr<CostModel> make_iid_cost_model(std::string_view option);
std::unique_ptr<CostModel> make_context_cost_model(std::string_view option);
std::unique_ptr<CostModel> make_tile_cost_model(std::string_view option);
std::unique_ptr<CostModel> make_bitsky_cost_model(std::string_view option);
// The neural row is listed only in builds with the neural module (BITSKY_HAVE_TORCH); its
// model file is loaded through the module, opened only then.
std::unique_ptr<CostModel> make_neural_cost_model(std::string_view option);
std::unique_ptr<CostModel> make_neural_net_cost_model(std::string_view option);  // the network alone

namespace {

struct Entry {
    const char* name;
    const char* help;
    std::unique_ptr<CostModel> (*make)(std::string_view);
};

const std::vector<Entry>& table() {
    static const std::vector<Entry> entries = {
        {"iid", "iid", make_iid_cost_model},
        {"context", "context", make_context_cost_model},
        {"tile", "tile:<codec-spec>", make_tile_cost_model},
        {"bitsky", "bitsky", make_bitsky_cost_model},
#ifdef BITSKY_HAVE_TORCH
        {"neural", "neural:<model>", make_neural_cost_model},
        {"neural-net", "neural-net:<model>", make_neural_net_cost_model},
#endif
    };
    return entries;
}

std::string valid_list() {
    std::string s;
    for (const auto& n : cost_model_names()) s += (s.empty() ? "" : ", ") + n;
    return s;
}

}  // namespace

std::vector<std::string> cost_model_names() {
    std::vector<std::string> out;
    for (const auto& e : table()) out.push_back(e.help);
    return out;
}

std::unique_ptr<CostModel> make_cost_model(std::string_view spec) {
    const auto [name, option] = util::split_spec(spec);
    for (const auto& e : table()) {
        if (name != e.name) continue;
        try {
            return e.make(option);
        } catch (const UsageError& err) {
            throw UsageError("cost model '" + std::string(spec) + "': " + err.what() + "; valid models: " + valid_list());
        }
    }
    if (name == "neural" || name == "neural-net") throw UsageError("cost model '" + std::string(spec) + "': " + neural::without_torch_message());
    throw UsageError("unknown cost model '" + std::string(spec) + "'; valid models: " + valid_list());
}

BitCostMap compute_cost_map(std::string_view spec, const Frame16& frame) { return make_cost_model(spec)->compute(frame); }

BitCostMap CostModel::compute_any(const PixelFrame& frame) const {
    const auto v = exact_view16(frame);
    if (!v)
        throw Error("cost model " + spec() + " takes integer values spanning at most 65536 integers; this " +
                    sample_name(frame.sample()) + " frame has none such (use tile:<codec>, e.g. tile:gzip2, to map its "
                    "lossless coding)");
    BitCostMap map = compute(v->view.frame(0));
    map.raw_bpp = 8.0 * double(sample_bytes(frame.sample()));
    return map;
}

}  // namespace bitsky::analysis
