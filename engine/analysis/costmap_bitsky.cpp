// `bitsky`: BitSky's own coder, pixel by pixel (codecs::bitsky_pixel_bits): for 16-bit
// frames the context model's code lengths, for every other pixel type every part of its
// stream (mask, high and low bits, palette ranks) at the pixel it codes. The one map that
// shows the cost of a float frame's lossless coding where it arises; its sum is the
// codec's stream size within about 0.5%.
#include <string>

#include "engine/analysis/costmap.h"
#include "engine/codecs/bitsky_codec.h"
#include "engine/util/error.h"

namespace bitsky::analysis {
namespace {

BitCostMap as_map(std::vector<float> bits, std::size_t width, std::size_t height, double raw_bpp) {
    BitCostMap map;
    map.model = "bitsky";
    map.width = width;
    map.height = height;
    map.raw_bpp = raw_bpp;
    for (float b : bits) map.total_bits += b;
    map.bits = std::move(bits);
    return map;
}

class BitskyCostModel final : public CostModel {
public:
    std::string spec() const override { return "bitsky"; }
    BitCostMap compute(const Frame16& frame) const override {
        return as_map(codecs::bitsky_pixel_bits(frame), frame.width, frame.height, 16.0);
    }
    BitCostMap compute_any(const PixelFrame& frame) const override {
        return as_map(codecs::bitsky_pixel_bits(frame), frame.width, frame.height,
                      8.0 * double(sample_bytes(frame.sample())));
    }
};

}  // namespace

std::unique_ptr<CostModel> make_bitsky_cost_model(std::string_view option) {
    if (!option.empty()) throw UsageError("bitsky takes no option");
    return std::make_unique<BitskyCostModel>();
}

}  // namespace bitsky::analysis
