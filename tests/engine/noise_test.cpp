// Noise estimators: accuracy against known sigma, parity with fpack -T.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "engine/analysis/noise.h"
#include "engine/analysis/predict.h"
#include "engine/fits/fits.h"
#include "tests/engine/analysis_synthetic.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::analysis;

namespace {

std::string g3(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%#7.3g", v);
    std::string s = buf;
    return s.substr(s.find_first_not_of(' '));
}

// fpack -T rows: ext bitpix (dims) nulls min max mean sigma noise2 noise3 noise5 nbits maxr
struct FpackRow {
    int ext = -1;
    std::string noise2, noise3, noise5, nbits;
};

std::vector<FpackRow> fpack_rows(const std::filesystem::path& file) {
    test::TempDir tmp;
    auto r = test::run_shell("cd " + test::shell_quote(tmp.path().string()) + " && fpack -T " +
                             test::shell_quote(file.string()));
    std::vector<FpackRow> rows;
    std::istringstream in(r.out);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream ls(line);
        std::vector<std::string> tok;
        std::string t;
        while (ls >> t) tok.push_back(t);
        if (tok.size() != 13 || tok[2].front() != '(') continue;
        FpackRow row;
        row.ext = std::stoi(tok[0]);
        row.noise2 = tok[8];
        row.noise3 = tok[9];
        row.noise5 = tok[10];
        row.nbits = tok[11];
        rows.push_back(row);
    }
    return rows;
}

}  // namespace

TEST(Noise, EstimatorsWithin3PercentOfKnownSigma) {
    for (double sigma : {2.5, 5.0, 12.0, 40.0}) {
        auto f = test::synthetic_sky(512, 512, sigma, 1234u + static_cast<unsigned>(sigma * 10), 40);
        auto e = estimate_noise(f.frame());
        SCOPED_TRACE("sigma=" + std::to_string(sigma));
        EXPECT_NEAR(e.mad, sigma, 0.03 * sigma);
        EXPECT_NEAR(e.clipped.std, sigma, 0.03 * sigma);
        EXPECT_NEAR(e.sigma(), sigma, 0.03 * sigma);
        EXPECT_NEAR(e.clipped.background, 1000.0, 0.1 * sigma + 0.5);
        // CFITSIO's estimators are within a few percent too once sigma is well above 1 ADU.
        EXPECT_NEAR(e.cfitsio.noise3, sigma, 0.06 * sigma);
        EXPECT_NEAR(e.cfitsio.noise5, sigma, 0.06 * sigma);
        // Tile map: every full tile sees the same noise, up to sampling error.
        ASSERT_EQ(e.tiles.tiles_x, 8u);
        ASSERT_EQ(e.tiles.tiles_y, 8u);
        std::vector<float> s = e.tiles.sigma;
        std::nth_element(s.begin(), s.begin() + 32, s.end());
        EXPECT_NEAR(s[32], sigma, 0.06 * sigma);
    }
}

TEST(Noise, TileMapFindsANoisyRegion) {
    auto f = test::synthetic_sky(256, 256, 3.0, 99u, 0);
    std::mt19937 rng(7);
    std::normal_distribution<double> extra(0.0, 9.0);
    for (std::size_t y = 128; y < 192; ++y)
        for (std::size_t x = 64; x < 128; ++x)
            f.pixels[y * 256 + x] = static_cast<std::uint16_t>(std::lround(f.pixels[y * 256 + x] + extra(rng)));
    auto m = tile_noise_map(f.frame(), 64);
    ASSERT_EQ(m.sigma.size(), 16u);
    EXPECT_NEAR(m.at_sigma(1, 2), std::sqrt(9.0 + 81.0), 1.0);
    EXPECT_NEAR(m.at_sigma(0, 0), 3.0, 0.4);
    EXPECT_NEAR(m.at_sigma(3, 3), 3.0, 0.4);
}

TEST(Noise, ConstantAndTinyFrames) {
    std::vector<std::uint16_t> flat(100 * 50, 777);
    auto e = estimate_noise(Frame16{flat, 100, 50});
    EXPECT_EQ(e.mad, 0.0);
    EXPECT_EQ(e.clipped.std, 0.0);
    EXPECT_EQ(e.clipped.background, 777.0);
    std::vector<std::uint16_t> one{5};
    auto t = estimate_noise(Frame16{one, 1, 1});
    EXPECT_EQ(t.mad, 0.0);
    EXPECT_EQ(t.tiles.sigma.size(), 1u);
}

TEST(Noise, BlankPixelsAreIgnored) {
    auto f = test::synthetic_sky(200, 200, 4.0, 5u, 0);
    for (std::size_t i = 0; i < f.pixels.size(); i += 7) f.pixels[i] = 0;
    NoiseOptions o;
    o.blank = 0;
    auto e = estimate_noise(f.frame(), o);
    EXPECT_NEAR(e.clipped.std, 4.0, 0.15);
    EXPECT_NEAR(e.mad, 4.0, 0.2);
    EXPECT_EQ(e.cfitsio.good_pixels, static_cast<long>(f.pixels.size() - (f.pixels.size() + 6) / 7));
}

TEST(Noise, GaussianEntropyAndRicePrediction) {
    const double k = std::log2(std::sqrt(2 * M_PI * M_E));
    // The rounded Gaussian's entropy exactly: half a log of (1 + 1/(12 sigma^2)) above the
    // continuous formula for large sigma (Sheppard), and -> 0 as sigma -> 0.
    EXPECT_NEAR(gaussian_entropy_bits(5.0), std::log2(5.0) + k + 0.5 * std::log2(1 + 1.0 / 300), 2e-4);
    EXPECT_NEAR(gaussian_entropy_bits(5000.0), std::log2(5000.0) + k, 1e-6);
    EXPECT_NEAR(gaussian_entropy_bits(4096.0), std::log2(4096.0) + k, 1e-6);  // the switch is seamless
    EXPECT_LT(gaussian_entropy_bits(0.05), 1e-6);
    EXPECT_EQ(gaussian_entropy_bits(0.0), 0.0);
    // Discretised entropy converges to the formula for large sigma, stays >= 0 for small.
    EXPECT_NEAR(discrete_gaussian_entropy(8.0), std::log2(8.0) + k, 1e-3);
    EXPECT_GT(gaussian_entropy_bits(0.2), 0.0);
    EXPECT_LT(gaussian_entropy_bits(0.2), 0.2);
    EXPECT_NEAR(gaussian_entropy_bits(1.999), discrete_gaussian_entropy(1.999), 1e-12);
    EXPECT_NEAR(gaussian_entropy_bits(1.999), gaussian_entropy_bits(2.0), 0.001);  // continuous in sigma
    // Rice codes neighbour differences: about half a bit above the pixel entropy plus overheads.
    int rk = 0;
    double rice = predicted_rice_bpp(5.0, 0, &rk);
    EXPECT_GT(rice, gaussian_entropy_bits(5.0) + 0.5);
    EXPECT_LT(rice, gaussian_entropy_bits(5.0) + 1.0);
    EXPECT_EQ(rk, 3);
}

TEST(Noise, PathologicalFramesAreBoundedByTheDataRange) {
    // Halves at 0 and 65535, and a sky with 30% saturated columns: the clipped estimate's
    // truncation correction used to extrapolate to sigma ~3e7, and the Rice prediction then
    // allocated O(sigma) memory (8.8 GB).
    const std::size_t w = 256, h = 128;
    std::vector<std::uint16_t> halves(w * h);
    for (std::size_t i = 0; i < halves.size(); ++i) halves[i] = (i % w) < w / 2 ? 0 : 65535;
    auto sky = test::synthetic_sky(w, h, 6.0, 9u, 10);
    for (std::size_t y = 0; y < h; ++y)
        for (std::size_t x = 0; x < w; ++x)
            if (x % 10 < 3) sky.pixels[y * w + x] = 65535;
    std::vector<std::uint16_t> checker(w * h);
    for (std::size_t i = 0; i < checker.size(); ++i) checker[i] = ((i % w) + i / w) % 2 ? 65535 : 0;
    for (const auto* px : {&halves, &sky.pixels, &checker}) {
        const Frame16 f{*px, w, h};
        const auto e = estimate_noise(f);
        for (double s : {e.sigma(), e.clipped.std, e.mad}) {
            EXPECT_TRUE(std::isfinite(s));
            EXPECT_LE(s, 32767.5);
        }
        const auto p = predict_compressibility(e);
        EXPECT_LE(p.entropy_bpp, 16.0);
        EXPECT_LE(p.rice_bpp, 16.0 + 4.0 / 32 + 16.0 / w + 1e-9);
    }
    // The Rice prediction itself, for any sigma: bounded work, k grows with log2 sigma.
    int k1 = 0, k2 = 0;
    const double a = predicted_rice_bpp(1000.0, 0, &k1), b = predicted_rice_bpp(4000.0, 0, &k2);
    EXPECT_NEAR(b - a, 2.0, 0.02);
    EXPECT_EQ(k2 - k1, 2);
    EXPECT_LE(predicted_rice_bpp(3e7), 16.0 + 4.0 / 32 + 1e-9);
    EXPECT_LE(predicted_rice_bpp(std::numeric_limits<double>::infinity()), 16.0 + 4.0 / 32 + 1e-9);
}

TEST(Noise, BitPlanes) {
    auto f = test::synthetic_sky(256, 256, 16.0, 11u, 0);
    auto b = bit_planes(f.pixels);
    EXPECT_GE(b.noise_bits, 3);  // log2(16) = 4: the lowest ~3-4 planes are random
    EXPECT_LE(b.noise_bits, 5);
    EXPECT_NEAR(b.msb_entropy + b.lsb_given_msb, b.order0_entropy, 1e-9);
    EXPECT_NEAR(b.order0_entropy, gaussian_entropy_bits(16.0), 0.05);
    EXPECT_EQ(b.plane_entropy[15], 0.0);
}

TEST(Noise, MaskedCfitsioEstimatorsEqualTheLibraryWithOnlyBlankMasked) {
    // The reimplementation of CFITSIO's noise1/2/3/5 (with any pixels skippable) gives the
    // library's values exactly when only a BLANK value is skipped.
    int compared = 0;
    for (const char* name : {"dss_plate.fits", "ngc1316r.fits", "hst_stis_raw.fits", "mef_4x40x40.fits", "odd_axes_mixed.fits"}) {
        auto file = fits::File::open(test::data(name));
        for (int h : file.image_hdus()) {
            if (!file.hdu(h).is_16bit()) continue;
            auto cube = file.read_u16(h);
            for (std::size_t k = 0; k < cube.frame_count(); ++k) {
                const Frame16 f = cube.frame(k);
                for (std::optional<std::uint16_t> blank : {std::optional<std::uint16_t>{}, std::optional<std::uint16_t>{f.pixels[f.size() / 2]}}) {
                    std::vector<std::uint8_t> invalid(f.size(), 0);
                    if (blank)
                        for (std::size_t i = 0; i < f.size(); ++i) invalid[i] = f.pixels[i] == *blank;
                    const auto lib = cfitsio_noise(f, blank, false);
                    const auto ours = cfitsio_noise_of(f, invalid.data());
                    SCOPED_TRACE(std::string(name) + " hdu " + std::to_string(h) + " frame " + std::to_string(k));
                    EXPECT_EQ(ours.good_pixels, lib.good_pixels);
                    EXPECT_EQ(ours.min, lib.min);
                    EXPECT_EQ(ours.max, lib.max);
                    EXPECT_DOUBLE_EQ(ours.mean, lib.mean);
                    EXPECT_DOUBLE_EQ(ours.sigma, lib.sigma);
                    EXPECT_DOUBLE_EQ(ours.noise1, lib.noise1);
                    EXPECT_DOUBLE_EQ(ours.noise2, lib.noise2);
                    EXPECT_DOUBLE_EQ(ours.noise3, lib.noise3);
                    EXPECT_DOUBLE_EQ(ours.noise5, lib.noise5);
                    ++compared;
                }
            }
        }
    }
    EXPECT_GE(compared, 20);
}

TEST(Noise, SaturationAndBlankAreMaskedAndReported) {
    const double sigma = 6.0;
    auto sky = test::synthetic_sky(256, 256, sigma, 77u, 20);
    for (std::size_t y = 0; y < 256; ++y)
        for (std::size_t x = 0; x < 256; ++x)
            if (x % 10 < 3) sky.pixels[y * 256 + x] = 65535;  // 30% saturated columns
    for (std::size_t i = 5; i < sky.pixels.size(); i += 101) sky.pixels[i] = 7;  // BLANK pixels
    NoiseOptions o;
    o.blank = 7;
    auto e = estimate_noise(sky.frame(), o);
    EXPECT_NEAR(e.sigma(), sigma, 0.03 * sigma) << e.reason;
    EXPECT_NEAR(e.mask.fraction(), 0.30 + 0.7 / 101, 0.01);
    EXPECT_GT(e.mask.blank, 400u);
    EXPECT_NE(e.mask.saturation_rule.find("frame maximum 65535"), std::string::npos) << e.mask.saturation_rule;
    EXPECT_FALSE(e.correlated) << e.reason;
    EXPECT_GT(e.clipped.std, 2 * sigma) << "the clipped std sees the saturation (displayed only)";
    // The same through the header: SATURATE and BLANK of the HDU.
    test::TempDir tmp;
    {
        fits::Writer w(tmp / "s.fits");
        std::vector<std::int16_t> stored(sky.pixels.size());
        for (std::size_t i = 0; i < stored.size(); ++i) stored[i] = static_cast<std::int16_t>(int(sky.pixels[i]) - 32768);
        w.write_i16({256, 256}, stored);
        w.set_key("BLANK", 7LL - 32768, "null");
        w.set_key("SATURATE", 30000.0, "[ADU]");
        w.close();
    }
    auto file = fits::File::open(tmp / "s.fits");
    auto opt = noise_options_for(file.hdu(0));
    ASSERT_TRUE(opt.blank && opt.saturate);
    EXPECT_EQ(*opt.blank, 7);
    EXPECT_DOUBLE_EQ(*opt.saturate, 30000.0 + 32768.0);
    auto h = estimate_noise(file.read_u16(0).frame(0), opt);
    EXPECT_EQ(h.mask.saturation_rule, "SATURATE keyword");
    EXPECT_NEAR(h.sigma(), sigma, 0.03 * sigma);
}

TEST(Noise, CorrelatedReplicatedAndRescaledDataAreRecognised) {
    const double sigma = 8.0;
    auto white = test::synthetic_sky(256, 256, sigma, 5u, 0);
    auto e = estimate_noise(white.frame());
    EXPECT_FALSE(e.correlated) << e.reason;
    EXPECT_EQ(e.estimator, "mad-diff1-tiles");
    EXPECT_EQ(e.value_fraction, 1.0);
    // Upsampled 2x (each pixel repeated): neighbours are equal half the time.
    auto up = white;
    for (std::size_t y = 0; y < 256; ++y)
        for (std::size_t x = 0; x < 256; ++x) up.pixels[y * 256 + x] = white.pixels[(y / 2) * 256 + x / 2];
    auto u = estimate_noise(up.frame());
    EXPECT_TRUE(u.correlated) << u.reason;
    EXPECT_NE(u.reason.find("not a bound"), std::string::npos);
    // Smoothed (3-pixel running mean): neighbours correlated, pixels two apart less so.
    auto smooth = white;
    for (std::size_t y = 0; y < 256; ++y)
        for (std::size_t x = 1; x + 1 < 256; ++x) {
            const std::size_t i = y * 256 + x;
            smooth.pixels[i] = static_cast<std::uint16_t>(
                (int(white.pixels[i - 1]) + int(white.pixels[i]) + int(white.pixels[i + 1]) + 1) / 3);
        }
    EXPECT_TRUE(estimate_noise(smooth.frame()).correlated);
    // Rescaled by 7 (a photographic plate's digitisation uses few of the integers): the
    // noise is measured on the ranks of the values used.
    auto scaled = white;
    for (auto& v : scaled.pixels) v = static_cast<std::uint16_t>(std::clamp((int(v) - 900) * 7 + 1000, 0, 65535));
    auto s = estimate_noise(scaled.frame());
    EXPECT_EQ(s.estimator, "mad-diff1-tiles-ranks") << s.reason;
    EXPECT_NEAR(s.sigma(), sigma, 0.05 * sigma) << s.reason;
    EXPECT_LT(s.value_fraction, 0.2);
}

TEST(Noise, CfitsioValuesEqualFpack) {
    if (!test::have_program("fpack")) GTEST_SKIP() << "fpack not installed";
    int compared = 0;
    for (const char* name : {"dss_plate.fits", "ngc1316r.fits", "hst_stis_raw.fits", "mef_4x40x40.fits"}) {
        auto path = test::data(name);
        auto rows = fpack_rows(path);
        ASSERT_FALSE(rows.empty()) << name;
        auto file = fits::File::open(path);
        for (const auto& row : rows) {
            const auto& info = file.hdu(row.ext);
            if (!info.is_16bit()) continue;
            auto cube = file.read_u16(row.ext);
            std::optional<std::uint16_t> blank;
            auto c = cfitsio_noise(cube.frame(cube.frame_count() / 2), blank);
            SCOPED_TRACE(std::string(name) + " ext " + std::to_string(row.ext));
            EXPECT_EQ(g3(c.noise3), row.noise3);
            EXPECT_EQ(g3(c.noise5), row.noise5);
            char nb[16];
            std::snprintf(nb, sizeof nb, "%#5.1f", static_cast<float>(std::log10(c.noise_min()) / .301 + 1.792));
            EXPECT_EQ(std::string(nb).substr(std::string(nb).find_first_not_of(' ')), row.nbits);
            ++compared;
        }
    }
    EXPECT_GE(compared, 8);
}
