// The reference codecs for every pixel type: `zstd` (byte shuffle + libzstd level 19) and
// `zfp` (libzfp reversible mode). Bit-exact round trips of every non-16-bit corpus frame
// and of the synthetic extremes (zfp's reversible mode keeps NaN payloads, +-Inf, -0 and
// denormals: tested here, not assumed), 16-bit frames, corrupt and truncated streams
// refused with an error naming the codec, absurd shapes refused before allocating.
#include <gtest/gtest.h>

#include <string>

#include "engine/codecs/codec.h"
#include "engine/util/error.h"
#include "tests/engine/codec_support.h"
#include "tests/engine/edge_frames.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::test;

TEST(FloatCodecs, CorpusFramesRoundTripBitExactly) {
    const auto frames = corpus_other_frames();
    ASSERT_EQ(frames.size(), 52u);
    for (const char* spec : {"zstd", "zfp"}) {
        auto c = codecs::make_codec(spec);
        for (const auto& [name, f] : frames) {
            SCOPED_TRACE(std::string(spec) + " " + name);
            ASSERT_EQ(c->refusal(f.bitpix(), f.width, f.height), "");
            const auto r = codecs::roundtrip(*c, f);
            EXPECT_TRUE(r.lossless_ok) << r.error;
            EXPECT_LT(r.compressed_bytes, r.raw_bytes + r.raw_bytes / 20 + 64);  // zfp expands noise-like floats slightly
        }
    }
}

TEST(FloatCodecs, SpecialValuesAndIntegerLimitsRoundTripBitExactly) {
    for (const char* spec : {"zstd", "zfp"}) {
        auto c = codecs::make_codec(spec);
        for (const auto& [name, f] : edge_frames()) {
            SCOPED_TRACE(std::string(spec) + " " + name);
            const auto r = codecs::roundtrip(*c, f);
            EXPECT_TRUE(r.lossless_ok) << r.error;
        }
    }
}

TEST(FloatCodecs, SixteenBitFramesToo) {
    const auto f = synthetic_frame(77, 31, 9);
    for (const char* spec : {"zstd", "zfp"}) {
        const auto r = codecs::roundtrip(*codecs::make_codec(spec), f.frame());
        EXPECT_TRUE(r.lossless_ok) << spec << ": " << r.error;
        EXPECT_LT(r.compressed_bytes, r.raw_bytes) << spec;
    }
    EXPECT_NE(codecs::make_codec("zstd")->refusal(64, 10, 10).find("BITPIX=64"), std::string::npos);
    EXPECT_NE(codecs::make_codec("zfp")->refusal(64, 10, 10).find("BITPIX=64"), std::string::npos);
}

TEST(FloatCodecs, CorruptAndTruncatedStreamsThrowNamingTheCodec) {
    const auto edges = edge_frames();
    for (const char* spec : {"zstd", "zfp"}) {
        auto c = codecs::make_codec(spec);
        for (const auto& [name, f] : edges) {
            if (f.size() < 50) continue;
            SCOPED_TRACE(std::string(spec) + " " + name);
            const auto bytes = c->encode_any(f);
            for (std::size_t cut : {std::size_t{0}, std::size_t{5}, bytes.size() / 2, bytes.size() - 1}) {
                const std::span<const std::uint8_t> part(bytes.data(), cut);
                const std::string err = error_of([&] { c->decode_any(part, f.sample(), f.width, f.height); });
                EXPECT_EQ(err.rfind(spec, 0), 0u) << "cut " << cut << ": " << err;
            }
            for (std::size_t at : {std::size_t{1}, std::size_t{9}, bytes.size() / 2, bytes.size() - 3}) {
                auto bad = bytes;
                bad[at] ^= 0x21;
                const std::string err = error_of([&] {
                    const PixelFrame back = c->decode_any(bad, f.sample(), f.width, f.height);
                    if (first_difference(f, back).empty()) throw Error(std::string(spec) + ": flip had no effect");
                });
                EXPECT_EQ(err.rfind(spec, 0), 0u) << "flip at " << at << ": " << err;
            }
            EXPECT_NE(error_of([&] { c->decode_any(bytes, f.sample(), 1u << 30, 1u << 30); }), "");
        }
    }
}
