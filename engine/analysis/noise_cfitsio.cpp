// CFITSIO's noise estimators (quantize.c 4.2: FnMeanSigma_short, FnNoise1_short,
// FnNoise5_short, as fits_img_stats_short calls them), reproduced step by step on the
// stored int16 values, with any set of pixels skipped as CFITSIO skips its one null value.
// With only BLANK skipped the results equal fits_img_stats_short's (tested); with the
// analysis mask (saturation, constant runs) they are the masked estimates.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <span>
#include <type_traits>
#include <vector>

#include "engine/analysis/noise.h"
#include "engine/analysis/small_select.h"

namespace bitsky::analysis {
namespace {

// The element at index (n - 1) / 2 after ordering, by the same partitioning steps as
// CFITSIO's quick_select (Wirth's median of three, then nibbling from both ends): the order
// it leaves matters, because CFITSIO reuses the buffer for the next row.
template <typename T>
T quick_select(std::vector<T>& a, std::size_t n) {
    std::ptrdiff_t low = 0, high = static_cast<std::ptrdiff_t>(n) - 1;
    const std::ptrdiff_t median = (low + high) / 2;
    for (;;) {
        if (high <= low) return a[std::size_t(median)];
        if (high == low + 1) {
            if (a[std::size_t(low)] > a[std::size_t(high)]) std::swap(a[std::size_t(low)], a[std::size_t(high)]);
            return a[std::size_t(median)];
        }
        const std::ptrdiff_t middle = (low + high) / 2;
        auto at = [&](std::ptrdiff_t i) -> T& { return a[std::size_t(i)]; };
        if (at(middle) > at(high)) std::swap(at(middle), at(high));
        if (at(low) > at(high)) std::swap(at(low), at(high));
        if (at(middle) > at(low)) std::swap(at(middle), at(low));
        std::swap(at(middle), at(low + 1));
        std::ptrdiff_t ll = low + 1, hh = high;
        for (;;) {
            do ++ll; while (at(low) > at(ll));
            do --hh; while (at(hh) > at(low));
            if (hh < ll) break;
            std::swap(at(ll), at(hh));
        }
        std::swap(at(low), at(hh));
        if (hh <= median) low = ll;
        if (hh >= median) high = hh - 1;
    }
}

double median_of_rows(std::vector<double>& rows) {
    if (rows.empty()) return 0;
    if (rows.size() == 1) return rows[0];
    std::sort(rows.begin(), rows.end());
    const std::size_t n = rows.size();
    return (rows[(n - 1) / 2] + rows[n / 2]) / 2.;
}

// Mean and population sigma (CFITSIO's FnMeanSigma) of n values.
template <typename T>
void mean_sigma(const T* v, std::size_t n, double& mean, double& sigma) {
    double sum = 0, sum2 = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double x = v[i];
        sum += x;
        sum2 += x * x;
    }
    if (n > 1) {
        mean = sum / double(n);
        sigma = std::sqrt(sum2 / double(n) - mean * mean);
    } else {
        mean = n == 1 ? sum : 0.;
        sigma = 0.;
    }
}

// The valid pixels of one row as stored int16 values.
void valid_row(const Frame16& frame, const std::uint8_t* invalid, std::size_t y0, std::size_t len,
               std::vector<std::int16_t>& out) {
    out.clear();
    const std::uint16_t* p = frame.pixels.data() + y0;
    for (std::size_t i = 0; i < len; ++i)
        if (!invalid || !invalid[y0 + i]) out.push_back(static_cast<std::int16_t>(int(p[i]) - 32768));
}


// The estimators on rows of values V (int16 as CFITSIO's _short functions, double as its
// _float/_double ones); D1 is the type noise1 keeps differences in (short for shorts, as
// CFITSIO does), DN the type of the higher-order differences. rows(y0, len, out) gives the
// valid values of pixels y0 .. y0 + len - 1 (row-major).
template <typename V, typename D1, typename DN, typename Rows>
CfitsioNoise noise_of(std::size_t width, std::size_t height, Rows rows_of) {
    CfitsioNoise out;
    const std::size_t npix = width * height;
    if (npix == 0) return out;
    // Mean and sigma of every valid pixel.
    {
        std::vector<V> all;
        all.reserve(npix);
        rows_of(0, npix, all);
        out.good_pixels = static_cast<long>(all.size());
        mean_sigma(all.data(), all.size(), out.mean, out.sigma);
    }
    std::vector<V> row;

    // noise1: per row, the sigma-clipped (5 sigma, 3 iterations) rms of first differences,
    // median over rows, / sqrt(2).
    if (width >= 3) {
        std::vector<double> rows;
        std::vector<D1> d;
        for (std::size_t y = 0; y < height; ++y) {
            rows_of(y * width, width, row);
            if (row.size() < 3) continue;
            d.clear();
            for (std::size_t i = 1; i < row.size(); ++i) d.push_back(static_cast<D1>(row[i - 1] - row[i]));
            std::size_t n = d.size();
            double mean = 0, stdev = 0;
            mean_sigma(d.data(), n, mean, stdev);
            if (stdev > 0.) {
                for (int iter = 0; iter < 3; ++iter) {
                    std::size_t k = 0;
                    for (std::size_t i = 0; i < n; ++i)
                        if (std::fabs(d[i] - mean) < 5. * stdev) d[k++] = d[i];
                    if (k == n) break;
                    n = k;
                    mean_sigma(d.data(), n, mean, stdev);
                }
            }
            rows.push_back(stdev);
        }
        out.noise1 = .70710678 * median_of_rows(rows);
    }

    // noise2/3/5: per row, medians of |x5 - x7|, |2 x5 - x3 - x7| and the 5th-order
    // difference over the valid pixels, skipping constant stretches; medians over rows.
    std::size_t nx = width, ny = height;
    if (nx < 9) {  // CFITSIO treats the whole image as one row
        nx *= ny;
        ny = 1;
    }
    V mn = std::numeric_limits<V>::max(), mx = std::numeric_limits<V>::lowest();
    if (nx < 9) {
        rows_of(0, npix, row);
        for (auto v : row) {
            mn = std::min(mn, v);
            mx = std::max(mx, v);
        }
        out.min = static_cast<double>(mn);
        out.max = static_cast<double>(mx);
        return out;
    }
    // CFITSIO's differences2 buffer keeps values from earlier rows, and its median is taken
    // over nvals (the count of 3rd/5th-order differences) elements: reproduced.
    std::vector<DN> d2(nx, 0), d3(nx, 0), d5(nx, 0);
    SmallIntSelect counting;
    auto fresh_select = [&](std::vector<DN>& d, std::size_t n) -> DN {
        if constexpr (std::is_integral_v<DN>) {
            SmallIntSelect::Result r;
            if (counting.select(d.data(), n, (n - 1) / 2, r)) return static_cast<DN>(r.value);
        }
        return quick_select(d, n);
    };
    std::vector<double> rows2, rows3, rows5;
    for (std::size_t y = 0; y < ny; ++y) {
        rows_of(y * nx, nx, row);
        for (auto v : row) {
            mn = std::min(mn, v);
            mx = std::max(mx, v);
        }
        if (row.size() < 9) continue;
        std::size_t nvals = 0, nvals2 = 0;
        for (std::size_t i = 8; i < row.size(); ++i) {
            const DN v1 = row[i - 8], v3 = row[i - 6], v4 = row[i - 5], v5 = row[i - 4], v6 = row[i - 3],
                     v7 = row[i - 2], v9 = row[i];
            if (!(v5 == v6 && v6 == v7)) d2[nvals2++] = std::abs(v5 - v7);
            if (!(v3 == v4 && v4 == v5 && v5 == v6 && v6 == v7)) {
                d3[nvals] = std::abs(2 * v5 - v3 - v7);
                d5[nvals] = std::abs(6 * v5 - 4 * v3 - 4 * v7 + v1 + v9);
                ++nvals;
            }
        }
        if (nvals == 0) continue;
        if (nvals == 1) {
            if (nvals2 == 1) rows2.push_back(static_cast<double>(d2[0]));
            rows3.push_back(static_cast<double>(d3[0]));
            rows5.push_back(static_cast<double>(d5[0]));
        } else {
            // d2 keeps CFITSIO's partitioning (its stale tail is part of the next rows'
            // medians); d3 and d5 are rewritten in full every row, so any exact selection
            // of the element at (nvals - 1) / 2 gives CFITSIO's value.
            if (nvals2 > 1) rows2.push_back(static_cast<double>(quick_select(d2, nvals)));
            rows3.push_back(static_cast<double>(fresh_select(d3, nvals)));
            rows5.push_back(static_cast<double>(fresh_select(d5, nvals)));
        }
    }
    out.min = static_cast<double>(mn);
    out.max = static_cast<double>(mx);
    out.noise2 = 1.0483579 * median_of_rows(rows2);
    out.noise3 = 0.6052697 * median_of_rows(rows3);
    out.noise5 = 0.1772048 * median_of_rows(rows5);
    return out;
}

}  // namespace

CfitsioNoise cfitsio_noise_of(const Frame16& frame, const std::uint8_t* invalid) {
    // On the stored int16 values, as fits_img_stats_short sees them; levels in the uint16 view.
    CfitsioNoise out = noise_of<std::int16_t, std::int16_t, int>(
        frame.width, frame.height, [&](std::size_t y0, std::size_t len, std::vector<std::int16_t>& row) {
            valid_row(frame, invalid, y0, len, row);
        });
    if (out.good_pixels > 0 || frame.size() > 0) {
        out.mean += 32768.0;
        out.min += 32768.0;
        out.max += 32768.0;
    }
    return out;
}

CfitsioNoise cfitsio_noise_of_values(std::span<const double> values, std::size_t width, std::size_t height,
                                     const std::uint8_t* invalid) {
    return noise_of<double, double, double>(
        width, height, [&](std::size_t y0, std::size_t len, std::vector<double>& row) {
            row.clear();
            for (std::size_t i = y0; i < y0 + len; ++i)
                if (!invalid || !invalid[i]) row.push_back(values[i]);
        });
}

}  // namespace bitsky::analysis
