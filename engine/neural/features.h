#pragma once
// The causal per-pixel quantities the neural model is built on (internal to engine/neural,
// Torch-free). Every function computes rows [r0, r1) of a w x h image from its pixels alone
// (all rows of the image are readable), so a row strip gives exactly the values of the
// whole-image computation: the strip evaluation relies on it.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/model/context_model.h"

namespace bitsky::neural::detail {

// MED / LOCO-I prediction with simple borders: the first row predicts W (the first pixel
// predicts `first`), the first column predicts N. out[(r - r0) * w + c].
void med_predict_rows(const std::uint16_t* x, std::size_t w, std::size_t r0, std::size_t r1, double first, double* out);

// MED at pixel (r, c) alone, as med_predict_rows (the codec's decoder calls it with the
// pixels after (r, c) not yet known).
double med_at(const std::uint16_t* x, std::size_t w, std::size_t r, std::size_t c, double first);

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

// Frame-level constants (computed once per frame from its pixels; the codec codes them after
// the value set): the robust background (the lower median pixel, a value of the frame), the
// robust noise sigma (1.4826 / sqrt 2 times the median |horizontal difference| of the whole
// frame, interpolated within the integer value, vertical differences for frames one pixel
// wide) quantised to 1/16 octave (sigma_code: 2^(q / 16), q in kSigmaCodeMin..kSigmaCodeMax,
// i.e. 0.5 .. 65536), and the frame's lowest and highest values (the value set's ends: the
// saturation and BLANK levels where a frame has them). The first pixel falls back to the
// background, row 0's local noise to sigma.
struct FrameStats {
    double background = 0.0;
    double sigma = 1.0;
    int sigma_q = 0;  // sigma = sigma_of_code(sigma_q)
    std::uint16_t lo = 0, hi = 65535;
};
inline constexpr int kSigmaCodeMin = -16, kSigmaCodeMax = 256;
int sigma_code(double sigma);  // the nearest code, clamped to the range
double sigma_of_code(int q);   // 2^(q / 16)
FrameStats frame_stats(const std::uint16_t* x, std::size_t w, std::size_t h);

// The network's inputs. Per causal neighbour (the mask-A input layer): squash(u),
// u = (x - A) / sig, a constant 1 (the zero padding shows where the frame ends), and the
// flags x == the frame's highest value (saturation) and x == its lowest (BLANK / fill).
// At the current pixel (1x1 layers; all causal): squash(um), um = (M - A) / sig (M: the
// pixel prediction, MED or the context model's, see direct_features), and
// log(sig / frame sigma), clamped to +-8 (how the local noise compares with the frame's).
// (Also tried, and left out because a model trained on the sample sky then transferred
// worse, docs/performance.md: asinh or tanh of (A - frame background) / frame sigma, and
// log(frame sigma), a constant per frame.) One function each, used by the row features
// below and the codec's pixel-by-pixel network, so both compute the same floats.
inline constexpr int kNeighbourInputs = 4;
inline constexpr int kPixelInputs = 2;
void neighbour_inputs(std::uint16_t x, double bg, double sig, const FrameStats& fs, float* out);
void pixel_inputs(double med, double bg, double sig, const FrameStats& fs, float* out);

// The direct split's per-pixel inputs for rows [r0, r1): the neighbour inputs of each pixel
// (kNeighbourInputs per pixel), its own pixel inputs (kPixelInputs per pixel), the residuals
// to both anchors (exact integers), sig.
struct DirectFeatures {
    std::size_t w = 0, rows = 0;
    std::vector<float> nb, pix;     // neighbour_inputs, pixel_inputs of every pixel
    std::vector<float> r_bg, r_med; // x - A, x - M
    std::vector<float> sig;         // per row
};
// `ctx`: the image's context_predictions (whole image, indexed y w + x) for a model with the
// context predictor, whose M they are; null: M is MED (med_predict_rows).
void direct_features(const std::uint16_t* x, std::size_t w, std::size_t r0, std::size_t r1, const FrameStats& fs,
                     DirectFeatures& out, const float* ctx = nullptr);

// The options the bitsky coder would choose for the w x h image (its palette of the image's
// values, if any, and copy flags): the context model's, for context_predictions and for the
// `neural` codec's bitsky expert.
model::ctxmodel::FrameOptions context_options(const std::uint16_t* x, std::size_t w, std::size_t h);
// The context model's prediction p (a symbol: a value, or a rank in the palette of o) as a
// value: a rank between two palette values is interpolated between them.
double context_value(float p, const model::ctxmodel::FrameOptions& o);

// The bitsky context model's prediction of every pixel of the w x h image (engine/model/
// context_model.h expert_online: the codec's blend of four adaptive predictors, on the
// image's values or, where the coder would use a palette (context_options), on their ranks,
// as a value: context_value), `first` for the first pixel; out[y w + x]. It depends on every
// pixel before, so a strip or a crop takes it from the whole image's. The codec's decoder
// makes the same predictions pixel by pixel.
void context_predictions(const std::uint16_t* x, std::size_t w, std::size_t h, double first, float* out);
// The same under options already chosen (opt: context_options of the image).
void context_predictions(const std::uint16_t* x, std::size_t w, std::size_t h, double first,
                         const model::ctxmodel::FrameOptions& opt, float* out);
std::vector<float> context_predictions(const std::uint16_t* x, std::size_t w, std::size_t h, double first);

}  // namespace bitsky::neural::detail
