#pragma once
// Hashes the benchmark runner needs: a content hash of each file (so a changed file is
// re-measured) and a stable hash of each work item (so --shard K/N picks the same items
// whatever order the files were discovered in, on every machine that sees the same paths).
#include <cstdint>
#include <filesystem>
#include <span>
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

// 64-bit non-cryptographic hash for change detection (not for adversarial input): four
// FNV-1a style lanes over little-endian 64-bit words, a tail, the length, and a
// splitmix64 finaliser. Memory-bound on one core (several GB/s).
class Hasher64 {
public:
    void update(std::span<const std::uint8_t> bytes);
    void update(std::string_view text);
    std::uint64_t digest() const;

private:
    std::uint64_t lanes_[4] = {0xcbf29ce484222325ull, 0x84222325cbf29ce4ull, 0x9e3779b97f4a7c15ull,
                               0xc2b2ae3d27d4eb4full};
    std::uint64_t length_ = 0;
    std::uint8_t tail_[32] = {};
    std::size_t tail_size_ = 0;
    void block(const std::uint8_t* p);
};

// "bsh64:<16 hex digits>:<size>" over the whole file. Throws bitsky::Error naming the
// file when it cannot be read.
std::string file_content_hash(const std::filesystem::path& path);

// The content hash to store for a file of `size` bytes last modified at `mtime` (seconds):
// `old_hash` (the store's hash of the file, from a row with `old_size`, `old_mtime`) when
// size and mtime are unchanged, else the file hashed again. A file modified within the
// last seconds may still change within its mtime second: `mtime` is then set to 0, so the
// next run hashes it again. Throws as file_content_hash.
std::string stored_content_hash(const std::filesystem::path& path, std::int64_t size, std::int64_t& mtime,
                                const std::string* old_hash, std::int64_t old_size, std::int64_t old_mtime);

// The store's row for one image HDU of `file` (absolute, canonical path; size, mtime and
// content hash as stored_content_hash gives them, reusing the store's hash), as
// bitsky-cli bench records it. The caller upserts it.
store::ImageRecord image_record(store::ResultsStore& st, const std::filesystem::path& file, std::int64_t dataset_id,
                                const dataset::FrameSelection& sel);

// splitmix64 finaliser (a bijective 64-bit mix).
std::uint64_t mix64(std::uint64_t x);

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
