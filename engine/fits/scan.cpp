#include "engine/fits/scan.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>
#include <string_view>

#include "engine/util/error.h"
#include "engine/util/files.h"

namespace bitsky::fits {
namespace {

// Headers longer than this (28.8 MB, 360,000 cards) are refused: no real header comes
// close, and a header without END must not make us read (or inflate) forever.
constexpr std::uint64_t kMaxHeaderBlocks = 10000;
// Declared data sizes above 2^62 bytes are refused (and products are checked for overflow).
constexpr unsigned __int128 kMaxDataBytes = static_cast<unsigned __int128>(1) << 62;
// CFITSIO's MAX_COMPRESS_DIM and its tile length type (long, but tiles are counted in int).
constexpr long long kMaxCompressDims = 6;
constexpr long long kMaxTilePixels = 1LL << 31;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// The value text of a card (after "= "), without its comment; strings keep their quotes.
std::string value_of(std::string_view card) {
    std::string_view v = card.substr(10);
    v = trim(v);
    if (!v.empty() && v.front() == '\'') {
        std::size_t i = 1;
        for (; i < v.size(); ++i) {
            if (v[i] != '\'') continue;
            if (i + 1 < v.size() && v[i + 1] == '\'') {
                ++i;
                continue;
            }
            break;
        }
        return std::string(v.substr(0, std::min(i + 1, v.size())));
    }
    if (auto slash = v.find('/'); slash != std::string_view::npos) v = v.substr(0, slash);
    return std::string(trim(v));
}

std::optional<long long> as_int(const std::string& v) {
    long long x = 0;
    const char* b = v.data();
    const char* e = v.data() + v.size();
    if (b != e && *b == '+') ++b;
    auto r = std::from_chars(b, e, x);
    if (r.ec != std::errc{} || r.ptr != e) return std::nullopt;
    return x;
}

std::string as_string(const std::string& v) {
    if (v.size() < 2 || v.front() != '\'') return v;
    std::string out;
    for (std::size_t i = 1; i + 1 < v.size(); ++i) {
        out += v[i];
        if (v[i] == '\'' && v[i + 1] == '\'') ++i;
    }
    return std::string(trim(out));
}

}  // namespace

bool starts_extension(const char* block) { return std::memcmp(block, "XTENSION= ", 10) == 0; }

void HeaderParser::give_up(const std::string& why) { hdu_.problem = why; }

bool HeaderParser::feed(const char* block) {
    ++blocks_;
    for (std::size_t i = 0; i < kBlock; i += 80) {
        std::string_view card(block + i, 80);
        std::string_view keyword = trim(card.substr(0, 8));
        if (first_card_) {
            first_card_ = false;
            const char* want = primary_ ? "SIMPLE" : "XTENSION";
            if (keyword != want || card.substr(8, 2) != "= ") {
                give_up(primary_ ? "not a FITS file (it does not start with SIMPLE = T)"
                                 : "not an extension header (no XTENSION card where the next HDU should start)");
                return true;
            }
        }
        if (keyword == "END") {
            finish();
            return true;
        }
        if (card.substr(8, 2) == "= " && !keyword.empty()) keys_.emplace_back(std::string(keyword), value_of(card));
    }
    if (blocks_ >= kMaxHeaderBlocks) {
        give_up("a header without END in its first " + std::to_string(kMaxHeaderBlocks) + " blocks");
        return true;
    }
    return false;
}

void HeaderParser::finish() {
    hdu_.data_start = blocks_ * kBlock;
    auto find = [&](const std::string& k) -> const std::string* {
        for (const auto& [key, value] : keys_)
            if (key == k) return &value;
        return nullptr;
    };
    auto integer = [&](const std::string& k) -> std::optional<long long> {
        const std::string* v = find(k);
        return v ? as_int(*v) : std::nullopt;
    };
    auto fail = [&](const std::string& why) { hdu_.problem = why; };

    const auto bitpix = integer("BITPIX");
    if (!bitpix || (*bitpix != 8 && *bitpix != 16 && *bitpix != 32 && *bitpix != 64 && *bitpix != -32 && *bitpix != -64))
        return fail("BITPIX is missing or not one of 8, 16, 32, 64, -32, -64");
    const auto naxis = integer("NAXIS");
    if (!naxis || *naxis < 0 || *naxis > 999) return fail("NAXIS is missing or outside 0..999");
    std::vector<long long> axes;
    for (long long n = 1; n <= *naxis; ++n) {
        const auto a = integer("NAXIS" + std::to_string(n));
        if (!a || *a < 0) return fail("NAXIS" + std::to_string(n) + " is missing or negative");
        axes.push_back(*a);
    }
    long long pcount = 0, gcount = 1;
    const std::string* groups = find("GROUPS");
    const bool random_groups = primary_ && groups && *groups == "T" && !axes.empty() && axes[0] == 0;
    if (!primary_ || random_groups) {
        pcount = integer("PCOUNT").value_or(0);
        gcount = integer("GCOUNT").value_or(1);
        if (pcount < 0 || gcount < 0) return fail("PCOUNT or GCOUNT is negative");
    }
    unsigned __int128 elements = axes.empty() ? 0 : 1;
    for (std::size_t i = random_groups ? 1 : 0; i < axes.size(); ++i) {
        elements *= static_cast<unsigned __int128>(axes[i]);
        if (elements > kMaxDataBytes) return fail("the header declares more than 2^62 bytes of data");
    }
    if (axes.empty() && !random_groups) elements = 0;
    unsigned __int128 bytes = static_cast<unsigned __int128>(std::abs(*bitpix) / 8) *
                              static_cast<unsigned __int128>(gcount) *
                              (static_cast<unsigned __int128>(pcount) + elements);
    if (bytes > kMaxDataBytes) return fail("the header declares more than 2^62 bytes of data");
    hdu_.data_bytes = static_cast<std::uint64_t>(bytes);

    const std::string* xtension = find("XTENSION");
    const std::string* zimage = find("ZIMAGE");
    if (primary_ || !xtension || as_string(*xtension) != "BINTABLE" || !zimage || *zimage != "T") return;
    hdu_.compressed_image = true;
    // Tile-compressed image: what CFITSIO 4.2 trusts without checking.
    const auto zbitpix = integer("ZBITPIX");
    if (!zbitpix ||
        (*zbitpix != 8 && *zbitpix != 16 && *zbitpix != 32 && *zbitpix != 64 && *zbitpix != -32 && *zbitpix != -64))
        return fail("tile compression: ZBITPIX is missing or not a FITS BITPIX");
    const auto znaxis = integer("ZNAXIS");
    if (!znaxis || *znaxis < 1 || *znaxis > kMaxCompressDims)
        return fail("tile compression: ZNAXIS is missing or outside 1.." + std::to_string(kMaxCompressDims));
    const std::string* zcmptype = find("ZCMPTYPE");
    const std::string type = zcmptype ? as_string(*zcmptype) : "";
    static const std::array<std::string_view, 7> kTypes = {"RICE_1",      "RICE_ONE",   "GZIP_1", "GZIP_2",
                                                          "HCOMPRESS_1", "PLIO_1",     "NOCOMPRESS"};
    if (std::find(kTypes.begin(), kTypes.end(), type) == kTypes.end())
        return fail("tile compression: ZCMPTYPE '" + type + "' is not a known algorithm");
    unsigned __int128 tiles = 1, tile_pixels = 1;
    for (long long n = 1; n <= *znaxis; ++n) {
        const std::string k = std::to_string(n);
        const auto len = integer("ZNAXIS" + k);
        if (!len || *len < 1) return fail("tile compression: ZNAXIS" + k + " is missing or < 1");
        const auto tile = find("ZTILE" + k) ? integer("ZTILE" + k) : std::optional<long long>(n == 1 ? *len : 1);
        if (!tile || *tile < 1 || *tile > *len)
            return fail("tile compression: ZTILE" + k + " = " + (find("ZTILE" + k) ? *find("ZTILE" + k) : "?") +
                        " is not between 1 and ZNAXIS" + k + " = " + std::to_string(*len));
        tiles *= static_cast<unsigned __int128>((*len + *tile - 1) / *tile);
        tile_pixels *= static_cast<unsigned __int128>(*tile);
        if (tile_pixels > static_cast<unsigned __int128>(kMaxTilePixels))
            return fail("tile compression: a tile of more than 2^31 pixels");
    }
    const long long rows = axes.size() >= 2 ? axes[1] : 0;
    if (static_cast<unsigned __int128>(rows) != tiles)
        return fail("tile compression: the table has " + std::to_string(rows) + " rows but the tiles need " +
                    std::to_string(static_cast<unsigned long long>(tiles)));
    // Rice parameters: a block size of 0 makes the decoder loop forever.
    for (int i = 1; i <= 99; ++i) {
        const std::string* name = find("ZNAME" + std::to_string(i));
        if (!name) break;
        const std::string what = as_string(*name);
        const auto v = integer("ZVAL" + std::to_string(i));
        if (what == "BLOCKSIZE" && (!v || (*v != 16 && *v != 32)))
            return fail("tile compression: Rice BLOCKSIZE must be 16 or 32");
        if (what == "BYTEPIX" && (!v || (*v != 1 && *v != 2 && *v != 4 && *v != 8)))
            return fail("tile compression: Rice BYTEPIX must be 1, 2, 4 or 8");
    }
}

namespace {

// Reads exactly n bytes at offset (fewer only at the end of the file); Error on failure.
std::size_t read_at(int fd, char* buf, std::size_t n, std::uint64_t offset, const std::filesystem::path& path) {
    std::size_t got = 0;
    while (got < n) {
        const ssize_t r = ::pread(fd, buf + got, n - got, static_cast<off_t>(offset + got));
        if (r < 0) {
            if (errno == EINTR) continue;
            throw Error(path.string() + ": cannot read: " + std::strerror(errno));
        }
        if (r == 0) break;
        got += static_cast<std::size_t>(r);
    }
    return got;
}

}  // namespace

std::vector<RawHdu> scan_hdus(const std::filesystem::path& path) {
    util::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) throw Error(path.string() + ": cannot read: " + std::strerror(errno));
    std::vector<RawHdu> out;
    std::array<char, kBlock> block{};
    std::uint64_t at = 0;
    for (;;) {
        if (read_at(fd.get(), block.data(), kBlock, at, path) < kBlock) {
            if (out.empty()) {
                RawHdu bad;
                bad.problem = "not a FITS file (shorter than one 2880-byte block)";
                out.push_back(bad);
            }
            return out;  // the end of the file (or trailing bytes shorter than a block)
        }
        if (!out.empty() && !starts_extension(block.data())) return out;  // trailing bytes
        HeaderParser parser(out.empty());
        std::uint64_t pos = at;
        bool done = parser.feed(block.data());
        while (!done) {
            pos += kBlock;
            if (read_at(fd.get(), block.data(), kBlock, pos, path) < kBlock) {
                parser.give_up("the file ends inside a header (no END card)");
                break;
            }
            done = parser.feed(block.data());
        }
        RawHdu h = parser.result();
        h.header_start = at;
        h.data_start += at;
        out.push_back(h);
        if (!h.problem.empty()) return out;
        at = h.end();
    }
}

Packing sniff_packing(const std::filesystem::path& path) {
    util::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) throw Error(path.string() + ": cannot read: " + std::strerror(errno));
    unsigned char m[4] = {};
    const std::size_t n = read_at(fd.get(), reinterpret_cast<char*>(m), sizeof m, 0, path);
    if (n >= 2 && m[0] == 0x1f && m[1] == 0x8b) return Packing::Gzip;
    if (n >= 2 && m[0] == 0x1f && m[1] == 0x9d) return Packing::UnixCompress;
    if (n >= 4 && m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4) return Packing::Zip;
    if (n >= 3 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h') return Packing::Bzip2;
    return Packing::Plain;
}

// ---- gzip ------------------------------------------------------------------

InflatedCopy::~InflatedCopy() { unlink(); }

void InflatedCopy::unlink() {
    if (removed_) return;
    removed_ = true;
    ::unlink(path_.c_str());
}

namespace {

// Owns a zlib inflate stream.
struct Inflater {
    z_stream s{};
    Inflater() {
        if (inflateInit2(&s, 15 + 32) != Z_OK) throw std::bad_alloc();  // 15 + 32: gzip or zlib header
    }
    ~Inflater() { inflateEnd(&s); }
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;
};

// Follows the inflated bytes through the headers they contain: where each HDU's declared
// data ends, and whether what follows the last HDU is another header or trailing data.
class InflateTracker {
public:
    // Consumes the next `n` output bytes; returns how many were taken before the tracker
    // ended (after a damaged header, or at data that does not start an extension).
    std::size_t take(const char* p, std::size_t n) {
        std::size_t used = 0;
        while (used < n && !ended_) {
            if (pos_ < next_header_) {  // inside an HDU's data
                const std::uint64_t k = std::min<std::uint64_t>(n - used, next_header_ - pos_);
                used += static_cast<std::size_t>(k);
                pos_ += k;
                continue;
            }
            const std::size_t k = std::min<std::size_t>(n - used, kBlock - fill_);
            std::memcpy(block_.data() + fill_, p + used, k);
            fill_ += k;
            used += k;
            if (fill_ == kBlock) {
                fill_ = 0;
                header_block();
            }
        }
        return used;
    }
    bool ended() const { return ended_; }
    // Ended at data after the last HDU (not at a damaged header).
    bool trailing() const { return trailing_; }
    // Where the FITS content ends: the last complete HDU's end (or a damaged header's end).
    std::uint64_t end() const { return end_; }
    bool any_header() const { return hdus_ > 0 || parser_.has_value(); }

private:
    void header_block() {
        if (!parser_) {
            if (hdus_ > 0 && !starts_extension(block_.data())) {
                ended_ = trailing_ = true;
                return;
            }
            parser_.emplace(hdus_ == 0);
            header_start_ = pos_;
        }
        pos_ += kBlock;
        if (!parser_->feed(block_.data())) return;
        RawHdu h = parser_->result();
        parser_.reset();
        ++hdus_;
        if (!h.problem.empty()) {  // the copy ends after this header: File::open reports it
            end_ = pos_;
            ended_ = true;
            return;
        }
        next_header_ = header_start_ + h.end();
        end_ = next_header_;
    }

    std::array<char, kBlock> block_{};
    std::size_t fill_ = 0;
    bool ended_ = false, trailing_ = false;
    std::optional<HeaderParser> parser_;
    std::uint64_t pos_ = 0, header_start_ = 0, next_header_ = 0, end_ = 0;
    int hdus_ = 0;
};

}  // namespace

std::unique_ptr<InflatedCopy> InflatedCopy::inflate(const std::filesystem::path& gz, const std::filesystem::path& folder) {
    util::Fd in(::open(gz.c_str(), O_RDONLY | O_CLOEXEC));
    if (in.get() < 0) throw Error(gz.string() + ": cannot read: " + std::strerror(errno));
    std::error_code ec;
    const std::filesystem::path dir = folder.empty() ? std::filesystem::temp_directory_path(ec) : folder;
    std::string templ = (dir / "bitsky-inflate-XXXXXX").string();
    const int ofd = ::mkostemp(templ.data(), O_CLOEXEC);
    if (ofd < 0) throw Error(gz.string() + ": cannot create a temporary file in " + dir.string() + ": " + std::strerror(errno));
    util::Fd out(ofd);
    std::unique_ptr<InflatedCopy> copy(new InflatedCopy(templ));
    auto fail = [&](const std::string& why) -> Error { return Error(gz.string() + ": " + why); };

    Inflater z;
    InflateTracker track;
    std::vector<unsigned char> ibuf(1 << 16), obuf(1 << 18);
    std::uint64_t total = 0, written = 0;
    bool stream_end = false;
    for (;;) {
        if (z.s.avail_in == 0) {
            const ssize_t r = ::read(in.get(), ibuf.data(), ibuf.size());
            if (r < 0) {
                if (errno == EINTR) continue;
                throw fail(std::string("cannot read: ") + std::strerror(errno));
            }
            if (r == 0) break;
            z.s.next_in = ibuf.data();
            z.s.avail_in = static_cast<uInt>(r);
        }
        if (stream_end) {  // another gzip member follows (concatenated files)
            if (inflateReset(&z.s) != Z_OK) throw fail("corrupt gzip stream");
            stream_end = false;
        }
        z.s.next_out = obuf.data();
        z.s.avail_out = static_cast<uInt>(obuf.size());
        const int rc = ::inflate(&z.s, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) stream_end = true;
        else if (rc != Z_OK && !(rc == Z_BUF_ERROR && z.s.avail_in == 0))
            throw fail("corrupt gzip data (" + std::string(z.s.msg ? z.s.msg : "zlib error") + ")");
        const std::size_t produced = obuf.size() - z.s.avail_out;
        total += produced;
        const std::size_t keep = track.take(reinterpret_cast<const char*>(obuf.data()), produced);
        for (std::size_t off = 0; off < keep;) {
            const ssize_t w = ::write(out.get(), obuf.data() + off, keep - off);
            if (w < 0) {
                if (errno == EINTR) continue;
                throw fail("cannot write the inflated copy in " + dir.string() + ": " + std::strerror(errno));
            }
            off += static_cast<std::size_t>(w);
        }
        written += keep;
        if (track.ended() && !track.trailing()) break;  // a damaged header: the copy ends after it
        // Data after the last HDU: up to one block (padding) is tolerated and dropped.
        if (track.trailing() && total - track.end() > kBlock)
            throw fail("trailing data after the last HDU: more than one 2880-byte block beyond what the headers "
                       "declare (" + std::to_string(track.end()) + " bytes)");
    }
    if (!track.any_header()) throw fail(total == 0 ? "truncated gzip data" : "gzip data that holds no FITS header");
    // A truncated stream keeps what it held (a truncated HDU is reported by the reader);
    // bytes after the last complete HDU are dropped.
    if (track.end() > 0 && written > track.end() && ::ftruncate(out.get(), static_cast<off_t>(track.end())) != 0)
        throw fail(std::string("cannot write the inflated copy: ") + std::strerror(errno));
    return copy;
}

}  // namespace bitsky::fits
