// Fidelity of lossy results (engine/analysis/fidelity.h) on synthetic frames with known
// noise, coded by fpack's quantization for real: the RMS error of a step-q quantization is
// step / sqrt(12) (dithered: Pence, White & Seaman 2010), the noise increase of q = 4 is
// sqrt(1 + 1/(12 * 16)) - 1, photometry errors follow the same law in units of the
// photometric sigma, and a lossless reconstruction has no error at all.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "engine/analysis/fidelity.h"
#include "engine/codecs/codec.h"
#include "engine/codecs/fits_quant_layout.h"
#include "engine/util/error.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::test;

namespace {

constexpr double kSigma = 10.0, kSky = 1000.0;

struct Star {
    double x, y, flux;
};

// A w x h float32 sky of kSky with Gaussian noise kSigma and Gaussian stars (sigma 1.5 px),
// separated by at least 25 pixels, 12 pixels from the edges.
PixelFrame sky(std::size_t w, std::size_t h, std::size_t nstars, unsigned seed, std::vector<Star>* stars = nullptr) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0.0, kSigma);
    std::uniform_real_distribution<double> ux(12.0, double(w) - 13.0), uy(12.0, double(h) - 13.0), uf(3000.0, 60000.0);
    std::vector<Star> placed;
    while (placed.size() < nstars) {
        const Star s{ux(rng), uy(rng), uf(rng)};
        bool free = true;
        for (const auto& p : placed) free = free && std::hypot(p.x - s.x, p.y - s.y) > 25;
        if (free) placed.push_back(s);
    }
    std::vector<float> v(w * h);
    for (std::size_t y = 0; y < h; ++y)
        for (std::size_t x = 0; x < w; ++x) {
            double val = kSky + noise(rng);
            for (const auto& s : placed) {
                const double dx = double(x) - s.x, dy = double(y) - s.y;
                if (dx * dx + dy * dy < 100) val += s.flux / (2 * M_PI * 2.25) * std::exp(-(dx * dx + dy * dy) / 4.5);
            }
            v[y * w + x] = float(val);
        }
    if (stars) *stars = placed;
    return PixelFrame::of(std::move(v), w, h);
}

Fidelity coded(const char* spec, const PixelFrame& f, const analysis::FidelityOptions& o = {}) {
    const auto r = analysis::measured_roundtrip(*codecs::make_codec(spec), f, o);
    EXPECT_TRUE(r.ok()) << spec << ": " << r.error;
    EXPECT_TRUE(r.lossy);
    EXPECT_FALSE(r.decoded.has_value());  // dropped once measured
    return r.fidelity.value_or(Fidelity{});
}

}  // namespace

TEST(Fidelity, AbsoluteStepErrorIsStepOverSqrt12) {
    const PixelFrame f = sky(512, 512, 0, 1);
    for (const char* spec : {"rice:q-2.5", "gzip2:q-2.5:d2", "rice:q-2.5:nodither"}) {
        SCOPED_TRACE(spec);
        const Fidelity fid = coded(spec, f);
        EXPECT_NEAR(fid.rms_error / (2.5 / std::sqrt(12.0)), 1.0, 0.01);
        EXPECT_LE(fid.max_abs_error, 1.25 * (1 + 1e-6));
        EXPECT_LT(std::fabs(fid.bias), 0.01);  // unbiased: 0.4% of the step
        EXPECT_NEAR(fid.sigma_in, kSigma, 0.2);
        EXPECT_EQ(fid.pixels, 512 * 512);
        EXPECT_EQ(fid.nonfinite_changed, 0);
    }
}

TEST(Fidelity, RelativeQuantizationMatchesPence2010) {
    const PixelFrame f = sky(512, 512, 0, 2);
    for (double q : {1.0, 4.0, 16.0}) {
        SCOPED_TRACE(q);
        const std::string spec = "rice:q" + std::to_string(int(q));
        const Fidelity fid = coded(spec.c_str(), f);
        // step = sigma / q per tile (CFITSIO's own per-row estimate), error variance step^2/12
        const double theory = 1 / (q * std::sqrt(12.0));
        ASSERT_TRUE(fid.rms_over_sigma);
        EXPECT_NEAR(*fid.rms_over_sigma / theory, 1.0, 0.04);
        const double increase = std::sqrt(1 + 1 / (12 * q * q)) - 1;
        ASSERT_TRUE(fid.noise_increase_exact && fid.noise_increase);
        EXPECT_NEAR(*fid.noise_increase_exact / increase, 1.0, 0.08);
        // The estimator on the decoded frame sees the same, within its own scatter.
        EXPECT_NEAR(*fid.noise_increase, increase, 0.15 * increase + 0.003);
        EXPECT_LT(std::fabs(fid.background_shift), 0.01 * kSigma);
    }
    // fpack's documented default: q = 4 adds 0.26% noise.
    EXPECT_NEAR(std::sqrt(1 + 1 / (12.0 * 16)) - 1, 0.0026, 0.0001);
}

TEST(Fidelity, LosslessHasNoErrorAtAll) {
    std::vector<Star> stars;
    const PixelFrame f = sky(300, 200, 12, 3, &stars);
    const Fidelity same = analysis::measure_fidelity(f, f);
    EXPECT_EQ(same.rms_error, 0);
    EXPECT_EQ(same.max_abs_error, 0);
    EXPECT_EQ(same.bias, 0);
    EXPECT_EQ(same.background_shift, 0);
    EXPECT_EQ(same.noise_increase.value_or(1), 0);
    EXPECT_EQ(same.noise_increase_exact.value_or(1), 0);
    EXPECT_EQ(same.sources, 12);
    EXPECT_EQ(same.source_origin, "detected");
    EXPECT_EQ(same.phot_error_rms.value_or(1), 0);
    EXPECT_EQ(same.phot_error_max.value_or(1), 0);
    EXPECT_EQ(same.centroid_shift_max.value_or(1), 0);
    // A lossless codec's result carries no fidelity: it is exact.
    const auto r = analysis::measured_roundtrip(*codecs::make_codec("gzip2"), f);
    EXPECT_TRUE(r.lossless_ok);
    EXPECT_FALSE(r.lossy);
    EXPECT_FALSE(r.fidelity.has_value());
}

TEST(Fidelity, PhotometryAndCentroidsOfQuantizedStars) {
    std::vector<Star> stars;
    const PixelFrame f = sky(600, 600, 80, 4, &stars);
    const auto found = analysis::detect_sources(f, kSky, kSigma);
    EXPECT_EQ(found.size(), stars.size());  // every star, nothing else, at its peak pixel
    for (const auto& s : found) {
        double best = 1e9;
        for (const auto& t : stars) best = std::min(best, std::hypot(t.x - s.x, t.y - s.y));
        EXPECT_LT(best, 1.0);
    }
    const double ap = 3.0;
    for (double q : {1.0, 4.0}) {
        SCOPED_TRACE(q);
        const std::string spec = "rice:q" + std::to_string(int(q));
        const auto codec = codecs::make_codec(spec);
        const auto r = codecs::roundtrip(*codec, f, true);
        ASSERT_TRUE(r.ok()) << r.error;
        const Fidelity fid = analysis::measure_fidelity(f, *r.decoded);
        EXPECT_EQ(fid.sources, 80);
        // Each aperture sum's error: its pixels' quantization errors, variance step^2 / 12
        // with the step of each pixel's row (tile) as CFITSIO chose it (rows through bright
        // stars get larger steps); in units of sigma * sqrt(N). The prediction is the RMS of
        // that over the stars; the annulus background's own error adds ~7% (N_ap / N_annulus).
        const auto layout = codecs::quant::read_layout(codecs::QuantCoder::Rice, r.bytes, f.width, f.height, spec);
        double predicted = 0;
        for (const auto& s : stars) {
            double var = 0, n = 0;
            for (int dy = -3; dy <= 3; ++dy)
                for (int dx = -3; dx <= 3; ++dx) {
                    const double px = std::round(s.x) + dx, py = std::round(s.y) + dy;
                    if ((px - s.x) * (px - s.x) + (py - s.y) * (py - s.y) > ap * ap) continue;
                    const double step = layout.tiles.at(std::size_t(py)).zscale;
                    var += step * step / 12;
                    n += 1;
                }
            predicted += var / (fid.sigma_in * fid.sigma_in * n);
        }
        predicted = std::sqrt(predicted / double(stars.size()));
        std::printf("q=%g: phot error rms %.4f sigma_phot, predicted %.4f (flat sky: %.4f)\n", q, *fid.phot_error_rms,
                    predicted, 1 / (q * std::sqrt(12.0)));
        ASSERT_TRUE(fid.phot_error_rms);
        EXPECT_GT(*fid.phot_error_rms, 0.75 * predicted);
        EXPECT_LT(*fid.phot_error_rms, 1.35 * predicted);
        EXPECT_LT(std::fabs(*fid.phot_bias), 0.5 * predicted);
        EXPECT_LT(*fid.centroid_shift_max, 0.1);
    }
    // At the true positions (a catalogue) instead of detections: the same sources.
    analysis::FidelityOptions o;
    o.catalogue = std::vector<analysis::SourcePosition>{};
    for (const auto& s : stars) o.catalogue->push_back({s.x, s.y, s.flux});
    const Fidelity cat = coded("rice:q4", f, o);
    EXPECT_EQ(cat.source_origin, "catalogue");
    EXPECT_EQ(cat.sources, 80);
}

TEST(Fidelity, RefusesMismatchedFramesAndApertures) {
    const PixelFrame f = sky(40, 30, 0, 5);
    EXPECT_NE(error_of([&] { analysis::measure_fidelity(f, crop(f, 0, 0, 40, 29)); }), "");
    EXPECT_NE(error_of([&] { analysis::measure_fidelity(f, PixelFrame::zeros(Sample::F64, 40, 30)); }), "");
    analysis::FidelityOptions o;
    o.annulus_inner = 2;  // inside the aperture
    EXPECT_NE(error_of([&] { analysis::measure_fidelity(f, f, o); }).find("annulus"), std::string::npos);
}
