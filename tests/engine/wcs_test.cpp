// World coordinates through wcslib, checked against astropy on every corpus and test-data
// HDU (tests/data/wcs/reference.json, made by tests/data/wcs/make_reference.py), plus the
// "no WCS" and broken-WCS cases and the sexagesimal formatting.
#include "engine/wcs/wcs.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numbers>
#include <thread>

#include "engine/fits/fits.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using nlohmann::json;

namespace {

const std::filesystem::path kShared = BITSKY_SHARED_DATA;

// A reference file ("corpus/<name>" or "data/<name>"); the corpus must be there.
std::filesystem::path reference_file(const std::string& name) {
    if (name.starts_with("data/")) return test::data(name.substr(5));
    auto p = kShared / name;
    if (!std::filesystem::exists(p))
        throw std::runtime_error(p.string() +
                                 " is missing: the shared corpus must be checked out beside the repository");
    return p;
}

json load_reference() {
    std::ifstream in(test::data("wcs/reference.json"));
    if (!in) throw std::runtime_error("tests/data/wcs/reference.json is missing");
    return json::parse(in);
}

wcs::Wcs wcs_of(const std::string& name, int hdu) {
    auto f = fits::File::open(reference_file(name));
    return wcs::Wcs::from_cards(f.hdu(hdu).cards);
}

// Angular distance in arcsec between two (lon, lat) positions in degrees (haversine).
double separation_arcsec(double lon1, double lat1, double lon2, double lat2) {
    const double d = std::numbers::pi / 180.0;
    const double s1 = std::sin((lat2 - lat1) * d / 2), s2 = std::sin((lon2 - lon1) * d / 2);
    const double a = s1 * s1 + std::cos(lat1 * d) * std::cos(lat2 * d) * s2 * s2;
    return 2.0 * std::asin(std::min(1.0, std::sqrt(a))) / d * 3600.0;
}

std::string trim(std::string s) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
    while (!s.empty() && s.front() == ' ') s.erase(0, 1);
    return s;
}

// An 80-character header record.
std::string card(const std::string& text) {
    std::string c = text.substr(0, 80);
    c.resize(80, ' ');
    return c;
}

std::string tan_header(const std::string& ctype1, const std::string& ctype2) {
    return card("SIMPLE  =                    T") + card("BITPIX  =                   16") +
           card("NAXIS   =                    2") + card("NAXIS1  =                  100") +
           card("NAXIS2  =                  100") + card("CTYPE1  = '" + ctype1 + "'") +
           card("CTYPE2  = '" + ctype2 + "'") + card("CRVAL1  =                150.0") +
           card("CRVAL2  =                 30.0") + card("CRPIX1  =                 50.5") +
           card("CRPIX2  =                 50.5") + card("CDELT1  =               -0.001") +
           card("CDELT2  =                0.001") + card("END");
}

}  // namespace

// Every HDU of the reference: the same axes as astropy and, at every point, the same world
// coordinates: celestial positions within 0.01 arcsec, other axes within 1e-9 relative.
TEST(Wcs, MatchesAstropyOnEveryCorpusHdu) {
    const json ref = load_reference();
    int celestial = 0, points = 0, outside = 0;
    double worst_arcsec = 0, worst_relative = 0;
    for (const json& h : ref.at("hdus")) {
        const std::string name = h.at("file");
        const int hdu = h.at("hdu");
        SCOPED_TRACE(name + " HDU " + std::to_string(hdu));
        wcs::Wcs w = wcs_of(name, hdu);
        if (!h.at("wcs").get<bool>()) {
            EXPECT_FALSE(w.valid());
            EXPECT_FALSE(w.celestial());
            EXPECT_NE(w.reason().find("no WCS keywords"), std::string::npos) << w.reason();
            EXPECT_FALSE(w.world(0, 0));
            continue;
        }
        ASSERT_TRUE(w.valid()) << w.reason();
        EXPECT_EQ(w.celestial(), h.at("celestial").get<bool>()) << w.reason();
        const auto& ctype = h.at("ctype");
        ASSERT_EQ(w.axes().size(), ctype.size());
        for (std::size_t k = 0; k < ctype.size(); ++k) EXPECT_EQ(w.axes()[k].ctype, trim(ctype[k])) << k;
        const int lng = h.at("lng"), lat = h.at("lat"), spec = h.at("spec");
        if (w.celestial()) {
            ++celestial;
            EXPECT_TRUE(w.reason().empty()) << w.reason();
            EXPECT_EQ(w.axes()[std::size_t(lng)].kind, wcs::AxisKind::Longitude);
            EXPECT_EQ(w.axes()[std::size_t(lat)].kind, wcs::AxisKind::Latitude);
        } else {
            EXPECT_NE(w.reason().find("no celestial axes"), std::string::npos) << w.reason();
        }
        if (spec >= 0) {
            EXPECT_EQ(w.axes()[std::size_t(spec)].kind, wcs::AxisKind::Spectral);
        }
        for (const json& p : h.at("points")) {
            const auto& px = p.at("pixel");
            auto got = w.world(px[0], px[1], px[2], px[3]);
            ++points;
            if (p.at("world").is_null()) {
                EXPECT_FALSE(got) << "astropy gives NaN at " << px.dump();
                ++outside;
                continue;
            }
            ASSERT_TRUE(got) << "no world coordinates at " << px.dump();
            const auto& want = p.at("world");
            ASSERT_EQ(got->values.size(), want.size());
            for (std::size_t k = 0; k < want.size(); ++k) {
                if (int(k) == lng || int(k) == lat) continue;
                const double a = got->values[k], b = want[k];
                const double rel = std::abs(a - b) / std::max({std::abs(a), std::abs(b), 1e-300});
                if (a != b) worst_relative = std::max(worst_relative, rel);
                EXPECT_LE(rel, 1e-9) << "axis " << k << " at " << px.dump() << ": " << a << " vs " << b;
            }
            if (got->celestial()) {
                const double sep =
                    separation_arcsec(got->lon_deg(), got->lat_deg(), want[std::size_t(lng)], want[std::size_t(lat)]);
                worst_arcsec = std::max(worst_arcsec, sep);
                EXPECT_LT(sep, 0.01) << "at " << px.dump();
            }
        }
    }
    // The reference covers TAN, TAN-SIP, SIN, ZPN, AZP, ZEA, CAR, ARC, HPLN-TAN and DSS.
    EXPECT_GE(celestial, 25);
    EXPECT_GE(outside, 1);
    std::printf("%d points on %d celestial HDUs: worst separation %.3g arcsec, worst relative %.3g\n", points,
                celestial, worst_arcsec, worst_relative);
}

TEST(Wcs, NamesTheCelestialSystemAndTheOtherAxes) {
    EXPECT_EQ(wcs_of("corpus/fermi_lat_counts_car.fits.gz", 1).frame(), wcs::Frame::Galactic);
    EXPECT_EQ(wcs_of("corpus/sfd_dust_zea.fits", 0).frame(), wcs::Frame::Galactic);
    EXPECT_EQ(wcs_of("corpus/sdo_hmi_nan_f64.fits", 0).frame(), wcs::Frame::Helioprojective);
    EXPECT_EQ(wcs_of("corpus/helio_car_nan.fits.gz", 0).frame(), wcs::Frame::Carrington);
    EXPECT_EQ(wcs_of("corpus/vla_first_sin.fits", 0).frame(), wcs::Frame::Equatorial);
    // SIP: wcslib holds it as a prior distortion, the CTYPE keeps its -SIP.
    auto sip = wcs_of("corpus/spitzer_tansip_nan.fits", 0);
    EXPECT_EQ(sip.axes()[0].ctype, "RA---TAN-SIP");
    // Alternate WCS are listed, the primary is used.
    auto euvi = wcs_of("corpus/stereo_euvi_f64.fits", 0);
    EXPECT_EQ(euvi.alternates(), "A");
    EXPECT_EQ(euvi.frame(), wcs::Frame::Helioprojective);
    EXPECT_EQ(wcs_of("corpus/xmm_emos1_counts_int32.fits", 0).alternates(), "L");
    // The 4D cube: VRAD in m/s on axis 3, a blank fourth axis.
    auto cube = wcs_of("corpus/gildas_4d_cube.fits", 0);
    ASSERT_EQ(cube.axes().size(), 4u);
    EXPECT_EQ(cube.axes()[2].ctype, "VRAD");
    EXPECT_EQ(cube.axes()[2].cunit, "m/s");
    EXPECT_EQ(cube.axes()[2].kind, wcs::AxisKind::Spectral);
    auto f0 = cube.world(1, 2, 0), f6 = cube.world(1, 2, 6);
    ASSERT_TRUE(f0 && f6);
    EXPECT_NE(f0->values[2], f6->values[2]);
    EXPECT_DOUBLE_EQ(f0->lon_deg(), f6->lon_deg());
    // Linear axes of a solar image: values as wcslib gives them, and why there is no sky.
    auto eit = wcs_of("corpus/soho_eit_f64.fits", 0);
    EXPECT_TRUE(eit.valid());
    EXPECT_FALSE(eit.celestial());
    EXPECT_EQ(eit.reason(), "no celestial axes (CTYPE 'Solar-X', 'Solar-Y')");
}

// The SIP terms are applied: without its A_p_q/B_p_q cards the same header is off by
// about 6 arcsec at the first pixel (so the reference comparison above can see SIP errors).
TEST(Wcs, SipDistortionIsApplied) {
    auto f = fits::File::open(reference_file("corpus/spitzer_tansip_nan.fits"));
    std::vector<fits::HeaderCard> plain;
    for (const auto& c : f.hdu(0).cards) {
        const bool sip = (c.keyword.starts_with("A_") || c.keyword.starts_with("B_") || c.keyword.starts_with("AP_") ||
                          c.keyword.starts_with("BP_"));
        if (!sip) plain.push_back(c);
    }
    ASSERT_LT(plain.size(), f.hdu(0).cards.size());
    auto with = wcs::Wcs::from_cards(f.hdu(0).cards).world(0, 0);
    auto without = wcs::Wcs::from_cards(plain).world(0, 0);
    ASSERT_TRUE(with && without);
    EXPECT_GT(separation_arcsec(with->lon_deg(), with->lat_deg(), without->lon_deg(), without->lat_deg()), 3.0);
}

TEST(Wcs, HeadersWithoutAWcsGiveNoneWithoutThrowing) {
    auto none = wcs::Wcs::from_header("");
    EXPECT_FALSE(none.valid());
    EXPECT_EQ(none.reason(), "no WCS keywords");
    EXPECT_FALSE(none.world(0, 0));
    auto gmos = wcs_of("corpus/gemini_gmos_mef.fits", 1);
    EXPECT_FALSE(gmos.valid());
    EXPECT_EQ(gmos.reason(), "no WCS keywords (no CTYPEn)");
    wcs::Wcs moved = std::move(gmos);
    EXPECT_FALSE(moved.world(3, 4));
}

TEST(Wcs, ABrokenWcsGivesNoneWithTheReason) {
    auto good = wcs::Wcs::from_header(tan_header("RA---TAN", "DEC--TAN"));
    ASSERT_TRUE(good.celestial()) << good.reason();
    auto w = good.world(49.5, 49.5);  // the reference pixel (FITS 50.5)
    ASSERT_TRUE(w);
    EXPECT_NEAR(w->lon_deg(), 150.0, 1e-12);
    EXPECT_NEAR(w->lat_deg(), 30.0, 1e-12);

    auto xyz = wcs::Wcs::from_header(tan_header("RA---XYZ", "DEC--XYZ"));
    EXPECT_FALSE(xyz.valid());
    EXPECT_FALSE(xyz.celestial());
    EXPECT_FALSE(xyz.world(0, 0));
    EXPECT_NE(xyz.reason().find("wcslib rejects the WCS"), std::string::npos) << xyz.reason();
    EXPECT_NE(xyz.reason().find("XYZ"), std::string::npos) << xyz.reason();

    auto unmatched = wcs::Wcs::from_header(tan_header("RA---TAN", "FREQ"));
    EXPECT_FALSE(unmatched.valid());
    EXPECT_NE(unmatched.reason().find("wcslib rejects the WCS"), std::string::npos) << unmatched.reason();
}

TEST(Wcs, OneWcsServesSeveralThreads) {
    auto w = wcs_of("corpus/spitzer_tansip_nan.fits", 0);
    auto expected = w.world(10.25, 100.75);
    ASSERT_TRUE(expected);
    std::vector<std::thread> threads;
    std::atomic<int> mismatches = 0;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 2000; ++i) {
                auto a = w.world(10.25, 100.75);
                auto b = w.world(double(t), double(i % 128));
                if (!a || !b || a->values != expected->values) ++mismatches;
            }
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(mismatches.load(), 0);
}

TEST(WcsFormat, SexagesimalRoundsOnceAndWraps) {
    EXPECT_EQ(wcs::format_ra_hms(150.0), "10:00:00.00");
    EXPECT_EQ(wcs::format_ra_hms(-15.0), "23:00:00.00");
    // 23h59m59.995s and later round up to 24h, which is 0h.
    EXPECT_EQ(wcs::format_ra_hms((23 + 59 / 60.0 + 59.995 / 3600.0) * 15.0), "00:00:00.00");
    EXPECT_EQ(wcs::format_ra_hms((23 + 59 / 60.0 + 59.994 / 3600.0) * 15.0), "23:59:59.99");
    EXPECT_EQ(wcs::format_ra_hms(359.9999999), "00:00:00.00");
    EXPECT_EQ(wcs::format_ra_hms(360.0), "00:00:00.00");
    // 59.9995" never shows as 60": it carries into the minutes and degrees.
    EXPECT_EQ(wcs::format_dec_dms(10 + 59 / 60.0 + 59.9995 / 3600.0, 3), "+11:00:00.000");
    EXPECT_EQ(wcs::format_dec_dms(10 + 59 / 60.0 + 59.96 / 3600.0), "+11:00:00.0");
    EXPECT_EQ(wcs::format_dec_dms(10 + 59 / 60.0 + 59.94 / 3600.0), "+10:59:59.9");
    // Negative declinations near 0 keep their sign; what rounds to zero is "+".
    EXPECT_EQ(wcs::format_dec_dms(-0.5), "-00:30:00.0");
    EXPECT_EQ(wcs::format_dec_dms(-0.1 / 3600.0), "-00:00:00.1");
    EXPECT_EQ(wcs::format_dec_dms(-0.04 / 3600.0), "+00:00:00.0");
    EXPECT_EQ(wcs::format_dec_dms(-30.25), "-30:15:00.0");
    EXPECT_EQ(wcs::format_dec_dms(-90.0), "-90:00:00.0");
    EXPECT_EQ(wcs::format_dec_dms(12.5, 0), "+12:30:00");
    EXPECT_EQ(wcs::format_lon_dms(120.1234), "120:07:24.2");
    EXPECT_EQ(wcs::format_lon_dms(359.99999), "000:00:00.0");
    EXPECT_EQ(wcs::format_lon_dms(-1.0), "359:00:00.0");
    EXPECT_EQ(wcs::format_degrees(120.1234), "120.123400\u00b0");
    EXPECT_EQ(wcs::format_degrees(-1e-9), "0.000000\u00b0");
    EXPECT_EQ(wcs::format_degrees(-3.4567, 4), "-3.4567\u00b0");
}

TEST(WcsFormat, ReadoutNamesTheAxesOfEachSystem) {
    wcs::WorldCoordinates g;
    g.axes = {{"GLON-CAR", "deg", wcs::AxisKind::Longitude}, {"GLAT-CAR", "deg", wcs::AxisKind::Latitude}};
    g.values = {120.1234, -3.4567};
    g.frame = wcs::Frame::Galactic;
    g.lng = 0;
    g.lat = 1;
    EXPECT_EQ(wcs::format_world(g), "l 120.123400\u00b0 b -3.456700\u00b0 (120:07:24.2 -03:27:24.1)");

    wcs::WorldCoordinates e = g;
    e.axes = {{"RA---SIN", "deg", wcs::AxisKind::Longitude},
              {"DEC--SIN", "deg", wcs::AxisKind::Latitude},
              {"VRAD", "m/s", wcs::AxisKind::Spectral},
              {"", "", wcs::AxisKind::Other}};
    e.values = {150.0, -0.5, 1234.5, 1.0};
    e.frame = wcs::Frame::Equatorial;
    e.spec = 2;
    EXPECT_EQ(wcs::format_world(e),
              "RA 10:00:00.00 Dec -00:30:00.0 (150.000000\u00b0 -0.500000\u00b0)  VRAD 1234.5 m/s  axis 4 1");

    wcs::WorldCoordinates hp = g;
    hp.axes = {{"HPLN-TAN", "deg", wcs::AxisKind::Longitude}, {"HPLT-TAN", "deg", wcs::AxisKind::Latitude}};
    hp.values = {359.9, 0.125};  // wcslib may give -0.1 deg as 359.9
    hp.frame = wcs::Frame::Helioprojective;
    EXPECT_EQ(wcs::format_world(hp), "Solar X -360.00\" Solar Y 450.00\" (-0.100000\u00b0 0.125000\u00b0)");

    wcs::WorldCoordinates lin;
    lin.axes = {{"Solar-X", "", wcs::AxisKind::Other}, {"Solar-Y", "", wcs::AxisKind::Other}};
    lin.values = {-12.5, 980.25};
    EXPECT_EQ(wcs::format_world(lin), "Solar-X -12.5  Solar-Y 980.25");
}
