// Residual mapping, transform options and the transform registry (see transform_common.h).
#include "engine/codecs/transform_common.h"

#include <algorithm>
#include <limits>

#include "engine/util/error.h"
#include "engine/util/spec.h"

namespace bitsky::codecs {

const char* residual_map_name(ResidualMap map) {
    switch (map) {
        case ResidualMap::offset: return "offset";
        case ResidualMap::zigzag: return "zigzag";
    }
    return "?";
}

bool map_residuals(std::span<const std::uint16_t> x, std::span<const std::uint16_t> p, ResidualMap map,
                   std::span<std::uint16_t> out, std::int32_t& offset) {
    const std::size_t n = x.size();
    if (p.size() != n || out.size() != n) throw Error("residual mapping: frame sizes differ");
    std::int32_t dmin = std::numeric_limits<std::int32_t>::max(), dmax = std::numeric_limits<std::int32_t>::min();
    for (std::size_t i = 0; i < n; ++i) {
        std::int32_t d = std::int32_t(x[i]) - std::int32_t(p[i]);
        dmin = std::min(dmin, d);
        dmax = std::max(dmax, d);
    }
    if (n == 0) dmin = dmax = 0;
    if (map == ResidualMap::offset) {
        if (dmax - dmin > 65535) return false;
        for (std::size_t i = 0; i < n; ++i)
            out[i] = static_cast<std::uint16_t>(std::int32_t(x[i]) - std::int32_t(p[i]) - dmin);
        offset = dmin;
        return true;
    }
    if (dmin < -32768 || dmax > 32767) return false;
    for (std::size_t i = 0; i < n; ++i) {
        std::int32_t d = std::int32_t(x[i]) - std::int32_t(p[i]);
        out[i] = static_cast<std::uint16_t>(d >= 0 ? 2 * d : -2 * d - 1);
    }
    offset = 0;
    return true;
}

void unmap_residuals(std::span<const std::uint16_t> r, std::span<const std::uint16_t> p, ResidualMap map,
                     std::int32_t offset, std::span<std::uint16_t> out) {
    const std::size_t n = r.size();
    if (p.size() != n || out.size() != n) throw Error("residual mapping: frame sizes differ");
    if (map == ResidualMap::offset) {
        if (offset < -65535 || offset > 65535) throw Error("corrupt residual offset " + std::to_string(offset));
        for (std::size_t i = 0; i < n; ++i) {
            std::int32_t v = std::int32_t(r[i]) + offset + std::int32_t(p[i]);
            if (v < 0 || v > 65535) throw Error("corrupt residual: pixel value " + std::to_string(v) + " out of range");
            out[i] = static_cast<std::uint16_t>(v);
        }
        return;
    }
    if (map != ResidualMap::zigzag) throw Error("corrupt residual map");
    for (std::size_t i = 0; i < n; ++i) {
        std::int32_t z = r[i];
        std::int32_t d = (z & 1) ? -(z >> 1) - 1 : (z >> 1);
        std::int32_t v = d + std::int32_t(p[i]);
        if (v < 0 || v > 65535) throw Error("corrupt residual: pixel value " + std::to_string(v) + " out of range");
        out[i] = static_cast<std::uint16_t>(v);
    }
}

std::vector<std::uint8_t> CubeTransform::fit(const Cube16&, std::size_t) const { return {}; }

std::string TransformOptions::canonical_suffix() const {
    std::string s;
    if (map == ResidualMap::zigzag) s += ":zigzag";
    if (!adaptive) s += ":always";
    return s;
}

TransformOptions parse_transform_options(std::string_view transform, std::string_view option) {
    TransformOptions o;
    std::size_t pos = 0;
    while (!option.empty() && pos <= option.size()) {
        auto colon = option.find(':', pos);
        if (colon == std::string_view::npos) colon = option.size();
        std::string_view item = option.substr(pos, colon - pos);
        pos = colon + 1;
        if (item == "zigzag") o.map = ResidualMap::zigzag;
        else if (item == "offset") o.map = ResidualMap::offset;
        else if (item == "always") o.adaptive = false;
        else
            throw UsageError("transform " + std::string(transform) + ": unknown option '" + std::string(item) +
                             "' (valid: offset, zigzag, always)");
    }
    return o;
}

std::vector<std::string> transform_names() { return {"tdiff", "tpred", "bandpred"}; }

std::unique_ptr<CubeTransform> make_transform(std::string_view spec) {
    const auto [name, option] = util::split_spec(spec);
    if (name == "tdiff") return make_tdiff(parse_transform_options(name, option));
    if (name == "tpred") return make_tpred(parse_transform_options(name, option));
    if (name == "bandpred") return make_bandpred(parse_transform_options(name, option));
    throw UsageError("unknown cube transform '" + std::string(name) + "'; valid transforms: tdiff, tpred, bandpred");
}

std::size_t slowest_axis_stride(const std::vector<std::size_t>& axes) {
    std::size_t stride = 1;
    for (std::size_t i = 2; i + 1 < axes.size(); ++i) stride *= axes[i];
    return stride;
}

}  // namespace bitsky::codecs
