#pragma once
// Internal to engine/sample: the noiseless scene and its sources, shared by the raw sample
// sky (sample_sky.cpp) and its calibrated float32 product (calibrated.cpp).
#include <cstddef>
#include <vector>

#include "engine/util/random.h"

namespace bitsky::sample::detail {

struct Scene {
    std::size_t w = 0, h = 0;
    std::vector<double> signal;  // noiseless electrons above bias
    std::vector<char> fixed;     // bad-column pixels with a fixed value (no noise)
    std::vector<double> fixed_adu;
    Scene(std::size_t w_, std::size_t h_) : w(w_), h(h_), signal(w_ * h_, 0.0), fixed(w_ * h_, 0), fixed_adu(w_ * h_, 0) {}
    double& at(std::size_t x, std::size_t y) { return signal[y * w + x]; }
};

struct SourceList {
    struct Star { double x, y, flux, fwhm; };
    struct Galaxy { double x, y, flux, scale, q, theta; };
    std::vector<Star> stars;
    std::vector<Galaxy> galaxies;
};

// Star fluxes follow a power law (many faint, few bright); the last star is bright enough
// to saturate any instrument. Positions are 0-based pixel-centre coordinates.
SourceList make_sources(util::Random& rng, std::size_t w, std::size_t h, double flux_scale, double fwhm);
// A Moffat star of total flux_e electrons, drawn out to where it falls below 0.01 e-/pixel.
void add_moffat(Scene& s, double x0, double y0, double flux_e, double fwhm, double beta = 3.0);
// An exponential disc galaxy of total flux_e electrons.
void add_galaxy(Scene& s, double x0, double y0, double flux_e, double scale, double q, double theta);
// The sky level plus every source, shifted by (dx, dy), fluxes scaled by flux_factor.
void render(Scene& s, const SourceList& src, double flux_factor, double dx, double dy, double sky_e);

}  // namespace bitsky::sample::detail
