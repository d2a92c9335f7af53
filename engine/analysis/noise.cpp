#include "engine/analysis/noise.h"

#include <fitsio.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "engine/util/error.h"

namespace bitsky::analysis {
namespace {

constexpr double kMadToSigma = 1.482602218505602;  // 1 / Phi^-1(3/4)

double normal_pdf(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::numbers::pi); }
double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

// Variance of a standard normal truncated to [a, b].
double truncated_variance_factor(double a, double b) {
    double z = normal_cdf(b) - normal_cdf(a);
    if (z <= 1e-12) return 1.0;
    double pa = normal_pdf(a), pb = normal_pdf(b);
    double aa = std::isinf(a) ? 0.0 : a * pa, bb = std::isinf(b) ? 0.0 : b * pb;
    double m = (pa - pb) / z;
    return std::max(1e-6, 1.0 + (aa - bb) / z - m * m);
}

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

// Folded grouped median of |v| for a small sample (tiles); v is reordered.
double folded_grouped_median(std::vector<int>& v) {
    if (v.empty()) return 0.0;
    std::size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    int m = v[mid];
    std::size_t below = 0, equal = 0;
    for (int x : v) {
        below += x < m;
        equal += x == m;
    }
    double half = 0.5 * static_cast<double>(v.size());
    double start = m == 0 ? 0.0 : m - 0.5, width = m == 0 ? 0.5 : 1.0;
    return start + width * (half - static_cast<double>(below)) / static_cast<double>(equal);
}

double plain_grouped_median(std::vector<int>& v) {
    if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    int m = v[mid];
    std::size_t below = 0, equal = 0;
    for (int x : v) {
        below += x < m;
        equal += x == m;
    }
    double half = 0.5 * static_cast<double>(v.size());
    return m - 0.5 + (half - static_cast<double>(below)) / static_cast<double>(equal);
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

double NoiseEstimate::sigma() const {
    if (std::isfinite(clipped.std) && clipped.std > 0 && clipped.kept >= 16) return clipped.std;
    return mad;
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

CfitsioNoise cfitsio_noise(const Frame16& frame, std::optional<std::uint16_t> blank, bool fpack_sample) {
    CfitsioNoise out;
    if (frame.size() == 0) return out;
    // fpack's fp_i2stat: the central XSAMPLE x YSAMPLE (4100) pixels, 1-based bounds.
    auto range = [&](std::size_t n) {
        long len = static_cast<long>(n), i1 = 1, i2 = len;
        if (fpack_sample) {
            i1 = std::max(1L, len / 2 - (4100 / 2 - 1));
            i2 = std::min(len, len / 2 + 4100 / 2);
        }
        return std::pair<long, long>{i1 - 1, i2 - 1};
    };
    auto [x0, x1] = range(frame.width);
    auto [y0, y1] = range(frame.height);
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

NoiseEstimate estimate_noise(const Frame16& frame, const NoiseOptions& options) {
    NoiseEstimate e;
    e.width = frame.width;
    e.height = frame.height;
    if (frame.size() == 0) return e;
    e.cfitsio = cfitsio_noise(frame, options.blank, options.fpack_sample);
    // Every sigma is bounded by half the data range (no distribution within [min, max] has
    // a larger standard deviation), whatever the estimator makes of a pathological frame.
    std::uint16_t mn = 65535, mx = 0;
    for (auto v : frame.pixels.first(frame.size())) {
        if (options.blank && v == *options.blank) continue;
        mn = std::min(mn, v);
        mx = std::max(mx, v);
    }
    const double max_sigma = mx >= mn ? 0.5 * (double(mx) - double(mn)) : 0.0;
    e.mad = std::min(mad_difference_sigma(frame, options.blank), max_sigma);
    e.clipped = sigma_clipped(frame.pixels, options.clip_kappa, options.clip_max_iterations, options.blank);
    e.tiles = tile_noise_map(frame, options.tile, options.blank);
    return e;
}

}  // namespace bitsky::analysis
