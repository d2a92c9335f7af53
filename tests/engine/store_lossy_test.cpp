// Lossy results in the results store (schema v5, issue #22): results.lossy and their
// fidelity kept exactly, migrated from v4, merged, never counted as failures, never in the
// lossless report (their own rows, with the fidelity, in lossy_report and a section of the
// CLI report), and the bench measuring them for real.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "engine/store/report.h"
#include "engine/util/error.h"
#include "engine/store/store.h"
#include "tests/engine/store_support.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::store;
using namespace bitsky::test;
using namespace bitsky::test::store;
namespace fs = std::filesystem;

namespace {

Fidelity fidelity(double rms, std::optional<double> phot) {
    Fidelity f;
    f.sigma_in = 10;
    f.sigma_out = 10.03;
    f.rms_error = rms * 10;
    f.rms_over_sigma = rms;
    f.max_abs_error = 1.25 + rms;
    f.bias = -0.001;
    f.noise_increase = 0.003;
    f.noise_increase_exact = 0.0026;
    f.background_shift = 0.01;
    f.pixels = 5000;
    f.nonfinite_changed = 2;
    f.source_origin = "detected";
    f.sources = phot ? 7 : 0;
    f.aperture_radius = 3;
    f.phot_error_rms = phot;
    if (phot) {
        f.phot_error_max = 2 * *phot;
        f.phot_bias = 0.01;
        f.centroid_shift_rms = 0.02;
        f.centroid_shift_max = 0.05;
    }
    return f;
}

ResultRow lossy(std::int64_t image, std::int64_t frame, std::int64_t codec, std::int64_t comp, const Fidelity& f) {
    ResultRow r = result(image, frame, codec, 20000, comp);
    r.lossless_ok = false;
    r.lossy = true;
    r.fidelity = f;
    return r;
}

// A store with one float image (2 frames), a lossless codec and a lossy one, and an integer
// image the lossy codec skipped.
struct Filled {
    std::int64_t img = 0, ints = 0, gzip2 = 0, q4 = 0;
};
Filled fill(ResultsStore& s) {
    Filled f;
    const auto d = s.upsert_dataset("set", "/set");
    auto rec = image_rec(d, "/set/float.fits", 0, "h1", 2);
    rec.bitpix = -32;
    f.img = s.upsert_image(rec).id;
    f.ints = s.upsert_image(image_rec(d, "/set/int.fits", 0, "h2")).id;
    f.gzip2 = s.upsert_codec("gzip2", "CFITSIO", "4.2.0");
    f.q4 = s.upsert_codec("rice:q4", "CFITSIO", "4.2.0", true);
    s.insert_results({result(f.img, 0, f.gzip2, 20000, 12000), result(f.img, 1, f.gzip2, 20000, 12500),
                      lossy(f.img, 0, f.q4, 3000, fidelity(0.07, 0.1)), lossy(f.img, 1, f.q4, 3200, fidelity(0.09, 0.2)),
                      result(f.ints, 0, f.gzip2, 10000, 6000)});
    s.record_skips({{std::nullopt, f.ints, f.q4, "fpack does not quantize integer images"}});
    return f;
}

}  // namespace

TEST(StoreLossy, FidelityRoundTripsExactlyAndGoesWithItsResult) {
    TempDir tmp;
    ResultsStore s((tmp / "s.db").string());
    const Filled f = fill(s);
    const auto rows = s.results();
    ASSERT_EQ(rows.size(), 5u);
    int lossy_rows = 0;
    for (const auto& r : rows) {
        if (r.codec_id != f.q4) {
            EXPECT_FALSE(r.lossy);
            EXPECT_FALSE(r.fidelity);
            continue;
        }
        ++lossy_rows;
        EXPECT_TRUE(r.lossy);
        EXPECT_FALSE(r.lossless_ok);
        EXPECT_FALSE(r.failed());
        ASSERT_TRUE(r.fidelity);
        const Fidelity want = fidelity(r.frame == 0 ? 0.07 : 0.09, r.frame == 0 ? 0.1 : 0.2);
        EXPECT_EQ(r.fidelity->rms_over_sigma, want.rms_over_sigma);
        EXPECT_EQ(r.fidelity->max_abs_error, want.max_abs_error);
        EXPECT_EQ(r.fidelity->noise_increase_exact, want.noise_increase_exact);
        EXPECT_EQ(r.fidelity->nonfinite_changed, 2);
        EXPECT_EQ(r.fidelity->source_origin, "detected");
        EXPECT_EQ(r.fidelity->phot_error_max, want.phot_error_max);
        EXPECT_EQ(r.fidelity->centroid_shift_max, want.centroid_shift_max);
    }
    EXPECT_EQ(lossy_rows, 2);
    // Verified lossy results are done, not failures.
    EXPECT_EQ(s.completed_items({f.q4}, {}, false).size(), 2u);
    for (const auto& fr : s.failures()) EXPECT_EQ(fr.status, "skipped") << fr.codec << " " << fr.error;
    // A result replaced by a failure loses its fidelity; a changed file loses both.
    s.insert_results({failure(f.img, 1, f.q4, "codec rice:q4: broke")});
    EXPECT_EQ(s.database().query_int("SELECT COUNT(*) FROM fidelity"), 1);
    EXPECT_EQ(s.failures().front().codec, "rice:q4");
    auto rec = image_rec(s.datasets()[0].id, "/set/float.fits", 0, "changed", 2);
    rec.bitpix = -32;
    EXPECT_TRUE(s.upsert_image(rec).hash_changed);
    EXPECT_EQ(s.database().query_int("SELECT COUNT(*) FROM fidelity"), 0);
    EXPECT_TRUE(s.integrity_ok());
    const auto codecs = s.codecs();
    EXPECT_FALSE(codecs[0].lossy);
    EXPECT_TRUE(codecs[1].lossy);
}

TEST(StoreLossy, LosslessReportNeverHoldsLossyRows) {
    TempDir tmp;
    ResultsStore s((tmp / "s.db").string());
    fill(s);
    for (ReportBy by : {ReportBy::Image, ReportBy::Dataset}) {
        for (const auto& r : s.report(by)) {
            EXPECT_EQ(r.codec, "gzip2");
            EXPECT_FALSE(r.lossy);
            EXPECT_EQ(r.skipped, 0);  // the lossy codec's skip is not a lossless row
        }
        const auto lossy = s.lossy_report(by);
        for (const auto& r : lossy) {
            EXPECT_EQ(r.codec, "rice:q4");
            EXPECT_TRUE(r.lossy);
        }
    }
    // One row per pixel type: the integer image's skip apart from the float results.
    const auto by_dataset = s.lossy_report(ReportBy::Dataset);
    ASSERT_EQ(by_dataset.size(), 2u);
    EXPECT_EQ(by_dataset[0].bitpix, 16);
    EXPECT_EQ(by_dataset[0].skipped, 1);
    EXPECT_EQ(by_dataset[0].frames, 0);
    EXPECT_FALSE(by_dataset[0].fidelity);
    const ReportRow& r = by_dataset[1];
    EXPECT_EQ(r.bitpix, -32);
    EXPECT_EQ(r.frames, 2);
    EXPECT_EQ(r.images, 1);
    EXPECT_EQ(r.skipped, 0);
    EXPECT_EQ(r.compressed_bytes, 6200);
    EXPECT_NEAR(*r.bpp, 8.0 * 6200 / (40000 / 4.0), 1e-12);
    ASSERT_TRUE(r.fidelity);
    EXPECT_EQ(r.fidelity->results, 2);
    EXPECT_NEAR(*r.fidelity->rms_over_sigma, 0.08, 1e-12);            // mean
    EXPECT_NEAR(r.fidelity->max_abs_error, 1.25 + 0.09, 1e-12);        // max
    EXPECT_NEAR(*r.fidelity->phot_error_rms, std::sqrt((0.01 + 0.04) / 2), 1e-12);  // RMS of RMS
    EXPECT_NEAR(*r.fidelity->phot_error_max, 0.4, 1e-12);
    EXPECT_EQ(r.fidelity->sources, 14);
    const std::string md = format_lossy_report(s.lossy_report(ReportBy::Image), ReportBy::Image, ReportFormat::Markdown);
    EXPECT_NE(md.find("LOSSY results"), std::string::npos);
    EXPECT_NE(md.find("rice:q4"), std::string::npos);
    const auto j = nlohmann::json::parse(format_lossy_report(by_dataset, ReportBy::Dataset, ReportFormat::Json));
    EXPECT_EQ(j["columns"][2], "pixel_type");
    EXPECT_EQ(j["rows"][1][2], "32-bit float");
    EXPECT_EQ(j["columns"][10], "rms_over_sigma");
    EXPECT_NEAR(j["rows"][1][10].get<double>(), 0.08, 1e-6);
}

TEST(StoreLossy, MigratesV4AndMergesLossyResults) {
    TempDir tmp;
    const auto old = (tmp / "v4.db").string();
    {
        OpenOptions v4;
        v4.target_version = 4;
        ResultsStore s(old, v4);
        ASSERT_EQ(s.user_version(), 4);
        EXPECT_THROW(s.database().exec("SELECT * FROM fidelity"), bitsky::Error);
        s.database().exec(
            "INSERT INTO datasets(id, name, root) VALUES(1, 'old', '/old');"
            "INSERT INTO images(id, dataset_id, path, hdu, frame_count, shape, bitpix, content_hash) "
            "  VALUES(1, 1, '/old/x.fits', 0, 1, '[10, 10]', -32, 'abc');"
            "INSERT INTO codecs(id, spec, library, version) VALUES(1, 'gzip2', 'CFITSIO', '4.2.0');"
            "INSERT INTO results(image_id, frame, codec_id, raw_bytes, compressed_bytes, lossless_ok) "
            "  VALUES(1, 0, 1, 400, 300, 1);");
    }
    {
        ResultsStore s(old);
        EXPECT_EQ(s.user_version(), schema_version());
        EXPECT_EQ(s.backup_path(), old + ".bak-v4");
        ASSERT_EQ(s.results().size(), 1u);
        EXPECT_FALSE(s.results()[0].lossy);
        EXPECT_FALSE(s.codecs()[0].lossy);
        const auto q4 = s.upsert_codec("rice:q4", "CFITSIO", "4.2.0", true);
        s.insert_results({lossy(1, 0, q4, 90, fidelity(0.07, std::nullopt))});
        EXPECT_FALSE(s.results()[1].fidelity->phot_error_rms);  // no sources: NULL, kept as such
        EXPECT_TRUE(s.integrity_ok());
    }
    // Two shards: the lossy results and their fidelity arrive once, however often merged.
    const auto a = (tmp / "a.db").string(), b = (tmp / "b.db").string(), out = (tmp / "out.db").string();
    {
        ResultsStore sa(a);
        fill(sa);
        ResultsStore sb(b);
        fill(sb);
    }
    EXPECT_EQ(merge(out, {a, b}), 5);
    EXPECT_EQ(merge(out, {a}), 0);
    ResultsStore m(out);
    EXPECT_EQ(m.database().query_int("SELECT COUNT(*) FROM fidelity"), 2);
    const auto merged = m.lossy_report(ReportBy::Dataset);  // the integer skip's row, then the float row
    ASSERT_EQ(merged.size(), 2u);
    ASSERT_TRUE(merged.at(1).fidelity);
    EXPECT_EQ(merged.at(1).fidelity->results, 2);
    EXPECT_TRUE(m.codecs()[1].lossy);
    // The same result, lossy in one store and not in the other: refused.
    {
        ResultsStore sb(b);
        sb.database().exec("UPDATE results SET lossy = 0, lossless_ok = 1 WHERE lossy = 1 AND frame = 0");
    }
    EXPECT_NE(error_of([&] { merge(out, {b}); }).find("conflicting result"), std::string::npos);
}

// The bench measures lossy codecs for real: verified, with their fidelity, reported apart.
TEST(StoreLossy, BenchMeasuresAndReportsLossyResultsApart) {
    TempDir tmp;
    const auto db = (tmp / "b.db").string();
    const auto flt = shared_data("corpus/sfd_dust_zea.fits"), ints = shared_data("corpus/cfht_megacam_uint16.fits");
    auto r = run_cli("bench --db " + shell_quote(db) + " --codecs rice:q4,gzip2 " + shell_quote(flt.string()) + " " +
                     shell_quote(ints.string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto bench_section = r.out.find("## Lossy results");  // bench's own closing tables
    ASSERT_NE(bench_section, std::string::npos) << r.out;
    EXPECT_EQ(r.out.substr(0, bench_section).find("rice:q4"), std::string::npos) << r.out;
    {
        ResultsStore s(db, {.create = false, .read_only = true});
        const auto rows = s.results();
        int lossy_rows = 0;
        for (const auto& row : rows)
            if (row.lossy) {
                ++lossy_rows;
                EXPECT_FALSE(row.failed()) << row.error.value_or("");
                ASSERT_TRUE(row.fidelity);
                EXPECT_NEAR(row.fidelity->rms_over_sigma.value_or(0), 1 / (4 * std::sqrt(12.0)), 0.02);
            }
        EXPECT_EQ(lossy_rows, 1);
        EXPECT_EQ(s.failures().size(), 1u);  // the integer image's skip
    }
    r = run_cli("report --db " + shell_quote(db) + " --by image");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto section = r.out.find("## Lossy results");
    ASSERT_NE(section, std::string::npos) << r.out;
    EXPECT_EQ(r.out.substr(0, section).find("rice:q4"), std::string::npos) << "a lossy result in the lossless table";
    EXPECT_NE(r.out.find("rice:q4", section), std::string::npos);
    r = run_cli("report --db " + shell_quote(db) + " --format csv");
    EXPECT_EQ(r.out.find("rice:q4"), std::string::npos);
    EXPECT_NE(r.err.find("report --lossy"), std::string::npos) << r.err;
    r = run_cli("report --db " + shell_quote(db) + " --lossy --format json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["rows"].size(), 2u);  // per pixel type: the float image's result, the integer's skip
    EXPECT_EQ(j["rows"][0][1], "rice:q4");
    EXPECT_EQ(j["rows"][1][1], "rice:q4");
    EXPECT_EQ(run_cli("report --db " + shell_quote(db) + " --lossy --failures").exit_code, 2);
}
