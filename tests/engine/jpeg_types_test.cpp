// The JPEG codecs on every pixel type they can take (issue 21): uint8 natively, int32 and
// uint32 through the declared reduction of sample_reduction.h (frame minimum subtracted,
// the narrowest depth the codec takes, else high/low 16-bit planes), float32 natively in
// JPEG-XL; bit-exact round trips of the real corpus frames and of synthetic extremes,
// coding() saying what the stream holds, parity with cjxl / opj_compress on uint8, refusals
// with reasons, and corrupt or truncated streams as errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "engine/codecs/codec.h"
#include "engine/fits/fits.h"
#include "engine/util/error.h"
#include "tests/engine/codec_support.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::test;
namespace fs = std::filesystem;

namespace {

const char* const kJpeg[] = {"jpegxl:e7", "jpegls", "jpeg2000"};

fs::path corpus(const std::string& name) { return shared_data("corpus/" + name); }

// The depth each codec codes a plane at whose values need `needed` bits (0 = too many):
// JPEG-LS 2..16, JPEG 2000 1..19 (OpenJPEG's proven-safe 5/3 range), JPEG-XL 8 or 16 through
// libjxl's integer interface and 17..24 through its float interface.
int expected_depth(const std::string& spec, int needed) {
    if (spec == "jpegls") return needed <= 16 ? std::max(needed, 2) : 0;
    if (spec == "jpeg2000") return needed <= 19 ? std::max(needed, 1) : 0;
    return needed <= 8 ? 8 : needed <= 16 ? 16 : needed <= 24 ? needed : 0;
}

// Order-preserving unsigned view: int32 ^ 2^31, uint32 as is, float32 bits made monotonic.
std::uint32_t ordered(const PixelFrame& f, std::size_t i) {
    if (f.sample() == Sample::U32) return f.get<std::uint32_t>()[i];
    if (f.sample() == Sample::I32) return static_cast<std::uint32_t>(f.get<std::int32_t>()[i]) ^ 0x80000000u;
    const std::uint32_t b = std::bit_cast<std::uint32_t>(f.get<float>()[i]);
    return (b & 0x80000000u) ? ~b : b | 0x80000000u;
}
std::uint32_t minimum_bits(const PixelFrame& f) {
    std::size_t at = 0;
    for (std::size_t i = 1; i < f.size(); ++i)
        if (ordered(f, i) < ordered(f, at)) at = i;
    std::uint32_t b = 0;
    std::memcpy(&b, f.bytes().data() + 4 * at, 4);
    return b;
}
bool reduced_type(Sample s) { return s == Sample::I32 || s == Sample::U32 || s == Sample::F32; }

// What the reduction of a 32-bit frame must be for `spec`, in coding()'s words, from the
// frame's values alone.
std::string expected_coding(const std::string& spec, const PixelFrame& f) {
    std::uint32_t lo = 0xffffffffu, hi = 0;
    for (std::size_t i = 0; i < f.size(); ++i) {
        lo = std::min(lo, ordered(f, i));
        hi = std::max(hi, ordered(f, i));
    }
    const std::uint32_t mb = minimum_bits(f);
    std::string min_text = f.sample() == Sample::I32 ? std::to_string(std::int32_t(mb)) : std::to_string(mb);
    if (f.sample() == Sample::F32) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.9g (0x%08x)", double(std::bit_cast<float>(mb)), mb);
        min_text = buf;
    }
    const std::string head = std::string(sample_name(f.sample())) +
                             (f.sample() == Sample::F32 ? " bit patterns as ordered integers" : "") +
                             " minus the frame minimum " + min_text;
    const int need = int(std::bit_width(hi - lo));
    if (int d = expected_depth(spec, need); d > 0) return head + " -> " + std::to_string(d) + "-bit samples";
    return head + " as high/low 16-bit planes (high plane " +
           std::to_string(expected_depth(spec, int(std::bit_width((hi - lo) >> 16)))) + "-bit samples)";
}

// The reduction header of a 32-bit stream says the same as coding(): layout, depth, minimum.
void check_header(const std::vector<std::uint8_t>& s, const std::string& coding, const PixelFrame& f) {
    ASSERT_GE(s.size(), 8u);
    EXPECT_EQ(s[0], 'R');
    EXPECT_EQ(s[1], 1);
    const bool planes = coding.find("planes") != std::string::npos;
    EXPECT_EQ(s[2], planes ? 2 : 1);
    const std::string depth = std::to_string(s[3]) + "-bit samples";
    EXPECT_NE(coding.find(depth), std::string::npos) << coding << " vs header depth " << int(s[3]);
    std::uint32_t stored = 0;
    std::memcpy(&stored, s.data() + 4, 4);  // little-endian host
    EXPECT_EQ(stored, minimum_bits(f));
}

// A bit-exact round trip through `spec`, its coding checked against the frame and the header.
void check_roundtrip(const std::string& spec, const PixelFrame& f, const std::string& want_coding = "?") {
    SCOPED_TRACE(spec + " on " + sample_name(f.sample()) + " " + std::to_string(f.width) + "x" +
                 std::to_string(f.height));
    auto codec = codecs::make_codec(spec);
    ASSERT_EQ(codec->refusal(f.bitpix(), f.width, f.height), "");
    const auto r = codecs::roundtrip(*codec, f, true);
    ASSERT_TRUE(r.lossless_ok) << r.error;
    EXPECT_EQ(r.raw_bytes, f.raw_bytes());
    EXPECT_EQ(r.coding, codec->coding(f));
    if (!reduced_type(f.sample()) || (f.sample() == Sample::F32 && codec->name() != "jpegxl")) {
        EXPECT_EQ(r.coding, "");
        return;
    }
    EXPECT_EQ(r.coding, expected_coding(codec->name() == "jpegxl" ? "jpegxl" : spec, f));
    if (want_coding != "?") {
        EXPECT_EQ(r.coding, want_coding);
    }
    check_header(r.bytes, r.coding, f);
}

struct CorpusFrame {
    const char* file;
    int hdu;
};

}  // namespace

TEST(JpegTypes, CorpusFramesOfEveryTypeRoundTripBitExactly) {
    // uint8, int32, uint32 (17-bit range: JPEG-LS planes, JPEG 2000 and JPEG-XL 17-bit), and
    // the float32 frames (JPEG-XL only). Frames over 0.5 Mpixel go through jpegxl:e1 (the
    // same path as e7, a tenth of the time on this shared machine).
    const CorpusFrame frames[] = {
        {"xmm_epn_badpix_uint8.fits", 0},  {"hst_wfpc2_m51_int32.fits.gz", 0}, {"ukirt_wfcam_zpn_int32.fits", 1},
        {"xmm_emos1_counts_int32.fits", 0}, {"fermi_lat_counts_car.fits.gz", 1}, {"not_alfosc_flat_uint32.fz", 1},
        {"spitzer_tansip_nan.fits", 0},    {"helio_car_nan.fits.gz", 0},       {"parkes_azp_nan.fits", 0},
        {"ntt_emmi_arc_saturated.fits", 0}, {"sdss_spplate_f32.fits", 0},      {"gemini_gmos_mef.fits", 1},
        {"vla_first_sin.fits", 0},         {"rhessi_image_tables.fits", 0},    {"sfd_dust_zea.fits", 0},
        {"gildas_4d_cube.fits", 0},        {"vlt_visir_cube.fits", 0},         {"hst_acs_hrc_flt.fz", 1},
    };
    // Every frame of the 4D cube: libjxl's own float samples decoded 6 of these 7 wrongly.
    int reduced = 0, floats = 0, bytes8 = 0;
    for (const auto& c : frames) {
        SCOPED_TRACE(std::string(c.file) + "[" + std::to_string(c.hdu) + "]");
        const PixelFrame f = fits::File::open(corpus(c.file)).read_frame(c.hdu, 0);
        ASSERT_FALSE(f.is_16bit());
        const bool big = f.size() > 500000;
        for (std::string spec : kJpeg) {
            if (spec == "jpegxl:e7" && big) spec = "jpegxl:e1";
            const std::string why = codecs::make_codec(spec)->refusal(f.bitpix(), f.width, f.height);
            if (sample_is_float(f.sample()) && spec.rfind("jpegxl", 0) != 0) {
                EXPECT_NE(why.find("BITPIX=-32"), std::string::npos) << why;
                continue;
            }
            check_roundtrip(spec, f);
        }
        reduced += f.sample() == Sample::I32 || f.sample() == Sample::U32;
        floats += f.sample() == Sample::F32;
        bytes8 += f.sample() == Sample::U8;
    }
    for (std::size_t k = 0; k < 7; ++k)
        check_roundtrip("jpegxl:e7", fits::File::open(corpus("gildas_4d_cube.fits")).read_frame(0, k));
    EXPECT_EQ(reduced, 5);
    EXPECT_EQ(floats, 12);
    EXPECT_EQ(bytes8, 1);
    // What the real frames are coded as (the README's value ranges).
    const PixelFrame m51 = fits::File::open(corpus("hst_wfpc2_m51_int32.fits.gz")).read_frame(0, 0);
    EXPECT_EQ(codecs::make_codec("jpegls")->coding(m51), "int32 minus the frame minimum 40 -> 10-bit samples");
    EXPECT_EQ(codecs::make_codec("jpegxl")->coding(m51), "int32 minus the frame minimum 40 -> 16-bit samples");
    const PixelFrame flat = fits::File::open(corpus("not_alfosc_flat_uint32.fz")).read_frame(1, 0);
    EXPECT_EQ(codecs::make_codec("jpegls")->coding(flat),
              "uint32 minus the frame minimum 9899 as high/low 16-bit planes (high plane 2-bit samples)");
    EXPECT_EQ(codecs::make_codec("jpeg2000")->coding(flat), "uint32 minus the frame minimum 9899 -> 17-bit samples");
    EXPECT_EQ(codecs::make_codec("jpegxl:e1")->coding(flat), "uint32 minus the frame minimum 9899 -> 17-bit samples");
}

TEST(JpegTypes, Uint8MatchesCjxlAndOpjCompressOnAnEightBitPgm) {
    for (const char* tool : {"cjxl", "opj_compress"})
        if (!have_program(tool)) GTEST_FAIL() << tool << " not installed (packaging/bootstrap.sh installs it)";
    const PixelFrame f = fits::File::open(corpus("xmm_epn_badpix_uint8.fits")).read_frame(0, 0);
    ASSERT_EQ(f.sample(), Sample::U8);
    std::mt19937 rng(5);
    std::vector<std::uint8_t> noisy(203 * 77);
    for (auto& v : noisy) v = std::uint8_t(100 + rng() % 40);
    TempDir tmp;
    for (const PixelFrame& fr : {f, PixelFrame::of(noisy, 203, 77)}) {
        SCOPED_TRACE(std::to_string(fr.width) + "x" + std::to_string(fr.height));
        std::string pgm = "P5\n" + std::to_string(fr.width) + " " + std::to_string(fr.height) + "\n255\n";
        std::vector<std::uint8_t> file(pgm.begin(), pgm.end());
        file.insert(file.end(), fr.bytes().begin(), fr.bytes().end());
        write_bytes(tmp / "in.pgm", file);
        const std::string in = shell_quote((tmp / "in.pgm").string());
        for (int e : {1, 7}) {
            auto r = run_shell("cjxl -d 0 -e " + std::to_string(e) + " " + in + " " + shell_quote((tmp / "r.jxl").string()));
            ASSERT_EQ(r.exit_code, 0) << r.err;
            const auto ref = jxl_codestream(read_bytes(tmp / "r.jxl"));
            const auto ours = codecs::make_codec("jpegxl:e" + std::to_string(e))->encode_any(fr);
            EXPECT_EQ(ours.size(), ref.size()) << "e" << e;
            EXPECT_TRUE(ours == ref) << "bytes differ from cjxl -d 0 -e " << e;
        }
        auto r = run_shell("opj_compress -i " + in + " -o " + shell_quote((tmp / "r.j2k").string()));
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_TRUE(codecs::make_codec("jpeg2000")->encode_any(fr) == read_bytes(tmp / "r.j2k"));
    }
}

TEST(JpegTypes, SyntheticIntegerExtremesAndDepthBoundaries) {
    std::mt19937_64 rng(7);
    // Full int32 range: high/low planes everywhere.
    std::vector<std::int32_t> full(61 * 13);
    for (auto& v : full) v = std::int32_t(rng());
    full[0] = std::numeric_limits<std::int32_t>::min();
    full[1] = std::numeric_limits<std::int32_t>::max();
    const PixelFrame ff = PixelFrame::of(full, 61, 13);
    check_roundtrip("jpegxl:e7", ff, "int32 minus the frame minimum -2147483648 as high/low 16-bit planes (high plane 16-bit samples)");
    check_roundtrip("jpegls", ff, "int32 minus the frame minimum -2147483648 as high/low 16-bit planes (high plane 16-bit samples)");
    check_roundtrip("jpeg2000", ff, "int32 minus the frame minimum -2147483648 as high/low 16-bit planes (high plane 16-bit samples)");
    // uint32 just below 2^32.
    std::vector<std::uint32_t> top(40 * 25);
    for (auto& v : top) v = 0xffffffffu - std::uint32_t(rng() % 1000);
    top[3] = 0xffffffffu;
    top[4] = 0xffffffffu - 999;
    const PixelFrame tf = PixelFrame::of(top, 40, 25);
    check_roundtrip("jpegxl:e7", tf, "uint32 minus the frame minimum 4294966296 -> 16-bit samples");
    check_roundtrip("jpegls", tf, "uint32 minus the frame minimum 4294966296 -> 10-bit samples");
    check_roundtrip("jpeg2000", tf, "uint32 minus the frame minimum 4294966296 -> 10-bit samples");
    // A constant frame and 1x1 frames.
    const PixelFrame cf = PixelFrame::of(std::vector<std::int32_t>(20 * 10, -7), 20, 10);
    check_roundtrip("jpegxl:e7", cf, "int32 minus the frame minimum -7 -> 8-bit samples");
    check_roundtrip("jpegls", cf, "int32 minus the frame minimum -7 -> 2-bit samples");
    check_roundtrip("jpeg2000", cf, "int32 minus the frame minimum -7 -> 1-bit samples");
    for (const char* spec : kJpeg) {
        check_roundtrip(spec, PixelFrame::of(std::vector<std::int32_t>{-123456789}, 1, 1));
        check_roundtrip(spec, PixelFrame::of(std::vector<std::uint32_t>{4000000000u}, 1, 1));
        check_roundtrip(spec, PixelFrame::of(std::vector<std::uint8_t>{255}, 1, 1));
        std::vector<std::uint8_t> u8(33 * 17);
        for (auto& v : u8) v = std::uint8_t(rng());
        check_roundtrip(spec, PixelFrame::of(u8, 33, 17));
    }
    check_roundtrip("jpegxl:e7", PixelFrame::of(std::vector<float>{-0.0f}, 1, 1));
    // Each codec's depth limit and one past it, on random values spanning exactly that range
    // (JPEG 2000 also on 0/max checkerboards, the 5/3 wavelet's worst case).
    for (const char* spec : kJpeg) {
        for (int bits : {16, 17, 19, 20, 24, 25}) {
            std::vector<std::uint32_t> v(45 * 38);
            const std::uint32_t range = std::uint32_t((std::uint64_t(1) << bits) - 1);
            for (auto& x : v) x = 1000 + std::uint32_t(rng() % (std::uint64_t(range) + 1));
            v[0] = 1000;
            v[1] = 1000 + range;
            check_roundtrip(spec, PixelFrame::of(v, 45, 38));
            if (std::string(spec) == "jpeg2000" && bits <= 19) {
                for (std::size_t i = 0; i < v.size(); ++i) v[i] = ((i % 45) / 2 + (i / 45) / 2) % 2 ? range : 0;
                check_roundtrip(spec, PixelFrame::of(v, 45, 38));
            }
        }
    }
}

TEST(JpegTypes, JpegXlFloatInterfaceIsExactForEvery24BitValue) {
    // The 17..24-bit planes go through libjxl's float input as v / (2^bits - 1): every one
    // of the 2^24 values of the widest depth comes back (jpegxl:e1 on a 4096x4096 frame).
    std::vector<std::int32_t> v(std::size_t(1) << 24);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = std::int32_t(i) - 5000000;
    const PixelFrame f = PixelFrame::of(std::move(v), 4096, 4096);
    check_roundtrip("jpegxl:e1", f, "int32 minus the frame minimum -5000000 -> 24-bit samples");
}

TEST(JpegTypes, Float32BitPatternsSurviveJpegXlAndTheOthersRefuseFloats) {
    // NaNs with payloads and both signs, signalling NaNs, +-Inf, -0, denormals, limits, then
    // random bit patterns.
    std::vector<std::uint32_t> bits = {0x7fc00000u, 0x7fc00001u, 0x7f800001u, 0x7fbfffffu, 0xffc12345u,
                                       0xff800001u, 0x7f800000u, 0xff800000u, 0x80000000u, 0x00000000u,
                                       0x00000001u, 0x807fffffu, 0x7f7fffffu, 0xff7fffffu, 0x00800000u};
    std::mt19937 rng(11);
    while (bits.size() < 37 * 9) bits.push_back(rng());
    std::vector<float> f(bits.size());
    std::memcpy(f.data(), bits.data(), 4 * f.size());
    const PixelFrame fr = PixelFrame::of(f, 37, 9);
    for (const char* spec : {"jpegxl:e1", "jpegxl:e7", "jpegxl:e9"}) check_roundtrip(spec, fr);
    // Sky-subtracted data: small values of both signs (where libjxl 0.7's own float samples
    // decode wrongly), and values that are integers.
    std::normal_distribution<float> g(0.0f, 0.01f);
    std::vector<float> sky(64 * 48), ints(64 * 48);
    for (auto& v : sky) v = g(rng);
    for (auto& v : ints) v = std::round(1000.0f + 100.0f * g(rng) * 100.0f);
    for (const char* spec : {"jpegxl:e1", "jpegxl:e7"}) {
        check_roundtrip(spec, PixelFrame::of(sky, 64, 48));
        check_roundtrip(spec, PixelFrame::of(ints, 64, 48));
    }
    for (const char* spec : {"jpegls", "jpeg2000"}) {
        auto c = codecs::make_codec(spec);
        EXPECT_NE(c->refusal(-32, 37, 9).find("BITPIX=-32"), std::string::npos) << spec;
        EXPECT_NE(error_of([&] { c->encode_any(fr); }).find("BITPIX=-32"), std::string::npos) << spec;
    }
    for (const char* spec : {"jpegxl:e7", "jpegls", "jpeg2000"}) {
        auto c = codecs::make_codec(spec);
        EXPECT_NE(c->refusal(-64, 10, 10).find("BITPIX=-64"), std::string::npos) << spec;
        EXPECT_NE(c->refusal(64, 10, 10).find("BITPIX=64"), std::string::npos) << spec;
        EXPECT_THROW(c->encode_any(PixelFrame::zeros(Sample::F64, 4, 4)), Error) << spec;
    }
}

TEST(JpegTypes, CorruptAndTruncatedStreamsThrow) {
    std::mt19937_64 rng(13);
    std::vector<std::int32_t> small(30 * 20), wide(30 * 20);
    for (auto& v : small) v = std::int32_t(rng() % 3000) - 100;
    for (auto& v : wide) v = std::int32_t(rng());
    std::vector<std::uint8_t> u8(30 * 20);
    for (auto& v : u8) v = std::uint8_t(rng());
    std::vector<float> f32(30 * 20);
    for (auto& v : f32) v = float(rng() % 100000) / 7.0f;
    const PixelFrame frames[] = {PixelFrame::of(small, 30, 20), PixelFrame::of(wide, 30, 20), PixelFrame::of(u8, 30, 20),
                                 PixelFrame::of(f32, 30, 20)};
    for (const char* spec : kJpeg) {
        auto c = codecs::make_codec(spec);
        for (const PixelFrame& f : frames) {
            if (!c->refusal(f.bitpix(), 30, 20).empty()) continue;
            SCOPED_TRACE(std::string(spec) + " " + sample_name(f.sample()));
            const auto good = c->encode_any(f);
            EXPECT_EQ(first_difference(f, c->decode_any(good, f.sample(), 30, 20)), "");
            for (std::size_t n : {std::size_t(0), std::size_t(1), std::size_t(4), std::size_t(7), std::size_t(8),
                                  std::size_t(11), std::size_t(12), good.size() / 2, good.size() - 1}) {
                if (n >= good.size()) continue;
                const std::vector<std::uint8_t> cut(good.begin(), good.begin() + long(n));
                EXPECT_THROW(c->decode_any(cut, f.sample(), 30, 20), Error) << "truncated to " << n;
            }
            // Another size, another type.
            EXPECT_THROW(c->decode_any(good, f.sample(), 31, 20), Error);
            const Sample other = f.sample() == Sample::U8 ? Sample::I32 : Sample::U8;
            EXPECT_THROW(c->decode_any(good, other, 30, 20), Error);
            if (f.sample() != Sample::I32) continue;
            // Header fields: magic, version, layout, depth, plane length, minimum.
            const bool planes = good[2] == 2;
            for (auto [at, value] : std::vector<std::pair<std::size_t, std::uint8_t>>{
                     {0, 'Q'}, {1, 2}, {2, 3}, {2, std::uint8_t(planes ? 1 : 2)}, {3, 33}, {3, 5}, {3, 0}}) {
                auto bad = good;
                bad[at] = value;
                EXPECT_THROW(c->decode_any(bad, f.sample(), 30, 20), Error) << "byte " << at << " = " << int(value);
            }
            auto bad = good;
            bad[7] = 0x7f;  // minimum near INT32_MAX: values overflow the type
            EXPECT_THROW(c->decode_any(bad, f.sample(), 30, 20), Error);
            if (planes) {
                bad = good;
                bad[11] = 0x70;  // high plane length beyond the stream
                EXPECT_THROW(c->decode_any(bad, f.sample(), 30, 20), Error);
            }
        }
    }
}
