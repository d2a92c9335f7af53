#include "engine/analysis/noise.h"
#include "engine/analysis/noise_detail.h"
#include "engine/analysis/small_select.h"

#include <fitsio.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include "engine/util/error.h"

namespace bitsky::analysis {
namespace {

constexpr double kMadToSigma = 1.482602218505602;  // 1 / Phi^-1(3/4)

double normal_pdf(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::numbers::pi); }
double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

using detail::truncated_variance_factor;

// Grouped median of |d| for integer d: |d| = 0 covers [0, 0.5], |d| = k > 0 covers
// [k - 0.5, k + 0.5] (the folded unit bins of d).
double folded_grouped_median(std::span<const std::uint64_t> abs_counts) {
    std::uint64_t n = 0;
    for (auto c : abs_counts) n += c;
    if (n == 0) return 0.0;
    double half = 0.5 * static_cast<double>(n), below = 0;
    for (std::size_t k = 0; k < abs_counts.size(); ++k) {
        double c = static_cast<double>(abs_counts[k]);
        if (c > 0 && below + c >= half) {
            double start = k == 0 ? 0.0 : k - 0.5, width = k == 0 ? 0.5 : 1.0;
            return start + width * (half - below) / c;
        }
        below += c;
    }
    return static_cast<double>(abs_counts.size());
}

// The k-th smallest of v with the counts below and equal it (counted when the values are
// small, else partitioned; v may be reordered).
SmallIntSelect::Result middle_of(std::vector<int>& v) {
    thread_local SmallIntSelect select;
    return select.order_statistic(v, v.size() / 2);
}

// Folded grouped median of |v| (every v >= 0) for a small sample (tiles).
double folded_grouped_median(std::vector<int>& v) {
    if (v.empty()) return 0.0;
    const auto [m, below, equal] = middle_of(v);
    double half = 0.5 * static_cast<double>(v.size());
    double start = m == 0 ? 0.0 : double(m) - 0.5, width = m == 0 ? 0.5 : 1.0;
    return start + width * (half - static_cast<double>(below)) / static_cast<double>(equal);
}

double plain_grouped_median(std::vector<int>& v) {
    if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
    const auto [m, below, equal] = middle_of(v);
    double half = 0.5 * static_cast<double>(v.size());
    return double(m) - 0.5 + (half - static_cast<double>(below)) / static_cast<double>(equal);
}

// sigma of the pixels from the (continuous-equivalent) MAD of differences of two pixels.
double sigma_from_difference_mad(double mad) {
    double var_d = (kMadToSigma * mad) * (kMadToSigma * mad) - 0.25;  // remove 3 x 1/12 rounding
    return var_d > 0 ? std::sqrt(var_d / 2.0) : 0.0;
}

}  // namespace

double CfitsioNoise::noise_min() const {
    double n = noise3;
    if (noise2 != 0 && noise2 < n) n = noise2;
    if (noise5 != 0 && noise5 < n) n = noise5;
    return n;
}

double grouped_median(std::span<const std::uint64_t> counts, double offset) {
    std::uint64_t n = 0;
    for (auto c : counts) n += c;
    if (n == 0) return std::numeric_limits<double>::quiet_NaN();
    double half = 0.5 * static_cast<double>(n), below = 0;
    for (std::size_t k = 0; k < counts.size(); ++k) {
        double c = static_cast<double>(counts[k]);
        if (c > 0 && below + c >= half) return offset + static_cast<double>(k) - 0.5 + (half - below) / c;
        below += c;
    }
    return offset + static_cast<double>(counts.size()) - 1;
}

namespace {

// fpack's fp_i2stat: the central XSAMPLE x YSAMPLE (4100) pixels, 1-based bounds; returned
// 0-based [first, last] along an axis of n pixels.
std::pair<long, long> fpack_sample_range(std::size_t n, bool fpack_sample) {
    long len = static_cast<long>(n), i1 = 1, i2 = len;
    if (fpack_sample) {
        i1 = std::max(1L, len / 2 - (4100 / 2 - 1));
        i2 = std::min(len, len / 2 + 4100 / 2);
    }
    return {i1 - 1, i2 - 1};
}

bool fpack_sample_is_whole_frame(const Frame16& frame, bool fpack_sample) {
    return fpack_sample_range(frame.width, fpack_sample) == std::pair<long, long>{0, long(frame.width) - 1} &&
           fpack_sample_range(frame.height, fpack_sample) == std::pair<long, long>{0, long(frame.height) - 1};
}

}  // namespace

CfitsioNoise cfitsio_noise(const Frame16& frame, std::optional<std::uint16_t> blank, bool fpack_sample) {
    CfitsioNoise out;
    if (frame.size() == 0) return out;
    auto [x0, x1] = fpack_sample_range(frame.width, fpack_sample);
    auto [y0, y1] = fpack_sample_range(frame.height, fpack_sample);
    long nx = x1 - x0 + 1, ny = y1 - y0 + 1;
    std::vector<short> values(static_cast<std::size_t>(nx * ny));
    std::size_t k = 0;
    for (long y = y0; y <= y1; ++y)
        for (long x = x0; x <= x1; ++x)
            values[k++] = static_cast<short>(static_cast<int>(frame.at(static_cast<std::size_t>(x), static_cast<std::size_t>(y))) - 32768);
    short null_value = blank ? static_cast<short>(static_cast<int>(*blank) - 32768) : 0;
    short mn = 0, mx = 0;
    int status = 0;
    fits_img_stats_short(values.data(), nx, ny, blank ? 1 : 0, null_value, &out.good_pixels, &mn, &mx, &out.mean,
                         &out.sigma, &out.noise1, &out.noise2, &out.noise3, &out.noise5, &status);
    if (status != 0) {
        char text[FLEN_STATUS] = {};
        fits_get_errstatus(status, text);
        throw Error(std::string("noise statistics failed: ") + text);
    }
    out.min = mn + 32768.0;
    out.max = mx + 32768.0;
    out.mean += 32768.0;
    return out;
}

double mad_difference_sigma(const Frame16& frame, std::optional<std::uint16_t> blank) {
    if (frame.width < 2 || frame.height == 0) return 0.0;
    std::vector<std::uint64_t> hist(65536, 0);
    for (std::size_t y = 0; y < frame.height; ++y) {
        const std::uint16_t* row = frame.pixels.data() + y * frame.width;
        if (blank) {
            for (std::size_t x = 1; x < frame.width; ++x)
                if (row[x] != *blank && row[x - 1] != *blank) ++hist[static_cast<std::size_t>(std::abs(int(row[x]) - int(row[x - 1])))];
        } else {
            for (std::size_t x = 1; x < frame.width; ++x) ++hist[static_cast<std::size_t>(std::abs(int(row[x]) - int(row[x - 1])))];
        }
    }
    return sigma_from_difference_mad(folded_grouped_median(hist));
}

ClippedStats sigma_clipped(std::span<const std::uint16_t> pixels, double kappa, int max_iterations,
                           std::optional<std::uint16_t> blank) {
    ClippedStats st;
    std::vector<std::uint64_t> hist(65536, 0);
    for (auto v : pixels) ++hist[v];
    if (blank) hist[*blank] = 0;
    long lo = 0, hi = 65535;
    while (lo < hi && hist[static_cast<std::size_t>(lo)] == 0) ++lo;
    while (hi > lo && hist[static_cast<std::size_t>(hi)] == 0) --hi;
    if (hist[static_cast<std::size_t>(lo)] == 0) return st;  // no usable pixels
    // No distribution within [min, max] has a standard deviation above half the range:
    // the truncation correction below must not extrapolate beyond it (bimodal frames).
    const double max_std = 0.5 * static_cast<double>(hi - lo);

    double mean = 0, var = 0, median = 0;
    std::uint64_t n = 0;
    auto moments = [&](long a, long b) {
        std::span<const std::uint64_t> part(hist.data() + a, static_cast<std::size_t>(b - a + 1));
        median = grouped_median(part, static_cast<double>(a));
        double s = 0, s2 = 0;
        n = 0;
        for (long v = a; v <= b; ++v) {
            double c = static_cast<double>(hist[static_cast<std::size_t>(v)]);
            double d = static_cast<double>(v) - median;
            s += c * d;
            s2 += c * d * d;
            n += hist[static_cast<std::size_t>(v)];
        }
        double m = s / static_cast<double>(n);
        mean = median + m;
        var = n > 1 ? (s2 / static_cast<double>(n) - m * m) * static_cast<double>(n) / static_cast<double>(n - 1) : 0.0;
    };
    int it = 0;
    for (; it < max_iterations; ++it) {
        moments(lo, hi);
        double sd = std::sqrt(std::max(var, 0.0));
        long nlo = std::max(lo, static_cast<long>(std::ceil(median - kappa * sd)));
        long nhi = std::min(hi, static_cast<long>(std::floor(median + kappa * sd)));
        if (nlo > nhi) break;
        if (nlo == lo && nhi == hi) break;
        lo = nlo;
        hi = nhi;
    }
    moments(lo, hi);
    st.iterations = it + 1;
    st.kept = n;
    st.background = mean;
    st.median = median;
    st.raw_std = std::sqrt(std::max(var, 0.0));
    // Undo the truncation at the clip limits and the rounding to integers: find the
    // sigma of a Gaussian whose rounded, truncated samples have the observed variance.
    double target = var - 1.0 / 12.0;
    double sigma = std::sqrt(std::max(target, 1e-12));
    if (target > 0) {
        for (int k = 0; k < 20; ++k) {
            double a = (lo - 0.5 - mean) / sigma, b = (hi + 0.5 - mean) / sigma;
            double next = std::sqrt(target / truncated_variance_factor(a, b));
            if (std::abs(next - sigma) < 1e-9 * sigma) {
                sigma = next;
                break;
            }
            sigma = next;
        }
        st.std = std::min(sigma, max_std);
    } else {
        st.std = 0.0;
    }
    return st;
}

TileNoiseMap tile_noise_map(const Frame16& frame, std::size_t tile, std::optional<std::uint16_t> blank) {
    TileNoiseMap map;
    if (tile == 0 || frame.size() == 0) return map;
    map.tile = tile;
    map.tiles_x = (frame.width + tile - 1) / tile;
    map.tiles_y = (frame.height + tile - 1) / tile;
    map.sigma.assign(map.tiles_x * map.tiles_y, std::numeric_limits<float>::quiet_NaN());
    map.background.assign(map.tiles_x * map.tiles_y, std::numeric_limits<float>::quiet_NaN());
    std::vector<int> diffs, values;
    diffs.reserve(tile * tile);
    values.reserve(tile * tile);
    for (std::size_t ty = 0; ty < map.tiles_y; ++ty) {
        for (std::size_t tx = 0; tx < map.tiles_x; ++tx) {
            std::size_t x0 = tx * tile, x1 = std::min(frame.width, x0 + tile);
            std::size_t y0 = ty * tile, y1 = std::min(frame.height, y0 + tile);
            diffs.clear();
            values.clear();
            for (std::size_t y = y0; y < y1; ++y) {
                const std::uint16_t* row = frame.pixels.data() + y * frame.width;
                for (std::size_t x = x0; x < x1; ++x) {
                    if (blank && row[x] == *blank) continue;
                    values.push_back(row[x]);
                    if (x > x0 && !(blank && row[x - 1] == *blank)) diffs.push_back(std::abs(int(row[x]) - int(row[x - 1])));
                }
            }
            std::size_t i = ty * map.tiles_x + tx;
            if (!values.empty()) map.background[i] = static_cast<float>(plain_grouped_median(values));
            if (diffs.size() >= 8) map.sigma[i] = static_cast<float>(sigma_from_difference_mad(folded_grouped_median(diffs)));
        }
    }
    return map;
}

namespace {

// Pixels the robust estimate leaves out (1 = invalid), with the counts per reason.
std::vector<std::uint8_t> build_mask(const Frame16& frame, const NoiseOptions& o, NoiseMask& m) {
    const auto px = frame.pixels.first(frame.size());
    return detail::build_mask<std::uint16_t>(
        px, frame.width, frame.height, [&](std::uint16_t v) { return o.blank && v == *o.blank; }, o.saturate,
        o.mask_frame_max, o.mask_constant_runs, m);
}

// sigma from the interpolated MAD of differences of valid pixel pairs `lag` apart along
// rows; `pairs` receives how many pairs there were.
double masked_mad_sigma(const Frame16& frame, const std::vector<std::uint8_t>& invalid, std::size_t lag,
                        std::size_t& pairs) {
    std::vector<std::uint64_t> hist(65536, 0);
    pairs = 0;
    if (frame.width <= lag) return 0.0;
    for (std::size_t y = 0; y < frame.height; ++y) {
        const std::size_t r = y * frame.width;
        const std::uint16_t* row = frame.pixels.data() + r;
        for (std::size_t x = lag; x < frame.width; ++x) {
            if (invalid[r + x] || invalid[r + x - lag]) continue;
            ++hist[static_cast<std::size_t>(std::abs(int(row[x]) - int(row[x - lag])))];
            ++pairs;
        }
    }
    return sigma_from_difference_mad(folded_grouped_median(hist));
}

// The background's sigma: the median over 32x32 tiles of each tile's MAD-of-differences
// sigma (valid pairs `lag` apart), so tiles covered by sources (whose photon noise is
// higher) do not pull it up; 0 with fewer than 4 tiles of at least 64 pairs.
double tiled_mad_sigma(const Frame16& frame, const std::vector<std::uint8_t>& invalid, std::size_t lag) {
    constexpr std::size_t kTile = 32;
    std::vector<double> sigmas;
    std::vector<int> diffs;
    for (std::size_t ty = 0; ty < frame.height; ty += kTile)
        for (std::size_t tx = 0; tx < frame.width; tx += kTile) {
            diffs.clear();
            const std::size_t x1 = std::min(frame.width, tx + kTile), y1 = std::min(frame.height, ty + kTile);
            for (std::size_t y = ty; y < y1; ++y) {
                const std::size_t r = y * frame.width;
                for (std::size_t x = tx + lag; x < x1; ++x)
                    if (!invalid[r + x] && !invalid[r + x - lag])
                        diffs.push_back(std::abs(int(frame.pixels[r + x]) - int(frame.pixels[r + x - lag])));
            }
            if (diffs.size() >= 64) sigmas.push_back(sigma_from_difference_mad(folded_grouped_median(diffs)));
        }
    if (sigmas.size() < 4) return 0.0;
    auto mid = sigmas.begin() + static_cast<std::ptrdiff_t>(sigmas.size() / 2);
    std::nth_element(sigmas.begin(), mid, sigmas.end());
    if (sigmas.size() % 2) return *mid;
    return 0.5 * (*mid + *std::max_element(sigmas.begin(), mid));
}

}  // namespace

namespace detail {

double truncated_variance_factor(double a, double b) {
    double z = normal_cdf(b) - normal_cdf(a);
    if (z <= 1e-12) return 1.0;
    double pa = normal_pdf(a), pb = normal_pdf(b);
    double aa = std::isinf(a) ? 0.0 : a * pa, bb = std::isinf(b) ? 0.0 : b * pb;
    double m = (pa - pb) / z;
    return std::max(1e-6, 1.0 + (aa - bb) / z - m * m);
}

std::string percent(double f) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f%%", 100.0 * f);
    return text;
}

std::string masked_text(const NoiseMask& mask, const std::string& blank_name) {
    std::string masked = "valid pixels only";
    auto add = [&](std::size_t count, std::string_view what) {
        masked.append(" ").append(std::to_string(count)).append(" ").append(what);
    };
    if (mask.masked() > 0) {
        masked.append(" (").append(percent(mask.fraction())).append(" masked:");
        if (mask.blank) add(mask.blank, blank_name);
        if (mask.saturated) add(mask.saturated, "saturated [" + mask.saturation_rule + "]");
        if (mask.constant) add(mask.constant, "in constant runs");
        masked += ")";
    }
    if (mask.constant_runs_kept) masked += "; constant runs kept (they are most of the frame)";
    return masked;
}

void mark_correlation(NoiseEstimate& e, double equal_fraction, double expected_equal, double lag_ratio,
                      double min_sigma) {
    if (equal_fraction > 2.0 * expected_equal + 0.02) {
        e.correlated = true;
        char text[200];
        std::snprintf(text, sizeof text,
                      "; %.1f%% of neighbouring pixels are equal where white noise would give %.1f%% (replicated "
                      "or smoothed pixels): the Gaussian noise floor is not a bound",
                      100.0 * equal_fraction, 100.0 * expected_equal);
        e.reason += text;
    } else if (lag_ratio > 1.2 && e.robust * lag_ratio > min_sigma) {
        e.correlated = true;
        char text[160];
        std::snprintf(text, sizeof text,
                      "; neighbouring pixels are correlated (sigma from pixels two apart is %.2fx): the "
                      "Gaussian noise floor is not a bound",
                      lag_ratio);
        e.reason += text;
    }
}

void use_noise3(NoiseEstimate& e, std::size_t pairs, double max_sigma, const std::string& masked) {
    e.robust = std::min(e.masked.noise3, max_sigma);
    e.estimator = "noise3";
    e.reason = "too few valid adjacent pixel pairs (" + std::to_string(pairs) + ") for the MAD; CFITSIO's noise3, " + masked;
}

}  // namespace detail

NoiseEstimate estimate_noise(const Frame16& frame, const NoiseOptions& options) {
    NoiseEstimate e;
    e.width = frame.width;
    e.height = frame.height;
    if (frame.size() == 0) return e;
    e.clipped = sigma_clipped(frame.pixels, options.clip_kappa, options.clip_max_iterations, options.blank);
    e.tiles = tile_noise_map(frame, options.tile, options.blank);

    const std::vector<std::uint8_t> invalid = build_mask(frame, options, e.mask);
    e.masked = cfitsio_noise_of(frame, invalid.data());
    // fpack's figures are the same estimators over the same pixels when only BLANK is masked
    // and fpack's sample is the whole frame (cfitsio_noise_of equals fits_img_stats_short:
    // noise_test); otherwise CFITSIO computes them on its own sample.
    if (e.mask.saturated == 0 && e.mask.constant == 0 && fpack_sample_is_whole_frame(frame, options.fpack_sample))
        e.cfitsio = e.masked;
    else
        e.cfitsio = cfitsio_noise(frame, options.blank, options.fpack_sample);
    // Every sigma is bounded by half the range of the valid data (no distribution within
    // [min, max] has a larger standard deviation), whatever a pathological frame does.
    std::uint16_t mn = 65535, mx = 0;
    const auto px = frame.pixels.first(frame.size());
    for (std::size_t i = 0; i < px.size(); ++i) {
        if (invalid[i]) continue;
        mn = std::min(mn, px[i]);
        mx = std::max(mx, px[i]);
    }
    const double max_sigma = mx >= mn ? 0.5 * (double(mx) - double(mn)) : 0.0;
    std::size_t pairs = 0, pairs2 = 0;
    e.mad = std::min(masked_mad_sigma(frame, invalid, 1, pairs), max_sigma);
    e.mad_lag2 = std::min(masked_mad_sigma(frame, invalid, 2, pairs2), max_sigma);

    const std::string masked = detail::masked_text(e.mask, "BLANK");
    // Digitised or rescaled data (photographic plates) use few of the integers in their
    // range: their noise is measured on the ranks of the values used, as a coder that packs
    // the histogram sees them.
    std::vector<std::uint16_t> ranked;
    const Frame16* measured = &frame;
    {
        std::vector<std::uint64_t> hist(65536, 0);
        std::uint64_t valid = 0;
        for (std::size_t i = 0; i < px.size(); ++i)
            if (!invalid[i]) {
                ++hist[px[i]];
                ++valid;
            }
        std::uint64_t below = 0;
        std::size_t lo = 0, hi = 0, used = 0;
        for (std::size_t v = 0; v < hist.size(); ++v) {
            if (below <= valid / 100) lo = v;
            below += hist[v];
            if (below <= valid - valid / 100) hi = v;
        }
        for (std::size_t v = lo; v <= hi; ++v) used += hist[v] > 0;
        const std::size_t width = hi >= lo ? hi - lo + 1 : 0;
        if (width >= 64 && used >= 16 && 2 * used < width) {
            std::vector<std::uint16_t> rank(65536, 0);
            std::uint16_t r = 0;
            for (std::size_t v = 0; v < hist.size(); ++v) {
                rank[v] = r;
                if (hist[v]) ++r;
            }
            ranked.resize(px.size());
            for (std::size_t i = 0; i < px.size(); ++i) ranked[i] = rank[px[i]];
            e.value_fraction = double(used) / double(width);
        }
    }
    Frame16 rank_frame{ranked, frame.width, frame.height};
    if (!ranked.empty()) measured = &rank_frame;
    const double tiled = std::min(tiled_mad_sigma(*measured, invalid, 1), max_sigma);
    // White noise: pixels two apart differ as much as neighbours; more means correlation
    // (resampled, smoothed or scanned data). Compared like with like (tiles or whole frame).
    const double lag_ratio = detail::choose_robust(
        e, tiled, [&] { return std::min(tiled_mad_sigma(*measured, invalid, 2), max_sigma); }, pairs, masked);
    if (tiled > 0 && !ranked.empty()) {
        e.estimator += "-ranks";
        e.reason += "; on the ranks of the values used (they are " + detail::percent(e.value_fraction) +
                    " of the integers in their central range: digitised or rescaled data)";
    }
    // Replicated (upsampled) or quantised pixels: far more equal neighbours than white noise
    // of this sigma gives (its neighbour differences are N(0, 2 sigma^2 + 1/6) rounded).
    double equal_fraction = 0, expected_equal = 1;
    if (e.robust > 1.0) {
        std::size_t equal = 0, n = 0;
        for (std::size_t y = 0; y < measured->height; ++y) {
            const std::size_t r = y * measured->width;
            for (std::size_t x = 1; x < measured->width; ++x) {
                if (invalid[r + x] || invalid[r + x - 1]) continue;
                ++n;
                equal += measured->pixels[r + x] == measured->pixels[r + x - 1];
            }
        }
        equal_fraction = n ? double(equal) / double(n) : 0.0;
        expected_equal = std::erf(0.5 / std::sqrt(2.0 * (2.0 * e.robust * e.robust + 1.0 / 6.0)));
    }
    if (e.robust > 0 || pairs >= 16) {
        detail::mark_correlation(e, equal_fraction, expected_equal, lag_ratio, 0.5);
    } else {
        detail::use_noise3(e, pairs, max_sigma, masked);
    }
    return e;
}

}  // namespace bitsky::analysis
