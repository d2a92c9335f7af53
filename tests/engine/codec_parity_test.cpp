// Parity with the reference tools: the in-process codecs must produce exactly what
// cjxl / opj_compress produce (byte for byte) and what fpack produces (compressed data
// size), on synthetic frames of odd sizes and on the real files in tests/data.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/codecs/codec.h"
#include "engine/fits/fits.h"
#include "engine/util/error.h"
#include "tests/engine/codec_support.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::test;

namespace {

struct Named {
    std::string name;
    CodecFrame f;
};

// Synthetic frames with the odd sizes of the issue, plus a moderate one.
std::vector<Named> synthetic_frames() {
    return {{"1x1", synthetic_frame(1, 1, 11)},       {"1x37", synthetic_frame(1, 37, 12)},
            {"37x1", synthetic_frame(37, 1, 13)},     {"7x13", synthetic_frame(7, 13, 14)},
            {"4097x3", synthetic_frame(4097, 3, 15)}, {"200x150", synthetic_frame(200, 150, 16)}};
}

// The 16-bit frames of the real test files (int16 ones shifted by +32768).
std::vector<Named> real_frames(std::size_t max_frames_per_file = 2) {
    std::vector<Named> out;
    for (const char* name : {"ngc1316r.fits", "dss_plate.fits", "hst_stis_raw.fits", "mef_4x40x40.fits"}) {
        auto file = fits::File::open(data(name));
        for (const auto& h : file.hdus()) {
            if (!h.is_16bit()) continue;
            Cube16 cube = file.read_u16(h.index);
            for (std::size_t k = 0; k < std::min(cube.frame_count(), max_frames_per_file); ++k) {
                Frame16 fr = cube.frame(k);
                CodecFrame f;
                f.pixels.assign(fr.pixels.begin(), fr.pixels.end());
                f.width = fr.width;
                f.height = fr.height;
                out.push_back({std::string(name) + "[" + std::to_string(h.index) + "]#" + std::to_string(k), f});
            }
        }
    }
    return out;
}

void require_tool(const char* tool) {
    if (!have_program(tool)) GTEST_FAIL() << tool << " not installed (packaging/bootstrap.sh installs it)";
}

// cjxl on a 16-bit PGM vs jpegxl:<option> in process; also decode with djxl.
void check_jpegxl(const std::string& spec, const std::string& cjxl_args, const Named& n, bool with_djxl) {
    SCOPED_TRACE(spec + " on " + n.name);
    TempDir tmp;
    write_pgm(tmp / "in.pgm", n.f.frame());
    auto r = run_shell("cjxl " + cjxl_args + " " + shell_quote((tmp / "in.pgm").string()) + " " +
                       shell_quote((tmp / "ref.jxl").string()));
    auto codec = codecs::make_codec(spec);
    if (r.exit_code == 132 || r.exit_code == 134 || r.exit_code == -1) {
        // libjxl 0.7 aborts at effort >= 8 on some inputs (1-2 pixel frames, constant
        // frames); we must fail that result with an error instead of crashing.
        try {
            codec->encode(n.f.frame());
            ADD_FAILURE() << "cjxl crashed but our encode succeeded";
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find("crashed"), std::string::npos) << e.what();
        }
        return;
    }
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto ref_file = read_bytes(tmp / "ref.jxl");
    auto ref = jxl_codestream(ref_file);  // cjxl writes a container (jxll level-10 box)
    EXPECT_EQ(ref_file.size(), ref.size() + 49) << "container overhead changed";
    auto ours = codec->encode(n.f.frame());
    EXPECT_EQ(ours.size(), ref.size());
    EXPECT_TRUE(ours == ref) << "bytes differ from cjxl " << cjxl_args;
    EXPECT_EQ(codec->decode(ours, n.f.width, n.f.height), n.f.pixels);
    if (with_djxl) {
        write_bytes(tmp / "ours.jxl", ours);
        auto d = run_shell("djxl " + shell_quote((tmp / "ours.jxl").string()) + " " +
                           shell_quote((tmp / "back.pgm").string()));
        ASSERT_EQ(d.exit_code, 0) << d.err;
        std::size_t w = 0, h = 0;
        auto px = read_pgm16(tmp / "back.pgm", w, h);
        EXPECT_EQ(w, n.f.width);
        EXPECT_EQ(h, n.f.height);
        EXPECT_EQ(px, n.f.pixels) << "djxl decodes our stream differently";
    }
}

}  // namespace

TEST(CodecParity, JpegXlEffort1To7MatchesCjxl) {
    require_tool("cjxl");
    require_tool("djxl");
    auto frames = synthetic_frames();
    for (auto& r : real_frames(1)) frames.push_back(r);
    for (const auto& n : frames)
        for (int e : {1, 2, 3, 4, 5, 6, 7})
            check_jpegxl("jpegxl:e" + std::to_string(e), "-d 0 -e " + std::to_string(e), n, e == 1 || e == 7);
}

TEST(CodecParity, JpegXlEffort8And9AndMaxMatchCjxlOnSmallFrames) {
    require_tool("cjxl");
    std::vector<Named> frames = {{"1x1", synthetic_frame(1, 1, 21)},
                                 {"7x13", synthetic_frame(7, 13, 22)},
                                 {"64x48", synthetic_frame(64, 48, 23)}};
    auto real = real_frames(1);
    for (auto& r : real)
        if (r.f.width * r.f.height <= 4000) frames.push_back(r);  // the 62x44 and 40x40 ones
    for (const auto& n : frames) {
        check_jpegxl("jpegxl:e8", "-d 0 -e 8", n, false);
        check_jpegxl("jpegxl:e9", "-d 0 -e 9", n, false);
        check_jpegxl("jpegxl:max", "-d 0 -e 9 -E 3 -I 100 -g 3", n, true);
    }
}

TEST(CodecParity, JpegXlEffort8CrashOfLibjxlIsAFailedResult) {
    // A constant frame of 1000 makes libjxl 0.7 abort at effort 8 (cjxl too).
    CodecFrame f{std::vector<std::uint16_t>(7 * 13, 1000), 7, 13};
    auto codec = codecs::make_codec("jpegxl:e8");
    auto r = codecs::roundtrip(*codec, f.frame());
    EXPECT_FALSE(r.lossless_ok);
    EXPECT_NE(r.error.find("jpegxl:e8"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("crashed"), std::string::npos) << r.error;
    // ... and the program goes on: the same codec still works on a normal frame.
    auto ok = codecs::roundtrip(*codec, synthetic_frame(16, 16, 5).frame());
    EXPECT_TRUE(ok.lossless_ok) << ok.error;
}

TEST(CodecParity, JpegXlThreadsDoNotChangeBytes) {
    auto f = synthetic_frame(300, 260, 31);
    auto one = codecs::make_codec("jpegxl:e3", {1})->encode(f.frame());
    auto two = codecs::make_codec("jpegxl:e3", {2})->encode(f.frame());
    EXPECT_EQ(one, two);
}

TEST(CodecParity, Jpeg2000MatchesOpjCompress) {
    require_tool("opj_compress");
    require_tool("opj_decompress");
    auto frames = synthetic_frames();
    for (auto& r : real_frames()) frames.push_back(r);
    auto codec = codecs::make_codec("jpeg2000");
    auto threaded = codecs::make_codec("jpeg2000", {2});
    for (const auto& n : frames) {
        SCOPED_TRACE("jpeg2000 on " + n.name);
        TempDir tmp;
        write_pgm(tmp / "in.pgm", n.f.frame());
        // OpenJPEG needs min(w, h) >= 2^(resolutions-1); below 32 px we use as many
        // levels as fit, which is `opj_compress -n K`.
        int levels = 1;
        while (levels < 6 && std::min(n.f.width, n.f.height) >= (std::size_t(1) << levels)) ++levels;
        std::string nflag = levels < 6 ? " -n " + std::to_string(levels) : "";
        auto r = run_shell("opj_compress -i " + shell_quote((tmp / "in.pgm").string()) + " -o " +
                           shell_quote((tmp / "ref.j2k").string()) + nflag);
        std::vector<std::uint8_t> ours;
        std::string err;
        try {
            ours = codec->encode(n.f.frame());
        } catch (const std::exception& e) {
            err = e.what();
        }
        ASSERT_EQ(r.exit_code, 0) << r.err;
        ASSERT_TRUE(err.empty()) << err;
        auto ref = read_bytes(tmp / "ref.j2k");
        EXPECT_EQ(ours.size(), ref.size());
        EXPECT_TRUE(ours == ref) << "bytes differ from opj_compress";
        EXPECT_EQ(threaded->encode(n.f.frame()), ours) << "threads changed the codestream";
        EXPECT_EQ(codec->decode(ours, n.f.width, n.f.height), n.f.pixels);
        EXPECT_EQ(threaded->decode(ours, n.f.width, n.f.height), n.f.pixels);
        auto d = run_shell("opj_decompress -i " + shell_quote((tmp / "ref.j2k").string()) + " -o " +
                           shell_quote((tmp / "back.pgm").string()));
        ASSERT_EQ(d.exit_code, 0) << d.err;
        std::size_t w = 0, h = 0;
        EXPECT_EQ(read_pgm16(tmp / "back.pgm", w, h), n.f.pixels);
    }
}

namespace {

// fpack -r/-h/-g on a FITS file vs the sum of our per-frame sizes for each image HDU.
void check_fpack(const std::string& spec, const char* flag, const std::filesystem::path& fits_path,
                 const std::vector<std::vector<CodecFrame>>& hdu_frames) {
    SCOPED_TRACE(spec + " on " + fits_path.filename().string());
    TempDir tmp;
    auto out = tmp / "out.fz";
    auto r = run_shell(std::string("fpack ") + flag + " -S " + shell_quote(fits_path.string()) + " > " +
                       shell_quote(out.string()));
    auto codec = codecs::make_codec(spec);
    std::vector<long long> ours;
    std::string err;
    for (const auto& frames : hdu_frames) {
        long long sum = 0;
        try {
            for (const auto& f : frames) {
                auto bytes = codec->encode(f.frame());
                EXPECT_EQ(codec->decode(bytes, f.width, f.height), f.pixels);
                sum += (long long)bytes.size();
            }
        } catch (const std::exception& e) {
            err = e.what();
        }
        ours.push_back(sum);
    }
    if (r.exit_code != 0 || !err.empty()) {
        // Only Hcompress refuses frames (< 4x4); fpack then fails too.
        EXPECT_EQ(spec, "hcompress") << "fpack: " << r.err << " ours: " << err;
        EXPECT_NE(r.exit_code, 0) << "fpack compressed what we refused: " << err;
        EXPECT_FALSE(err.empty()) << "we compressed what fpack refused: " << r.err;
        return;
    }
    EXPECT_EQ(fpack_data_sizes(out), ours);
}

std::vector<std::vector<CodecFrame>> file_frames(const std::filesystem::path& p) {
    std::vector<std::vector<CodecFrame>> out;
    auto file = fits::File::open(p);
    for (const auto& h : file.hdus()) {
        if (!h.is_16bit()) continue;
        Cube16 cube = file.read_u16(h.index);
        std::vector<CodecFrame> frames;
        for (std::size_t k = 0; k < cube.frame_count(); ++k) {
            Frame16 fr = cube.frame(k);
            frames.push_back({std::vector<std::uint16_t>(fr.pixels.begin(), fr.pixels.end()), fr.width, fr.height});
        }
        out.push_back(std::move(frames));
    }
    return out;
}

}  // namespace

TEST(CodecParity, FitsTileSizesMatchFpackOnSyntheticFrames) {
    require_tool("fpack");
    std::vector<Named> frames = synthetic_frames();
    for (auto [w, h] : std::vector<std::pair<int, int>>{{4, 4}, {5, 31}, {33, 33}, {20, 49}, {9, 241}, {64, 1681}})
        frames.push_back({std::to_string(w) + "x" + std::to_string(h), synthetic_frame(w, h, unsigned(w * h))});
    for (const auto& n : frames) {
        TempDir tmp;
        write_fits_u16(tmp / "in.fits", n.f.frame());
        for (auto [spec, flag] : std::vector<std::pair<std::string, const char*>>{
                 {"rice", "-r"}, {"hcompress", "-h"}, {"gzip", "-g"}})
            check_fpack(spec, flag, tmp / "in.fits", {{n.f}});
    }
}

TEST(CodecParity, FitsTileSizesMatchFpackOnRealFiles) {
    require_tool("fpack");
    TempDir tmp;
    std::vector<std::filesystem::path> files;
    for (const char* name : {"ngc1316r.fits", "dss_plate.fits", "hst_stis_raw.fits", "mef_4x40x40.fits"})
        files.push_back(data(name));
    // fpack refuses odd_axes_mixed.fits as a whole (its bogus NAXIS=13 extension), so its
    // int16 73x31x5 cube is copied unchanged (CFITSIO fits_copy_hdu) into a file of its own.
    {
        auto cube = tmp / "odd_axes_cube.fits";
        auto src = data("odd_axes_mixed.fits").string(), dst = cube.string();
        fitsfile *in = nullptr, *out = nullptr;
        int status = 0, type = 0;
        fits_open_diskfile(&in, src.c_str(), READONLY, &status);
        fits_create_diskfile(&out, dst.c_str(), &status);
        auto file = fits::File::open(data("odd_axes_mixed.fits"));
        for (const auto& h : file.hdus())
            if (h.is_16bit()) {
                fits_movabs_hdu(in, h.index + 1, &type, &status);
                fits_copy_hdu(in, out, 0, &status);
            }
        fits_close_file(out, &status);
        fits_close_file(in, &status);
        ASSERT_EQ(status, 0);
        files.push_back(cube);
    }
    for (const auto& path : files) {
        auto frames = file_frames(path);
        ASSERT_FALSE(frames.empty()) << path;
        for (auto [spec, flag] : std::vector<std::pair<std::string, const char*>>{
                 {"rice", "-r"}, {"hcompress", "-h"}, {"gzip", "-g"}})
            check_fpack(spec, flag, path, frames);
    }
}

namespace {

// The data unit (tile descriptors + heap, no padding) of the first extension of an fpack
// output file: primary header, BINTABLE header, then NAXIS1*NAXIS2 + PCOUNT bytes.
std::vector<std::uint8_t> fpack_data_unit(const std::filesystem::path& p) {
    auto b = read_bytes(p);
    std::size_t pos = 0;
    auto skip_header = [&](long long& naxis1, long long& naxis2, long long& pcount) {
        for (; pos + 80 <= b.size(); pos += 80) {
            std::string card(reinterpret_cast<const char*>(&b[pos]), 80);
            if (card.rfind("END ", 0) == 0) break;
            if (card.rfind("NAXIS1  =", 0) == 0) naxis1 = std::stoll(card.substr(10, 20));
            if (card.rfind("NAXIS2  =", 0) == 0) naxis2 = std::stoll(card.substr(10, 20));
            if (card.rfind("PCOUNT  =", 0) == 0) pcount = std::stoll(card.substr(10, 20));
        }
        pos = (pos / 2880 + 1) * 2880;
    };
    long long n1 = 0, n2 = 0, pc = 0;
    skip_header(n1, n2, pc);  // primary (NAXIS = 0, no data)
    n1 = n2 = pc = 0;
    skip_header(n1, n2, pc);
    const std::size_t len = std::size_t(n1 * n2 + pc);
    if (pos + len > b.size()) throw std::runtime_error("truncated fpack output " + p.string());
    return std::vector<std::uint8_t>(b.begin() + std::ptrdiff_t(pos), b.begin() + std::ptrdiff_t(pos + len));
}

}  // namespace

// Rice and GZIP encode tile by tile with CFITSIO's own per-tile compressors instead of
// its writer (speed); the bytes must stay exactly what fpack writes, not only the size.
TEST(CodecParity, FitsRiceAndGzipBytesEqualFpackDataUnit) {
    require_tool("fpack");
    std::vector<Named> frames = synthetic_frames();
    for (auto [w, h] : std::vector<std::pair<int, int>>{{4, 4}, {33, 33}, {64, 1681}, {2048, 24}})
        frames.push_back({std::to_string(w) + "x" + std::to_string(h), synthetic_frame(w, h, unsigned(w + h))});
    // Extremes: constant, full range and a sawtooth (incompressible blocks for Rice).
    CodecFrame extreme = synthetic_frame(97, 5, 3);
    for (std::size_t i = 0; i < extreme.pixels.size(); ++i)
        extreme.pixels[i] = i < 97 ? 0 : i < 194 ? 65535 : i < 291 ? std::uint16_t(i * 7919u) : extreme.pixels[i];
    frames.push_back({"97x5 extremes", extreme});
    for (const auto& n : frames) {
        TempDir tmp;
        write_fits_u16(tmp / "in.fits", n.f.frame());
        for (auto [spec, flag] : std::vector<std::pair<std::string, const char*>>{{"rice", "-r"}, {"gzip", "-g"}}) {
            SCOPED_TRACE(spec + " on " + n.name);
            auto out = tmp / (spec + ".fz");
            auto r = run_shell(std::string("fpack ") + flag + " -S " + shell_quote((tmp / "in.fits").string()) + " > " +
                               shell_quote(out.string()));
            ASSERT_EQ(r.exit_code, 0) << r.err;
            auto codec = codecs::make_codec(spec);
            auto ours = codec->encode(n.f.frame());
            auto ref = fpack_data_unit(out);
            EXPECT_EQ(ours.size(), ref.size());
            EXPECT_TRUE(ours == ref) << "bytes differ from fpack's data unit";
            EXPECT_EQ(codec->decode(ours, n.f.width, n.f.height), n.f.pixels);
        }
    }
}
