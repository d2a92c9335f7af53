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

// Usage errors come from CLI11: exit 2, the message names the command and the problem.
namespace {

void expect_usage_error(const std::string& args, const std::string& command, const std::string& message) {
    auto r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err;
    EXPECT_NE(r.err.find("bitsky-cli " + command + ": "), std::string::npos) << args << "\n" << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << args << "\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << args << "\n" << r.out;
}

std::string fits_file() {
    return shell_quote(bitsky::test::data("dss_plate.fits").string());
}

}  // namespace

TEST(Cli, UnknownOptionsNameTheOption) {
    const std::string f = fits_file();
    expect_usage_error("info --bogus " + f, "info", "The following argument was not expected: --bogus");
    expect_usage_error("noise " + f + " --bogus", "noise", "The following argument was not expected: --bogus");
    expect_usage_error("roundtrip --codec rice --bogus " + f, "roundtrip",
                       "The following argument was not expected: --bogus");
    expect_usage_error("bench --db x.db --bogus=3 " + f, "bench", "The following argument was not expected: --bogus=3");
    expect_usage_error("report --db x.db --bogus", "report", "The following argument was not expected: --bogus");
    expect_usage_error("codecs --bogus", "codecs", "The following argument was not expected: --bogus");
    expect_usage_error("evaluate --models a.pt --data x --bogus", "evaluate",
                       "The following argument was not expected: --bogus");
    expect_usage_error("sample --out x --json", "sample", "The following argument was not expected: --json");
    // An option without its value.
    expect_usage_error("costmap --model iid --out " + f, "costmap", "FILE is required");
    expect_usage_error("roundtrip " + f + " --codec", "roundtrip", "--codec");
}

TEST(Cli, BadIntegersAndValuesAreUsageErrors) {
    const std::string f = fits_file();
    expect_usage_error("bench --db x.db --jobs abc " + f, "bench", "--jobs: Value abc not in range 0 to 4096");
    expect_usage_error("bench --db x.db --jobs 5000 " + f, "bench", "--jobs: Value 5000 not in range 0 to 4096");
    expect_usage_error("bench --db x.db --repeat 1.5 " + f, "bench", "--repeat");
    expect_usage_error("bench --db x.db --progress loud " + f, "bench", "--progress: loud not in {json,bar,none}");
    expect_usage_error("roundtrip --codec rice --threads 2x " + f, "roundtrip", "--threads");
    expect_usage_error("costmap --model iid --hdu one " + f, "costmap", "--hdu");
    expect_usage_error("sample --out x --seed abc", "sample", "--seed: Value abc is not an integer");
    expect_usage_error("sample --out x --seed -1", "sample", "--seed: Value -1 is less than 0");
    expect_usage_error("train --out m.pt --epochs two " + f, "train", "--epochs");
    expect_usage_error("train --out m.pt --epochs 1 --patch 2 " + f, "train", "--patch: Value 2 is less than 4");
    expect_usage_error("train --out m.pt --epochs 1 --lr 0 " + f, "train", "--lr: Value 0 is not > 0");
    expect_usage_error("evaluate --models a.pt --data x --context half", "evaluate", "--context: half not in");
    expect_usage_error("neural-speed --model m.pt --size 8", "neural-speed", "--size: Value 8 is less than 32");
    expect_usage_error("codec-speed --size 20000", "codec-speed", "--size: Value 20000 not in range 16 to 16384");
    expect_usage_error("analysis-speed --repeat 0", "analysis-speed", "--repeat: Value 0 is less than 1");
}

TEST(Cli, MissingRequiredOptionsAndArguments) {
    const std::string f = fits_file();
    expect_usage_error("report", "report", "--db is required");
    expect_usage_error("costmap " + f, "costmap", "--model is required");
    expect_usage_error("bench " + f, "bench", "--db is required");
    expect_usage_error("bench --db x.db", "bench", "PATH is required");
    expect_usage_error("merge --out x.db", "merge", "IN.db is required");
    expect_usage_error("info", "info", "FILE is required");
    expect_usage_error("train --out m.pt " + f, "train", "--epochs is required");
    expect_usage_error("evaluate --models a.pt", "evaluate", "--data is required");
    expect_usage_error("neural-speed", "neural-speed", "--model is required");
    expect_usage_error("sample", "sample", "--out is required");
    // Extra positionals are refused too.
    expect_usage_error("report --db x.db extra", "report", "The following argument was not expected: extra");
    expect_usage_error("costmap --model iid " + f + " second.fits", "costmap",
                       "The following argument was not expected: second.fits");
    expect_usage_error("codecs extra", "codecs", "The following argument was not expected: extra");
}

TEST(Cli, UnknownCommandNoArgumentsAndVersion) {
    auto unknown = run_cli("frobnicate --json");
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("unknown command 'frobnicate'"), std::string::npos) << unknown.err;
    auto none = run_cli("");
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_TRUE(none.out.empty());
    EXPECT_NE(none.err.find("Usage: bitsky-cli"), std::string::npos) << none.err;
    EXPECT_NE(none.err.find("roundtrip"), std::string::npos) << none.err;
    auto v = run_cli("--version");
    EXPECT_EQ(v.exit_code, 0);
    EXPECT_EQ(v.out, std::string("bitsky-cli ") + BITSKY_VERSION + "\n");
    auto help = run_cli("help");
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_EQ(help.out, run_cli("--help").out);
    EXPECT_EQ(run_cli("help frobnicate").exit_code, 2);
}

TEST(Cli, EqualsSyntaxLastValueWinsAndDoubleDash) {
    bitsky::test::TempDir tmp;
    auto r = run_cli("sample --out=" + shell_quote((tmp / "sky").string()) + " --seed=7 --seed=3");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(std::filesystem::exists(tmp / "sky/splits/full_train.jsonl"));
    auto seed3 = run_cli("sample --out " + shell_quote((tmp / "sky3").string()) + " --seed 3");
    ASSERT_EQ(seed3.exit_code, 0) << seed3.err;
    EXPECT_EQ(bitsky::test::run_shell("cmp " + shell_quote((tmp / "sky/data/orbiter/orbiter_ramp_001.fits").string()) +
                                      " " + shell_quote((tmp / "sky3/data/orbiter/orbiter_ramp_001.fits").string()))
                  .exit_code,
              0);

    auto rt = run_cli("roundtrip --codec=rice,jpegls --threads=2 --json " + fits_file());
    ASSERT_EQ(rt.exit_code, 0) << rt.err;
    auto j = nlohmann::json::parse(rt.out);
    ASSERT_EQ(j["files"].size(), 2u);
    EXPECT_EQ(j["files"][0]["codec"], "rice");
    EXPECT_EQ(j["files"][1]["codec"], "jpegls");

    // Options may follow positionals; after "--" everything is a positional.
    auto info = run_cli("info " + fits_file() + " --json");
    ASSERT_EQ(info.exit_code, 0) << info.err;
    EXPECT_EQ(nlohmann::json::parse(info.out)["files"].size(), 1u);
    auto dashed = run_cli("info --json -- --json");
    EXPECT_EQ(dashed.exit_code, 1);  // a file named "--json" does not exist
    EXPECT_NE(dashed.err.find("--json"), std::string::npos) << dashed.err;
}
