// tdiff: difference to the previous frame along the slowest axis (transform_tdiff.h).
#include "engine/codecs/transform_tdiff.h"

#include <algorithm>

namespace bitsky::codecs {
namespace {

class TDiff final : public CubeTransform {
public:
    explicit TDiff(const TransformOptions& o) : options_(o) { adaptive_ = o.adaptive; }
    std::string spec() const override { return "tdiff" + options_.canonical_suffix(); }
    ResidualMap map() const override { return options_.map; }
    bool predicts(const std::vector<std::size_t>& axes, std::size_t k) const override {
        return k >= slowest_axis_stride(axes);
    }
    void predict(const Cube16& cube, std::size_t k, std::span<const std::uint8_t>,
                 std::span<std::uint16_t> out) const override {
        auto ref = cube.frame_span(k - slowest_axis_stride(cube.axes()));
        std::copy(ref.begin(), ref.end(), out.begin());
    }

private:
    TransformOptions options_;
};

}  // namespace

std::unique_ptr<CubeTransform> make_tdiff(const TransformOptions& options) { return std::make_unique<TDiff>(options); }

}  // namespace bitsky::codecs
