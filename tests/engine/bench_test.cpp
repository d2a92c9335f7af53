// Benchmark runner tests: the real CLI as a child process, real sample-sky FITS files, real
// SQLite stores. Resume, changed files, failures, shards + merge, SIGTERM, kill -9,
// --progress json.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/bench/hash.h"
#include "engine/fits/fits.h"
#include "engine/sample/sample_sky.h"
#include "engine/store/sqlite.h"
#include "engine/store/store.h"
#include "engine/util/error.h"
#include "tests/engine/test_support.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using bitsky::test::run_cli;
using bitsky::test::shell_quote;
using bitsky::test::TempDir;

// The sample sky, written once for the whole program.
const fs::path& sample_dir() {
    static TempDir dir;
    static bool written = [] {
        bitsky::sample::write_sample_sky(dir.path(), 1);
        return true;
    }();
    (void)written;
    return dir.path();
}

std::vector<fs::path> sample_files() {
    std::vector<fs::path> out;
    for (auto& e : fs::recursive_directory_iterator(sample_dir() / "data"))
        if (e.is_regular_file() && e.path().extension() == ".fits") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

// A folder holding copies of the `n` smallest sample files.
void make_subset(const fs::path& dir, std::size_t n) {
    auto files = sample_files();
    std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
        return std::make_tuple(fs::file_size(a), a) < std::make_tuple(fs::file_size(b), b);
    });
    fs::create_directories(dir);
    for (std::size_t i = 0; i < n && i < files.size(); ++i)
        fs::copy_file(files[i], dir / (std::to_string(i) + "_" + files[i].filename().string()));
}

void write_float_fits(const fs::path& p) {
    bitsky::fits::Writer w(p);
    std::vector<float> px(64 * 48);
    for (std::size_t i = 0; i < px.size(); ++i) px[i] = float(i % 97) * 0.5f;
    w.write_f32({64, 48}, px);
    w.close();
}

void write_corrupt_fits(const fs::path& p) {
    std::ofstream out(p, std::ios::binary);
    out << "SIMPLE  =                    T / this is not really FITS";
    std::mt19937 rng(7);
    for (int i = 0; i < 5000; ++i) out.put(static_cast<char>(rng() & 0xff));
}

// One result, without times: (path, hdu, frame, codec, raw, compressed, ok, error?).
using Row = std::tuple<std::string, std::int64_t, std::int64_t, std::string, std::int64_t, std::int64_t, std::int64_t,
                       std::string>;

std::set<Row> rows(const fs::path& db) {
    bitsky::store::Database d(db.string(), bitsky::store::Database::Mode::ReadOnly);
    bitsky::store::Statement st(
        d,
        "SELECT i.path, i.hdu, r.frame, c.spec, r.raw_bytes, r.compressed_bytes, r.lossless_ok, "
        "COALESCE(r.error, '') FROM results r JOIN images i ON i.id = r.image_id JOIN codecs c ON c.id = r.codec_id");
    std::set<Row> out;
    while (st.step())
        out.emplace(st.column_text(0), st.column_int64(1), st.column_int64(2), st.column_text(3), st.column_int64(4),
                    st.column_int64(5), st.column_int64(6), st.column_text(7));
    return out;
}

std::int64_t count(const fs::path& db, const std::string& sql) {
    bitsky::store::Database d(db.string(), bitsky::store::Database::Mode::ReadOnly);
    return d.query_int(sql);
}

std::string integrity(const fs::path& db) {
    bitsky::store::Database d(db.string(), bitsky::store::Database::Mode::ReadWrite);
    return d.query_text("PRAGMA integrity_check");
}

std::vector<nlohmann::json> json_lines(const std::string& out) {
    std::vector<nlohmann::json> v;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        v.push_back(nlohmann::json::parse(line));  // throws (fails the test) on a bad line
    }
    return v;
}

nlohmann::json summary_of(const std::string& out) {
    auto lines = json_lines(out);
    if (lines.empty() || lines.back().value("event", "") != "summary") return {};
    return lines.back();
}

std::string bench_args(const fs::path& db, const std::string& codecs, const std::vector<fs::path>& paths,
                       const std::string& extra = "") {
    std::string a = "bench --db " + shell_quote(db.string()) + " --codecs " + codecs + " --progress json " + extra;
    for (const auto& p : paths) a.append(" ").append(shell_quote(p.string()));
    return a;
}

// Benches t/set as shards 1/3, 2/3 and 3/3 into t/shardK.db (shard 2 gets the files in
// reverse order: shards must not depend on discovery order). Each shard finishes and its
// summary total equals its rows (a shard may legitimately be empty: items are split by
// hash, ~1/3 each). Fills each shard's rows and the `merge` command line for them.
void run_three_shards(const fs::path& t, const std::string& codecs, std::vector<std::set<Row>>& parts,
                      std::string& merge_args) {
    merge_args = "merge --out " + shell_quote((t / "merged.db").string());
    for (int k = 1; k <= 3; ++k) {
        auto db = t / ("shard" + std::to_string(k) + ".db");
        std::vector<fs::path> paths;
        if (k == 2) {
            for (auto& e : fs::directory_iterator(t / "set")) paths.push_back(e.path());
            std::sort(paths.rbegin(), paths.rend());
        } else {
            paths = {t / "set"};
        }
        auto rs = run_cli(bench_args(db, codecs, paths, "--jobs 1 --shard " + std::to_string(k) + "/3"));
        ASSERT_TRUE(rs.exit_code == 0 || rs.exit_code == 1) << rs.err;
        auto sum = summary_of(rs.out);
        EXPECT_EQ(sum["status"], "finished");
        parts.push_back(rows(db));
        EXPECT_EQ(sum["total"].get<std::int64_t>(), static_cast<std::int64_t>(parts.back().size()));
        merge_args.append(" ").append(shell_quote(db.string()));
    }
}

// The CLI as a child we can signal.
class Child {
public:
    Child(const std::vector<std::string>& args, const fs::path& out, const fs::path& err) {
        std::vector<std::string> all{BITSKY_CLI};
        all.insert(all.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& s : all) argv.push_back(s.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        int rc = posix_spawn(&pid_, BITSKY_CLI, &fa, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&fa);
        if (rc != 0) throw std::runtime_error("posix_spawn failed");
    }
    ~Child() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            int st = 0;
            ::waitpid(pid_, &st, 0);
        }
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    void signal(int s) { ::kill(pid_, s); }
    // Waits up to `timeout_s`; returns the wait status or nullopt if still running.
    std::optional<int> wait(double timeout_s) {
        auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
        for (;;) {
            int st = 0;
            pid_t r = ::waitpid(pid_, &st, WNOHANG);
            if (r == pid_) {
                pid_ = -1;
                return st;
            }
            if (std::chrono::steady_clock::now() > end) return std::nullopt;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

private:
    pid_t pid_ = -1;
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Waits until the child's --progress json output reports at least `done_at_least` new items.
bool wait_for_progress(const fs::path& out, std::int64_t measured_at_least, double timeout_s) {
    auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    while (std::chrono::steady_clock::now() < end) {
        std::istringstream in(slurp(out));
        std::string line;
        std::int64_t first_done = -1, last_done = -1;
        while (std::getline(in, line)) {
            auto j = nlohmann::json::parse(line, nullptr, false);
            if (j.is_discarded() || !j.contains("done")) continue;
            if (first_done < 0) first_done = j["done"].get<std::int64_t>();
            last_done = j["done"].get<std::int64_t>();
        }
        if (last_done >= 0 && last_done >= measured_at_least) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

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
    EXPECT_EQ(s["failures"], 4);  // 2 bad files x 2 codecs
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM results WHERE error IS NOT NULL AND lossless_ok = 0"), 4);
    EXPECT_GT(count(db, "SELECT COUNT(*) FROM results WHERE error IS NULL AND lossless_ok = 1"), 0);
    {
        bitsky::store::Database d(db.string(), bitsky::store::Database::Mode::ReadOnly);
        bitsky::store::Statement st(d, "SELECT i.path, r.error FROM results r JOIN images i ON i.id = r.image_id "
                                       "WHERE r.error IS NOT NULL");
        while (st.step()) {
            std::string path = st.column_text(0), err = st.column_text(1);
            EXPECT_NE(err.find(fs::path(path).filename().string()), std::string::npos) << err;
            if (path.find("float") != std::string::npos) {
                EXPECT_NE(err.find("16-bit"), std::string::npos) << err;
            }
        }
    }
    // The report counts them.
    auto rep = run_cli("report --db " + shell_quote(db.string()) + " --format json");
    ASSERT_EQ(rep.exit_code, 0) << rep.err;
    auto j = nlohmann::json::parse(rep.out);
    std::int64_t failures = 0;
    for (auto& row : j["rows"]) failures += row["failures"].get<std::int64_t>();
    EXPECT_EQ(failures, 4);
    // Resume does not retry them; --retry-failed does (and they fail again).
    auto r2 = run_cli(bench_args(db, "rice,jpegls", {t / "set"}));
    EXPECT_EQ(r2.exit_code, 1);
    EXPECT_EQ(summary_of(r2.out)["measured"], 0);
    auto r3 = run_cli(bench_args(db, "rice,jpegls", {t / "set"}, "--retry-failed"));
    EXPECT_EQ(r3.exit_code, 1);
    EXPECT_EQ(summary_of(r3.out)["measured"], 4);
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM results WHERE error IS NOT NULL"), 4);
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
    ASSERT_EQ(r.exit_code, 1) << r.err;  // the float file fails
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
}

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
    for (int round = 0; round < 4; ++round) {
        Child c(args, t / "out", t / "err");
        double wait_s = std::uniform_real_distribution<double>(0.05, std::max(0.2, full_s * 0.5))(rng);
        std::this_thread::sleep_for(std::chrono::duration<double>(wait_s));
        c.signal(SIGKILL);
        auto st = c.wait(10);
        ASSERT_TRUE(st.has_value());
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
    // The killed runs stay "running" (nobody could mark them); the last one finished.
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM runs WHERE status = 'finished'"), 1);
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
    for (const char* kind : {"gaussian-entropy", "rice-predicted", "fpack-nbits"})
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
    ASSERT_EQ(r.exit_code, 1) << r.err;  // the 2D images refuse tdiff (stored failures)
    auto all = rows(whole);
    // Refusals: one failed row per 2D HDU, with the codec's message.
    std::int64_t refused = 0, cube_rows = 0;
    for (const auto& row : all) {
        if (std::get<3>(row) != "tdiff+rice") continue;
        if (std::get<6>(row) == 0) {
            ++refused;
            EXPECT_NE(std::get<7>(row).find("needs a cube"), std::string::npos) << std::get<7>(row);
            EXPECT_NE(std::get<7>(row).find("use the plain codec 'rice'"), std::string::npos) << std::get<7>(row);
        } else {
            ++cube_rows;
        }
    }
    EXPECT_EQ(refused, 2);
    EXPECT_EQ(cube_rows, 8 + 15);  // ramp: 8 frames; survey: 5 bands x 3 epochs
    EXPECT_EQ(summary_of(r.out)["failures"], 2);

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
    EXPECT_EQ(cube_shards.size(), 4u);
    for (const auto& [hdu, shards] : cube_shards) EXPECT_EQ(shards.size(), 1u) << hdu.first << "[" << hdu.second << "]";

    auto m = run_cli(merge_args);
    ASSERT_EQ(m.exit_code, 0) << m.err;
    EXPECT_EQ(rows(t / "merged.db"), all);
}
