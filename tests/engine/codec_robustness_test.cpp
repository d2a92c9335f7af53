// Corrupt input: empty, truncated, bit-flipped and random streams must give an error
// (bitsky::Error) or, for an undetectable bit flip, a frame of the right size - never a
// crash, a hang or a wrong-sized result.
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>

#include "engine/codecs/codec.h"
#include "engine/util/error.h"
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

void fuzz(const std::string& spec) {
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
