#pragma once
// Fidelity of a lossy reconstruction (issue #22, item 3): what a lossy result changed in the
// frame, in the terms an astronomer checks: error against the noise, noise increase, bias,
// background level, aperture photometry and centroids of sources. Measured on every lossy
// result (measured_roundtrip), stored with it (store::FidelityRow), shown in reports.
//
// Definitions (error = decoded - original over the pixels finite in both; frames in their
// own units, as stored):
//  - sigma_in / sigma_out: estimate_noise_any's robust sigma of the original / the decoded
//    frame (the pixel-to-pixel noise estimator BitSky uses everywhere);
//  - rms_over_sigma = RMS(error) / sigma_in; max |error|; bias = mean(error);
//  - noise_increase = sigma_out / sigma_in - 1 (what the estimator sees), and
//    noise_increase_exact = sqrt(sigma_in^2 + var(error)) / sigma_in - 1 (exact when the
//    error is independent of the noise, as dithered quantization's is: var = step^2 / 12,
//    Pence, White & Seaman 2010, PASP 122, 1065);
//  - background_shift = robust background (median after 3-sigma clipping, split_sources)
//    of the decoded frame - of the original;
//  - sources: local maxima of the original (3x3) above that background + detect_k * sigma_in,
//    brightest first (up to max_sources), or the positions of a given catalogue; each
//    measured in both frames with the same circular aperture of aperture_radius pixels
//    (pixel centres within it) around the same centre, minus the background of the annulus
//    annulus_inner < r <= annulus_outer of the same frame (mean of the original's values
//    within 3 sigma of their median, and the decoded frame's mean over the same pixels: the
//    median itself moves ~3x more under quantization, and a clip set chosen again on the
//    decoded values jitters); sources whose annulus leaves the
//    frame or holds a non-finite pixel in either frame are not used. The photometric sigma
//    is the background-limited noise of the aperture sum, sigma_in * sqrt(N_aperture);
//    phot_error = (F_decoded - F_original) / sigma_phot (RMS, max |.|, mean). Centroids:
//    first moments of max(value - annulus background, 0) over the aperture; shift = distance
//    between the decoded and the original centroid, in pixels.
#include <cstddef>
#include <optional>
#include <vector>

#include "engine/analysis/noise_any.h"
#include "engine/codecs/codec.h"
#include "engine/image/fidelity.h"
#include "engine/image/pixel_frame.h"

namespace bitsky::analysis {

// A source position: 0-based pixel-centre coordinates (x along NAXIS1), as numpy indexes
// and as the sample sky's catalogue gives them; flux in the frame's units (catalogue flux,
// or the peak value above background for detections).
struct SourcePosition {
    double x = 0, y = 0, flux = 0;
};

struct FidelityOptions {
    double detect_k = 5.0;
    double aperture_radius = 3.0;
    double annulus_inner = 6.0, annulus_outer = 10.0;
    std::size_t max_sources = 2000;
    // Apertures at these positions instead of detections (the sample sky's true catalogue).
    std::optional<std::vector<SourcePosition>> catalogue;
    AnyNoiseOptions noise;  // BLANK / SATURATE of the HDU, for the noise estimates
};

// Error Error when the frames differ in type or size (the reason named).
Fidelity measure_fidelity(const PixelFrame& original, const PixelFrame& decoded, const FidelityOptions& options = {});

// The detection measure_fidelity uses: local maxima (3x3; on a plateau the first in storage
// order) above background + k * sigma, whose annulus fits in the frame, brightest first.
std::vector<SourcePosition> detect_sources(const PixelFrame& frame, double background, double sigma,
                                           const FidelityOptions& options = {});

// codecs::roundtrip, and for a verified lossy result its fidelity against the frame (the
// decoded frame is then dropped). Lossless results are returned as roundtrip gives them.
codecs::CodecResult measured_roundtrip(const codecs::Codec& codec, const PixelFrame& frame,
                                       const FidelityOptions& options = {}, bool keep_bytes = false);

}  // namespace bitsky::analysis
