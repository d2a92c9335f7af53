#pragma once
// The science-safe suggestion for one frame (issue #22, item 4): run a ladder of lossy
// settings (e.g. rice:q1,q2,q4,...) on the frame, measure each rung's fidelity, and choose
// the coarsest setting (fewest bytes) that stays within the user's thresholds:
//  - photometric error: Fidelity::phot_error_rms (RMS over the sources of the aperture-sum
//    error, in units of the photometric sigma) <= phot_error. A frame without usable
//    sources has no measured photometry; its rung is then judged by rms_over_sigma, the
//    expected error of an aperture sum for pixel errors independent of the noise
//    (sqrt(N) rms / (sqrt(N) sigma)), and says so (phot_from_sources = false);
//  - noise increase <= noise_increase: the larger of the measured (noise estimator) and
//    the exact (independent-error) increase, so neither view is exceeded.
// The lossless reference: the smallest verified lossless result among `lossless` specs.
// Every rung is reported (failed ones with their error). Qt-free; the GUI calls it in the
// background and stops early through `stop`.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "engine/analysis/fidelity.h"
#include "engine/image/fidelity.h"
#include "engine/image/pixel_frame.h"

namespace bitsky::analysis {

struct SafetyThresholds {
    double phot_error = 0.01;      // in units of the photometric sigma (0.01 = 1%)
    double noise_increase = 0.01;  // sigma_out / sigma_in - 1 (0.01 = 1%)
};

struct LadderRung {
    std::string spec;
    std::string error;  // empty when the round trip was verified
    std::size_t raw_bytes = 0, compressed_bytes = 0;
    double bpp = 0;
    std::optional<Fidelity> fidelity;
    std::optional<double> phot_error;      // what was compared with the threshold
    bool phot_from_sources = false;        // phot_error is measured photometry (else rms_over_sigma)
    std::optional<double> noise_increase;  // what was compared with the threshold
    bool safe = false;                     // verified and within both thresholds
    double ratio() const { return compressed_bytes ? double(raw_bytes) / double(compressed_bytes) : 0.0; }
};

struct SafeSuggestion {
    std::vector<LadderRung> rungs;      // in ladder order
    std::optional<std::size_t> choice;  // index of the safe rung with the fewest bytes
    // The best verified lossless result among the specs given (empty codec: none).
    std::string lossless_codec;
    std::size_t lossless_bytes = 0;
    double lossless_bpp = 0;
    bool stopped = false;  // `stop` was requested before the end
    // Bytes of the best lossless result over those of the choice (0 without either).
    double gain_over_lossless() const;
};

// The photometric error and noise increase a rung is judged by (see the header comment);
// fills rung.phot_error, phot_from_sources, noise_increase and safe from rung.fidelity.
void judge_rung(LadderRung& rung, const SafetyThresholds& thresholds);

// The lossy specs of `ladder` (UsageError for a spec that is not a lossy codec) in order on
// `frame`; lossless specs that refuse the frame's type are skipped.
SafeSuggestion suggest_safe_setting(const PixelFrame& frame, const std::vector<std::string>& ladder,
                                    const SafetyThresholds& thresholds, const std::vector<std::string>& lossless = {},
                                    const FidelityOptions& options = {}, std::stop_token stop = {});

// The difference map of a lossy reconstruction: original - decoded per pixel, as doubles
// (NaN where either value is not finite). Error when the frames differ in type or size.
std::vector<double> difference_map(const PixelFrame& original, const PixelFrame& decoded);

// Statistics of a difference map over the pixels where mask is 1 (every pixel for an empty
// mask), finite values only: N, mean (the bias, original - decoded), RMS, max |difference|
// and RMS / sigma (sigma: the frame's noise, e.g. Fidelity::sigma_in; none when <= 0).
struct DifferenceStats {
    std::size_t n = 0;
    double mean = 0, rms = 0, max_abs = 0;
    std::optional<double> rms_over_sigma;
};
DifferenceStats difference_stats(std::span<const double> diff, std::span<const std::uint8_t> mask, double sigma);

// rice:q1,q2,q4,q8,q16,q32 for a family ("rice", "gzip", "gzip2", "hcompress", ...): the
// quantization ladder of fpack's levels, coarsest first.
std::vector<std::string> quantization_ladder(const std::string& family);

}  // namespace bitsky::analysis
