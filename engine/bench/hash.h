#pragma once
// Hashes the benchmark runner needs: a content hash of each file (so a changed file is
// re-measured) and a stable hash of each work item (so --shard K/N picks the same items
// whatever order the files were discovered in, on every machine that sees the same paths).
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

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
