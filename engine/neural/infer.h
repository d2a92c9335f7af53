#pragma once
// Fast likelihood evaluation of the neural model (internal to engine/neural, Torch-free).
//
// model_torch.cpp copies the trained weights (masks applied, only the causal taps) into
// NetWeights; eval_rows then runs the network row by row over the frame with plain
// vectorised loops (channels innermost, several pixels per register block) and evaluates
// each pixel's distribution at its true value only. A row of the output needs the rows
// above it down to the receptive field (halo_rows), so rows [r0, r1) are computed from
// rows r0 - halo on: every pixel goes through exactly the same arithmetic whatever the
// strip, so strips (and threads) give bit-identical results to one whole-frame pass.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace bitsky::neural::detail {

struct Alphabet;
struct FrameStats;

inline constexpr int kVec = 8;  // floats per vector block; channel counts are padded to it
inline int padded(int n) { return (n + kVec - 1) / kVec * kVec; }

struct NetWeights {
    bool direct = true;
    int C = 0, Cp = 0;  // hidden channels, padded
    int layers = 0;
    int K = 0;          // logistic components (direct)
    int nin = 2;        // input channels of the mask-A input layer (features.h: kNeighbourInputs)
    int nmed = 1;       // inputs at the current pixel of the 1x1 layers (features.h: kPixelInputs)
    // The pixel prediction M (features.h) is the bitsky context model's (context_predictions),
    // not MED: models with the context predictor (format 5).
    bool context_pred = false;
    // Layouts: w[(tap * Cin + i) * Coutp + o], taps in raster order of the mask's open taps.
    std::vector<float> in_w, in_b;           // 12 taps (5x5 mask A), nin -> Cp
    std::vector<float> med_w, med_b;         // 1x1, nmed pixel inputs -> Cp
    std::vector<std::vector<float>> a_w, a_b;  // per block: 5 taps (3x3 mask B), Cp -> Cp
    std::vector<std::vector<float>> b_w, b_b;  // per block: 1x1, Cp -> Cp
    // The anchored mixture (direct: the distribution; msb-lsb: the bytes' prior).
    int head_out = 0, head_outp = 0;         // 3K: logits, centre offsets, log scales
    std::vector<float> head_w, head_b;       // 1x1, Cp -> head_outp
    std::vector<float> lin_w;                // 12 taps, nin -> padded(K) (channel 0 only), no bias
    std::vector<float> linmed_w, linmed_b;   // 1x1, nmed -> padded(K) (channel 0, g(um), only)
    std::vector<float> msb_w, msb_b;         // msb-lsb: high-byte corrections, 1x1, Cp -> 256
    std::vector<float> embed;                // msb-lsb: [256][16]
    std::vector<float> lsb1_w, lsb1_b;       // msb-lsb: 1x1, Cp + 16 -> Cp
    std::vector<float> lsb2_w, lsb2_b;       // msb-lsb: low-byte corrections, 1x1, Cp -> 256
    int halo_rows() const { return 2 + layers; }
};

inline constexpr int kEmbedDim = 16;
inline constexpr int kMaxMixtures = 32;
inline constexpr double kMinLogScale = -3.0;  // s >= 0.05 ADU
inline constexpr double kMaxLogScale = 11.5;  // s <= ~1e5 ADU

// The kernels eval_rows runs on (AVX2+FMA or the baseline, chosen once at run time), for
// the codec's pixel-by-pixel evaluation (pixel_coder.cpp). conv_row: out[x * Coutp + o] =
// (accumulate ? out : 0) + bias[o] + sum over taps t and inputs i of
// rows[t][(x + dx[t]) * Cin + i] * w[(t * Cin + i) * Coutp + o] for x in [0, nx), nx even;
// each pixel's sum runs in the same order whatever nx, so a pixel's value does not depend
// on which other pixels a call computes. elu_row: dst = elu(src), n a multiple of 8.
void conv_row(int ntaps, const float* const* rows, const int* dx, int Cin, const float* w, const float* bias, int Coutp,
              int nx, float* out, bool accumulate);
void elu_row(const float* src, float* dst, std::size_t n);

// Checks that a network is within the kernel's limits (1..kMaxMixtures components, at least
// one channel, padding as padded() gives) and that every weight array has the size its
// shape needs: Error saying what is wrong otherwise. eval_rows calls it first, so a bad
// network is refused, never read or written out of bounds.
void check_net(const NetWeights& net);

// Bits (-log2 p) of rows [r0, r1) of the w x h image px: bits[(r - r0) * w + c] and the
// exact (double) sum of each row in row_bits[r - r0]. fs: the frame's constants
// (features.h: frame_stats of the whole frame, also for a strip or a tile).
// With `cells` (direct split only), each pixel's probability is its value's cell of the
// frame's value set (alphabet.h), the network's factor of the coded cost map. `ctx`: the
// image's context_predictions (whole image), needed by a network with context_pred.
void eval_rows(const NetWeights& net, const std::uint16_t* px, std::size_t w, std::size_t h, std::size_t r0,
               std::size_t r1, const FrameStats& fs, float* bits, double* row_bits,
               const Alphabet* cells = nullptr, const float* ctx = nullptr);

}  // namespace bitsky::neural::detail
