// Benchmark runner tests: the real CLI as a child process, real sample-sky FITS files, real
// SQLite stores. Hashes and shards, resume, changed files, failures, usage errors, shards +
// merge (signals, kill -9, predictions, scheduling and cube specs: bench_run_test.cpp).
#include "engine/bench/hash.h"
#include "engine/util/error.h"
#include <gtest/gtest.h>

#include "tests/engine/bench_support.h"

using namespace bitsky::test::bench;

namespace {

TEST(BenchHash, ShardParsingAndStableItems) {
    auto s = bitsky::bench::parse_shard("2/3");
    EXPECT_EQ(s.index, 2);
    EXPECT_EQ(s.count, 3);
    EXPECT_THROW(bitsky::bench::parse_shard("0/3"), bitsky::UsageError);
    EXPECT_THROW(bitsky::bench::parse_shard("4/3"), bitsky::UsageError);
    EXPECT_THROW(bitsky::bench::parse_shard("1/"), bitsky::UsageError);
    EXPECT_THROW(bitsky::bench::parse_shard("x"), bitsky::UsageError);
    // Stable across calls and sensitive to each part.
    auto h = bitsky::bench::item_hash("/a/b.fits", 1, 2, "rice");
    EXPECT_EQ(h, bitsky::bench::item_hash("/a/b.fits", 1, 2, "rice"));
    EXPECT_NE(h, bitsky::bench::item_hash("/a/b.fits", 1, 3, "rice"));
    EXPECT_NE(h, bitsky::bench::item_hash("/a/b.fits", 0, 2, "rice"));
    EXPECT_NE(h, bitsky::bench::item_hash("/a/b.fits", 1, 2, "jpegls"));
    // Roughly balanced shards.
    std::map<int, int> per;
    for (int i = 0; i < 3000; ++i) {
        auto x = bitsky::bench::item_hash("/data/f" + std::to_string(i) + ".fits", 0, 0, "rice");
        for (int k = 1; k <= 3; ++k)
            if (bitsky::bench::Shard{k, 3}.contains(x)) ++per[k];
    }
    for (int k = 1; k <= 3; ++k) EXPECT_NEAR(per[k], 1000, 150);
    EXPECT_EQ(per[1] + per[2] + per[3], 3000);
}

TEST(BenchHash, ContentHashSeesOneByte) {
    TempDir t;
    auto p = t / "f.bin";
    {
        std::ofstream o(p, std::ios::binary);
        for (int i = 0; i < 100000; ++i) o.put(static_cast<char>(i * 31));
    }
    auto h1 = bitsky::bench::file_content_hash(p);
    EXPECT_EQ(h1, bitsky::bench::file_content_hash(p));
    {
        std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(54321);
        f.put('\x7f');
    }
    EXPECT_NE(h1, bitsky::bench::file_content_hash(p));
    EXPECT_THROW(bitsky::bench::file_content_hash(t / "missing"), bitsky::Error);
}

TEST(BenchHash, ContentHashSeesTwoBitFlipsTheOldHashMissed) {
    // The pre-XXH3 hash gave the same digest when bit 7 of bytes 7 and 39 were both flipped.
    TempDir t;
    auto p = t / "f.bin";
    std::vector<char> bytes(4096);
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7 + 3);
    auto write = [&] {
        std::ofstream o(p, std::ios::binary | std::ios::trunc);
        o.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    };
    write();
    const auto h1 = bitsky::bench::file_content_hash(p);
    const auto old1 = bitsky::bench::legacy_content_hash(p);
    EXPECT_EQ(h1.rfind("xxh3:", 0), 0u) << h1;
    EXPECT_EQ(h1.size(), 5u + 32u + 1u + 4u) << h1;  // prefix, 128 bits in hex, ':', size
    bytes[7] = static_cast<char>(bytes[7] ^ 0x80);
    bytes[39] = static_cast<char>(bytes[39] ^ 0x80);
    write();
    EXPECT_EQ(bitsky::bench::legacy_content_hash(p), old1) << "the weakness this hash replaces";
    EXPECT_NE(bitsky::bench::file_content_hash(p), h1);
}

TEST(Bench, StoreWithOldHashesIsRehashedOnceWithoutRemeasuring) {
    TempDir t;
    make_subset(t / "set", 2);
    const auto db = t / "s.db";
    auto first = run_cli(bench_args(db, "rice", {t / "set"}));
    ASSERT_EQ(first.exit_code, 0) << first.err;
    const auto before = rows(db);
    // What an older BitSky wrote: its hash of the unchanged files (and an mtime that forces
    // hashing), and for one file a hash that no longer matches it.
    std::vector<fs::path> files;
    for (auto& e : fs::directory_iterator(t / "set")) files.push_back(fs::canonical(e.path()));
    std::sort(files.begin(), files.end());
    {
        bitsky::store::Database d(db.string(), bitsky::store::Database::Mode::ReadWrite);
        for (std::size_t i = 0; i < files.size(); ++i) {
            bitsky::store::Statement up(d, "UPDATE images SET content_hash = ?, mtime = 0 WHERE path = ?");
            const std::string old = i == 0 ? bitsky::bench::legacy_content_hash(files[i]) : "bsh64:0123456789abcdef:1";
            up.bind_all(old, files[i].string());
            up.run();
        }
    }
    auto second = run_cli(bench_args(db, "rice", {t / "set"}));
    ASSERT_EQ(second.exit_code, 0) << second.err;
    auto sum = summary_of(second.out);
    // The file that matched its old hash keeps its results; the other one is measured again.
    EXPECT_EQ(sum["measured"].get<std::int64_t>(), 1) << second.out;
    EXPECT_EQ(rows(db), before);
    EXPECT_EQ(count(db, "SELECT count(*) FROM images WHERE content_hash NOT LIKE 'xxh3:%'"), 0);
}

TEST(Bench, ResumeDoesOnlyMissingWorkAndProgressJsonParses) {
    TempDir t;
    make_subset(t / "set", 3);
    auto db = t / "s.db";
    auto r1 = run_cli(bench_args(db, "rice,jpegls", {t / "set"}, "--jobs 2"));
    ASSERT_EQ(r1.exit_code, 0) << r1.err;
    auto lines = json_lines(r1.out);
    ASSERT_GE(lines.size(), 2u);
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        EXPECT_EQ(lines[i]["event"], "progress");
        for (const char* k : {"done", "total", "current", "eta_s", "failures"}) EXPECT_TRUE(lines[i].contains(k)) << k;
    }
    auto s1 = lines.back();
    ASSERT_EQ(s1["event"], "summary");
    EXPECT_EQ(s1["status"], "finished");
    const std::int64_t total = s1["total"];
    EXPECT_GT(total, 0);
    EXPECT_EQ(s1["measured"], total);
    EXPECT_EQ(s1["failures"], 0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM results"), total);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM results WHERE lossless_ok = 1 AND error IS NULL"), total);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM results WHERE compressed_bytes <= 0 OR encode_s <= 0"), 0);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM runs WHERE status = 'finished' AND jobs = 2 AND ended_at IS NOT NULL"), 1);
    EXPECT_EQ(lines[lines.size() - 2]["done"], total);

    auto before = rows(db);
    auto r2 = run_cli(bench_args(db, "rice,jpegls", {t / "set"}, "--jobs 2"));
    ASSERT_EQ(r2.exit_code, 0) << r2.err;
    auto s2 = summary_of(r2.out);
    EXPECT_EQ(s2["measured"], 0);
    EXPECT_EQ(s2["already_done"], total);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM results"), total);
    EXPECT_EQ(rows(db), before);

    // One more codec: only its items are measured.
    auto r3 = run_cli(bench_args(db, "rice,jpegls,gzip", {t / "set"}, "--jobs 2"));
    ASSERT_EQ(r3.exit_code, 0) << r3.err;
    EXPECT_EQ(summary_of(r3.out)["measured"], total / 2);

    // The table is printed by a run without --progress json.
    auto r4 = run_cli("bench --db " + shell_quote(db.string()) + " --codecs rice " + shell_quote((t / "set").string()));
    ASSERT_EQ(r4.exit_code, 0) << r4.err;
    EXPECT_NE(r4.out.find("rice"), std::string::npos) << r4.out;
    EXPECT_NE(r4.out.find("|"), std::string::npos) << r4.out;
}

TEST(Bench, ChangedFileIsRemeasured) {
    TempDir t;
    make_subset(t / "set", 2);
    auto db = t / "s.db";
    auto r1 = run_cli(bench_args(db, "rice", {t / "set"}, "--jobs 1"));
    ASSERT_EQ(r1.exit_code, 0) << r1.err;
    const std::int64_t total = summary_of(r1.out)["total"];

    // Change some pixel bytes of one file (same size, same second possibly).
    fs::path victim;
    for (auto& e : fs::directory_iterator(t / "set")) victim = e.path();
    std::int64_t victim_items = 0;
    {
        bitsky::store::Database d(db.string(), bitsky::store::Database::Mode::ReadOnly);
        bitsky::store::Statement st(d, "SELECT COUNT(*) FROM results r JOIN images i ON i.id = r.image_id WHERE i.path = ?");
        st.bind_text(1, fs::weakly_canonical(victim).string());
        ASSERT_TRUE(st.step());
        victim_items = st.column_int64(0);
    }
    ASSERT_GT(victim_items, 0);
    auto old_rows = rows(db);
    {
        auto size = fs::file_size(victim);
        std::fstream f(victim, std::ios::in | std::ios::out | std::ios::binary);
        // The first data block follows the header (a multiple of 2880 bytes); hit the data.
        for (std::uintmax_t off = 2880 * 2 + 100; off < size - 4000; off += 997) {
            f.seekp(static_cast<std::streamoff>(off));
            f.put('\x55');
        }
    }
    auto r2 = run_cli(bench_args(db, "rice", {t / "set"}, "--jobs 1"));
    ASSERT_EQ(r2.exit_code, 0) << r2.err;
    auto s2 = summary_of(r2.out);
    EXPECT_EQ(s2["measured"], victim_items);
    EXPECT_GE(s2["remeasured_images"], 1);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM results"), total);
    EXPECT_NE(rows(db), old_rows);  // the changed file compresses differently
    // A third run does nothing.
    auto r3 = run_cli(bench_args(db, "rice", {t / "set"}, "--jobs 1"));
    EXPECT_EQ(summary_of(r3.out)["measured"], 0);
}

TEST(Bench, FailuresAreStoredAndTheRunGoesOn) {
    TempDir t;
    make_subset(t / "set", 1);
    write_float_fits(t / "set" / "float.fits");
    write_corrupt_fits(t / "set" / "corrupt.fits");
    auto db = t / "s.db";
    auto r1 = run_cli(bench_args(db, "rice,jpegls", {t / "set"}, "--jobs 2"));
    EXPECT_EQ(r1.exit_code, 1) << r1.err;  // documented: finished, some items failed
    auto s = summary_of(r1.out);
    EXPECT_EQ(s["status"], "finished");
    EXPECT_EQ(s["failures"], 2);  // the corrupt file x 2 codecs
    EXPECT_EQ(s["skipped"], 2);   // the float file x 2 codecs: skipped, not failed
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM results WHERE error IS NOT NULL AND lossless_ok = 0"), 2);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM skips WHERE reason LIKE '%BITPIX=-32%'"), 2);
    EXPECT_GT(count(db, "SELECT COUNT(*) FROM results WHERE error IS NULL AND lossless_ok = 1"), 0);
    {
        bitsky::store::Database d(db.string(), bitsky::store::Database::Mode::ReadOnly);
        bitsky::store::Statement st(d, "SELECT i.path, r.error FROM results r JOIN images i ON i.id = r.image_id "
                                       "WHERE r.error IS NOT NULL");
        while (st.step()) {
            std::string path = st.column_text(0), err = st.column_text(1);
            EXPECT_NE(err.find(fs::path(path).filename().string()), std::string::npos) << err;
            EXPECT_EQ(path.find("float"), std::string::npos) << err;
        }
    }
    // The report counts them.
    auto rep = run_cli("report --db " + shell_quote(db.string()) + " --format json");
    ASSERT_EQ(rep.exit_code, 0) << rep.err;
    auto j = nlohmann::json::parse(rep.out);
    std::int64_t failures = 0;
    for (auto& row : j["rows"]) failures += row["failures"].get<std::int64_t>();
    EXPECT_EQ(failures, 2);
    // Resume does not retry them; --retry-failed does (and they fail again).
    auto r2 = run_cli(bench_args(db, "rice,jpegls", {t / "set"}));
    EXPECT_EQ(r2.exit_code, 1);
    EXPECT_EQ(summary_of(r2.out)["measured"], 0);
    auto r3 = run_cli(bench_args(db, "rice,jpegls", {t / "set"}, "--retry-failed"));
    EXPECT_EQ(r3.exit_code, 1);
    EXPECT_EQ(summary_of(r3.out)["measured"], 2);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM results WHERE error IS NOT NULL"), 2);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM skips"), 2);
}

TEST(Bench, UsageErrors) {
    TempDir t;
    EXPECT_EQ(run_cli("bench --db " + shell_quote((t / "s.db").string()) + " --codecs nope " +
                      shell_quote(sample_dir().string()))
                  .exit_code,
              2);
    EXPECT_EQ(run_cli("bench --db " + shell_quote((t / "s.db").string()) + " --shard 4/3 " +
                      shell_quote(sample_dir().string()))
                  .exit_code,
              2);
    EXPECT_EQ(run_cli("bench " + shell_quote(sample_dir().string())).exit_code, 2);
    EXPECT_EQ(run_cli("bench --db " + shell_quote((t / "s.db").string()) + " " + shell_quote((t / "missing").string()))
                  .exit_code,
              1);
}

TEST(Bench, ThreeShardsMergedEqualOneRun) {
    TempDir t;
    make_subset(t / "set", 4);
    write_float_fits(t / "set" / "float.fits");
    const std::string codecs = "rice,jpegls,gzip";
    auto whole = t / "whole.db";
    auto r = run_cli(bench_args(whole, codecs, {t / "set"}, "--jobs 2"));
    ASSERT_EQ(r.exit_code, 0) << r.err;  // the float file is skipped (not a failure)
    EXPECT_EQ(count(whole, "SELECT COUNT(*) FROM skips"), 3);
    auto all = rows(whole);
    ASSERT_GT(all.size(), 10u);

    std::vector<std::set<Row>> parts;
    std::string merge_args;
    run_three_shards(t.path(), codecs, parts, merge_args);
    if (::testing::Test::HasFatalFailure()) return;
    // Disjoint keys, union covers everything.
    std::set<std::tuple<std::string, std::int64_t, std::int64_t, std::string>> keys;
    std::size_t n = 0;
    for (auto& p : parts)
        for (auto& row : p) {
            keys.emplace(std::get<0>(row), std::get<1>(row), std::get<2>(row), std::get<3>(row));
            ++n;
        }
    EXPECT_EQ(keys.size(), n) << "shards overlap";
    EXPECT_EQ(n, all.size());

    auto m = run_cli(merge_args);
    ASSERT_EQ(m.exit_code, 0) << m.err;
    EXPECT_EQ(rows(t / "merged.db"), all);
    EXPECT_EQ(count(t / "merged.db", "SELECT COUNT(*) FROM skips"), 3);  // each shard's skips merged
}

}  // namespace
