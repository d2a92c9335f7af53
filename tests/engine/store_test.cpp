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
#include "tests/engine/store_support.h"
#include "tests/engine/test_support.h"

using namespace bitsky::store;
using namespace bitsky::test::store;
using bitsky::test::error_of;
using bitsky::test::TempDir;
namespace fs = std::filesystem;

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
