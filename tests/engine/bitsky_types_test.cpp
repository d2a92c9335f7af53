// BitSky on every pixel type (issue 21): every non-16-bit frame of the real corpus round
// trips bit for bit and is no larger than the other lossless codecs (integers: every other
// codec that takes the frame, and JPEG-XL e7 on a 16-bit PGM of the values minus their
// minimum; floats: gzip2 per frame, gzip2 and zstd in aggregate); coding() says what was
// done; synthetic extremes (NaN payloads, +-Inf, -0, denormals, integer limits, tiny and
// constant frames); corrupt and truncated streams throw; 16-bit frames keep "BSK5".
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <string>

#include "engine/codecs/bitsky_codec.h"
#include "engine/codecs/bitsky_planes.h"
#include "engine/codecs/codec.h"
#include "engine/fits/fits.h"
#include "engine/util/error.h"
#include "tests/engine/codec_support.h"
#include "tests/engine/edge_frames.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::test;

namespace {

// cjxl -d 0 -e 7 on the frame's values minus their minimum as a 16-bit PGM (the codestream
// bytes), or -1 when the range does not fit 16 bits.
long long jpegxl_e7_bytes(const PixelFrame& f, const TempDir& tmp) {
    std::int64_t mn = 0, mx = 0;
    std::vector<std::int64_t> v;
    std::visit(
        [&](const auto& values) {
            for (auto x : values) v.push_back(static_cast<std::int64_t>(x));
        },
        f.values);
    mn = *std::min_element(v.begin(), v.end());
    mx = *std::max_element(v.begin(), v.end());
    if (mx - mn > 65535) return -1;
    std::vector<std::uint16_t> px(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) px[i] = static_cast<std::uint16_t>(v[i] - mn);
    write_pgm(tmp / "f.pgm", Frame16{px, f.width, f.height});
    const auto r = run_shell("cjxl -d 0 -e 7 --quiet " + shell_quote((tmp / "f.pgm").string()) + " " +
                             shell_quote((tmp / "f.jxl").string()));
    if (r.exit_code != 0) throw std::runtime_error("cjxl failed: " + r.err);
    return static_cast<long long>(jxl_codestream(read_bytes(tmp / "f.jxl")).size());
}

}  // namespace

TEST(BitskyTypes, CorpusFramesRoundTripAndAreNoLargerThanTheOtherCodecs) {
    ASSERT_TRUE(have_program("cjxl")) << "cjxl not installed (packaging/bootstrap.sh installs libjxl-tools)";
    const auto frames = corpus_other_frames();
    ASSERT_EQ(frames.size(), 52u) << "every non-16-bit frame of shared/data/corpus";
    auto bitsky = codecs::make_codec("bitsky");
    TempDir tmp;
    std::map<std::string, double> float_totals;  // codec -> bytes over the float frames
    int integer_frames = 0, float_frames = 0;
    for (const auto& [name, f] : frames) {
        SCOPED_TRACE(name);
        EXPECT_EQ(bitsky->refusal(f.bitpix(), f.width, f.height), "");
        const auto b = codecs::roundtrip(*bitsky, f);
        ASSERT_TRUE(b.lossless_ok) << b.error;
        EXPECT_EQ(b.coding, bitsky->coding(f));
        std::map<std::string, std::size_t> others;
        for (const char* spec : {"rice", "gzip", "gzip2", "hcompress", "zstd", "zfp"}) {
            auto c = codecs::make_codec(spec);
            if (!c->refusal(f.bitpix(), f.width, f.height).empty()) continue;
            const auto r = codecs::roundtrip(*c, f);
            // Hcompress refuses int32 ranges from 2^24 (CFITSIO overruns there): no competitor.
            if (r.lossless_ok) others[spec] = r.compressed_bytes;
        }
        if (sample_is_float(f.sample())) {
            ++float_frames;
            float_totals["bitsky"] += double(b.compressed_bytes);
            for (const char* spec : {"gzip2", "zstd"}) float_totals[spec] += double(others.at(spec));
            EXPECT_LE(b.compressed_bytes, others.at("gzip2")) << b.bpp() << " bpp";
            continue;
        }
        ++integer_frames;
        for (const auto& [spec, bytes] : others)
            EXPECT_LE(b.compressed_bytes, bytes) << spec << ": bitsky " << b.compressed_bytes << " bytes, " << spec
                                                 << " " << bytes;
        const long long e7 = jpegxl_e7_bytes(f, tmp);
        if (e7 >= 0) {
            EXPECT_LE(static_cast<long long>(b.compressed_bytes), e7) << "cjxl -d 0 -e 7 on the 16-bit PGM";
        }
    }
    EXPECT_EQ(integer_frames, 6);
    EXPECT_EQ(float_frames, 46);
    EXPECT_LE(float_totals["bitsky"], float_totals["gzip2"]);
    EXPECT_LE(float_totals["bitsky"], float_totals["zstd"]);
}

TEST(BitskyTypes, CodingSaysWhatWasDone) {
    std::map<std::string, std::string> coding;
    auto bitsky = codecs::make_codec("bitsky");
    for (const auto& [name, f] : corpus_other_frames()) coding[name] = bitsky->coding(f);
    auto has = [&](const std::string& frame, const std::string& text) {
        EXPECT_NE(coding.at(frame).find(text), std::string::npos) << frame << ": " << coding.at(frame);
    };
    has("ntt_emmi_arc_saturated.fits[0] frame 0", "float32 values are integers in [313, 65535]: minus the minimum: ");
    has("soho_eit_f64.fits[0] frame 0", "float64 values are multiples of 1/4 in [0, 1991]: x4 minus the minimum");
    has("stereo_euvi_f64.fits[0] frame 0", "multiples of 1/2 in [721, 16391.5]");
    has("spitzer_tansip_nan.fits[0] frame 0", "+ 4068 NaN/Inf positions (1 distinct bit patterns)");
    has("spitzer_tansip_nan.fits[0] frame 0", "float32 bit patterns as order-preserving integers");
    has("xmm_emos1_counts_int32.fits[0] frame 0", "int32 values in [0, 190] minus the minimum 0: ");
    has("not_alfosc_flat_uint32.fz[1] frame 0", "uint32 values in [9899, 124172] minus the minimum 9899: ");
    EXPECT_EQ(coding.at("xmm_epn_badpix_uint8.fits[0] frame 0"), "");  // uint8 coded as it is
    for (const auto& [frame, text] : coding)
        if (frame.find("uint8") == std::string::npos) {
            EXPECT_FALSE(text.empty()) << frame;
        }
}

TEST(BitskyTypes, SyntheticExtremesRoundTripBitExactly) {
    auto bitsky = codecs::make_codec("bitsky");
    for (const auto& [name, f] : edge_frames()) {
        SCOPED_TRACE(name);
        const auto r = codecs::roundtrip(*bitsky, f);
        EXPECT_TRUE(r.lossless_ok) << r.error;
        EXPECT_EQ(r.coding, bitsky->coding(f));
    }
    // The mask holds NaN/Inf (and -0 for integer floats); many distinct payloads go unmasked.
    const auto edges = edge_frames();
    auto coding_of = [&](const std::string& n) {
        for (const auto& e : edges)
            if (e.name == n) return bitsky->coding(e.frame);
        return std::string("no such frame");
    };
    EXPECT_EQ(coding_of("float32 integers with NaN and -0"),
              "float32 values are integers in [-3, 4095]: minus the minimum: coded as uint16 + 2 NaN/Inf/-0 positions "
              "(2 distinct bit patterns) as a mask coded as uint16");
    EXPECT_EQ(coding_of("float32 90000 distinct NaN payloads").find("positions"), std::string::npos);
    EXPECT_EQ(coding_of("int32 full range").find("int32 values in [-2147483648, 2147483647]"), 0u);
}

TEST(BitskyTypes, CorruptAndTruncatedStreamsThrow) {
    auto bitsky = codecs::make_codec("bitsky");
    std::vector<NamedFrame> cases;
    for (auto& e : edge_frames())
        if (e.frame.size() > 50) cases.push_back(std::move(e));
    for (auto& e : corpus_other_frames())
        if (e.name.starts_with("xmm") || e.name.starts_with("spitzer") || e.name.starts_with("soho") ||
            e.name.starts_with("vla") || e.name.starts_with("ukirt"))
            cases.push_back(std::move(e));
    for (const auto& [name, f] : cases) {
        SCOPED_TRACE(name);
        const auto bytes = bitsky->encode_any(f);
        for (std::size_t cut : {std::size_t{0}, std::size_t{3}, std::size_t{10}, bytes.size() / 2, bytes.size() - 1}) {
            const std::span<const std::uint8_t> part(bytes.data(), cut);
            EXPECT_NE(error_of([&] { bitsky->decode_any(part, f.sample(), f.width, f.height); }), "") << "cut " << cut;
        }
        for (std::size_t at : {std::size_t{5}, std::size_t{20}, bytes.size() / 3, bytes.size() - 2}) {
            auto bad = bytes;
            bad[at] ^= 0x5a;
            const std::string err = error_of([&] {
                const PixelFrame back = bitsky->decode_any(bad, f.sample(), f.width, f.height);
                if (first_difference(f, back).empty()) throw Error("bitsky: byte flip had no effect");
            });
            EXPECT_EQ(err.rfind("bitsky", 0), 0u) << "flip at " << at << ": " << err;
        }
        // Another type or an absurd shape: refused without allocating it.
        const Sample other = f.sample() == Sample::F32 ? Sample::I32 : Sample::F32;
        EXPECT_NE(error_of([&] { bitsky->decode_any(bytes, other, f.width, f.height); }), "");
        EXPECT_NE(error_of([&] { bitsky->decode_any(bytes, f.sample(), 1u << 30, 1u << 30); }), "");
    }
}

TEST(BitskyTypes, SixteenBitFramesKeepTheBsk5Stream) {
    auto f = fits::File::open(shared_data("corpus") / "dss_poss1_plate_m1.fits");
    const PixelFrame fr = f.read_frame(0, 0);
    const Cube16 u16 = f.read_u16_frame(0, 0);
    auto bitsky = codecs::make_codec("bitsky");
    const auto bytes = bitsky->encode_any(fr);
    EXPECT_EQ(bytes, codecs::bitsky_encode(u16.frame(0)));
    EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 4), "BSK5");
    EXPECT_EQ(bitsky->coding(fr), "");
}

TEST(BitskyTypes, PixelBitsSumToTheStreamSize) {
    auto bitsky = codecs::make_codec("bitsky");
    std::vector<NamedFrame> cases;
    for (auto& e : edge_frames())
        if (e.frame.size() > 50) cases.push_back(std::move(e));
    for (auto& e : corpus_other_frames())
        if (!e.name.starts_with("vlt_visir") || e.name.ends_with("frame 0") || e.name.ends_with("frame 1"))
            cases.push_back(std::move(e));
    for (const auto& [name, f] : cases) {
        SCOPED_TRACE(name);
        const auto bits = codecs::bitsky_pixel_bits(f);
        ASSERT_EQ(bits.size(), f.size());
        double sum = 0;
        for (float b : bits) {
            EXPECT_GE(b, 0.0f);
            sum += b;
        }
        const double coded = 8.0 * static_cast<double>(bitsky->encode_any(f).size());
        // The range coders' flushes add a few bytes per section.
        EXPECT_NEAR(sum, coded, 0.005 * coded + 8 * 24) << sum / double(f.size()) << " bpp mapped";
        if (name.starts_with("hst_acs_hrc_flt.fz[1]")) {
            EXPECT_GT(sum / double(f.size()), 20.0);  // noise mantissas
        }
    }
}

// Every split the encoder can write decodes: float64 planes split at the mantissa (52 low
// bits, 53 rotated) as well as 16 bits below the top. (Until 2026-12-04 the decoder refused
// k > 48: a 3x2 float64 frame whose mantissa split won came back as "corrupt stream".)
TEST(BitskyTypes, EverySplitDecodes) {
    std::vector<std::uint64_t> u;
    std::uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 40 * 30; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        u.push_back(x);
    }
    for (const int k : {1, 16, 48, 49, 52, 53, 63}) {
        SCOPED_TRACE(k);
        // Values of k + 16 bits at most: the high part is 16 bits.
        std::vector<std::uint64_t> v = u;
        if (k + 16 < 64)
            for (auto& e : v) e &= (std::uint64_t{1} << (k + 16)) - 1;
        const codecs::bitsky_planes::Values plane = v;
        std::vector<std::uint8_t> out;
        codecs::bitsky_planes::encode(plane, 40, 30, codecs::bitsky_planes::PlaneChoice{'S', k, 0}, out);
        EXPECT_EQ(codecs::bitsky_planes::decode(out, 40, 30), plane);
    }
}
