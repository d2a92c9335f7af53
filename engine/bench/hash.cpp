#include "engine/bench/hash.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/dataset/dataset.h"
#include "engine/store/store.h"
#include "engine/util/error.h"

namespace bitsky::bench {

namespace {

constexpr std::uint64_t kPrime = 0x100000001b3ull;

std::uint64_t load64(const std::uint8_t* p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];  // little-endian, alignment-free
    return v;
}

// Owns a POSIX file descriptor.
class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

}  // namespace

std::uint64_t mix64(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

void Hasher64::block(const std::uint8_t* p) {
    for (int l = 0; l < 4; ++l) lanes_[l] = (lanes_[l] ^ load64(p + 8 * l)) * kPrime;
}

void Hasher64::update(std::span<const std::uint8_t> bytes) {
    const std::uint8_t* p = bytes.data();
    std::size_t n = bytes.size();
    length_ += n;
    if (tail_size_ > 0) {
        std::size_t take = std::min(n, sizeof tail_ - tail_size_);
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

void Hasher64::update(std::string_view text) {
    update(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

std::uint64_t Hasher64::digest() const {
    std::uint64_t h = 0x243f6a8885a308d3ull;
    for (std::size_t i = 0; i < tail_size_; ++i) h = (h ^ tail_[i]) * kPrime;
    for (std::uint64_t l : lanes_) h = mix64(h ^ l);
    return mix64(h ^ length_);
}

std::string file_content_hash(const std::filesystem::path& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) throw Error(path.string() + ": cannot read: " + std::strerror(errno));
#ifdef POSIX_FADV_SEQUENTIAL
    ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    Hasher64 h;
    std::uint64_t total = 0;
    std::vector<std::uint8_t> buf(1 << 20);
    for (;;) {
        ssize_t got = ::read(fd.get(), buf.data(), buf.size());
        if (got < 0) {
            if (errno == EINTR) continue;
            throw Error(path.string() + ": cannot read: " + std::strerror(errno));
        }
        if (got == 0) break;
        total += static_cast<std::uint64_t>(got);
        h.update(std::span<const std::uint8_t>(buf.data(), static_cast<std::size_t>(got)));
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h.digest()));
    return std::string("bsh64:") + hex + ":" + std::to_string(total);
}

std::uint64_t item_hash(std::string_view path, int hdu, std::int64_t frame, std::string_view codec_spec) {
    Hasher64 h;
    h.update(path);
    h.update(std::string_view("\0", 1));
    h.update(std::to_string(hdu));
    h.update(std::string_view("\0", 1));
    h.update(std::to_string(frame));
    h.update(std::string_view("\0", 1));
    h.update(codec_spec);
    return h.digest();
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

std::string stored_content_hash(const std::filesystem::path& path, std::int64_t size, std::int64_t& mtime,
                                const std::string* old_hash, std::int64_t old_size, std::int64_t old_mtime) {
    if (old_hash && old_mtime != 0 && old_mtime == mtime && old_size == size && old_hash->rfind("bsh64:", 0) == 0)
        return *old_hash;
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (now - mtime < kRacySeconds) mtime = 0;
    return file_content_hash(path);
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
    im.bitpix = 16;
    im.size_bytes = static_cast<std::int64_t>(fs::file_size(abs));
    const auto mt = std::chrono::file_clock::to_sys(fs::last_write_time(abs));
    im.mtime = std::chrono::duration_cast<std::chrono::seconds>(mt.time_since_epoch()).count();
    auto old = st.find_image(im.path, im.hdu);
    im.content_hash = old ? stored_content_hash(abs, im.size_bytes, im.mtime, &old->content_hash, old->size_bytes, old->mtime)
                          : stored_content_hash(abs, im.size_bytes, im.mtime, nullptr, 0, 0);
    return im;
}

}  // namespace bitsky::bench
