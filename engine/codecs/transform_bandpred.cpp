// bandpred: previous band with per-frame least-squares gain and offset (transform_bandpred.h).
#include "engine/codecs/transform_bandpred.h"

#include <algorithm>
#include <cmath>

#include "engine/util/error.h"

namespace bitsky::codecs {
namespace {

std::int32_t to_i32(double v, double limit) {
    return static_cast<std::int32_t>(std::llround(std::clamp(v, -limit, limit)));
}

void put_i32(std::vector<std::uint8_t>& out, std::int32_t v) {
    auto u = static_cast<std::uint32_t>(v);
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(u >> (8 * i)));
}

std::int32_t get_i32(std::span<const std::uint8_t> in, std::size_t at) {
    std::uint32_t u = 0;
    for (int i = 0; i < 4; ++i) u |= std::uint32_t(in[at + std::size_t(i)]) << (8 * i);
    return static_cast<std::int32_t>(u);
}

class BandPred final : public CubeTransform {
public:
    explicit BandPred(const TransformOptions& o) : options_(o) { adaptive_ = o.adaptive; }
    std::string spec() const override { return "bandpred" + options_.canonical_suffix(); }
    ResidualMap map() const override { return options_.map; }
    bool predicts(const std::vector<std::size_t>& axes, std::size_t k) const override {
        return axes.size() >= 3 && axes[2] > 0 && k % axes[2] != 0;
    }
    std::size_t param_bytes() const override { return 8; }
    std::vector<std::uint8_t> fit(const Cube16& cube, std::size_t k) const override {
        BandGain g = fit_band_gain(cube.frame_span(k), cube.frame_span(k - 1));
        std::vector<std::uint8_t> out;
        put_i32(out, g.gain_q16);
        put_i32(out, g.offset_q8);
        return out;
    }
    void predict(const Cube16& cube, std::size_t k, std::span<const std::uint8_t> params,
                 std::span<std::uint16_t> out) const override {
        if (params.size() != 8) throw Error("bandpred: side information must be 8 bytes");
        const std::int64_t g = get_i32(params, 0), o = std::int64_t(get_i32(params, 4)) * 256;
        auto y = cube.frame_span(k - 1);
        for (std::size_t i = 0; i < out.size(); ++i) {
            std::int64_t v = (g * std::int64_t(y[i]) + o + 32768) >> 16;
            out[i] = static_cast<std::uint16_t>(std::clamp<std::int64_t>(v, 0, 65535));
        }
    }

private:
    TransformOptions options_;
};

}  // namespace

BandGain fit_band_gain(std::span<const std::uint16_t> x, std::span<const std::uint16_t> y) {
    const std::size_t n = std::min(x.size(), y.size());
    BandGain out;
    if (n == 0) return out;
    double sx = 0, sy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sx += x[i];
        sy += y[i];
    }
    const double mx = sx / double(n), my = sy / double(n);
    double sxy = 0, syy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        double dx = double(x[i]) - mx, dy = double(y[i]) - my;
        sxy += dx * dy;
        syy += dy * dy;
    }
    double g = syy > 0 ? sxy / syy : 0.0;
    // |gain| <= 2^14 and |offset| <= 2^22 keep G*y + O*256 well inside int64.
    out.gain_q16 = to_i32(g * 65536.0, 1073741824.0);
    const double gq = double(out.gain_q16) / 65536.0;  // fit the offset to the quantised gain
    out.offset_q8 = to_i32((mx - gq * my) * 256.0, 1073741824.0);
    return out;
}

std::unique_ptr<CubeTransform> make_bandpred(const TransformOptions& options) {
    return std::make_unique<BandPred>(options);
}

}  // namespace bitsky::codecs
