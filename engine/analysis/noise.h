#pragma once
// Noise estimates of one uint16 frame, all in ADU of the uint16 view:
//  - the robust sigma the predictions use (NoiseEstimate::sigma()): from differences of
//    neighbouring pixels, on valid pixels only (BLANK, saturated values, constant runs
//    masked), bounded by the data range, with the estimator and the reason reported;
//  - CFITSIO's noise1/2/3/5 as fpack computes them (fits_img_stats_short) and the same
//    estimators on the valid pixels only;
//  - a sigma-clipped background standard deviation (displayed, never a predictor: it
//    measures structure as well as noise on real frames);
//  - a per-tile noise map.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/image/cube.h"

namespace bitsky::fits {
struct HduInfo;
}

namespace bitsky::analysis {

// What fits_img_stats_short reports (fpack -T prints noise2, noise3, noise5).
struct CfitsioNoise {
    long good_pixels = 0;
    double min = 0, max = 0, mean = 0, sigma = 0;  // uint16 units (mean includes the +32768 offset)
    double noise1 = 0, noise2 = 0, noise3 = 0, noise5 = 0;
    // fpack's choice: the smallest non-zero of noise2/3/5 (noise3 if they are all 0).
    double noise_min() const;
};

struct ClippedStats {
    double background = 0;  // mean of the kept pixels
    double median = 0;      // median of the kept pixels (interpolated for integer data)
    double std = 0;         // corrected for truncation at +-kappa sigma and for integer rounding
    double raw_std = 0;     // plain standard deviation of the kept pixels
    std::size_t kept = 0;
    int iterations = 0;
};

// Per-tile noise (MAD of horizontal differences) and background (median) map.
struct TileNoiseMap {
    std::size_t tile = 64, tiles_x = 0, tiles_y = 0;
    std::vector<float> sigma;       // tiles_x * tiles_y, row-major
    std::vector<float> background;  // same layout
    float at_sigma(std::size_t tx, std::size_t ty) const { return sigma[ty * tiles_x + tx]; }
};

struct NoiseOptions {
    // A stored-value null (FITS BLANK) in the uint16 view, excluded everywhere.
    std::optional<std::uint16_t> blank;
    // The SATURATE keyword in uint16-view units: pixels at or above it are masked.
    std::optional<double> saturate;
    // Mask the frame's maximum value when it covers more than 0.1% of the pixels.
    bool mask_frame_max = true;
    // Mask runs of 5 or more equal pixels along a row (unless they are most of the frame).
    bool mask_constant_runs = true;
    // fpack samples only the central 4100 x 4100 pixels; do the same for parity.
    bool fpack_sample = true;
    double clip_kappa = 3.0;
    int clip_max_iterations = 20;
    std::size_t tile = 64;  // 0 = no tile map
};

// Which pixels the robust estimate left out, and why.
struct NoiseMask {
    std::size_t pixels = 0;     // of the frame
    std::size_t blank = 0;      // equal to BLANK
    std::size_t saturated = 0;  // at the frame maximum (when frequent) or >= SATURATE
    std::size_t constant = 0;   // in runs of >= 5 equal pixels along a row
    std::optional<double> saturation_level;  // the value masked as saturated (uint16 view)
    std::string saturation_rule;  // "SATURATE keyword", "frame maximum on 1.2% of pixels", ""
    bool constant_runs_kept = false;  // runs were most of the frame: left in
    std::size_t masked() const { return blank + saturated + constant; }
    double fraction() const { return pixels ? double(masked()) / double(pixels) : 0.0; }
};

struct NoiseEstimate {
    std::size_t width = 0, height = 0;
    CfitsioNoise cfitsio;  // fits_img_stats_short, as fpack computes it (BLANK skipped only)
    CfitsioNoise masked;   // the same estimators on the valid pixels only
    double mad = 0;        // sigma from the MAD of horizontal first differences (valid pairs)
    double mad_lag2 = 0;   // the same from pixels two apart (white noise: equal to mad)
    ClippedStats clipped;  // displayed only
    TileNoiseMap tiles;
    NoiseMask mask;
    double robust = 0;      // the sigma used for predictions
    std::string estimator;  // what gave `robust`
    std::string reason;     // why, and what was masked
    bool correlated = false;  // neighbouring pixels correlated: the Gaussian floor is no bound
    // < 1 when the values use only this fraction of the integers in their central range
    // (then `robust` is in units of the ranks of the values used); 1 otherwise.
    double value_fraction = 1.0;
    double sigma() const { return robust; }
};

// CFITSIO's noise1/2/3/5, mean, sigma, min and max computed exactly as
// fits_img_stats_short does, skipping the pixels where invalid[i] != 0 (null: none).
CfitsioNoise cfitsio_noise_of(const Frame16& frame, const std::uint8_t* invalid);
// The same estimators on values of any type (as CFITSIO's _float/_double versions, in
// double precision), levels in the values' own units.
CfitsioNoise cfitsio_noise_of_values(std::span<const double> values, std::size_t width, std::size_t height,
                                     const std::uint8_t* invalid);

// BLANK (for integer data) and SATURATE of an HDU's header, in uint16-view units
// (defined in noise_any.cpp, beside any_noise_options_for).
NoiseOptions noise_options_for(const fits::HduInfo& hdu);

// fits_img_stats_short on the frame, with values passed exactly as fpack passes them
// (the stored int16 value, i.e. uint16 - 32768). Throws bitsky::Error on failure.
CfitsioNoise cfitsio_noise(const Frame16& frame, std::optional<std::uint16_t> blank = std::nullopt,
                           bool fpack_sample = true);

// 1.4826 * median |x[i+1] - x[i]| / sqrt(2), with the median interpolated within the
// integer bins and the rounding variance (1/12 per pixel) removed. 0 if < 2 columns.
double mad_difference_sigma(const Frame16& frame, std::optional<std::uint16_t> blank = std::nullopt);

// Iterative kappa-sigma clipping around the median (histogram based, O(N + 65536)).
ClippedStats sigma_clipped(std::span<const std::uint16_t> pixels, double kappa = 3.0, int max_iterations = 20,
                           std::optional<std::uint16_t> blank = std::nullopt);

TileNoiseMap tile_noise_map(const Frame16& frame, std::size_t tile = 64,
                            std::optional<std::uint16_t> blank = std::nullopt);

NoiseEstimate estimate_noise(const Frame16& frame, const NoiseOptions& options = {});

// Median of integer samples given as a histogram, interpolated within the unit-width
// bin that holds it ("grouped median"). counts[k] counts value k + offset.
double grouped_median(std::span<const std::uint64_t> counts, double offset = 0.0);

}  // namespace bitsky::analysis
