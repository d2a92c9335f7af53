// Every FITS pixel type, lossless (issue 21, first slice): frames of BITPIX 8, 32, -32 and
// -64 read exactly (fits::File::read_frame), fpack's Rice/GZIP_1/GZIP_2 on them byte for
// byte as fpack writes them (real corpus files, and synthetic extremes: NaN payloads,
// +-Inf, -0, denormals, integer limits), bit-exact round trips, and a bench of the corpus
// with rice,gzip,gzip2 without failures.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "engine/codecs/codec.h"
#include "engine/fits/fits.h"
#include "engine/store/sqlite.h"
#include "engine/util/error.h"
#include "tests/engine/codec_support.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::test;
namespace fs = std::filesystem;

namespace {

void require_tool(const char* tool) {
    if (!have_program(tool)) GTEST_FAIL() << tool << " not installed (packaging/bootstrap.sh installs it)";
}

// The data unit (tile descriptors + heap, no padding: NAXIS1*NAXIS2 + PCOUNT bytes) of
// every tile-compressed image HDU of an fpack output file, in file order.
std::vector<std::vector<std::uint8_t>> fpack_units(const fs::path& p) {
    const auto b = read_bytes(p);
    std::vector<std::vector<std::uint8_t>> units;
    std::size_t pos = 0;
    while (pos + 2880 <= b.size()) {
        long long bitpix = 0, naxis = 0, pcount = 0, gcount = 1;
        std::vector<long long> nax;
        bool zimage = false;
        for (;; pos += 80) {
            if (pos + 80 > b.size()) throw std::runtime_error("no END in " + p.string());
            std::string card(reinterpret_cast<const char*>(&b[pos]), 80);
            auto num = [&] { return std::stoll(card.substr(10, 20)); };
            if (card.rfind("END ", 0) == 0) break;
            if (card.rfind("BITPIX  =", 0) == 0) bitpix = num();
            if (card.rfind("NAXIS   =", 0) == 0) naxis = num(), nax.assign(std::size_t(naxis), 0);
            for (long long i = 1; i <= naxis && i <= 9; ++i)
                if (card.rfind("NAXIS" + std::to_string(i) + "  =", 0) == 0) nax[std::size_t(i - 1)] = num();
            if (card.rfind("PCOUNT  =", 0) == 0) pcount = num();
            if (card.rfind("GCOUNT  =", 0) == 0) gcount = num();
            if (card.rfind("ZIMAGE  =", 0) == 0) zimage = card.find('T', 10) != std::string::npos;
        }
        pos = (pos / 2880 + 1) * 2880;
        long long elements = naxis ? 1 : 0;
        for (auto a : nax) elements *= a;
        const long long data = naxis ? std::llabs(bitpix) / 8 * gcount * (elements + pcount) : 0;
        if (zimage) {
            const std::size_t len = std::size_t(nax.at(0) * nax.at(1) + pcount);
            if (pos + len > b.size()) throw std::runtime_error("truncated fpack output " + p.string());
            units.emplace_back(b.begin() + std::ptrdiff_t(pos), b.begin() + std::ptrdiff_t(pos + len));
        }
        pos += std::size_t((data + 2879) / 2880 * 2880);
    }
    return units;
}

// A plain FITS copy of a corpus file fpack can read: .gz inflated, .fz unpacked by funpack.
fs::path plain_copy(const fs::path& src, const TempDir& tmp) {
    const fs::path out = tmp / "plain.fits";
    std::string cmd;
    if (src.extension() == ".gz") cmd = "gzip -dc " + shell_quote(src.string()) + " > " + shell_quote(out.string());
    else if (src.extension() == ".fz") cmd = "funpack -S " + shell_quote(src.string()) + " > " + shell_quote(out.string());
    else return src;
    auto r = run_shell(cmd);
    if (r.exit_code != 0) throw std::runtime_error(cmd + ": " + r.err);
    return out;
}

struct Parity {
    std::size_t hdus = 0, frames = 0, changed = 0;  // changed: values fpack does not keep
    std::size_t bytes = 0;        // ours, exact (every NaN payload kept)
    std::size_t fpack_bytes = 0;  // fpack's data units
};

// fpack -q 0 is not bit-exact on IEEE special values: CFITSIO reads the image with a null
// value (FLOATNULLVALUE / DOUBLENULLVALUE), so its reader (fffr4r4 / fffr8r8, the fnan /
// dnan test on the exponent) turns every NaN and +-Inf into that null value and every
// value with a zero exponent (-0, denormals) into +0; the compressor then codes the null
// value as all one bits (imcomp_float2nan), as it does any pixel that equals it. The frame
// as fpack codes it; `changed` counts the values that differ from the original.
PixelFrame as_fpack_codes_it(const PixelFrame& f, std::size_t& changed) {
    PixelFrame out = f;
    auto fix = [&](auto& values, auto exp_mask, auto all_ones, auto null_value) {
        using U = decltype(exp_mask);
        for (auto& v : values) {
            const U bits = std::bit_cast<U>(v);
            U to = bits;
            if ((bits & exp_mask) == exp_mask || v == null_value) to = all_ones;
            else if ((bits & exp_mask) == 0) to = 0;
            if (to != bits) ++changed, v = std::bit_cast<std::remove_reference_t<decltype(v)>>(to);
        }
    };
    if (f.sample() == Sample::F32) fix(out.get<float>(), 0x7f800000u, 0xffffffffu, float(FLOATNULLVALUE));
    if (f.sample() == Sample::F64)
        fix(out.get<double>(), 0x7ff0000000000000ull, 0xffffffffffffffffull, double(DOUBLENULLVALUE));
    return out;
}

// `fpack <flags> -S` of the file vs our codec on every frame of every image HDU: for a 2D
// HDU the data unit byte for byte, for a cube the sum of the frames' sizes (fpack's one-row
// tiles run over all frames in one table). Frames with NaNs are compared as fpack codes
// them (as_fpack_codes_it); every original frame is round-tripped and compared bit for bit.
Parity check_parity(const std::string& spec, const std::string& flags, const fs::path& file, Sample expect) {
    SCOPED_TRACE(spec + " (fpack " + flags + ") on " + file.filename().string());
    TempDir tmp;
    const fs::path plain = plain_copy(file, tmp);
    const fs::path out = tmp / "out.fz";
    auto r = run_shell("fpack " + flags + " -S " + shell_quote(plain.string()) + " > " + shell_quote(out.string()));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto units = fpack_units(out);
    auto codec = codecs::make_codec(spec);
    auto f = fits::File::open(file);
    Parity p;
    std::size_t unit = 0;
    for (const auto& h : f.hdus()) {
        if (!h.is_image()) continue;
        EXPECT_EQ(codec->refusal(h.bitpix, h.axes[0], h.axes[1]), "");
        const std::size_t frames = BasicCube<double>::element_count(h.axes) / (h.axes[0] * h.axes[1]);
        std::vector<std::uint8_t> bytes;
        std::size_t sum = 0;
        for (std::size_t k = 0; k < frames; ++k) {
            const PixelFrame fr = f.read_frame(h.index, k);
            EXPECT_EQ(fr.sample(), expect) << "HDU " << h.index;
            const PixelFrame like_fpack = as_fpack_codes_it(fr, p.changed);
            bytes = codec->encode_any(like_fpack);
            sum += bytes.size();
            const PixelFrame back = codec->decode_any(bytes, fr.sample(), fr.width, fr.height);
            EXPECT_EQ(first_difference(like_fpack, back), "") << "HDU " << h.index << " frame " << k;
            const auto rt = codecs::roundtrip(*codec, fr);
            EXPECT_TRUE(rt.lossless_ok) << rt.error;
            EXPECT_EQ(rt.raw_bytes, sample_bytes(expect) * fr.size());
            p.bytes += rt.compressed_bytes;
        }
        if (!(unit < units.size())) {
            ADD_FAILURE() << "fpack wrote " << units.size() << " compressed HDUs, we have more";
            break;
        }
        EXPECT_EQ(sum, units[unit].size()) << "HDU " << h.index;
        if (frames == 1) {
            EXPECT_TRUE(bytes == units[unit]) << "HDU " << h.index << ": bytes differ from fpack's";
        }
        ++unit;
        ++p.hdus;
        p.frames += frames;
        p.fpack_bytes += sum;
    }
    EXPECT_EQ(unit, units.size()) << "fpack compressed HDUs we did not";
    return p;
}

fs::path corpus(const char* name) { return shared_data(std::string("corpus/") + name); }

}  // namespace

TEST(PixelTypes, ReadFrameKeepsEachTypeAndBzeroConvention) {
    struct Case {
        const char* file;
        int hdu;
        Sample sample;
    };
    for (const Case& c : {Case{"xmm_epn_badpix_uint8.fits", 0, Sample::U8}, Case{"xmm_emos1_counts_int32.fits", 0, Sample::I32},
                          Case{"ukirt_wfcam_zpn_int32.fits", 1, Sample::I32}, Case{"not_alfosc_flat_uint32.fz", 1, Sample::U32},
                          Case{"cfht_megacam_uint16.fits", 0, Sample::U16}, Case{"dss_poss1_plate_m1.fits", 0, Sample::I16},
                          Case{"spitzer_tansip_nan.fits", 0, Sample::F32}, Case{"sdo_hmi_nan_f64.fits", 0, Sample::F64}}) {
        SCOPED_TRACE(c.file);
        auto f = fits::File::open(corpus(c.file));
        const PixelFrame fr = f.read_frame(c.hdu, 0);
        EXPECT_EQ(fr.sample(), c.sample);
        EXPECT_EQ(fr.width, f.hdu(c.hdu).axes[0]);
        EXPECT_EQ(fr.count(), fr.size());
        // The same values as the physical read wherever that one is exact (BSCALE = 1).
        const CubeF64 phys = f.read_physical_frame(c.hdu, 0);
        const fits::HduInfo& h = f.hdu(c.hdu);
        for (std::size_t i = 0; i < fr.size(); i += 97) {
            double v = std::visit([&](const auto& vec) { return double(vec[i]); }, fr.values);
            if (fr.sample() == Sample::I16 || fr.sample() == Sample::I32 || fr.sample() == Sample::U8)
                v = v * h.bscale + h.bzero;
            const double p = phys.data()[i];
            if (std::isnan(p)) {
                EXPECT_TRUE(std::isnan(v)) << i;
            } else {
                EXPECT_DOUBLE_EQ(v, p) << i;
            }
        }
        // uint16 frames give the 16-bit codecs' view unchanged, int16 ones shifted.
        if (fr.is_16bit()) {
            EXPECT_EQ(fr.to_u16().data(), f.read_u16_frame(c.hdu, 0).data());
        }
    }
    // The NaN pixels of the corpus files stay NaN (4,068 in spitzer_tansip_nan's frame).
    auto sp = fits::File::open(corpus("spitzer_tansip_nan.fits")).read_frame(0, 0);
    std::size_t nans = 0;
    for (float v : sp.get<float>()) nans += std::isnan(v);
    EXPECT_EQ(nans, 4068u);
    EXPECT_THROW(fits::File::open(corpus("xmm_epn_badpix_uint8.fits")).read_frame(0, 1), Error);
}

TEST(PixelTypes, RiceGzipHcompressBytesEqualFpackOnIntegerCorpusFiles) {
    require_tool("fpack");
    require_tool("funpack");
    struct Case {
        const char* file;
        Sample sample;
    };
    for (const Case& c : {Case{"xmm_emos1_counts_int32.fits", Sample::I32}, Case{"ukirt_wfcam_zpn_int32.fits", Sample::I32},
                          Case{"hst_wfpc2_m51_int32.fits.gz", Sample::I32}, Case{"fermi_lat_counts_car.fits.gz", Sample::I32},
                          Case{"not_alfosc_flat_uint32.fz", Sample::U32}, Case{"xmm_epn_badpix_uint8.fits", Sample::U8}}) {
        for (auto [spec, flags] : std::vector<std::pair<std::string, std::string>>{
                 {"rice", "-r"}, {"gzip", "-g"}, {"gzip2", "-g2"}, {"hcompress", "-h"}}) {
            Parity p = check_parity(spec, flags, corpus(c.file), c.sample);
            EXPECT_EQ(p.hdus, 1u) << c.file;
            EXPECT_EQ(p.bytes, p.fpack_bytes);
            std::printf("parity %-30s %-6s %zu bytes, fpack %s %zu\n", c.file, spec.c_str(), p.bytes, flags.c_str(),
                        p.fpack_bytes);
        }
    }
}

TEST(PixelTypes, Gzip2BytesEqualFpackLosslessOnFloatCorpusFiles) {
    require_tool("fpack");
    struct Case {
        const char* file;
        Sample sample;
    };
    for (const Case& c : {Case{"spitzer_tansip_nan.fits", Sample::F32}, Case{"vlt_isaac_ir_tan.fits", Sample::F32},
                          Case{"vlt_visir_cube.fits", Sample::F32}, Case{"helio_car_nan.fits.gz", Sample::F32},
                          Case{"sdo_hmi_nan_f64.fits", Sample::F64}, Case{"irsa_dust_ebv_f64.fits", Sample::F64},
                          Case{"soho_eit_f64.fits", Sample::F64}, Case{"stereo_euvi_f64.fits", Sample::F64}}) {
        Parity p = check_parity("gzip2", "-q 0 -g2", corpus(c.file), c.sample);
        if (p.changed == 0) {
            EXPECT_EQ(p.bytes, p.fpack_bytes);
        }
        std::printf("parity %-30s gzip2  %zu bytes exact; fpack -q 0 -g2 %zu = ours on the frame as fpack codes it "
                    "(%zu values changed)\n",
                    c.file, p.bytes, p.fpack_bytes, p.changed);
    }
    // gzip (GZIP_1) and rice refuse floats with the reason and the codec to use instead.
    for (const char* spec : {"rice", "gzip"}) {
        const std::string why = codecs::make_codec(spec)->refusal(-32, 100, 100);
        EXPECT_NE(why.find("BITPIX=-32"), std::string::npos) << why;
        EXPECT_NE(why.find("gzip2"), std::string::npos) << why;
        EXPECT_THROW(codecs::make_codec(spec)->encode_any(PixelFrame::zeros(Sample::F64, 4, 4)), Error);
    }
    EXPECT_NE(codecs::make_codec("rice")->refusal(64, 10, 10).find("BITPIX 8, 16 and 32"), std::string::npos);
    EXPECT_NE(codecs::make_codec("gzip2")->refusal(64, 10, 10).find("this HDU is BITPIX=64"), std::string::npos);
    EXPECT_EQ(codecs::make_codec("gzip2")->refusal(-64, 10, 10), "");
    // Codecs refuse the types they cannot take, naming them (JPEG-LS: floats).
    EXPECT_NE(codecs::make_codec("jpegls")->refusal(-32, 10, 10).find("BITPIX=-32"), std::string::npos);
    EXPECT_NE(codecs::make_codec("hcompress")->refusal(-64, 10, 10).find("BITPIX=-64"), std::string::npos);
    EXPECT_NE(codecs::make_codec("hcompress")->refusal(32, 3, 10).find("at least 4x4"), std::string::npos);
}

namespace {

// Float bit patterns arithmetic would change or lose: quiet and signalling NaNs with
// payloads and both signs, +-Inf, -0, denormals, limits; then random bit patterns.
template <typename U>
std::vector<U> special_bits(std::size_t n, unsigned seed) {
    std::vector<U> v;
    if constexpr (sizeof(U) == 4)
        v = {0x7fc00000u, 0x7fc00001u, 0x7f800001u, 0x7fbfffffu, 0xffc12345u, 0xff800001u, 0x7f800000u,
             0xff800000u, 0x80000000u, 0x00000000u, 0x00000001u, 0x807fffffu, 0x7f7fffffu, 0xff7fffffu};
    else
        v = {0x7ff8000000000000ull, 0x7ff8000000000001ull, 0x7ff0000000000001ull, 0xfff123456789abcdull,
             0x7ff0000000000000ull, 0xfff0000000000000ull, 0x8000000000000000ull, 0x0000000000000001ull,
             0x800fffffffffffffull, 0x7fefffffffffffffull};
    std::mt19937_64 rng(seed);
    while (v.size() < n) v.push_back(static_cast<U>(rng()));
    return v;
}

}  // namespace

TEST(PixelTypes, NanPayloadsInfAndZeroSignsSurviveFilesCodecsAndFpack) {
    require_tool("fpack");
    const std::size_t w = 37, h = 9;
    const auto b32 = special_bits<std::uint32_t>(w * h, 1);
    const auto b64 = special_bits<std::uint64_t>(w * h, 2);
    std::vector<float> f32(w * h);
    std::vector<double> f64(w * h);
    std::memcpy(f32.data(), b32.data(), 4 * f32.size());
    std::memcpy(f64.data(), b64.data(), 8 * f64.size());
    TempDir tmp;
    for (int bitpix : {-32, -64}) {
        SCOPED_TRACE(bitpix);
        const fs::path path = tmp / (bitpix == -32 ? "f32.fits" : "f64.fits");
        {
            fits::Writer wr(path);
            if (bitpix == -32) wr.write_f32({w, h}, f32);
            else wr.write_f64({w, h}, f64);
            wr.close();
        }
        const PixelFrame orig = bitpix == -32 ? PixelFrame::of(f32, w, h) : PixelFrame::of(f64, w, h);
        ASSERT_EQ(std::memcmp(orig.bytes().data(), bitpix == -32 ? (const void*)b32.data() : (const void*)b64.data(),
                              orig.bytes().size()),
                  0);
        // The file holds exactly these bits and read_frame gives them back.
        const PixelFrame read = fits::File::open(path).read_frame(0, 0);
        EXPECT_EQ(first_difference(orig, read), "");
        // gzip2 round trip, bit for bit; a changed NaN payload is a mismatch.
        auto codec = codecs::make_codec("gzip2");
        const auto rt = codecs::roundtrip(*codec, read, true);
        EXPECT_TRUE(rt.lossless_ok) << rt.error;
        PixelFrame other = read;
        other.bytes()[0] ^= 1;  // 0x7fc00000 -> 0x7fc00001 (a NaN stays a NaN)
        EXPECT_NE(first_difference(read, other).find("pixel (0, 0)"), std::string::npos);
        // fpack -q 0 -g2 writes our bytes of the frame as it codes it (as_fpack_codes_it):
        // NaNs and Inf as all one bits, -0 and denormals as +0; ours keeps them all.
        Parity p = check_parity("gzip2", "-q 0 -g2", path, read.sample());
        EXPECT_EQ(p.bytes, rt.compressed_bytes);
        std::size_t changed = 0;
        as_fpack_codes_it(orig, changed);
        EXPECT_GE(changed, bitpix == -32 ? 11u : 9u);  // the listed NaN, Inf, -0, denormals; random ones too
        EXPECT_EQ(p.changed, changed);
        auto r = run_shell("fpack -q 0 -g2 -S " + shell_quote(path.string()) + " > " + shell_quote((tmp / "x.fz").string()));
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const PixelFrame from_fpack = fits::File::open(tmp / "x.fz").read_frame(1, 0);
        std::size_t nans = 0;
        EXPECT_EQ(first_difference(as_fpack_codes_it(orig, nans), from_fpack), "");
        EXPECT_NE(first_difference(orig, from_fpack), "");
    }
}

TEST(PixelTypes, IntegerExtremesMatchFpack) {
    require_tool("fpack");
    const std::size_t w = 97, h = 5;
    std::vector<std::int32_t> i32(w * h);
    std::vector<std::uint8_t> u8(w * h);
    std::mt19937_64 rng(7);
    for (std::size_t i = 0; i < i32.size(); ++i) {
        const std::size_t row = i / w;
        i32[i] = row == 0   ? std::numeric_limits<std::int32_t>::min()
                 : row == 1 ? std::numeric_limits<std::int32_t>::max()
                 : row == 2 ? std::int32_t(rng())  // incompressible for Rice
                            : std::int32_t(i % 7) - 3;
        u8[i] = row == 0 ? 0 : row == 1 ? 255 : row == 2 ? std::uint8_t(rng()) : std::uint8_t(i % 5);
    }
    TempDir tmp;
    {
        fits::Writer wr(tmp / "i32.fits");
        wr.write_i32({w, h}, i32);
        wr.close();
        fits::Writer w8(tmp / "u8.fits");
        w8.write_u8({w, h}, u8);
        w8.close();
    }
    for (auto [spec, flags] : std::vector<std::pair<std::string, std::string>>{
             {"rice", "-r"}, {"gzip", "-g"}, {"gzip2", "-g2"}, {"hcompress", "-h"}}) {
        if (spec != "hcompress") check_parity(spec, flags, tmp / "i32.fits", Sample::I32);
        check_parity(spec, flags, tmp / "u8.fits", Sample::U8);
    }
    // Hcompress (CFITSIO 4.2) corrupts its heap on full-range 32-bit frames (fpack aborts
    // on i32.fits): refused with an error; random values of range 2^24 - 1 match fpack.
    try {
        codecs::make_codec("hcompress")->encode_any(PixelFrame::of(i32, w, h));
        ADD_FAILURE() << "hcompress took a full-range int32 frame";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("2^24"), std::string::npos) << e.what();
    }
    std::vector<std::int32_t> wide(w * h);
    for (auto& v : wide) v = std::int32_t(rng() % (1u << 24)) - (1 << 23);
    wide[0] = -(1 << 23), wide[1] = (1 << 23) - 1;
    {
        fits::Writer wr(tmp / "i32_24bit.fits");
        wr.write_i32({w, h}, wide);
        wr.close();
    }
    check_parity("hcompress", "-h", tmp / "i32_24bit.fits", Sample::I32);
    // Corrupt streams are errors naming the codec, never a crash or a wrong frame.
    for (const char* spec : {"rice", "gzip", "gzip2", "hcompress"}) {
        auto codec = codecs::make_codec(spec);
        auto bytes = codec->encode_any(PixelFrame::of(wide, w, h));
        for (std::size_t cut : {std::size_t(3), std::size_t(8 * h), bytes.size() - 1}) {
            std::span<const std::uint8_t> part(bytes.data(), cut);
            try {
                codec->decode_any(part, Sample::I32, w, h);
                ADD_FAILURE() << spec << " decoded a stream cut at " << cut;
            } catch (const Error& e) {
                EXPECT_NE(std::string(e.what()).find(spec), std::string::npos) << e.what();
            }
        }
    }
}

TEST(PixelTypes, SixteenBitFramesKeepTheirCodecBytes) {
    // A 16-bit PixelFrame goes through the original Frame16 path: identical bytes.
    auto f = fits::File::open(corpus("dss_poss1_plate_m1.fits"));
    const PixelFrame fr = f.read_frame(0, 0);
    const Cube16 u16 = f.read_u16_frame(0, 0);
    for (const char* spec : {"rice", "gzip", "hcompress", "jpegls"}) {
        auto codec = codecs::make_codec(spec);
        EXPECT_EQ(codec->encode_any(fr), codec->encode(u16.frame(0))) << spec;
        const auto rt = codecs::roundtrip(*codec, fr);
        EXPECT_TRUE(rt.lossless_ok) << rt.error;
        EXPECT_EQ(rt.raw_bytes, 2 * fr.size());
    }
}

TEST(PixelTypes, BenchOfTheCorpusWithRiceGzipGzip2HasNoFailure) {
    TempDir t;
    const fs::path db = t / "s.db";
    auto r = run_cli("bench --db " + shell_quote(db.string()) + " --codecs rice,gzip,gzip2 --progress json --jobs 2 " +
                     shell_quote(shared_data("corpus").string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    store::Database d(db.string(), store::Database::Mode::ReadOnly);
    EXPECT_EQ(d.query_int("SELECT COUNT(*) FROM results WHERE error IS NOT NULL OR lossless_ok = 0"), 0);
    // Integers (8, 16, 32 bits) with all three codecs, floats with gzip2 only.
    auto measured = [&](int bitpix, const char* spec) {
        return d.query_int("SELECT COUNT(*) FROM results r JOIN images i ON i.id = r.image_id JOIN codecs c ON "
                           "c.id = r.codec_id WHERE i.bitpix = " + std::to_string(bitpix) + " AND c.spec = '" + spec + "'");
    };
    for (const char* spec : {"rice", "gzip", "gzip2"}) {
        EXPECT_EQ(measured(8, spec), 1) << spec;
        EXPECT_EQ(measured(32, spec), 5) << spec;
        EXPECT_EQ(measured(16, spec), 3) << spec;  // hst_acs_hrc_flt's int16 DQ is not SCI (hst-sci)
    }
    EXPECT_EQ(measured(-32, "rice"), 0);
    EXPECT_GT(measured(-32, "gzip2"), 14);
    EXPECT_EQ(measured(-64, "gzip2"), 4);
    // raw_bytes are the frame's own bytes (|BITPIX| / 8 per pixel).
    EXPECT_EQ(d.query_int("SELECT raw_bytes FROM results r JOIN images i ON i.id = r.image_id WHERE i.path LIKE "
                          "'%xmm_epn_badpix_uint8.fits' LIMIT 1"),
              64 * 200);
    EXPECT_EQ(d.query_int("SELECT raw_bytes FROM results r JOIN images i ON i.id = r.image_id WHERE i.path LIKE "
                          "'%irsa_dust_ebv_f64.fits' LIMIT 1"),
              8 * 202 * 202);
    // Rice and gzip skip the float HDUs with the reason; nothing else is skipped.
    EXPECT_EQ(d.query_int("SELECT COUNT(*) FROM skips s JOIN codecs c ON c.id = s.codec_id WHERE c.spec = 'gzip2'"), 0);
    EXPECT_GT(d.query_int("SELECT COUNT(*) FROM skips WHERE reason LIKE '%lossless floats: gzip2%'"), 30);
    EXPECT_EQ(d.query_int("SELECT COUNT(*) FROM skips WHERE reason NOT LIKE '%lossless floats: gzip2%' AND reason "
                          "NOT LIKE 'no image HDU%'"),
              0);
    // The report's bpp is compressed bits per pixel for every width: 8 * bytes / pixels.
    auto rep = run_cli("report --db " + shell_quote(db.string()) + " --by image --format json");
    ASSERT_EQ(rep.exit_code, 0) << rep.err;
    auto j = nlohmann::json::parse(rep.out);
    int checked = 0;
    for (const auto& row : j["rows"]) {
        const std::string image = row["image"];
        if (row["codec"] != "gzip2" || !row["bpp"].is_number()) continue;
        double px = 0;
        if (image.ends_with("xmm_epn_badpix_uint8.fits")) px = 64 * 200;
        if (image.ends_with("irsa_dust_ebv_f64.fits")) px = 202 * 202;
        if (px == 0) continue;
        EXPECT_NEAR(row["bpp"].get<double>(), 8.0 * row["compressed_bytes"].get<double>() / px, 1e-9) << image;
        ++checked;
    }
    EXPECT_EQ(checked, 2) << rep.out;
}
