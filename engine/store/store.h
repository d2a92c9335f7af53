#pragma once
// The BitSky results store: one SQLite file holding datasets, images, codecs, benchmark
// runs and their results, predicted compressibility, models and bit-cost maps.
//
// - WAL journal, busy_timeout 10 s, foreign keys on, synchronous=NORMAL.
// - Schema versions by PRAGMA user_version; PRAGMA application_id = kApplicationId.
//   An older store is migrated in place after a backup copy "<db>.bak-v<N>" (N = the old
//   version); a store from a newer BitSky, or a file that is not a BitSky store, is an Error.
// - Writes go through BEGIN IMMEDIATE transactions: a killed writer loses at most its
//   open transaction, committed rows stay and integrity_check passes.
// - One writer at a time per store (several processes may open it; writers wait on the lock).
//   A ResultsStore object is not thread-safe: give each thread its own, or serialise calls.
//
// Resume policy: completed_items() counts failed results as done by default (a refused
// BITPIX or a codec error would fail again); pass include_failed=false to retry failures.
// A retried item replaces its old row (UNIQUE(image_id, frame, codec_id)).
#include <compare>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/image/fidelity.h"
#include "engine/store/sqlite.h"

namespace bitsky::store {

// 'BSKY' as a big-endian 32-bit integer: marks a SQLite file as a BitSky store.
inline constexpr std::int32_t kApplicationId = 0x42534B59;
// Current schema version (number of migration steps).
int schema_version();

struct OpenOptions {
    bool create = true;      // create the file if missing (false: missing file is an Error)
    bool read_only = false;  // open read-only: no migration (an older store is an Error)
    int busy_timeout_ms = 10000;
    // Test hook: build/migrate the schema only up to this version (0 = current).
    int target_version = 0;
};

struct Dataset {
    std::int64_t id = 0;
    std::string name;
    std::string root;  // root folder (or file) the dataset was discovered from
};

// One image HDU of a FITS file, identified by (path, hdu).
struct ImageRecord {
    std::int64_t id = 0;
    std::int64_t dataset_id = 0;
    std::string path;
    int hdu = 0;
    std::int64_t frame_count = 1;
    std::string shape;  // JSON array, FITS order: "[NAXIS1, NAXIS2, ...]"
    int bitpix = 16;
    double bzero = 0;
    bool shifted = false;  // signed int16 shifted by +32768 to uint16
    std::string content_hash;
    std::int64_t mtime = 0;       // file modification time (seconds since the epoch)
    std::int64_t size_bytes = 0;  // file size
    std::optional<std::string> noise_json;  // noise estimates per frame (JSON), if known
};

struct ImageUpsert {
    std::int64_t id = 0;
    bool inserted = false;      // new (path, hdu)
    bool hash_changed = false;  // existing image whose content hash changed: its results,
                                // predictions and cost maps were deleted
};

struct Codec {
    std::int64_t id = 0;
    std::string spec;     // e.g. "jpegxl:e7"
    std::string library;  // e.g. "libjxl"
    std::string version;  // e.g. "0.7.0"
    bool lossy = false;   // codecs::Codec::lossy(): its results are reported apart
};

struct RunInfo {
    std::int64_t id = 0;
    std::string uuid;  // filled by begin_run when empty; identifies the run across merges
    std::string host;
    std::string cpu_model;
    int threads = 0;
    int jobs = 0;
    std::string library_versions = "{}";  // JSON object
    std::string command_line;
    std::string started_at;  // ISO 8601 UTC; filled by begin_run when empty
    std::string ended_at;
    std::string status;  // "running", then what end_run was given ("done", "cancelled", ...)
};

// One measured (image, frame, codec) item.
struct ResultRow {
    std::optional<std::int64_t> run_id;
    std::int64_t image_id = 0;
    std::int64_t frame = 0;
    std::int64_t codec_id = 0;
    std::int64_t raw_bytes = 0;
    std::int64_t compressed_bytes = 0;
    double encode_s = 0;  // min over repeats (wall)
    double encode_median_s = 0;
    double decode_s = 0;  // min over repeats (wall)
    double decode_median_s = 0;
    double encode_cpu_s = 0;
    double decode_cpu_s = 0;
    std::int64_t peak_rss_kib = 0;
    bool lossless_ok = false;
    std::optional<std::string> error;  // set for failures
    int repeats = 1;
    std::string coding;  // the codec's declared reduction of this frame (Codec::coding), "" if none
    // A lossy codec's result (schema v5): verified against the codec's own promise, not
    // bit for bit; lossless_ok is false, error empty when verified. Its fidelity (table
    // `fidelity`) when measured.
    bool lossy = false;
    std::optional<Fidelity> fidelity;

    bool failed() const { return error.has_value() || (!lossless_ok && !lossy); }
};

struct WorkKey {
    std::int64_t image_id = 0;
    std::int64_t frame = 0;
    std::int64_t codec_id = 0;
    auto operator<=>(const WorkKey&) const = default;
};

enum class ReportBy { Image, Dataset };

// One report line. For ReportBy::Image, `image`/`hdu` name the image HDU and images == 1;
// for ReportBy::Dataset, `image` is empty and hdu is -1.
// Sums run over successful results only (verified: lossless_ok, or lossy and no error);
// failed items are counted in `failures`. ratio = raw_bytes / compressed_bytes (total-bytes ratio); mean_image_ratio
// is the mean over images of each image's own ratio (equal to ratio for one image).
// An image HDU a codec cannot take (pixel type, frame size, a cube spec on a 2D image):
// recorded instead of results, with the reason; not a failure.
struct SkipRow {
    std::optional<std::int64_t> run_id;
    std::int64_t image_id = 0;
    std::int64_t codec_id = 0;
    std::string reason;
};

// One failed result or skipped item, for listings (report --failures, bench, the GUI).
struct FailureRow {
    std::string dataset;
    std::string path;
    int hdu = 0;
    std::int64_t frame = 0;  // 0 for a skipped HDU
    std::string codec;
    std::string status;  // "failed" | "skipped"
    std::string error;   // the reason
};

// The fidelity of the lossy results of one report row: means over its results (frames)
// that have a fidelity, the worst case where named max; photometry and centroids as the
// RMS of the results' RMS values.
struct FidelitySummary {
    std::int64_t results = 0;  // lossy results with a fidelity
    std::optional<double> rms_over_sigma, noise_increase, noise_increase_exact;  // means
    double max_abs_error = 0;  // max
    double bias = 0, background_shift = 0;  // means
    std::int64_t sources = 0;  // summed over results
    std::optional<double> phot_error_rms, centroid_shift_rms;  // RMS over results
    std::optional<double> phot_error_max, centroid_shift_max;  // max
};

struct ReportRow {
    std::string dataset;
    std::string image;
    int hdu = -1;
    std::string codec;
    std::string codec_version;
    // The images' FITS BITPIX: a dataset's rows are grouped by pixel type (ratios of 16-bit
    // and float32 images mean different things and are never summed together).
    int bitpix = 16;
    std::int64_t images = 0;
    std::int64_t frames = 0;  // results counted (successful + failed)
    std::int64_t raw_bytes = 0;
    std::int64_t compressed_bytes = 0;
    std::optional<double> ratio;             // sum raw / sum compressed
    std::optional<double> mean_image_ratio;  // mean of per-image ratios
    std::optional<double> bpp;               // compressed bits per pixel: 8 * compressed / pixels
                                             // (= 16 / ratio for 16-bit images, |BITPIX| / ratio for one type)
    std::optional<double> encode_mb_s;       // raw MB (1e6 bytes) / summed min encode time
    std::optional<double> decode_mb_s;
    std::int64_t failures = 0;
    std::int64_t skipped = 0;  // image HDUs the codec cannot take (not failures)
    std::string coding;        // by image: the codec's declared reduction (first frame's), "" if none
    bool lossy = false;        // a row of lossy results (lossy_report): never ranked with lossless rows
    std::optional<FidelitySummary> fidelity;  // lossy rows: their results' fidelity
};

struct Prediction {
    std::int64_t image_id = 0;
    std::int64_t frame = 0;
    std::string kind;  // e.g. "gauss-noise", "iid", "context", "neural:NAME"
    double bpp = 0;
};

struct ModelRecord {
    std::int64_t id = 0;
    std::string name;
    std::string kind;
    std::string path;
    std::string metadata = "{}";  // JSON
    std::string created_at;       // filled when empty
};

struct Costmap {
    std::int64_t id = 0;
    std::int64_t image_id = 0;
    std::int64_t frame = 0;
    std::string model;
    double bpp = 0;
    double total_bits = 0;
    std::string file;  // bit-cost map FITS file
};

class ResultsStore {
public:
    explicit ResultsStore(const std::string& path, OpenOptions options = {});
    ResultsStore(const ResultsStore&) = delete;
    ResultsStore& operator=(const ResultsStore&) = delete;
    ResultsStore(ResultsStore&&) = default;

    const std::string& path() const { return db_.path(); }
    int user_version();
    // Path of the backup made when this open migrated the store (empty if none).
    const std::string& backup_path() const { return backup_path_; }
    // PRAGMA integrity_check == "ok".
    bool integrity_ok();
    Database& database() { return db_; }

    // --- datasets and images
    std::int64_t upsert_dataset(const std::string& name, const std::string& root);  // by root
    std::vector<Dataset> datasets();
    // By (path, hdu). If the stored content_hash differs, that image's results, predictions
    // and cost maps are deleted so it gets re-measured.
    ImageUpsert upsert_image(const ImageRecord& image);
    // Same, for many images in one transaction (planning a large dataset).
    std::vector<ImageUpsert> upsert_images(const std::vector<ImageRecord>& images);
    std::optional<ImageRecord> find_image(const std::string& path, int hdu);
    // For each (path, content hash) of a file just recorded: removes that file's image rows
    // with another content hash (HDUs that vanished from a changed file) and, with them,
    // their results, predictions and cost maps. One transaction.
    // Gives every image row of `path` with content hash `old_hash` the hash `new_hash`
    // (same file, hashed anew by a newer BitSky): its results stay.
    void replace_content_hash(const std::string& path, const std::string& old_hash, const std::string& new_hash);
    void remove_stale_images(const std::vector<std::pair<std::string, std::string>>& path_hashes);
    std::vector<ImageRecord> images();
    void set_noise(std::int64_t image_id, const std::string& noise_json);

    // --- codecs (by spec + library version: a new library version is a new codec row,
    // so its results are measured afresh)
    std::int64_t upsert_codec(const std::string& spec, const std::string& library, const std::string& version,
                              bool lossy = false);
    std::vector<Codec> codecs();

    // --- runs
    std::int64_t begin_run(RunInfo run);
    void end_run(std::int64_t run_id, const std::string& status);
    std::vector<RunInfo> runs();

    // --- results
    // Inserts (or replaces, by (image, frame, codec)) all rows in one transaction.
    void insert_results(const std::vector<ResultRow>& rows);
    // Items already in the store among the given codecs and images (an empty list means
    // "all"). Failed items count as done unless include_failed is false.
    std::set<WorkKey> completed_items(const std::vector<std::int64_t>& codec_ids,
                                      const std::vector<std::int64_t>& image_ids, bool include_failed = true);
    std::vector<ResultRow> results();
    // Every failed result and then every skipped item, each ordered by dataset, path, HDU,
    // frame and codec.
    std::vector<FailureRow> failures();
    // Records skipped (image, codec) items (replacing their earlier skip or results).
    void record_skips(const std::vector<SkipRow>& skips);
    std::int64_t skip_count();
    std::int64_t result_count();

    // --- reports (ordered by dataset, image, hdu, codec spec)
    // Lossless results only: lossy ones are never ranked with them (issue #22).
    std::vector<ReportRow> report(ReportBy by);
    // The lossy results (and lossy codecs' skips), with their fidelity; rows marked lossy.
    std::vector<ReportRow> lossy_report(ReportBy by);

    // --- predictions, models, cost maps
    void upsert_prediction(const Prediction& p);
    std::vector<Prediction> predictions(std::int64_t image_id);
    std::int64_t upsert_model(ModelRecord m);  // by name
    std::vector<ModelRecord> models();
    std::int64_t upsert_costmap(const Costmap& c);  // by (image, frame, model)
    std::vector<Costmap> costmaps(std::int64_t image_id);

private:
    void open_and_migrate(const OpenOptions& options);
    // False when a read-only open cannot read (no -shm can be made beside the store).
    bool readable();
    void migrate(int from, int to);
    std::vector<ReportRow> report_rows(ReportBy by, bool lossy);

    Database db_;
    std::string backup_path_;
};

// Merges shard stores into `out` (created if missing). Datasets match by root, images by
// (path, hdu) and content hash, codecs by (spec, version), runs by uuid, results by
// (image, frame, codec) with their fidelity, predictions by (image, frame, kind), models by
// name, cost maps by (image, frame, model). Idempotent: merging a store twice adds nothing.
// All inputs are checked first (each must be a current-version BitSky store, other than
// `out`); each input is then merged in its own transaction. An input is refused with an
// Error naming it and the item, adding nothing from it, when an image (path, hdu) has a
// different content hash or the same result differs (raw or compressed bytes, lossless
// or lossy flag, failed or not). Inputs merged before a refused one stay merged (re-running is
// safe). Returns the number of result rows added.
std::int64_t merge(const std::string& out, const std::vector<std::string>& inputs);

}  // namespace bitsky::store
