#pragma once
// The causal per-pixel quantities the neural model is built on (internal to engine/neural,
// Torch-free). Every function computes rows [r0, r1) of a w x h image from its pixels alone
// (all rows of the image are readable), so a row strip gives exactly the values of the
// whole-image computation: the strip evaluation relies on it.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace bitsky::neural::detail {

// MED / LOCO-I prediction with simple borders: the first row predicts W (the first pixel
// predicts `first`), the first column predicts N. out[(r - r0) * w + c].
void med_predict_rows(const std::uint16_t* x, std::size_t w, std::size_t r0, std::size_t r1, double first, double* out);

// Local background A: the (lower) median of the causal window: rows y-3..y-1 at columns
// x-3..x+3 and row y at x-3..x-1 (x-8..x-1 on the first row); `first` for the first pixel.
void background_rows(const std::uint16_t* x, std::size_t w, std::size_t r0, std::size_t r1, double first, double* out);

// The same background for the one pixel (r, c): reads only the window's pixels (the codec's
// decoder calls it with the pixels after (r, c) not yet known).
double background_at(const std::uint16_t* x, std::size_t w, std::size_t r, std::size_t c, double first);

// Local noise per row: 1.4826 / sqrt 2 times the mean over the (up to) 8 rows above of each
// row's median |horizontal difference| (interpolated within the integer value, so small
// noise does not snap to integers), at least 0.5; `fallback` for row 0 and images one
// pixel wide. out[r - r0].
void row_noise_rows(const std::uint16_t* x, std::size_t w, std::size_t r0, std::size_t r1, double fallback, double* out);

// Index k of a reflect-padded axis of n samples (..., 2, 1, 0, 1, 2, ..., n - 1, n - 2, ...):
// the tiled context's padding.
inline std::size_t reflect(std::size_t k, std::size_t n) {
    if (n == 1) return 0;
    const std::size_t period = 2 * n - 2;
    k %= period;
    return k < n ? k : period - k;
}

// 16 asinh(u / 16): linear within ~16 sigma, logarithmic for stars.
double squash(double u);

// The direct split's per-pixel inputs for rows [r0, r1): u = (x - A) / sig and
// um = (M - A) / sig squashed, the residuals to both anchors (exact integers), sig.
struct DirectFeatures {
    std::size_t w = 0, rows = 0;
    std::vector<float> gu, gm;      // squash(u), squash(um)
    std::vector<float> r_bg, r_med; // x - A, x - M
    std::vector<float> sig;         // per row
};
void direct_features(const std::uint16_t* x, std::size_t w, std::size_t r0, std::size_t r1, double offset, double scale,
                     DirectFeatures& out);

}  // namespace bitsky::neural::detail
