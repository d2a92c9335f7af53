// The sample sky's calibrated float32 product and its true catalogue (engine/sample/
// calibrated.h): deterministic, its recorded noise the noise it has, its catalogue the
// truth (aperture photometry of the product recovers the catalogue fluxes), and the
// fidelity of fpack's quantization measured on it against that catalogue.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "engine/analysis/fidelity.h"
#include "engine/analysis/noise_any.h"
#include "engine/analysis/region.h"
#include "engine/codecs/codec.h"
#include "engine/fits/fits.h"
#include "engine/sample/calibrated.h"
#include "engine/sample/sample_sky.h"
#include "engine/util/stats.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::test;

namespace {

std::string read_all(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Sum within r <= radius minus the clipped-mean background of radius_in < r <= radius_out.
double aperture_flux(const std::vector<float>& v, std::size_t w, double x0, double y0, double radius, double rin,
                     double rout) {
    double sum = 0, n = 0;
    std::vector<double> ann;
    for (long y = long(y0 - rout); y <= long(y0 + rout) + 1; ++y)
        for (long x = long(x0 - rout); x <= long(x0 + rout) + 1; ++x) {
            const double r2 = (double(x) - x0) * (double(x) - x0) + (double(y) - y0) * (double(y) - y0);
            const double val = v[std::size_t(y) * w + std::size_t(x)];
            if (r2 <= radius * radius) {
                sum += val;
                n += 1;
            } else if (r2 > rin * rin && r2 <= rout * rout) {
                ann.push_back(val);
            }
        }
    return sum - n * util::median(ann);
}

}  // namespace

TEST(SampleCalibrated, DeterministicWithItsCatalogue) {
    TempDir a, b, c;
    const auto ca = sample::write_calibrated_sample(a.path(), 4);
    const auto cb = sample::write_calibrated_sample(b.path(), 4);
    const auto cc = sample::write_calibrated_sample(c.path(), 5);
    EXPECT_EQ(read_all(a / ca.image.string()), read_all(b / cb.image.string()));
    EXPECT_EQ(read_all(a / ca.catalogue.string()), read_all(b / cb.catalogue.string()));
    EXPECT_NE(read_all(a / ca.image.string()), read_all(c / cc.image.string()));
    const auto cat = sample::read_catalogue(a / ca.catalogue.string());
    ASSERT_EQ(cat.size(), ca.sources.size());
    ASSERT_GT(cat.size(), 50u);
    for (std::size_t i = 0; i < cat.size(); ++i) {
        EXPECT_EQ(cat[i].kind, ca.sources[i].kind);
        EXPECT_NEAR(cat[i].x, ca.sources[i].x, 1e-7);
        EXPECT_NEAR(cat[i].flux_e, ca.sources[i].flux_e, 1e-9 * ca.sources[i].flux_e);
    }
    // The whole sample sky writes it too, apart from data/ and the splits.
    TempDir sky;
    const auto files = sample::write_sample_sky(sky.path(), 4);
    EXPECT_EQ(read_all(sky / sample::kCalibratedImage), read_all(a / ca.image.string()));
    for (const auto& f : files) EXPECT_EQ(f.path.string().find("calibrated"), std::string::npos);
    std::ofstream(a / "bad.csv") << "id,kind,x,y,flux_e,size_px\n1,star,3\n";
    EXPECT_NE(error_of([&] { sample::read_catalogue(a / "bad.csv"); }).find("bad.csv:2"), std::string::npos);
}

TEST(SampleCalibrated, RecordedNoiseAndTheCatalogueAreTheTruth) {
    TempDir dir;
    const auto c = sample::write_calibrated_sample(dir.path(), 1);
    const auto file = fits::File::open(dir / c.image.string());
    const auto& h = file.hdu(0);
    EXPECT_EQ(h.bitpix, -32);
    EXPECT_EQ(h.card_value("BUNIT").value_or(""), "electron");
    EXPECT_NEAR(std::stod(h.card_value("BSKYSIG").value()), c.sky_sigma_e, 1e-6 * c.sky_sigma_e);
    const PixelFrame f = file.read_frame(0, 0);
    const auto noise = analysis::estimate_noise_any(f);
    EXPECT_NEAR(noise.estimate.robust / c.sky_sigma_e, 1.0, 0.03);
    const auto& v = f.get<float>();
    std::vector<double> values(v.begin(), v.end());
    EXPECT_NEAR(analysis::split_sources(values).background, c.sky_e, 0.01 * c.sky_e);
    // Bright isolated stars: an 8-pixel aperture holds the Moffat (beta 3) fraction
    // 1 - (1 + r^2/alpha^2)^-2 of the catalogue flux.
    std::vector<double> ratios;
    for (const auto& s : c.sources) {
        if (s.kind != "star" || s.x < 20 || s.y < 20 || s.x > 491 || s.y > 491) continue;
        bool isolated = true;
        for (const auto& t : c.sources)
            if (&t != &s && std::hypot(t.x - s.x, t.y - s.y) < 25) isolated = false;
        const double sigma_phot = c.sky_sigma_e * std::sqrt(M_PI * 64);
        if (!isolated || s.flux_e < 20 * sigma_phot) continue;
        const double alpha = s.size_px / (2 * std::sqrt(std::pow(2.0, 1.0 / 3) - 1));
        const double enclosed = 1 - std::pow(1 + 64 / (alpha * alpha), -2.0);
        const double measured = aperture_flux(v, c.width, s.x, s.y, 8, 12, 18);
        ratios.push_back(measured / (enclosed * s.flux_e));
        EXPECT_NEAR(measured, enclosed * s.flux_e, 5 * std::sqrt(sigma_phot * sigma_phot + s.flux_e)) << s.id;
    }
    ASSERT_GE(ratios.size(), 5u);
    std::printf("%zu bright isolated stars: median measured / catalogue flux %.4f\n", ratios.size(), util::median(ratios));
    EXPECT_NEAR(util::median(ratios), 1.0, 0.02);
}

TEST(SampleCalibrated, FidelityOfQuantizationAgainstTheTrueCatalogue) {
    TempDir dir;
    const auto c = sample::write_calibrated_sample(dir.path(), 1);
    const PixelFrame f = fits::File::open(dir / c.image.string()).read_frame(0, 0);
    analysis::FidelityOptions o;
    o.catalogue = std::vector<analysis::SourcePosition>{};
    for (const auto& s : sample::read_catalogue(dir / c.catalogue.string()))
        o.catalogue->push_back({s.x, s.y, s.flux_e});
    // A lossless reconstruction: no error at any true source.
    const auto exact = analysis::measure_fidelity(f, f, o);
    EXPECT_EQ(exact.source_origin, "catalogue");
    EXPECT_GT(exact.sources, 50);
    EXPECT_EQ(exact.phot_error_max.value_or(1), 0);
    EXPECT_EQ(exact.centroid_shift_max.value_or(1), 0);
    for (double q : {1.0, 4.0}) {
        SCOPED_TRACE(q);
        const auto r = analysis::measured_roundtrip(*codecs::make_codec("rice:q" + std::to_string(int(q))), f, o);
        ASSERT_TRUE(r.ok()) << r.error;
        ASSERT_TRUE(r.fidelity);
        const Fidelity& fid = *r.fidelity;
        EXPECT_EQ(fid.sources, exact.sources);
        const double theory = 1 / (q * std::sqrt(12.0));
        EXPECT_NEAR(*fid.rms_over_sigma / theory, 1.0, 0.05);
        EXPECT_NEAR(*fid.noise_increase_exact / (std::sqrt(1 + theory * theory) - 1), 1.0, 0.1);
        EXPECT_GT(*fid.phot_error_rms, 0.7 * theory);
        EXPECT_LT(*fid.phot_error_rms, 1.5 * theory);
        EXPECT_LT(*fid.centroid_shift_rms, 0.5 * q * theory);
    }
}
