#pragma once
// Hashes the benchmark runner needs (XXH3, libxxhash): a content hash of each file (so a
// changed file is re-measured) and a stable hash of each work item (so --shard K/N picks the same items
// whatever order the files were discovered in, on every machine that sees the same paths).
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace bitsky::store {
struct ImageRecord;
class ResultsStore;
}  // namespace bitsky::store
namespace bitsky::dataset {
struct FrameSelection;
}  // namespace bitsky::dataset

namespace bitsky::bench {

// "xxh3:<32 hex digits>:<size>": XXH3-128 over the whole file (change detection, not
// authentication). Throws bitsky::Error naming the file when it cannot be read.
std::string file_content_hash(const std::filesystem::path& path);

// "bsh64:<16 hex digits>:<size>": the content hash of BitSky before XXH3, used only to
// recognise unchanged files in stores written by an older BitSky.
std::string legacy_content_hash(const std::filesystem::path& path);

// The content hash to store for image HDU `hdu` of `path` (absolute, canonical), `size`
// bytes, last modified at `mtime` (seconds): the store's hash of it when its size and mtime
// are unchanged, else the file hashed again. A file modified within the last seconds may
// still change within its mtime second: `mtime` is then set to 0, so the next run hashes it
// again. A store written by an older BitSky holds "bsh64:" hashes (a weak 64-bit hash): the
// file is hashed with both; if it still matches the old hash, the store's rows of the file
// get the new hash in place (its results stay), else the new hash marks it changed.
// Throws as file_content_hash.
std::string stored_content_hash(store::ResultsStore& st, const std::filesystem::path& path, int hdu, std::int64_t size,
                                std::int64_t& mtime);

// The store's row for one image HDU of `file` (absolute, canonical path; size, mtime and
// content hash as stored_content_hash gives them, reusing the store's hash), as
// bitsky-cli bench records it. The caller upserts it.
store::ImageRecord image_record(store::ResultsStore& st, const std::filesystem::path& file, std::int64_t dataset_id,
                                const dataset::FrameSelection& sel);

// Stable hash of one work item: (image path as stored, HDU, frame, codec spec).
std::uint64_t item_hash(std::string_view path, int hdu, std::int64_t frame, std::string_view codec_spec);

// --shard K/N: 1-based K of N. The default 1/1 takes everything.
struct Shard {
    int index = 1;
    int count = 1;
    bool all() const { return count == 1; }
    // Item with this item_hash belongs to this shard.
    bool contains(std::uint64_t hash) const {
        return count <= 1 || hash % static_cast<std::uint64_t>(count) == static_cast<std::uint64_t>(index - 1);
    }
    std::string str() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// "K/N" with 1 <= K <= N; UsageError otherwise.
Shard parse_shard(std::string_view text);

}  // namespace bitsky::bench
