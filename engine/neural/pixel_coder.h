#pragma once
// The `neural` codec's entropy coding (internal to engine/neural, Torch-free): the frame's
// value set (alphabet.h), then every pixel, in raster order, range-coded with a mixture of
// six experts: the direct split's mixture of discretised logistics that the network gives
// it from the pixels before it (each present value getting the mass of its cell) with spikes
// on the neighbours' values and the plane (alphabet.h Spikes), an adaptive histogram of the
// values coded so far (KT counts), an adaptive histogram of rank residuals from the row's
// running mean, a running Gaussian and an adaptive histogram of rank residuals from the
// network's pixel prediction and the bitsky coder's own model (bitsky_expert.h). The experts'
// weights are their Bayesian posteriors from the pixels before (log-likelihoods kept within
// kMixClamp nats of the best), so the frame costs at most about log2(6) bits more than the
// best expert alone.
//
// Encoder and decoder run one function (code_frame in pixel_coder.cpp) pixel by pixel: the
// network's layers for pixel (x, y) (infer.h's kernels on that pixel's column, the same
// per-pixel arithmetic as eval_rows), its causal features (features.h), the mixture, then
// the value. The value is coded as binary decisions, each with the probability the mixture
// gives it (a window of +-12 scales around the components or an escape below / above it,
// then bisection of that interval), so the product of the decisions' probabilities is the
// model's p(value) up to the 16-bit rounding of each: the coded size follows the cost map
// (-log2 p summed) closely. Probabilities are clamped to [32, 65504] / 65536, so every
// value stays codable whatever the model says.
//
// Determinism: the decoder recomputes exactly what the encoder computed from the same
// pixels, in the same order, in one thread; bit-identical results need the same build of
// BitSky (the same compiler and libm) and the same CPU features (the kernels use AVX2+FMA
// where the CPU has them, the x86-64 baseline otherwise, and they round differently).
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/neural/alphabet.h"
#include "engine/neural/features.h"
#include "engine/neural/infer.h"

namespace bitsky::neural::detail {

// The range-coded section (RangeEncoder::finish's layout without its length word: the
// section runs to the end of the stream, which holds nothing else) for the
// w x h frame px, with the frame's constants fs (frame_stats). The section codes the value
// set, then (unless the frame is constant) the constants: the background's rank in the set
// and the sigma code, and the bitsky expert's options (frame_constants_bits), then the pixels. Error for a network the codec
// cannot use (msb-lsb split).
inline constexpr int kSigmaCodeBits = 9;  // kSigmaCodeMax - kSigmaCodeMin < 512
// The bits the frame's constants and the bitsky expert's options (palette, if the set has
// gaps, and copy flags) take in the stream for the value set al.
inline double frame_constants_bits(const Alphabet& al) {
    const std::size_t d = al.size();
    if (d <= 1) return 0.0;
    const bool gaps = int(al.values.back()) - int(al.values.front()) + 1 > int(d);
    return double(std::bit_width(d - 1) + kSigmaCodeBits + 1 + (gaps ? 1 : 0));
}

std::vector<std::uint8_t> encode_pixels(const NetWeights& net, const FrameStats& fs, const std::uint16_t* px,
                                        std::size_t w, std::size_t h);
// The inverse: decodes `payload` (encode_pixels' bytes) into out[0 .. w h). Error when the
// payload is truncated or has bytes after its section; a corrupt payload otherwise decodes to
// some pixels (the codec's checksum catches it).
void decode_pixels(const NetWeights& net, std::span<const std::uint8_t> payload,
                   std::uint16_t* out, std::size_t w, std::size_t h);

// The frame's constants as a payload carries them (its value set's ends and, unless the
// frame is constant, its background and sigma): for checks.
FrameStats stream_constants(std::span<const std::uint8_t> payload);

}  // namespace bitsky::neural::detail
