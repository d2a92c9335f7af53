// tpred: linear extrapolation from the two previous frames (transform_tpred.h).
#include "engine/codecs/transform_tpred.h"

#include <algorithm>

namespace bitsky::codecs {
namespace {

class TPred final : public CubeTransform {
public:
    explicit TPred(const TransformOptions& o) : options_(o) { adaptive_ = o.adaptive; }
    std::string spec() const override { return "tpred" + options_.canonical_suffix(); }
    ResidualMap map() const override { return options_.map; }
    bool predicts(const std::vector<std::size_t>& axes, std::size_t k) const override {
        return k >= slowest_axis_stride(axes);
    }
    void predict(const Cube16& cube, std::size_t k, std::span<const std::uint8_t>,
                 std::span<std::uint16_t> out) const override {
        const std::size_t s = slowest_axis_stride(cube.axes());
        auto a = cube.frame_span(k - s);
        if (k < 2 * s) {
            std::copy(a.begin(), a.end(), out.begin());
            return;
        }
        auto b = cube.frame_span(k - 2 * s);
        for (std::size_t i = 0; i < out.size(); ++i) {
            std::int32_t v = 2 * std::int32_t(a[i]) - std::int32_t(b[i]);
            out[i] = static_cast<std::uint16_t>(std::clamp(v, 0, 65535));
        }
    }

private:
    TransformOptions options_;
};

}  // namespace

std::unique_ptr<CubeTransform> make_tpred(const TransformOptions& options) { return std::make_unique<TPred>(options); }

}  // namespace bitsky::codecs
