// Noise estimates of every pixel type (analysis::estimate_noise_any): known noise recovered
// within 3% on synthetic frames of each type, 16-bit frames exactly as before, CFITSIO's
// estimators on floats equal to fits_img_stats_float, the float noise floor, and the bench
// storing estimates and predictions for non-16-bit corpus frames.
#include <gtest/gtest.h>

#include <fitsio.h>

#include <cmath>
#include <limits>
#include <random>

#include <nlohmann/json.hpp>

#include "engine/analysis/noise.h"
#include "engine/analysis/noise_any.h"
#include "engine/analysis/predict.h"
#include "engine/fits/fits.h"
#include "engine/store/store.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::analysis;
using bitsky::test::shared_data;

namespace {

// A sky: background + a gradient (sigma / 250 per column) + a few Gaussian stars + white
// noise of std sigma.
template <typename T>
std::vector<T> sky(std::size_t w, std::size_t h, double background, double sigma, double star_peak, bool round,
                   unsigned seed = 7) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> noise(0.0, sigma);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<std::pair<double, double>> stars;
    for (int s = 0; s < 25; ++s) stars.push_back({u(rng) * double(w), u(rng) * double(h)});
    std::vector<T> v(w * h);
    for (std::size_t y = 0; y < h; ++y)
        for (std::size_t x = 0; x < w; ++x) {
            double value = background + 0.004 * sigma * double(x) + noise(rng);
            for (auto [sx, sy] : stars) {
                const double r2 = (double(x) - sx) * (double(x) - sx) + (double(y) - sy) * (double(y) - sy);
                if (r2 < 100) value += star_peak * std::exp(-r2 / 4.5);
            }
            v[y * w + x] = static_cast<T>(round ? std::nearbyint(value) : value);
        }
    return v;
}

}  // namespace

TEST(NoiseAny, SixteenBitFramesAreExactlyTheSixteenBitEstimate) {
    auto f = fits::File::open(shared_data("corpus/ccd_uint16_tansip.fits.gz"));
    const PixelFrame frame = f.read_frame(0, 0);
    const AnyNoise an = estimate_noise_any(frame, any_noise_options_for(f.hdu(0)));
    const NoiseEstimate e = estimate_noise(f.read_u16_frame(0, 0).frame(0), noise_options_for(f.hdu(0)));
    EXPECT_EQ(an.estimate.sigma(), e.sigma());
    EXPECT_EQ(an.estimate.estimator, e.estimator);
    EXPECT_EQ(an.estimate.cfitsio.noise3, e.cfitsio.noise3);
    EXPECT_EQ(an.view, "uint16 view");
    EXPECT_EQ(an.floor_bpp, gaussian_entropy_bits(e.sigma()));
    ASSERT_TRUE(an.u16.has_value());
}

TEST(NoiseAny, Float32NoiseWithinThreePercentAndItsFloor) {
    const std::size_t w = 512, h = 512;
    auto v = sky<float>(w, h, 700.0, 2.5, 300.0, false);
    for (std::size_t i = 0; i < 3000; ++i) v[(i * 7919) % v.size()] = std::numeric_limits<float>::quiet_NaN();
    const PixelFrame frame = PixelFrame::of(v, w, h);
    const AnyNoise an = estimate_noise_any(frame);
    EXPECT_TRUE(an.floating);
    EXPECT_FALSE(an.u16.has_value());
    EXPECT_EQ(an.view, "float32 values");
    EXPECT_NEAR(an.estimate.sigma(), 2.5, 0.03 * 2.5) << an.estimate.reason;
    EXPECT_GT(an.estimate.mask.blank, 2900u);  // the NaNs, masked like BLANK
    EXPECT_NE(an.estimate.reason.find("NaN/Inf"), std::string::npos) << an.estimate.reason;
    EXPECT_FALSE(an.estimate.correlated) << an.estimate.reason;
    // Background values lie in [512, 1024), where a float32's ulp is 2^-14: the floor is
    // the rounded Gaussian's entropy in units of that ulp, 14 bits above the integer one
    // (the stars' brighter pixels, with a coarser ulp, pull the mean down slightly).
    const double expected = gaussian_entropy_bits(an.estimate.sigma()) + 14.0;
    EXPECT_NEAR(an.floor_bpp, expected, 0.05);
    EXPECT_LT(an.floor_bpp, expected);
    EXPECT_GT(an.floor_bpp, 17.0);  // float noise costs ~20 bits per pixel where a 16-bit integer costs 3.4
}

TEST(NoiseAny, Float64NoiseWithinThreePercent) {
    const std::size_t w = 512, h = 400;
    auto v = sky<double>(w, h, -3.0e-3, 4.0e-5, 1.0e-2, false, 11);
    const AnyNoise an = estimate_noise_any(PixelFrame::of(v, w, h));
    EXPECT_NEAR(an.estimate.sigma(), 4.0e-5, 0.03 * 4.0e-5) << an.estimate.reason;
    EXPECT_EQ(an.view, "float64 values");
    EXPECT_GT(an.floor_bpp, 40.0);
    EXPECT_LE(an.floor_bpp, 64.0);
}

TEST(NoiseAny, WideInt32OnItsValuesNarrowInt32OnASixteenBitView) {
    const std::size_t w = 400, h = 300;
    // Wide: a ramp spanning ~2^21 values; noise 40.
    auto wide = sky<std::int32_t>(w, h, 0.0, 40.0, 5.0e5, true, 3);
    for (std::size_t y = 0; y < h; ++y)
        for (std::size_t x = 0; x < w; ++x) wide[y * w + x] += static_cast<std::int32_t>(5000 * y);
    const AnyNoise aw = estimate_noise_any(PixelFrame::of(wide, w, h));
    EXPECT_EQ(aw.view, "int32 values");
    EXPECT_FALSE(aw.u16.has_value());
    EXPECT_NEAR(aw.estimate.sigma(), 40.0, 0.03 * 40.0) << aw.estimate.reason;
    EXPECT_DOUBLE_EQ(aw.floor_bpp, gaussian_entropy_bits(aw.estimate.sigma()));

    // Narrow: 100000 + noise 5 (and a BLANK value far away): the 16-bit view, levels shifted back.
    auto narrow = sky<std::int32_t>(w, h, 100000.0, 5.0, 2000.0, true, 5);
    for (std::size_t i = 0; i < 50; ++i) narrow[i * 97] = -2147483647 - 1;
    AnyNoiseOptions o;
    o.blank = -2147483648.0;
    const AnyNoise an = estimate_noise_any(PixelFrame::of(narrow, w, h), o);
    ASSERT_TRUE(an.u16.has_value());
    EXPECT_EQ(an.view.rfind("int32 - ", 0), 0u) << an.view;
    EXPECT_NEAR(an.estimate.sigma(), 5.0, 0.03 * 5.0) << an.estimate.reason;
    EXPECT_EQ(an.estimate.mask.blank, 50u);
    EXPECT_NEAR(an.estimate.clipped.background, 100000.0 + 0.004 * 5.0 * double(w) / 2, 1.0);
    EXPECT_GE(an.estimate.cfitsio.min, 99900.0);
}

TEST(NoiseAny, FloatsHoldingIntegersUseTheIntegerEstimate) {
    const std::size_t w = 256, h = 256;
    auto v = sky<float>(w, h, 1200.0, 3.0, 500.0, true, 9);
    const AnyNoise an = estimate_noise_any(PixelFrame::of(v, w, h));
    ASSERT_TRUE(an.u16.has_value());
    EXPECT_EQ(an.view.rfind("float32 integer values - ", 0), 0u) << an.view;
    EXPECT_NEAR(an.estimate.sigma(), 3.0, 0.03 * 3.0);
    EXPECT_DOUBLE_EQ(an.floor_bpp, gaussian_entropy_bits(an.estimate.sigma()));
}

// Our CFITSIO-style estimators on float values, with only NaN skipped, against CFITSIO's
// own fits_img_stats_float on real float32 corpus frames.
TEST(NoiseAny, CfitsioEstimatorsOnFloatsEqualFitsImgStatsFloat) {
    for (const char* name : {"corpus/vlt_isaac_ir_tan.fits", "corpus/parkes_azp_nan.fits", "corpus/sdss_spplate_f32.fits"}) {
        SCOPED_TRACE(name);
        auto f = fits::File::open(shared_data(name));
        PixelFrame frame = f.read_frame(0, 0);
        const AnyNoise an = estimate_noise_any(frame);
        std::vector<float> v = frame.get<float>();
        const float null = -9.1e30f;
        for (float& x : v)
            if (!std::isfinite(x)) x = null;
        long ngood = 0;
        float mn = 0, mx = 0;
        double mean = 0, sigma = 0, n1 = 0, n2 = 0, n3 = 0, n5 = 0;
        int status = 0;
        fits_img_stats_float(v.data(), long(frame.width), long(frame.height), 1, null, &ngood, &mn, &mx, &mean, &sigma,
                             &n1, &n2, &n3, &n5, &status);
        ASSERT_EQ(status, 0);
        const CfitsioNoise& c = an.estimate.cfitsio;
        EXPECT_EQ(c.good_pixels, ngood);
        EXPECT_NEAR(c.noise3, n3, 1e-5 * n3);
        EXPECT_NEAR(c.noise2, n2, 1e-5 * n2);
        EXPECT_NEAR(c.noise5, n5, 1e-5 * n5);
        EXPECT_NEAR(c.noise1, n1, 1e-4 * n1);
        EXPECT_NEAR(c.mean, mean, 1e-6 * std::abs(mean) + 1e-9);
        EXPECT_FLOAT_EQ(float(c.min), mn);
        EXPECT_FLOAT_EQ(float(c.max), mx);
    }
}

// The CLI and the bench measure every type: `noise` prints sigma for the float and int32
// corpus frames, and a bench stores each frame's noise (with its pixel type) and the noise
// floor as the gaussian-entropy prediction.
TEST(NoiseAny, NoiseCommandAndBenchCoverEveryCorpusType) {
    bitsky::test::TempDir tmp;
    const auto out = bitsky::test::run_cli("noise --json " + shared_data("corpus/vlt_isaac_ir_tan.fits").string() + " " +
                                           shared_data("corpus/not_alfosc_flat_uint32.fz").string());
    ASSERT_EQ(out.exit_code, 0) << out.err;
    const auto j = nlohmann::json::parse(out.out);
    ASSERT_EQ(j["files"].size(), 2u);
    const auto& fl = j["files"][0]["frames"][0];
    EXPECT_EQ(fl["pixel_type"], "float32");
    EXPECT_GT(fl["robust"]["sigma"].get<double>(), 7.0);
    EXPECT_LT(fl["robust"]["sigma"].get<double>(), 10.0);
    // ISAAC's floats are multiples of 0.04 ADU: the floor is the noise's entropy on that grid
    // (9.8 bpp), not at float32 precision (19.9 bpp), as a coder that finds the grid codes it.
    EXPECT_NEAR(fl["prediction"]["noise_floor_bpp"].get<double>(),
                gaussian_entropy_bits(fl["robust"]["sigma"].get<double>() / 0.04), 0.01);
    EXPECT_TRUE(fl["prediction"]["structure_bpp"].is_null());
    const auto& u32 = j["files"][1]["frames"][0];
    EXPECT_EQ(u32["pixel_type"], "uint32");
    EXPECT_EQ(u32["view"], "uint32 values");
    EXPECT_TRUE(j["files"][0]["skipped"].empty());

    const std::string db = (tmp / "s.db").string();
    const auto bench = bitsky::test::run_cli("bench " + shared_data("corpus/vlt_isaac_ir_tan.fits").string() +
                                             " --codecs gzip2 --db " + db);
    ASSERT_EQ(bench.exit_code, 0) << bench.err;
    store::ResultsStore s(db);
    const auto images = s.images();
    ASSERT_EQ(images.size(), 1u);
    ASSERT_TRUE(images[0].noise_json.has_value());
    auto noise = nlohmann::json::parse(*images[0].noise_json);
    if (noise.is_array()) noise = noise.front();
    EXPECT_EQ(noise["pixel_type"], "float32");
    EXPECT_NEAR(noise["sigma"].get<double>(), fl["robust"]["sigma"].get<double>(), 1e-9);
    const auto preds = s.predictions(images[0].id);
    ASSERT_EQ(preds.size(), 1u);
    EXPECT_EQ(preds[0].kind, "gaussian-entropy");
    EXPECT_NEAR(preds[0].bpp, fl["prediction"]["noise_floor_bpp"].get<double>(), 1e-9);
}
