// Results store: open/create, migrations, refusals, upserts, resume set, reports, crash safety.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <iostream>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/store/report.h"
#include "engine/store/store.h"
#include "engine/util/error.h"
#include "tests/engine/test_support.h"

using namespace bitsky::store;
using bitsky::test::error_of;
using bitsky::test::TempDir;
namespace fs = std::filesystem;

namespace {

ImageRecord image_rec(std::int64_t dataset, const std::string& path, int hdu, const std::string& hash,
                      std::int64_t frames = 1) {
    ImageRecord r;
    r.dataset_id = dataset;
    r.path = path;
    r.hdu = hdu;
    r.frame_count = frames;
    r.shape = "[100, 50]";
    r.content_hash = hash;
    r.size_bytes = 10000;
    return r;
}

ResultRow result(std::int64_t image, std::int64_t frame, std::int64_t codec, std::int64_t raw, std::int64_t comp,
                 double enc = 0.001) {
    ResultRow r;
    r.image_id = image;
    r.frame = frame;
    r.codec_id = codec;
    r.raw_bytes = raw;
    r.compressed_bytes = comp;
    r.encode_s = r.encode_median_s = enc;
    r.decode_s = r.decode_median_s = enc / 2;
    r.lossless_ok = true;
    return r;
}

ResultRow failure(std::int64_t image, std::int64_t frame, std::int64_t codec, const std::string& msg) {
    ResultRow r = result(image, frame, codec, 1000, 0, 0);
    r.lossless_ok = false;
    r.error = msg;
    return r;
}

}  // namespace

TEST(Store, CreatesAndReopens) {
    TempDir tmp;
    auto db = (tmp / "s.db").string();
    std::int64_t ds, im, codec;
    {
        ResultsStore s(db);
        EXPECT_EQ(s.user_version(), schema_version());
        EXPECT_EQ(s.database().query_int("PRAGMA application_id"), kApplicationId);
        EXPECT_EQ(s.database().query_text("PRAGMA journal_mode"), "wal");
        EXPECT_EQ(s.database().query_int("PRAGMA foreign_keys"), 1);
        EXPECT_EQ(s.database().query_int("PRAGMA synchronous"), 1);  // NORMAL
        EXPECT_TRUE(s.backup_path().empty());
        ds = s.upsert_dataset("sample", "/data/sample");
        im = s.upsert_image(image_rec(ds, "/data/sample/a.fits", 0, "h1")).id;
        codec = s.upsert_codec("rice", "cfitsio", "4.2.0");
        s.insert_results({result(im, 0, codec, 10000, 4000)});
        EXPECT_TRUE(s.integrity_ok());
    }
    ResultsStore s(db);
    EXPECT_TRUE(s.backup_path().empty());
    ASSERT_EQ(s.datasets().size(), 1u);
    EXPECT_EQ(s.datasets()[0].name, "sample");
    ASSERT_EQ(s.images().size(), 1u);
    EXPECT_EQ(s.images()[0].id, im);
    ASSERT_EQ(s.codecs().size(), 1u);
    EXPECT_EQ(s.codecs()[0].version, "4.2.0");
    ASSERT_EQ(s.results().size(), 1u);
    EXPECT_EQ(s.results()[0].compressed_bytes, 4000);
    // Same dataset root, same (spec, version): same ids.
    EXPECT_EQ(s.upsert_dataset("renamed", "/data/sample"), ds);
    EXPECT_EQ(s.datasets()[0].name, "renamed");
    EXPECT_EQ(s.upsert_codec("rice", "cfitsio", "4.2.0"), codec);
    EXPECT_NE(s.upsert_codec("rice", "cfitsio", "4.3.0"), codec);  // new library version, new codec row
}

TEST(Store, MissingFileWithoutCreateNamesThePath) {
    TempDir tmp;
    auto db = (tmp / "nope.db").string();
    OpenOptions o;
    o.create = false;
    std::string err = error_of([&] { ResultsStore s(db, o); });
    EXPECT_NE(err.find(db), std::string::npos) << err;
    EXPECT_FALSE(fs::exists(db));
}

TEST(Store, MigratesOlderStoreAfterBackup) {
    TempDir tmp;
    auto db = (tmp / "old.db").string();
    {
        OpenOptions v1;
        v1.target_version = 1;
        ResultsStore s(db, v1);
        ASSERT_EQ(s.user_version(), 1);
        // v1 has no noise column and no predictions/models/costmaps tables.
        EXPECT_THROW(s.database().exec("SELECT noise FROM images"), bitsky::Error);
        EXPECT_THROW(s.database().exec("SELECT * FROM predictions"), bitsky::Error);
        s.database().exec(
            "INSERT INTO datasets(id, name, root) VALUES(1, 'old', '/old');"
            "INSERT INTO images(id, dataset_id, path, hdu, frame_count, shape, bitpix, content_hash) "
            "  VALUES(1, 1, '/old/x.fits', 0, 1, '[10, 10]', 16, 'abc');"
            "INSERT INTO codecs(id, spec, library, version) VALUES(1, 'jpegls', 'charls', '2.4.1');"
            "INSERT INTO results(image_id, frame, codec_id, raw_bytes, compressed_bytes, lossless_ok) "
            "  VALUES(1, 0, 1, 200, 80, 1);");
    }
    ResultsStore s(db);
    EXPECT_EQ(s.user_version(), schema_version());
    ASSERT_EQ(s.backup_path(), db + ".bak-v1");
    ASSERT_TRUE(fs::exists(s.backup_path()));
    // Data kept; new tables and columns usable.
    ASSERT_EQ(s.results().size(), 1u);
    EXPECT_EQ(s.results()[0].compressed_bytes, 80);
    s.set_noise(1, R"({"mad": 3.5})");
    EXPECT_EQ(s.find_image("/old/x.fits", 0)->noise_json.value_or(""), R"({"mad": 3.5})");
    s.upsert_prediction({1, 0, "gauss-noise", 4.2});
    EXPECT_EQ(s.predictions(1).size(), 1u);
    EXPECT_TRUE(s.integrity_ok());
    // The backup is the untouched v1 store.
    Database b(s.backup_path(), Database::Mode::ReadOnly);
    EXPECT_EQ(b.query_int("PRAGMA user_version"), 1);
    EXPECT_EQ(b.query_int("PRAGMA application_id"), kApplicationId);
    EXPECT_EQ(b.query_int("SELECT compressed_bytes FROM results"), 80);
    EXPECT_THROW(b.exec("SELECT * FROM predictions"), bitsky::Error);
}

TEST(Store, SecondMigrationBackupDoesNotOverwrite) {
    TempDir tmp;
    auto db = (tmp / "old.db").string();
    OpenOptions v1;
    v1.target_version = 1;
    { ResultsStore s(db, v1); }
    std::ofstream(db + ".bak-v1") << "previous backup";
    ResultsStore s(db);
    EXPECT_EQ(s.backup_path(), db + ".bak-v1.1");
    EXPECT_TRUE(fs::exists(db + ".bak-v1.1"));
    std::ifstream in(db + ".bak-v1");
    std::string first;
    std::getline(in, first);
    EXPECT_EQ(first, "previous backup");
}

TEST(Store, RefusesNewerStore) {
    TempDir tmp;
    auto db = (tmp / "new.db").string();
    { ResultsStore s(db); }
    {
        Database raw(db, Database::Mode::ReadWrite);
        raw.exec("PRAGMA user_version=" + std::to_string(schema_version() + 7));
    }
    std::string err = error_of([&] { ResultsStore s(db); });
    EXPECT_NE(err.find(db), std::string::npos) << err;
    EXPECT_NE(err.find("made by a newer BitSky (schema " + std::to_string(schema_version() + 7) + " > " +
                       std::to_string(schema_version()) + ")"),
              std::string::npos)
        << err;
    EXPECT_FALSE(fs::exists(db + ".bak-v" + std::to_string(schema_version() + 7)));
}

TEST(Store, RefusesTextFile) {
    TempDir tmp;
    auto db = (tmp / "notes.txt").string();
    std::ofstream(db) << "These are my observing notes, not a database.\n";
    std::string err = error_of([&] { ResultsStore s(db); });
    EXPECT_NE(err.find(db), std::string::npos) << err;
    EXPECT_NE(err.find("not a BitSky store"), std::string::npos) << err;
    std::ifstream in(db);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "These are my observing notes, not a database.");  // untouched
}

TEST(Store, RefusesRandomBytes) {
    TempDir tmp;
    auto db = (tmp / "random.db").string();
    {
        std::mt19937 rng(42);
        std::ofstream out(db, std::ios::binary);
        for (int i = 0; i < 8192; ++i) out.put(static_cast<char>(rng() & 0xff));
    }
    std::string err = error_of([&] { ResultsStore s(db); });
    EXPECT_NE(err.find(db), std::string::npos) << err;
    EXPECT_NE(err.find("not a BitSky store"), std::string::npos) << err;
}

TEST(Store, RefusesCorruptSqliteBody) {
    // A valid SQLite header followed by garbage: SQLite itself reports it.
    TempDir tmp;
    auto db = (tmp / "corrupt.db").string();
    {
        std::ofstream out(db, std::ios::binary);
        out.write("SQLite format 3\0", 16);
        for (int i = 0; i < 4096; ++i) out.put(static_cast<char>(0xA5));
    }
    std::string err = error_of([&] { ResultsStore s(db); });
    EXPECT_NE(err.find(db), std::string::npos) << err;
    EXPECT_NE(err.find("not a BitSky store"), std::string::npos) << err;
}

TEST(Store, RefusesOtherSqliteDatabase) {
    TempDir tmp;
    auto db = (tmp / "other.db").string();
    {
        Database raw(db, Database::Mode::ReadWriteCreate);
        raw.exec("CREATE TABLE stars(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO stars(name) VALUES('Vega')");
    }
    std::string err = error_of([&] { ResultsStore s(db); });
    EXPECT_NE(err.find(db), std::string::npos) << err;
    EXPECT_NE(err.find("not a BitSky store"), std::string::npos) << err;
    Database raw(db, Database::Mode::ReadOnly);
    EXPECT_EQ(raw.query_int("SELECT count(*) FROM sqlite_master"), 1);  // untouched
}

TEST(Store, ReadOnlyOpenRefusesOlderStoreWithoutTouchingIt) {
    TempDir tmp;
    auto db = (tmp / "old.db").string();
    OpenOptions v1;
    v1.target_version = 1;
    { ResultsStore s(db, v1); }
    OpenOptions ro;
    ro.read_only = true;
    std::string err = error_of([&] { ResultsStore s(db, ro); });
    EXPECT_NE(err.find("older"), std::string::npos) << err;
    ResultsStore s(db, v1);
    EXPECT_EQ(s.user_version(), 1);
}

TEST(Store, UpsertImageAndHashChangeInvalidates) {
    TempDir tmp;
    ResultsStore s((tmp / "s.db").string());
    auto ds = s.upsert_dataset("d", "/d");
    auto c = s.upsert_codec("rice", "cfitsio", "4.2.0");
    auto a = s.upsert_image(image_rec(ds, "/d/a.fits", 1, "hash-a", 2));
    auto b = s.upsert_image(image_rec(ds, "/d/a.fits", 4, "hash-a4"));  // same file, other HDU
    EXPECT_TRUE(a.inserted);
    EXPECT_TRUE(b.inserted);
    EXPECT_NE(a.id, b.id);
    s.insert_results({result(a.id, 0, c, 100, 50), result(a.id, 1, c, 100, 40), result(b.id, 0, c, 100, 30)});
    s.upsert_prediction({a.id, 0, "gauss-noise", 5.0});
    s.upsert_costmap({0, a.id, 0, "iid", 5.5, 5500, "/tmp/a.cost.fits"});
    s.set_noise(a.id, R"({"noise1": 2})");

    // Unchanged hash: same id, nothing deleted, noise kept when not given.
    auto again = s.upsert_image(image_rec(ds, "/d/a.fits", 1, "hash-a", 2));
    EXPECT_EQ(again.id, a.id);
    EXPECT_FALSE(again.inserted);
    EXPECT_FALSE(again.hash_changed);
    EXPECT_EQ(s.result_count(), 3);
    EXPECT_TRUE(s.find_image("/d/a.fits", 1)->noise_json.has_value());

    // Changed hash: that image's results, predictions, cost maps and noise go; the other HDU stays.
    auto changed = s.upsert_image(image_rec(ds, "/d/a.fits", 1, "hash-a-v2", 3));
    EXPECT_EQ(changed.id, a.id);
    EXPECT_TRUE(changed.hash_changed);
    auto rows = s.results();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].image_id, b.id);
    EXPECT_TRUE(s.predictions(a.id).empty());
    EXPECT_TRUE(s.costmaps(a.id).empty());
    auto stored = s.find_image("/d/a.fits", 1);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->content_hash, "hash-a-v2");
    EXPECT_EQ(stored->frame_count, 3);
    EXPECT_FALSE(stored->noise_json.has_value());
    EXPECT_FALSE(s.find_image("/d/a.fits", 2).has_value());
}

TEST(Store, RemoveStaleImagesDropsVanishedHdusOfAChangedFile) {
    TempDir tmp;
    ResultsStore s((tmp / "s.db").string());
    auto ds = s.upsert_dataset("d", "/d");
    auto c = s.upsert_codec("rice", "cfitsio", "4.2.0");
    auto h1 = s.upsert_image(image_rec(ds, "/d/a.fits", 1, "v1"));
    auto h4 = s.upsert_image(image_rec(ds, "/d/a.fits", 4, "v1"));
    auto other = s.upsert_image(image_rec(ds, "/d/b.fits", 4, "w1"));
    s.insert_results({result(h1.id, 0, c, 100, 50), result(h4.id, 0, c, 100, 40), result(other.id, 0, c, 100, 30)});
    // The file changed and now has only HDU 1: HDU 4's row and its results go, b.fits stays.
    s.upsert_image(image_rec(ds, "/d/a.fits", 1, "v2"));
    s.remove_stale_images({{"/d/a.fits", "v2"}, {"/d/b.fits", "w1"}});
    EXPECT_TRUE(s.find_image("/d/a.fits", 1).has_value());
    EXPECT_FALSE(s.find_image("/d/a.fits", 4).has_value());
    EXPECT_TRUE(s.find_image("/d/b.fits", 4).has_value());
    auto rows = s.results();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].image_id, other.id);
    EXPECT_TRUE(s.integrity_ok());
}

TEST(Store, ResumeSetAndRetryPolicy) {
    TempDir tmp;
    ResultsStore s((tmp / "s.db").string());
    auto ds = s.upsert_dataset("d", "/d");
    auto c1 = s.upsert_codec("rice", "cfitsio", "4.2.0");
    auto c2 = s.upsert_codec("jpegls", "charls", "2.4.1");
    auto i1 = s.upsert_image(image_rec(ds, "/d/1.fits", 0, "h1", 2)).id;
    auto i2 = s.upsert_image(image_rec(ds, "/d/2.fits", 0, "h2")).id;
    RunInfo run;
    run.host = "node1";
    run.threads = 2;
    run.jobs = 2;
    run.command_line = "bitsky-cli bench --db s.db /d";
    auto run_id = s.begin_run(run);
    auto r1 = result(i1, 0, c1, 100, 50);
    r1.run_id = run_id;
    s.insert_results({r1, result(i1, 1, c1, 100, 50), failure(i2, 0, c1, "codec error: boom"),
                      result(i1, 0, c2, 100, 45)});
    s.end_run(run_id, "done");
    auto runs = s.runs();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].status, "done");
    EXPECT_FALSE(runs[0].started_at.empty());
    EXPECT_FALSE(runs[0].ended_at.empty());
    EXPECT_EQ(runs[0].uuid.size(), 36u);

    auto all = s.completed_items({}, {});
    EXPECT_EQ(all.size(), 4u);
    EXPECT_TRUE(all.count({i2, 0, c1}));  // failures count as done by default
    auto only_ok = s.completed_items({c1, c2}, {i1, i2}, false);
    EXPECT_EQ(only_ok.size(), 3u);
    EXPECT_FALSE(only_ok.count({i2, 0, c1}));
    auto c2_only = s.completed_items({c2}, {});
    ASSERT_EQ(c2_only.size(), 1u);
    EXPECT_EQ(*c2_only.begin(), (WorkKey{i1, 0, c2}));
    EXPECT_TRUE(s.completed_items({c1}, {i2}, true).count({i2, 0, c1}));

    // Retrying the failed item replaces its row.
    s.insert_results({result(i2, 0, c1, 100, 25)});
    EXPECT_EQ(s.result_count(), 4);
    EXPECT_EQ(s.completed_items({}, {}, false).size(), 4u);
}

TEST(Store, ReportAggregatesOnKnownNumbers) {
    TempDir tmp;
    ResultsStore s((tmp / "s.db").string());
    auto dA = s.upsert_dataset("A", "/A");
    auto dB = s.upsert_dataset("B", "/B");
    auto c1 = s.upsert_codec("c1", "lib", "1");
    auto c2 = s.upsert_codec("c2", "lib", "1");
    auto a1 = s.upsert_image(image_rec(dA, "/A/a1.fits", 0, "1")).id;
    auto a2 = s.upsert_image(image_rec(dA, "/A/a2.fits", 0, "2", 2)).id;
    auto a3 = s.upsert_image(image_rec(dA, "/A/a3.fits", 0, "3")).id;
    auto b1 = s.upsert_image(image_rec(dB, "/B/b1.fits", 0, "4")).id;
    s.insert_results({
        result(a1, 0, c1, 1000, 500),                                      // image ratio 2
        result(a2, 0, c1, 1000, 100), result(a2, 1, c1, 1000, 150),        // image ratio 2000/250 = 8
        failure(a3, 0, c1, "lossless mismatch"),                           // excluded, counted
        result(a1, 0, c2, 1000, 400),                                      // 2.5
        result(b1, 0, c1, 2000, 1000, 0.004),                              // 2
    });
    auto rows = s.report(ReportBy::Dataset);
    ASSERT_EQ(rows.size(), 3u);
    const ReportRow& A1 = rows[0];
    EXPECT_EQ(A1.dataset, "A");
    EXPECT_EQ(A1.codec, "c1");
    EXPECT_EQ(A1.images, 3);
    EXPECT_EQ(A1.frames, 4);
    EXPECT_EQ(A1.raw_bytes, 3000);
    EXPECT_EQ(A1.compressed_bytes, 750);
    EXPECT_EQ(A1.failures, 1);
    ASSERT_TRUE(A1.ratio && A1.mean_image_ratio && A1.bpp && A1.encode_mb_s);
    EXPECT_DOUBLE_EQ(*A1.ratio, 4.0);             // 3000 / 750
    EXPECT_DOUBLE_EQ(*A1.mean_image_ratio, 5.0);  // (2 + 8) / 2
    EXPECT_DOUBLE_EQ(*A1.bpp, 4.0);               // 16 / 4
    EXPECT_NEAR(*A1.encode_mb_s, 1.0, 1e-9);      // 3000 B / 0.003 s
    EXPECT_EQ(rows[1].dataset, "A");
    EXPECT_EQ(rows[1].codec, "c2");
    EXPECT_DOUBLE_EQ(*rows[1].ratio, 2.5);
    EXPECT_DOUBLE_EQ(*rows[1].mean_image_ratio, 2.5);
    EXPECT_EQ(rows[1].failures, 0);
    EXPECT_EQ(rows[2].dataset, "B");
    EXPECT_DOUBLE_EQ(*rows[2].ratio, 2.0);
    EXPECT_NEAR(*rows[2].encode_mb_s, 0.5, 1e-9);

    auto per_image = s.report(ReportBy::Image);
    ASSERT_EQ(per_image.size(), 5u);
    EXPECT_EQ(per_image[0].image, "/A/a1.fits");
    EXPECT_EQ(per_image[0].codec, "c1");
    EXPECT_DOUBLE_EQ(*per_image[0].ratio, 2.0);
    EXPECT_EQ(per_image[2].image, "/A/a2.fits");
    EXPECT_EQ(per_image[2].frames, 2);
    EXPECT_EQ(per_image[2].raw_bytes, 2000);
    EXPECT_EQ(per_image[2].compressed_bytes, 250);
    EXPECT_DOUBLE_EQ(*per_image[2].ratio, 8.0);
    EXPECT_EQ(per_image[3].image, "/A/a3.fits");
    EXPECT_EQ(per_image[3].failures, 1);
    EXPECT_FALSE(per_image[3].ratio.has_value());
    EXPECT_FALSE(per_image[3].bpp.has_value());

    // Exports carry the same numbers.
    auto doc = nlohmann::json::parse(format_report(rows, ReportBy::Dataset, ReportFormat::Json));
    ASSERT_EQ(doc["rows"].size(), 3u);
    const auto& j = doc["rows"][0];
    for (const char* key : {"dataset", "image", "codec", "raw_bytes", "compressed_bytes", "ratio", "failures"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j["dataset"], "A");
    EXPECT_TRUE(j["image"].is_null());
    EXPECT_EQ(j["raw_bytes"], 3000);
    EXPECT_EQ(j["compressed_bytes"], 750);
    EXPECT_DOUBLE_EQ(j["ratio"].get<double>(), 4.0);
    EXPECT_DOUBLE_EQ(j["mean_image_ratio"].get<double>(), 5.0);
    EXPECT_EQ(j["failures"], 1);
    auto img_doc = nlohmann::json::parse(format_report(per_image, ReportBy::Image, ReportFormat::Json));
    EXPECT_EQ(img_doc["rows"][3]["image"], "/A/a3.fits");
    EXPECT_TRUE(img_doc["rows"][3]["ratio"].is_null());

    std::string csv = format_report(rows, ReportBy::Dataset, ReportFormat::Csv);
    EXPECT_EQ(csv.substr(0, csv.find('\n')),
              "dataset,image,hdu,codec,codec_version,images,frames,raw_bytes,compressed_bytes,ratio,"
              "mean_image_ratio,bpp,encode_mb_s,decode_mb_s,failures");
    EXPECT_NE(csv.find("\nA,,,c1,1,3,4,3000,750,4,5,4,"), std::string::npos) << csv;

    std::string md = format_report(rows, ReportBy::Dataset, ReportFormat::Markdown);
    EXPECT_NE(md.find("| Ratio (total bytes) | Ratio (mean of images) |"), std::string::npos) << md;
    EXPECT_NE(md.find("| A | c1 | 3 | 4 | 3000 | 750 | 4.000 | 5.000 | 4.000 |"), std::string::npos) << md;

    std::string tex = format_report(per_image, ReportBy::Image, ReportFormat::Latex);
    EXPECT_NE(tex.find("\\begin{tabular}{llrlrrrrrrrr}"), std::string::npos) << tex;
    EXPECT_NE(tex.find("\\toprule"), std::string::npos);
    EXPECT_NE(tex.find("A & /A/a3.fits & 0 & c1 & 1 & 0 & 0 & -- & -- & -- & -- & 1 \\\\"), std::string::npos) << tex;
}

TEST(Store, LatexAndMarkdownEscape) {
    ReportRow r;
    r.dataset = "my_set & 50%";
    r.codec = "a|b";
    std::string tex = format_report({r}, ReportBy::Dataset, ReportFormat::Latex);
    EXPECT_NE(tex.find("my\\_set \\& 50\\%"), std::string::npos) << tex;
    std::string md = format_report({r}, ReportBy::Dataset, ReportFormat::Markdown);
    EXPECT_NE(md.find("a\\|b"), std::string::npos) << md;
    std::string csv = format_report({r}, ReportBy::Dataset, ReportFormat::Csv);
    EXPECT_NE(csv.find("\nmy_set & 50%,"), std::string::npos) << csv;
}

// A writer that dies inside a transaction: committed rows stay, the open transaction vanishes,
// and the store passes integrity_check.
TEST(Store, AbandonedTransactionLeavesIntactStore) {
    TempDir tmp;
    auto db = (tmp / "crash.db").string();
    std::int64_t img, codec;
    {
        ResultsStore s(db);
        auto ds = s.upsert_dataset("d", "/d");
        img = s.upsert_image(image_rec(ds, "/d/x.fits", 0, "h", 1000)).id;
        codec = s.upsert_codec("rice", "cfitsio", "4.2.0");
    }
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        try {
            ResultsStore s(db);
            std::vector<ResultRow> batch;
            for (int f = 0; f < 100; ++f) batch.push_back(result(img, f, codec, 1000, 400));
            s.insert_results(batch);  // committed
            Transaction tx(s.database());
            Statement st(s.database(),
                         "INSERT INTO results(image_id, frame, codec_id, raw_bytes, compressed_bytes, lossless_ok) "
                         "VALUES(?, ?, ?, 1000, 1, 1)");
            for (int f = 100; f < 600; ++f) {
                st.reset();
                st.bind_all(img, f, codec);
                st.run();
            }
            s.database().exec("UPDATE results SET compressed_bytes = 1 WHERE frame < 100");
            _exit(0);  // dies mid-transaction: no commit, no rollback, no close
        } catch (...) {
            _exit(3);
        }
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 0);
    ResultsStore s(db);
    EXPECT_TRUE(s.integrity_ok());
    EXPECT_EQ(s.result_count(), 100);
    EXPECT_EQ(s.database().query_int("SELECT count(*) FROM results WHERE compressed_bytes = 400"), 100);
    s.insert_results({result(img, 100, codec, 1000, 400)});  // still writable
    EXPECT_EQ(s.result_count(), 101);
}

// kill -9 a writer committing batches at an arbitrary moment: whole batches only, integrity ok.
TEST(Store, KilledWriterLosesAtMostItsOpenTransaction) {
    TempDir tmp;
    auto db = (tmp / "kill.db").string();
    std::int64_t img, codec;
    {
        ResultsStore s(db);
        auto ds = s.upsert_dataset("d", "/d");
        img = s.upsert_image(image_rec(ds, "/d/x.fits", 0, "h", 1)).id;
        codec = s.upsert_codec("rice", "cfitsio", "4.2.0");
    }
    constexpr int kBatch = 50;
    for (int round = 0; round < 3; ++round) {
        std::int64_t before;
        {
            ResultsStore s(db);
            before = s.result_count();
        }
        pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            try {
                ResultsStore s(db);
                for (std::int64_t f = before;; f += kBatch) {
                    std::vector<ResultRow> batch;
                    for (int k = 0; k < kBatch; ++k) batch.push_back(result(img, f + k, codec, 1000, 300));
                    s.insert_results(batch);
                }
            } catch (...) {
                _exit(3);
            }
        }
        // Let it commit some batches, then kill it at a time that varies per round.
        {
            ResultsStore s(db);
            auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            while (s.result_count() < before + 3 * kBatch && std::chrono::steady_clock::now() < deadline)
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(7 * round + 1));
        ASSERT_EQ(kill(pid, SIGKILL), 0);
        int status = 0;
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        ASSERT_TRUE(WIFSIGNALED(status)) << "writer exited early with " << WEXITSTATUS(status);
        ResultsStore s(db);
        EXPECT_TRUE(s.integrity_ok());
        auto n = s.result_count();
        EXPECT_GE(n, before + 3 * kBatch);
        EXPECT_EQ(n % kBatch, 0) << "a partial batch was committed";
        // Frames are contiguous 0..n-1: nothing committed was lost.
        EXPECT_EQ(s.database().query_int("SELECT max(frame) FROM results"), n - 1);
    }
}

TEST(Store, HundredThousandResultsWriteAndReportFast) {
    TempDir tmp;
    ResultsStore s((tmp / "big.db").string());
    std::vector<std::int64_t> codecs;
    for (int c = 0; c < 10; ++c) codecs.push_back(s.upsert_codec("codec" + std::to_string(c), "lib", "1"));
    std::vector<ImageRecord> recs;
    for (int d = 0; d < 5; ++d) {
        auto ds = s.upsert_dataset("set" + std::to_string(d), "/set" + std::to_string(d));
        for (int i = 0; i < 400; ++i)
            recs.push_back(image_rec(ds, "/set" + std::to_string(d) + "/" + std::to_string(i) + ".fits", 0,
                                     std::to_string(i), 5));
    }
    auto t0 = std::chrono::steady_clock::now();
    auto ups = s.upsert_images(recs);  // 2000 images
    double plan_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::vector<ResultRow> rows;
    rows.reserve(100000);
    for (const auto& u : ups)
        for (auto c : codecs)
            for (int f = 0; f < 5; ++f) rows.push_back(result(u.id, f, c, 2 * 100 * 50, 2000 + (u.id * 7 + f) % 1000));
    ASSERT_EQ(rows.size(), 100000u);
    t0 = std::chrono::steady_clock::now();
    // As the runner would: batches of 500 in their own transactions.
    for (std::size_t i = 0; i < rows.size(); i += 500)
        s.insert_results(std::vector<ResultRow>(rows.begin() + static_cast<long>(i),
                                                rows.begin() + static_cast<long>(i + 500)));
    double write_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    // Reports: CPU time of this process (the machine is shared; wall time is printed too).
    t0 = std::chrono::steady_clock::now();
    std::clock_t c0 = std::clock();
    auto by_dataset = s.report(ReportBy::Dataset);
    double report_s = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    double report_wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    c0 = std::clock();
    auto by_image = s.report(ReportBy::Image);
    double report_img_s = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    t0 = std::chrono::steady_clock::now();
    auto done = s.completed_items(codecs, {});
    double resume_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "plan 2000 images " << plan_s << " s, write 100000 results " << write_s << " s, report "
              << report_s << " s CPU, " << report_wall_s << " s wall (by image " << report_img_s << " s), resume set " << resume_s << " s\n";
    EXPECT_EQ(by_dataset.size(), 50u);
    EXPECT_EQ(by_image.size(), 20000u);
    EXPECT_EQ(done.size(), 100000u);
    EXPECT_LT(write_s, 10.0);
    EXPECT_LT(report_s, 1.0);
    EXPECT_LT(report_img_s, 1.0);
}
