// The results store's rows: datasets, images, codecs, runs, results, reports,
// (predictions, models and cost maps: store_analysis.cpp; opening and the schema: store_open.cpp).
#include "engine/store/store.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <random>
#include <unordered_set>

#include "engine/util/error.h"

namespace bitsky::store {

namespace {

std::string random_uuid() {
    std::random_device rd;
    std::array<unsigned char, 16> b{};
    for (auto& x : b) x = static_cast<unsigned char>(rd());
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
    std::string s;
    char buf[3];
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
        std::snprintf(buf, sizeof buf, "%02x", b[i]);
        s += buf;
    }
    return s;
}

}  // namespace

// ---------------------------------------------------------------- datasets and images

std::int64_t ResultsStore::upsert_dataset(const std::string& name, const std::string& root) {
    Statement st(db_,
                 "INSERT INTO datasets(name, root) VALUES(?, ?) "
                 "ON CONFLICT(root) DO UPDATE SET name = excluded.name RETURNING id");
    st.bind_all(name, root);
    if (!st.step()) throw Error(db_.path() + ": cannot store dataset '" + root + "'");
    std::int64_t id = st.column_int64(0);
    st.run();
    return id;
}

std::vector<Dataset> ResultsStore::datasets() {
    std::vector<Dataset> out;
    Statement st(db_, "SELECT id, name, root FROM datasets ORDER BY id");
    while (st.step()) out.push_back({st.column_int64(0), st.column_text(1), st.column_text(2)});
    return out;
}

ImageUpsert ResultsStore::upsert_image(const ImageRecord& image) { return upsert_images({image}).front(); }

std::vector<ImageUpsert> ResultsStore::upsert_images(const std::vector<ImageRecord>& images) {
    std::vector<ImageUpsert> out;
    out.reserve(images.size());
    Transaction tx(db_);
    Statement find(db_, "SELECT id, content_hash FROM images WHERE path = ? AND hdu = ?");
    Statement insert(db_,
                     "INSERT INTO images(dataset_id, path, hdu, frame_count, shape, bitpix, bzero, shifted, "
                     "content_hash, mtime, size_bytes, noise) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
    Statement update(db_,
                     "UPDATE images SET dataset_id=?, frame_count=?, shape=?, bitpix=?, bzero=?, shifted=?, "
                     "content_hash=?, mtime=?, size_bytes=?, noise=CASE WHEN ?13 THEN ?12 ELSE noise END "
                     "WHERE id=?10");
    Statement del_results(db_, "DELETE FROM results WHERE image_id = ?");
    Statement del_predictions(db_, "DELETE FROM predictions WHERE image_id = ?");
    Statement del_costmaps(db_, "DELETE FROM costmaps WHERE image_id = ?");
    for (const ImageRecord& im : images) {
        ImageUpsert r;
        find.reset();
        find.bind_all(im.path, im.hdu);
        if (!find.step()) {
            insert.reset();
            insert.bind_all(im.dataset_id, im.path, im.hdu, im.frame_count, im.shape, im.bitpix, im.bzero,
                            im.shifted, im.content_hash, im.mtime, im.size_bytes, im.noise_json);
            insert.run();
            r.id = db_.last_insert_rowid();
            r.inserted = true;
        } else {
            r.id = find.column_int64(0);
            r.hash_changed = find.column_text(1) != im.content_hash;
            find.reset();
            if (r.hash_changed) {
                for (Statement* d : {&del_results, &del_predictions, &del_costmaps}) {
                    d->reset();
                    d->bind(1, r.id);
                    d->run();
                }
            }
            update.reset();
            update.bind_all(im.dataset_id, im.frame_count, im.shape, im.bitpix, im.bzero, im.shifted,
                            im.content_hash, im.mtime, im.size_bytes, r.id);
            // ?12 = new noise, ?13 = whether to overwrite (given, or stale after a hash change).
            update.bind(12, im.noise_json);
            update.bind(13, im.noise_json.has_value() || r.hash_changed);
            update.run();
        }
        out.push_back(r);
    }
    tx.commit();
    return out;
}

namespace {
constexpr const char* kImageColumns =
    "id, dataset_id, path, hdu, frame_count, shape, bitpix, bzero, shifted, content_hash, mtime, size_bytes, noise";

ImageRecord read_image(const Statement& st) {
    ImageRecord r;
    r.id = st.column_int64(0);
    r.dataset_id = st.column_int64(1);
    r.path = st.column_text(2);
    r.hdu = static_cast<int>(st.column_int64(3));
    r.frame_count = st.column_int64(4);
    r.shape = st.column_text(5);
    r.bitpix = static_cast<int>(st.column_int64(6));
    r.bzero = st.column_double(7);
    r.shifted = st.column_int64(8) != 0;
    r.content_hash = st.column_text(9);
    r.mtime = st.column_int64(10);
    r.size_bytes = st.column_int64(11);
    r.noise_json = st.column_opt_text(12);
    return r;
}
}  // namespace

void ResultsStore::replace_content_hash(const std::string& path, const std::string& old_hash,
                                        const std::string& new_hash) {
    Transaction tx(db_);
    Statement up(db_, "UPDATE images SET content_hash = ? WHERE path = ? AND content_hash = ?");
    up.bind_all(new_hash, path, old_hash);
    up.run();
    tx.commit();
}

void ResultsStore::remove_stale_images(const std::vector<std::pair<std::string, std::string>>& path_hashes) {
    Transaction tx(db_);
    Statement del(db_, "DELETE FROM images WHERE path = ? AND content_hash <> ?");
    for (const auto& [path, hash] : path_hashes) {
        del.reset();
        del.bind_all(path, hash);
        del.run();
    }
    tx.commit();
}

std::optional<ImageRecord> ResultsStore::find_image(const std::string& path, int hdu) {
    Statement st(db_, std::string("SELECT ") + kImageColumns + " FROM images WHERE path = ? AND hdu = ?");
    st.bind_all(path, hdu);
    if (!st.step()) return std::nullopt;
    return read_image(st);
}

std::vector<ImageRecord> ResultsStore::images() {
    std::vector<ImageRecord> out;
    Statement st(db_, std::string("SELECT ") + kImageColumns + " FROM images ORDER BY path, hdu");
    while (st.step()) out.push_back(read_image(st));
    return out;
}

void ResultsStore::set_noise(std::int64_t image_id, const std::string& noise_json) {
    Statement st(db_, "UPDATE images SET noise = ? WHERE id = ?");
    st.bind_all(noise_json, image_id);
    st.run();
    if (db_.changes() != 1) throw Error(db_.path() + ": no image with id " + std::to_string(image_id));
}

// ---------------------------------------------------------------- codecs and runs

std::int64_t ResultsStore::upsert_codec(const std::string& spec, const std::string& library,
                                        const std::string& version) {
    Statement st(db_,
                 "INSERT INTO codecs(spec, library, version) VALUES(?, ?, ?) "
                 "ON CONFLICT(spec, version) DO UPDATE SET library = excluded.library RETURNING id");
    st.bind_all(spec, library, version);
    if (!st.step()) throw Error(db_.path() + ": cannot store codec '" + spec + "'");
    std::int64_t id = st.column_int64(0);
    st.run();
    return id;
}

std::vector<Codec> ResultsStore::codecs() {
    std::vector<Codec> out;
    Statement st(db_, "SELECT id, spec, library, version FROM codecs ORDER BY id");
    while (st.step()) out.push_back({st.column_int64(0), st.column_text(1), st.column_text(2), st.column_text(3)});
    return out;
}

std::int64_t ResultsStore::begin_run(RunInfo run) {
    if (run.uuid.empty()) run.uuid = random_uuid();
    Statement st(db_, std::string("INSERT INTO runs(uuid, host, cpu_model, threads, jobs, library_versions, "
                                  "command_line, started_at, status) VALUES(?,?,?,?,?,?,?, "
                                  "CASE WHEN ?8 = '' THEN ") +
                          kSqlNow + " ELSE ?8 END, 'running') RETURNING id");
    st.bind_all(run.uuid, run.host, run.cpu_model, run.threads, run.jobs, run.library_versions, run.command_line,
                run.started_at);
    if (!st.step()) throw Error(db_.path() + ": cannot record the run");
    std::int64_t id = st.column_int64(0);
    st.run();
    return id;
}

void ResultsStore::end_run(std::int64_t run_id, const std::string& status) {
    Statement st(db_, std::string("UPDATE runs SET ended_at = ") + kSqlNow + ", status = ? WHERE id = ?");
    st.bind_all(status, run_id);
    st.run();
    if (db_.changes() != 1) throw Error(db_.path() + ": no run with id " + std::to_string(run_id));
}

std::vector<RunInfo> ResultsStore::runs() {
    std::vector<RunInfo> out;
    Statement st(db_,
                 "SELECT id, uuid, host, cpu_model, threads, jobs, library_versions, command_line, started_at, "
                 "ended_at, status FROM runs ORDER BY id");
    while (st.step()) {
        RunInfo r;
        r.id = st.column_int64(0);
        r.uuid = st.column_text(1);
        r.host = st.column_text(2);
        r.cpu_model = st.column_text(3);
        r.threads = static_cast<int>(st.column_int64(4));
        r.jobs = static_cast<int>(st.column_int64(5));
        r.library_versions = st.column_text(6);
        r.command_line = st.column_text(7);
        r.started_at = st.column_text(8);
        r.ended_at = st.column_text(9);
        r.status = st.column_text(10);
        out.push_back(std::move(r));
    }
    return out;
}

// ---------------------------------------------------------------- results

void ResultsStore::insert_results(const std::vector<ResultRow>& rows) {
    if (rows.empty()) return;
    Transaction tx(db_);
    Statement st(db_,
                 "INSERT INTO results(run_id, image_id, frame, codec_id, raw_bytes, compressed_bytes, encode_s, "
                 "encode_median_s, decode_s, decode_median_s, encode_cpu_s, decode_cpu_s, peak_rss_kib, "
                 "lossless_ok, error, repeats, coding) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                 "ON CONFLICT(image_id, frame, codec_id) DO UPDATE SET run_id=excluded.run_id, "
                 "raw_bytes=excluded.raw_bytes, compressed_bytes=excluded.compressed_bytes, "
                 "encode_s=excluded.encode_s, encode_median_s=excluded.encode_median_s, "
                 "decode_s=excluded.decode_s, decode_median_s=excluded.decode_median_s, "
                 "encode_cpu_s=excluded.encode_cpu_s, decode_cpu_s=excluded.decode_cpu_s, "
                 "peak_rss_kib=excluded.peak_rss_kib, lossless_ok=excluded.lossless_ok, "
                 "error=excluded.error, repeats=excluded.repeats, coding=excluded.coding");
    // A measured item is no longer skipped (e.g. a codec that now takes the pixel type).
    Statement unskip(db_, "DELETE FROM skips WHERE image_id = ? AND codec_id = ?");
    for (const ResultRow& r : rows) {
        st.reset();
        st.bind_all(r.run_id, r.image_id, r.frame, r.codec_id, r.raw_bytes, r.compressed_bytes, r.encode_s,
                    r.encode_median_s, r.decode_s, r.decode_median_s, r.encode_cpu_s, r.decode_cpu_s,
                    r.peak_rss_kib, r.lossless_ok, r.error, r.repeats, r.coding);
        st.run();
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
                 "SELECT image_id, frame, codec_id, (error IS NOT NULL OR lossless_ok = 0) FROM results");
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
                 "SELECT run_id, image_id, frame, codec_id, raw_bytes, compressed_bytes, encode_s, encode_median_s, "
                 "decode_s, decode_median_s, encode_cpu_s, decode_cpu_s, peak_rss_kib, lossless_ok, error, repeats, "
                 "coding FROM results ORDER BY image_id, frame, codec_id");
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
                 "WHERE r.error IS NOT NULL OR r.lossless_ok = 0 ORDER BY d.name, i.path, i.hdu, r.frame, c.spec");
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

std::vector<ReportRow> ResultsStore::report(ReportBy by) {
    // Per (image, codec) sums over successful results; failures counted apart.
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
                                                      THEN ABS(i.bitpix) ELSE 16 END) ELSE 0 END) AS pixels
FROM (SELECT *, (lossless_ok = 1 AND error IS NULL) AS ok FROM results) r
JOIN images i ON i.id = r.image_id
GROUP BY r.image_id, r.codec_id
)SQL";
    // Skipped (image, codec) items join as rows without results (frames 0, skipped 1).
    const std::string with_skips = "WITH p AS (" + per_image + " UNION ALL SELECT i.dataset_id, s.image_id, s.codec_id, i.bitpix, 0, 0, 0, "
                                   "0, 0, 0, NULL, 0, 0 FROM skips s JOIN images i ON i.id = s.image_id), "
                                   "k AS (SELECT image_id, codec_id, 1 AS skipped FROM skips) ";
    std::string sql;
    if (by == ReportBy::Image) {
        sql = with_skips +
              "SELECT d.name, i.path, i.hdu, c.spec, c.version, 1, p.frames, p.raw, p.comp, "
              "CASE WHEN p.comp > 0 THEN CAST(p.raw AS REAL) / p.comp END, p.enc, p.dec, p.failures, "
              "COALESCE(k.skipped, 0), p.pixels, p.coding, p.codings, p.bitpix "
              "FROM p JOIN images i ON i.id = p.image_id JOIN datasets d ON d.id = p.dataset_id "
              "JOIN codecs c ON c.id = p.codec_id LEFT JOIN k ON k.image_id = p.image_id AND k.codec_id = p.codec_id "
              "ORDER BY d.name, d.root, i.path, i.hdu, c.spec, c.version";
    } else {
        sql = with_skips +
              "SELECT d.name, '', -1, c.spec, c.version, COUNT(*) - SUM(COALESCE(k.skipped, 0)), SUM(p.frames), "
              "SUM(p.raw), SUM(p.comp), AVG(CASE WHEN p.comp > 0 THEN CAST(p.raw AS REAL) / p.comp END), "
              "SUM(p.enc), SUM(p.dec), SUM(p.failures), SUM(COALESCE(k.skipped, 0)), SUM(p.pixels), NULL, 0, "
              "p.bitpix FROM p JOIN datasets d ON d.id = p.dataset_id JOIN codecs c ON c.id = p.codec_id "
              "LEFT JOIN k ON k.image_id = p.image_id AND k.codec_id = p.codec_id GROUP BY p.dataset_id, p.bitpix, "
              "p.codec_id ORDER BY d.name, d.root, p.bitpix < 0, ABS(p.bitpix), c.spec, c.version";
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
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace bitsky::store
