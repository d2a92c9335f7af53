#pragma once
// The sample sky's calibrated product (issue #22): a float32 image in electrons, as a
// pipeline makes it from a raw CCD frame, (raw - bias) / flat * gain, with its noise known
// and the true catalogue of its sources written beside it. What lossy coding and its
// fidelity (photometry against the truth) are measured on.
//
// The raw frame: the Skyline-CCD of the sample sky (gain 2 e-/ADU, read noise 4.5 ADU, bias
// 1000 ADU plus a fixed column pattern), 512 x 512 pixels, sky 400 e-/pixel, stars (Moffat,
// FWHM 3 px, power-law fluxes) and exponential galaxies; the detector sees the scene times
// the flat (vignetting to -10% in the corners, 1% pixel response non-uniformity); Poisson
// photon noise, read noise, rounding to ADU. No cosmic rays, bad columns or saturated
// stars: the truth stays the truth. Calibration with the exact bias and flat, so the
// product's expectation is the noiseless scene, and its noise at a pixel is
// sqrt(scene * flat + (read noise * gain)^2) / flat electrons.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace bitsky::sample {

// Where write_sample_sky / write_calibrated_sample put them, relative to the output folder.
inline constexpr const char* kCalibratedImage = "calibrated/skyline_calib_001.fits";
inline constexpr const char* kCalibratedCatalogue = "calibrated/skyline_calib_001.cat.csv";

struct CatalogueSource {
    int id = 0;
    std::string kind;      // "star" or "galaxy"
    double x = 0, y = 0;   // 0-based pixel-centre coordinates (x along NAXIS1), as numpy
    double flux_e = 0;     // total flux of the source in the product, electrons
    double size_px = 0;    // stars: FWHM; galaxies: exponential scale length
};

struct CalibratedSample {
    std::filesystem::path image;      // relative to the output folder: calibrated/skyline_calib_001.fits
    std::filesystem::path catalogue;  // calibrated/skyline_calib_001.cat.csv
    std::size_t width = 0, height = 0;
    double sky_e = 0;         // background level, electrons
    double sky_sigma_e = 0;   // BSKYSIG: the background's noise sigma, RMS over the pixels, electrons
    std::vector<CatalogueSource> sources;
};

// Writes the product and its catalogue under `out`/calibrated (created if needed); the same
// seed writes the same bytes. The catalogue is CSV: a '#' comment line saying what the
// columns are, then "id,kind,x,y,flux_e,size_px".
CalibratedSample write_calibrated_sample(const std::filesystem::path& out, std::uint64_t seed = 1);

// Reads such a catalogue (Error naming the file and line on anything else).
std::vector<CatalogueSource> read_catalogue(const std::filesystem::path& csv);

}  // namespace bitsky::sample
