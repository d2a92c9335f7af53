// Cube-aware compression: transforms (tdiff, tpred, bandpred) over 2D codecs, bitsky:3d
// (the bitsky coder with an inter-frame context), the cube stream, per-frame bits curves, fallbacks and corrupt streams.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <random>

#include <nlohmann/json.hpp>

#include "engine/codecs/bitsky_codec.h"
#include "engine/codecs/cube_codec.h"
#include "engine/codecs/transform_bandpred.h"
#include "engine/fits/fits.h"
#include "engine/sample/sample_sky.h"
#include "engine/util/error.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::codecs;

namespace {

// The sample sky, written once for the whole program.
class SampleSky {
public:
    static const SampleSky& get() {
        static SampleSky sky;
        return sky;
    }
    std::filesystem::path ramp_path() const { return dir_.path() / "data/orbiter/orbiter_ramp_001.fits"; }
    Cube16 ramp() const { return fits::File::open(ramp_path()).read_u16(0); }
    Cube16 stack4d() const { return fits::File::open(dir_.path() / "data/survey/survey_stack_001.fits").read_u16(0); }

private:
    SampleSky() { sample::write_sample_sky(dir_.path(), 1); }
    test::TempDir dir_;
};

Cube16 random_cube(std::vector<std::size_t> axes, unsigned seed, std::uint16_t lo = 0, std::uint16_t hi = 65535) {
    Cube16 c(std::move(axes));
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> u(lo, hi);
    for (auto& v : c.data()) v = static_cast<std::uint16_t>(u(rng));
    return c;
}

std::vector<std::string> transforms() {
    return {"tdiff", "tpred", "bandpred", "tdiff:zigzag", "tpred:zigzag", "bandpred:zigzag", "tdiff:always",
            "tpred:zigzag:always"};
}

void expect_roundtrip(const std::string& spec, const Cube16& cube) {
    CubeCodec codec(spec);
    auto r = cube_roundtrip(codec, cube);
    EXPECT_TRUE(r.lossless_ok) << spec << " on " << shape_string(cube.axes()) << ": " << r.error;
    EXPECT_EQ(r.frames.size(), cube.frame_count()) << spec;
}

std::size_t plain_bytes(const std::string& codec, const Cube16& cube) {
    return CubeCodec(codec).encode(cube).compressed_bytes;
}

// 24x16x6: frames jump between 0 and 65535 (steps of +-65535), decrease, and saturate.
Cube16 saturated_cube() {
    Cube16 c({24, 16, 6});
    for (std::size_t k = 0; k < 6; ++k) {
        auto f = c.frame_span(k);
        for (std::size_t i = 0; i < f.size(); ++i) {
            switch (k) {
                case 0: f[i] = 0; break;
                case 1: f[i] = 65535; break;                                    // +65535 everywhere
                case 2: f[i] = i % 2 ? 0 : 65535; break;                         // mixed -65535 / 0
                case 3: f[i] = static_cast<std::uint16_t>(60000 - 7 * (i % 5)); break;  // decreasing
                case 4: f[i] = static_cast<std::uint16_t>(std::min<std::size_t>(65535, 59990 + i)); break;
                default: f[i] = static_cast<std::uint16_t>(i % 3 ? 65535 : 2); break;
            }
        }
    }
    return c;
}

// The message of the UsageError that a cube spec must throw for a 2D image (a test
// failure, and an empty message, if it does not throw one).
std::string refusal_on_2d(const std::string& spec, const Cube16& img) {
    try {
        CubeCodec(spec).encode(img);
    } catch (const UsageError& e) {
        return e.what();
    }
    ADD_FAILURE() << spec << ": expected UsageError";
    return {};
}

}  // namespace

TEST(ResidualMap, OffsetAndZigzagAreExactAtTheExtremes) {
    std::vector<std::uint16_t> x = {0, 65535, 0, 65535, 100, 7}, p = {65535, 0, 0, 65535, 101, 7};
    std::vector<std::uint16_t> r(x.size()), back(x.size());
    std::int32_t off = 0;
    // d spans -65535..65535: does not fit either map, nothing is wrapped.
    EXPECT_FALSE(map_residuals(x, p, ResidualMap::offset, r, off));
    EXPECT_FALSE(map_residuals(x, p, ResidualMap::zigzag, r, off));
    // d in [0, 65535] fits the offset map exactly.
    std::vector<std::uint16_t> x2 = {65535, 3, 0}, p2 = {0, 3, 0};
    std::vector<std::uint16_t> r2(3), b2(3);
    ASSERT_TRUE(map_residuals(x2, p2, ResidualMap::offset, r2, off));
    EXPECT_EQ(off, 0);
    unmap_residuals(r2, p2, ResidualMap::offset, off, b2);
    EXPECT_EQ(b2, x2);
    // Small negative differences stay small under both maps.
    std::vector<std::uint16_t> x3 = {10, 12, 9}, p3 = {12, 10, 10};  // d = -2, 2, -1
    std::vector<std::uint16_t> r3(3), b3(3);
    ASSERT_TRUE(map_residuals(x3, p3, ResidualMap::offset, r3, off));
    EXPECT_EQ(off, -2);
    EXPECT_EQ(r3, (std::vector<std::uint16_t>{0, 4, 1}));
    ASSERT_TRUE(map_residuals(x3, p3, ResidualMap::zigzag, r3, off));
    EXPECT_EQ(r3, (std::vector<std::uint16_t>{3, 4, 1}));
    unmap_residuals(r3, p3, ResidualMap::zigzag, off, b3);
    EXPECT_EQ(b3, x3);
    // A residual that decodes out of range is a corrupt stream, not a wrapped value.
    std::vector<std::uint16_t> bad = {65535};
    std::vector<std::uint16_t> p4 = {65535}, p0 = {0}, o4(1);
    EXPECT_THROW(unmap_residuals(bad, p4, ResidualMap::offset, 1, o4), Error);
    EXPECT_THROW(unmap_residuals(bad, p0, ResidualMap::zigzag, 0, o4), Error);  // d = -32768 below 0
}

TEST(CubeCodec, SpecsParseCanonicaliseAndRefuse) {
    EXPECT_EQ(CubeCodec("tdiff+jpegxl:e7").spec(), "tdiff+jpegxl:e7");
    EXPECT_EQ(CubeCodec("tdiff:offset+rice").spec(), "tdiff+rice");
    EXPECT_EQ(CubeCodec("tpred:always:zigzag+jpegls").spec(), "tpred:zigzag:always+jpegls");
    EXPECT_FALSE(CubeCodec("jpegls").has_transform());
    EXPECT_THROW(CubeCodec("warp+jpegls"), UsageError);
    EXPECT_THROW(CubeCodec("tdiff+"), UsageError);
    EXPECT_THROW(CubeCodec("tdiff:fast+rice"), UsageError);
    EXPECT_THROW(CubeCodec("tdiff+nosuch"), UsageError);
    auto list = parse_cube_codec_list("jpegls, tdiff+jpegls,tdiff+jpegls,bandpred+rice");
    EXPECT_EQ(list, (std::vector<std::string>{"jpegls", "tdiff+jpegls", "bandpred+rice"}));
    EXPECT_EQ(cube_codec_specs({"rice"}), (std::vector<std::string>{"tdiff+rice", "tpred+rice", "bandpred+rice"}));
}

TEST(CubeCodec, TransformOn2DImageIsRefusedClearly) {
    Cube16 img = random_cube({16, 8}, 1);
    const std::string msg = refusal_on_2d("tdiff+jpegls", img);
    EXPECT_NE(msg.find("needs a cube"), std::string::npos) << msg;
    EXPECT_NE(msg.find("16x8"), std::string::npos) << msg;
    expect_roundtrip("jpegls", img);  // the plain spec codes a 2D image as one frame
}

TEST(CubeCodec, EveryTransformRoundTripsTheSampleRamp) {
    Cube16 ramp = SampleSky::get().ramp();
    ASSERT_EQ(ramp.axes(), (std::vector<std::size_t>{256, 256, 8}));
    for (const std::string codec : {"jpegls", "rice"})
        for (const auto& t : transforms()) expect_roundtrip(t + "+" + codec, ramp);
    for (const std::string codec : {"jpeg2000", "jpegxl:e3", "hcompress", "gzip"}) expect_roundtrip("tdiff+" + codec, ramp);
}

// The ramp's own header says how much a cube-aware coder can gain at best: BSKYHLIM
// (per-frame noise entropy) minus BSKYHL3D (first frame + Poisson increments), about
// 1 bit per pixel, i.e. 18% of the 2D limit. tdiff must realise most of that saving.
TEST(CubeCodec, TdiffGainsSubstantiallyOnTheRamp) {
    const auto path = SampleSky::get().ramp_path();
    const auto file = fits::File::open(path);
    const auto& hdu = file.hdu(0);
    const double hlim = std::stod(hdu.card_value("BSKYHLIM").value());
    const double hl3d = std::stod(hdu.card_value("BSKYHL3D").value());
    ASSERT_GT(hlim - hl3d, 0.5);
    Cube16 ramp = SampleSky::get().ramp();
    const double pixels = double(ramp.data().size());
    for (const std::string codec : {"jpegls", "rice"}) {
        const double plain = double(plain_bytes(codec, ramp));
        const double cube = double(CubeCodec("tdiff+" + codec).encode(ramp).compressed_bytes);
        const double saved_bpp = 8.0 * (plain - cube) / pixels;
        EXPECT_GT(saved_bpp, 0.8 * (hlim - hl3d)) << codec << ": " << cube << " vs plain " << plain;
        EXPECT_LT(cube, 0.87 * plain) << codec;  // > 13% smaller (the limit allows 18%)
    }
}

TEST(CubeCodec, IndependentEpochsLoseAtMostTheFraming) {
    Cube16 s = SampleSky::get().stack4d();
    ASSERT_EQ(s.axes(), (std::vector<std::size_t>{200, 200, 5, 3}));
    for (const std::string codec : {"jpegls", "rice"}) {
        const std::size_t plain = plain_bytes(codec, s);
        for (const std::string t : {"tdiff", "tpred", "bandpred"}) {
            CubeCodec cc(t + "+" + codec);
            auto r = cube_roundtrip(cc, s);
            ASSERT_TRUE(r.lossless_ok) << r.error;
            // Stream header (~40 bytes) + at most 18 bytes of framing per frame.
            EXPECT_LE(r.compressed_bytes, plain + 64 + 18 * s.frame_count()) << cc.spec();
        }
    }
}

TEST(CubeCodec, RandomCubesRoundTrip) {
    for (unsigned seed = 1; seed <= 3; ++seed) {
        Cube16 full = random_cube({37, 23, 6}, seed);            // differences do not fit: plain fallback
        Cube16 narrow = random_cube({37, 23, 6}, seed, 1000, 1100);  // differences fit
        Cube16 four = random_cube({19, 11, 3, 4}, seed, 0, 300);
        for (const auto& t : transforms())
            for (const std::string codec : {"jpegls", "rice"}) {
                expect_roundtrip(t + "+" + codec, full);
                expect_roundtrip(t + "+" + codec, narrow);
                expect_roundtrip(t + "+" + codec, four);
            }
    }
}

TEST(CubeCodec, SaturatedAndNegativeStepsAreExactNeverWrapped) {
    const Cube16 c = saturated_cube();
    for (const auto& t : transforms())
        for (const std::string codec : {"jpegls", "rice", "jpeg2000"}) expect_roundtrip(t + "+" + codec, c);
    // Frame 2 minus frame 1 spans -65535..0 (fits the offset map); frame 3 vs 2 spans
    // more than 16 bits and must be coded plain even with `always`.
    auto enc = CubeCodec("tdiff:always+rice").encode(c);
    EXPECT_TRUE(enc.frames[1].residual);
    EXPECT_TRUE(enc.frames[2].residual);
    EXPECT_FALSE(enc.frames[3].residual);
    EXPECT_FALSE(enc.frames[0].residual);
    auto zz = CubeCodec("tdiff:zigzag:always+rice").encode(c);
    EXPECT_FALSE(zz.frames[1].residual);  // +65535 does not fit zigzag's 16 bits
}

TEST(CubeCodec, SingleFrameCubesAndOneBandStacks) {
    for (const auto& axes : std::vector<std::vector<std::size_t>>{{31, 17, 1}, {31, 17, 1, 1}, {31, 17, 1, 3}, {1, 1, 4}}) {
        Cube16 c = random_cube(axes, 7, 0, 5000);
        for (const auto& t : transforms()) expect_roundtrip(t + "+jpegls", c);
    }
}

TEST(CubeCodec, RealInt16CubeRoundTrips) {
    auto file = fits::File::open(test::data("odd_axes_mixed.fits"));
    Cube16 c = file.read_u16(3);
    ASSERT_EQ(c.axes(), (std::vector<std::size_t>{73, 31, 5}));
    for (const auto& t : transforms())
        for (const std::string codec : {"jpegls", "rice", "jpegxl:e3"}) expect_roundtrip(t + "+" + codec, c);
}

TEST(CubeCodec, BandGainIsFittedAndExact) {
    std::vector<std::uint16_t> y(500), x(500);
    for (std::size_t i = 0; i < y.size(); ++i) {
        y[i] = static_cast<std::uint16_t>(100 + 37 * (i % 97));
        x[i] = static_cast<std::uint16_t>(2 * y[i] + 100);
    }
    BandGain g = fit_band_gain(x, y);
    EXPECT_EQ(g.gain_q16, 2 * 65536);
    EXPECT_EQ(g.offset_q8, 100 * 256);
    // Used through the stream, the residual of a perfectly predicted band is constant.
    Cube16 c({50, 10, 2});
    std::copy(y.begin(), y.end(), c.frame_span(0).begin());
    std::copy(x.begin(), x.end(), c.frame_span(1).begin());
    auto enc = CubeCodec("bandpred+rice").encode(c);
    EXPECT_TRUE(enc.frames[1].residual);
    EXPECT_LT(enc.frames[1].payload_bytes, enc.frames[0].payload_bytes / 4);
    expect_roundtrip("bandpred+rice", c);
}

TEST(CubeCodec, BitsCurvesFollowTheRamp) {
    Cube16 ramp = SampleSky::get().ramp();
    auto curves = frame_bits_curves(ramp, {"rice", "tdiff+rice", "bogus+rice"});
    ASSERT_EQ(curves.size(), 3u);
    for (std::size_t i = 0; i < 2; ++i) {
        ASSERT_TRUE(curves[i].lossless_ok) << curves[i].error;
        ASSERT_EQ(curves[i].bits.size(), ramp.frame_count());
        double sum = 0;
        for (double b : curves[i].bits) sum += b;
        if (i == 0) EXPECT_DOUBLE_EQ(sum, 8.0 * double(curves[i].compressed_bytes));
        else EXPECT_LE(sum, 8.0 * double(curves[i].compressed_bytes));  // stream header not in any frame
    }
    EXPECT_FALSE(curves[1].residual[0]);
    for (std::size_t k = 1; k < ramp.frame_count(); ++k) {
        EXPECT_TRUE(curves[1].residual[k]);
        EXPECT_LT(curves[1].bpp[k], curves[0].bpp[k]) << "frame " << k;
    }
    EXPECT_FALSE(curves[2].lossless_ok);
    EXPECT_NE(curves[2].error.find("bogus"), std::string::npos);
}

TEST(CubeCodec, TruncatedAndCorruptStreamsThrowNeverCrash) {
    Cube16 c = random_cube({40, 30, 4}, 11, 2000, 2040);
    for (const std::string spec : {"tdiff+rice", "bandpred+jpegls", "tpred:zigzag+gzip", "tdiff+jpegxl:e3"}) {
        CubeCodec codec(spec);
        auto enc = codec.encode(c);
        const auto& s = enc.stream;
        for (std::size_t cut = 0; cut < s.size(); cut += std::max<std::size_t>(1, s.size() / 97)) {
            std::span<const std::uint8_t> part(s.data(), cut);
            EXPECT_THROW(codec.decode(part, c.axes()), Error) << spec << " cut at " << cut;
        }
        std::mt19937 rng(5);
        for (int trial = 0; trial < 150; ++trial) {
            auto bad = s;
            std::size_t at = rng() % bad.size();
            bad[at] = static_cast<std::uint8_t>(bad[at] ^ (1u + rng() % 255u));
            try {
                Cube16 back = codec.decode(bad, c.axes());
                EXPECT_EQ(back.data(), c.data()) << spec << ": corrupt byte " << at << " decoded to other pixels";
            } catch (const Error&) {
            }
        }
        auto longer = s;
        longer.push_back(0);
        EXPECT_THROW(codec.decode(longer, c.axes()), Error);
        EXPECT_THROW(codec.decode(s, {40, 30, 5}), Error);
        EXPECT_THROW(CubeCodec("tpred+rice").decode(s, c.axes()), Error);
    }
}

TEST(CubeCodecCli, RoundtripTakesTransformSpecsOnCubesAndRefuses2D) {
    const auto ramp = SampleSky::get().ramp_path().string();
    auto r = test::run_cli("roundtrip --json --codec tdiff+jpegls,jpegls " + test::shell_quote(ramp));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["files"].size(), 2u);
    EXPECT_EQ(j["files"][0]["codec"], "tdiff+jpegls");
    EXPECT_TRUE(j["files"][0]["ok"].get<bool>());
    EXPECT_EQ(j["files"][0]["frames"].size(), 8u);
    EXPECT_FALSE(j["files"][0]["frames"][0]["residual"].get<bool>());
    EXPECT_TRUE(j["files"][0]["frames"][1]["residual"].get<bool>());
    EXPECT_LT(j["files"][0]["compressed_bytes"].get<double>(), j["files"][1]["compressed_bytes"].get<double>());

    auto flat = test::run_cli("roundtrip --json --codec tdiff+rice " + test::shell_quote(test::data("ngc1316r.fits").string()));
    EXPECT_EQ(flat.exit_code, 1);
    auto jf = nlohmann::json::parse(flat.out);
    EXPECT_FALSE(jf["files"][0]["ok"].get<bool>());
    EXPECT_NE(jf["files"][0]["error"].get<std::string>().find("needs a cube"), std::string::npos);

    auto bad = test::run_cli("roundtrip --codec warp+rice " + test::shell_quote(ramp));
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("valid transforms"), std::string::npos);
}

// ---- bitsky:3d: the bitsky coder with the previous frame as context ----

TEST(Bitsky3d, SpecIsACubeSpecEverywhere) {
    EXPECT_TRUE(is_cube_spec("bitsky:3d"));
    EXPECT_FALSE(is_cube_spec("bitsky"));
    CubeCodec c("bitsky:3d");
    EXPECT_EQ(c.spec(), "bitsky:3d");
    EXPECT_TRUE(c.has_transform());
    EXPECT_EQ(parse_cube_codec_list("bitsky, bitsky:3d ,tdiff+bitsky"),
              (std::vector<std::string>{"bitsky", "bitsky:3d", "tdiff+bitsky"}));
    auto specs = cube_codec_specs({"bitsky"});
    EXPECT_NE(std::find(specs.begin(), specs.end(), "bitsky:3d"), specs.end());
    EXPECT_EQ(cube_codec_specs({"rice"}), (std::vector<std::string>{"tdiff+rice", "tpred+rice", "bandpred+rice"}));
    // Not a 2D codec, and not a codec under a transform.
    EXPECT_THROW(make_codec("bitsky:3d"), UsageError);
    EXPECT_THROW(CubeCodec("tdiff+bitsky:3d"), UsageError);
    EXPECT_THROW(CubeCodec("bitsky:4d"), UsageError);
}

TEST(Bitsky3d, On2DImageIsRefusedClearly) {
    const std::string msg = refusal_on_2d("bitsky:3d", random_cube({16, 8}, 1));
    EXPECT_NE(msg.find("needs a cube"), std::string::npos) << msg;
    EXPECT_NE(msg.find("16x8"), std::string::npos) << msg;
    EXPECT_NE(msg.find("'bitsky'"), std::string::npos) << msg;
}

TEST(Bitsky3d, RoundTripsRampStackRandomSaturatedAndSingleFrames) {
    expect_roundtrip("bitsky:3d", SampleSky::get().ramp());
    expect_roundtrip("bitsky:3d", SampleSky::get().stack4d());
    for (unsigned seed = 1; seed <= 3; ++seed) {
        expect_roundtrip("bitsky:3d", random_cube({37, 23, 6}, seed));
        expect_roundtrip("bitsky:3d", random_cube({37, 23, 6}, seed, 1000, 1100));
        expect_roundtrip("bitsky:3d", random_cube({19, 11, 3, 4}, seed, 0, 300));
    }
    // Saturation at 65535, jumps of +-65535 and decreasing frames.
    expect_roundtrip("bitsky:3d", saturated_cube());
    // A ramp that decreases frame by frame, saturating at 65535 in its first frames.
    Cube16 down({40, 30, 5});
    std::mt19937 rng(5);
    std::normal_distribution<double> noise(0.0, 4.0);
    for (std::size_t k = 0; k < 5; ++k) {
        auto f = down.frame_span(k);
        for (std::size_t i = 0; i < f.size(); ++i)
            f[i] = static_cast<std::uint16_t>(std::clamp(70000.0 - 3000.0 * double(k) - 10.0 * double(i % 40) + noise(rng), 0.0, 65535.0));
    }
    expect_roundtrip("bitsky:3d", down);
    for (const auto& axes : std::vector<std::vector<std::size_t>>{{31, 17, 1}, {31, 17, 1, 1}, {31, 17, 1, 3}, {1, 1, 4}})
        expect_roundtrip("bitsky:3d", random_cube(axes, 7, 0, 5000));
}

TEST(Bitsky3d, FirstFrameIsPlainBitskyAndCorruptStreamsThrow) {
    Cube16 ramp = SampleSky::get().ramp();
    auto enc = CubeCodec("bitsky:3d").encode(ramp);
    ASSERT_EQ(enc.frames.size(), 8u);
    EXPECT_FALSE(enc.frames[0].residual);
    EXPECT_EQ(enc.frames[0].payload_bytes, bitsky_encode(ramp.frame(0)).size());
    for (std::size_t k = 1; k < 8; ++k) EXPECT_TRUE(enc.frames[k].residual) << k;
    for (std::size_t cut : {enc.stream.size() - 1, enc.stream.size() / 2, std::size_t(20)}) {
        std::vector<std::uint8_t> s(enc.stream.begin(), enc.stream.begin() + std::ptrdiff_t(cut));
        EXPECT_THROW(CubeCodec("bitsky:3d").decode(s, ramp.axes()), Error) << cut;
    }
    auto bad = enc.stream;
    bad[bad.size() / 2] ^= 0x5A;
    EXPECT_THROW(CubeCodec("bitsky:3d").decode(bad, ramp.axes()), Error);
    // A plain bitsky frame stream is not an inter-frame one.
    std::vector<std::uint16_t> prev(ramp.frame_pixels());
    EXPECT_THROW(bitsky_decode_3d(bitsky_encode(ramp.frame(1)), 256, 256, prev), Error);
}

// On the sample ramp the previous frame carries most of the next one: bitsky:3d must
// beat plain bitsky (frame by frame, summed) clearly; tdiff+bitsky is printed beside it.
TEST(Bitsky3d, BeatsPlainBitskyOnTheRamp) {
    Cube16 ramp = SampleSky::get().ramp();
    const double pixels = double(ramp.data().size());
    const double plain = double(plain_bytes("bitsky", ramp));
    const double tdiff = double(CubeCodec("tdiff+bitsky").encode(ramp).compressed_bytes);
    const double b3d = double(CubeCodec("bitsky:3d").encode(ramp).compressed_bytes);
    std::cout << "ramp bpp: bitsky " << 8 * plain / pixels << ", tdiff+bitsky " << 8 * tdiff / pixels
              << ", bitsky:3d " << 8 * b3d / pixels << "\n";
    EXPECT_LT(b3d, 0.85 * plain);  // measured 0.822 (2026-11-27)
}

// Independent epochs and bands: the adaptive choice keeps frames plain where the previous
// frame does not help, so bitsky:3d costs at most the cube framing more than bitsky.
TEST(Bitsky3d, IndependentEpochsLoseAtMostTheFraming) {
    Cube16 s = SampleSky::get().stack4d();
    const std::size_t plain = plain_bytes("bitsky", s);
    auto r = cube_roundtrip(CubeCodec("bitsky:3d"), s);
    ASSERT_TRUE(r.lossless_ok) << r.error;
    EXPECT_LE(r.compressed_bytes, plain + 64 + 5 * s.frame_count());
}
