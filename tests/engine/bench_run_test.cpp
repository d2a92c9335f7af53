// Benchmark runner tests, continued: SIGTERM and kill -9 with resume, noise and predictions
// beside the results, largest-first scheduling, cube (transform) specs.
#include "engine/store/store.h"
#include <gtest/gtest.h>

#include "tests/engine/bench_support.h"

using namespace bitsky::test::bench;

namespace {

TEST(Bench, SigtermStopsKeepsResultsAndResumes) {
    TempDir t;
    auto db = t / "s.db";
    // Enough work for several seconds: the whole sample with slower codecs, repeated.
    std::vector<std::string> args{"bench", "--db", db.string(), "--codecs", "jpeg2000,jpegls", "--repeat", "3",
                                  "--jobs", "2", "--progress", "json", sample_dir().string()};
    std::int64_t total = 0;
    {
        Child c(args, t / "out1", t / "err1");
        ASSERT_TRUE(wait_for_progress(t / "out1", 3, 60)) << slurp(t / "err1");
        auto t0 = std::chrono::steady_clock::now();
        c.signal(SIGTERM);
        auto st = c.wait(10);
        double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ASSERT_TRUE(st.has_value()) << "did not stop after SIGTERM";
        EXPECT_LT(took, 4.0);
        ASSERT_TRUE(WIFEXITED(*st));
        EXPECT_EQ(WEXITSTATUS(*st), 143) << slurp(t / "err1");
        auto err = slurp(t / "err1");
        EXPECT_NE(err.find("resume"), std::string::npos) << err;
        auto s = summary_of(slurp(t / "out1"));
        ASSERT_FALSE(s.is_null());
        EXPECT_EQ(s["status"], "cancelled");
        total = s["total"];
        EXPECT_GT(s["missing"], 0) << "finished before the signal; make the workload bigger";
        EXPECT_EQ(count(db, "SELECT COUNT(*) FROM results"), s["done"].get<std::int64_t>());
        EXPECT_GE(count(db, "SELECT COUNT(*) FROM results"), 3);
        EXPECT_EQ(count(db, "SELECT COUNT(*) FROM runs WHERE status = 'cancelled'"), 1);
    }
    EXPECT_EQ(integrity(db), "ok");
    const auto kept = count(db, "SELECT COUNT(*) FROM results");
    auto r = run_cli(bench_args(db, "jpeg2000,jpegls", {sample_dir()}, "--jobs 2"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto s2 = summary_of(r.out);
    EXPECT_EQ(s2["already_done"], kept);
    EXPECT_EQ(s2["measured"], total - kept);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM results"), total);
}

TEST(Bench, Kill9AtRandomPointsThenResumeEqualsUninterrupted) {
    TempDir t;
    make_subset(t / "set", 6);
    const std::string codecs = "rice,jpegls,jpeg2000";
    auto ref = t / "ref.db";
    auto r = run_cli(bench_args(ref, codecs, {t / "set"}, "--jobs 2"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const double full_s = summary_of(r.out)["run_s"].get<double>() + summary_of(r.out)["plan_s"].get<double>();

    auto db = t / "s.db";
    std::mt19937 rng(12345);
    std::vector<std::string> args{"bench", "--db", db.string(), "--codecs", codecs, "--jobs", "2",
                                  "--progress", "json", (t / "set").string()};
    std::int64_t last = -1;
    int finished_before_kill = 0;  // a round with little left to do can finish first (a loaded machine)
    for (int round = 0; round < 4; ++round) {
        Child c(args, t / "out", t / "err");
        double wait_s = std::uniform_real_distribution<double>(0.05, std::max(0.2, full_s * 0.5))(rng);
        std::this_thread::sleep_for(std::chrono::duration<double>(wait_s));
        c.signal(SIGKILL);
        auto st = c.wait(10);
        ASSERT_TRUE(st.has_value());
        if (WIFEXITED(*st) && WEXITSTATUS(*st) == 0) ++finished_before_kill;
        if (!fs::exists(db)) continue;  // killed before the store was created
        ASSERT_EQ(integrity(db), "ok") << "round " << round;
        auto n = count(db, "SELECT COUNT(*) FROM results");
        EXPECT_GE(n, last);  // committed results are never lost
        last = n;
    }
    auto fin = run_cli(bench_args(db, codecs, {t / "set"}, "--jobs 2"));
    ASSERT_EQ(fin.exit_code, 0) << fin.err;
    EXPECT_EQ(integrity(db), "ok");
    EXPECT_EQ(rows(db), rows(ref));
    // The killed runs stay "running" (nobody could mark them); the last one finished, and so
    // did any round that ended before its kill arrived.
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM runs WHERE status = 'finished'"), 1 + finished_before_kill);
}

}  // namespace

TEST(Bench, StoresNoiseAndPredictionsBesideTheMeasuredResults) {
    TempDir t;
    fs::path db = t / "pred.db";
    make_subset(t / "set", 4);
    auto r = run_cli(bench_args(db, "rice", {t / "set"}, "--jobs 2"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // One prediction of each kind per measured frame.
    const auto frames = count(db, "SELECT COUNT(*) FROM results");
    ASSERT_GT(frames, 0);
    for (const char* kind : {"gaussian-entropy", "context-model", "rice-predicted", "fpack-nbits"})
        EXPECT_EQ(count(db, std::string("SELECT COUNT(*) FROM predictions WHERE kind = '") + kind + "'"), frames) << kind;
    // The stored noise of each image is within 3% of the sigma the sample sky recorded.
    bitsky::store::Database d(db.string(), bitsky::store::Database::Mode::ReadOnly);
    bitsky::store::Statement st(d, "SELECT path, noise FROM images");
    int checked = 0;
    while (st.step()) {
        auto noise = nlohmann::json::parse(st.column_text(1));
        auto file = bitsky::fits::File::open(st.column_text(0));
        double truth = std::stod(file.hdu(0).card_value("BSKYSIG").value());
        EXPECT_NEAR(noise["sigma"].get<double>(), truth, 0.03 * truth) << st.column_text(0);
        ++checked;
    }
    EXPECT_EQ(checked, 4);
    // Predicted Rice cost and the measured one agree to within 15% on these frames.
    double predicted = bitsky::store::Database(db.string(), bitsky::store::Database::Mode::ReadOnly)
                           .query_int("SELECT CAST(1000 * SUM(p.bpp * r.raw_bytes / 2) AS INTEGER) FROM predictions p "
                                      "JOIN results r USING(image_id, frame) WHERE p.kind = 'rice-predicted'") / 1000.0;
    double measured = double(count(db, "SELECT SUM(compressed_bytes) * 8 FROM results"));
    EXPECT_NEAR(predicted / measured, 1.0, 0.15);
}

// Work is scheduled largest first, one (frame, codec) item at a time, so that a few large
// frames at the end of an archive do not leave the other workers idle. With one job the
// rows are written in the order they were measured.
TEST(Bench, LargestFramesAreMeasuredFirstOneCodecPerItem) {
    TempDir t;
    fs::create_directories(t / "set");
    std::mt19937 rng(3);
    std::normal_distribution<double> noise(0.0, 8.0);
    // Plan order (file names) is small, large, medium, tiny.
    const std::vector<std::pair<std::string, std::size_t>> files = {
        {"a.fits", 48}, {"b.fits", 160}, {"c.fits", 96}, {"d.fits", 16}};
    for (const auto& [name, n] : files) {
        std::vector<std::uint16_t> px(n * n);
        for (auto& v : px) v = static_cast<std::uint16_t>(1000 + std::lround(noise(rng)));
        bitsky::fits::Writer w(t / "set" / name);
        w.write_u16({n, n}, px);
        w.close();
    }
    fs::path db = t / "order.db";
    auto r = run_cli(bench_args(db, "rice,jpegls", {t / "set"}, "--jobs 1"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    bitsky::store::Database d(db.string(), bitsky::store::Database::Mode::ReadOnly);
    bitsky::store::Statement st(d, "SELECT raw_bytes FROM results ORDER BY id");
    std::vector<std::int64_t> raw;
    while (st.step()) raw.push_back(st.column_int64(0));
    const std::vector<std::int64_t> want = {2 * 160 * 160, 2 * 160 * 160, 2 * 96 * 96, 2 * 96 * 96,
                                            2 * 48 * 48,   2 * 48 * 48,   2 * 16 * 16, 2 * 16 * 16};
    EXPECT_EQ(raw, want);
    // Noise and predictions are stored once per frame, not once per codec item.
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM predictions WHERE kind = 'gaussian-entropy'"), 4);
}

// ---- transform specs (issue 9): a whole HDU per work item, one row per frame.

namespace {

fs::path sample_file(const std::string& stem) {
    for (const auto& p : sample_files())
        if (p.stem() == stem) return p;
    ADD_FAILURE() << "no sample file " << stem;
    return {};
}

// Sum of compressed bytes per codec spec (and row counts), over lossless rows.
std::map<std::string, std::pair<std::int64_t, std::int64_t>> totals_by_codec(const fs::path& db) {
    bitsky::store::Database d(db.string(), bitsky::store::Database::Mode::ReadOnly);
    bitsky::store::Statement st(d, "SELECT c.spec, SUM(r.compressed_bytes), COUNT(*) FROM results r JOIN codecs c ON "
                                   "c.id = r.codec_id WHERE r.lossless_ok = 1 AND r.error IS NULL GROUP BY c.spec");
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> out;
    while (st.step()) out[st.column_text(0)] = {st.column_int64(1), st.column_int64(2)};
    return out;
}

}  // namespace

TEST(BenchCube, TransformSpecOnTheRampCubeStoresOneRowPerFrameAndResumes) {
    TempDir t;
    const fs::path ramp = sample_file("orbiter_ramp_001");
    auto db = t / "cube.db";
    auto r1 = run_cli(bench_args(db, "jpegls,tdiff+jpegls", {ramp}, "--jobs 2"));
    ASSERT_EQ(r1.exit_code, 0) << r1.err;
    auto s1 = summary_of(r1.out);
    EXPECT_EQ(s1["status"], "finished");
    EXPECT_EQ(s1["total"], 16);
    EXPECT_EQ(s1["measured"], 16);
    EXPECT_EQ(s1["failures"], 0);

    auto tot = totals_by_codec(db);
    ASSERT_EQ(tot.size(), 2u);
    ASSERT_TRUE(tot.count("jpegls") && tot.count("tdiff+jpegls"));
    EXPECT_EQ(tot["jpegls"].second, 8);
    EXPECT_EQ(tot["tdiff+jpegls"].second, 8);
    // Frames 0..7 each once per codec; every row timed and positive.
    EXPECT_EQ(count(db, "SELECT COUNT(DISTINCT frame) FROM results r JOIN codecs c ON c.id = r.codec_id "
                        "WHERE c.spec = 'tdiff+jpegls' AND frame BETWEEN 0 AND 7"),
              8);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM results WHERE compressed_bytes <= 0 OR encode_s <= 0 OR decode_s <= 0 "
                        "OR raw_bytes <> 2 * 256 * 256"),
              0);
    // The ramp's frames are highly correlated: tdiff saves more than 13% of the bytes.
    const double plain = double(tot["jpegls"].first), tdiff = double(tot["tdiff+jpegls"].first);
    EXPECT_LT(tdiff, 0.87 * plain) << "tdiff " << tdiff << " vs plain " << plain;

    // The rows of the HDU sum to the whole cube stream (roundtrip's size of the file).
    auto rt = run_cli("roundtrip --json --codec tdiff+jpegls " + shell_quote(ramp.string()));
    ASSERT_EQ(rt.exit_code, 0) << rt.err;
    auto j = nlohmann::json::parse(rt.out);
    EXPECT_EQ(j["files"][0]["compressed_bytes"].get<std::int64_t>(), tot["tdiff+jpegls"].first);
    // Frame 0's row carries the stream header and checksum on top of its own framing.
    std::int64_t frame0_rt = 0;
    for (auto& f : j["files"][0]["frames"])
        if (f["plane"] == 0) frame0_rt = f["compressed_bytes"].get<std::int64_t>();
    EXPECT_GT(count(db, "SELECT r.compressed_bytes FROM results r JOIN codecs c ON c.id = r.codec_id "
                        "WHERE c.spec = 'tdiff+jpegls' AND r.frame = 0"),
              frame0_rt);

    // The report shows both codecs.
    auto rep = run_cli("report --db " + shell_quote(db.string()) + " --format markdown");
    ASSERT_EQ(rep.exit_code, 0) << rep.err;
    EXPECT_NE(rep.out.find("| tdiff+jpegls |"), std::string::npos) << rep.out;
    EXPECT_NE(rep.out.find("| jpegls |"), std::string::npos) << rep.out;

    // Resume measures nothing.
    auto before = rows(db);
    auto r2 = run_cli(bench_args(db, "jpegls,tdiff+jpegls", {ramp}, "--jobs 2"));
    ASSERT_EQ(r2.exit_code, 0) << r2.err;
    auto s2 = summary_of(r2.out);
    EXPECT_EQ(s2["measured"], 0);
    EXPECT_EQ(s2["already_done"], 16);
    EXPECT_EQ(rows(db), before);

    // One missing frame row: the whole HDU is measured again (8 rows), with the same bytes.
    {
        bitsky::store::Database d(db.string(), bitsky::store::Database::Mode::ReadWrite);
        d.exec("DELETE FROM results WHERE frame = 5 AND codec_id = (SELECT id FROM codecs WHERE spec = 'tdiff+jpegls')");
    }
    auto r3 = run_cli(bench_args(db, "jpegls,tdiff+jpegls", {ramp}, "--jobs 1"));
    ASSERT_EQ(r3.exit_code, 0) << r3.err;
    auto s3 = summary_of(r3.out);
    EXPECT_EQ(s3["measured"], 8);
    EXPECT_EQ(s3["already_done"], 8);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM results"), 16);
    EXPECT_EQ(rows(db), before);
}

TEST(BenchCube, ThreeShardsMergedEqualOneRunWithATransformSpec) {
    TempDir t;
    make_subset(t / "set", 2);  // two small 2D files: the transform spec is refused there
    fs::copy_file(sample_file("orbiter_ramp_001"), t / "set" / "ramp.fits");
    fs::copy_file(sample_file("survey_stack_001"), t / "set" / "survey.fits");
    const std::string codecs = "rice,tdiff+rice";
    auto whole = t / "whole.db";
    auto r = run_cli(bench_args(whole, codecs, {t / "set"}, "--jobs 2"));
    ASSERT_EQ(r.exit_code, 0) << r.err;  // the 2D images refuse tdiff: skipped, not failed
    auto all = rows(whole);
    std::int64_t cube_rows = 0;
    for (const auto& row : all)
        if (std::get<3>(row) == "tdiff+rice") ++cube_rows;
    EXPECT_EQ(cube_rows, 8 + 15);  // ramp: 8 frames; survey: 5 bands x 3 epochs
    EXPECT_EQ(summary_of(r.out)["failures"], 0);
    EXPECT_EQ(summary_of(r.out)["skipped"], 2);
    EXPECT_EQ(count(whole, "SELECT COUNT(*) FROM skips WHERE reason LIKE '%needs a cube%' AND "
                           "reason LIKE '%use the plain codec ''rice''%'"),
              2);


    std::vector<std::set<Row>> parts;
    std::string merge_args;
    run_three_shards(t.path(), codecs, parts, merge_args);
    if (::testing::Test::HasFatalFailure()) return;
    // Disjoint, complete, and every (path, hdu) of the transform spec whole in one shard.
    std::set<std::tuple<std::string, std::int64_t, std::int64_t, std::string>> keys;
    std::map<std::pair<std::string, std::int64_t>, std::set<int>> cube_shards;
    std::size_t n = 0;
    for (int k = 0; k < 3; ++k)
        for (auto& row : parts[static_cast<std::size_t>(k)]) {
            keys.emplace(std::get<0>(row), std::get<1>(row), std::get<2>(row), std::get<3>(row));
            if (std::get<3>(row) == "tdiff+rice") cube_shards[{std::get<0>(row), std::get<1>(row)}].insert(k);
            ++n;
        }
    EXPECT_EQ(keys.size(), n) << "shards overlap";
    EXPECT_EQ(n, all.size());
    EXPECT_EQ(cube_shards.size(), 2u);
    for (const auto& [hdu, shards] : cube_shards) EXPECT_EQ(shards.size(), 1u) << hdu.first << "[" << hdu.second << "]";

    auto m = run_cli(merge_args);
    ASSERT_EQ(m.exit_code, 0) << m.err;
    EXPECT_EQ(rows(t / "merged.db"), all);
    EXPECT_EQ(count(t / "merged.db", "SELECT COUNT(*) FROM skips"), 2);
}
