// The science-safe suggestion (engine/analysis/lossy_suggest.h) on a real float frame (the
// corpus' VLT ISAAC 1024 x 1024 image, HDU 0), every rung of rice:q1..q32 measured for real.
// Verified expectations (numbers of this run, deterministic: the dither seed is in the spec):
//  - exact noise increase sqrt(1 + var/sigma^2) - 1 of dithered quantization, var =
//    step^2 / 12 (Pence, White & Seaman 2010): fpack's step is the tile's (row's) noise / q,
//    ~1.1x the frame's sigma here, so the measured increase is 1.0..1.4x the law with the
//    frame's sigma (1.23x at every level: 4.99%, 1.27%, 0.32%, 0.080%, 0.020%, 0.005%);
//  - bpp grows by ~1 bit per halving of the step (3.33, 4.19, 5.11, 6.09, 7.08, 8.08);
//  - the RMS photometric error (2000 detected sources) halves with each level, 1.1x the law
//    1 / (q sqrt 12) (32.4%, 16.4%, 7.9%, 4.1%, 2.15%, 1.01% of sigma_phot; it levelled off
//    near 5% before the annulus background used the same pixels in both frames): no rice
//    level keeps the default 1% (q32 is just above), so the suggestion is "none"; thresholds
//    25% / 1% choose q4 (q2 adds 2.0% noise), 25% / 3% choose q2, 0.1% none.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/analysis/lossy_suggest.h"
#include "engine/analysis/noise_any.h"
#include "engine/fits/fits.h"
#include "engine/util/error.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::analysis;
using namespace bitsky::test;

namespace {

struct Isaac {
    PixelFrame frame;
    FidelityOptions options;
};

const Isaac& isaac() {
    static const Isaac f = [] {
        auto file = fits::File::open(shared_data("corpus/vlt_isaac_ir_tan.fits").string());
        Isaac i{file.read_frame(0, 0), {}};
        i.options.noise = any_noise_options_for(file.hdu(0));
        return i;
    }();
    return f;
}

}  // namespace

TEST(LossySuggest, LadderOfOneFamily) {
    EXPECT_EQ(quantization_ladder("rice"),
              (std::vector<std::string>{"rice:q1", "rice:q2", "rice:q4", "rice:q8", "rice:q16", "rice:q32"}));
    EXPECT_THROW(suggest_safe_setting(isaac().frame, {"rice:q4", "gzip2"}, {}), UsageError);
}

TEST(LossySuggest, CoarsestSafeRiceSettingOnARealFloatFrame) {
    const auto& in = isaac();
    ASSERT_EQ(in.frame.bitpix(), -32);
    const SafeSuggestion s = suggest_safe_setting(in.frame, quantization_ladder("rice"), {}, {"gzip2", "rice"}, in.options);
    ASSERT_EQ(s.rungs.size(), 6u);
    double q = 1;
    for (const auto& r : s.rungs) {
        ASSERT_TRUE(r.error.empty()) << r.spec << ": " << r.error;
        ASSERT_TRUE(r.fidelity);
        ASSERT_TRUE(r.phot_error);
        ASSERT_TRUE(r.noise_increase);
        std::printf("%-9s bpp %.3f phot %.4f (sources %lld) noise %.5f exact %.5f safe %d\n", r.spec.c_str(), r.bpp,
                    *r.phot_error, (long long)r.fidelity->sources, r.fidelity->noise_increase.value_or(-1),
                    r.fidelity->noise_increase_exact.value_or(-1), int(r.safe));
        EXPECT_TRUE(r.phot_from_sources) << r.spec;
        EXPECT_EQ(r.fidelity->sources, 2000) << r.spec;
        const double law = std::sqrt(1 + 1 / (12 * q * q)) - 1;
        EXPECT_GE(*r.fidelity->noise_increase_exact, 1.0 * law) << r.spec;
        EXPECT_LE(*r.fidelity->noise_increase_exact, 1.4 * law) << r.spec;
        EXPECT_EQ(*r.noise_increase, std::max(*r.fidelity->noise_increase, *r.fidelity->noise_increase_exact));
        EXPECT_EQ(*r.phot_error, *r.fidelity->phot_error_rms);
        // Pence et al. 2010: the quantization error of an N-pixel aperture sum is
        // sqrt(N) step / sqrt(12), i.e. 1 / (q sqrt(12)) of sigma_phot; fpack's step comes
        // from each row's noise, ~1.1x the frame's here.
        const double phot_law = 1 / (q * std::sqrt(12.0));
        EXPECT_GE(*r.phot_error, 1.0 * phot_law) << r.spec;
        EXPECT_LE(*r.phot_error, 1.3 * phot_law) << r.spec;
        q *= 2;
    }
    for (std::size_t i = 1; i < s.rungs.size(); ++i) {
        EXPECT_GT(s.rungs[i].bpp, s.rungs[i - 1].bpp + 0.8);
        EXPECT_LT(*s.rungs[i].phot_error, *s.rungs[i - 1].phot_error);
    }
    EXPECT_GT(*s.rungs[0].phot_error, 0.3);
    // Default thresholds: no rice level qualifies on this frame (q32: 1.01% of sigma_phot).
    EXPECT_GT(*s.rungs[5].phot_error, 0.01);
    EXPECT_FALSE(s.choice);
    for (const auto& r : s.rungs) EXPECT_FALSE(r.safe) << r.spec;
    // The lossless reference: the smaller of gzip2 and rice on this float frame, verified.
    EXPECT_FALSE(s.lossless_codec.empty());
    EXPECT_GT(s.lossless_bytes, 0u);
    EXPECT_GT(s.lossless_bpp, s.rungs[5].bpp);
    std::printf("lossless %s %.3f bpp\n", s.lossless_codec.c_str(), s.lossless_bpp);

    // Other thresholds on the same frame: the choice is the coarsest rung within both.
    const SafeSuggestion q4 = suggest_safe_setting(in.frame, quantization_ladder("rice"),
                                                   {.phot_error = 0.25, .noise_increase = 0.01}, {"gzip2"}, in.options);
    ASSERT_TRUE(q4.choice);
    EXPECT_EQ(q4.rungs[*q4.choice].spec, "rice:q4");
    EXPECT_FALSE(q4.rungs[1].safe);  // q2: photometry within 25%, noise increase 2% > 1%
    EXPECT_EQ(q4.lossless_codec, "gzip2");
    EXPECT_NEAR(q4.gain_over_lossless(), double(q4.lossless_bytes) / double(q4.rungs[2].compressed_bytes), 1e-12);
    EXPECT_GT(q4.gain_over_lossless(), 1.5);
    SafeSuggestion q2 = q4;
    for (auto& r : q2.rungs) judge_rung(r, {.phot_error = 0.25, .noise_increase = 0.03});
    EXPECT_TRUE(q2.rungs[1].safe);
    EXPECT_FALSE(q2.rungs[0].safe);
    const SafeSuggestion none = suggest_safe_setting(in.frame, {"rice:q4", "rice:q32"}, {.phot_error = 0.001}, {}, in.options);
    EXPECT_FALSE(none.choice);
    EXPECT_TRUE(none.lossless_codec.empty());
}

TEST(LossySuggest, DifferenceMapIsOriginalMinusDecoded) {
    const PixelFrame a = PixelFrame::of(std::vector<float>{1.5f, 2.0f, NAN, 4.0f, -1.0f, 0.0f}, 3, 2);
    const PixelFrame b = PixelFrame::of(std::vector<float>{1.0f, 2.5f, 3.0f, 4.0f, -2.0f, INFINITY}, 3, 2);
    const auto d = difference_map(a, b);
    ASSERT_EQ(d.size(), 6u);
    EXPECT_EQ(d[0], 0.5);
    EXPECT_EQ(d[1], -0.5);
    EXPECT_TRUE(std::isnan(d[2]));
    EXPECT_EQ(d[3], 0.0);
    EXPECT_EQ(d[4], 1.0);
    EXPECT_TRUE(std::isnan(d[5]));
    const auto all = difference_stats(d, {}, 2.0);
    EXPECT_EQ(all.n, 4u);
    EXPECT_DOUBLE_EQ(all.mean, 0.25);
    EXPECT_DOUBLE_EQ(all.rms, std::sqrt(1.5 / 4));
    EXPECT_EQ(all.max_abs, 1.0);
    EXPECT_DOUBLE_EQ(*all.rms_over_sigma, std::sqrt(1.5 / 4) / 2);
    const std::vector<std::uint8_t> mask{1, 1, 1, 0, 0, 0};
    const auto part = difference_stats(d, mask, 0);
    EXPECT_EQ(part.n, 2u);
    EXPECT_EQ(part.mean, 0.0);
    EXPECT_FALSE(part.rms_over_sigma);
    EXPECT_THROW(difference_map(a, PixelFrame::of(std::vector<float>(6), 2, 3)), Error);
}
