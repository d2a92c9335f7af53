#include "engine/analysis/noise_any.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <numbers>
#include <type_traits>

#include "engine/analysis/noise_detail.h"
#include "engine/analysis/predict.h"
#include "engine/fits/fits.h"

namespace bitsky::analysis {
namespace {

constexpr double kMadToSigma = 1.482602218505602;

std::optional<double> parse_number(const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(text->c_str(), &end);
    if (end == text->c_str() || *end != 0 || !std::isfinite(v)) return std::nullopt;
    return v;
}

// The frame's values as doubles (exact for every type but 64-bit integers, which
// PixelFrame does not hold).
std::vector<double> as_doubles(const PixelFrame& f) {
    return std::visit([](const auto& v) { return std::vector<double>(v.begin(), v.end()); }, f.values);
}

// Median of v (reordered); the mean of the two middle values for even sizes.
double median_of(std::vector<double>& v) {
    if (v.empty()) return 0.0;
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    if (v.size() % 2) return *mid;
    return 0.5 * (*mid + *std::max_element(v.begin(), mid));
}

// sigma of the pixels from the MAD of differences of valid pairs `lag` apart along rows,
// over the pixels of [x0, x1) x [y0, y1); `pairs` receives how many there were.
double mad_sigma(const std::vector<double>& v, const std::vector<std::uint8_t>& invalid, std::size_t width,
                 std::size_t x0, std::size_t x1, std::size_t y0, std::size_t y1, std::size_t lag, std::size_t& pairs,
                 std::vector<double>& scratch) {
    scratch.clear();
    for (std::size_t y = y0; y < y1; ++y) {
        const std::size_t r = y * width;
        for (std::size_t x = x0 + lag; x < x1; ++x)
            if (!invalid[r + x] && !invalid[r + x - lag]) scratch.push_back(std::abs(v[r + x] - v[r + x - lag]));
    }
    pairs = scratch.size();
    return kMadToSigma * median_of(scratch) / std::numbers::sqrt2;
}

// The median over 32x32 tiles of each tile's sigma (tiles with >= 64 pairs; >= 4 tiles).
double tiled_sigma(const std::vector<double>& v, const std::vector<std::uint8_t>& invalid, std::size_t width,
                   std::size_t height, std::size_t lag) {
    constexpr std::size_t kTile = 32;
    std::vector<double> sigmas, scratch;
    for (std::size_t ty = 0; ty < height; ty += kTile)
        for (std::size_t tx = 0; tx < width; tx += kTile) {
            std::size_t pairs = 0;
            const double s = mad_sigma(v, invalid, width, tx, std::min(width, tx + kTile), ty,
                                       std::min(height, ty + kTile), lag, pairs, scratch);
            if (pairs >= 64) sigmas.push_back(s);
        }
    return sigmas.size() < 4 ? 0.0 : median_of(sigmas);
}

// Kappa-sigma clipping around the median, the std corrected for the truncation.
ClippedStats clipped_values(const std::vector<double>& v, const std::vector<std::uint8_t>& blank, double kappa,
                            int max_iterations, double max_std) {
    ClippedStats st;
    std::vector<double> kept, scratch;
    for (std::size_t i = 0; i < v.size(); ++i)
        if (!blank[i]) kept.push_back(v[i]);
    if (kept.empty()) return st;
    double lo = -std::numeric_limits<double>::infinity(), hi = std::numeric_limits<double>::infinity();
    double mean = 0, sd = 0, median = 0;
    std::size_t n = 0;
    auto moments = [&] {
        scratch.clear();
        for (double x : kept)
            if (x >= lo && x <= hi) scratch.push_back(x);
        n = scratch.size();
        double s = 0, s2 = 0;
        for (double x : scratch) s += x;
        mean = n ? s / double(n) : 0.0;
        for (double x : scratch) s2 += (x - mean) * (x - mean);
        sd = n > 1 ? std::sqrt(s2 / double(n - 1)) : 0.0;
        median = median_of(scratch);
    };
    int it = 0;
    for (; it < max_iterations; ++it) {
        moments();
        const double nlo = median - kappa * sd, nhi = median + kappa * sd;
        if (!(nlo <= nhi) || (nlo <= lo && nhi >= hi)) break;
        lo = std::max(lo, nlo);
        hi = std::min(hi, nhi);
    }
    moments();
    st.iterations = it + 1;
    st.kept = n;
    st.background = mean;
    st.median = median;
    st.raw_std = sd;
    const double a = std::isfinite(lo) && sd > 0 ? (lo - mean) / sd : -std::numeric_limits<double>::infinity();
    const double b = std::isfinite(hi) && sd > 0 ? (hi - mean) / sd : std::numeric_limits<double>::infinity();
    st.std = std::min(sd / std::sqrt(detail::truncated_variance_factor(a, b)), max_std);
    return st;
}

TileNoiseMap tile_map_values(const std::vector<double>& v, const std::vector<std::uint8_t>& blank, std::size_t width,
                             std::size_t height, std::size_t tile) {
    TileNoiseMap map;
    if (tile == 0 || v.empty()) return map;
    map.tile = tile;
    map.tiles_x = (width + tile - 1) / tile;
    map.tiles_y = (height + tile - 1) / tile;
    map.sigma.assign(map.tiles_x * map.tiles_y, std::numeric_limits<float>::quiet_NaN());
    map.background.assign(map.tiles_x * map.tiles_y, std::numeric_limits<float>::quiet_NaN());
    std::vector<double> values, scratch;
    for (std::size_t ty = 0; ty < map.tiles_y; ++ty)
        for (std::size_t tx = 0; tx < map.tiles_x; ++tx) {
            const std::size_t x0 = tx * tile, x1 = std::min(width, x0 + tile);
            const std::size_t y0 = ty * tile, y1 = std::min(height, y0 + tile);
            values.clear();
            for (std::size_t y = y0; y < y1; ++y)
                for (std::size_t x = x0; x < x1; ++x)
                    if (!blank[y * width + x]) values.push_back(v[y * width + x]);
            const std::size_t i = ty * map.tiles_x + tx;
            if (!values.empty()) map.background[i] = static_cast<float>(median_of(values));
            std::size_t pairs = 0;
            const double s = mad_sigma(v, blank, width, x0, x1, y0, y1, 1, pairs, scratch);
            if (pairs >= 8) map.sigma[i] = static_cast<float>(s);
        }
    return map;
}

// The estimate on the values themselves (floats; integers too wide for a 16-bit view).
NoiseEstimate values_estimate(const PixelFrame& frame, const AnyNoiseOptions& o, bool floating) {
    NoiseEstimate e;
    e.width = frame.width;
    e.height = frame.height;
    const std::vector<double> v = as_doubles(frame);
    if (v.empty()) return e;
    auto is_blank = [&](double x) { return !std::isfinite(x) || (o.blank && x == *o.blank); };
    std::vector<std::uint8_t> blank(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) blank[i] = is_blank(v[i]);
    const std::vector<std::uint8_t> invalid = detail::build_mask<double>(
        v, frame.width, frame.height, is_blank, o.saturate, o.mask_frame_max, o.mask_constant_runs, e.mask);
    e.cfitsio = cfitsio_noise_of_values(v, frame.width, frame.height, blank.data());
    e.masked = cfitsio_noise_of_values(v, frame.width, frame.height, invalid.data());
    double mn = std::numeric_limits<double>::infinity(), mx = -mn;
    for (std::size_t i = 0; i < v.size(); ++i)
        if (!invalid[i]) {
            mn = std::min(mn, v[i]);
            mx = std::max(mx, v[i]);
        }
    const double max_sigma = mx >= mn ? 0.5 * (mx - mn) : 0.0;
    e.clipped = clipped_values(v, blank, 3.0, 20, max_sigma);
    e.tiles = tile_map_values(v, blank, frame.width, frame.height, o.tile);
    std::vector<double> scratch;
    std::size_t pairs = 0, pairs2 = 0;
    e.mad = std::min(mad_sigma(v, invalid, frame.width, 0, frame.width, 0, frame.height, 1, pairs, scratch), max_sigma);
    e.mad_lag2 = std::min(mad_sigma(v, invalid, frame.width, 0, frame.width, 0, frame.height, 2, pairs2, scratch), max_sigma);

    const std::string masked = detail::masked_text(e.mask, floating ? "NaN/Inf" : "BLANK");
    const double tiled = std::min(tiled_sigma(v, invalid, frame.width, frame.height, 1), max_sigma);
    const double lag_ratio = detail::choose_robust(
        e, tiled, [&] { return std::min(tiled_sigma(v, invalid, frame.width, frame.height, 2), max_sigma); }, pairs,
        masked);
    if (e.robust > 0 || pairs >= 16) {
        // Continuous values are almost never equal to their neighbour; integers of this
        // sigma are as often as the rounded Gaussian difference says.
        std::size_t equal = 0, n = 0;
        for (std::size_t y = 0; y < frame.height; ++y)
            for (std::size_t x = 1; x < frame.width; ++x) {
                const std::size_t i = y * frame.width + x;
                if (invalid[i] || invalid[i - 1]) continue;
                ++n;
                equal += v[i] == v[i - 1];
            }
        const double equal_fraction = n ? double(equal) / double(n) : 0.0;
        const double expected =
            floating || e.robust <= 0 ? 0.0 : std::erf(0.5 / std::sqrt(2.0 * (2.0 * e.robust * e.robust + 1.0 / 6.0)));
        detail::mark_correlation(e, e.robust > 0 ? equal_fraction : 0.0, expected, lag_ratio, floating ? 0.0 : 0.5);
    } else {
        detail::use_noise3(e, pairs, max_sigma, masked);
    }
    return e;
}

// The step q of the grid the values lie on (every value = k q for an integer k, to 5% of q),
// or 0 when there is none: the smallest gap among the values nearest 0 (where the floats'
// rounding is negligible), refined by least squares over values of growing magnitude so the
// rounding of q itself never outgrows the check.
double value_grid(std::vector<double> u) {
    std::sort(u.begin(), u.end(), [](double a, double b) { return std::abs(a) < std::abs(b); });
    u.erase(std::unique(u.begin(), u.end()), u.end());
    if (u.size() < 2) return 0.0;
    std::vector<double> near(u.begin(), u.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(u.size(), 64)));
    std::sort(near.begin(), near.end());
    double q = 0;
    for (std::size_t i = 1; i < near.size(); ++i)
        if (near[i] > near[i - 1] && (q == 0 || near[i] - near[i - 1] < q)) q = near[i] - near[i - 1];
    if (!(q > 0)) return 0.0;
    double limit = 64 * q;
    std::size_t done = 0;
    double skx = 0, skk = 0;
    while (done < u.size()) {
        std::size_t end = done;
        while (end < u.size() && std::abs(u[end]) <= limit) ++end;
        if (end == done) end = done + 1;  // a gap in magnitudes: take the next value
        for (std::size_t i = done; i < end; ++i) {
            const double k = std::nearbyint(u[i] / q);
            if (std::abs(u[i] - k * q) > 0.05 * q || std::abs(k) > 9.0e15) return 0.0;
            skx += k * u[i];
            skk += k * k;
        }
        if (skk > 0) q = skx / skk;
        done = end;
        limit *= 16;
    }
    return q;
}

// Shifts the levels of an estimate made on a view (value - offset) back to values.
void shift_levels(NoiseEstimate& e, double offset) {
    for (CfitsioNoise* c : {&e.cfitsio, &e.masked}) {
        c->mean += offset;
        c->min += offset;
        c->max += offset;
    }
    e.clipped.background += offset;
    e.clipped.median += offset;
    for (float& b : e.tiles.background) b = static_cast<float>(b + offset);
    if (e.mask.saturation_level) *e.mask.saturation_level += offset;
}

}  // namespace

NoiseOptions noise_options_for(const fits::HduInfo& hdu) {
    NoiseOptions o;
    // The uint16 view is the stored int16 plus 32768, whatever BZERO says (fits.h).
    if (hdu.bitpix == 16) {
        if (auto b = hdu.card_value("BLANK")) {
            char* end = nullptr;
            const long v = std::strtol(b->c_str(), &end, 10);
            if (end && *end == 0 && v >= -32768 && v <= 32767) o.blank = static_cast<std::uint16_t>(v + 32768);
        }
        if (auto sat = hdu.card_value("SATURATE")) {
            char* end = nullptr;
            const double physical = std::strtod(sat->c_str(), &end);
            if (end && *end == 0 && std::isfinite(physical) && hdu.bscale != 0) {
                const double view = (physical - hdu.bzero) / hdu.bscale + 32768.0;
                // A level above the data range saturates nothing: leave the frame rule on.
                if (view >= 0 && view <= 65535) o.saturate = view;
            }
        }
    }
    return o;
}

AnyNoiseOptions any_noise_options_for(const fits::HduInfo& hdu) {
    AnyNoiseOptions o;
    if (hdu.bitpix > 0) o.blank = parse_number(hdu.card_value("BLANK"));
    if (auto sat = parse_number(hdu.card_value("SATURATE")); sat && hdu.bscale != 0)
        o.saturate = (*sat - hdu.bzero) / hdu.bscale;
    return o;
}

double float_noise_floor_bpp(const PixelFrame& frame, double sigma) {
    if (!sample_is_float(frame.sample()) || !(sigma > 0)) return 0.0;
    return std::visit(
        [&](const auto& v) -> double {
            using T = typename std::decay_t<decltype(v)>::value_type;
            if constexpr (std::is_floating_point_v<T>) {
                // The frame's value grid: when every distinct finite value is an integer
                // multiple of the smallest gap between them (to 1% of it: the float rounding of
                // k * q), the data are quantised or rescaled integers (values in 0.04 ADU steps,
                // BSCALE) and a coder that finds the grid (as BitSky does) codes on it.
                std::vector<double> u;
                u.reserve(v.size());
                for (T x : v)
                    if (std::isfinite(x)) u.push_back(double(x));
                const double grid = value_grid(std::move(u));
                double sum = 0;
                std::size_t n = 0;
                // The quantum is a power of two (the ulp) or the grid: a few distinct values,
                // each term computed once.
                std::map<double, double> bits_at;
                for (T x : v) {
                    if (!std::isfinite(x)) continue;
                    const T a = std::abs(x);
                    const double q = std::max(double(std::nextafter(a, std::numeric_limits<T>::infinity()) - a), grid);
                    auto it = bits_at.find(q);
                    // An exact value never costs more than its own bits (values near 0, whose
                    // ulp is tiny, would otherwise count without bound).
                    if (it == bits_at.end())
                        it = bits_at.emplace(q, std::min(gaussian_entropy_bits(sigma / q), 8.0 * sizeof(T))).first;
                    sum += it->second;
                    ++n;
                }
                return n ? sum / double(n) : 0.0;
            } else {
                return 0.0;
            }
        },
        frame.values);
}

AnyNoise estimate_noise_any(const PixelFrame& frame, const AnyNoiseOptions& o) {
    AnyNoise out;
    out.floating = sample_is_float(frame.sample());
    if (frame.is_16bit()) {
        // Exactly the 16-bit estimate: the uint16 view is the stored int16 + 32768.
        NoiseOptions no;
        if (o.blank && *o.blank >= -32768 && *o.blank <= 32767) no.blank = static_cast<std::uint16_t>(*o.blank + 32768);
        if (o.saturate && *o.saturate + 32768.0 >= 0 && *o.saturate + 32768.0 <= 65535) no.saturate = *o.saturate + 32768.0;
        no.mask_frame_max = o.mask_frame_max;
        no.mask_constant_runs = o.mask_constant_runs;
        no.tile = o.tile;
        out.u16 = frame.to_u16();
        out.estimate = estimate_noise(out.u16->frame(0), no);
        out.view = "uint16 view";
        out.floor_bpp = gaussian_entropy_bits(out.estimate.sigma());
        return out;
    }
    // Integer values (or floats that all hold integers) spanning at most 65535 values: the
    // 16-bit estimate on value - minimum, with BLANK/NaN as the one value left (65535).
    const std::vector<double> v = as_doubles(frame);
    bool integral = true, has_blank = false;
    double mn = std::numeric_limits<double>::infinity(), mx = -mn;
    for (double x : v) {
        if (!std::isfinite(x) || (o.blank && x == *o.blank)) {
            has_blank = true;
            continue;
        }
        if (x != std::floor(x)) integral = false;
        mn = std::min(mn, x);
        mx = std::max(mx, x);
    }
    const bool fits16 = integral && mx >= mn && mx - mn <= (has_blank ? 65534.0 : 65535.0);
    if (fits16) {
        std::vector<std::uint16_t> view(v.size());
        for (std::size_t i = 0; i < v.size(); ++i)
            view[i] = (!std::isfinite(v[i]) || (o.blank && v[i] == *o.blank)) ? std::uint16_t(65535)
                                                                               : static_cast<std::uint16_t>(v[i] - mn);
        NoiseOptions no;
        if (has_blank) no.blank = 65535;
        if (o.saturate && *o.saturate - mn >= 0 && *o.saturate - mn <= 65535) no.saturate = *o.saturate - mn;
        no.mask_frame_max = o.mask_frame_max;
        no.mask_constant_runs = o.mask_constant_runs;
        no.tile = o.tile;
        out.u16 = Cube16({frame.width, frame.height}, std::move(view));
        out.estimate = estimate_noise(out.u16->frame(0), no);
        shift_levels(out.estimate, mn);
        char text[160];
        std::snprintf(text, sizeof text, "%s%s - %.17g as a 16-bit view", sample_name(frame.sample()),
                      out.floating ? " integer values" : "", mn);
        out.view = text;
        out.floor_bpp = gaussian_entropy_bits(out.estimate.sigma());
        return out;
    }
    out.estimate = values_estimate(frame, o, out.floating);
    out.view = std::string(sample_name(frame.sample())) + " values";
    out.floor_bpp = out.floating ? float_noise_floor_bpp(frame, out.estimate.sigma())
                                 : gaussian_entropy_bits(out.estimate.sigma());
    return out;
}

}  // namespace bitsky::analysis
