#pragma once
// Compressed size against the noise, from the store: per image HDU and codec, the measured
// bits per pixel against log2 of the image's robust noise sigma (frame 0's predictor sigma
// as the bench stored it in images.noise), and per codec the least-squares line
// bpp = intercept + slope * log2(sigma) with its residuals. For white Gaussian noise the
// slope is 1 bit per doubling of sigma; frames whose noise estimate is flagged correlated
// (digitised plates, resampled images, flag planes: their noise is no bound) are listed
// but left out of the fit. Read-only.
#include <optional>
#include <string>
#include <vector>

#include "engine/store/report.h"
#include "engine/store/store.h"
#include "engine/util/stats.h"

namespace bitsky::store {

struct NoisePoint {
    std::string dataset, image;
    int hdu = 0;
    std::string codec;
    double sigma = 0;  // robust noise sigma (ADU) of frame 0
    double bpp = 0;    // measured bits per pixel over the HDU's frames
    bool correlated = false;
    std::optional<double> fitted;  // the codec's line at this sigma (when the codec has one)
    std::optional<double> residual() const { return fitted ? std::optional<double>(bpp - *fitted) : std::nullopt; }
};

struct NoiseFit {
    std::string codec;
    util::LineFit line;         // over the uncorrelated points
    std::size_t excluded = 0;   // correlated points left out
};

struct NoiseFits {
    std::vector<NoisePoint> points;  // ordered by dataset, image, hdu, codec
    std::vector<NoiseFit> fits;      // per codec with >= 2 uncorrelated points of different sigma
};

NoiseFits noise_fits(ResultsStore& st);

// The fit of given points (the GUI's, whose sigma may come from elsewhere): fills `fits`
// per codec over the uncorrelated points and every point's `fitted`.
void fit_noise_points(NoiseFits& f);

// The fits (ReportBy::Dataset: one row per codec) or every point with its residual
// (ReportBy::Image), as a report table.
TextTable noise_fit_table(const NoiseFits& f, ReportBy by);

}  // namespace bitsky::store
