// The results store's results (with the fidelity of lossy ones), failures, skips and the
// report rows (store.h).
#include <cmath>
#include <unordered_set>

#include "engine/store/store.h"
#include "engine/util/error.h"

namespace bitsky::store {

// ---------------------------------------------------------------- results

void ResultsStore::insert_results(const std::vector<ResultRow>& rows) {
    if (rows.empty()) return;
    Transaction tx(db_);
    Statement st(db_,
                 "INSERT INTO results(run_id, image_id, frame, codec_id, raw_bytes, compressed_bytes, encode_s, "
                 "encode_median_s, decode_s, decode_median_s, encode_cpu_s, decode_cpu_s, peak_rss_kib, "
                 "lossless_ok, error, repeats, coding, lossy) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                 "ON CONFLICT(image_id, frame, codec_id) DO UPDATE SET run_id=excluded.run_id, "
                 "raw_bytes=excluded.raw_bytes, compressed_bytes=excluded.compressed_bytes, "
                 "encode_s=excluded.encode_s, encode_median_s=excluded.encode_median_s, "
                 "decode_s=excluded.decode_s, decode_median_s=excluded.decode_median_s, "
                 "encode_cpu_s=excluded.encode_cpu_s, decode_cpu_s=excluded.decode_cpu_s, "
                 "peak_rss_kib=excluded.peak_rss_kib, lossless_ok=excluded.lossless_ok, "
                 "error=excluded.error, repeats=excluded.repeats, coding=excluded.coding, lossy=excluded.lossy "
                 "RETURNING id");
    Statement put_fidelity(db_,
                           "INSERT OR REPLACE INTO fidelity(result_id, sigma_in, sigma_out, rms_error, rms_over_sigma, "
                           "max_abs_error, bias, noise_increase, noise_increase_exact, background_shift, pixels, "
                           "nonfinite_changed, source_origin, sources, aperture_radius, phot_error_rms, phot_error_max, "
                           "phot_bias, centroid_shift_rms, centroid_shift_max) "
                           "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    Statement drop_fidelity(db_, "DELETE FROM fidelity WHERE result_id = ?");
    // A measured item is no longer skipped (e.g. a codec that now takes the pixel type).
    Statement unskip(db_, "DELETE FROM skips WHERE image_id = ? AND codec_id = ?");
    for (const ResultRow& r : rows) {
        st.reset();
        st.bind_all(r.run_id, r.image_id, r.frame, r.codec_id, r.raw_bytes, r.compressed_bytes, r.encode_s,
                    r.encode_median_s, r.decode_s, r.decode_median_s, r.encode_cpu_s, r.decode_cpu_s,
                    r.peak_rss_kib, r.lossless_ok, r.error, r.repeats, r.coding, r.lossy);
        const std::int64_t id = st.returned_id("store a result");
        if (r.fidelity) {
            const Fidelity& f = *r.fidelity;
            put_fidelity.reset();
            put_fidelity.bind_all(id, f.sigma_in, f.sigma_out, f.rms_error, f.rms_over_sigma, f.max_abs_error, f.bias,
                                  f.noise_increase, f.noise_increase_exact, f.background_shift, f.pixels,
                                  f.nonfinite_changed, f.source_origin, f.sources, f.aperture_radius, f.phot_error_rms,
                                  f.phot_error_max, f.phot_bias, f.centroid_shift_rms, f.centroid_shift_max);
            put_fidelity.run();
        } else {
            drop_fidelity.reset();
            drop_fidelity.bind_all(id);
            drop_fidelity.run();
        }
        unskip.reset();
        unskip.bind_all(r.image_id, r.codec_id);
        unskip.run();
    }
    tx.commit();
}

std::set<WorkKey> ResultsStore::completed_items(const std::vector<std::int64_t>& codec_ids,
                                                const std::vector<std::int64_t>& image_ids, bool include_failed) {
    std::unordered_set<std::int64_t> codecs(codec_ids.begin(), codec_ids.end());
    std::unordered_set<std::int64_t> images(image_ids.begin(), image_ids.end());
    std::set<WorkKey> out;
    Statement st(db_,
                 "SELECT image_id, frame, codec_id, (error IS NOT NULL OR (lossless_ok = 0 AND lossy = 0)) FROM results");
    while (st.step()) {
        WorkKey k{st.column_int64(0), st.column_int64(1), st.column_int64(2)};
        if (!codecs.empty() && !codecs.count(k.codec_id)) continue;
        if (!images.empty() && !images.count(k.image_id)) continue;
        if (!include_failed && st.column_int64(3) != 0) continue;
        out.insert(out.end(), k);
    }
    return out;
}

std::vector<ResultRow> ResultsStore::results() {
    std::vector<ResultRow> out;
    Statement st(db_,
                 "SELECT r.run_id, r.image_id, r.frame, r.codec_id, r.raw_bytes, r.compressed_bytes, r.encode_s, "
                 "r.encode_median_s, r.decode_s, r.decode_median_s, r.encode_cpu_s, r.decode_cpu_s, r.peak_rss_kib, "
                 "r.lossless_ok, r.error, r.repeats, r.coding, r.lossy, f.result_id, f.sigma_in, f.sigma_out, "
                 "f.rms_error, f.rms_over_sigma, f.max_abs_error, f.bias, f.noise_increase, f.noise_increase_exact, "
                 "f.background_shift, f.pixels, f.nonfinite_changed, f.source_origin, f.sources, f.aperture_radius, "
                 "f.phot_error_rms, f.phot_error_max, f.phot_bias, f.centroid_shift_rms, f.centroid_shift_max "
                 "FROM results r LEFT JOIN fidelity f ON f.result_id = r.id ORDER BY r.image_id, r.frame, r.codec_id");
    while (st.step()) {
        ResultRow r;
        r.run_id = st.column_opt_int64(0);
        r.image_id = st.column_int64(1);
        r.frame = st.column_int64(2);
        r.codec_id = st.column_int64(3);
        r.raw_bytes = st.column_int64(4);
        r.compressed_bytes = st.column_int64(5);
        r.encode_s = st.column_double(6);
        r.encode_median_s = st.column_double(7);
        r.decode_s = st.column_double(8);
        r.decode_median_s = st.column_double(9);
        r.encode_cpu_s = st.column_double(10);
        r.decode_cpu_s = st.column_double(11);
        r.peak_rss_kib = st.column_int64(12);
        r.lossless_ok = st.column_int64(13) != 0;
        r.error = st.column_opt_text(14);
        r.repeats = static_cast<int>(st.column_int64(15));
        r.coding = st.column_text(16);
        r.lossy = st.column_int64(17) != 0;
        if (!st.is_null(18)) {
            Fidelity f;
            f.sigma_in = st.column_double(19);
            f.sigma_out = st.column_double(20);
            f.rms_error = st.column_double(21);
            f.rms_over_sigma = st.column_opt_double(22);
            f.max_abs_error = st.column_double(23);
            f.bias = st.column_double(24);
            f.noise_increase = st.column_opt_double(25);
            f.noise_increase_exact = st.column_opt_double(26);
            f.background_shift = st.column_double(27);
            f.pixels = st.column_int64(28);
            f.nonfinite_changed = st.column_int64(29);
            f.source_origin = st.column_text(30);
            f.sources = st.column_int64(31);
            f.aperture_radius = st.column_double(32);
            f.phot_error_rms = st.column_opt_double(33);
            f.phot_error_max = st.column_opt_double(34);
            f.phot_bias = st.column_opt_double(35);
            f.centroid_shift_rms = st.column_opt_double(36);
            f.centroid_shift_max = st.column_opt_double(37);
            r.fidelity = f;
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::int64_t ResultsStore::result_count() { return db_.query_int("SELECT count(*) FROM results"); }

std::vector<FailureRow> ResultsStore::failures() {
    std::vector<FailureRow> out;
    Statement st(db_,
                 "SELECT d.name, i.path, i.hdu, r.frame, c.spec, COALESCE(r.error, 'round trip failed') "
                 "FROM results r JOIN images i ON i.id = r.image_id JOIN codecs c ON c.id = r.codec_id "
                 "JOIN datasets d ON d.id = i.dataset_id "
                 "WHERE r.error IS NOT NULL OR (r.lossless_ok = 0 AND r.lossy = 0) "
                 "ORDER BY d.name, i.path, i.hdu, r.frame, c.spec");
    while (st.step())
        out.push_back({st.column_text(0), st.column_text(1), static_cast<int>(st.column_int64(2)), st.column_int64(3),
                       st.column_text(4), "failed", st.column_text(5)});
    Statement sk(db_,
                 "SELECT d.name, i.path, i.hdu, c.spec, s.reason FROM skips s JOIN images i ON i.id = s.image_id "
                 "JOIN codecs c ON c.id = s.codec_id JOIN datasets d ON d.id = i.dataset_id "
                 "ORDER BY d.name, i.path, i.hdu, c.spec");
    while (sk.step())
        out.push_back({sk.column_text(0), sk.column_text(1), static_cast<int>(sk.column_int64(2)), 0, sk.column_text(3),
                       "skipped", sk.column_text(4)});
    return out;
}

void ResultsStore::record_skips(const std::vector<SkipRow>& skips) {
    if (skips.empty()) return;
    Transaction tx(db_);
    Statement up(db_,
                 "INSERT INTO skips(image_id, codec_id, run_id, reason) VALUES(?,?,?,?) "
                 "ON CONFLICT(image_id, codec_id) DO UPDATE SET run_id = excluded.run_id, reason = excluded.reason");
    Statement del(db_, "DELETE FROM results WHERE image_id = ? AND codec_id = ?");
    for (const auto& k : skips) {
        up.reset();
        up.bind_all(k.image_id, k.codec_id, k.run_id, k.reason);
        up.run();
        del.reset();
        del.bind_all(k.image_id, k.codec_id);
        del.run();
    }
    tx.commit();
}

std::int64_t ResultsStore::skip_count() { return db_.query_int("SELECT COUNT(*) FROM skips"); }

// ---------------------------------------------------------------- reports

std::vector<ReportRow> ResultsStore::report(ReportBy by) { return report_rows(by, false); }

std::vector<ReportRow> ResultsStore::lossy_report(ReportBy by) { return report_rows(by, true); }

namespace {

// Fidelity sums per (image, codec) over verified lossy results, for the rows below (all
// NULL for lossless rows): count, then sum/count pairs of the means, maxima, sums of squares.
constexpr const char* kFidelitySums = R"SQL(,
       COUNT(f.result_id) AS nf, SUM(f.rms_over_sigma) AS s_rms, COUNT(f.rms_over_sigma) AS n_rms,
       MAX(f.max_abs_error) AS m_err, SUM(f.bias) AS s_bias, SUM(f.noise_increase) AS s_ni,
       COUNT(f.noise_increase) AS n_ni, SUM(f.noise_increase_exact) AS s_nie, COUNT(f.noise_increase_exact) AS n_nie,
       SUM(f.background_shift) AS s_bg, SUM(f.sources) AS src, SUM(f.phot_error_rms * f.phot_error_rms) AS s_phot,
       COUNT(f.phot_error_rms) AS n_phot, MAX(f.phot_error_max) AS m_phot,
       SUM(f.centroid_shift_rms * f.centroid_shift_rms) AS s_cen, MAX(f.centroid_shift_max) AS m_cen
)SQL";
constexpr int kFidelityColumns = 16;

// The same sums over the per-image rows p (dataset rows) or as they are (image rows).
std::string fidelity_select(ReportBy by) {
    if (by == ReportBy::Image)
        return ", p.nf, p.s_rms, p.n_rms, p.m_err, p.s_bias, p.s_ni, p.n_ni, p.s_nie, p.n_nie, p.s_bg, p.src, p.s_phot, "
               "p.n_phot, p.m_phot, p.s_cen, p.m_cen ";
    return ", SUM(p.nf), SUM(p.s_rms), SUM(p.n_rms), MAX(p.m_err), SUM(p.s_bias), SUM(p.s_ni), SUM(p.n_ni), "
           "SUM(p.s_nie), SUM(p.n_nie), SUM(p.s_bg), SUM(p.src), SUM(p.s_phot), SUM(p.n_phot), MAX(p.m_phot), "
           "SUM(p.s_cen), MAX(p.m_cen) ";
}

std::optional<FidelitySummary> fidelity_summary(const Statement& st, int c) {
    const std::int64_t n = st.is_null(c) ? 0 : st.column_int64(c);
    if (n == 0) return std::nullopt;
    auto mean = [&](int sum, int count) -> std::optional<double> {
        const std::int64_t k = st.is_null(count) ? 0 : st.column_int64(count);
        return k > 0 ? std::optional<double>(st.column_double(sum) / double(k)) : std::nullopt;
    };
    FidelitySummary f;
    f.results = n;
    f.rms_over_sigma = mean(c + 1, c + 2);
    f.max_abs_error = st.column_double(c + 3);
    f.bias = st.column_double(c + 4) / double(n);
    f.noise_increase = mean(c + 5, c + 6);
    f.noise_increase_exact = mean(c + 7, c + 8);
    f.background_shift = st.column_double(c + 9) / double(n);
    f.sources = st.column_int64(c + 10);
    if (auto m = mean(c + 11, c + 12)) {
        f.phot_error_rms = std::sqrt(*m);
        f.phot_error_max = st.column_opt_double(c + 13);
        f.centroid_shift_rms = std::sqrt(st.column_double(c + 14) / double(st.column_int64(c + 12)));
        f.centroid_shift_max = st.column_opt_double(c + 15);
    }
    return f;
}

}  // namespace

std::vector<ReportRow> ResultsStore::report_rows(ReportBy by, bool lossy) {
    const std::string kind = lossy ? "1" : "0";
    // Per (image, codec) sums over successful results; failures counted apart. Lossless and
    // lossy results (and codecs, for skips) are never in the same rows.
    const std::string per_image = R"SQL(
SELECT i.dataset_id AS dataset_id, r.image_id AS image_id, r.codec_id AS codec_id, i.bitpix AS bitpix,
       COUNT(*) AS frames,
       SUM(CASE WHEN ok THEN r.raw_bytes ELSE 0 END) AS raw,
       SUM(CASE WHEN ok THEN r.compressed_bytes ELSE 0 END) AS comp,
       SUM(CASE WHEN ok THEN r.encode_s ELSE 0 END) AS enc,
       SUM(CASE WHEN ok THEN r.decode_s ELSE 0 END) AS dec,
       SUM(CASE WHEN ok THEN 0 ELSE 1 END) AS failures,
       MIN(NULLIF(r.coding, '')) AS coding, COUNT(DISTINCT NULLIF(r.coding, '')) AS codings,
       SUM(CASE WHEN ok THEN r.raw_bytes * 8.0 / (CASE WHEN i.bitpix IN (8, 16, 32, 64, -32, -64)
                                                      THEN ABS(i.bitpix) ELSE 16 END) ELSE 0 END) AS pixels)SQL" +
                                  std::string(kFidelitySums) + R"SQL(
FROM (SELECT *, ((lossless_ok = 1 OR lossy = 1) AND error IS NULL) AS ok FROM results WHERE lossy = )SQL" + kind +
                                  R"SQL() r
JOIN images i ON i.id = r.image_id
LEFT JOIN fidelity f ON f.result_id = r.id AND r.ok
GROUP BY r.image_id, r.codec_id
)SQL";
    std::string nulls;
    for (int i = 0; i < kFidelityColumns; ++i) nulls += ", NULL";
    // Skipped (image, codec) items join as rows without results (frames 0, skipped 1).
    const std::string with_skips = "WITH p AS (" + per_image + " UNION ALL SELECT i.dataset_id, s.image_id, s.codec_id, i.bitpix, 0, 0, 0, "
                                   "0, 0, 0, NULL, 0, 0" + nulls + " FROM skips s JOIN images i ON i.id = s.image_id "
                                   "JOIN codecs c ON c.id = s.codec_id WHERE c.lossy = " + kind + "), "
                                   "k AS (SELECT image_id, codec_id, 1 AS skipped FROM skips) ";
    std::string sql;
    if (by == ReportBy::Image) {
        sql = with_skips +
              "SELECT d.name, i.path, i.hdu, c.spec, c.version, 1, p.frames, p.raw, p.comp, "
              "CASE WHEN p.comp > 0 THEN CAST(p.raw AS REAL) / p.comp END, p.enc, p.dec, p.failures, "
              "COALESCE(k.skipped, 0), p.pixels, p.coding, p.codings, p.bitpix" + fidelity_select(by) +
              "FROM p JOIN images i ON i.id = p.image_id JOIN datasets d ON d.id = p.dataset_id "
              "JOIN codecs c ON c.id = p.codec_id LEFT JOIN k ON k.image_id = p.image_id AND k.codec_id = p.codec_id "
              "ORDER BY d.name, d.root, i.path, i.hdu, c.spec, c.version";
    } else {
        sql = with_skips +
              "SELECT d.name, '', -1, c.spec, c.version, COUNT(*) - SUM(COALESCE(k.skipped, 0)), SUM(p.frames), "
              "SUM(p.raw), SUM(p.comp), AVG(CASE WHEN p.comp > 0 THEN CAST(p.raw AS REAL) / p.comp END), "
              "SUM(p.enc), SUM(p.dec), SUM(p.failures), SUM(COALESCE(k.skipped, 0)), SUM(p.pixels), NULL, 0, p.bitpix" +
              fidelity_select(by) +
              "FROM p JOIN datasets d ON d.id = p.dataset_id JOIN codecs c ON c.id = p.codec_id "
              "LEFT JOIN k ON k.image_id = p.image_id AND k.codec_id = p.codec_id "
              "GROUP BY p.dataset_id, p.bitpix, p.codec_id "
              "ORDER BY d.name, d.root, p.bitpix < 0, ABS(p.bitpix), c.spec, c.version";
    }
    std::vector<ReportRow> out;
    Statement st(db_, sql);
    while (st.step()) {
        ReportRow r;
        r.dataset = st.column_text(0);
        r.image = st.column_text(1);
        r.hdu = static_cast<int>(st.column_int64(2));
        r.codec = st.column_text(3);
        r.codec_version = st.column_text(4);
        r.images = st.column_int64(5);
        r.frames = st.column_int64(6);
        r.raw_bytes = st.column_int64(7);
        r.compressed_bytes = st.column_int64(8);
        r.mean_image_ratio = st.column_opt_double(9);
        double enc = st.column_double(10), dec = st.column_double(11);
        r.failures = st.column_int64(12);
        r.skipped = st.column_int64(13);
        if (by == ReportBy::Image && r.skipped) r.images = 0;
        r.bitpix = static_cast<int>(st.column_int64(17));
        const double pixels = st.column_double(14);  // raw bytes over each image's bytes per pixel
        if (by == ReportBy::Image && !st.is_null(15)) {
            r.coding = st.column_text(15);
            if (const auto more = st.column_int64(16) - 1; more > 0)
                r.coding += " (and " + std::to_string(more) + " other frame coding" + (more > 1 ? "s" : "") + ")";
        }
        if (r.compressed_bytes > 0) {
            r.ratio = static_cast<double>(r.raw_bytes) / static_cast<double>(r.compressed_bytes);
            if (pixels > 0) r.bpp = 8.0 * static_cast<double>(r.compressed_bytes) / pixels;
        }
        if (r.raw_bytes > 0 && enc > 0) r.encode_mb_s = static_cast<double>(r.raw_bytes) / 1e6 / enc;
        if (r.raw_bytes > 0 && dec > 0) r.decode_mb_s = static_cast<double>(r.raw_bytes) / 1e6 / dec;
        r.lossy = lossy;
        if (lossy) r.fidelity = fidelity_summary(st, 18);
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace bitsky::store
