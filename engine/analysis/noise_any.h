#pragma once
// Noise estimates and predictions of a frame of any FITS pixel type (PixelFrame), in the
// frame's own units (stored values: ADU for integers, the data's units for floats):
//  - 16-bit frames: exactly estimate_noise(Frame16) on the uint16 view (noise.h);
//  - 8- and 32-bit integers whose valid values span at most 65535 integers: the same
//    estimate on the 16-bit view value - offset (every integer feature: grouped medians,
//    ranks of digitised data, CFITSIO's noise on int16), levels shifted back;
//  - wider integers and floats: the same estimators on the values (exact medians instead
//    of grouped ones; NaN and +-Inf masked like BLANK).
// The noise floor of a lossless code: integers, the entropy of the rounded Gaussian of the
// robust sigma (predict.h); floats, where every value is coded to its last bit, the mean
// over valid pixels of log2(sigma sqrt(2 pi e) / quantum(value)) (the ulp, or the frame's
// coarser value grid): the bits a perfect coder spends on noise at the values' precision
// (~20 bits per float32 pixel of noisy calibrated data).
#include <cstddef>
#include <optional>
#include <string>

#include "engine/analysis/noise.h"
#include "engine/image/cube.h"
#include "engine/image/pixel_frame.h"

namespace bitsky::analysis {

struct AnyNoiseOptions {
    std::optional<double> blank;     // integer BLANK, stored value (excluded everywhere)
    std::optional<double> saturate;  // SATURATE in stored units: pixels at or above it masked
    bool mask_frame_max = true;      // as NoiseOptions
    bool mask_constant_runs = true;
    std::size_t tile = 64;           // tile map size; 0 = none
};

// BLANK (integer HDUs) and SATURATE of an HDU's header, in stored units.
AnyNoiseOptions any_noise_options_for(const fits::HduInfo& hdu);

struct AnyNoise {
    NoiseEstimate estimate;  // sigmas in stored units; levels (background, min, max) see `offset`
    // How the values were measured: "uint16 view", "int32 - 1043 as a 16-bit view",
    // "float32 values".
    std::string view;
    // Add to the estimate's levels (background, median, CFITSIO mean/min/max) to get
    // stored values; 0 except for the 16-bit view of 8/32-bit integers. 16-bit frames keep
    // the uint16 view's levels, as estimate_noise(Frame16) reports them.
    double offset = 0;
    bool floating = false;
    std::optional<Cube16> u16;  // the 16-bit view the estimate was made on, when there is one
    double floor_bpp = 0;       // the noise floor of a lossless code (see above)
};

AnyNoise estimate_noise_any(const PixelFrame& frame, const AnyNoiseOptions& options = {});

// Mean over the finite pixels of the entropy of the Gaussian of std sigma rounded to the
// value's quantum (log2(sigma sqrt(2 pi e) / q) when sigma >> q), each term at most the
// sample's bits (32 or 64): the floor for coding float values exactly. q is the value's ulp,
// or the frame's value grid when coarser: the smallest gap between distinct values, when
// every value is an integer multiple of it (quantised or rescaled integers, e.g. 0.04 ADU
// steps: a coder that finds the grid, as BitSky does, codes on it). 0 for integers.
double float_noise_floor_bpp(const PixelFrame& frame, double sigma);

}  // namespace bitsky::analysis
