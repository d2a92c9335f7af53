// The results store's rows: datasets, images, codecs, runs (opening and the schema:
// store_open.cpp; results, skips, fidelity and reports: store_results.cpp; predictions,
// models and cost maps: store_analysis.cpp).
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
    return st.returned_id("store dataset '" + root + "'");
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
                                        const std::string& version, bool lossy) {
    Statement st(db_,
                 "INSERT INTO codecs(spec, library, version, lossy) VALUES(?, ?, ?, ?) "
                 "ON CONFLICT(spec, version) DO UPDATE SET library = excluded.library, lossy = excluded.lossy "
                 "RETURNING id");
    st.bind_all(spec, library, version, lossy);
    return st.returned_id("store codec '" + spec + "'");
}

std::vector<Codec> ResultsStore::codecs() {
    std::vector<Codec> out;
    Statement st(db_, "SELECT id, spec, library, version, lossy FROM codecs ORDER BY id");
    while (st.step())
        out.push_back({st.column_int64(0), st.column_text(1), st.column_text(2), st.column_text(3),
                       st.column_int64(4) != 0});
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
    return st.returned_id("record the run");
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

}  // namespace bitsky::store
