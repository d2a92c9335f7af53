// The coordinate grid of figures (engine/wcs/grid.h) on real corpus images: every traced
// point lies on its line (world() of the point gives the line's coordinate back), inside
// the rectangle; lines are one round step apart; labels sit on the edges and say the value.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <set>

#include "engine/fits/fits.h"
#include "engine/wcs/grid.h"

using namespace bitsky;

namespace {

const std::filesystem::path kCorpus = std::filesystem::path(BITSKY_SHARED_DATA) / "corpus";

struct Image {
    wcs::Wcs wcs;
    std::size_t width = 0, height = 0;
};

Image corpus_image(const std::string& name, int hdu) {
    const auto path = kCorpus / name;
    if (!std::filesystem::exists(path))
        throw std::runtime_error(path.string() +
                                 " is missing: the shared corpus must be checked out beside the repository");
    auto f = fits::File::open(path);
    const auto& h = f.hdu(hdu);
    return {wcs::Wcs::from_cards(h.cards), h.axes.at(0), h.axes.at(1)};
}

double lon_diff_arcsec(double a, double b) {
    return std::abs(std::remainder(a - b, 360.0)) * 3600.0;
}

// Every point on its line, inside the rectangle; lines a step apart; ticks on the edges.
void check_grid(const Image& im, const wcs::SkyGrid& g, double x0, double y0, double x1, double y1) {
    ASSERT_GT(g.lon_step_deg, 0);
    ASSERT_GT(g.lat_step_deg, 0);
    std::set<long long> meridians, parallels;
    for (const auto& line : g.lines) {
        ASSERT_FALSE(line.pieces.empty());
        for (const auto& piece : line.pieces)
            for (const auto& p : piece) {
                EXPECT_GE(p.x, x0 - 1e-6);
                EXPECT_LE(p.x, x1 + 1e-6);
                EXPECT_GE(p.y, y0 - 1e-6);
                EXPECT_LE(p.y, y1 + 1e-6);
                const auto w = im.wcs.world(p.x, p.y);
                ASSERT_TRUE(w);
                // Clipped ends are interpolated between traced points 1/400 of the range apart.
                if (line.meridian)
                    EXPECT_LT(lon_diff_arcsec(w->lon_deg(), line.value_deg) * std::cos(w->lat_deg() * M_PI / 180), 1.0)
                        << line.label;
                else
                    EXPECT_LT(std::abs(w->lat_deg() - line.value_deg) * 3600.0, 1.0) << line.label;
            }
        const double step = line.meridian ? g.lon_step_deg : g.lat_step_deg;
        const double k = line.value_deg / step;
        EXPECT_NEAR(k, std::round(k), 1e-6) << line.label;
        (line.meridian ? meridians : parallels).insert(std::llround(k));
        ASSERT_TRUE(line.tick) << line.label;
        const auto t = line.tick->at;
        const bool on_edge = std::abs(t.x - x0) < 1e-6 || std::abs(t.x - x1) < 1e-6 || std::abs(t.y - y0) < 1e-6 ||
                             std::abs(t.y - y1) < 1e-6;
        EXPECT_TRUE(on_edge) << line.label;
    }
    EXPECT_GE(meridians.size(), 2u);
    EXPECT_GE(parallels.size(), 2u);
    EXPECT_LE(meridians.size(), 5u);
    EXPECT_LE(parallels.size(), 5u);
    // Consecutive values: no line of the range left out.
    if (!meridians.empty()) {
        EXPECT_EQ(*meridians.rbegin() - *meridians.begin() + 1, (long long)meridians.size());
    }
    if (!parallels.empty()) {
        EXPECT_EQ(*parallels.rbegin() - *parallels.begin() + 1, (long long)parallels.size());
    }
}

}  // namespace

TEST(WcsGrid, VltIsaacTanWholeFrame) {
    const Image im = corpus_image("vlt_isaac_ir_tan.fits", 0);
    const double x1 = double(im.width) - 0.5, y1 = double(im.height) - 0.5;
    const auto g = wcs::sky_grid(im.wcs, -0.5, -0.5, x1, y1);
    EXPECT_TRUE(g.hours);
    check_grid(im, g, -0.5, -0.5, x1, y1);
    // RA labelled in hours, Dec signed.
    for (const auto& line : g.lines) {
        if (line.meridian)
            EXPECT_EQ(line.label, wcs::grid_label_hours(line.value_deg, g.lon_step_deg));
        else
            EXPECT_TRUE(line.label[0] == '+' || line.label[0] == '-') << line.label;
    }
}

TEST(WcsGrid, SipImageAndSubRectangle) {
    const Image im = corpus_image("ccd_uint16_tansip.fits.gz", 0);
    const double x1 = double(im.width) - 0.5, y1 = double(im.height) - 0.5;
    check_grid(im, wcs::sky_grid(im.wcs, -0.5, -0.5, x1, y1), -0.5, -0.5, x1, y1);
    // A zoomed view: a quarter of the frame gets a finer (or equal) step.
    const double qx = x1 / 2, qy = y1 / 2;
    const auto whole = wcs::sky_grid(im.wcs, -0.5, -0.5, x1, y1);
    const auto part = wcs::sky_grid(im.wcs, 100, 100, qx, qy);
    check_grid(im, part, 100, 100, qx, qy);
    EXPECT_LE(part.lat_step_deg, whole.lat_step_deg);
}

TEST(WcsGrid, GalacticZeaInDegrees) {
    // A cut-out of the SFD dust map: ZEA in galactic coordinates, longitudes labelled in degrees.
    const Image im = corpus_image("sfd_dust_zea.fits", 0);
    ASSERT_TRUE(im.wcs.celestial()) << im.wcs.reason();
    const double x1 = double(im.width) - 0.5, y1 = double(im.height) - 0.5;
    const auto g = wcs::sky_grid(im.wcs, -0.5, -0.5, x1, y1);
    EXPECT_FALSE(g.hours);
    check_grid(im, g, -0.5, -0.5, x1, y1);
    for (const auto& line : g.lines)
        if (line.meridian) {
            EXPECT_EQ(line.label, wcs::grid_label_longitude(line.value_deg, g.lon_step_deg));
        }
}

TEST(WcsGrid, NoCelestialWcsGivesNoGrid) {
    const wcs::Wcs none = wcs::Wcs::from_header(std::string(80 * 1, ' '));
    EXPECT_TRUE(wcs::sky_grid(none, -0.5, -0.5, 99.5, 99.5).lines.empty());
}

TEST(WcsGrid, Labels) {
    EXPECT_EQ(wcs::grid_label_hours(150.125, 30.0 * 15 / 3600), "10h00m30s");
    EXPECT_EQ(wcs::grid_label_hours(150.0, 15.0), "10h");
    EXPECT_EQ(wcs::grid_label_hours(150.25, 0.25), "10h01m");
    EXPECT_EQ(wcs::grid_label_hours(359.9999999, 1.0 * 15 / 3600), "00h00m00s");
    EXPECT_EQ(wcs::grid_label_hours(150.0 + 0.5 * 15 / 3600, 0.5 * 15 / 3600), "10h00m00.5s");
    EXPECT_EQ(wcs::grid_label_latitude(30.0, 1.0), "+30\u00b0");
    EXPECT_EQ(wcs::grid_label_latitude(-5.5, 0.5), "-5\u00b030'");
    EXPECT_EQ(wcs::grid_label_latitude(30.0 + 10.0 / 3600, 10.0 / 3600), "+30\u00b000'10\"");
    EXPECT_EQ(wcs::grid_label_latitude(-0.0, 1.0), "+0\u00b0");
    EXPECT_EQ(wcs::grid_label_longitude(120.0, 10.0), "120\u00b0");
    EXPECT_EQ(wcs::grid_label_longitude(-30.0, 10.0), "330\u00b0");
    EXPECT_EQ(wcs::grid_label_longitude(12.5, 0.5), "12\u00b030'");
}
