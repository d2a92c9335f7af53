// Regions (engine/analysis/region.h, region_ds9.h): statistics of box and circle regions on
// real corpus frames equal numpy's (tests/data/region/reference.json, made by
// tests/data/region/make_reference.py with astropy), bit budgets partition a real map's bits
// exactly, and DS9 region files in their real syntax (image, physical, fk5 sexagesimal and
// degrees, comments, global lines) land on the pixels astropy gives.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "engine/analysis/costmap.h"
#include "engine/analysis/region.h"
#include "engine/analysis/region_ds9.h"
#include "engine/fits/fits.h"
#include "engine/wcs/wcs.h"
#include "test_support.h"

namespace bitsky {
namespace {

using analysis::Region;
using nlohmann::json;

json reference() {
    std::ifstream in(test::data("region/reference.json"));
    if (!in) throw std::runtime_error("tests/data/region/reference.json is missing");
    return json::parse(in);
}

CubeF64 physical(const std::string& file) {
    auto f = fits::File::open(test::shared_data(file));
    return f.read_physical_frame(0, 0);
}

Region region_of(const json& r) {
    if (r.at("shape") == "box")
        return Region::box(r.at("cx"), r.at("cy"), r.at("width"), r.at("height"));
    return Region::circle(r.at("cx"), r.at("cy"), r.at("radius"));
}

TEST(Region, StatisticsEqualNumpyOnCorpusFrames) {
    const json ref = reference();
    int checked = 0;
    for (const json& f : ref.at("frames")) {
        const CubeF64 cube = physical(f.at("file"));
        ASSERT_EQ(cube.width(), f.at("width").get<std::size_t>());
        const auto values = cube.frame_span(0);
        for (const json& r : f.at("regions")) {
            SCOPED_TRACE(f.at("file").get<std::string>() + " " + r.dump());
            const auto mask = region_of(r).mask(cube.width(), cube.height());
            const auto st = analysis::pixel_stats(values, mask);
            const json& e = r.at("stats");
            EXPECT_EQ(st.n, e.at("n").get<std::size_t>());
            EXPECT_EQ(st.invalid, e.at("invalid").get<std::size_t>());
            const auto close = [](double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)); };
            EXPECT_TRUE(close(st.mean, e.at("mean"))) << st.mean;
            EXPECT_EQ(st.median, e.at("median").get<double>());
            EXPECT_TRUE(close(st.robust_sigma, e.at("robust_sigma"))) << st.robust_sigma;
            EXPECT_EQ(st.min, e.at("min").get<double>());
            EXPECT_EQ(st.max, e.at("max").get<double>());
            ++checked;
        }
    }
    EXPECT_EQ(checked, 9);
}

TEST(Region, PolygonAndRotatedBoxMasks) {
    // A square polygon holds the same pixels as the box it draws.
    const auto square = Region::polygon({{10, 10}, {20, 10}, {20, 20}, {10, 20}}).mask(32, 32);
    const auto box = Region::box(15, 15, 10, 10).mask(32, 32);
    // Edges: the box includes its edge pixels (10 and 20), the crossing rule only some.
    std::size_t inBoth = 0;
    for (std::size_t i = 0; i < square.size(); ++i) {
        if (square[i]) {
            EXPECT_TRUE(box[i]) << i;
        }
        inBoth += square[i] && box[i];
    }
    EXPECT_EQ(inBoth, 100u);  // [10, 20) x [10, 20)
    EXPECT_EQ(std::count(box.begin(), box.end(), 1), 121);
    // A box turned by 90 degrees: its own x axis points along +y, so a 4.5 x 12.5 box
    // covers what a 12.5 x 4.5 box covers unturned (sizes off the pixel grid: no edge ties).
    const auto wide = Region::box(16, 16, 12.5, 4.5).mask(32, 32);
    const auto turned = Region::box(16, 16, 4.5, 12.5, 90).mask(32, 32);
    EXPECT_EQ(wide, turned);
    EXPECT_EQ(std::count(wide.begin(), wide.end(), 1), 13 * 5);
    // 45 degrees: a square's corners reach further along the axes.
    const auto diamond = Region::box(16, 16, 8.5, 8.5, 45).mask(32, 32);
    EXPECT_EQ(diamond[16 * 32 + 16 + 5], 1);  // (21, 16): 5 < 8.5 / sqrt(2) = 6.01
    EXPECT_EQ(diamond[20 * 32 + 20], 0);      // (20, 20): a corner of the unturned square
    // Regions off the frame select nothing and never index outside it.
    const auto off = Region::circle(-100, -100, 5).mask(16, 16);
    EXPECT_EQ(std::count(off.begin(), off.end(), 1), 0);
}

TEST(Region, BitBudgetPartitionsTheMapExactly) {
    auto f = fits::File::open(test::shared_data("corpus/ccd_uint16_tansip.fits.gz"));
    const Cube16 cube = f.read_u16(0);
    const auto frame = cube.frame(0);
    for (const char* model : {"context", "iid", "tile:rice"}) {
        SCOPED_TRACE(model);
        const auto map = analysis::compute_cost_map(model, frame);
        const Region r = Region::circle(128.4, 131.7, 23.5);
        const auto mask = r.mask(map.width, map.height);
        const auto b = analysis::bit_budget(map.bits, mask);
        // Inside + outside is the whole map, exactly (fixed-point sums), and equals the
        // map's own total to float precision.
        analysis::BitSum all;
        for (float v : map.bits) all.add(v);
        EXPECT_TRUE(b.bits_in + b.bits_out == all);
        EXPECT_NEAR(b.total().bits(), map.total_bits, 1e-5 * map.total_bits);
        EXPECT_EQ(b.pixels_in, 1734u);  // numpy's count for this circle
        EXPECT_EQ(b.pixels_in + b.pixels_out, map.width * map.height);
        double in = 0;
        for (std::size_t i = 0; i < mask.size(); ++i)
            if (mask[i]) in += map.bits[i];
        EXPECT_NEAR(b.bits_in.bits(), in, 1e-6 * in);
        EXPECT_NEAR(b.bit_share(), b.bits_in.bits() / map.total_bits, 1e-6);
        EXPECT_GT(b.bpp_in(), 0);
    }
    // The order of the sum does not matter.
    analysis::BitSum fwd, back;
    const auto map = analysis::compute_cost_map("iid", frame);
    for (float v : map.bits) fwd.add(v);
    for (auto it = map.bits.rbegin(); it != map.bits.rend(); ++it) back.add(*it);
    EXPECT_TRUE(fwd == back);
}

TEST(Region, SourceSplitOnARealFrame) {
    auto f = fits::File::open(test::shared_data("corpus/ccd_uint16_tansip.fits.gz"));
    const Cube16 cube = f.read_u16(0);
    const CubeF64 phys = f.read_physical_frame(0, 0);
    const auto s = analysis::split_sources(phys.frame_span(0), 3.0);
    // The sky of this frame: median 2773-ish ADU, sigma ~1.5 (numpy values above).
    EXPECT_NEAR(s.background, 2773, 3);
    EXPECT_GT(s.sigma, 0.5);
    EXPECT_LT(s.sigma, 3.0);
    EXPECT_DOUBLE_EQ(s.threshold, s.background + 3 * s.sigma);
    EXPECT_EQ(s.source_pixels + s.background_pixels, phys.frame_pixels());
    for (std::size_t i = 0; i < s.sources.size(); ++i)
        ASSERT_EQ(s.sources[i] != 0, phys.frame_span(0)[i] > s.threshold) << i;
    // Sources are a minority of the pixels and cost more bits per pixel than the sky.
    const auto map = analysis::compute_cost_map("context", cube.frame(0));
    const auto b = analysis::bit_budget(map.bits, s.sources);
    EXPECT_LT(b.pixel_share(), 0.3);
    EXPECT_GT(b.bpp_in(), b.bpp_out());
    EXPECT_GT(b.bit_share(), b.pixel_share());
    // A larger k gives fewer sources.
    EXPECT_LT(analysis::split_sources(phys.frame_span(0), 10.0).source_pixels, s.source_pixels);
    EXPECT_NE(test::error_of([&] { analysis::split_sources(phys.frame_span(0), -1); }), "");
}

// ---- DS9 region files -------------------------------------------------------------------

TEST(Ds9, ImageAndPhysicalSyntax) {
    const std::string text =
        "# Region file format: DS9 version 4.1\n"
        "global color=green dashlist=8 3 width=1 font=\"helvetica 10 normal roman\" select=1 highlite=1 "
        "dash=0 fixed=0 edit=1 move=1 delete=1 include=1 source=1\n"
        "image\n"
        "circle(100,120,20) # color=red text={Star; one}\n"
        "box(50.5,60.5,10,8,30)\n"
        "-circle 10 10 3\n"
        "polygon(1,1,11,1,11,11) # background\n"
        "ellipse(30,30,5,3,0)\n"
        "physical;circle(20,30,4)\n"
        "image; box(5,6,7i,8i)\n";
    analysis::Ds9Context ctx;
    ctx.ltm1 = ctx.ltm2 = 0.5;  // physical -> image: binned by 2, shifted
    ctx.ltv1 = 2;
    ctx.ltv2 = 3;
    const auto got = analysis::parse_ds9(text, ctx, "t.reg");
    ASSERT_EQ(got.regions.size(), 6u);
    ASSERT_EQ(got.skipped.size(), 1u);
    EXPECT_NE(got.skipped[0].find("line 8: ellipse"), std::string::npos) << got.skipped[0];
    const Region& c = got.regions[0];
    EXPECT_EQ(c.shape, analysis::RegionShape::Circle);
    EXPECT_DOUBLE_EQ(c.cx, 99);  // 1-based image -> 0-based
    EXPECT_DOUBLE_EQ(c.cy, 119);
    EXPECT_DOUBLE_EQ(c.radius, 20);
    EXPECT_EQ(c.text, "Star; one");
    const Region& b = got.regions[1];
    EXPECT_EQ(b.shape, analysis::RegionShape::Box);
    EXPECT_DOUBLE_EQ(b.cx, 49.5);
    EXPECT_DOUBLE_EQ(b.width, 10);
    EXPECT_DOUBLE_EQ(b.height, 8);
    EXPECT_DOUBLE_EQ(b.angle_deg, 30);
    EXPECT_TRUE(got.regions[2].exclude);
    EXPECT_DOUBLE_EQ(got.regions[2].radius, 3);
    EXPECT_EQ(got.regions[3].vertices.size(), 3u);
    EXPECT_DOUBLE_EQ(got.regions[3].vertices[1].first, 10);
    const Region& p = got.regions[4];  // physical (20, 30) r 4 -> image (12, 18) r 2
    EXPECT_DOUBLE_EQ(p.cx, 11);
    EXPECT_DOUBLE_EQ(p.cy, 17);
    EXPECT_DOUBLE_EQ(p.radius, 2);
    EXPECT_DOUBLE_EQ(got.regions[5].width, 7);
    // Written back in image coordinates, the file reads the same.
    const auto again = analysis::parse_ds9(analysis::write_ds9(got.regions), {}, "back.reg");
    ASSERT_EQ(again.regions.size(), got.regions.size());
    for (std::size_t i = 0; i < again.regions.size(); ++i) {
        EXPECT_NEAR(again.regions[i].cx, got.regions[i].cx, 1e-9);
        EXPECT_EQ(again.regions[i].exclude, got.regions[i].exclude);
        EXPECT_EQ(again.regions[i].mask(64, 64), got.regions[i].mask(64, 64));
    }
}

TEST(Ds9, Errors) {
    const auto err = [](const std::string& text) {
        return test::error_of([&] { analysis::parse_ds9(text, {}, "bad.reg"); });
    };
    EXPECT_NE(err("image\ncircle(1,2)\n").find("bad.reg: line 2: circle needs x, y and a radius"), std::string::npos);
    EXPECT_NE(err("image\ncircle(1,2,x)\n").find("'x' is not a number"), std::string::npos);
    EXPECT_NE(err("fk5\ncircle(1,2,3)\n").find("need a celestial WCS"), std::string::npos);
    EXPECT_NE(err("fk4;circle(1,2,3)").find("'fk4' is not supported"), std::string::npos);
    EXPECT_NE(err("image\ncircle(1,2,3\")\n").find("needs sky coordinates"), std::string::npos);
    EXPECT_NE(err("image\nblob(1,2,3)\n").find("neither a shape nor a coordinate system"), std::string::npos);
}

TEST(Ds9, SkyCoordinatesThroughTheWcs) {
    const json ref = reference();
    auto f = fits::File::open(test::shared_data(ref.at("sky_file")));
    const auto hdus = f.hdus();
    const auto w = wcs::Wcs::from_cards(hdus.at(0).cards);
    ASSERT_TRUE(w.celestial()) << w.reason();
    const auto ctx = analysis::Ds9Context::from_hdu(hdus.at(0), &w);
    const json& s0 = ref.at("sky").at(0);
    const json& s1 = ref.at("sky").at(1);
    const double scale = ref.at("scale_arcsec");  // arcsec per pixel
    const std::string text = "# Region file format: DS9 version 4.1\n"
                             "global color=green\n"
                             "fk5\n"
                             "circle(" + s0.at("ra_hms").get<std::string>() + "," + s0.at("dec_dms").get<std::string>() +
                             ",5\")\n"
                             "icrs;circle(" + std::to_string(s1.at("ra").get<double>()) + "," +
                             std::to_string(s1.at("dec").get<double>()) + ",0.1')\n"
                             "j2000; box(" + s0.at("ra_hms_letters").get<std::string>() + " " +
                             s0.at("dec_dms_letters").get<std::string>() + " 10\" 4\" 0)\n"
                             "fk5;polygon(" + std::to_string(s0.at("ra").get<double>()) + "d," +
                             std::to_string(s0.at("dec").get<double>()) + "d," + s1.at("ra_hms").get<std::string>() + "," +
                             s1.at("dec_dms").get<std::string>() + "," + s1.at("ra_hms").get<std::string>() + "," +
                             s0.at("dec_dms").get<std::string>() + ")\n";
    const auto got = analysis::parse_ds9(text, ctx, "sky.reg");
    ASSERT_EQ(got.regions.size(), 4u);
    // Positions: astropy's pixel within 0.01 px (sexagesimal text rounds to 1.5 mas).
    EXPECT_NEAR(got.regions[0].cx, s0.at("x").get<double>(), 0.01);
    EXPECT_NEAR(got.regions[0].cy, s0.at("y").get<double>(), 0.01);
    EXPECT_NEAR(got.regions[1].cx, s1.at("x").get<double>(), 0.01);
    EXPECT_NEAR(got.regions[1].cy, s1.at("y").get<double>(), 0.01);
    EXPECT_NEAR(got.regions[2].cx, s0.at("x").get<double>(), 0.01);
    EXPECT_NEAR(got.regions[2].cy, s0.at("y").get<double>(), 0.01);
    // Sizes: arcsec through the local scale (1%: the scale varies across the SIP frame).
    EXPECT_NEAR(got.regions[0].radius, 5.0 / scale, 0.01 * 5.0 / scale);
    EXPECT_NEAR(got.regions[1].radius, 6.0 / scale, 0.02 * 6.0 / scale);
    EXPECT_NEAR(got.regions[2].width, 10.0 / scale, 0.01 * 10.0 / scale);
    EXPECT_NEAR(got.regions[2].height, 4.0 / scale, 0.01 * 4.0 / scale);
    ASSERT_EQ(got.regions[3].vertices.size(), 3u);
    EXPECT_NEAR(got.regions[3].vertices[0].first, s0.at("x").get<double>(), 0.01);
    EXPECT_NEAR(got.regions[3].vertices[1].second, s1.at("y").get<double>(), 0.01);
    // Wcs::pixel inverts Wcs::world.
    for (double x : {0.0, 77.5, 255.0}) {
        auto world = w.world(x, 200.0);
        ASSERT_TRUE(world);
        auto p = w.pixel(world->lon_deg(), world->lat_deg());
        ASSERT_TRUE(p);
        EXPECT_NEAR(p->x, x, 1e-6);
        EXPECT_NEAR(p->y, 200.0, 1e-6);
    }
}

}  // namespace
}  // namespace bitsky
