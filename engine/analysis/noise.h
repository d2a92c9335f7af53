#pragma once
// Noise estimates of one uint16 frame: CFITSIO's own estimators (the ones fpack uses),
// a robust MAD of pixel differences, a sigma-clipped background standard deviation,
// and a per-tile noise map. All values are in ADU of the uint16 view.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "engine/image/cube.h"

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
    // fpack samples only the central 4100 x 4100 pixels; do the same for parity.
    bool fpack_sample = true;
    double clip_kappa = 3.0;
    int clip_max_iterations = 20;
    std::size_t tile = 64;  // 0 = no tile map
};

struct NoiseEstimate {
    std::size_t width = 0, height = 0;
    CfitsioNoise cfitsio;
    double mad = 0;  // sigma from the MAD of horizontal pixel differences
    ClippedStats clipped;
    TileNoiseMap tiles;
    // The estimate the rest of the analysis uses: the clipped std if it is usable,
    // else the MAD estimate.
    double sigma() const;
};

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
