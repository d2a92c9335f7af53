// The store's rate-fidelity view (engine/store/rate_fidelity.h) on a store made by a real
// bench of fpack's quantization at three levels and a lossless codec on a corpus float
// frame: one curve per family in ascending bpp, each point the lossy report's numbers,
// the lossless codec only as a reference, and an empty view for a lossless-only store.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/store/rate_fidelity.h"
#include "engine/store/store.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::store;
using namespace bitsky::test;

TEST(RateFidelity, FamilyIsTheSpecWithoutItsSetting) {
    EXPECT_EQ(lossy_family("rice:q4"), "rice");
    EXPECT_EQ(lossy_family("rice:q-0.5"), "rice");
    EXPECT_EQ(lossy_family("rice:q4:d2"), "rice:d2");
    EXPECT_EQ(lossy_family("hcompress:q16:nodither"), "hcompress:nodither");
    EXPECT_EQ(lossy_family("jpegls:near2"), "jpegls");
    EXPECT_EQ(lossy_family("bitsky"), "bitsky");
}

TEST(RateFidelity, CurvesFromARealBench) {
    TempDir tmp;
    const auto db = (tmp / "rf.db").string();
    const auto flt = shared_data("corpus/vlt_isaac_ir_tan.fits");
    auto r = run_cli("bench --db " + shell_quote(db) + " --codecs rice:q16,rice:q1,rice:q4,gzip2 " + shell_quote(flt.string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ResultsStore s(db, {.create = false, .read_only = true});
    const RateFidelity rf = rate_fidelity(s);
    ASSERT_EQ(rf.curves.size(), 1u);
    const auto& c = rf.curves[0];
    EXPECT_EQ(c.family, "rice");
    EXPECT_EQ(c.bitpix, -32);
    ASSERT_EQ(c.points.size(), 3u);
    // Ascending bpp = coarsest first: q1, q4, q16; each point the lossy report's row.
    EXPECT_EQ(c.points[0].codec, "rice:q1");
    EXPECT_EQ(c.points[1].codec, "rice:q4");
    EXPECT_EQ(c.points[2].codec, "rice:q16");
    const auto lossy = s.lossy_report(ReportBy::Dataset);
    for (const auto& p : c.points) {
        bool found = false;
        for (const auto& row : lossy)
            if (row.codec == p.codec) {
                found = true;
                EXPECT_DOUBLE_EQ(p.bpp, *row.bpp);
                ASSERT_TRUE(row.fidelity);
                EXPECT_EQ(p.noise_increase, row.fidelity->noise_increase);
                EXPECT_EQ(p.phot_error_rms, row.fidelity->phot_error_rms);
            }
        EXPECT_TRUE(found) << p.codec;
        EXPECT_EQ(p.fidelity_results, 1);
        ASSERT_TRUE(p.noise_increase_exact);
    }
    // Dithered quantization with step sigma_tile / q: noise grows by sqrt(1 + 1 / (12 q^2)) - 1
    // with the frame's sigma, here 1.0..1.4x that (fpack's per-row noise is ~1.1x the frame's;
    // lossy_suggest_test).
    for (int i = 0; i < 3; ++i) {
        const double q = std::pow(4.0, i), law = std::sqrt(1 + 1 / (12 * q * q)) - 1;
        EXPECT_GE(*c.points[std::size_t(i)].noise_increase_exact, law) << c.points[std::size_t(i)].codec;
        EXPECT_LE(*c.points[std::size_t(i)].noise_increase_exact, 1.4 * law) << c.points[std::size_t(i)].codec;
    }
    EXPECT_GT(*c.points[0].noise_increase_exact, *c.points[1].noise_increase_exact);
    EXPECT_GT(*c.points[1].noise_increase_exact, *c.points[2].noise_increase_exact);
    // The lossless codec is a reference only, with the lossless report's bpp.
    ASSERT_EQ(rf.lossless.size(), 1u);
    EXPECT_EQ(rf.lossless[0].codec, "gzip2");
    const auto lossless = s.report(ReportBy::Dataset);
    ASSERT_EQ(lossless.size(), 1u);
    EXPECT_DOUBLE_EQ(rf.lossless[0].bpp, *lossless[0].bpp);
    EXPECT_GT(rf.lossless[0].bpp, c.points[2].bpp);
}

TEST(RateFidelity, LosslessOnlyStoreHasNoCurves) {
    TempDir tmp;
    const auto db = (tmp / "l.db").string();
    auto r = run_cli("bench --db " + shell_quote(db) + " --codecs gzip2 " +
                     shell_quote(shared_data("corpus/sfd_dust_zea.fits").string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ResultsStore s(db, {.create = false, .read_only = true});
    const RateFidelity rf = rate_fidelity(s);
    EXPECT_TRUE(rf.empty());
    EXPECT_EQ(rf.lossless.size(), 1u);
}
