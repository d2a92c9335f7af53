// The sample sky's calibrated float32 product and its true catalogue (calibrated.h).
#include "engine/sample/calibrated.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "engine/fits/fits.h"
#include "engine/sample/scene.h"
#include "engine/util/error.h"
#include "engine/util/random.h"

namespace bitsky::sample {
namespace {

constexpr std::size_t kWidth = 512, kHeight = 512;
constexpr double kGain = 2.0, kReadNoise = 4.5, kBias = 1000.0, kSky = 400.0, kFwhm = 3.0;

std::string number(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

}  // namespace

CalibratedSample write_calibrated_sample(const std::filesystem::path& out, std::uint64_t seed) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(out / "calibrated", ec);
    if (ec) throw Error((out / "calibrated").string() + ": cannot create: " + ec.message());

    // Its own random stream, so the raw sample sky's files do not change with it.
    util::Random rng(seed ^ 0x63616c6962726174ull);
    detail::SourceList src = detail::make_sources(rng, kWidth, kHeight, 10.0, kFwhm);
    src.stars.pop_back();  // the saturating star of the raw sky: a calibrated truth has none
    detail::Scene scene(kWidth, kHeight);
    detail::render(scene, src, 1.0, 0, 0, kSky);

    // Bias (level + a fixed column pattern) and flat (vignetting + 1% pixel response),
    // both known exactly to the calibration.
    std::vector<double> column(kWidth);
    for (auto& c : column) c = 2.0 * rng.normal();
    const double cx = (double(kWidth) - 1) / 2, cy = (double(kHeight) - 1) / 2;
    std::vector<float> product(kWidth * kHeight);
    double var_sum = 0;  // the background's noise variance at each pixel (the sky seen through its flat)
    for (std::size_t y = 0; y < kHeight; ++y)
        for (std::size_t x = 0; x < kWidth; ++x) {
            const std::size_t i = y * kWidth + x;
            const double r2 = ((double(x) - cx) * (double(x) - cx) + (double(y) - cy) * (double(y) - cy)) / (cx * cx + cy * cy);
            const double flat = (1.0 - 0.1 * r2) * (1.0 + 0.01 * rng.normal());
            const double bias = kBias + column[x];
            const double electrons = double(rng.poisson(scene.signal[i] * flat));
            const double raw = std::clamp(std::round(bias + electrons / kGain + kReadNoise * rng.normal()), 0.0, 65535.0);
            product[i] = float((raw - bias) / flat * kGain);
            var_sum += (kSky * flat + kReadNoise * kGain * kReadNoise * kGain) / (flat * flat);
        }

    CalibratedSample c;
    c.image = kCalibratedImage;
    c.catalogue = kCalibratedCatalogue;
    c.width = kWidth;
    c.height = kHeight;
    c.sky_e = kSky;
    c.sky_sigma_e = std::sqrt(var_sum / double(kWidth * kHeight));
    int id = 0;
    for (const auto& s : src.stars) c.sources.push_back({++id, "star", s.x, s.y, s.flux, s.fwhm});
    for (const auto& g : src.galaxies) c.sources.push_back({++id, "galaxy", g.x, g.y, g.flux, g.scale});

    fits::Writer w(out / c.image);
    w.write_f32({kWidth, kHeight}, product);
    w.set_key("BUNIT", std::string("electron"), "pixel unit");
    w.set_key("ORIGIN", std::string("BitSky sample sky"), "synthetic data, see README.txt");
    w.set_key("TELESCOP", std::string("Skyline 2.2m"), "made-up telescope");
    w.set_key("INSTRUME", std::string("Skyline-CCD"), "made-up instrument");
    w.set_key("FILTER", std::string("R"), "filter");
    w.set_key("EXPTIME", 60.0, "[s] exposure time");
    w.set_key("CALIB", std::string("(raw - bias) / flat * gain"), "calibration applied (exact bias and flat)");
    w.set_key("CALGAIN", kGain, "[e-/ADU] gain applied");
    w.set_key("RDNOISE", kReadNoise * kGain, "[e-] read noise");
    w.set_key("BSKYLEV", kSky, "[e-] true background level");
    w.set_key("BSKYSIG", c.sky_sigma_e, "[e-] true background sigma (RMS over pixels)");
    w.set_key("BSKYCAT", c.catalogue.filename().string(), "true source catalogue (CSV) beside this file");
    w.set_key("BSKYSEED", static_cast<long long>(seed), "sample sky seed");
    w.close();

    std::ostringstream csv;
    csv << "# BitSky sample sky: true sources of " << c.image.filename().string()
        << ". x, y: 0-based pixel-centre coordinates (x along NAXIS1); flux_e: total flux in electrons "
           "(galaxies drawn to 7 scale lengths: 99.3% of it); size_px: star FWHM or galaxy scale length\n"
        << "id,kind,x,y,flux_e,size_px\n";
    for (const auto& s : c.sources)
        csv << s.id << ',' << s.kind << ',' << number(s.x) << ',' << number(s.y) << ',' << number(s.flux_e) << ','
            << number(s.size_px) << '\n';
    std::ofstream o(out / c.catalogue, std::ios::binary);
    o << csv.str();
    if (!o) throw Error((out / c.catalogue).string() + ": cannot write");
    return c;
}

std::vector<CatalogueSource> read_catalogue(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw Error(path.string() + ": cannot read the catalogue");
    std::vector<CatalogueSource> out;
    std::string line;
    int n = 0;
    bool header = false;
    while (std::getline(in, line)) {
        ++n;
        if (line.empty() || line[0] == '#') continue;
        if (!header) {
            if (line != "id,kind,x,y,flux_e,size_px")
                throw Error(path.string() + ":" + std::to_string(n) + ": expected the header id,kind,x,y,flux_e,size_px");
            header = true;
            continue;
        }
        std::vector<std::string> f;
        std::stringstream ss(line);
        for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
        CatalogueSource s;
        try {
            if (f.size() != 6) throw std::invalid_argument("fields");
            s.id = std::stoi(f[0]);
            s.kind = f[1];
            s.x = std::stod(f[2]);
            s.y = std::stod(f[3]);
            s.flux_e = std::stod(f[4]);
            s.size_px = std::stod(f[5]);
        } catch (const std::exception&) {
            throw Error(path.string() + ":" + std::to_string(n) + ": not id,kind,x,y,flux_e,size_px: '" + line + "'");
        }
        out.push_back(s);
    }
    if (!header) throw Error(path.string() + ": no catalogue header");
    return out;
}

}  // namespace bitsky::sample
