#pragma once
// Compressibility predicted from the noise, and bit-plane statistics of a frame.
// Background pixels are close to Gaussian noise, whose entropy sets the floor for a
// lossless code: about log2(sigma * sqrt(2*pi*e)) bits per pixel.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "engine/analysis/noise.h"
#include "engine/image/cube.h"

namespace bitsky::analysis {

// Entropy (bits) of a Gaussian of std sigma rounded to integers (centred on an integer).
// Exact sum over the discretised distribution; 0 for sigma -> 0.
double discrete_gaussian_entropy(double sigma);
// log2(sigma * sqrt(2*pi*e)) for sigma >= 2, the exact discretised entropy below that
// (where the formula is wrong and even negative).
double gaussian_entropy_bits(double sigma);

// Expected bits per pixel of CFITSIO's Rice coder (16-bit pixels, 32-pixel blocks,
// 4-bit block selector, one raw 16-bit pixel per tile of tile_length pixels) on
// Gaussian noise of std sigma. The Rice coder codes differences of neighbours, whose
// distribution is the difference of two rounded Gaussians. best_k receives the
// split parameter that gives the minimum.
double predicted_rice_bpp(double sigma, std::size_t tile_length = 0, int* best_k = nullptr);

struct CompressibilityPrediction {
    double sigma = 0;             // noise used (NoiseEstimate::sigma())
    double entropy_bpp = 0;       // Gaussian noise entropy (lower bound for the background)
    double entropy_ratio = 0;     // 16 / entropy_bpp
    double rice_bpp = 0;          // predicted Rice bits per pixel
    double rice_ratio = 0;        // 16 / rice_bpp
    int rice_k = 0;
    double fpack_nbits = 0;       // fpack -T "Nbits": log10(noisemin)/0.301 + 1.792
    double fpack_max_ratio = 0;   // fpack -T "MaxR": 16 / Nbits
};

CompressibilityPrediction predict_compressibility(const NoiseEstimate& noise, std::size_t tile_length = 0);

// The structure-inclusive prediction: bits per pixel of the frame under BitSky's context
// model (the `context` cost map), which sees stars, gradients and saturation as well as
// the noise. The noise floor (entropy_bpp) is what white noise of the robust sigma alone
// would cost.
double structure_bpp(const Frame16& frame);

struct BitPlaneAnalysis {
    std::array<double, 16> plane_entropy{};  // bits per pixel of bit plane b (0 = LSB)
    std::array<double, 16> ones_fraction{};
    int noise_bits = 0;           // consecutive low planes that are nearly random (entropy >= 0.98)
    double order0_entropy = 0;    // entropy of the 16-bit values (bits per pixel)
    double msb_entropy = 0;       // order-0 entropy of the high byte
    double lsb_entropy = 0;       // order-0 entropy of the low byte
    double lsb_given_msb = 0;     // H(LSB | MSB): msb_entropy + lsb_given_msb = order0_entropy
};

BitPlaneAnalysis bit_planes(std::span<const std::uint16_t> pixels);

// Order-0 entropy (bits per sample) of a histogram.
double histogram_entropy(std::span<const std::uint64_t> counts);

}  // namespace bitsky::analysis
