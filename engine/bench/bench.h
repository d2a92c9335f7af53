#pragma once
// The benchmark runner behind `bitsky-cli bench` (design.md, issue 5).
//
// Plan: files and dataset folders -> image HDUs and frames (dataset::select_frames) ->
// work items (image HDU x frame x codec). Each file gets a content hash; an image whose
// hash changed loses its old results in the store (so it is re-measured), and image HDUs
// that vanished from a changed file are removed. Items already in the store are skipped
// (resume); failed items count as done unless `retry_failed`.
//
// A file that cannot be used (unreadable, not FITS, no 16-bit image HDU) becomes one
// image row with HDU 0 (bitpix of its primary, or 0) and one failed result per codec
// (frame 0) carrying the message: it is counted in reports and the summary, and it is
// tried again only when its content changes (or with retry_failed).
//
// Sharding: item (path, hdu, frame, codec spec) belongs to shard K/N when
// item_hash(...) % N == K-1 (hash.h); paths are the absolute, normalised paths stored
// in the store, so shards are disjoint, cover everything and do not depend on the order
// of discovery.
//
// Transform specs (`tdiff+jpegls`, engine/codecs/cube_codec.h): the unit of work is a
// whole image HDU. Its selected frames are read once as a Cube16 (the whole HDU when
// every frame is selected; otherwise the selected planes stacked as W x H x n, e.g. the
// first integration of a JWST 4D SCI) and coded as one verified cube stream. Still one
// result row per (image, frame, spec): frame k's compressed_bytes are its 2D codestream
// plus its framing and side information in the stream, and the stream header and the
// trailing checksum are added to the first selected frame, so the rows of an HDU sum to
// the stream size. Wall and CPU times are the cube's, split evenly over its frames.
// lossless_ok/error are the cube round trip's, on every row. A 2D HDU with a transform
// spec is a failed item (one row, the codec's refusal message, e.g. "... needs a cube
// (NAXIS >= 3); this image is 2D ...: use the plain codec 'jpegls'"): it is counted in
// the summary and the report and, like every failure, not retried unless retry_failed.
// Sharding uses item_hash(path, hdu, -1, spec), so a whole HDU goes to one shard. Resume:
// an HDU whose rows for that spec are all in the store is skipped; if any is missing the
// whole HDU is measured again and its rows replaced. An HDU's rows are committed in one
// transaction.
//
// Execution: `jobs` worker threads take frames (one frame read, then each of its pending
// codecs); every codec runs single-threaded (CodecOptions::threads = codec_threads).
// The calling thread is the only writer: it owns the ResultsStore and commits, in one
// transaction, every result that has finished since its last commit (it wakes at least
// every 100 ms), so a SIGKILL loses only the items being computed at that moment.
//
// Timing: each item is run `repeat` times with codecs::roundtrip (every repeat is decoded
// and verified); encode_s/decode_s are the minimum wall times, *_median_s the medians.
// CPU seconds are the minimum over repeats of: with jobs == 1, roundtrip's process CPU
// time (includes codec-internal threads and helper processes); with several workers,
// the worker thread's CPU time (CLOCK_THREAD_CPUTIME_ID) over the round trip, split
// between encode and decode in proportion to their wall times. peak_rss_kib is the
// process peak resident set (getrusage) when the item finished.
//
// Cancel: when *cancel becomes non-zero (set from a signal handler), workers take no new
// item, in-flight items finish and are committed, the run is marked "cancelled".
// Runs end "finished" (all planned items done), "cancelled", or "failed" (an exception
// escaped, e.g. the store could not be written; it is rethrown).
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "engine/bench/hash.h"
#include "engine/store/store.h"

namespace bitsky::bench {

struct BenchOptions {
    std::vector<std::string> codecs;  // specs (codecs::parse_cube_codec_list: 2D or transform
                                      // specs); empty = default_codec_specs()
    int jobs = 0;                     // worker threads; 0 = hardware cores
    int repeat = 1;                   // timed round trips per item (>= 1)
    int codec_threads = 1;            // threads inside one encode/decode
    Shard shard;                      // --shard K/N
    bool retry_failed = false;        // re-run items whose stored result failed
    bool predictions = true;          // also store each frame's noise estimates and predictions
    std::string command_line;         // recorded in the run row
};

struct Progress {
    std::int64_t done = 0;       // items finished (this run + already in the store)
    std::int64_t total = 0;      // items planned for this shard
    std::int64_t failures = 0;   // failed items among `done`
    std::int64_t done_this_run = 0;
    std::string current;         // last finished item, "path[hdu] frame k codec"
    double elapsed_s = 0;        // since execution started
    double eta_s = -1;           // seconds left (-1: unknown yet)
    bool final = false;          // last report (after the final commit)
};

// A failed item of this run, with the reason.
struct FailedItem {
    std::string path;
    int hdu = 0;
    std::int64_t frame = 0;
    std::string codec;
    std::string error;
};

// An image HDU (or a file without images) a codec cannot take: not measured, not a failure.
struct SkippedItem {
    std::string path;
    int hdu = 0;
    std::string codec;
    std::string reason;
};

struct BenchSummary {
    std::int64_t run_id = 0;
    std::string status;              // finished | cancelled | failed
    std::int64_t files = 0;          // files discovered
    std::int64_t images = 0;         // image HDU rows planned in this shard
    std::int64_t total_items = 0;    // items in this shard
    std::int64_t already_done = 0;   // skipped at start (resume)
    std::int64_t measured = 0;       // items finished by this run
    std::int64_t failures = 0;       // failed items among all planned (this run + earlier)
    std::int64_t new_failures = 0;   // failed items finished by this run
    std::int64_t remeasured_images = 0;  // image HDUs whose content hash changed
    std::int64_t missing = 0;        // items still not done (cancelled)
    double plan_s = 0, run_s = 0;
    int jobs = 0;
    std::vector<FailedItem> failed;    // items that failed in this run (first kMaxListedFailures)
    std::int64_t skipped = 0;          // (image HDU, codec) pairs a codec cannot take, this shard
    std::vector<SkippedItem> skips;    // the first kMaxListedFailures of them
    // Input that was not used: a folder with no FITS files, splits/*.jsonl entries outside
    // the dataset folder or not regular files (each "where: what: why").
    std::vector<std::string> warnings;
};

// At most this many failures are listed in BenchSummary::failed (all are counted).
inline constexpr std::size_t kMaxListedFailures = 1000;

using ProgressFn = std::function<void(const Progress&)>;

// Plans and runs a benchmark into `store`. Progress callbacks come from the calling
// thread (after commits, at most every `progress_interval_s`, plus a final one).
// Throws UsageError for bad options (unknown codec spec, repeat < 1), Error when a
// path does not exist or the store fails.
BenchSummary run_bench(store::ResultsStore& store, const std::vector<std::filesystem::path>& paths,
                       const BenchOptions& options, const ProgressFn& progress = {},
                       const std::atomic<int>* cancel = nullptr, double progress_interval_s = 0.2);

// Host facts recorded in the run row.
std::string host_name();
std::string cpu_model();  // "model name" of /proc/cpuinfo (or "" if unknown)

}  // namespace bitsky::bench
