// The `bitsky` codec: exact round trips, coded size = context map sum, robust decoding.
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "engine/analysis/costmap.h"
#include "engine/codecs/bitsky_codec.h"
#include "engine/codecs/codec.h"
#include "engine/fits/fits.h"
#include "engine/util/error.h"
#include "tests/engine/analysis_synthetic.h"
#include "tests/engine/test_support.h"

using namespace bitsky;

namespace {

void expect_honest(const Frame16& f, const std::string& what) {
    auto bytes = codecs::bitsky_encode(f);
    auto back = codecs::bitsky_decode(bytes, f.width, f.height);
    ASSERT_TRUE(std::equal(back.begin(), back.end(), f.pixels.begin())) << what;
    auto map = analysis::context_cost_map(f);
    double coded_bits = 8.0 * static_cast<double>(bytes.size() - codecs::kBitskyHeaderBytes);
    // The range coder adds at most a few bytes (flush) and a tiny rounding loss.
    EXPECT_LE(std::abs(coded_bits - map.total_bits), 0.005 * map.total_bits + 8 * 8) << what;
}

}  // namespace

TEST(BitskyCodec, RoundTripSyntheticAndSizeMatchesMap) {
    for (double sigma : {0.7, 3.0, 30.0}) {
        auto f = test::synthetic_sky(300, 170, sigma, 17u, 30, 1000.0, true);
        expect_honest(f.frame(), "sigma " + std::to_string(sigma));
    }
}

TEST(BitskyCodec, RoundTripEdgeCases) {
    std::vector<std::uint16_t> extremes(64 * 64);
    std::mt19937 rng(1);
    for (auto& v : extremes) v = (rng() & 1) ? 0 : 65535;  // maximal residuals both ways
    expect_honest(Frame16{extremes, 64, 64}, "extremes");
    std::vector<std::uint16_t> noise(97 * 33);
    for (auto& v : noise) v = static_cast<std::uint16_t>(rng());
    expect_honest(Frame16{noise, 97, 33}, "uniform noise");
    for (auto [w, h] : {std::pair<std::size_t, std::size_t>{1, 1}, {1, 9}, {9, 1}, {2, 2}, {5, 3}}) {
        std::vector<std::uint16_t> px(w * h);
        for (auto& v : px) v = static_cast<std::uint16_t>(rng());
        expect_honest(Frame16{px, w, h}, std::to_string(w) + "x" + std::to_string(h));
    }
}

TEST(BitskyCodec, RoundTripRealFrames) {
    int frames = 0;
    for (const char* name : {"dss_plate.fits", "ngc1316r.fits", "hst_stis_raw.fits", "mef_4x40x40.fits"}) {
        auto file = fits::File::open(test::data(name));
        for (const auto& h : file.hdus()) {
            if (!h.is_16bit()) continue;
            auto cube = file.read_u16(h.index);
            for (std::size_t k = 0; k < cube.frame_count(); ++k, ++frames) expect_honest(cube.frame(k), name);
        }
    }
    EXPECT_GE(frames, 8);
}

TEST(BitskyCodec, CorruptAndTruncatedStreamsThrowOrAreDetected) {
    auto f = test::synthetic_sky(128, 96, 5.0, 2u, 10);
    auto bytes = codecs::bitsky_encode(f.frame());
    // Truncation anywhere: an error, never a crash or hang.
    for (std::size_t keep : {std::size_t{0}, std::size_t{3}, std::size_t{15}, std::size_t{16}, std::size_t{20},
                             bytes.size() / 2, bytes.size() - 1}) {
        std::span<const std::uint8_t> part(bytes.data(), keep);
        EXPECT_THROW(codecs::bitsky_decode(part, 128, 96), Error) << keep;
    }
    // Bit flips: either an error or (never silently) different pixels.
    std::mt19937 rng(5);
    for (int i = 0; i < 40; ++i) {
        auto bad = bytes;
        std::size_t at = rng() % bad.size();
        bad[at] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
        try {
            auto px = codecs::bitsky_decode(bad, 128, 96);
            EXPECT_EQ(px.size(), 128u * 96u);
            EXPECT_EQ(px, f.pixels) << "a flipped stream decoded without error must be the same image";
        } catch (const Error&) {
        }
    }
    EXPECT_THROW(codecs::bitsky_decode(bytes, 96, 128), Error);
}

TEST(BitskyCodec, RegisteredAsCodec) {
    auto specs = codecs::codec_specs();
    if (std::find(specs.begin(), specs.end(), "bitsky") == specs.end()) GTEST_SKIP() << "bitsky not in the registry yet";
    auto codec = codecs::make_codec("bitsky");
    auto f = test::synthetic_sky(100, 80, 4.0, 9u, 5);
    auto r = codecs::roundtrip(*codec, f.frame());
    EXPECT_TRUE(r.lossless_ok) << r.error;
    EXPECT_EQ(r.compressed_bytes, codecs::bitsky_encode(f.frame()).size());
    EXPECT_THROW(codecs::make_codec("bitsky:fast"), UsageError);
}
