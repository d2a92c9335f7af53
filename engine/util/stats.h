#pragma once
// Small order statistics used by timings and reports.
#include <algorithm>
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

}  // namespace bitsky::util
