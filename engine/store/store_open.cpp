// The results store's schema (its migration steps), opening, checks and migrations.
#include "engine/store/store.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>

#include "engine/util/error.h"

namespace bitsky::store {
namespace fs = std::filesystem;

namespace {

// Migration steps: kMigrations[i] takes a store from user_version i to i + 1.
// Never edit a released step; append a new one.
const std::array<const char*, 5> kMigrations = {
    // v1: core benchmark tables.
    R"SQL(
CREATE TABLE datasets(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  root TEXT NOT NULL UNIQUE
);
CREATE TABLE images(
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  hdu INTEGER NOT NULL,
  frame_count INTEGER NOT NULL,
  shape TEXT NOT NULL,
  bitpix INTEGER NOT NULL,
  bzero REAL NOT NULL DEFAULT 0,
  shifted INTEGER NOT NULL DEFAULT 0,
  content_hash TEXT NOT NULL,
  mtime INTEGER NOT NULL DEFAULT 0,
  size_bytes INTEGER NOT NULL DEFAULT 0,
  UNIQUE(path, hdu)
);
CREATE INDEX images_dataset ON images(dataset_id);
CREATE TABLE codecs(
  id INTEGER PRIMARY KEY,
  spec TEXT NOT NULL,
  library TEXT NOT NULL,
  version TEXT NOT NULL,
  UNIQUE(spec, version)
);
CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  host TEXT NOT NULL DEFAULT '',
  cpu_model TEXT NOT NULL DEFAULT '',
  threads INTEGER NOT NULL DEFAULT 0,
  jobs INTEGER NOT NULL DEFAULT 0,
  library_versions TEXT NOT NULL DEFAULT '{}',
  command_line TEXT NOT NULL DEFAULT '',
  started_at TEXT NOT NULL,
  ended_at TEXT,
  status TEXT NOT NULL DEFAULT 'running'
);
CREATE TABLE results(
  id INTEGER PRIMARY KEY,
  run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  frame INTEGER NOT NULL,
  codec_id INTEGER NOT NULL REFERENCES codecs(id) ON DELETE CASCADE,
  raw_bytes INTEGER NOT NULL,
  compressed_bytes INTEGER NOT NULL,
  encode_s REAL NOT NULL DEFAULT 0,
  encode_median_s REAL NOT NULL DEFAULT 0,
  decode_s REAL NOT NULL DEFAULT 0,
  decode_median_s REAL NOT NULL DEFAULT 0,
  encode_cpu_s REAL NOT NULL DEFAULT 0,
  decode_cpu_s REAL NOT NULL DEFAULT 0,
  peak_rss_kib INTEGER NOT NULL DEFAULT 0,
  lossless_ok INTEGER NOT NULL,
  error TEXT,
  repeats INTEGER NOT NULL DEFAULT 1,
  UNIQUE(image_id, frame, codec_id)
);
CREATE INDEX results_codec ON results(codec_id);
CREATE INDEX results_run ON results(run_id);
)SQL",
    // v2: noise estimates, predicted compressibility, models and bit-cost maps.
    R"SQL(
ALTER TABLE images ADD COLUMN noise TEXT;
CREATE TABLE predictions(
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  frame INTEGER NOT NULL,
  kind TEXT NOT NULL,
  bpp REAL NOT NULL,
  PRIMARY KEY(image_id, frame, kind)
);
CREATE TABLE models(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);
CREATE TABLE costmaps(
  id INTEGER PRIMARY KEY,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  frame INTEGER NOT NULL,
  model TEXT NOT NULL,
  bpp REAL NOT NULL,
  total_bits REAL NOT NULL,
  file TEXT NOT NULL DEFAULT '',
  UNIQUE(image_id, frame, model)
);
)SQL",
    // v3: items a codec cannot take (pixel type, frame size, a cube spec on a 2D image):
    // recorded with the reason, apart from measured and failed results.
    R"SQL(
CREATE TABLE skips(
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  codec_id INTEGER NOT NULL REFERENCES codecs(id) ON DELETE CASCADE,
  run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY(image_id, codec_id)
);
)SQL",
    // v4: what a codec coded when it applied a declared reversible reduction to a frame
    // (Codec::coding(): "int32 minus the frame minimum ..."); '' when the values were coded
    // as they are.
    R"SQL(
ALTER TABLE results ADD COLUMN coding TEXT NOT NULL DEFAULT '';
)SQL",
    // v5: lossy results (issue #22). results.lossy: the codec's decode is a reconstruction,
    // verified against its own promise, not the frame (lossless_ok stays 0, error NULL when
    // verified); codecs.lossy marks such codecs (their skips and rows stay apart from the
    // lossless ones); fidelity: what each lossy result changed (engine/image/fidelity.h),
    // one row per result, gone with it.
    R"SQL(
ALTER TABLE results ADD COLUMN lossy INTEGER NOT NULL DEFAULT 0;
ALTER TABLE codecs ADD COLUMN lossy INTEGER NOT NULL DEFAULT 0;
CREATE TABLE fidelity(
  result_id INTEGER PRIMARY KEY REFERENCES results(id) ON DELETE CASCADE,
  sigma_in REAL NOT NULL,
  sigma_out REAL NOT NULL,
  rms_error REAL NOT NULL,
  rms_over_sigma REAL,
  max_abs_error REAL NOT NULL,
  bias REAL NOT NULL,
  noise_increase REAL,
  noise_increase_exact REAL,
  background_shift REAL NOT NULL,
  pixels INTEGER NOT NULL,
  nonfinite_changed INTEGER NOT NULL,
  source_origin TEXT NOT NULL,
  sources INTEGER NOT NULL,
  aperture_radius REAL NOT NULL,
  phot_error_rms REAL,
  phot_error_max REAL,
  phot_bias REAL,
  centroid_shift_rms REAL,
  centroid_shift_max REAL
);
)SQL",
};

std::string sql_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'') q += "''";
        else q += c;
    }
    return q + "'";
}

// Checks the 16-byte SQLite header so random bytes give a clear message before SQLite
// says "file is not a database" on the first read.
void check_sqlite_header(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) throw Error(path + ": is a folder, not a BitSky store");
    auto size = fs::file_size(path, ec);
    if (ec) throw Error(path + ": cannot read: " + ec.message());
    if (size == 0) return;  // an empty file is a fresh database for SQLite
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot read the file");
    char head[16] = {};
    in.read(head, sizeof head);
    static const char kMagic[16] = {'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f', 'o', 'r', 'm', 'a', 't', ' ', '3', '\0'};
    if (in.gcount() != 16 || !std::equal(head, head + 16, kMagic))
        throw Error(path + ": not a BitSky store (not a SQLite database)");
}

}  // namespace

int schema_version() { return static_cast<int>(kMigrations.size()); }

// ---------------------------------------------------------------- open / migrate

ResultsStore::ResultsStore(const std::string& path, OpenOptions options) { 
    std::error_code ec;
    bool exists = fs::exists(path, ec);
    if (!exists && (!options.create || options.read_only))
        throw Error(path + ": no such store (file not found)");
    if (exists) check_sqlite_header(path);
    Database::Mode mode = options.read_only ? Database::Mode::ReadOnly
                          : options.create  ? Database::Mode::ReadWriteCreate
                                            : Database::Mode::ReadWrite;
    db_ = Database(path, mode);
    db_.set_busy_timeout(options.busy_timeout_ms);
    if (options.read_only && !readable()) {
        // A reader of a WAL store creates its -shm index next to it: impossible in a folder
        // we cannot write. Without a pending -wal file the store can be read as immutable.
        const std::string wal = path + "-wal";
        if (fs::exists(wal, ec) && fs::file_size(wal, ec) > 0)
            throw Error(path + ": cannot be read here: its folder is not writable and it has uncommitted changes in " +
                        wal + " (open it once where it can be written)");
        db_ = Database(path, Database::Mode::Immutable);
    }
    open_and_migrate(options);
}

bool ResultsStore::readable() {
    try {
        db_.query_int("PRAGMA application_id");
        return true;
    } catch (const Error&) {
        const int code = sqlite3_errcode(db_.handle()) & 0xff;
        return code != SQLITE_READONLY && code != SQLITE_CANTOPEN;  // others: open_and_migrate says what
    }
}

void ResultsStore::open_and_migrate(const OpenOptions& options) {
    const std::string& path = db_.path();
    std::int64_t app_id = 0, version = 0, objects = 0;
    try {
        app_id = db_.query_int("PRAGMA application_id");
        version = db_.query_int("PRAGMA user_version");
        objects = db_.query_int("SELECT count(*) FROM sqlite_master");
    } catch (const Error&) {
        int code = sqlite3_errcode(db_.handle()) & 0xff;
        if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
            throw Error(path + ": not a BitSky store (not a readable SQLite database: " + db_.errmsg() + ")");
        throw;
    }
    bool fresh = app_id == 0 && version == 0 && objects == 0;
    if (app_id != kApplicationId && !fresh) {
        throw Error(path + ": not a BitSky store (a SQLite database with application_id " +
                    std::to_string(app_id) + " and " + std::to_string(objects) +
                    " schema objects, not BitSky's tables)");
    }
    const int current = schema_version();
    if (version > current) {
        throw Error(path + ": made by a newer BitSky (schema " + std::to_string(version) + " > " +
                    std::to_string(current) + "); update BitSky to open it");
    }
    int target = options.target_version > 0 ? std::min(options.target_version, current) : current;
    if (options.read_only) {
        if (fresh) throw Error(path + ": not a BitSky store (empty database)");
        if (version < target)
            throw Error(path + ": store schema " + std::to_string(version) + " is older than this BitSky's " +
                        std::to_string(target) + "; open it read-write once to migrate it");
        db_.exec("PRAGMA foreign_keys=ON");
        return;
    }
    std::string jm = db_.query_text("PRAGMA journal_mode=WAL");
    if (jm != "wal") throw Error(path + ": cannot switch to WAL journal (journal_mode is '" + jm + "')");
    db_.exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON");
    if (version < target) {
        if (version > 0) {
            // Backup of the old version before touching it: "<db>.bak-v<N>" (".1", ".2"... if taken).
            std::string base = path + ".bak-v" + std::to_string(version), backup = base;
            std::error_code ec;
            for (int i = 1; fs::exists(backup, ec); ++i) backup = base + "." + std::to_string(i);
            db_.exec("VACUUM INTO " + sql_quote(backup));
            backup_path_ = backup;
        }
        migrate(static_cast<int>(version), target);
    }
}

void ResultsStore::migrate(int from, int to) {
    for (int v = from; v < to; ++v) {
        Transaction tx(db_);
        // Another process may have migrated while we waited for the write lock.
        std::int64_t now = db_.query_int("PRAGMA user_version");
        if (now > v) continue;  // tx rolls back (nothing written)
        try {
            db_.exec(kMigrations[static_cast<std::size_t>(v)]);
        } catch (const Error& e) {
            throw Error(db_.path() + ": migration of the store schema from " + std::to_string(v) + " to " +
                        std::to_string(v + 1) + " failed: " + e.what());
        }
        if (v == 0) db_.exec("PRAGMA application_id=" + std::to_string(kApplicationId));
        db_.exec("PRAGMA user_version=" + std::to_string(v + 1));
        tx.commit();
    }
}

int ResultsStore::user_version() { return static_cast<int>(db_.query_int("PRAGMA user_version")); }

bool ResultsStore::integrity_ok() {
    Statement st(db_, "PRAGMA integrity_check");
    return st.step() && st.column_text(0) == "ok" && !st.step();
}

}  // namespace bitsky::store
