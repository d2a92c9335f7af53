#pragma once
// Small order statistics used by timings and reports.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <vector>

namespace bitsky::util {

// Median (mean of the two middle values for an even count); 0 for no values.
inline double median(std::vector<double> v) {
    if (v.empty()) return 0;
    const std::size_t n = v.size();
    auto mid = v.begin() + static_cast<std::ptrdiff_t>(n / 2);
    std::nth_element(v.begin(), mid, v.end());
    if (n % 2) return *mid;
    return 0.5 * (*std::max_element(v.begin(), mid) + *mid);
}

// Least-squares line y = intercept + slope * x, with the RMS of the residuals
// y - (intercept + slope x). nullopt for fewer than 2 points or when every x is equal.
struct LineFit {
    double intercept = 0, slope = 0, rms_residual = 0;
    std::size_t n = 0;
    double at(double x) const { return intercept + slope * x; }
};
inline std::optional<LineFit> fit_line(const std::vector<double>& x, const std::vector<double>& y) {
    const std::size_t n = std::min(x.size(), y.size());
    if (n < 2) return std::nullopt;
    // Centred sums (numerically stable for large x).
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < n; ++i) {
        mx += x[i];
        my += y[i];
    }
    mx /= double(n);
    my /= double(n);
    double sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sxx += (x[i] - mx) * (x[i] - mx);
        sxy += (x[i] - mx) * (y[i] - my);
    }
    if (!(sxx > 1e-300)) return std::nullopt;
    LineFit f;
    f.n = n;
    f.slope = sxy / sxx;
    f.intercept = my - f.slope * mx;
    double ss = 0;
    for (std::size_t i = 0; i < n; ++i) ss += (y[i] - f.at(x[i])) * (y[i] - f.at(x[i]));
    f.rms_residual = std::sqrt(ss / double(n));
    return f;
}

}  // namespace bitsky::util
