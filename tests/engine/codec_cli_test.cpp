// bitsky-cli codecs / roundtrip: the command-line contract of design.md.
#include <gtest/gtest.h>
#include <set>
#include <sstream>
#include <string>

#include <fitsio.h>

#include <nlohmann/json.hpp>

#include "tests/engine/codec_support.h"
#include "tests/engine/test_support.h"

using namespace bitsky::test;

TEST(CodecCli, CodecsListsSpecsWithVersions) {
    auto r = run_cli("codecs --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    std::set<std::string> specs;
    for (const auto& c : j["codecs"]) {
        specs.insert(c["spec"].get<std::string>());
        EXPECT_FALSE(c["version"].get<std::string>().empty());
    }
    for (const char* s : {"jpegxl:e1", "jpegxl:e9", "jpegxl:max", "jpegls", "jpeg2000", "rice", "hcompress", "gzip"})
        EXPECT_TRUE(specs.count(s)) << s;
    auto text = run_cli("codecs");
    EXPECT_EQ(text.exit_code, 0);
    EXPECT_NE(text.out.find("libjxl"), std::string::npos);
    // Columns line up whatever the versions' lengths ("JXQ1+0.7.0+CFITSIO 4.2.0"): every
    // lossy row ends in LOSSY at the same column.
    std::set<std::size_t> lossy_columns;
    std::istringstream lines(text.out);
    for (std::string line; std::getline(lines, line);)
        if (line.size() >= 5 && line.compare(line.size() - 5, 5, "LOSSY") == 0) lossy_columns.insert(line.size());
    EXPECT_EQ(lossy_columns.size(), 1u) << text.out;
}

TEST(CodecCli, RoundtripJsonOnARealFileWithSkippedHdus) {
    auto r = run_cli("roundtrip --codec jpegxl:e7 --json " + shell_quote(data("hst_stis_raw.fits").string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["files"].size(), 1u);
    const auto& f = j["files"][0];
    EXPECT_EQ(f["codec"], "jpegxl:e7");
    EXPECT_TRUE(f["ok"].get<bool>());
    ASSERT_EQ(f["frames"].size(), 2u);  // SCI in HDUs 1 and 4
    std::size_t sum = 0;
    for (const auto& fr : f["frames"]) {
        for (const char* k : {"index", "width", "height", "compressed_bytes", "encode_s", "decode_s", "ok"})
            EXPECT_TRUE(fr.contains(k)) << k;
        EXPECT_EQ(fr["width"], 62);
        EXPECT_EQ(fr["height"], 44);
        sum += fr["compressed_bytes"].get<std::size_t>();
    }
    EXPECT_EQ(f["compressed_bytes"].get<std::size_t>(), sum);
    EXPECT_EQ(f["raw_bytes"].get<std::size_t>(), 2u * 62 * 44 * 2);
    EXPECT_NEAR(f["ratio"].get<double>(), double(2 * 62 * 44 * 2) / double(sum), 1e-9);
    EXPECT_EQ(f["skipped"].size(), 5u);
}

TEST(CodecCli, RoundtripCubeFramesAndTextOutput) {
    auto r = run_cli("roundtrip --codec rice,jpeg2000 --threads 2 " + shell_quote(data("odd_axes_mixed.fits").string()));
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    EXPECT_NE(r.out.find("73x31"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("frame 4"), std::string::npos) << r.out;  // 5 planes
    EXPECT_NE(r.out.find("OK"), std::string::npos);
    EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
}

TEST(CodecCli, RoundtripRefusesFilesWithout16BitImages) {
    TempDir tmp;
    auto path = (tmp / "float.fits").string();
    fitsfile* f = nullptr;
    int status = 0;
    fits_create_diskfile(&f, path.c_str(), &status);
    long ax[2] = {4, 4};
    fits_create_img(f, FLOAT_IMG, 2, ax, &status);
    std::vector<float> px(16, 1.5f);
    fits_write_img(f, TFLOAT, 1, 16, px.data(), &status);
    fits_close_file(f, &status);
    ASSERT_EQ(status, 0);
    auto r = run_cli("roundtrip --codec rice " + shell_quote(path));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("float.fits"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("16-bit"), std::string::npos) << r.err;
    auto j = run_cli("roundtrip --json --codec rice " + shell_quote(path) + " " +
                     shell_quote(data("dss_plate.fits").string()));
    EXPECT_EQ(j.exit_code, 1);
    auto doc = nlohmann::json::parse(j.out);
    EXPECT_FALSE(doc["files"][0]["ok"].get<bool>());
    EXPECT_TRUE(doc["files"][0].contains("error"));
    EXPECT_TRUE(doc["files"][1]["ok"].get<bool>());  // the other file still counts
}

TEST(CodecCli, RoundtripUsageErrors) {
    auto f = shell_quote(data("dss_plate.fits").string());
    EXPECT_EQ(run_cli("roundtrip " + f).exit_code, 2);
    auto bad = run_cli("roundtrip --codec webp " + f);
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("jpegxl:e1"), std::string::npos) << bad.err;
    EXPECT_EQ(run_cli("roundtrip --codec rice --threads 0 " + f).exit_code, 2);
    EXPECT_EQ(run_cli("roundtrip --codec rice").exit_code, 2);
}
