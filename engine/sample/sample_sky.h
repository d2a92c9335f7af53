#pragma once
// The bundled sample sky: a small, deterministic, realistic dataset of uint16 images
// from three made-up instruments, with the true noise recorded in every header
// (BSKYSIG: background noise sigma in ADU of frame 1; BSKYHLIM: the noise-entropy
// limit in bits per pixel, the mean entropy of each pixel's discretised noise
// distribution given the noiseless sky).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace bitsky::sample {

struct Instrument {
    std::string name, telescope;
    double bias_adu;       // offset added by the electronics
    double gain_e_per_adu;
    double read_noise_adu;
    double pixscale_arcsec;
};

struct SampleFile {
    std::filesystem::path path;  // relative to the output folder
    std::string instrument;
    std::vector<std::size_t> axes;
    double sky_sigma_adu;            // BSKYSIG (frame 1)
    std::vector<double> frame_sigma;  // per frame (BSKSnnnn cards)
    double entropy_limit_bpp;        // BSKYHLIM
};

// Writes the sample sky to `out` (created if needed): data/<instrument>/*.fits,
// splits/{tiny,full}_{train,test}.jsonl, README.txt, and the calibrated float32 product
// with its catalogue in calibrated/ (calibrated.h; not in the returned list, the splits or
// data/). Same seed, same bytes.
std::vector<SampleFile> write_sample_sky(const std::filesystem::path& out, std::uint64_t seed = 1);

// Entropy in bits of round(X) for X ~ N(mu, sigma^2) clipped to [0, 65535].
double discretised_gaussian_entropy(double mu, double sigma);

// One synthetic 2D uint16 frame (the generator used for the sample), for benchmarks
// and tests that need a frame of a given size: stars, galaxies, sky, Poisson and read noise.
struct SyntheticFrame {
    std::vector<std::uint16_t> pixels;
    std::size_t width = 0, height = 0;
    double sky_sigma_adu = 0;
    double entropy_limit_bpp = 0;
};
SyntheticFrame synthetic_frame(std::size_t width, std::size_t height, double read_noise_adu, double sky_e,
                               std::uint64_t seed);

}  // namespace bitsky::sample
