// bitsky-cli as a user runs it: exit codes, messages, JSON contract.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/engine/test_support.h"

using bitsky::test::run_cli;
using bitsky::test::shell_quote;

TEST(Cli, VersionHelpAndUsageErrors) {
    auto v = run_cli("--version");
    EXPECT_EQ(v.exit_code, 0);
    EXPECT_NE(v.out.find(BITSKY_VERSION), std::string::npos);
    auto h = run_cli("--help");
    EXPECT_EQ(h.exit_code, 0);
    EXPECT_NE(h.out.find("info"), std::string::npos);
    EXPECT_NE(h.out.find("sample"), std::string::npos);
    EXPECT_EQ(run_cli("").exit_code, 2);
    EXPECT_EQ(run_cli("frobnicate").exit_code, 2);
    auto bad = run_cli("info --nonsense x.fits");
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("--nonsense"), std::string::npos);
    EXPECT_EQ(run_cli("sample").exit_code, 2);
    EXPECT_EQ(run_cli("sample --out /tmp/x --seed abc").exit_code, 2);
}

TEST(Cli, InfoJsonContract) {
    auto r = run_cli("info --json " + shell_quote(bitsky::test::data("hst_stis_raw.fits").string()) + " " +
                     shell_quote(bitsky::test::data("odd_axes_mixed.fits").string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["files"].size(), 2u);
    const auto& hst = j["files"][0];
    EXPECT_EQ(hst["rule"], "hst-sci");
    EXPECT_EQ(hst["hdus"][1]["index"], 1);
    EXPECT_EQ(hst["hdus"][1]["bitpix"], 16);
    EXPECT_EQ(hst["hdus"][1]["bzero"], 32768.0);
    EXPECT_EQ(hst["hdus"][1]["shape"], nlohmann::json::array({62, 44}));
    EXPECT_EQ(hst["hdus"][1]["is_image"], true);
    EXPECT_EQ(hst["hdus"][0]["is_image"], false);
    const auto& odd = j["files"][1];
    EXPECT_EQ(odd["hdus"][2]["is_image"], false);
    EXPECT_EQ(odd["hdus"][3]["measured"], true);
}

TEST(Cli, InfoBadInputExitsOneAndNamesTheFile) {
    bitsky::test::TempDir tmp;
    auto missing = (tmp / "no such [file].fits").string();
    auto r = run_cli("info " + shell_quote(missing) + " " + shell_quote(bitsky::test::data("dss_plate.fits").string()));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find(missing), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("dss_plate.fits"), std::string::npos);  // the good file is still reported
}

TEST(Cli, SampleWritesTheDataset) {
    bitsky::test::TempDir tmp;
    auto r = run_cli("sample --out " + shell_quote((tmp / "sky").string()) + " --seed 3");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(std::filesystem::exists(tmp / "sky/splits/full_train.jsonl"));
    auto info = run_cli("info " + shell_quote((tmp / "sky/data/orbiter/orbiter_ramp_001.fits").string()));
    EXPECT_EQ(info.exit_code, 0);
    EXPECT_NE(info.out.find("256x256x8"), std::string::npos) << info.out;
}
