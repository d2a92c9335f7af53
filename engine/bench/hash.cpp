#include "engine/bench/hash.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <new>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <xxhash.h>

#include "engine/dataset/dataset.h"
#include "engine/store/store.h"
#include "engine/util/error.h"
#include "engine/util/files.h"

namespace bitsky::bench {

namespace {

// Owns an XXH3 streaming state.
struct Xxh3State {
    XXH3_state_t* s = XXH3_createState();
    Xxh3State() {
        if (!s) throw std::bad_alloc();
        XXH3_128bits_reset(s);
    }
    ~Xxh3State() { XXH3_freeState(s); }
    Xxh3State(const Xxh3State&) = delete;
    Xxh3State& operator=(const Xxh3State&) = delete;
};

// The content hash of BitSky before XXH3 ("bsh64:"): four FNV-1a style lanes over 64-bit
// words. Kept only to recognise an unchanged file in a store written by an older BitSky
// (it misses some two-bit changes, so it never decides that a file changed nothing).
class LegacyHasher {
public:
    void update(const std::uint8_t* p, std::size_t n) {
        length_ += n;
        if (tail_size_ > 0) {
            const std::size_t take = std::min(n, sizeof tail_ - tail_size_);
            std::memcpy(tail_ + tail_size_, p, take);
            tail_size_ += take;
            p += take;
            n -= take;
            if (tail_size_ < sizeof tail_) return;
            block(tail_);
            tail_size_ = 0;
        }
        for (; n >= 32; p += 32, n -= 32) block(p);
        std::memcpy(tail_, p, n);
        tail_size_ = n;
    }
    std::uint64_t digest() const {
        std::uint64_t h = 0x243f6a8885a308d3ull;
        for (std::size_t i = 0; i < tail_size_; ++i) h = (h ^ tail_[i]) * kPrime;
        for (std::uint64_t l : lanes_) h = mix(h ^ l);
        return mix(h ^ length_);
    }

private:
    static constexpr std::uint64_t kPrime = 0x100000001b3ull;
    static std::uint64_t mix(std::uint64_t x) {
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9ull;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebull;
        x ^= x >> 31;
        return x;
    }
    void block(const std::uint8_t* p) {
        for (int l = 0; l < 4; ++l) {
            std::uint64_t v = 0;
            for (int i = 7; i >= 0; --i) v = (v << 8) | p[8 * l + i];
            lanes_[l] = (lanes_[l] ^ v) * kPrime;
        }
    }
    std::uint64_t lanes_[4] = {0xcbf29ce484222325ull, 0x84222325cbf29ce4ull, 0x9e3779b97f4a7c15ull,
                               0xc2b2ae3d27d4eb4full};
    std::uint64_t length_ = 0;
    std::uint8_t tail_[32] = {};
    std::size_t tail_size_ = 0;
};

constexpr std::string_view kPrefix = "xxh3:";
constexpr std::string_view kLegacyPrefix = "bsh64:";

struct FileHashes {
    std::string current;  // xxh3:
    std::string legacy;   // bsh64: (only when asked for)
};

FileHashes hash_file(const std::filesystem::path& path, bool with_legacy) {
    util::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) throw Error(path.string() + ": cannot read: " + std::strerror(errno));
#ifdef POSIX_FADV_SEQUENTIAL
    ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    Xxh3State state;
    LegacyHasher legacy;
    std::uint64_t total = 0;
    std::vector<std::uint8_t> buf(1 << 20);
    for (;;) {
        const ssize_t got = ::read(fd.get(), buf.data(), buf.size());
        if (got < 0) {
            if (errno == EINTR) continue;
            throw Error(path.string() + ": cannot read: " + std::strerror(errno));
        }
        if (got == 0) break;
        total += static_cast<std::uint64_t>(got);
        XXH3_128bits_update(state.s, buf.data(), static_cast<std::size_t>(got));
        if (with_legacy) legacy.update(buf.data(), static_cast<std::size_t>(got));
    }
    const XXH128_hash_t h = XXH3_128bits_digest(state.s);
    char hex[33];
    std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                  static_cast<unsigned long long>(h.low64));
    FileHashes out;
    out.current = std::string(kPrefix) + hex + ":" + std::to_string(total);
    if (with_legacy) {
        char old[17];
        std::snprintf(old, sizeof old, "%016llx", static_cast<unsigned long long>(legacy.digest()));
        out.legacy = std::string(kLegacyPrefix) + old + ":" + std::to_string(total);
    }
    return out;
}

}  // namespace

std::string file_content_hash(const std::filesystem::path& path) { return hash_file(path, false).current; }
std::string legacy_content_hash(const std::filesystem::path& path) { return hash_file(path, true).legacy; }

std::uint64_t item_hash(std::string_view path, int hdu, std::int64_t frame, std::string_view codec_spec) {
    std::string key;
    key.reserve(path.size() + codec_spec.size() + 32);
    key.append(path).push_back('\0');
    key.append(std::to_string(hdu)).push_back('\0');
    key.append(std::to_string(frame)).push_back('\0');
    key.append(codec_spec);
    return XXH3_64bits(key.data(), key.size());
}

Shard parse_shard(std::string_view text) {
    auto bad = [&] {
        return UsageError("--shard needs K/N with 1 <= K <= N (e.g. 2/8), got '" + std::string(text) + "'");
    };
    auto slash = text.find('/');
    if (slash == std::string_view::npos) throw bad();
    Shard s;
    auto k = text.substr(0, slash), n = text.substr(slash + 1);
    auto r1 = std::from_chars(k.data(), k.data() + k.size(), s.index);
    auto r2 = std::from_chars(n.data(), n.data() + n.size(), s.count);
    if (r1.ec != std::errc{} || r1.ptr != k.data() + k.size() || r2.ec != std::errc{} ||
        r2.ptr != n.data() + n.size() || s.count < 1 || s.index < 1 || s.index > s.count)
        throw bad();
    return s;
}

// Files at or after this many seconds ago may still change within their mtime second.
constexpr std::int64_t kRacySeconds = 2;

std::string stored_content_hash(store::ResultsStore& st, const std::filesystem::path& path, int hdu, std::int64_t size,
                                std::int64_t& mtime) {
    const auto old = st.find_image(path.string(), hdu);
    const bool same_stat = old && old->mtime != 0 && old->mtime == mtime && old->size_bytes == size;
    if (same_stat && old->content_hash.starts_with(kPrefix)) return old->content_hash;
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (now - mtime < kRacySeconds) mtime = 0;
    const bool legacy = old && old->content_hash.starts_with(kLegacyPrefix);
    FileHashes h = hash_file(path, legacy);
    if (legacy && h.legacy == old->content_hash) st.replace_content_hash(path.string(), old->content_hash, h.current);
    return h.current;
}

store::ImageRecord image_record(store::ResultsStore& st, const std::filesystem::path& file, std::int64_t dataset_id,
                                const dataset::FrameSelection& sel) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path abs = fs::weakly_canonical(fs::absolute(file, ec), ec);
    if (ec) abs = fs::absolute(file).lexically_normal();
    store::ImageRecord im;
    im.dataset_id = dataset_id;
    im.path = abs.string();
    im.hdu = sel.hdu;
    im.frame_count = static_cast<std::int64_t>(sel.frames.size());
    im.shape = nlohmann::json(sel.axes).dump();
    im.bitpix = sel.bitpix;
    im.size_bytes = static_cast<std::int64_t>(fs::file_size(abs));
    const auto mt = std::chrono::file_clock::to_sys(fs::last_write_time(abs));
    im.mtime = std::chrono::duration_cast<std::chrono::seconds>(mt.time_since_epoch()).count();
    im.content_hash = stored_content_hash(st, abs, im.hdu, im.size_bytes, im.mtime);
    return im;
}

}  // namespace bitsky::bench
