// Corrupt input: empty, truncated, bit-flipped and random streams must give an error
// (bitsky::Error) or, for an undetectable bit flip, a frame of the right size - never a
// crash, a hang or a wrong-sized result. First the 16-bit streams, then the streams of the
// other pixel types (issue 21): bitsky's BSX1 with every plane kind and float mode, zstd,
// zfp, the JPEG codecs' sample reductions and BitSky's and JPEG XL's lossy streams, cut at every length, every header byte set to
// extreme values, random flips (run under ASan+UBSan and valgrind: docs/performance.md,
// "Sanitizers").
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>

#include "engine/codecs/codec.h"
#include "engine/image/pixel_frame.h"
#include "engine/util/error.h"
#include "engine/util/timing.h"
#include "tests/engine/codec_support.h"

using namespace bitsky;
using namespace bitsky::test;

namespace {

struct Outcome {
    int errors = 0, decoded = 0;
};

// Decodes a mutated stream; returns true if it threw bitsky::Error.
bool decode_mutant(const codecs::Codec& c, const std::vector<std::uint8_t>& bytes, const CodecFrame& f, Outcome& o) {
    auto t0 = std::chrono::steady_clock::now();
    bool threw = false;
    try {
        auto px = c.decode(bytes, f.width, f.height);
        EXPECT_EQ(px.size(), f.width * f.height) << c.spec() << ": wrong-sized result";
        ++o.decoded;
    } catch (const Error& e) {
        threw = true;
        ++o.errors;
        EXPECT_NE(std::string(e.what()).find(c.name()), std::string::npos) << e.what();
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(s, 5.0) << c.spec() << ": decoding a corrupt stream took " << s << " s";
    return threw;
}

// `header_bytes`: also every byte of the first 64 set to extreme values (BitSky's own
// stream; the CFITSIO-based codecs are left to their own tests).
void fuzz(const std::string& spec, bool header_bytes = false) {
    SCOPED_TRACE(spec);
    auto codec = codecs::make_codec(spec);
    auto f = synthetic_frame(64, 48, 1234);
    auto good = codec->encode(f.frame());
    ASSERT_EQ(codec->decode(good, f.width, f.height), f.pixels);
    Outcome o;
    std::mt19937 rng(42);

    // Empty.
    EXPECT_TRUE(decode_mutant(*codec, {}, f, o)) << "empty stream decoded";
    // Truncations: every length for the first 64 bytes, then 100 random lengths.
    std::vector<std::size_t> lengths;
    for (std::size_t n = 1; n < std::min<std::size_t>(64, good.size()); ++n) lengths.push_back(n);
    for (int i = 0; i < 100; ++i) lengths.push_back(std::uniform_int_distribution<std::size_t>(1, good.size() - 1)(rng));
    for (auto n : lengths) {
        std::vector<std::uint8_t> cut(good.begin(), good.begin() + long(n));
        EXPECT_TRUE(decode_mutant(*codec, cut, f, o)) << "stream truncated to " << n << " of " << good.size()
                                                      << " bytes decoded without error";
    }
    // 250 single and multiple bit flips anywhere.
    for (int i = 0; i < 250; ++i) {
        auto m = good;
        int flips = 1 + i % 4;
        for (int k = 0; k < flips; ++k) {
            auto pos = std::uniform_int_distribution<std::size_t>(0, m.size() - 1)(rng);
            m[pos] ^= std::uint8_t(1u << std::uniform_int_distribution<int>(0, 7)(rng));
        }
        decode_mutant(*codec, m, f, o);
    }
    if (header_bytes)
        for (std::size_t at = 0; at < std::min<std::size_t>(64, good.size()); ++at)
            for (const std::uint8_t value : {0x00, 0x01, 0x7f, 0x80, 0xff}) {
                auto m = good;
                m[at] = value;
                if (m != good) decode_mutant(*codec, m, f, o);
            }
    // Random garbage of various sizes.
    for (int i = 0; i < 30; ++i) {
        std::vector<std::uint8_t> junk(std::uniform_int_distribution<std::size_t>(1, 4000)(rng));
        for (auto& b : junk) b = std::uint8_t(rng());
        decode_mutant(*codec, junk, f, o);
    }
    // Extra trailing bytes must not crash either.
    auto longer = good;
    longer.resize(good.size() + 100, 0xff);
    decode_mutant(*codec, longer, f, o);
    EXPECT_GT(o.errors, 150) << "too few corrupt streams detected";
    std::cout << spec << ": " << o.errors << " errors, " << o.decoded << " decoded (undetected flips)\n";
}

}  // namespace

TEST(CodecRobustness, JpegXl) { fuzz("jpegxl:e3"); }
TEST(CodecRobustness, JpegLs) { fuzz("jpegls"); }
TEST(CodecRobustness, Jpeg2000) { fuzz("jpeg2000"); }
TEST(CodecRobustness, Rice) { fuzz("rice"); }
TEST(CodecRobustness, Hcompress) { fuzz("hcompress"); }
TEST(CodecRobustness, Gzip) { fuzz("gzip"); }
TEST(CodecRobustness, Bitsky) { fuzz("bitsky", true); }

// ---- Streams of the other pixel types --------------------------------------------------

namespace {

constexpr std::size_t kW = 40, kH = 30;
// A decode slower than this is a failure (a hang). ASan slows the libraries' allocations
// down: OpenJPEG on a codestream claiming 65,281 quality layers takes 0.09 s, 5-6 s there.
#ifdef __SANITIZE_ADDRESS__
constexpr double kMaxDecodeSeconds = 60.0;
#else
constexpr double kMaxDecodeSeconds = 5.0;
#endif

// Small frames that between them take every path of the any-type decoders.
std::vector<std::pair<std::string, PixelFrame>> any_frames() {
    std::vector<std::pair<std::string, PixelFrame>> out;
    const auto sky = synthetic_frame(kW, kH, 77);
    std::mt19937_64 rng(5);
    std::vector<std::int32_t> i32(kW * kH), counts(kW * kH), wide(kW * kH);
    std::vector<std::uint32_t> u32(kW * kH);
    std::vector<std::uint8_t> u8(kW * kH);
    std::vector<float> fint(kW * kH), noise(kW * kH), positive(kW * kH);
    std::vector<double> quarters(kW * kH);
    for (std::size_t i = 0; i < kW * kH; ++i) {
        const int v = sky.pixels[i];
        i32[i] = v - 40000;
        counts[i] = rng() % 7 == 0 ? int(rng() % 5) : 0;
        wide[i] = v * 1000 + int(rng() % 4) - 300000;  // ~1,000 distinct values over 2^19
        u32[i] = std::uint32_t(rng() >> 40) + 7u;
        u8[i] = std::uint8_t(std::min(v / 8, 255));
        fint[i] = i % 97 == 3 ? std::numeric_limits<float>::quiet_NaN() : float(v - 1000);
        noise[i] = float(std::normal_distribution<double>(0.0, 3.0)(rng));
        positive[i] = float(v) + float(std::normal_distribution<double>(0.0, 0.3)(rng));
        quarters[i] = double(v) / 4.0;
    }
    out.emplace_back("int32 sky (16-bit range)", PixelFrame::of(i32, kW, kH));
    out.emplace_back("int32 counts", PixelFrame::of(counts, kW, kH));
    out.emplace_back("int32 sparse 20-bit values", PixelFrame::of(wide, kW, kH));
    out.emplace_back("uint32 random 24-bit", PixelFrame::of(u32, kW, kH));
    out.emplace_back("uint8", PixelFrame::of(u8, kW, kH));
    out.emplace_back("float32 integers with NaN", PixelFrame::of(fint, kW, kH));
    out.emplace_back("float32 noise of both signs", PixelFrame::of(noise, kW, kH));
    out.emplace_back("float32 positive noise", PixelFrame::of(positive, kW, kH));
    out.emplace_back("float64 quarter-integers", PixelFrame::of(quarters, kW, kH));
    return out;
}

// Decodes a mutant: Error (naming the codec), or a frame of the right type and size; a
// codec that checksums the frame (`exact`) must never return other values.
void decode_any_mutant(const codecs::Codec& c, std::span<const std::uint8_t> bytes, const PixelFrame& f, bool exact,
                       Outcome& o, const std::string& what) {
    const double t0 = util::thread_cpu_seconds();
    try {
        const PixelFrame back = c.decode_any(bytes, f.sample(), f.width, f.height);
        EXPECT_EQ(back.sample(), f.sample()) << what;
        EXPECT_EQ(back.count(), f.size()) << what << ": wrong-sized result";
        if (exact) {
            EXPECT_EQ(first_difference(f, back), "") << what << ": decoded to other values without an error";
        }
        ++o.decoded;
    } catch (const Error& e) {
        ++o.errors;
        EXPECT_NE(std::string(e.what()).find(c.name()), std::string::npos) << what << ": " << e.what();
    }
    // CPU time: on the shared machine a sanitized run can wait seconds for a core.
    const double s = util::thread_cpu_seconds() - t0;
    EXPECT_LT(s, kMaxDecodeSeconds) << what << ": decoding took " << s << " s of CPU time";
}

void fuzz_any(const std::string& spec, bool exact) {
    auto codec = codecs::make_codec(spec);
    for (const auto& [name, f] : any_frames()) {
        if (!codec->refusal(f.bitpix(), f.width, f.height).empty()) continue;
        SCOPED_TRACE(spec + " " + name);
        const auto good = codec->encode_any(f);
        // A lossy codec's reference is its own decode of the good stream (within its promise).
        const PixelFrame decoded = codec->decode_any(good, f.sample(), f.width, f.height);
        if (codec->lossy()) {
            ASSERT_EQ(codec->check_reconstruction(f, decoded, good), "");
        } else {
            ASSERT_EQ(first_difference(f, decoded), "");
        }
        const PixelFrame& ref = decoded;
        Outcome o;
        std::mt19937 rng(42);
        // Every truncation (the empty stream included) is an error.
        for (std::size_t n = 0; n < good.size(); ++n) {
            const int before = o.errors;
            decode_any_mutant(*codec, std::span(good.data(), n), ref, exact, o, "cut to " + std::to_string(n));
            EXPECT_EQ(o.errors, before + 1) << "stream cut to " << n << " of " << good.size() << " bytes decoded";
        }
        // 400 single and multiple bit flips anywhere.
        for (int i = 0; i < 400; ++i) {
            auto m = good;
            for (int k = 0; k <= i % 4; ++k)
                m[std::uniform_int_distribution<std::size_t>(0, m.size() - 1)(rng)] ^=
                    std::uint8_t(1u << std::uniform_int_distribution<int>(0, 7)(rng));
            decode_any_mutant(*codec, m, ref, exact, o, "flips " + std::to_string(i));
        }
        // Every byte of the headers (the first 64) set to each of the extreme values.
        for (std::size_t at = 0; at < std::min<std::size_t>(64, good.size()); ++at)
            for (const std::uint8_t value : {0x00, 0x01, 0x02, 0x7f, 0x80, 0xfe, 0xff}) {
                if (good[at] == value) continue;
                auto m = good;
                m[at] = value;
                decode_any_mutant(*codec, m, ref, exact, o, "byte " + std::to_string(at) + " = " + std::to_string(value));
            }
        // Random bytes after a valid start (the header kept), garbage, trailing bytes.
        for (int i = 0; i < 40; ++i) {
            auto m = good;
            const auto from = std::uniform_int_distribution<std::size_t>(0, m.size() - 1)(rng);
            for (std::size_t j = from; j < m.size(); ++j) m[j] = std::uint8_t(rng());
            decode_any_mutant(*codec, m, ref, exact, o, "random tail from " + std::to_string(from));
            std::vector<std::uint8_t> junk(std::uniform_int_distribution<std::size_t>(1, 3000)(rng));
            for (auto& b : junk) b = std::uint8_t(rng());
            decode_any_mutant(*codec, junk, ref, exact, o, "garbage");
        }
        auto longer = good;
        longer.resize(good.size() + 100, 0xff);
        decode_any_mutant(*codec, longer, ref, exact, o, "trailing bytes");
        std::cout << spec << " " << name << " (" << good.size() << " bytes): " << o.errors << " errors, " << o.decoded
                  << " decoded\n";
    }
}

}  // namespace

TEST(CodecRobustness, AnyTypeFramesTakeEveryBitskyPath) {
    // The fuzzed frames reach every plane kind and float mode of the BSX1 stream.
    auto bitsky = codecs::make_codec("bitsky");
    std::string all;
    for (const auto& [name, f] : any_frames()) all += bitsky->coding(f) + "\n";
    for (const char* part : {"coded as uint16\n", "small counts", "low bits", "ranks among", "positions",
                             "order-preserving", "rotated", "multiples of 1/4"})
        EXPECT_NE(all.find(part), std::string::npos) << part << " not reached:\n" << all;
}
TEST(CodecRobustness, BitskyAnyType) { fuzz_any("bitsky", true); }
TEST(CodecRobustness, ZstdAnyType) { fuzz_any("zstd", true); }
TEST(CodecRobustness, ZfpAnyType) { fuzz_any("zfp", true); }
TEST(CodecRobustness, JpegXlSampleReductions) { fuzz_any("jpegxl:e3", false); }
TEST(CodecRobustness, JpegLsSampleReductions) { fuzz_any("jpegls", false); }
TEST(CodecRobustness, Jpeg2000SampleReductions) { fuzz_any("jpeg2000", false); }
// BitSky's lossy streams: bitsky:q's parts are all checked (the integers' checksum, zlib's
// and gzip's), so a mutant decodes to the same pixels or fails; bitsky:near's header is not.
TEST(CodecRobustness, BitskyQuantized) {
    fuzz_any("bitsky:q4", true);
    fuzz_any("bitsky:q1:d2", true);
}
// jpegxl:q shares bitsky:q's side table (checked); its integers are libjxl's codestream, which
// has no checksum, so a mutant may decode to other pixels (never a crash or a hang).
TEST(CodecRobustness, JpegXlQuantized) {
    fuzz_any("jpegxl:q4", false);
    fuzz_any("jpegxl:q1:d2:t3", false);
}
TEST(CodecRobustness, BitskyQuantizedTiles) { fuzz_any("bitsky:q4:tframe", true); }
TEST(CodecRobustness, BitskyNearLossless) { fuzz_any("bitsky:near2", false); }
// The JPEG codecs' lossy modes (their 8-bit frame here).
TEST(CodecRobustness, JpegLossyModes) {
    for (const char* spec : {"jpegls:near2", "jpeg2000:rate8", "jpegxl:d1"}) fuzz_any(spec, false);
}
