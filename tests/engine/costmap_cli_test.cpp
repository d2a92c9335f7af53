// bitsky-cli costmap / noise: JSON contract, FITS map with WCS, map = bitsky codec size.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/codecs/bitsky_codec.h"
#include "engine/fits/fits.h"
#include "engine/store/store.h"
#include "tests/engine/test_support.h"

using namespace bitsky;

TEST(CostmapCli, ContextMapWithWcsMatchesTheCodec) {
    test::TempDir tmp;
    auto src = test::data("dss_plate.fits");
    auto out = tmp / "m.fits";
    auto r = test::run_cli("costmap --model context --json --out " + test::shell_quote(out.string()) + " " +
                           test::shell_quote(src.string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"path", "model", "bpp", "total_bits", "out"}) EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j["model"], "context");
    EXPECT_EQ(j["out"], out.string());

    auto map = fits::File::open(out);
    const auto& h = map.hdu(0);
    EXPECT_EQ(h.bitpix, -32);
    EXPECT_EQ(h.axes, (std::vector<std::size_t>{177, 177}));
    EXPECT_EQ(h.card_value("BUNIT").value_or(""), "bit/pixel");
    auto source = fits::File::open(src);
    auto wcs = fits::wcs_cards(source.hdu(0).cards);
    ASSERT_FALSE(wcs.empty());
    for (const auto& c : wcs) EXPECT_EQ(h.card_value(c.keyword), source.hdu(0).card_value(c.keyword)) << c.keyword;
    auto px = map.read_physical(0);
    double sum = 0;
    for (double v : px.data()) sum += v;
    EXPECT_NEAR(sum, j["total_bits"].get<double>(), 1e-4 * sum);

    // The map is honest: the bitsky codec's stream has the same size within 0.5%.
    auto cube = source.read_u16(0);
    auto bytes = codecs::bitsky_encode(cube.frame(0));
    EXPECT_NEAR(8.0 * static_cast<double>(bytes.size()) / (177.0 * 177.0), j["bpp"].get<double>(),
                0.005 * j["bpp"].get<double>());
}

TEST(CostmapCli, ModelsAndErrors) {
    auto src = test::shell_quote(test::data("hst_stis_raw.fits").string());
    auto iid = test::run_cli("costmap --model iid --json " + src);
    ASSERT_EQ(iid.exit_code, 0) << iid.err;
    EXPECT_TRUE(nlohmann::json::parse(iid.out)["out"].is_null());
    auto tile = test::run_cli("costmap --model tile:jpegls --json " + src);
    EXPECT_EQ(tile.exit_code, 0) << tile.err;
    EXPECT_EQ(test::run_cli("costmap --model nope " + src).exit_code, 2);
    EXPECT_EQ(test::run_cli("costmap " + src).exit_code, 2);
    auto neural = test::run_cli("costmap --model neural:x " + src);
#ifdef BITSKY_HAVE_TORCH
    EXPECT_EQ(neural.exit_code, 1);
    EXPECT_NE(neural.err.find("does not exist"), std::string::npos) << neural.err;
#else
    EXPECT_EQ(neural.exit_code, 2);
    EXPECT_NE(neural.err.find("built without neural support"), std::string::npos) << neural.err;
#endif
    EXPECT_EQ(test::run_cli("costmap --model iid /no/such/file.fits").exit_code, 1);
}

TEST(CostmapCli, DbRecordsImageAndMapsPerFrame) {
    test::TempDir tmp;
    const auto db = (tmp / "s.db").string();
    const auto out = (tmp / "m.fits").string();
    auto src = test::data("dss_plate.fits");
    auto r = test::run_cli("costmap --model context --json --db " + test::shell_quote(db) + " --out " +
                           test::shell_quote(out) + " " + test::shell_quote(src.string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    auto iid = test::run_cli("costmap --model iid --db " + test::shell_quote(db) + " " + test::shell_quote(src.string()));
    ASSERT_EQ(iid.exit_code, 0) << iid.err;
    {
        store::ResultsStore st(db, {.create = false});
        auto images = st.images();
        ASSERT_EQ(images.size(), 1u);
        EXPECT_EQ(images[0].path, std::filesystem::weakly_canonical(src).string());
        EXPECT_EQ(images[0].hdu, 0);
        EXPECT_EQ(images[0].content_hash.rfind("xxh3:", 0), 0u);
        auto maps = st.costmaps(images[0].id);
        ASSERT_EQ(maps.size(), 2u);
        const auto& ctx = maps[0].model == "context" ? maps[0] : maps[1];
        const auto& other = maps[0].model == "context" ? maps[1] : maps[0];
        EXPECT_EQ(ctx.model, "context");
        EXPECT_EQ(ctx.frame, 0);
        EXPECT_NEAR(ctx.bpp, j["bpp"].get<double>(), 1e-9);
        EXPECT_NEAR(ctx.total_bits, j["total_bits"].get<double>(), 1e-6);
        EXPECT_EQ(ctx.file, out);
        EXPECT_EQ(other.model, "iid");
        EXPECT_EQ(other.file, "");
    }
    // A cube: one row per frame; running again replaces, never duplicates.
    auto cube = test::shell_quote(test::data("odd_axes_mixed.fits").string());
    for (int i = 0; i < 2; ++i) {
        auto c = test::run_cli("costmap --model context --json --db " + test::shell_quote(db) + " " + cube);
        ASSERT_EQ(c.exit_code, 0) << c.err;
        auto cj = nlohmann::json::parse(c.out);
        store::ResultsStore st(db, {.create = false});
        auto im = st.find_image(std::filesystem::weakly_canonical(test::data("odd_axes_mixed.fits")).string(),
                                cj["hdu"].get<int>());
        ASSERT_TRUE(im.has_value());
        auto maps = st.costmaps(im->id);
        ASSERT_EQ(maps.size(), cj["frames"].get<std::size_t>());
        double sum = 0;
        for (const auto& m : maps) sum += m.total_bits;
        EXPECT_NEAR(sum, cj["total_bits"].get<double>(), 1e-6 * sum + 1e-9);
    }
    EXPECT_EQ(test::run_cli("costmap --model iid --db /no/such/dir/s.db " + cube).exit_code, 1);
}

TEST(NoiseCli, JsonKeysPerFrame) {
    auto r = test::run_cli("noise --json " + test::shell_quote(test::data("mef_4x40x40.fits").string()) + " " +
                           test::shell_quote(test::data("hst_stis_raw.fits").string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["files"].size(), 2u);
    EXPECT_EQ(j["files"][0]["frames"].size(), 4u);
    for (const auto& f : j["files"])
        for (const auto& fr : f["frames"]) {
            EXPECT_TRUE(fr.contains("index"));
            for (const char* k : {"noise1", "noise2", "noise3", "noise5", "mad", "clipped_std"})
                EXPECT_TRUE(fr["estimates"][k].is_number()) << k;
        }
    EXPECT_EQ(test::run_cli("noise --json /no/such.fits").exit_code, 1);
    EXPECT_EQ(test::run_cli("noise").exit_code, 2);
}

TEST(NoiseCli, SampleSkyWithin3PercentOfBskysig) {
    test::TempDir tmp;
    auto s = test::run_cli("sample --out " + test::shell_quote(tmp.path().string()));
    if (s.exit_code != 0) GTEST_SKIP() << "sample command unavailable: " << s.err;
    int checked = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(tmp.path())) {
        if (entry.path().extension() != ".fits") continue;
        auto file = fits::File::open(entry.path());
        int hdu = -1;
        std::optional<std::string> sig;
        for (const auto& h : file.hdus())
            if (h.is_16bit() && (sig = h.card_value("BSKYSIG"))) {
                hdu = h.index;
                break;
            }
        if (hdu < 0) continue;
        auto r = test::run_cli("noise --json " + test::shell_quote(entry.path().string()));
        ASSERT_EQ(r.exit_code, 0) << r.err;
        auto frames = nlohmann::json::parse(r.out)["files"][0]["frames"];
        for (const auto& fr : frames) {
            if (fr["hdu"] != hdu || fr["frame"] != 0) continue;
            double truth = std::stod(*sig);
            EXPECT_NEAR(fr["estimates"]["clipped_std"].get<double>(), truth, 0.03 * truth) << entry.path();
            ++checked;
        }
    }
    EXPECT_GE(checked, 5);
}
