#pragma once
// Order statistics of small non-negative integers (absolute pixel differences) by counting:
// O(n + max) instead of a partitioning selection, and exactly the same value (the k-th
// smallest of a multiset does not depend on how it is found). The noise estimators take
// hundreds of such medians per frame (one per row or tile).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace bitsky::analysis {

class SmallIntSelect {
public:
    struct Result {
        long long value = 0;      // the k-th smallest (0-based)
        std::size_t below = 0;    // how many values are smaller
        std::size_t equal = 0;    // how many equal it
    };
    // The k-th smallest (k < n) of v[0..n) (every value >= 0). Values up to 4n + 1024 are
    // counted, larger ones only tallied (counting them would cost more than selecting); false,
    // with nothing computed, when the k-th smallest is one of the large ones (the caller
    // selects otherwise: rare for medians of differences, which are small). The counts
    // buffer is kept between calls.
    template <typename T>
    bool select(const T* v, std::size_t n, std::size_t k, Result& out) {
        if (n == 0 || k >= n) return false;
        T mx = v[0];
        for (std::size_t i = 1; i < n; ++i) mx = std::max(mx, v[i]);
        if (mx < 0) return false;
        const std::size_t limit = 4 * n + 1024;
        const std::size_t bins = std::min(static_cast<std::size_t>(mx), limit) + 1;
        counts_.assign(bins, 0);
        if (static_cast<std::size_t>(mx) < bins) {
            for (std::size_t i = 0; i < n; ++i) ++counts_[static_cast<std::size_t>(v[i])];
        } else {
            for (std::size_t i = 0; i < n; ++i)
                if (static_cast<std::size_t>(v[i]) < bins) ++counts_[static_cast<std::size_t>(v[i])];
        }
        std::size_t below = 0;
        for (std::size_t b = 0; b < bins; ++b) {
            if (below + counts_[b] > k) {
                out = {static_cast<long long>(b), below, counts_[b]};
                return true;
            }
            below += counts_[b];
        }
        return false;  // the k-th smallest is above the counted range
    }

    // The k-th smallest (k < v.size()) of any non-empty v with the counts below and equal:
    // counted when select() can, else by std::nth_element (v reordered).
    Result order_statistic(std::vector<int>& v, std::size_t k) {
        Result r;
        if (select(v.data(), v.size(), k, r)) return r;
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
        r.value = v[k];
        for (int x : v) {
            r.below += x < r.value;
            r.equal += x == r.value;
        }
        return r;
    }

private:
    std::vector<std::uint32_t> counts_;
};

}  // namespace bitsky::analysis
