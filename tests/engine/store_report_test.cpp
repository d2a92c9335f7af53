// Results store, continued: reports on known numbers, escaping, crash safety, a large store.
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

#include "engine/store/noise_fit.h"
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

// A dataset holding 16-bit and float32 images gets one row per pixel type and codec: the
// ratio of float bytes is never summed with the ratio of 16-bit bytes.
TEST(Store, DatasetRowsAreGroupedByPixelType) {
    TempDir tmp;
    ResultsStore s((tmp / "s.db").string());
    auto d = s.upsert_dataset("mixed", "/m");
    auto c = s.upsert_codec("zstd", "libzstd", "1");
    auto i16 = s.upsert_image(image_rec(d, "/m/a.fits", 0, "1")).id;
    ImageRecord f = image_rec(d, "/m/b.fits", 0, "2");
    f.bitpix = -32;
    auto f32 = s.upsert_image(f).id;
    ImageRecord f2 = image_rec(d, "/m/c.fits", 0, "3");
    f2.bitpix = -32;
    auto f32b = s.upsert_image(f2).id;
    s.insert_results({result(i16, 0, c, 10000, 2500), result(f32, 0, c, 20000, 10000), result(f32b, 0, c, 20000, 5000)});
    const auto rows = s.report(ReportBy::Dataset);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].bitpix, 16);
    EXPECT_EQ(rows[0].images, 1);
    EXPECT_DOUBLE_EQ(*rows[0].ratio, 4.0);
    EXPECT_DOUBLE_EQ(*rows[0].bpp, 4.0);
    EXPECT_EQ(rows[1].bitpix, -32);
    EXPECT_EQ(rows[1].images, 2);
    EXPECT_DOUBLE_EQ(*rows[1].ratio, 40000.0 / 15000.0);
    EXPECT_DOUBLE_EQ(*rows[1].mean_image_ratio, 3.0);  // (2 + 4) / 2
    EXPECT_DOUBLE_EQ(*rows[1].bpp, 32.0 * 15000.0 / 40000.0);
    const auto by_image = s.report(ReportBy::Image);
    ASSERT_EQ(by_image.size(), 3u);
    EXPECT_EQ(by_image[0].bitpix, 16);
    EXPECT_EQ(by_image[1].bitpix, -32);
    const std::string md = format_report(rows, ReportBy::Dataset, ReportFormat::Markdown);
    EXPECT_NE(md.find("| Type |"), std::string::npos) << md;
    EXPECT_NE(md.find("32-bit float"), std::string::npos) << md;
    EXPECT_NE(md.find("16-bit integer"), std::string::npos) << md;
    auto doc = nlohmann::json::parse(format_report(rows, ReportBy::Dataset, ReportFormat::Json));
    EXPECT_EQ(doc["rows"][1]["bitpix"], -32);
    // One type: no Type column (the tables stay as they were).
    const std::vector<ReportRow> one(rows.begin(), rows.begin() + 1);
    EXPECT_EQ(format_report(one, ReportBy::Dataset, ReportFormat::Markdown).find("| Type |"), std::string::npos);
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
              "mean_image_ratio,bpp,encode_mb_s,decode_mb_s,failures,skipped,coding,bitpix");
    EXPECT_NE(csv.find("\nA,,,c1,1,3,4,3000,750,4,5,4,"), std::string::npos) << csv;

    std::string md = format_report(rows, ReportBy::Dataset, ReportFormat::Markdown);
    EXPECT_NE(md.find("| Ratio (total bytes) | Ratio (mean of images) |"), std::string::npos) << md;
    EXPECT_NE(md.find("| A | c1 | 3 | 4 | 3000 | 750 | 4.000 | 5.000 | 4.000 |"), std::string::npos) << md;

    std::string tex = format_report(per_image, ReportBy::Image, ReportFormat::Latex);
    EXPECT_NE(tex.find("\\begin{tabular}{llrlrrrrrrrrr}"), std::string::npos) << tex;
    EXPECT_NE(tex.find("\\toprule"), std::string::npos);
    EXPECT_NE(tex.find("A & /A/a3.fits & 0 & c1 & 1 & 0 & 0 & -- & -- & -- & -- & 1 & 0 \\\\"), std::string::npos) << tex;
}

TEST(Store, DeclaredCodingIsKeptAndReportedPerImage) {
    TempDir tmp;
    ResultsStore s((tmp / "s.db").string());
    auto d = s.upsert_dataset("A", "/A");
    auto c = s.upsert_codec("jpegls", "CharLS", "2.4");
    auto cube = s.upsert_image(image_rec(d, "/A/cube.fits", 0, "1", 3)).id;
    auto flat = s.upsert_image(image_rec(d, "/A/flat.fits", 0, "2")).id;
    std::vector<ResultRow> rows = {result(cube, 0, c, 4000, 900), result(cube, 1, c, 4000, 950),
                                   result(cube, 2, c, 4000, 990), result(flat, 0, c, 4000, 1000)};
    rows[0].coding = "int32 minus the frame minimum -12 -> 14-bit samples";
    rows[1].coding = "int32 minus the frame minimum -12 -> 14-bit samples";
    rows[2].coding = "int32 minus the frame minimum -3 -> 14-bit samples";
    s.insert_results(rows);

    auto back = s.results();
    ASSERT_EQ(back.size(), 4u);
    EXPECT_EQ(back[0].coding, rows[0].coding);
    EXPECT_EQ(back[2].coding, rows[2].coding);
    EXPECT_EQ(back[3].coding, "");

    auto per_image = s.report(ReportBy::Image);
    ASSERT_EQ(per_image.size(), 2u);
    EXPECT_EQ(per_image[0].coding, "int32 minus the frame minimum -12 -> 14-bit samples (and 1 other frame coding)");
    EXPECT_EQ(per_image[1].coding, "");
    auto doc = nlohmann::json::parse(format_report(per_image, ReportBy::Image, ReportFormat::Json));
    EXPECT_EQ(doc["rows"][0]["coding"], per_image[0].coding);
    std::string md = format_report(per_image, ReportBy::Image, ReportFormat::Markdown);
    EXPECT_NE(md.find("| Coding |"), std::string::npos) << md;
    EXPECT_NE(md.find("-12 -> 14-bit samples (and 1 other frame coding) |"), std::string::npos) << md;
    std::string csv = format_report(per_image, ReportBy::Image, ReportFormat::Csv);
    EXPECT_NE(csv.find(",0,0,int32 minus the frame minimum -12"), std::string::npos) << csv;
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

TEST(Store, ReadOnlyStoreInAReadOnlyFolderCanBeReported) {
    // A store on read-only media or in someone else's folder: no -shm index can be made
    // beside it. Run the CLI as an unprivileged user (root ignores permissions).
    TempDir tmp;
    fs::permissions(tmp.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                    fs::perms::others_read | fs::perms::others_exec);
    const auto dir = tmp / "ro";
    fs::create_directories(dir);
    const auto db = dir / "s.db";
    {
        ResultsStore s(db.string());
        auto ds = s.upsert_dataset("sky", "/sky");
        auto c = s.upsert_codec("rice", "cfitsio", "4.2.0");
        auto im = s.upsert_image(image_rec(ds, "/sky/a.fits", 0, "h"));
        s.insert_results({result(im.id, 0, c, 2000, 1000)});
    }
    ASSERT_FALSE(fs::exists(dir / "s.db-wal"));
    auto as_reader = [&](const std::string& args) {
        const std::string cli = bitsky::test::shell_quote(BITSKY_CLI) + " " + args;
        return bitsky::test::run_shell(geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " + cli : cli);
    };
    fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                             fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
    auto r = as_reader("report --format csv --db " + bitsky::test::shell_quote(db.string()));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("sky,"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("rice"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(dir / "s.db-shm"));

    // Uncommitted changes in a -wal file cannot be read without its index: said clearly.
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add);
    { std::ofstream(dir / "s.db-wal") << std::string(4096, 'x'); }
    fs::permissions(dir, fs::perms::owner_write, fs::perm_options::remove);
    auto w = as_reader("report --db " + bitsky::test::shell_quote(db.string()));
    EXPECT_EQ(w.exit_code, 1);
    EXPECT_NE(w.err.find("uncommitted changes"), std::string::npos) << w.err;
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add);  // so the TempDir can go
}

// bpp vs log2(sigma): the line through known points, the residuals, correlated images
// listed but not fitted, images without a noise estimate left out.
TEST(Store, NoiseFitOnKnownNumbers) {
    TempDir tmp;
    ResultsStore s((tmp / "s.db").string());
    auto d = s.upsert_dataset("A", "/A");
    auto c = s.upsert_codec("c1", "lib", "1");
    // sigma 1, 2, 4, 8 (log2 0..3) with bpp on the line bpp = 2 + log2 sigma,
    // except the last (+0.4) and a correlated one far off the line.
    struct In {
        const char* path;
        double sigma, bpp;
        bool correlated;
    };
    const std::vector<In> in = {{"/A/a.fits", 1, 2.0, false},
                                {"/A/b.fits", 2, 3.0, false},
                                {"/A/c.fits", 4, 4.0, false},
                                {"/A/d.fits", 8, 5.4, false},
                                {"/A/e.fits", 64, 1.0, true}};
    std::vector<ResultRow> rows;
    for (std::size_t i = 0; i < in.size(); ++i) {
        auto id = s.upsert_image(image_rec(d, in[i].path, 0, std::to_string(i))).id;
        s.set_noise(id, nlohmann::json({{"frame", 0}, {"sigma", in[i].sigma}, {"correlated", in[i].correlated}}).dump());
        // 10000 pixels (raw 20000 bytes); bpp = 8 * bytes / 10000.
        rows.push_back(result(id, 0, c, 20000, static_cast<std::int64_t>(std::llround(in[i].bpp * 10000 / 8))));
    }
    auto noiseless = s.upsert_image(image_rec(d, "/A/f.fits", 0, "9")).id;
    rows.push_back(result(noiseless, 0, c, 20000, 5000));
    s.insert_results(rows);

    const NoiseFits f = noise_fits(s);
    ASSERT_EQ(f.points.size(), 5u);  // f.fits has no noise estimate
    ASSERT_EQ(f.fits.size(), 1u);
    const auto& line = f.fits[0].line;
    // numpy.polyfit([0,1,2,3], [2,3,4,5.4], 1) = [1.12, 1.92]; residuals .08 -.04 -.16 .12
    EXPECT_NEAR(line.slope, 1.12, 1e-9);
    EXPECT_NEAR(line.intercept, 1.92, 1e-9);
    EXPECT_NEAR(line.rms_residual, std::sqrt((0.0064 + 0.0016 + 0.0256 + 0.0144) / 4), 1e-9);
    EXPECT_EQ(line.n, 4u);
    EXPECT_EQ(f.fits[0].excluded, 1u);
    ASSERT_TRUE(f.points[3].residual());
    EXPECT_NEAR(*f.points[3].residual(), 0.12, 1e-9);
    EXPECT_TRUE(f.points[4].correlated);
    EXPECT_NEAR(*f.points[4].fitted, 1.92 + 1.12 * 6, 1e-9);  // shown against the line, not in it

    auto j = nlohmann::json::parse(format_table(noise_fit_table(f, ReportBy::Dataset), ReportFormat::Json));
    ASSERT_EQ(j["rows"].size(), 1u);
    EXPECT_NEAR(j["rows"][0][3].get<double>(), 1.12, 1e-4);
    auto img = nlohmann::json::parse(format_table(noise_fit_table(f, ReportBy::Image), ReportFormat::Json));
    ASSERT_EQ(img["rows"].size(), 5u);
    EXPECT_EQ(img["rows"][4][9], "yes");
}
