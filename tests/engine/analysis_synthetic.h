#pragma once
// Deterministic synthetic frames for the analysis tests: flat sky + Gaussian read noise
// of known sigma + Gaussian-profile stars (+ optional saturated cores).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "engine/image/cube.h"

namespace bitsky::test {

struct SyntheticFrame {
    std::vector<std::uint16_t> pixels;
    std::size_t width = 0, height = 0;
    Frame16 frame() const { return {pixels, width, height}; }
};

inline SyntheticFrame synthetic_sky(std::size_t width, std::size_t height, double sigma, unsigned seed,
                                    int stars = 40, double sky = 1000.0, bool saturate = false) {
    SyntheticFrame f;
    f.width = width;
    f.height = height;
    std::vector<double> img(width * height, sky);
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> ux(0.0, static_cast<double>(width)), uy(0.0, static_cast<double>(height));
    std::uniform_real_distribution<double> u01(0.0, 1.0);
    for (int s = 0; s < stars; ++s) {
        double cx = ux(rng), cy = uy(rng);
        double amp = 10.0 * sigma * std::pow(u01(rng) + 1e-3, -1.5);  // a few bright ones
        if (saturate && s % 5 == 0) amp = 200000.0;
        double w = 1.2 + 1.5 * u01(rng);
        int r = static_cast<int>(std::ceil(5 * w));
        for (int dy = -r; dy <= r; ++dy)
            for (int dx = -r; dx <= r; ++dx) {
                long x = static_cast<long>(cx) + dx, y = static_cast<long>(cy) + dy;
                if (x < 0 || y < 0 || x >= static_cast<long>(width) || y >= static_cast<long>(height)) continue;
                double ddx = static_cast<double>(x) - cx, ddy = static_cast<double>(y) - cy;
                img[static_cast<std::size_t>(y) * width + static_cast<std::size_t>(x)] +=
                    amp * std::exp(-(ddx * ddx + ddy * ddy) / (2 * w * w));
            }
    }
    std::normal_distribution<double> noise(0.0, sigma);
    f.pixels.resize(img.size());
    for (std::size_t i = 0; i < img.size(); ++i) {
        double v = std::round(img[i] + noise(rng));
        f.pixels[i] = static_cast<std::uint16_t>(std::clamp(v, 0.0, 65535.0));
    }
    return f;
}

}  // namespace bitsky::test
