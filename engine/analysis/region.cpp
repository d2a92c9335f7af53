#include "engine/analysis/region.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <tuple>

#include "engine/util/error.h"
#include "engine/util/stats.h"

namespace bitsky::analysis {

namespace {

constexpr double kMadToSigma = 1.4826;

std::string number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.8g", v);
    return buf;
}

// The median and 1.4826 * MAD of values (modified: the values are reordered).
std::pair<double, double> median_mad(std::vector<double> v) {
    if (v.empty()) return {0.0, 0.0};
    const double med = util::median(v);
    for (double& x : v) x = std::abs(x - med);
    return {med, kMadToSigma * util::median(std::move(v))};
}

}  // namespace

Region Region::box(double cx, double cy, double width, double height, double angle_deg) {
    Region r;
    r.shape = RegionShape::Box;
    r.cx = cx;
    r.cy = cy;
    r.width = width;
    r.height = height;
    r.angle_deg = angle_deg;
    return r;
}

Region Region::circle(double cx, double cy, double radius) {
    Region r;
    r.shape = RegionShape::Circle;
    r.cx = cx;
    r.cy = cy;
    r.radius = radius;
    return r;
}

Region Region::polygon(std::vector<std::pair<double, double>> vertices) {
    Region r;
    r.shape = RegionShape::Polygon;
    if (vertices.size() < 3) throw Error("a polygon region needs at least 3 vertices");
    for (auto [x, y] : vertices) {
        r.cx += x / double(vertices.size());
        r.cy += y / double(vertices.size());
    }
    r.vertices = std::move(vertices);
    return r;
}

bool Region::contains(double x, double y) const {
    switch (shape) {
        case RegionShape::Circle: {
            const double dx = x - cx, dy = y - cy;
            return dx * dx + dy * dy <= radius * radius;
        }
        case RegionShape::Box: {
            double dx = x - cx, dy = y - cy;
            if (angle_deg != 0) {
                // Into the box's own axes (rotate by -angle).
                const double a = angle_deg * std::numbers::pi / 180.0, c = std::cos(a), s = std::sin(a);
                const double u = c * dx + s * dy, v = -s * dx + c * dy;
                dx = u;
                dy = v;
            }
            return std::abs(dx) <= width / 2 && std::abs(dy) <= height / 2;
        }
        case RegionShape::Polygon: {
            // Crossing number (even-odd rule).
            bool in = false;
            const std::size_t n = vertices.size();
            for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
                auto [xi, yi] = vertices[i];
                auto [xj, yj] = vertices[j];
                if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) in = !in;
            }
            return in;
        }
    }
    return false;
}

void Region::translate(double dx, double dy) {
    cx += dx;
    cy += dy;
    for (auto& [x, y] : vertices) {
        x += dx;
        y += dy;
    }
}

std::vector<std::uint8_t> Region::mask(std::size_t w, std::size_t h) const {
    std::vector<std::uint8_t> m(w * h, 0);
    // The bounding box (pixel centres), clipped to the frame.
    double x0 = cx, x1 = cx, y0 = cy, y1 = cy;
    if (shape == RegionShape::Circle) {
        x0 = cx - radius, x1 = cx + radius, y0 = cy - radius, y1 = cy + radius;
    } else if (shape == RegionShape::Box) {
        const double half = 0.5 * std::hypot(width, height);
        x0 = cx - half, x1 = cx + half, y0 = cy - half, y1 = cy + half;
    } else {
        for (auto [x, y] : vertices) {
            x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
        }
    }
    const auto lo = [](double v) { return v <= 0 ? std::size_t(0) : std::size_t(std::floor(v)); };
    const auto hi = [](double v, std::size_t n) {
        return v < 0 ? std::size_t(0) : std::min(n, std::size_t(std::ceil(v)) + 1);
    };
    if (!(x1 >= 0 && y1 >= 0) || !std::isfinite(x0 + x1 + y0 + y1)) return m;
    for (std::size_t j = lo(y0), je = hi(y1, h); j < je; ++j)
        for (std::size_t i = lo(x0), ie = hi(x1, w); i < ie; ++i)
            if (contains(double(i), double(j))) m[j * w + i] = 1;
    return m;
}

const char* Region::shape_name() const {
    switch (shape) {
        case RegionShape::Circle: return "circle";
        case RegionShape::Polygon: return "polygon";
        case RegionShape::Box: break;
    }
    return "box";
}

std::string Region::ds9() const {
    std::vector<double> args;
    if (shape == RegionShape::Circle) {
        args = {cx + 1, cy + 1, radius};
    } else if (shape == RegionShape::Box) {
        args = {cx + 1, cy + 1, width, height, angle_deg};
    } else {
        for (auto [x, y] : vertices) {
            args.push_back(x + 1);
            args.push_back(y + 1);
        }
    }
    std::string s;
    if (exclude) s.push_back('-');
    s.append(shape_name());
    s.push_back('(');
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (i) s.push_back(',');
        s.append(number(args[i]));
    }
    s.push_back(')');
    if (!text.empty()) {
        s.append(" # text={");
        s.append(text);
        s.push_back('}');
    }
    return s;
}

PixelStats pixel_stats(std::span<const double> values, std::span<const std::uint8_t> mask, bool select) {
    if (!mask.empty() && mask.size() != values.size())
        throw Error("region statistics: the mask has " + std::to_string(mask.size()) + " pixels, the frame " +
                    std::to_string(values.size()));
    PixelStats st;
    std::vector<double> v;
    v.reserve(mask.empty() ? values.size() : std::size_t(std::count(mask.begin(), mask.end(), select ? 1 : 0)));
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!mask.empty() && (mask[i] != 0) != select) continue;
        if (std::isfinite(values[i])) v.push_back(values[i]);
        else ++st.invalid;
    }
    st.n = v.size();
    if (v.empty()) return st;
    long double sum = 0;
    st.min = st.max = v.front();
    for (double x : v) {
        sum += x;
        st.min = std::min(st.min, x);
        st.max = std::max(st.max, x);
    }
    st.mean = double(sum / static_cast<long double>(v.size()));
    std::tie(st.median, st.robust_sigma) = median_mad(std::move(v));
    return st;
}

void BitSum::add(float bits) {
    // |bits| < 2^31 keeps one pixel's units within int64 before the 128-bit sum.
    units_ += static_cast<__int128>(std::llround(static_cast<double>(bits) * 4294967296.0));
}

double BitBudget::bit_share() const {
    const double t = total().bits();
    return t != 0 ? bits_in.bits() / t : 0.0;
}

double BitBudget::pixel_share() const {
    const std::size_t n = pixels_in + pixels_out;
    return n ? double(pixels_in) / double(n) : 0.0;
}

BitBudget bit_budget(std::span<const float> bits, std::span<const std::uint8_t> mask) {
    if (bits.size() != mask.size())
        throw Error("bit budget: the map has " + std::to_string(bits.size()) + " pixels, the region mask " +
                    std::to_string(mask.size()));
    BitBudget b;
    for (std::size_t i = 0; i < bits.size(); ++i) {
        if (!std::isfinite(bits[i]) || std::abs(bits[i]) >= 2147483648.0f)
            throw Error("bit budget: pixel " + std::to_string(i) + " of the map has no finite cost");
        if (mask[i]) {
            ++b.pixels_in;
            b.bits_in.add(bits[i]);
        } else {
            ++b.pixels_out;
            b.bits_out.add(bits[i]);
        }
    }
    return b;
}

SourceSplit split_sources(std::span<const double> values, double k) {
    if (!(k >= 0) || !std::isfinite(k)) throw Error("source split: k must be a finite number >= 0, not " + number(k));
    SourceSplit s;
    s.k = k;
    std::vector<double> valid;
    valid.reserve(values.size());
    for (double v : values)
        if (std::isfinite(v)) valid.push_back(v);
    s.invalid_pixels = values.size() - valid.size();
    auto [bg, sigma] = median_mad(valid);
    for (int round = 0; round < 10 && sigma > 0; ++round) {
        std::vector<double> kept;
        kept.reserve(valid.size());
        for (double v : valid)
            if (std::abs(v - bg) <= 3.0 * sigma) kept.push_back(v);
        if (kept.size() == valid.size()) break;
        valid = std::move(kept);
        std::tie(bg, sigma) = median_mad(valid);
    }
    s.background = bg;
    s.sigma = sigma;
    s.threshold = bg + k * sigma;
    s.sources.assign(values.size(), 0);
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i])) continue;
        if (values[i] > s.threshold) {
            s.sources[i] = 1;
            ++s.source_pixels;
        } else {
            ++s.background_pixels;
        }
    }
    return s;
}

}  // namespace bitsky::analysis
