// Merging shard stores, and the report/merge commands of bitsky-cli.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "engine/store/store.h"
#include "engine/util/error.h"
#include "tests/engine/test_support.h"

using namespace bitsky::store;
using bitsky::test::run_cli;
using bitsky::test::shell_quote;
using bitsky::test::error_of;
using bitsky::test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kSpecs = {"jpegxl:e7", "jpegls", "jpeg2000", "rice"};

// Deterministic "benchmark" of 2 datasets x 6 images (2 frames) x 4 codecs; item n goes to
// the store if keep(n). One item fails. Mirrors what sharded runs write.
void fill(ResultsStore& s, const std::function<bool(int)>& keep, const std::string& host) {
    std::vector<std::int64_t> codec_ids;
    for (const auto& spec : kSpecs) codec_ids.push_back(s.upsert_codec(spec, "lib-" + spec, "1.0"));
    RunInfo run;
    run.host = host;
    auto run_id = s.begin_run(run);
    int n = 0;
    std::vector<ResultRow> rows;
    for (int d = 0; d < 2; ++d) {
        auto ds = s.upsert_dataset("set" + std::to_string(d), "/data/set" + std::to_string(d));
        for (int i = 0; i < 6; ++i) {
            ImageRecord im;
            im.dataset_id = ds;
            im.path = "/data/set" + std::to_string(d) + "/img" + std::to_string(i) + ".fits";
            im.hdu = i % 2;
            im.frame_count = 2;
            im.shape = "[64, 32, 2]";
            im.content_hash = "hash-" + std::to_string(d) + "-" + std::to_string(i);
            std::int64_t image_id = 0;
            for (int f = 0; f < 2; ++f) {
                for (std::size_t c = 0; c < codec_ids.size(); ++c, ++n) {
                    if (!keep(n)) continue;
                    if (!image_id) image_id = s.upsert_image(im).id;
                    ResultRow r;
                    r.run_id = run_id;
                    r.image_id = image_id;
                    r.frame = f;
                    r.codec_id = codec_ids[c];
                    r.raw_bytes = 64 * 32 * 2;
                    r.compressed_bytes = 1000 + 37 * n % 500;
                    r.encode_s = 0.001 * (1 + n % 7);  // times differ per run; merge ignores them
                    r.decode_s = 0.0005;
                    r.lossless_ok = true;
                    if (n == 17) {
                        r.lossless_ok = false;
                        r.compressed_bytes = 0;
                        r.error = "lossless mismatch at pixel (3, 4)";
                    }
                    rows.push_back(r);
                }
            }
        }
    }
    s.insert_results(rows);
    s.end_run(run_id, "done");
}

using Key = std::tuple<std::string, int, std::int64_t, std::string>;  // path, hdu, frame, spec
using Val = std::tuple<std::int64_t, std::int64_t, bool, bool>;       // raw, compressed, ok, failed

std::map<Key, Val> contents(ResultsStore& s) {
    std::map<Key, Val> out;
    Statement st(s.database(),
                 "SELECT i.path, i.hdu, r.frame, c.spec, r.raw_bytes, r.compressed_bytes, r.lossless_ok, "
                 "r.error IS NOT NULL FROM results r JOIN images i ON i.id = r.image_id "
                 "JOIN codecs c ON c.id = r.codec_id");
    while (st.step())
        out[{st.column_text(0), static_cast<int>(st.column_int64(1)), st.column_int64(2), st.column_text(3)}] = {
            st.column_int64(4), st.column_int64(5), st.column_int64(6) != 0, st.column_int64(7) != 0};
    return out;
}

std::vector<std::string> make_shards(const TempDir& tmp, int n) {
    std::vector<std::string> paths;
    for (int k = 0; k < n; ++k) {
        paths.push_back((tmp / ("shard" + std::to_string(k) + ".db")).string());
        ResultsStore s(paths.back());
        fill(s, [&](int item) { return item % n == k; }, "node" + std::to_string(k));
    }
    return paths;
}

}  // namespace

TEST(StoreMerge, ShardsMergeToTheUnshardedStoreAndAreIdempotent) {
    TempDir tmp;
    auto full_path = (tmp / "full.db").string();
    ResultsStore full(full_path);
    fill(full, [](int) { return true; }, "single");
    auto shards = make_shards(tmp, 3);
    auto out = (tmp / "all.db").string();

    std::int64_t added = merge(out, shards);
    ResultsStore merged(out);
    EXPECT_EQ(added, full.result_count());
    EXPECT_EQ(contents(merged), contents(full));
    EXPECT_EQ(merged.images().size(), full.images().size());
    EXPECT_EQ(merged.codecs().size(), kSpecs.size());
    EXPECT_EQ(merged.datasets().size(), 2u);
    EXPECT_EQ(merged.runs().size(), 3u);
    EXPECT_TRUE(merged.integrity_ok());
    // Reports agree (times aside).
    auto a = merged.report(ReportBy::Dataset), b = full.report(ReportBy::Dataset);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].dataset, b[i].dataset);
        EXPECT_EQ(a[i].codec, b[i].codec);
        EXPECT_EQ(a[i].raw_bytes, b[i].raw_bytes);
        EXPECT_EQ(a[i].compressed_bytes, b[i].compressed_bytes);
        EXPECT_EQ(a[i].failures, b[i].failures);
        EXPECT_EQ(a[i].mean_image_ratio, b[i].mean_image_ratio);
    }
    // Every run's results point at that run.
    EXPECT_EQ(merged.database().query_int("SELECT count(*) FROM results WHERE run_id IS NULL"), 0);

    // Merging again (all, or one shard twice) adds nothing.
    EXPECT_EQ(merge(out, shards), 0);
    EXPECT_EQ(merge(out, {shards[1], shards[1]}), 0);
    EXPECT_EQ(contents(merged), contents(full));
    EXPECT_EQ(merged.runs().size(), 3u);
    EXPECT_EQ(merged.images().size(), full.images().size());
    // Merging the unsharded store into it: same rows (different times are fine).
    EXPECT_EQ(merge(out, {full_path}), 0);
    EXPECT_EQ(merged.runs().size(), 4u);
    EXPECT_EQ(contents(merged), contents(full));
}

TEST(StoreMerge, RefusesConflictingResultAndAddsNothingFromThatInput) {
    TempDir tmp;
    auto shards = make_shards(tmp, 2);
    auto out = (tmp / "all.db").string();
    merge(out, {shards[0]});
    auto bad = (tmp / "bad.db").string();
    fs::copy_file(shards[0], bad);
    {
        ResultsStore s(bad);
        s.database().exec("UPDATE results SET compressed_bytes = compressed_bytes + 1 WHERE id = 3");
        // and something new that must not leak in
        fill(s, [](int item) { return item % 2 == 1; }, "x");
    }
    std::int64_t before;
    {
        ResultsStore o(out);
        before = o.result_count();
    }
    std::string err = error_of([&] { merge(out, {bad}); });
    EXPECT_NE(err.find(bad), std::string::npos) << err;
    EXPECT_NE(err.find("conflicting result"), std::string::npos) << err;
    ResultsStore o(out);
    EXPECT_EQ(o.result_count(), before);
    EXPECT_EQ(o.runs().size(), 1u);
}

TEST(StoreMerge, RefusesChangedImageContent) {
    TempDir tmp;
    auto shards = make_shards(tmp, 2);
    {
        ResultsStore s(shards[1]);
        s.database().exec("UPDATE images SET content_hash = 'edited' WHERE path = '/data/set0/img0.fits'");
    }
    auto out = (tmp / "all.db").string();
    std::string err = error_of([&] { merge(out, shards); });
    EXPECT_NE(err.find(shards[1]), std::string::npos) << err;
    EXPECT_NE(err.find("/data/set0/img0.fits"), std::string::npos) << err;
    EXPECT_NE(err.find("content hash"), std::string::npos) << err;
}

TEST(StoreMerge, RefusesBadInputsBeforeWritingAnything) {
    TempDir tmp;
    auto shards = make_shards(tmp, 2);
    auto out = (tmp / "all.db").string();
    auto junk = (tmp / "junk.db").string();
    std::ofstream(junk) << "not a store";
    std::string err = error_of([&] { merge(out, {shards[0], junk}); });
    EXPECT_NE(err.find(junk), std::string::npos) << err;
    EXPECT_NE(err.find("not a BitSky store"), std::string::npos) << err;
    EXPECT_FALSE(fs::exists(out));

    auto missing = (tmp / "missing.db").string();
    err = error_of([&] { merge(out, {missing}); });
    EXPECT_NE(err.find(missing), std::string::npos) << err;
    EXPECT_FALSE(fs::exists(out));

    err = error_of([&] { merge(shards[0], {shards[0], shards[1]}); });
    EXPECT_NE(err.find("cannot also be the output"), std::string::npos) << err;

    auto old = (tmp / "old.db").string();
    {
        OpenOptions v1;
        v1.target_version = 1;
        ResultsStore s(old, v1);
    }
    err = error_of([&] { merge(out, {old}); });
    EXPECT_NE(err.find(old), std::string::npos) << err;
    EXPECT_NE(err.find("older"), std::string::npos) << err;
}

TEST(StoreMerge, CarriesPredictionsModelsAndCostmaps) {
    TempDir tmp;
    auto shards = make_shards(tmp, 2);
    {
        ResultsStore s(shards[0]);
        auto id = s.find_image("/data/set0/img0.fits", 0)->id;
        s.upsert_prediction({id, 0, "gauss-noise", 6.5});
        s.upsert_costmap({0, id, 0, "iid", 6.8, 6.8 * 2048, "/maps/img0.fits"});
        s.upsert_model({0, "keck-idf", "neural", "/models/keck.pt", R"({"epochs": 3})", ""});
        s.set_noise(id, R"({"mad": 4})");
    }
    auto out = (tmp / "all.db").string();
    merge(out, shards);
    merge(out, shards);
    ResultsStore o(out);
    auto im = o.find_image("/data/set0/img0.fits", 0);
    ASSERT_TRUE(im);
    EXPECT_EQ(im->noise_json.value_or(""), R"({"mad": 4})");
    ASSERT_EQ(o.predictions(im->id).size(), 1u);
    EXPECT_DOUBLE_EQ(o.predictions(im->id)[0].bpp, 6.5);
    ASSERT_EQ(o.costmaps(im->id).size(), 1u);
    EXPECT_EQ(o.costmaps(im->id)[0].file, "/maps/img0.fits");
    ASSERT_EQ(o.models().size(), 1u);
    EXPECT_EQ(o.models()[0].name, "keck-idf");
}

TEST(StoreCli, ReportMissingDbExitsOneNamingIt) {
    TempDir tmp;
    auto db = (tmp / "nothing-here.db").string();
    auto r = run_cli("report --db " + shell_quote(db));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find(db), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(db));
    EXPECT_EQ(run_cli("report").exit_code, 2);
    EXPECT_EQ(run_cli("report --db x.db --format html").exit_code, 2);
    EXPECT_EQ(run_cli("report --db x.db --by galaxy").exit_code, 2);
}

TEST(StoreCli, ReportFormats) {
    TempDir tmp;
    auto db = (tmp / "s.db").string();
    {
        ResultsStore s(db);
        fill(s, [](int) { return true; }, "h");
    }
    auto r = run_cli("report --db " + shell_quote(db) + " --format json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto doc = nlohmann::json::parse(r.out);
    ASSERT_EQ(doc["rows"].size(), 2u * kSpecs.size());
    for (const auto& row : doc["rows"])
        for (const char* key : {"dataset", "image", "codec", "raw_bytes", "compressed_bytes", "ratio", "failures"})
            EXPECT_TRUE(row.contains(key)) << key;
    int failures = 0;
    for (const auto& row : doc["rows"]) failures += row["failures"].get<int>();
    EXPECT_EQ(failures, 1);

    r = run_cli("report --db " + shell_quote(db) + " --format json --by image");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["rows"].size(), 12u * kSpecs.size());
    EXPECT_EQ(doc["rows"][0]["image"], "/data/set0/img0.fits");

    r = run_cli("report --db " + shell_quote(db));  // markdown per dataset by default
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("| Dataset | Codec |"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Ratio (total bytes)"), std::string::npos);
    EXPECT_NE(r.out.find("Ratio (mean of images)"), std::string::npos);
    EXPECT_NE(r.out.find("| set0 | jpeg2000 |"), std::string::npos) << r.out;

    r = run_cli("report --db " + shell_quote(db) + " --format csv --by image");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1 + 12 * static_cast<long>(kSpecs.size()));

    r = run_cli("report --db " + shell_quote(db) + " --format latex");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\\begin{tabular}"), std::string::npos);
    EXPECT_NE(r.out.find("\\end{tabular}"), std::string::npos);
}

TEST(StoreCli, MergeCommand) {
    TempDir tmp;
    auto shards = make_shards(tmp, 3);
    auto out = (tmp / "all.db").string();
    auto r = run_cli("merge --out " + shell_quote(out) + " " + shell_quote(shards[0]) + " " +
                     shell_quote(shards[1]) + " " + shell_quote(shards[2]));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = run_cli("merge --out " + shell_quote(out) + " " + shell_quote(shards[2]));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find(" 0 new result"), std::string::npos) << r.err;
    {
        ResultsStore full((tmp / "full.db").string());
        fill(full, [](int) { return true; }, "single");
        ResultsStore merged(out);
        EXPECT_EQ(contents(merged), contents(full));
    }
    auto junk = (tmp / "junk.db").string();
    std::ofstream(junk) << "junk";
    r = run_cli("merge --out " + shell_quote(out) + " " + shell_quote(junk));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find(junk), std::string::npos) << r.err;
    EXPECT_EQ(run_cli("merge --out " + shell_quote(out)).exit_code, 2);
}
