// fpack's quantization of floats as BitSky codecs (engine/codecs/fits_quant_codec.h): the
// spec syntax, what they refuse and why, the quantization they promise (absolute steps:
// every error within half a step; SUBTRACTIVE_DITHER_2 keeps zeros; NaN stays NaN; a tile
// CFITSIO cannot quantize is kept exactly), and corrupt streams refused naming the codec.
// Parity with fpack/funpack: quant_parity_test.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "engine/codecs/codec.h"
#include "engine/codecs/fits_quant_codec.h"
#include "engine/util/error.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::test;

namespace {

// Gaussian noise (sigma 5) on a sky of 100, with a constant row 3 (a tile CFITSIO cannot
// quantize relative to its noise), zeros, a NaN, an Inf and a denormal.
template <typename F>
PixelFrame noisy(std::size_t w, std::size_t h, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> n(100.0, 5.0);
    std::vector<F> v(w * h);
    for (auto& x : v) x = F(n(rng));
    for (std::size_t x = 0; x < w; ++x) v[3 * w + x] = F(42.5);
    v[5 * w + 1] = 0;
    v[5 * w + 2] = 0;
    v[6 * w + 3] = std::numeric_limits<F>::quiet_NaN();
    v[7 * w + 4] = std::numeric_limits<F>::infinity();
    v[8 * w + 5] = std::numeric_limits<F>::denorm_min();
    return PixelFrame::of(std::move(v), w, h);
}

template <typename F>
double value(const PixelFrame& f, std::size_t i) {
    return double(f.get<F>()[i]);
}

}  // namespace

TEST(QuantCodec, SpecsAreCanonicalAndListedApartFromTheLosslessOnes) {
    for (const auto& [in, canonical] : std::vector<std::pair<std::string, std::string>>{
             {"rice:q4", "rice:q4"},
             {"rice:q4.0:d1", "rice:q4"},
             {"rice:q4:seed1", "rice:q4"},
             {"gzip2:q0.25:d2:seed7", "gzip2:q0.25:d2:seed7"},
             {"gzip:q16:nodither", "gzip:q16:nodither"},
             {"hcompress:q-0.5", "hcompress:q-0.5"},
             {"rice:q4:seed12:d2", "rice:q4:d2:seed12"},
             {"rice:q4:tframe", "rice:q4:tframe"},
             {"gzip:q1:t16:d2", "gzip:q1:d2:t16"}}) {
        auto c = codecs::make_codec(in);
        EXPECT_EQ(c->spec(), canonical) << in;
        EXPECT_TRUE(c->lossy()) << in;
        EXPECT_TRUE(c->writes_fits_tiles()) << in;
        EXPECT_EQ(codecs::make_codec(canonical)->spec(), canonical);
    }
    EXPECT_FALSE(codecs::make_codec("rice")->lossy());
    EXPECT_EQ(codecs::QuantSpec::parse("rice", "q4").fpack_args(), "-r -q1 4");
    EXPECT_EQ(codecs::QuantSpec::parse("gzip2", "q0.25:d2:seed7").fpack_args(), "-g2 -qz7 0.25");
    EXPECT_EQ(codecs::QuantSpec::parse("hcompress", "q-2:nodither").fpack_args(), "-h -q0 -2");
    EXPECT_EQ(codecs::QuantSpec::parse("rice", "q4:t16").fpack_args(), "-r -q1 4 -t W,16");
    EXPECT_EQ(codecs::QuantSpec::parse("rice", "q4:t16").fpack_args(300, 200), "-r -q1 4 -t 300,16");
    EXPECT_EQ(codecs::QuantSpec::parse("rice", "q4:t1000").fpack_args(300, 200), "-r -q1 4 -t 300,200");
    EXPECT_EQ(codecs::QuantSpec::parse("gzip", "q4:tframe").fpack_args(300, 200), "-g1 -q1 4 -t 300,200");

    for (const char* bad : {"rice:q0", "rice:q", "rice:qx", "rice:q4x", "rice:q4:d3", "rice:q4:seed0", "rice:q4:seed10001",
                            "rice:q4:nodither:seed3", "rice:q4:d2:nodither", "hcompress:q4:d2", "rice:4", "rice:q4:",
                            "rice:q4:t0", "rice:q4:tx", "rice:q4:t16:tframe", "hcompress:q4:t16", "gzip:t16:q1"}) {
        const std::string err = error_of([&] {
            try {
                codecs::make_codec(bad);
            } catch (const UsageError& e) {
                throw Error(e.what());
            }
        });
        EXPECT_NE(err, "") << bad << " accepted";
        EXPECT_NE(err.find("codec spec '" + std::string(bad) + "'"), std::string::npos) << err;
    }
    EXPECT_NE(error_of([] {
                  try {
                      codecs::make_codec("rice:q0");
                  } catch (const UsageError& e) {
                      throw Error(e.what());
                  }
              }).find("gzip2"),
              std::string::npos);

    for (const auto& s : codecs::codec_specs()) EXPECT_FALSE(codecs::make_codec(s)->lossy()) << s << " in the lossless list";
    const auto lossy = codecs::lossy_codec_specs();
    EXPECT_GE(lossy.size(), 12u);
    for (const auto& s : lossy) {
        EXPECT_TRUE(codecs::make_codec(s)->lossy()) << s;
        EXPECT_EQ(codecs::make_codec(s)->spec(), s);
    }
    EXPECT_EQ(codecs::parse_codec_list("lossy"), lossy);
    EXPECT_EQ(codecs::parse_codec_list("rice,rice:q4.0"), (std::vector<std::string>{"rice", "rice:q4"}));
}

TEST(QuantCodec, RefusesIntegersSayingFpackDoesNotQuantizeThem) {
    auto c = codecs::make_codec("rice:q4");
    for (int bitpix : {8, 16, 32}) {
        const std::string why = c->refusal(bitpix, 100, 100);
        EXPECT_NE(why.find("fpack does not quantize integer images"), std::string::npos) << why;
        EXPECT_NE(why.find("BITPIX=" + std::to_string(bitpix)), std::string::npos) << why;
    }
    EXPECT_EQ(c->refusal(-32, 100, 100), "");
    EXPECT_EQ(c->refusal(-64, 1, 1), "");
    EXPECT_NE(codecs::make_codec("hcompress:q4")->refusal(-32, 3, 100).find("4x4"), std::string::npos);
    // A round trip of an integer frame is a failed result naming the codec, not a crash.
    const auto r = codecs::roundtrip(*c, PixelFrame::of(std::vector<std::int32_t>(64, 7), 8, 8));
    EXPECT_FALSE(r.error.empty());
    EXPECT_EQ(r.error.rfind("rice:q4", 0), 0u) << r.error;
}

TEST(QuantCodec, QuantizesWithinHalfAStepKeepingNaNZerosAndUnquantizableTiles) {
    for (const char* spec : {"rice:q-0.5", "gzip:q-0.5:d2", "gzip2:q-0.5:nodither", "hcompress:q-0.5"}) {
        auto c = codecs::make_codec(spec);
        for (const auto& f : {noisy<float>(61, 40, 3), noisy<double>(61, 40, 4)}) {
            SCOPED_TRACE(std::string(spec) + " " + sample_name(f.sample()));
            const auto bytes = c->encode_any(f);
            const PixelFrame back = c->decode_any(bytes, f.sample(), f.width, f.height);
            const bool f32 = f.sample() == Sample::F32;
            for (std::size_t i = 0; i < f.size(); ++i) {
                const double a = f32 ? value<float>(f, i) : value<double>(f, i);
                const double b = f32 ? value<float>(back, i) : value<double>(back, i);
                if (std::isnan(a) || std::isinf(a)) {
                    EXPECT_TRUE(std::isnan(b)) << i << ": " << a << " -> " << b;  // CFITSIO: Inf is a null too
                    continue;
                }
                ASSERT_LE(std::fabs(b - a), 0.25 * (1 + 1e-6)) << "pixel " << i;
                if (std::string(spec).find(":d2") != std::string::npos && a == 0) {
                    EXPECT_EQ(b, 0.0) << i;
                }
            }
            // Deterministic: the same bytes decode to the same bits.
            EXPECT_EQ(first_difference(back, c->decode_any(bytes, f.sample(), f.width, f.height)), "");
        }
    }
}

TEST(QuantCodec, TilesCfitsioCannotQuantizeAreKeptExactly) {
    // With a step relative to the noise, a constant row (noise 0) cannot be quantized: CFITSIO
    // gzips its values into the GZIP_COMPRESSED_DATA column (the data unit's 32-byte rows).
    for (const char* spec : {"rice:q4", "gzip:q1:d2", "gzip2:q16:nodither"}) {
        auto c = codecs::make_codec(spec);
        const auto f = noisy<float>(50, 20, 5);
        const auto bytes = c->encode_any(f);
        EXPECT_NE(c->fits_tile_header(bytes, f.sample(), f.width, f.height).find("GZIP_COMPRESSED_DATA"),
                  std::string::npos)
            << spec;
        const auto back = c->decode_any(bytes, f.sample(), f.width, f.height);
        for (std::size_t x = 0; x < f.width; ++x) EXPECT_EQ(back.get<float>()[3 * f.width + x], 42.5f) << spec;
        EXPECT_EQ(first_difference(crop(f, 0, 3, f.width, 1), crop(back, 0, 3, f.width, 1)), "") << spec;
    }
}

TEST(QuantCodec, CorruptAndTruncatedStreamsThrowNamingTheCodec) {
    const auto f = noisy<float>(64, 48, 9);
    for (const char* spec : {"rice:q4", "gzip:q4", "gzip2:q4:d2", "hcompress:q4"}) {
        auto c = codecs::make_codec(spec);
        const auto bytes = c->encode_any(f);
        for (std::size_t cut : {std::size_t{0}, std::size_t{7}, bytes.size() / 2, bytes.size() - 1}) {
            const std::span<const std::uint8_t> part(bytes.data(), cut);
            const std::string err = error_of([&] { c->decode_any(part, f.sample(), f.width, f.height); });
            EXPECT_EQ(err.rfind(spec, 0), 0u) << spec << " cut " << cut << ": " << err;
        }
        // A descriptor that points elsewhere, and a damaged gzip tile (CRC): refused before CFITSIO reads them.
        auto bad = bytes;
        bad[6] ^= 0x10;
        EXPECT_EQ(error_of([&] { c->decode_any(bad, f.sample(), f.width, f.height); }).rfind(spec, 0), 0u) << spec;
        if (std::string(spec).rfind("gzip", 0) == 0) {
            bad = bytes;
            bad[bytes.size() - 6] ^= 0x01;
            EXPECT_NE(error_of([&] { c->decode_any(bad, f.sample(), f.width, f.height); }).find("corrupt gzip tile"),
                      std::string::npos)
                << spec;
        }
        EXPECT_NE(error_of([&] { c->decode_any(bytes, f.sample(), f.width, f.height + 1); }), "") << spec;
        EXPECT_NE(error_of([&] { c->decode_any(bytes, Sample::I32, f.width, f.height); }), "") << spec;
    }
}
