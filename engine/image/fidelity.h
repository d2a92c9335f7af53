#pragma once
// How faithful a lossy reconstruction of a frame is (issue #22): the numbers BitSky measures
// on every lossy result against the original and stores with it. Computed by
// analysis::measure_fidelity (engine/analysis/fidelity.h), where each definition is spelled
// out; here as plain values so that codecs, the store, the bench and the GUI share them.
// All in the frame's own units unless said otherwise; error = decoded - original, over the
// pixels finite in both.
#include <cstdint>
#include <optional>
#include <string>

namespace bitsky {

struct Fidelity {
    double sigma_in = 0;   // robust noise sigma of the original (analysis::estimate_noise_any)
    double sigma_out = 0;  // the same estimator on the decoded frame
    double rms_error = 0;
    std::optional<double> rms_over_sigma;  // rms_error / sigma_in (none when sigma_in is 0)
    double max_abs_error = 0;
    double bias = 0;  // mean error
    // sigma_out / sigma_in - 1: what the noise estimator sees (none when sigma_in is 0)
    std::optional<double> noise_increase;
    // sqrt(sigma_in^2 + var(error)) / sigma_in - 1: the increase if the error is independent
    // of the noise (dithered quantization: var = step^2 / 12)
    std::optional<double> noise_increase_exact;
    double background_shift = 0;  // robust background of the decoded frame - of the original
    std::int64_t pixels = 0;             // pixels finite in both (the error's sample)
    std::int64_t nonfinite_changed = 0;  // pixels finite in one frame and not in the other

    // Aperture photometry of sources (none found: sources == 0 and the rest empty).
    std::string source_origin;  // "detected" in the original, or "catalogue" (positions given)
    std::int64_t sources = 0;
    double aperture_radius = 0;            // pixels
    std::optional<double> phot_error_rms;  // RMS of (F_decoded - F_original) / sigma_phot
    std::optional<double> phot_error_max;  // max |F_decoded - F_original| / sigma_phot
    std::optional<double> phot_bias;       // mean (F_decoded - F_original) / sigma_phot
    std::optional<double> centroid_shift_rms;  // pixels
    std::optional<double> centroid_shift_max;  // pixels
};

}  // namespace bitsky
