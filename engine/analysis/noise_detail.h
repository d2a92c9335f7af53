#pragma once
// Pieces the 16-bit noise estimate (noise.cpp) and the any-type one (noise_any.cpp) share:
// the validity mask and how it and the correlation tests are reported.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/analysis/noise.h"

namespace bitsky::analysis::detail {

// Variance of a standard normal truncated to [a, b].
double truncated_variance_factor(double a, double b);
std::string percent(double fraction);  // "1.25%"
// "valid pixels only (1.25% masked: 12 BLANK 30 saturated [rule] ...)".
std::string masked_text(const NoiseMask& mask, const std::string& blank_name);
// Marks e as correlated, with the reason appended, when neighbours are equal far more often
// than white noise gives (replicated pixels) or the lag-2 sigma exceeds the lag-1 one by
// 20% (smoothed or resampled data; only when e.robust * lag_ratio > min_sigma).
void mark_correlation(NoiseEstimate& e, double equal_fraction, double expected_equal, double lag_ratio,
                      double min_sigma);

// Sets e's robust sigma, estimator and reason: the tiles' sigma when there is one, else the
// whole-frame MAD (e.mad) with at least 16 pairs; `masked` is masked_text(). Returns the
// lag-2 / lag-1 sigma ratio for the correlation test (tiles against tiles: tiled2() is
// called only when the tiles gave a sigma; else e.mad_lag2 / e.mad).
template <typename Tiled2>
double choose_robust(NoiseEstimate& e, double tiled, Tiled2 tiled2, std::size_t pairs, const std::string& masked) {
    double lag_ratio = e.mad > 0 ? e.mad_lag2 / e.mad : 1.0;
    if (tiled > 0) {
        const double t2 = tiled2();
        lag_ratio = t2 > 0 ? t2 / tiled : lag_ratio;
        e.robust = tiled;
        e.estimator = "mad-diff1-tiles";
        e.reason = "median over 32x32 tiles of the MAD of differences of horizontally adjacent pixels (the "
                   "background's noise: robust to stars, gradients and source photon noise), " + masked;
    } else if (pairs >= 16) {
        e.robust = e.mad;
        e.estimator = "mad-diff1";
        e.reason = "MAD of differences of horizontally adjacent pixels (robust to stars and gradients; too small "
                   "for tiles), " + masked;
    }
    return lag_ratio;
}
// Too few pairs for the MAD: CFITSIO's noise3 on the valid pixels, bounded by max_sigma.
void use_noise3(NoiseEstimate& e, std::size_t pairs, double max_sigma, const std::string& masked);

// Pixels the robust estimate leaves out (1 = invalid), with the counts per reason in m:
// is_blank(v) pixels (BLANK, NaN); at or above the saturation level (`saturate`, else the
// frame maximum when it covers more than 0.1% of the pixels); runs of >= 5 equal pixels
// along a row unless they are most of the frame.
template <typename T, typename IsBlank>
std::vector<std::uint8_t> build_mask(std::span<const T> px, std::size_t width, std::size_t height, IsBlank is_blank,
                                     std::optional<double> saturate, bool mask_frame_max, bool mask_constant_runs,
                                     NoiseMask& m) {
    const std::size_t n = px.size();
    std::vector<std::uint8_t> invalid(n, 0);
    m = NoiseMask{};
    m.pixels = n;
    if (n == 0) return invalid;
    bool any = false;
    T mx{};
    std::size_t at_max = 0;
    for (auto v : px) {
        if (is_blank(v)) continue;
        if (!any || v > mx) {
            mx = v;
            at_max = 0;
            any = true;
        }
        at_max += v == mx;
    }
    std::optional<double> level;
    if (saturate) {
        level = *saturate;
        m.saturation_rule = "SATURATE keyword";
    } else if (any && mask_frame_max && at_max > 1 && double(at_max) > 0.001 * double(n)) {
        level = double(mx);
        char text[96];
        std::snprintf(text, sizeof text, "frame maximum %.10g on %.2f%% of pixels", double(mx),
                      100.0 * double(at_max) / double(n));
        m.saturation_rule = text;
    }
    m.saturation_level = level;
    for (std::size_t i = 0; i < n; ++i) {
        if (is_blank(px[i])) {
            invalid[i] = 1;
            ++m.blank;
        } else if (level && double(px[i]) >= *level) {
            invalid[i] = 1;
            ++m.saturated;
        }
    }
    if (!mask_constant_runs) return invalid;
    // Runs of >= 5 equal, otherwise valid pixels along a row (padding, masked regions,
    // clipped areas): kept when they are most of the frame (sparse or very low noise data).
    std::vector<std::uint8_t> run(n, 0);
    std::size_t in_runs = 0;
    for (std::size_t y = 0; y < height; ++y) {
        const std::size_t r = y * width;
        for (std::size_t x = 0; x < width;) {
            std::size_t e = x + 1;
            while (e < width && px[r + e] == px[r + x] && !invalid[r + e]) ++e;
            if (!invalid[r + x] && e - x >= 5) {
                for (std::size_t k = x; k < e; ++k) run[r + k] = 1;
                in_runs += e - x;
            }
            x = e;
        }
    }
    const std::size_t valid = n - m.masked();
    if (in_runs * 2 > valid) {
        m.constant_runs_kept = true;
        return invalid;
    }
    for (std::size_t i = 0; i < n; ++i)
        if (run[i]) invalid[i] = 1;
    m.constant = in_runs;
    return invalid;
}

}  // namespace bitsky::analysis::detail
