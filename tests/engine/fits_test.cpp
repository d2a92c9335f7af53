// FITS reading and writing on real and generated files, including hostile input.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <random>

#include "engine/fits/fits.h"
#include "engine/util/error.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using bitsky::test::TempDir;

namespace {

void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream o(p, std::ios::binary);
    o << bytes;
}

std::string read_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

template <typename T>
std::vector<T> ramp(std::size_t n, double start, double step) {
    std::vector<T> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<T>(start + step * double(i));
    return v;
}

void expect_error_naming(const std::filesystem::path& p, const std::string& reason_part = "") {
    try {
        auto f = fits::File::open(p);
        auto images = f.image_hdus();
        for (int h : images) (void)f.read_physical(h);
        FAIL() << "expected an error for " << p;
    } catch (const Error& e) {
        std::string msg = e.what();
        EXPECT_NE(msg.find(p.string()), std::string::npos) << msg;
        if (!reason_part.empty()) {
            EXPECT_NE(msg.find(reason_part), std::string::npos) << msg;
        }
    }
}

}  // namespace

TEST(Fits, RoundTripEveryBitpixWithPhysicalValues) {
    TempDir tmp;
    auto path = tmp / "all types.fits";
    const std::vector<std::size_t> axes{5, 3};
    {
        fits::Writer w(path);
        w.write_u8(axes, ramp<std::uint8_t>(15, 0, 17));
        w.write_i16(axes, ramp<std::int16_t>(15, -32768, 4000));
        w.write_u16(axes, ramp<std::uint16_t>(15, 0, 4681));
        w.write_i32(axes, ramp<std::int32_t>(15, -2e9, 2.8e8));
        w.write_i64(axes, ramp<std::int64_t>(15, -1e15, 1.3e14));
        w.write_f32(axes, ramp<float>(15, -1.5, 0.25));
        w.write_f64(axes, ramp<double>(15, 1e-300, 1e299));
        w.close();
    }
    auto f = fits::File::open(path);
    ASSERT_EQ(f.hdus().size(), 7u);
    const int bitpix[] = {8, 16, 16, 32, 64, -32, -64};
    for (int i = 0; i < 7; ++i) {
        EXPECT_EQ(f.hdu(i).bitpix, bitpix[i]) << i;
        EXPECT_EQ(f.hdu(i).axes, axes);
        EXPECT_TRUE(f.hdu(i).is_image());
    }
    EXPECT_EQ(f.read_physical(0).data(), ramp<double>(15, 0, 17));
    EXPECT_EQ(f.read_physical(1).data(), ramp<double>(15, -32768, 4000));
    EXPECT_EQ(f.read_physical(2).data(), ramp<double>(15, 0, 4681));
    EXPECT_EQ(f.read_physical(3).data(), (ramp<double>(15, -2e9, 2.8e8)));
    auto f32 = f.read_physical(5).data();
    for (std::size_t i = 0; i < 15; ++i) EXPECT_EQ(f32[i], -1.5 + 0.25 * double(i));
    EXPECT_EQ(f.read_physical(6).data(), ramp<double>(15, 1e-300, 1e299));

    // The uint16 view: BZERO=32768 is physical, int16 is shifted by exactly +32768.
    EXPECT_EQ(f.hdu(2).bzero, 32768.0);
    auto u = f.read_u16(2);
    EXPECT_FALSE(u.shifted);
    EXPECT_EQ(u.data(), ramp<std::uint16_t>(15, 0, 4681));
    auto s = f.read_u16(1);
    EXPECT_TRUE(s.shifted);
    EXPECT_EQ(s.data(), ramp<std::uint16_t>(15, 0, 4000));
    // Other BITPIX are refused for codecs with a clear reason.
    for (int i : {0, 3, 4, 5, 6}) {
        EXPECT_FALSE(f.hdu(i).is_16bit());
        try {
            (void)f.read_u16(i);
            ADD_FAILURE() << "read_u16 accepted BITPIX " << bitpix[i];
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find("not a 16-bit integer image"), std::string::npos) << e.what();
        }
    }
}

TEST(Fits, CubesFramesAndHeaderCardsSurvive) {
    TempDir tmp;
    auto path = tmp / "cube+4d(x).fits";
    std::vector<std::uint16_t> data(4 * 3 * 5 * 2);
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = std::uint16_t(i * 97 % 65536);
    std::vector<fits::HeaderCard> cards;
    {
        fits::Writer w(path);
        w.write_empty();
        w.set_key("OBSERVER", std::string("O'Brien"), "with a quote");
        w.write_u16({4, 3, 5, 2}, data);
        w.set_key("EXPTIME", 12.5, "[s]");
        w.set_key("EXTNAME", std::string("SCI"), "");
        w.close();
    }
    auto f = fits::File::open(path);
    ASSERT_EQ(f.hdus().size(), 2u);
    EXPECT_FALSE(f.hdu(0).has_image_data());
    EXPECT_EQ(f.hdu(0).card_value("OBSERVER").value(), "O'Brien");
    const auto& h = f.hdu(1);
    EXPECT_EQ(h.extname, "SCI");
    EXPECT_EQ(h.axes, (std::vector<std::size_t>{4, 3, 5, 2}));
    EXPECT_EQ(std::stod(h.card_value("EXPTIME").value()), 12.5);
    auto cube = f.read_u16(1);
    ASSERT_EQ(cube.frame_count(), 10u);
    EXPECT_EQ(cube.data(), data);
    for (std::size_t k = 0; k < 10; ++k) {
        auto one = f.read_u16_frame(1, k);
        ASSERT_EQ(one.frame_count(), 1u);
        auto fr = cube.frame(k);
        EXPECT_TRUE(std::equal(fr.pixels.begin(), fr.pixels.end(), one.data().begin())) << k;
        // Frame views alias the cube's buffer: no copy.
        EXPECT_EQ(fr.pixels.data(), cube.data().data() + k * 12);
    }
    EXPECT_THROW((void)f.read_u16_frame(1, 10), Error);

    // Copying header cards to a new file keeps them (but not the structural ones).
    auto copy = tmp / "copy.fits";
    {
        fits::Writer w(copy);
        w.write_f32({4, 3}, std::vector<float>(12, 1.0f), h.cards);
        w.close();
    }
    auto g = fits::File::open(copy);
    EXPECT_EQ(g.hdu(0).bitpix, -32);
    EXPECT_EQ(g.hdu(0).axes, (std::vector<std::size_t>{4, 3}));
    EXPECT_EQ(std::stod(g.hdu(0).card_value("EXPTIME").value()), 12.5);
}

TEST(Fits, RealFilesFromTelescopes) {
    // HST STIS raw: empty primary, uint16 SCI in HDUs 1 and 4, empty ERR/DQ.
    auto hst = fits::File::open(test::data("hst_stis_raw.fits"));
    ASSERT_GE(hst.hdus().size(), 5u);
    EXPECT_FALSE(hst.hdu(0).has_image_data());
    EXPECT_TRUE(hst.hdu(1).is_16bit());
    EXPECT_EQ(hst.hdu(1).extname, "SCI");
    EXPECT_EQ(hst.hdu(1).axes, (std::vector<std::size_t>{62, 44}));
    EXPECT_TRUE(hst.hdu(4).is_16bit());
    EXPECT_FALSE(hst.read_u16(1).shifted);

    // Signed int16 galaxy: shifted by +32768 exactly.
    auto ngc = fits::File::open(test::data("ngc1316r.fits"));
    auto phys = ngc.read_physical(0);
    auto u = ngc.read_u16(0);
    EXPECT_TRUE(u.shifted);
    ASSERT_EQ(u.data().size(), 440u * 300u);
    for (std::size_t i = 0; i < phys.data().size(); ++i) ASSERT_EQ(double(u.data()[i]) - 32768.0, phys.data()[i]) << i;

    // gzip-compressed FITS reads transparently.
    auto gz = fits::File::open(test::data("dss_gzip.fits.gz"));
    EXPECT_EQ(gz.hdu(0).axes, (std::vector<std::size_t>{100, 100}));
    EXPECT_EQ(gz.read_u16(0).data().size(), 10000u);

    // MEF: four int16 40x40 extensions after a data-less primary.
    auto mef = fits::File::open(test::data("mef_4x40x40.fits"));
    EXPECT_EQ(mef.image_hdus(), (std::vector<int>{1, 2, 3, 4}));

    // Hostile: a NAXIS=13 header with absurd axes is refused without allocating,
    // and the int16 cube after it is still found.
    auto odd = fits::File::open(test::data("odd_axes_mixed.fits"));
    bool cube_found = false;
    for (const auto& h : odd.hdus()) {
        if (h.axes.size() > 4 || !h.problem.empty()) {
            EXPECT_FALSE(h.is_image());
        }
        if (h.is_16bit() && h.axes == std::vector<std::size_t>{73, 31, 5}) {
            cube_found = true;
            EXPECT_EQ(odd.read_u16(h.index).frame_count(), 5u);
        }
    }
    EXPECT_TRUE(cube_found);
}

TEST(Fits, TileCompressedInputReadsLikeTheOriginal) {
    if (!test::have_program("fpack")) GTEST_SKIP() << "fpack (libcfitsio-bin) is not installed";
    TempDir tmp;
    auto src = tmp / "plate.fits";
    std::filesystem::copy_file(test::data("dss_plate.fits"), src);
    auto r = test::run_shell("fpack -r " + test::shell_quote(src.string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto fz = fits::File::open(tmp / "plate.fits.fz");
    auto orig = fits::File::open(src);
    int idx = fz.image_hdus().at(0);
    EXPECT_TRUE(fz.hdu(idx).compressed);
    EXPECT_EQ(fz.hdu(idx).bitpix, 16);
    EXPECT_EQ(fz.read_u16(idx).data(), orig.read_u16(0).data());
    // The card list is the image's header, with the WCS.
    EXPECT_FALSE(fits::wcs_cards(fz.hdu(idx).cards).empty());
}

TEST(Fits, BadInputIsAClearErrorNamingTheFile) {
    TempDir tmp;
    expect_error_naming(tmp / "missing.fits", "no such file");
    expect_error_naming(tmp.path(), "folder");
    write_bytes(tmp / "empty.fits", "");
    expect_error_naming(tmp / "empty.fits", "empty");
    std::mt19937 rng(7);
    std::string junk(8000, '\0');
    for (auto& c : junk) c = char(rng());
    write_bytes(tmp / "random.fits", junk);
    expect_error_naming(tmp / "random.fits");
    // Truncated: the header promises more data than the file holds.
    std::string whole = read_bytes(test::data("dss_plate.fits"));
    write_bytes(tmp / "truncated.fits", whole.substr(0, whole.size() / 2));
    auto t = fits::File::open(tmp / "truncated.fits");
    EXPECT_FALSE(t.hdu(0).is_image());
    EXPECT_NE(t.hdu(0).skip_reason().find("more data than the file holds"), std::string::npos);
    EXPECT_THROW((void)t.read_u16(0), Error);
}
