// The sample sky (deterministic, honest ground truth) and dataset discovery/rules.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <numbers>

#include <nlohmann/json.hpp>

#include "engine/dataset/dataset.h"
#include "engine/fits/fits.h"
#include "engine/sample/sample_sky.h"
#include "engine/util/error.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using bitsky::test::TempDir;

namespace {

std::string read_all(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

double median(std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + long(v.size() / 2), v.end());
    return v[v.size() / 2];
}

}  // namespace

TEST(SampleSky, SameSeedSameBytesOtherSeedOtherBytes) {
    TempDir a, b, c;
    auto fa = sample::write_sample_sky(a.path(), 5);
    auto fb = sample::write_sample_sky(b.path(), 5);
    auto fc = sample::write_sample_sky(c.path(), 6);
    ASSERT_EQ(fa.size(), fb.size());
    ASSERT_GE(fa.size(), 10u);
    for (std::size_t i = 0; i < fa.size(); ++i) {
        EXPECT_EQ(read_all(a / fa[i].path.string()), read_all(b / fb[i].path.string())) << fa[i].path;
        EXPECT_NE(read_all(a / fa[i].path.string()), read_all(c / fc[i].path.string())) << fa[i].path;
    }
}

TEST(SampleSky, RecordedSigmaIsTheSigmaUsedAndTheShapesAreAsPromised) {
    TempDir dir;
    auto files = sample::write_sample_sky(dir.path(), 1);
    bool has_ramp = false, has_4d = false, has_saturated = false;
    double min_sigma = 1e9, max_sigma = 0;
    for (const auto& f : files) {
        auto file = fits::File::open(dir / f.path.string());
        const auto& h = file.hdu(0);
        ASSERT_TRUE(h.is_16bit()) << f.path;
        EXPECT_EQ(h.bzero, 32768.0);
        const double recorded = std::stod(h.card_value("BSKYSIG").value());
        EXPECT_NEAR(recorded, f.sky_sigma_adu, 1e-9);
        const double hlim = std::stod(h.card_value("BSKYHLIM").value());
        EXPECT_GT(hlim, 1.0);
        EXPECT_LT(hlim, 16.0);
        min_sigma = std::min(min_sigma, recorded);
        max_sigma = std::max(max_sigma, recorded);
        auto cube = file.read_u16(0);
        for (auto v : cube.data()) has_saturated |= v == 65535;
        if (h.axes.size() == 3) {
            has_ramp = true;
            // Up the ramp: every pixel is non-decreasing in time.
            for (std::size_t t = 1; t < cube.frame_count(); ++t) {
                auto prev = cube.frame(t - 1), cur = cube.frame(t);
                for (std::size_t i = 0; i < cur.size(); ++i) ASSERT_GE(cur.pixels[i], prev.pixels[i]);
            }
            EXPECT_LT(std::stod(h.card_value("BSKYHL3D").value()), hlim);
        }
        if (h.axes.size() == 4) has_4d = true;
        if (h.axes.size() != 2) continue;
        // The sigma actually used: the median over 32x32 tiles of each tile's 3-sigma-clipped
        // standard deviation (corrected by 0.98666 for the clip's truncation of a Gaussian).
        auto fr = cube.frame(0);
        std::vector<double> tile_sd;
        for (std::size_t ty = 0; ty + 32 <= fr.height; ty += 32)
            for (std::size_t tx = 0; tx + 32 <= fr.width; tx += 32) {
                std::vector<double> t;
                for (std::size_t y = ty; y < ty + 32; ++y)
                    for (std::size_t x = tx; x < tx + 32; ++x) t.push_back(fr.at(x, y));
                double centre = median(t), sd = 1e9;
                for (int iter = 0; iter < 10; ++iter) {
                    double s1 = 0, s2 = 0, n = 0;
                    for (double x : t)
                        if (std::fabs(x - centre) < 3 * sd) s1 += x, s2 += x * x, n += 1;
                    centre = s1 / n;
                    sd = std::sqrt((s2 / n - centre * centre) * n / (n - 1)) / (iter ? 0.98666 : 1.0);
                }
                tile_sd.push_back(sd);
            }
        double spread = median(tile_sd);
        EXPECT_NEAR(spread, std::sqrt(recorded * recorded + 1.0 / 12.0), 0.03 * recorded) << f.path;
        // The entropy limit of the background is that of the discretised Gaussian.
        double bg_limit = sample::discretised_gaussian_entropy(32768, recorded);
        EXPECT_NEAR(hlim, bg_limit, 0.35) << f.path;
    }
    EXPECT_TRUE(has_ramp);
    EXPECT_TRUE(has_4d);
    EXPECT_TRUE(has_saturated);
    EXPECT_LT(min_sigma, 5.0);    // a few ADU
    EXPECT_GT(max_sigma, 150.0);  // to a few hundred ADU
}

TEST(SampleSky, DiscretisedGaussianEntropyMatchesTheContinuousFormula) {
    // Rounding to integers adds about 1/(24 sigma^2 ln 2) bits to the continuous entropy.
    for (double s : {3.0, 10.0, 100.0})
        EXPECT_NEAR(sample::discretised_gaussian_entropy(30000.5, s),
                    std::log2(s * std::sqrt(2 * std::numbers::pi * std::numbers::e)) + 1.0 / (24 * s * s * std::log(2.0)),
                    1e-3);
    EXPECT_NEAR(sample::discretised_gaussian_entropy(100.0, 0.01), 0.0, 1e-9);
    EXPECT_NEAR(sample::discretised_gaussian_entropy(70000.0, 5.0), 0.0, 1e-9);  // saturated
}

TEST(Dataset, AstroCompressSplitsAndFolderScan) {
    TempDir dir;
    auto files = sample::write_sample_sky(dir.path(), 1);
    auto ds = dataset::discover(dir.path());
    EXPECT_TRUE(ds.astrocompress);
    EXPECT_EQ(ds.images.size(), files.size());  // each image once, though listed in full and tiny splits
    for (const auto& img : ds.images) {
        EXPECT_TRUE(std::filesystem::exists(img.path)) << img.path;
        EXPECT_TRUE(img.metadata.count("ra"));
        EXPECT_TRUE(img.metadata.count("split"));
    }
    // Without splits, the folder is scanned recursively for FITS names: the images and the
    // calibrated product (calibrated/, which the splits do not list).
    std::filesystem::remove_all(dir / "splits");
    auto scanned = dataset::discover(dir.path());
    EXPECT_FALSE(scanned.astrocompress);
    std::size_t calibrated = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir / "calibrated"))
        calibrated += e.path().extension() == ".fits";
    EXPECT_EQ(calibrated, 1u);
    EXPECT_EQ(scanned.images.size(), files.size() + calibrated);
    // A bad jsonl line is an error naming the file and line.
    std::filesystem::create_directories(dir / "splits");
    std::ofstream(dir / "splits" / "bad.jsonl") << "{\"image\": \"x.fits\"}\nnot json\n";
    try {
        (void)dataset::discover(dir.path());
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("bad.jsonl:2"), std::string::npos) << e.what();
    }
    EXPECT_THROW((void)dataset::discover(dir / "nope"), Error);
}

TEST(Dataset, RulesForHubbleJwstAndGenericFiles) {
    auto hst = fits::File::open(test::data("hst_stis_raw.fits"));
    auto sel = dataset::select_frames(hst);
    EXPECT_EQ(sel.rule, "hst-sci");
    ASSERT_EQ(sel.hdus.size(), 2u);
    EXPECT_EQ(sel.hdus[0].hdu, 1);
    EXPECT_EQ(sel.hdus[1].hdu, 4);

    auto odd = fits::File::open(test::data("odd_axes_mixed.fits"));
    auto osel = dataset::select_frames(odd);
    EXPECT_EQ(osel.rule, "all-images");
    // Every image HDU of 2..4 axes, whatever its pixel type (codecs decide what they take).
    ASSERT_EQ(osel.hdus.size(), 2u);
    EXPECT_EQ(osel.hdus[0].hdu, 0);
    EXPECT_EQ(osel.hdus[0].bitpix, -32);
    EXPECT_EQ(osel.hdus[1].hdu, 3);
    EXPECT_EQ(osel.hdus[1].bitpix, 16);
    EXPECT_EQ(osel.hdus[1].frames.size(), 5u);
    EXPECT_EQ(osel.skipped.size(), 3u);
    EXPECT_TRUE(osel.damaged.empty());

    // A JWST-like file: SCI is (W, H, groups, integrations); the first integration is used.
    TempDir dir;
    auto path = dir / "jw_uncal.fits";
    {
        fits::Writer w(path);
        w.write_empty();
        w.set_key("TELESCOP", std::string("JWST"), "");
        w.write_u16({8, 6, 4, 3}, std::vector<std::uint16_t>(8 * 6 * 4 * 3, 100));
        w.set_key("EXTNAME", std::string("SCI"), "");
        w.write_u16({8, 6}, std::vector<std::uint16_t>(48, 1));
        w.set_key("EXTNAME", std::string("ZEROFRAME"), "");
        w.close();
    }
    auto jw = fits::File::open(path);
    auto jsel = dataset::select_frames(jw);
    EXPECT_EQ(jsel.rule, "jwst-sci");
    ASSERT_EQ(jsel.hdus.size(), 1u);
    EXPECT_EQ(jsel.hdus[0].hdu, 1);
    EXPECT_EQ(jsel.hdus[0].frames.size(), 4u);

    // A float image is selected like any other (the codecs say whether they take it).
    auto fpath = dir / "float.fits";
    {
        fits::Writer w(fpath);
        w.write_f32({4, 4}, std::vector<float>(16, 0.5f));
        w.close();
    }
    auto fsel = dataset::select_frames(fits::File::open(fpath));
    ASSERT_EQ(fsel.hdus.size(), 1u);
    EXPECT_EQ(fsel.hdus[0].bitpix, -32);
    // A file without any image: an empty selection saying why, never an exception.
    auto tpath = dir / "header_only.fits";
    {
        fits::Writer w(tpath);
        w.write_empty();
        w.close();
    }
    auto tsel = dataset::select_frames(fits::File::open(tpath));
    EXPECT_TRUE(tsel.hdus.empty());
    EXPECT_NE(tsel.skipped_text().find("HDU 0: no data"), std::string::npos) << tsel.skipped_text();
}
