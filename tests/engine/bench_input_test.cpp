// Benchmark input that is not what it claims: splits/*.jsonl entries that escape the dataset
// folder or name devices, folders without FITS files; failures listed with their reasons in
// the bench output and by `report --failures`.
#include <map>
#include <gtest/gtest.h>

#include "engine/dataset/dataset.h"
#include "tests/engine/bench_support.h"

using namespace bitsky::test::bench;

namespace {

void write_lines(const fs::path& p, const std::vector<std::string>& lines) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p);
    for (const auto& l : lines) out << l << "\n";
}

// One jsonl line naming `image` (built with += : GCC 12 warns falsely on chained +).
std::string entry(const std::string& image) {
    std::string line = R"({"image": ")";
    line += image;
    line += R"("})";
    return line;
}

}  // namespace

TEST(BenchInput, SplitEntriesMustBeRegularFilesInsideTheDatasetFolder) {
    TempDir t;
    const auto ds = t / "ds";
    make_subset(ds / "data", 1);
    std::string good;
    for (auto& e : fs::directory_iterator(ds / "data")) good = "data/" + e.path().filename().string();
    fs::create_directories(t / "outside");
    fs::copy_file(ds / good, t / "outside" / "x.fits");
    fs::create_directory_symlink(t / "outside", ds / "data" / "link");
    fs::create_directories(ds / "data" / "folder.fits");
    write_lines(ds / "splits" / "full_train.jsonl",
                {entry(good), entry("../../etc/passwd"), entry("/etc/passwd"), entry("/dev/zero"),
                 entry("data/../../outside/x.fits"), entry("data/link/x.fits"), entry("data/folder.fits"),
                 entry("data/missing.fits"), entry("")});
    auto d = bitsky::dataset::discover(ds);
    ASSERT_EQ(d.images.size(), 1u);
    EXPECT_EQ(d.images[0].path.filename(), fs::path(good).filename());
    ASSERT_EQ(d.rejected.size(), 8u);
    std::map<std::string, std::string> why;
    for (const auto& r : d.rejected) {
        why[r.entry] = r.reason;
        EXPECT_NE(r.where.find("full_train.jsonl:"), std::string::npos) << r.where;
    }
    EXPECT_EQ(why["../../etc/passwd"], "outside the dataset folder");
    EXPECT_NE(why["/etc/passwd"].find("absolute path"), std::string::npos);
    EXPECT_NE(why["/dev/zero"].find("absolute path"), std::string::npos);
    EXPECT_EQ(why["data/../../outside/x.fits"], "outside the dataset folder");
    EXPECT_EQ(why["data/link/x.fits"], "outside the dataset folder");  // a symbolic link out of it
    EXPECT_EQ(why["data/folder.fits"], "not a regular file");
    EXPECT_EQ(why["data/missing.fits"], "no such file");

    // bench measures the good entry, reports the others with their line, and exits 1.
    const auto db = t / "s.db";
    auto r = run_cli(bench_args(db, "rice", {ds}));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    auto sum = summary_of(r.out);
    EXPECT_EQ(sum["status"], "finished");
    EXPECT_EQ(sum["failures"], 0);
    EXPECT_EQ(sum["warnings"].size(), 8u) << sum.dump();
    EXPECT_NE(r.err.find("'../../etc/passwd': outside the dataset folder (skipped)"), std::string::npos) << r.err;
    EXPECT_EQ(count(db, "SELECT count(*) FROM images WHERE path LIKE '%passwd%' OR path LIKE '%zero%'"), 0);
}

TEST(BenchInput, FolderWithoutFitsIsAWarningAndExitOne) {
    TempDir t;
    fs::create_directories(t / "empty");
    write_lines(t / "empty" / "notes.txt", {"no images here"});
    auto r = run_cli(bench_args(t / "s.db", "rice", {t / "empty"}));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("no FITS files found"), std::string::npos) << r.err;
    EXPECT_EQ(summary_of(r.out)["total"], 0);
}

TEST(BenchInput, FailuresAndSkipsAreListedWithTheirReasonsAndByReport) {
    TempDir t;
    make_subset(t / "set", 1);
    write_corrupt_fits(t / "set" / "corrupt.fits");
    write_float_fits(t / "set" / "float.fits");
    const auto db = t / "s.db";
    auto r = run_cli(bench_args(db, "rice,jpegls", {t / "set"}));
    EXPECT_EQ(r.exit_code, 1) << r.err;  // the corrupt file failed
    auto sum = summary_of(r.out);
    // The corrupt file fails for both codecs; the float file is skipped (a pixel type the
    // codecs do not take), with the codec's reason, and is not a failure.
    ASSERT_EQ(sum["failed"].size(), 2u) << sum.dump();
    for (const auto& f : sum["failed"]) {
        EXPECT_FALSE(f["error"].get<std::string>().empty());
        EXPECT_TRUE(f["path"].get<std::string>().ends_with("corrupt.fits")) << f.dump();
    }
    EXPECT_EQ(sum["failures"], 2);
    EXPECT_EQ(sum["skipped"], 2);
    ASSERT_EQ(sum["skips"].size(), 2u) << sum.dump();
    for (const auto& k : sum["skips"]) {
        EXPECT_TRUE(k["path"].get<std::string>().ends_with("float.fits")) << k.dump();
        EXPECT_EQ(k["hdu"], 0);
        EXPECT_NE(k["reason"].get<std::string>().find("BITPIX=-32"), std::string::npos) << k.dump();
    }
    EXPECT_NE(r.err.find("bench: failed: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("corrupt.fits[0] frame 0 rice: "), std::string::npos) << r.err;
    // Rice takes integers of every width now; its reason names the codec for floats.
    EXPECT_NE(r.err.find("float.fits[0] rice: Rice takes integer images (8-bit, 16-bit and 32-bit), not BITPIX=-32 "
                         "(32-bit floats); lossless floats: gzip2"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("float.fits[0] jpegls: JPEG-LS codes integer samples of 2..16 bits; this HDU is BITPIX=-32"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("2 failure(s) (2 new), 2 skipped"), std::string::npos) << r.err;
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM skips"), 2);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM results r JOIN images i ON i.id = r.image_id WHERE i.path LIKE '%float%'"),
              0);

    auto rep = run_cli("report --db " + shell_quote(db.string()) + " --failures --format json");
    ASSERT_EQ(rep.exit_code, 0) << rep.err;
    auto j = nlohmann::json::parse(rep.out);
    ASSERT_EQ(j["rows"].size(), 4u) << rep.out;  // 2 failed + 2 skipped, each with its status
    std::size_t status_col = 0;
    while (status_col < j["columns"].size() && j["columns"][status_col] != "status") ++status_col;
    ASSERT_LT(status_col, j["columns"].size()) << j["columns"].dump();
    std::map<std::string, int> by_status;
    for (const auto& row : j["rows"]) ++by_status[row[status_col].get<std::string>()];
    EXPECT_EQ(by_status["failed"], 2) << rep.out;
    EXPECT_EQ(by_status["skipped"], 2) << rep.out;
    // A second run skips the stored failures and says where they are.
    auto again = run_cli(bench_args(db, "rice,jpegls", {t / "set"}));
    EXPECT_NE(again.err.find("2 failure(s) from earlier runs are in the store"), std::string::npos) << again.err;
}

TEST(BenchInput, OnlySkipsExitZero) {
    TempDir t;
    make_subset(t / "set", 1);
    write_float_fits(t / "set" / "float.fits");
    auto r = run_cli(bench_args(t / "s.db", "rice", {t / "set"}));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto sum = summary_of(r.out);
    EXPECT_EQ(sum["failures"], 0);
    EXPECT_EQ(sum["skipped"], 1);
    EXPECT_EQ(sum["exit_code"], 0);
    // The report's table counts the skip in its own column, not as a failure.
    auto rep = run_cli("report --db " + shell_quote((t / "s.db").string()) + " --format json --by image");
    ASSERT_EQ(rep.exit_code, 0) << rep.err;
    auto j = nlohmann::json::parse(rep.out);
    std::int64_t skipped = 0, failures = 0;
    for (const auto& row : j["rows"]) {
        skipped += row["skipped"].get<std::int64_t>();
        failures += row["failures"].get<std::int64_t>();
    }
    EXPECT_EQ(skipped, 1) << rep.out;
    EXPECT_EQ(failures, 0) << rep.out;
}

namespace {
TEST(BenchInput, NoPredictionsMeasuresTheCodecsOnly) {
    TempDir t;
    make_subset(t / "set", 2);
    const auto plain = t / "plain.db", full = t / "full.db";
    auto r = run_cli(bench_args(plain, "rice", {t / "set"}, "--no-predictions"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto f = run_cli(bench_args(full, "rice", {t / "set"}));
    ASSERT_EQ(f.exit_code, 0) << f.err;
    // The same measurements, without the analysis.
    EXPECT_EQ(rows(plain), rows(full));
    EXPECT_EQ(count(plain, "SELECT COUNT(*) FROM predictions"), 0);
    EXPECT_EQ(count(plain, "SELECT COUNT(*) FROM images WHERE noise IS NOT NULL"), 0);
    EXPECT_GT(count(full, "SELECT COUNT(*) FROM predictions"), 0);
}
}  // namespace
