// bitsky-cli roundtrip on every pixel type and on FILE[N]: frames are coded in their own
// type and compared bit for bit; HDUs a codec cannot take are skipped with the codec's reason.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/engine/test_support.h"

using bitsky::test::run_cli;
using bitsky::test::shared_data;

TEST(CliTypes, RoundtripCodesEveryTypeBitForBitAndTakesFileN) {
    const auto r = run_cli("roundtrip --codec gzip2 --json '" + shared_data("corpus/ukirt_wfcam_zpn_int32.fits").string() +
                           "[1]' " + shared_data("corpus/gemini_gmos_mef.fits").string() + " " +
                           shared_data("corpus/sdo_hmi_nan_f64.fits").string());
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["files"].size(), 3u);
    const auto& ukirt = j["files"][0];
    ASSERT_EQ(ukirt["frames"].size(), 1u);  // HDU 1 only
    EXPECT_EQ(ukirt["frames"][0]["hdu"], 1);
    EXPECT_EQ(ukirt["frames"][0]["pixel_type"], "int32");
    EXPECT_EQ(ukirt["frames"][0]["raw_bytes"], 300 * 300 * 4);
    EXPECT_TRUE(ukirt["skipped"].empty());
    const auto& mef = j["files"][1];
    ASSERT_EQ(mef["frames"].size(), 3u);
    for (const auto& f : mef["frames"]) {
        EXPECT_EQ(f["pixel_type"], "float32");
        EXPECT_TRUE(f["ok"].get<bool>());
    }
    EXPECT_EQ(j["files"][2]["frames"][0]["pixel_type"], "float64");
    EXPECT_TRUE(j["files"][2]["ok"].get<bool>());

    // Rice takes no floats: every HDU skipped with its reason, and the file fails (nothing to do).
    const auto rice = run_cli("roundtrip --codec rice " + shared_data("corpus/gemini_gmos_mef.fits").string());
    EXPECT_EQ(rice.exit_code, 1);
    EXPECT_NE(rice.out.find("[hdu 1] skipped: Rice takes integer images"), std::string::npos) << rice.out;
    EXPECT_NE(rice.err.find("no image HDU rice can take"), std::string::npos) << rice.err;
}

// bench takes FILE[N] too: only that HDU is planned and measured, in its own pixel type, and
// a selector naming no HDU is a failure naming the argument.
TEST(CliTypes, BenchTakesFileN) {
    bitsky::test::TempDir tmp;
    const std::string db = (tmp / "s.db").string();
    const std::string mef = shared_data("corpus/gemini_gmos_mef.fits").string();
    const auto r = run_cli("bench --codecs gzip2 --no-predictions --db " + db + " '" + mef + "[2]' '" + mef + "[NOSUCH]'");
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("gemini_gmos_mef.fits[NOSUCH]: no HDU"), std::string::npos) << r.err;
    const auto rep = run_cli("report --db " + db + " --by image --format json");
    ASSERT_EQ(rep.exit_code, 0) << rep.err;
    const auto j = nlohmann::json::parse(rep.out);
    int measured = 0;
    for (const auto& row : j["rows"])
        if (row["compressed_bytes"].get<long>() > 0) {
            ++measured;
            EXPECT_EQ(row["hdu"], 2);
            EXPECT_EQ(row["raw_bytes"], 200 * 150 * 4);
        }
    EXPECT_EQ(measured, 1);
}
