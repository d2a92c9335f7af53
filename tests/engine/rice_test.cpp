// BitSky's Rice coder (engine/codecs/rice.h): round trips of edge data in 8, 16 and 32
// bits, the stream format pinned on small hand-derived examples, corrupt and truncated
// streams refused with a reason and never read past (the stream ends at a PROT_NONE page),
// and the rice/gzip codecs byte for byte equal to CFITSIO's own tile-compressing writer
// (public API: fits_set_compression_type + fits_write_img) on every integer frame of the
// real and corpus files. fpack parity of the same codecs: codec_parity_test.cpp and
// pixel_types_test.cpp.
#include <fitsio.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "engine/codecs/codec.h"
#include "engine/codecs/rice.h"
#include "engine/fits/fits.h"
#include "engine/util/error.h"
#include "tests/engine/codec_support.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::test;
namespace fs = std::filesystem;
namespace rice = bitsky::codecs::rice;

namespace {

// Named sample sequences of n values: the cases a Rice coder gets wrong first.
template <typename T>
std::vector<std::pair<std::string, std::vector<T>>> edge_cases(std::size_t n, unsigned seed) {
    using S = std::make_signed_t<T>;
    const T smin = T(std::numeric_limits<S>::min()), smax = T(std::numeric_limits<S>::max()), all = T(~T(0));
    std::mt19937_64 rng(seed);
    std::vector<std::pair<std::string, std::vector<T>>> out;
    auto add = [&](const std::string& name, auto value_at) {
        std::vector<T> v(n);
        for (std::size_t i = 0; i < n; ++i) v[i] = T(value_at(i));
        out.emplace_back(name, std::move(v));
    };
    add("zeros", [](std::size_t) { return 0; });
    add("constant max", [&](std::size_t) { return all; });
    add("random full range (max entropy)", [&](std::size_t) { return rng(); });
    add("signed min/max alternating", [&](std::size_t i) { return i % 2 ? smax : smin; });
    add("0 and all ones alternating", [&](std::size_t i) { return i % 2 ? all : T(0); });
    add("wrapping ramp", [&](std::size_t i) { return smax - 3 + T(i); });
    add("small noise near signed min", [&](std::size_t) { return T(smin + T(rng() % 5)); });
    add("small noise, 1 in 40 outliers", [&](std::size_t) {
        return rng() % 40 == 0 ? T(rng()) : T(T(1000 % (std::uint64_t(all) + 1)) + T(rng() % 9));
    });
    std::normal_distribution<double> gauss(0.0, 1.0);
    for (int bits : {2, 6, 12, 20, 28}) {
        if (bits >= int(8 * sizeof(T))) continue;
        const double sigma = std::ldexp(1.0, bits);
        add("Gaussian sigma 2^" + std::to_string(bits), [&](std::size_t) { return T(std::llround(sigma * gauss(rng))); });
    }
    return out;
}

template <typename T>
void round_trips() {
    SCOPED_TRACE(std::to_string(8 * sizeof(T)) + "-bit samples");
    for (std::size_t n : {1, 2, 31, 32, 33, 63, 64, 65, 100, 1000, 4097}) {
        for (int block : {32, 16, 1, 7}) {
            for (const auto& [name, v] : edge_cases<T>(n, unsigned(n * 31 + block))) {
                SCOPED_TRACE(name + ", " + std::to_string(n) + " samples, block " + std::to_string(block));
                std::vector<std::uint8_t> stream = {0xAB};  // encode appends
                rice::encode(std::span<const T>(v), stream, block);
                ASSERT_EQ(stream[0], 0xAB);
                std::vector<T> back(n);
                rice::decode(std::span<const std::uint8_t>(stream).subspan(1), std::span<T>(back), block);
                ASSERT_EQ(back, v);
                // At most the samples verbatim plus one code per block, a first sample and
                // the last byte (ricecomp.c's worst case is half a bit per sample more).
                const std::size_t blocks = (n + std::size_t(block) - 1) / std::size_t(block);
                EXPECT_LE(stream.size() - 1, sizeof(T) * (n + 1) + (n + 15) / 16 + blocks + 1);
            }
        }
    }
}

}  // namespace

TEST(Rice, RoundTripsEdgeDataOfEveryWidth) {
    round_trips<std::uint8_t>();
    round_trips<std::uint16_t>();
    round_trips<std::uint32_t>();
}

// The stream format on examples derived by hand from ricecomp.c (the same bytes as CFITSIO
// 4.2's fits_rcomp_byte / fits_rcomp_short / fits_rcomp, checked when written).
TEST(Rice, StreamsOfSmallExamplesAreRiceComp) {
    auto enc8 = [](std::vector<std::uint8_t> v) {
        std::vector<std::uint8_t> s;
        rice::encode(std::span<const std::uint8_t>(v), s);
        return s;
    };
    auto enc16 = [](std::vector<std::uint16_t> v) {
        std::vector<std::uint8_t> s;
        rice::encode(std::span<const std::uint16_t>(v), s);
        return s;
    };
    auto enc32 = [](std::vector<std::uint32_t> v) {
        std::vector<std::uint8_t> s;
        rice::encode(std::span<const std::uint32_t>(v), s);
        return s;
    };
    using B = std::vector<std::uint8_t>;
    // Five zeros: the first sample, code 0 (all differences zero), padding.
    EXPECT_EQ(enc16({0, 0, 0, 0, 0}), (B{0x00, 0x00, 0x00}));
    // [0, 65535]: differences 0 and -1 -> mapped 0, 1; sum 1 gives fs 0: code 0001, then
    // unary '1' and '01': 0001 1 01 + pad 0 = 0x1A.
    EXPECT_EQ(enc16({0, 65535}), (B{0x00, 0x00, 0x1A}));
    // The same in 8 bits, 3-bit code 001: 001 1 01 + 00 = 0x34.
    EXPECT_EQ(enc8({0x80, 0x7F}), (B{0x80, 0x34}));
    // [0, 0x80, 0, 0x80]: differences -128, -128 (wrapped), mapped 255; mean high: fs >= 6,
    // verbatim code 111, then 0 (the first difference), 255, 255, 255 in 8 bits each.
    EXPECT_EQ(enc8({0, 0x80, 0, 0x80}), (B{0x00, 0xE0, 0x1F, 0xFF, 0xFF, 0xE0}));
    // 32 bits: the first sample big-endian; differences 0 (the first sample with itself),
    // +3, +3 -> mapped 0, 6, 6; (12 - 1 - 1) / 3 = 3, >> 1 = 1 -> fs 1, code 00010; 0 ->
    // '1' + low bit '0'; 6 -> unary(3) '0001' + '0': 00010 10 00010 00010 + pad.
    EXPECT_EQ(enc32({0x01020304u, 0x01020307u, 0x0102030Au}), (B{0x01, 0x02, 0x03, 0x04, 0x14, 0x21, 0x00}));
}

namespace {

// A stream whose last byte is the last byte before a PROT_NONE page: reading one byte past
// it is a SIGSEGV, so a decoder that returns or throws read only the stream.
class GuardedBytes {
public:
    explicit GuardedBytes(std::span<const std::uint8_t> bytes) {
        const std::size_t page = std::size_t(sysconf(_SC_PAGESIZE));
        map_len_ = ((bytes.size() + page - 1) / page + 1) * page;
        void* m = mmap(nullptr, map_len_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) throw std::runtime_error("mmap failed");
        base_ = static_cast<std::uint8_t*>(m);
        if (mprotect(base_ + map_len_ - page, page, PROT_NONE) != 0) throw std::runtime_error("mprotect failed");
        data_ = base_ + map_len_ - page - bytes.size();
        if (!bytes.empty()) std::memcpy(data_, bytes.data(), bytes.size());
        size_ = bytes.size();
    }
    ~GuardedBytes() { munmap(base_, map_len_); }
    GuardedBytes(const GuardedBytes&) = delete;
    GuardedBytes& operator=(const GuardedBytes&) = delete;
    std::span<const std::uint8_t> span() const { return {data_, size_}; }

private:
    std::uint8_t* base_ = nullptr;
    std::uint8_t* data_ = nullptr;
    std::size_t map_len_ = 0, size_ = 0;
};

// Decodes `stream` (guarded) into n samples; the Error's message, "" if it decoded.
template <typename T>
std::string decode_error(std::span<const std::uint8_t> stream, std::size_t n) {
    GuardedBytes g(stream);
    std::vector<T> out(n);
    return error_of([&] { rice::decode(g.span(), std::span<T>(out)); });
}

template <typename T>
void corrupt_streams() {
    SCOPED_TRACE(std::to_string(8 * sizeof(T)) + "-bit samples");
    std::mt19937_64 rng(99);
    for (const auto& [name, v] : edge_cases<T>(300, 5)) {
        SCOPED_TRACE(name);
        std::vector<std::uint8_t> good;
        rice::encode(std::span<const T>(v), good);
        EXPECT_EQ(decode_error<T>(good, v.size()), "");
        // Every truncation loses bits the decoder needs: each one is an error, named.
        for (std::size_t len = 0; len < good.size(); ++len) {
            const std::string e = decode_error<T>(std::span<const std::uint8_t>(good).first(len), v.size());
            ASSERT_NE(e, "") << "truncated to " << len << " of " << good.size() << " bytes decoded";
            EXPECT_NE(e.find("Rice stream"), std::string::npos) << e;
        }
        // Bit flips: an error or 300 samples, never a crash or a read past the stream.
        for (int i = 0; i < 200; ++i) {
            auto m = good;
            for (int k = 0; k <= i % 3; ++k) m[rng() % m.size()] ^= std::uint8_t(1u << (rng() % 8));
            decode_error<T>(m, v.size());
        }
        // Trailing bytes are ignored, as CFITSIO does.
        auto longer = good;
        longer.insert(longer.end(), {0x00, 0xFF, 0x00});
        EXPECT_EQ(decode_error<T>(longer, v.size()), "");
    }
    // Zero bytes after the first sample: CFITSIO's decoders scan for a one bit without a bound.
    std::vector<std::uint8_t> zeros(sizeof(T) + 64, 0x00);
    zeros[sizeof(T)] = 0x20;  // split-level code 1 (fs 0) in the 3-, 4- or 5-bit field, then zeros
    EXPECT_NE(decode_error<T>(zeros, 100).find("ends inside block 1 of 4"), std::string::npos)
        << decode_error<T>(zeros, 100);
    // Random junk of every small length.
    for (std::size_t len = 0; len < 300; ++len) {
        std::vector<std::uint8_t> junk(len);
        for (auto& b : junk) b = std::uint8_t(rng());
        decode_error<T>(junk, 1 + rng() % 500);
    }
}

}  // namespace

TEST(Rice, CorruptAndTruncatedStreamsThrowAndNeverReadPastTheStream) {
    corrupt_streams<std::uint8_t>();
    corrupt_streams<std::uint16_t>();
    corrupt_streams<std::uint32_t>();
    // The reasons, named.
    EXPECT_NE(decode_error<std::uint16_t>(std::vector<std::uint8_t>{0x12, 0x34}, 5).find("cannot hold its first 16-bit"),
              std::string::npos);
    // 32-bit codes 27..31 are written by no encoder (CFITSIO would decode them with fs > 25).
    EXPECT_NE(decode_error<std::uint32_t>(std::vector<std::uint8_t>{0, 0, 0, 0, 0xF8, 0, 0, 0, 0}, 3)
                  .find("block 1 of 1 has split-level code 31 (32-bit samples: at most 26)"),
              std::string::npos);
    std::vector<std::uint8_t> s;
    std::vector<std::uint16_t> none, one = {7};
    EXPECT_NE(error_of([&] { rice::encode(std::span<const std::uint16_t>(none), s); }), "");
    EXPECT_NE(error_of([&] { rice::encode(std::span<const std::uint16_t>(one), s, 0); }).find("block size"),
              std::string::npos);
    EXPECT_NE(error_of([&] { rice::decode(std::vector<std::uint8_t>{0, 7, 0}, std::span<std::uint16_t>(none)); }), "");
}

namespace {

// The BINTABLE data unit (tile descriptors + heap, no padding) that CFITSIO's own writer
// makes of `f` with `comptype` and its default tiling (one row per tile).
std::vector<std::uint8_t> cfitsio_tiles(const PixelFrame& f, int comptype, const fs::path& dir) {
    const fs::path p = dir / "cfitsio.fits";
    fs::remove(p);
    int imgtype = 0, datatype = 0;
    switch (f.sample()) {
        case Sample::U8: imgtype = BYTE_IMG, datatype = TBYTE; break;
        case Sample::I16: imgtype = SHORT_IMG, datatype = TSHORT; break;
        case Sample::U16: imgtype = USHORT_IMG, datatype = TUSHORT; break;
        case Sample::I32: imgtype = LONG_IMG, datatype = TINT; break;
        case Sample::U32: imgtype = ULONG_IMG, datatype = TUINT; break;
        default: throw std::runtime_error("not an integer frame");
    }
    fitsfile* fp = nullptr;
    int status = 0;
    const std::string name = p.string();
    fits_create_diskfile(&fp, name.c_str(), &status);
    fits_set_compression_type(fp, comptype, &status);
    long naxes[2] = {long(f.width), long(f.height)};
    fits_create_img(fp, imgtype, 2, naxes, &status);
    std::vector<std::uint8_t> copy(f.bytes().begin(), f.bytes().end());
    fits_write_img(fp, datatype, 1, LONGLONG(f.size()), copy.data(), &status);
    fits_close_file(fp, &status);
    LONGLONG head = 0, start = 0, end = 0;
    int type = 0;
    fits_open_diskfile(&fp, name.c_str(), READONLY, &status);
    fits_movabs_hdu(fp, 2, &type, &status);
    fits_get_hduaddrll(fp, &head, &start, &end, &status);
    fits_close_file(fp, &status);
    if (status) throw std::runtime_error("CFITSIO error " + std::to_string(status) + " on " + name);
    const auto hdus = raw_hdus(p);
    const auto len = std::size_t(hdus.at(1).num("NAXIS1") * hdus.at(1).num("NAXIS2") + hdus.at(1).num("PCOUNT"));
    const auto bytes = read_bytes(p);
    if (std::size_t(start) + len > bytes.size()) throw std::runtime_error("truncated " + name);
    return {bytes.begin() + std::ptrdiff_t(start), bytes.begin() + std::ptrdiff_t(std::size_t(start) + len)};
}

}  // namespace

TEST(Rice, RiceAndGzipBytesEqualCfitsioWriterOnEveryRealIntegerFrame) {
    TempDir tmp;
    std::size_t frames = 0, sixteen = 0;
    for (const char* folder : {"real", "corpus"}) {
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(shared_data(folder))) {
            const std::string n = e.path().filename().string();
            if (n.ends_with(".fits") || n.ends_with(".fits.gz") || n.ends_with(".fz")) files.push_back(e.path());
        }
        std::sort(files.begin(), files.end());
        for (const auto& path : files) {
            auto file = fits::File::open(path);
            for (const auto& h : file.hdus()) {
                if (!h.is_image() || !h.problem.empty() || (h.bitpix != 8 && h.bitpix != 16 && h.bitpix != 32)) continue;
                std::size_t planes = 1;
                for (std::size_t a = 2; a < h.axes.size(); ++a) planes *= h.axes[a];
                for (std::size_t k = 0; k < std::min<std::size_t>(planes, 3); ++k) {
                    SCOPED_TRACE(path.filename().string() + " HDU " + std::to_string(h.index) + " frame " +
                                 std::to_string(k));
                    const PixelFrame f = file.read_frame(h.index, k);
                    for (auto [spec, comptype] : {std::pair{"rice", RICE_1}, std::pair{"gzip", GZIP_1}}) {
                        auto codec = codecs::make_codec(spec);
                        const auto ours = codec->encode_any(f);
                        EXPECT_TRUE(ours == cfitsio_tiles(f, comptype, tmp.path())) << spec << ": bytes differ";
                        EXPECT_EQ(first_difference(f, codec->decode_any(ours, f.sample(), f.width, f.height)),
                                  "");
                    }
                    ++frames;
                    sixteen += h.bitpix == 16;
                }
            }
        }
    }
    // real/: 10 int16/uint16 frames; corpus/: 4 16-bit, 1 uint8 and 5 32-bit images.
    EXPECT_GE(frames, 20u);
    EXPECT_GE(sixteen, 14u);
    std::printf("rice and gzip = CFITSIO's writer on %zu real integer frames (%zu 16-bit)\n", frames, sixteen);
}
