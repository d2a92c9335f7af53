#pragma once
// The palette of a BitSky plane (engine-internal, for bitsky_planes.cpp): its sorted
// distinct values, each pixel's rank among them, and the range-coded table of the values.
#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/model/context_model.h"

namespace bitsky::codecs::bitsky_palette {

constexpr std::size_t kMaxPalette = 65536;

// The sorted distinct values as gaps (first value, then differences minus 1), each as
// Elias-gamma of gap + 1 with adaptive exponent and top mantissa bits, the rest raw.
template <class Coder>
void code_table(Coder& c, std::uint64_t* values, std::size_t n) {
    std::array<model::ctxmodel::Prob, 65> expo{};
    std::vector<std::array<model::ctxmodel::Prob, 8>> mant(64);
    std::uint64_t prev = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t gap = Coder::decoding ? 0 : (i == 0 ? values[0] : values[i] - values[i - 1] - 1);
        // gap + 1 cannot overflow: the first value is the plane's minimum, 0, or gaps are < 2^64 - 1.
        const std::uint64_t x = gap + 1;
        const int e_true = std::bit_width(x) - 1;
        int e = 0;
        while (e < 63 && c.bit(expo[static_cast<std::size_t>(e)], e < e_true)) ++e;
        std::uint64_t m = 0;
        for (int j = e - 1; j >= 0; --j) {
            const int top = e - 1 - j;  // 0 for the bit below the leading one
            const int bit = static_cast<int>((x >> j) & 1u);
            int b;
            if (top < 8) {
                b = c.bit(mant[static_cast<std::size_t>(e)][static_cast<std::size_t>(top)], bit);
            } else {
                b = static_cast<int>(c.raw(1, static_cast<unsigned>(bit)));
            }
            m = m << 1 | static_cast<std::uint64_t>(b);
        }
        const std::uint64_t g = ((std::uint64_t{1} << e) | m) - 1;
        const std::uint64_t v = i == 0 ? g : prev + g + 1;
        values[i] = v;
        prev = v;
    }
}

// The largest value (a plain loop: std::max_element is not vectorised, 5x slower).
template <class U>
std::uint64_t max_of(std::span<const U> u) {
    U m = 0;
    for (const U v : u) m = std::max(m, v);
    return m;
}

// Palettes of values below kLookupLimit are found with a byte per possible value and
// ranked through a table of 16-bit ranks (at most 4 + 8 MiB); below kBitSetLimit with a
// bit set (at most 16 MiB); larger values with a hash set and a binary search.
constexpr std::uint64_t kLookupLimit = std::uint64_t{1} << 22;
constexpr std::uint64_t kBitSetLimit = std::uint64_t{1} << 27;

// The sorted distinct values, or nothing if there are more than `limit`. `max`: the
// largest value (max_of(u)) if the caller knows it (one pass fewer over a large plane).
template <class U>
std::vector<std::uint64_t> distinct_values(std::span<const U> u, std::size_t limit, std::uint64_t max) {
    std::vector<std::uint64_t> out;
    if (max < kLookupLimit) {
        std::vector<std::uint8_t> seen(static_cast<std::size_t>(max + 1), 0);
        for (const U v : u) seen[static_cast<std::size_t>(v)] = 1;
        for (std::size_t i = 0; i <= max; ++i)
            if (seen[i]) {
                if (out.size() == limit) return {};
                out.push_back(i);
            }
        return out;
    }
    if (max < kBitSetLimit) {
        std::vector<std::uint64_t> seen(static_cast<std::size_t>(max / 64 + 1), 0);
        for (const U v : u) seen[static_cast<std::size_t>(v / 64)] |= std::uint64_t{1} << (v % 64);
        for (std::size_t i = 0; i < seen.size(); ++i)
            for (std::uint64_t b = seen[i]; b != 0; b &= b - 1) {
                if (out.size() == limit) return {};
                out.push_back(i * 64 + static_cast<std::uint64_t>(std::countr_zero(b)));
            }
        return out;
    }
    // An open-addressing hash set (load at most 1/4) that gives up past `limit` values:
    // noisy planes stop after about `limit` pixels instead of sorting the frame.
    constexpr std::uint64_t kEmpty = ~std::uint64_t{0};  // kept apart: a value may be it
    const int shift = 64 - std::max(4, static_cast<int>(std::bit_width(4 * limit)));
    std::vector<std::uint64_t> slot(std::size_t{1} << (64 - shift), kEmpty);
    bool has_empty = false;
    std::size_t count = 0;
    for (const U v : u) {
        const auto x = static_cast<std::uint64_t>(v);
        if (x == kEmpty) {
            count += has_empty ? 0 : 1;
            has_empty = true;
        } else {
            std::size_t i = static_cast<std::size_t>((x * 0x9E3779B97F4A7C15u) >> shift);
            while (slot[i] != kEmpty && slot[i] != x) i = (i + 1) & (slot.size() - 1);
            if (slot[i] == kEmpty) {
                slot[i] = x;
                ++count;
            }
        }
        if (count > limit) return {};
    }
    for (const auto x : slot)
        if (x != kEmpty) out.push_back(x);
    if (has_empty) out.push_back(kEmpty);
    std::sort(out.begin(), out.end());
    return out;
}

template <class U>
std::vector<std::uint64_t> distinct_values(std::span<const U> u, std::size_t limit) {
    return distinct_values(u, limit, max_of(u));
}

// Each value's index in the sorted table that holds it.
template <class U>
std::vector<std::uint16_t> ranks_of(std::span<const U> u, const std::vector<std::uint64_t>& table) {
    std::vector<std::uint16_t> ranks(u.size());
    if (table.empty()) return ranks;
    if (table.back() < kLookupLimit) {
        std::vector<std::uint16_t> rank(static_cast<std::size_t>(table.back() + 1));
        for (std::size_t i = 0; i < table.size(); ++i) rank[static_cast<std::size_t>(table[i])] = static_cast<std::uint16_t>(i);
        for (std::size_t i = 0; i < u.size(); ++i) ranks[i] = rank[static_cast<std::size_t>(u[i])];
        return ranks;
    }
    for (std::size_t i = 0; i < u.size(); ++i) {  // branch-free binary search
        const std::uint64_t* base = table.data();
        for (std::size_t n = table.size(); n > 1;) {
            const std::size_t half = n / 2;
            base = base[half] <= u[i] ? base + half : base;
            n -= half;
        }
        ranks[i] = static_cast<std::uint16_t>(base - table.data());
    }
    return ranks;
}

}  // namespace bitsky::codecs::bitsky_palette
