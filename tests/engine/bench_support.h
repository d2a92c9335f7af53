#pragma once
// Helpers of the benchmark runner tests (bench_test.cpp, bench_run_test.cpp): the sample
// sky written once per program, stores read back, --progress json parsed, the CLI as a
// child process that can be signalled.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/fits/fits.h"
#include "engine/sample/sample_sky.h"
#include "engine/store/sqlite.h"
#include "tests/engine/child_process.h"
#include "tests/engine/test_support.h"


namespace bitsky::test::bench {

namespace fs = std::filesystem;
using bitsky::test::run_cli;
using bitsky::test::shell_quote;
using bitsky::test::TempDir;


// The sample sky, written once for the whole program.
inline const fs::path& sample_dir() {
    static TempDir dir;
    static bool written = [] {
        bitsky::sample::write_sample_sky(dir.path(), 1);
        return true;
    }();
    (void)written;
    return dir.path();
}

inline std::vector<fs::path> sample_files() {
    std::vector<fs::path> out;
    for (auto& e : fs::recursive_directory_iterator(sample_dir() / "data"))
        if (e.is_regular_file() && e.path().extension() == ".fits") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

// A folder holding copies of the `n` smallest sample files.
inline void make_subset(const fs::path& dir, std::size_t n) {
    auto files = sample_files();
    std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
        return std::make_tuple(fs::file_size(a), a) < std::make_tuple(fs::file_size(b), b);
    });
    fs::create_directories(dir);
    for (std::size_t i = 0; i < n && i < files.size(); ++i) {
        std::string name = std::to_string(i);  // built with += (GCC 12 warns falsely on chained +)
        name += '_';
        name += files[i].filename().string();
        fs::copy_file(files[i], dir / name);
    }
}

inline void write_float_fits(const fs::path& p) {
    bitsky::fits::Writer w(p);
    std::vector<float> px(64 * 48);
    for (std::size_t i = 0; i < px.size(); ++i) px[i] = float(i % 97) * 0.5f;
    w.write_f32({64, 48}, px);
    w.close();
}

inline void write_corrupt_fits(const fs::path& p) {
    std::ofstream out(p, std::ios::binary);
    out << "SIMPLE  =                    T / this is not really FITS";
    std::mt19937 rng(7);
    for (int i = 0; i < 5000; ++i) out.put(static_cast<char>(rng() & 0xff));
}

// One result, without times: (path, hdu, frame, codec, raw, compressed, ok, error?).
using Row = std::tuple<std::string, std::int64_t, std::int64_t, std::string, std::int64_t, std::int64_t, std::int64_t,
                       std::string>;

inline std::set<Row> rows(const fs::path& db) {
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

inline std::int64_t count(const fs::path& db, const std::string& sql) {
    bitsky::store::Database d(db.string(), bitsky::store::Database::Mode::ReadOnly);
    return d.query_int(sql);
}

inline std::string integrity(const fs::path& db) {
    bitsky::store::Database d(db.string(), bitsky::store::Database::Mode::ReadWrite);
    return d.query_text("PRAGMA integrity_check");
}

inline std::vector<nlohmann::json> json_lines(const std::string& out) {
    std::vector<nlohmann::json> v;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        v.push_back(nlohmann::json::parse(line));  // throws (fails the test) on a bad line
    }
    return v;
}

inline nlohmann::json summary_of(const std::string& out) {
    auto lines = json_lines(out);
    if (lines.empty() || lines.back().value("event", "") != "summary") return {};
    return lines.back();
}

inline std::string bench_args(const fs::path& db, const std::string& codecs, const std::vector<fs::path>& paths,
                       const std::string& extra = "") {
    std::string a = "bench --db " + shell_quote(db.string()) + " --codecs " + codecs + " --progress json " + extra;
    for (const auto& p : paths) a.append(" ").append(shell_quote(p.string()));
    return a;
}

// Benches t/set as shards 1/3, 2/3 and 3/3 into t/shardK.db (shard 2 gets the files in
// reverse order: shards must not depend on discovery order). Each shard finishes and its
// summary total equals its rows (a shard may legitimately be empty: items are split by
// hash, ~1/3 each). Fills each shard's rows and the `merge` command line for them.
inline void run_three_shards(const fs::path& t, const std::string& codecs, std::vector<std::set<Row>>& parts,
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

using bitsky::test::Child;  // tests/engine/child_process.h

inline std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Waits until the child's --progress json output reports at least `done_at_least` new items.
inline bool wait_for_progress(const fs::path& out, std::int64_t measured_at_least, double timeout_s) {
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

}  // namespace bitsky::test::bench
