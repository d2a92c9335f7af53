#include "engine/analysis/predict.h"

#include "engine/analysis/costmap.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace bitsky::analysis {
namespace {

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

// pmf of round(N(0, sigma^2)) on -K..K (index k + K).
std::vector<double> discrete_gaussian(double sigma, long& K) {
    K = static_cast<long>(std::ceil(12.0 * sigma)) + 2;
    std::vector<double> p(static_cast<std::size_t>(2 * K + 1));
    for (long k = -K; k <= K; ++k) {
        // Difference of the two tails keeps precision far from the centre.
        double a = (k - 0.5) / sigma, b = (k + 0.5) / sigma;
        double v = k >= 0 ? normal_cdf(-a) - normal_cdf(-b) : normal_cdf(b) - normal_cdf(a);
        p[static_cast<std::size_t>(k + K)] = std::max(v, 0.0);
    }
    return p;
}

}  // namespace

double histogram_entropy(std::span<const std::uint64_t> counts) {
    double n = 0;
    for (auto c : counts) n += static_cast<double>(c);
    if (n <= 0) return 0.0;
    double h = 0;
    for (auto c : counts)
        if (c) {
            double p = static_cast<double>(c) / n;
            h -= p * std::log2(p);
        }
    return h;
}

double discrete_gaussian_entropy(double sigma) {
    if (!(sigma > 1e-3)) return 0.0;
    long K = 0;
    auto p = discrete_gaussian(sigma, K);
    double h = 0;
    for (double v : p)
        if (v > 0) h -= v * std::log2(v);
    return h;
}

double gaussian_entropy_bits(double sigma) {
    if (!(sigma > 0)) return 0.0;
    // The entropy of the rounded Gaussian, summed exactly (right below sigma ~ 2 and as
    // sigma -> 0, where the continuous formula fails); far above the rounding scale the two
    // agree to 1e-9 bit and the sum would only cost time.
    if (sigma <= 4096.0) return discrete_gaussian_entropy(sigma);
    return std::log2(sigma * std::sqrt(2.0 * std::numbers::pi * std::numbers::e));
}

double predicted_rice_bpp(double sigma, std::size_t tile_length, int* best_k) {
    // Far above the rounding scale, Rice with parameter k + s on values 2^s times larger
    // costs the same as Rice k plus s raw bits: compute at sigma / 2^s (bounded work and
    // memory for any sigma).
    if (!std::isfinite(sigma)) sigma = 65535.0;
    int scale_bits = 0;
    while (sigma > 64.0) {
        sigma *= 0.5;
        ++scale_bits;
    }
    // Distribution of the difference of two neighbouring rounded pixels.
    std::vector<double> q;
    long K = 0;
    if (sigma <= 1e-3) {
        q = {1.0};
    } else if (sigma <= 40.0) {
        auto p = discrete_gaussian(sigma, K);
        q.assign(2 * p.size() - 1, 0.0);
        for (std::size_t i = 0; i < p.size(); ++i)
            for (std::size_t j = 0; j < p.size(); ++j) q[i + (p.size() - 1 - j)] += p[i] * p[j];
        K *= 2;
    } else {
        // Far above the rounding scale the difference is a rounded Gaussian of sigma*sqrt(2).
        q = discrete_gaussian(sigma * std::numbers::sqrt2, K);
    }
    double best = 1e300;
    int bk = 0;
    for (int k = 0; k <= 14; ++k) {
        double bits = 0;
        for (std::size_t i = 0; i < q.size(); ++i) {
            if (q[i] <= 0) continue;
            long d = static_cast<long>(i) - K;
            unsigned long m = d >= 0 ? 2UL * static_cast<unsigned long>(d) : 2UL * static_cast<unsigned long>(-d) - 1;
            bits += q[i] * static_cast<double>(k + 1 + (m >> k));
        }
        if (bits < best) {
            best = bits;
            bk = k;
        }
    }
    best += scale_bits;
    bk += scale_bits;
    best = std::min(best, 16.0);  // CFITSIO stores high-entropy blocks raw
    if (best_k) *best_k = bk;
    double bpp = best + 4.0 / 32.0;  // FSBITS per 32-pixel block
    if (tile_length > 0) bpp += 16.0 / static_cast<double>(tile_length);
    return bpp;
}

CompressibilityPrediction predict_compressibility(const NoiseEstimate& noise, std::size_t tile_length) {
    CompressibilityPrediction p;
    p.sigma = noise.sigma();
    // A 16-bit pixel never needs more than 16 bits (stored raw): the Gaussian of a sigma
    // near the data range would say more.
    p.entropy_bpp = std::min(gaussian_entropy_bits(p.sigma), 16.0);
    p.entropy_ratio = p.entropy_bpp > 0 ? 16.0 / p.entropy_bpp : 0.0;
    p.rice_bpp = predicted_rice_bpp(p.sigma, tile_length ? tile_length : noise.width, &p.rice_k);
    p.rice_ratio = p.rice_bpp > 0 ? 16.0 / p.rice_bpp : 0.0;
    double nmin = noise.cfitsio.noise_min();
    if (nmin > 0) {
        p.fpack_nbits = std::log10(nmin) / 0.301 + 1.792;
        p.fpack_max_ratio = p.fpack_nbits != 0 ? 16.0 / p.fpack_nbits : 0.0;
    }
    return p;
}

BitPlaneAnalysis bit_planes(std::span<const std::uint16_t> pixels) {
    BitPlaneAnalysis a;
    if (pixels.empty()) return a;
    std::vector<std::uint64_t> hist(65536, 0);
    for (auto v : pixels) ++hist[v];
    std::array<std::uint64_t, 16> ones{};
    std::vector<std::uint64_t> msb(256, 0), lsb(256, 0);
    for (std::size_t v = 0; v < hist.size(); ++v) {
        if (!hist[v]) continue;
        for (int b = 0; b < 16; ++b)
            if (v >> b & 1) ones[b] += hist[v];
        msb[v >> 8] += hist[v];
        lsb[v & 0xFF] += hist[v];
    }
    double n = static_cast<double>(pixels.size());
    for (int b = 0; b < 16; ++b) {
        double p = static_cast<double>(ones[b]) / n;
        a.ones_fraction[b] = p;
        a.plane_entropy[b] = (p <= 0 || p >= 1) ? 0.0 : -(p * std::log2(p) + (1 - p) * std::log2(1 - p));
    }
    while (a.noise_bits < 16 && a.plane_entropy[a.noise_bits] >= 0.98) ++a.noise_bits;
    a.order0_entropy = histogram_entropy(hist);
    a.msb_entropy = histogram_entropy(msb);
    a.lsb_entropy = histogram_entropy(lsb);
    a.lsb_given_msb = a.order0_entropy - a.msb_entropy;
    return a;
}

double structure_bpp(const Frame16& frame) { return context_bpp(frame); }

}  // namespace bitsky::analysis
