#pragma once
// Benchmark planning (internal to engine/bench): which codecs, which (image HDU, frame,
// codec) items of which files are this shard's, and which of them the store already has.
// The store's image rows are written here (upserted, stale HDUs removed), nothing else.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/bench/bench.h"
#include "engine/codecs/codec.h"
#include "engine/codecs/cube_codec.h"
#include "engine/dataset/dataset.h"

namespace bitsky::bench {

// One codec spec of the run: a plain 2D codec, or a cube spec (`tdiff+jpegls`, `bitsky:3d`).
struct CodecEntry {
    std::string spec;
    std::unique_ptr<codecs::Codec> codec;     // plain 2D spec (null for a cube spec)
    std::unique_ptr<codecs::CubeCodec> cube;  // cube spec, else null
    std::int64_t id = 0;                      // the store's codec row
    bool is_cube() const { return cube != nullptr; }
    const codecs::Codec& base() const { return cube ? cube->codec() : *codec; }
};

// The run's codecs from their specs (default set when empty), duplicates dropped.
// UsageError for an unknown spec.
std::vector<CodecEntry> make_codec_table(const std::vector<std::string>& specs, int codec_threads);

// One frame to measure with one codec: a frame's codecs spread over the workers, so a few
// large frames do not leave the other workers idle at the end.
struct FrameItem {
    std::string path;
    int hdu = 0;
    std::int64_t frame = 0;
    std::int64_t image_id = 0;
    std::size_t codec = 0;     // index into the codec table
    bool predictions = false;  // the frame's first item also stores noise and predictions
    std::uint64_t pixels = 0;  // of the frame: the cost estimate for scheduling
};

// One HDU to measure with one cube spec: all its selected frames as one cube stream.
struct CubeItem {
    std::string path;
    int hdu = 0;
    std::int64_t image_id = 0;
    std::size_t codec = 0;            // index into the codec table
    std::vector<std::size_t> frames;  // selected frames (storage order), one result row each
    std::vector<std::size_t> axes;    // of the whole HDU
    std::uint64_t pixels() const;     // all its frames' pixels: the cost estimate
};

// A file that could not be used: one failed result per codec of the shard, known without work.
struct FileFailure {
    std::string path;
    int hdu = 0;
    std::string error;
    std::vector<std::size_t> codecs;
    std::int64_t image_id = 0;
};

// An image HDU (or a file without images) a codec cannot take: recorded, not measured.
struct SkipItem {
    std::string path;
    int hdu = 0;
    std::int64_t image_id = 0;
    std::size_t codec = 0;  // index into the codec table
    std::string reason;
};

struct Plan {
    std::vector<FrameItem> frames;
    std::vector<SkipItem> skips;
    std::vector<CubeItem> cubes;
    std::vector<FileFailure> failures;
    std::int64_t files = 0;              // files discovered
    std::int64_t images = 0;             // image HDU rows of this shard
    std::int64_t total_items = 0;        // items of this shard
    std::int64_t already_done = 0;       // in the store already (skipped)
    std::int64_t failed_before = 0;      // failed items among the skipped ones
    std::int64_t remeasured_images = 0;  // image HDUs whose content hash changed
    bool cancelled = false;              // planning stopped early by *cancel
    bool predictions = true;             // items store noise estimates and predictions
};

// Reads the headers of every file of `datasets`, records their image rows in the store
// (a changed file's old results and vanished HDUs are removed) and lists what is left to
// measure in this shard. Stops early (Plan::cancelled) when *cancel becomes non-zero.
Plan plan_bench(store::ResultsStore& store, const std::vector<dataset::Dataset>& datasets,
                const std::vector<CodecEntry>& codecs, const BenchOptions& options, const std::atomic<int>* cancel);

}  // namespace bitsky::bench
