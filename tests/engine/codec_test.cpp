// Codec interface: registry, spec parsing, exact round trips on odd sizes and extreme
// values, and failures reported (not thrown) by roundtrip().
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>

#include "engine/codecs/codec.h"
#include "engine/util/error.h"
#include "tests/engine/codec_support.h"

using namespace bitsky;
using namespace bitsky::test;

TEST(CodecRegistry, ListsEverySpecAndBuildsIt) {
    auto specs = codecs::codec_specs();
    std::set<std::string> want = {"jpegxl:e1", "jpegxl:e2", "jpegxl:e3", "jpegxl:e4", "jpegxl:e5", "jpegxl:e6",
                                  "jpegxl:e7", "jpegxl:e8", "jpegxl:e9", "jpegxl:max", "jpegls", "jpeg2000",
                                  "rice", "hcompress", "gzip"};
    std::set<std::string> have(specs.begin(), specs.end());
    for (const auto& w : want) EXPECT_TRUE(have.count(w)) << w << " missing";  // more may be registered
    for (const auto& s : specs) {
        auto c = codecs::make_codec(s);
        EXPECT_EQ(c->spec(), s);
        EXPECT_EQ(s.rfind(c->name(), 0), 0u) << s;
        EXPECT_FALSE(c->library().empty());
        EXPECT_FALSE(c->library_version().empty());
        EXPECT_FALSE(c->size_note().empty());
    }
    EXPECT_EQ(codecs::make_codec("jpegxl")->spec(), "jpegxl:e7");
    EXPECT_TRUE(codecs::make_codec("jpegxl:e1")->multithreaded());
    EXPECT_TRUE(codecs::make_codec("jpeg2000")->multithreaded());
    EXPECT_FALSE(codecs::make_codec("rice")->multithreaded());
    EXPECT_EQ(codecs::default_codec_specs(), (std::vector<std::string>{"jpegxl:e7", "jpegls", "jpeg2000", "rice"}));
}

TEST(CodecRegistry, UnknownSpecsAreUsageErrorsListingValidOnes) {
    for (const char* bad : {"webp", "jpegxl:e10", "jpegxl:e0", "jpegxl:fast", "jpegls:near=2", "rice:x", "", ":e7"}) {
        try {
            codecs::make_codec(bad);
            ADD_FAILURE() << "accepted '" << bad << "'";
        } catch (const UsageError& e) {
            std::string m = e.what();
            EXPECT_NE(m.find("jpegxl:e1"), std::string::npos) << m;
            EXPECT_NE(m.find("hcompress"), std::string::npos) << m;
            EXPECT_NE(m.find(bad), std::string::npos) << m;
        }
    }
    EXPECT_THROW(codecs::make_codec("rice", {0}), UsageError);
}

TEST(CodecRegistry, ParsesCodecLists) {
    EXPECT_EQ(codecs::parse_codec_list("jpegxl:e7,jpegls"), (std::vector<std::string>{"jpegxl:e7", "jpegls"}));
    EXPECT_EQ(codecs::parse_codec_list(" rice , gzip,rice "), (std::vector<std::string>{"rice", "gzip"}));
    EXPECT_EQ(codecs::parse_codec_list("default"), codecs::default_codec_specs());
    EXPECT_EQ(codecs::parse_codec_list("all"), codecs::codec_specs());
    EXPECT_EQ(codecs::parse_codec_list("jpegxl"), std::vector<std::string>{"jpegxl:e7"});
    EXPECT_THROW(codecs::parse_codec_list(""), UsageError);
    EXPECT_THROW(codecs::parse_codec_list("rice,nope"), UsageError);
}

namespace {

// Every codec except the slow JPEG-XL efforts (8, 9, max: covered by the parity test).
std::vector<std::string> fast_specs() {
    return {"jpegxl:e1", "jpegxl:e3", "jpegxl:e7", "jpegls", "jpeg2000", "rice", "hcompress", "gzip"};
}

}  // namespace

TEST(CodecRoundTrip, ExactOnOddSizesAndExtremeValues) {
    std::vector<CodecFrame> frames = {synthetic_frame(1, 1, 1),   synthetic_frame(1, 50, 2),
                                      synthetic_frame(50, 1, 3),  synthetic_frame(7, 13, 4),
                                      synthetic_frame(4097, 3, 5), synthetic_frame(257, 129, 6)};
    // Extremes: all zero, all 65535, alternating 0/65535 (worst-case residuals), a ramp.
    CodecFrame zero{std::vector<std::uint16_t>(33 * 17, 0), 33, 17};
    CodecFrame full{std::vector<std::uint16_t>(33 * 17, 65535), 33, 17};
    CodecFrame checker{std::vector<std::uint16_t>(32 * 32), 32, 32};
    for (std::size_t i = 0; i < checker.pixels.size(); ++i) checker.pixels[i] = ((i + i / 32) % 2) ? 65535 : 0;
    CodecFrame ramp{std::vector<std::uint16_t>(256 * 256), 256, 256};
    for (std::size_t i = 0; i < ramp.pixels.size(); ++i) ramp.pixels[i] = std::uint16_t(i);
    for (auto* f : {&zero, &full, &checker, &ramp}) frames.push_back(*f);

    for (const auto& spec : fast_specs()) {
        for (int threads : {1, 2}) {
            auto codec = codecs::make_codec(spec, {threads});
            for (const auto& f : frames) {
                auto r = codecs::roundtrip(*codec, f.frame());
                SCOPED_TRACE(spec + " " + std::to_string(f.width) + "x" + std::to_string(f.height));
                if (spec == "hcompress" && (f.width < 4 || f.height < 4)) {
                    // Hcompress (CFITSIO, fpack) cannot take frames under 4x4: a failed result.
                    EXPECT_FALSE(r.lossless_ok);
                    EXPECT_NE(r.error.find("hcompress"), std::string::npos) << r.error;
                    continue;
                }
                EXPECT_TRUE(r.lossless_ok) << r.error;
                EXPECT_EQ(r.raw_bytes, 2 * f.width * f.height);
                EXPECT_GT(r.compressed_bytes, 0u);
                EXPECT_GE(r.encode_s, 0.0);
                EXPECT_GE(r.decode_s, 0.0);
            }
        }
    }
}

TEST(CodecRoundTrip, IncompressibleFramesRoundTripInEveryCodec) {
    // Uniform random 16-bit values: no codec can compress them, and JPEG-LS needs more than
    // CharLS's estimate of 2 bytes per sample ("destination buffer is too small" before).
    std::mt19937 rng(99);
    for (std::size_t side : {16u, 64u, 300u}) {
        CodecFrame noise{std::vector<std::uint16_t>(side * side), side, side};
        for (auto& v : noise.pixels) v = static_cast<std::uint16_t>(rng());
        for (const auto& spec : fast_specs()) {
            auto r = codecs::roundtrip(*codecs::make_codec(spec), noise.frame());
            SCOPED_TRACE(spec + " " + std::to_string(side));
            if (spec == "hcompress" && side == 16) {
                // CFITSIO sizes Hcompress tiles for 2.2 bytes per pixel plus 26: fpack -h
                // refuses this frame too ("Input file is unchanged"). A clear failure.
                EXPECT_FALSE(r.lossless_ok);
                EXPECT_NE(r.error.find("output buffer too small"), std::string::npos) << r.error;
                continue;
            }
            EXPECT_TRUE(r.lossless_ok) << r.error;
            EXPECT_GT(r.compressed_bytes, noise.pixels.size() * 2 * 9 / 10);
        }
    }
}

TEST(CodecRoundTrip, CompressesNoisySkyToPlausibleRatios) {
    // Read noise 5 ADU: about 4.3 bits/pixel of noise entropy, so every lossless codec
    // lands between 2.2 and 3.5 (ratio = 16 bits / bpp).
    auto f = synthetic_frame(512, 512, 77, 5.0);
    for (const auto& spec : fast_specs()) {
        auto r = codecs::roundtrip(*codecs::make_codec(spec), f.frame());
        ASSERT_TRUE(r.lossless_ok) << r.error;
        double ratio = r.ratio();
        EXPECT_NEAR(r.bpp(), 16.0 / ratio, 1e-9);
        if (spec == "gzip") EXPECT_GT(ratio, 1.3) << spec;
        else EXPECT_GT(ratio, 2.2) << spec;
        EXPECT_LT(ratio, 3.6) << spec;
    }
}

TEST(CodecRoundTrip, FailuresAreResultsNamingTheCodec) {
    // A codec whose decoder returns other pixels must be a recorded failure.
    class Lossy final : public codecs::Codec {
    public:
        std::string spec() const override { return "lossy-test"; }
        std::string name() const override { return "lossy-test"; }
        std::string library() const override { return "none"; }
        std::string library_version() const override { return "0"; }
        bool multithreaded() const override { return false; }
        std::string size_note() const override { return "raw"; }
        std::vector<std::uint8_t> encode(const Frame16& f) const override {
            return std::vector<std::uint8_t>(f.size());
        }
        std::vector<std::uint16_t> decode(std::span<const std::uint8_t> b, std::size_t, std::size_t) const override {
            return std::vector<std::uint16_t>(b.size(), 7);
        }
    } lossy;
    auto f = synthetic_frame(9, 9, 3);
    auto r = codecs::roundtrip(lossy, f.frame());
    EXPECT_FALSE(r.lossless_ok);
    EXPECT_NE(r.error.find("lossy-test"), std::string::npos);
    EXPECT_NE(r.error.find("NOT lossless"), std::string::npos) << r.error;

    // A frame JPEG-LS cannot take (wider than 65535) is a failed result too.
    CodecFrame wide{std::vector<std::uint16_t>(70000, 5), 70000, 1};
    auto w = codecs::roundtrip(*codecs::make_codec("jpegls"), wide.frame());
    EXPECT_FALSE(w.lossless_ok);
    EXPECT_NE(w.error.find("jpegls"), std::string::npos) << w.error;
    EXPECT_NE(w.error.find("65535"), std::string::npos) << w.error;
}

TEST(CodecRoundTrip, DecodeChecksTheExpectedSize) {
    auto f = synthetic_frame(40, 30, 9);
    for (const auto& spec : fast_specs()) {
        auto codec = codecs::make_codec(spec);
        auto bytes = codec->encode(f.frame());
        EXPECT_THROW(codec->decode(bytes, 30, 40), Error) << spec;
        EXPECT_THROW(codec->decode(bytes, 40, 29), Error) << spec;
        EXPECT_EQ(codec->decode(bytes, 40, 30), f.pixels) << spec;
    }
}
