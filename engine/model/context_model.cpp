#include "engine/model/context_model.h"

#include <cstdlib>

namespace bitsky::model::ctxmodel {

const float* cost_table() {
    static const std::vector<float> table = [] {
        std::vector<float> t(65537, 0.0f);
        t[0] = 16.0f;  // never used: probabilities are clamped to [32, 65504]
        for (std::size_t p = 1; p <= 65536; ++p) t[p] = static_cast<float>(-std::log2(static_cast<double>(p) / 65536.0));
        return t;
    }();
    return table.data();
}

const std::uint8_t* activity_table() {
    static const std::vector<std::uint8_t> table = [] {
        std::vector<std::uint8_t> t(kActivityTableSize);
        for (int i = 0; i < kActivityTableSize; ++i) {
            // Class of the bin's lower edge: the same float expression as the slow path.
            float a = static_cast<float>(i) / 8.0f;
            int c = static_cast<int>(2.0f * std::log2(1.0f + a));
            t[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(std::min(c, kActivityClasses - 1));
        }
        return t;
    }();
    return table.data();
}

const std::array<Cdf, kActivityClasses>& prior_cdfs() {
    // Only + - * / on doubles (correctly rounded everywhere): encoder and decoder on any
    // machine build the same tables.
    static const std::array<Cdf, kActivityClasses> table = [] {
        std::array<Cdf, kActivityClasses> t{};
        for (int cls = 0; cls < kActivityClasses; ++cls) {
            // Mean |residual| at the class's centre: classes are 2 per octave of 1 + mean.
            double centre = 1.0;
            for (int k = 0; k < cls; ++k) centre *= 1.4142135623730951;
            centre = centre * 1.189207115002721 - 1.0;
            const double b = std::max(centre, 0.35);
            const double theta = b / (1.0 + b);  // geometric |s| with mean b
            const int raw_bits = kRawBits[static_cast<std::size_t>(cls)];
            std::array<double, kTokens> p{};
            // u = 0, 1, 2, ... <-> s = 0, +1, -1, +2, ...: p(u) ~ theta^|s|; hi = u >> raw_bits.
            double pu = 1.0, total = 0.0;
            for (unsigned u = 0; u <= 65536u && pu > 1e-12; ++u) {
                if (u > 0 && (u & 1u)) pu *= theta;  // |s| grows at every odd u
                p[static_cast<std::size_t>(token_of(u >> raw_bits))] += pu;
                total += pu;
            }
            // Mix with uniform so no token starts improbable, then quantise.
            double acc = 0.0;
            auto& c = t[static_cast<std::size_t>(cls)];
            c.c[0] = 0;
            for (int i = 0; i < kTokens; ++i) {
                acc += 0.97 * p[static_cast<std::size_t>(i)] / total + 0.03 / kTokens;
                c.c[static_cast<std::size_t>(i) + 1] = static_cast<std::int32_t>(acc * kCdfTotal);
            }
            for (int i = kTokens; i < kCdfLanes; ++i) c.c[static_cast<std::size_t>(i)] = kCdfTotal;
            c.n = kPriorCount;
        }
        return t;
    }();
    return table;
}

FrameOptions choose_options(const std::uint16_t* px, std::size_t width, std::size_t height) {
    FrameOptions o;
    const std::size_t n = width * height;
    if (n < 64) return o;
    std::vector<std::uint32_t> hist(65536, 0);
    for (std::size_t i = 0; i < n; ++i) ++hist[px[i]];
    // Density of used values between the 1st and 99th percentiles.
    const std::size_t lo_rank = n / 100, hi_rank = n - 1 - n / 100;
    std::size_t seen = 0, lo = 0, hi = 65535, used_body = 0, used = 0;
    bool have_lo = false;
    for (std::size_t v = 0; v < 65536; ++v) {
        if (!hist[v]) continue;
        ++used;
        if (!have_lo && seen + hist[v] > lo_rank) {
            lo = v;
            have_lo = true;
        }
        seen += hist[v];
        if (seen > hi_rank) {
            hi = v;
            break;
        }
    }
    for (std::size_t v = lo; v <= hi; ++v) used_body += hist[v] != 0;
    const std::size_t span = hi - lo + 1;
    o.palette = span >= 16 && used_body * 2 < span;
    if (o.palette) {
        for (std::size_t v = 0; v < 65536; ++v)
            if (hist[v]) o.values.push_back(static_cast<std::uint16_t>(v));
    }
    // Exact copies of the W or N neighbour, against differences of one (in symbol
    // space): replicated pixels make equality far more common than a smooth noisy
    // image does.
    std::vector<std::uint16_t> sym;
    if (o.palette) {
        sym.assign(65536, 0);
        for (std::size_t i = 0; i < o.values.size(); ++i) sym[o.values[i]] = static_cast<std::uint16_t>(i);
    }
    auto s = [&](std::size_t i) -> int { return o.palette ? sym[px[i]] : px[i]; };
    std::size_t equal = 0, one_off = 0, total = 0;
    for (std::size_t y = 1; y < height; ++y)
        for (std::size_t x = 1; x < width; ++x) {
            const int c = s(y * width + x), w = s(y * width + x - 1), nn = s((y - 1) * width + x);
            equal += (c == w) + (c == nn);
            one_off += (std::abs(c - w) == 1) + (std::abs(c - nn) == 1);
            total += 2;
        }
    o.copy = equal * 5 > total && equal > 2 * one_off;
    return o;
}

}  // namespace bitsky::model::ctxmodel
