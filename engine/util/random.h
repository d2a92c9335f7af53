#pragma once
// A small, fully specified random generator so the sample sky is bit-identical for a
// seed on every platform (std::*_distribution results differ between libraries).
#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace bitsky::util {

class Random {
public:
    explicit Random(std::uint64_t seed) {
        for (auto& s : s_) s = splitmix(seed);
    }
    std::uint64_t next() {  // xoshiro256**
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    // The generator's whole state (e.g. for a training checkpoint): set_state(state()) continues
    // the same sequence.
    std::array<std::uint64_t, 4> state() const { return {s_[0], s_[1], s_[2], s_[3]}; }
    void set_state(const std::array<std::uint64_t, 4>& s) {
        for (int i = 0; i < 4; ++i) s_[i] = s[std::size_t(i)];
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    double uniform(double a, double b) { return a + (b - a) * uniform(); }
    double normal() {  // Box-Muller, one value per call
        double u1 = 0;
        while (u1 <= 0) u1 = uniform();
        double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }
    // Poisson: multiplication method for small means, Hoermann's PTRS above 10.
    std::int64_t poisson(double lambda) {
        if (lambda <= 0) return 0;
        if (lambda < 10) {
            double l = std::exp(-lambda), p = 1.0;
            std::int64_t k = 0;
            do {
                ++k;
                p *= uniform();
            } while (p > l);
            return k - 1;
        }
        const double slam = std::sqrt(lambda), loglam = std::log(lambda);
        const double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b, invalpha = 1.1239 + 1.1328 / (b - 3.4);
        const double vr = 0.9277 - 3.6224 / (b - 2);
        for (;;) {
            double u = uniform() - 0.5, v = uniform();
            double us = 0.5 - std::fabs(u);
            double k = std::floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr) return static_cast<std::int64_t>(k);
            if (k < 0 || (us < 0.013 && v > us)) continue;
            if (std::log(v) + std::log(invalpha) - std::log(a / (us * us) + b) <=
                -lambda + k * loglam - std::lgamma(k + 1))
                return static_cast<std::int64_t>(k);
        }
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static std::uint64_t splitmix(std::uint64_t& x) {
        std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::uint64_t s_[4];
};

}  // namespace bitsky::util
