#include "engine/sample/sample_sky.h"

#include "engine/sample/calibrated.h"
#include "engine/sample/scene.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <numbers>

#include <nlohmann/json.hpp>

#include "engine/fits/fits.h"
#include "engine/util/random.h"
#include "engine/util/error.h"

namespace bitsky::sample {
using util::Random;
using namespace detail;
namespace {

constexpr double kMaxAdu = 65535.0;

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

// Entropy of the discretised N(mu, sigma) depends on sigma only (to < 1e-6 bits for
// sigma > 0.5) away from the clipping limits: cache it on a fine logarithmic grid.
double cached_entropy(double sigma) {
    static thread_local std::map<long, double> cache;
    long key = std::lround(std::log(sigma) * 2000.0);  // 0.05% steps
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    double h = discretised_gaussian_entropy(32768.0, std::exp(key / 2000.0));
    cache.emplace(key, h);
    return h;
}

double pixel_entropy(double mu, double sigma) {
    if (sigma <= 0) return 0.0;
    if (mu - 9 * sigma > 0 && mu + 9 * sigma < kMaxAdu) return cached_entropy(sigma);
    return discretised_gaussian_entropy(mu, sigma);
}

}  // namespace

namespace detail {

void add_moffat(Scene& s, double x0, double y0, double flux_e, double fwhm, double beta) {
    const double alpha = fwhm / (2.0 * std::sqrt(std::pow(2.0, 1.0 / beta) - 1.0));
    const double norm = (beta - 1.0) / (std::numbers::pi * alpha * alpha);
    // Draw out to where the profile falls below 0.01 e-/pixel (bounded for sanity).
    double radius = alpha * std::sqrt(std::pow(std::max(flux_e * norm / 0.01, 1.0), 1.0 / beta) - 1.0);
    radius = std::clamp(radius, 3.0 * fwhm, 150.0);
    long x1 = std::max(0L, long(std::floor(x0 - radius))), x2 = std::min(long(s.w) - 1, long(std::ceil(x0 + radius)));
    long y1 = std::max(0L, long(std::floor(y0 - radius))), y2 = std::min(long(s.h) - 1, long(std::ceil(y0 + radius)));
    for (long y = y1; y <= y2; ++y)
        for (long x = x1; x <= x2; ++x) {
            double r2 = (x - x0) * (x - x0) + (y - y0) * (y - y0);
            s.at(std::size_t(x), std::size_t(y)) += flux_e * norm * std::pow(1.0 + r2 / (alpha * alpha), -beta);
        }
}

void add_galaxy(Scene& s, double x0, double y0, double flux_e, double scale, double q, double theta) {
    const double i0 = flux_e / (2.0 * std::numbers::pi * scale * scale * q);
    const double radius = 7.0 * scale, c = std::cos(theta), sn = std::sin(theta);
    long x1 = std::max(0L, long(x0 - radius)), x2 = std::min(long(s.w) - 1, long(x0 + radius));
    long y1 = std::max(0L, long(y0 - radius)), y2 = std::min(long(s.h) - 1, long(y0 + radius));
    for (long y = y1; y <= y2; ++y)
        for (long x = x1; x <= x2; ++x) {
            double dx = x - x0, dy = y - y0;
            double u = dx * c + dy * sn, v = (-dx * sn + dy * c) / q;
            s.at(std::size_t(x), std::size_t(y)) += i0 * std::exp(-std::sqrt(u * u + v * v) / scale);
        }
}

// Star fluxes follow a power law (many faint, few bright); one star saturates.
SourceList make_sources(Random& rng, std::size_t w, std::size_t h, double flux_scale, double fwhm) {
    SourceList list;
    const double area = double(w) * double(h);
    const int nstars = int(area / 4000.0) + 5;
    for (int i = 0; i < nstars; ++i) {
        double flux = flux_scale * 100.0 * std::pow(1.0 - rng.uniform(), -1.0);
        flux = std::min(flux, flux_scale * 1e5);
        list.stars.push_back({rng.uniform(0, double(w)), rng.uniform(0, double(h)), flux, fwhm * rng.uniform(0.95, 1.05)});
    }
    // The saturated star: bright enough to clip at 65535 in any instrument.
    list.stars.push_back({rng.uniform(0.2, 0.8) * double(w), rng.uniform(0.2, 0.8) * double(h), 4e7, fwhm});
    const int ngal = int(area / 60000.0) + 2;
    for (int i = 0; i < ngal; ++i)
        list.galaxies.push_back({rng.uniform(0, double(w)), rng.uniform(0, double(h)), flux_scale * rng.uniform(5e3, 8e4),
                                 rng.uniform(1.5, 5.0), rng.uniform(0.3, 1.0), rng.uniform(0, std::numbers::pi)});
    return list;
}

void render(Scene& s, const SourceList& src, double flux_factor, double dx, double dy, double sky_e) {
    std::fill(s.signal.begin(), s.signal.end(), sky_e);
    for (const auto& st : src.stars) add_moffat(s, st.x + dx, st.y + dy, st.flux * flux_factor, st.fwhm);
    for (const auto& g : src.galaxies) add_galaxy(s, g.x + dx, g.y + dy, g.flux * flux_factor, g.scale, g.q, g.theta);
}

}  // namespace detail

namespace {

void add_cosmic_rays(Scene& s, Random& rng, int count) {
    for (int i = 0; i < count; ++i) {
        double x = rng.uniform(0, double(s.w)), y = rng.uniform(0, double(s.h));
        double angle = rng.uniform(0, 2 * std::numbers::pi), len = rng.uniform(1, 9), e = rng.uniform(2000, 25000);
        for (double t = 0; t <= len; t += 0.5) {
            long px = long(x + t * std::cos(angle)), py = long(y + t * std::sin(angle));
            if (px >= 0 && py >= 0 && px < long(s.w) && py < long(s.h)) s.at(std::size_t(px), std::size_t(py)) += e / 2;
        }
    }
}

void add_bad_column(Scene& s, Random& rng, double adu) {
    std::size_t x = std::size_t(rng.uniform(0.1, 0.9) * double(s.w));
    std::size_t y0 = std::size_t(rng.uniform(0, 0.5) * double(s.h));
    for (std::size_t y = y0; y < s.h; ++y) {
        s.fixed[y * s.w + x] = 1;
        s.fixed_adu[y * s.w + x] = adu;
    }
}

// Noiseless scene -> uint16 ADU: Poisson photon noise, gain, bias, Gaussian read noise,
// rounding, clipping. Returns the mean per-pixel entropy of the noise (the limit).
double expose(const Scene& s, const Instrument& inst, Random& rng, std::uint16_t* out) {
    double hsum = 0;
    for (std::size_t i = 0; i < s.signal.size(); ++i) {
        if (s.fixed[i]) {
            out[i] = std::uint16_t(std::clamp(std::round(s.fixed_adu[i]), 0.0, kMaxAdu));
            continue;
        }
        const double e = double(rng.poisson(s.signal[i]));
        const double adu = inst.bias_adu + e / inst.gain_e_per_adu + inst.read_noise_adu * rng.normal();
        out[i] = std::uint16_t(std::clamp(std::round(adu), 0.0, kMaxAdu));
        const double mu = inst.bias_adu + s.signal[i] / inst.gain_e_per_adu;
        const double var = inst.read_noise_adu * inst.read_noise_adu + s.signal[i] / (inst.gain_e_per_adu * inst.gain_e_per_adu);
        hsum += pixel_entropy(mu, std::sqrt(var));
    }
    return hsum / double(s.signal.size());
}

double background_sigma(const Instrument& inst, double sky_e) {
    return std::sqrt(inst.read_noise_adu * inst.read_noise_adu + sky_e / (inst.gain_e_per_adu * inst.gain_e_per_adu));
}

struct Pointing {
    double ra, dec;
};

void write_header(fits::Writer& w, const Instrument& inst, const Pointing& p, std::size_t width, std::size_t height,
                  double exptime, const std::string& filter, const std::string& date, std::uint64_t seed,
                  double sigma, const std::vector<double>& frame_sigma, double hlim) {
    w.set_key("BUNIT", std::string("ADU"), "pixel unit");
    w.set_key("ORIGIN", std::string("BitSky sample sky"), "synthetic data, see README.txt");
    w.set_key("TELESCOP", inst.telescope, "made-up telescope");
    w.set_key("INSTRUME", inst.name, "made-up instrument");
    w.set_key("FILTER", filter, "filter");
    w.set_key("EXPTIME", exptime, "[s] exposure time");
    w.set_key("DATE-OBS", date, "start of exposure (UTC)");
    w.set_key("GAIN", inst.gain_e_per_adu, "[e-/ADU]");
    w.set_key("RDNOISE", inst.read_noise_adu, "[ADU] read noise");
    w.set_key("BIASLEV", inst.bias_adu, "[ADU] bias level");
    w.set_key("RADESYS", std::string("ICRS"), "");
    w.set_key("CTYPE1", std::string("RA---TAN"), "");
    w.set_key("CTYPE2", std::string("DEC--TAN"), "");
    w.set_key("CRPIX1", double(width) / 2.0 + 0.5, "");
    w.set_key("CRPIX2", double(height) / 2.0 + 0.5, "");
    w.set_key("CRVAL1", p.ra, "[deg]");
    w.set_key("CRVAL2", p.dec, "[deg]");
    w.set_key("CD1_1", -inst.pixscale_arcsec / 3600.0, "[deg/pixel]");
    w.set_key("CD1_2", 0.0, "");
    w.set_key("CD2_1", 0.0, "");
    w.set_key("CD2_2", inst.pixscale_arcsec / 3600.0, "[deg/pixel]");
    w.set_key("BSKYSIG", sigma, "[ADU] true background noise sigma (frame 1)");
    for (std::size_t k = 0; k < frame_sigma.size() && frame_sigma.size() > 1; ++k) {
        std::string key = std::to_string(k + 1);
        key = "BSKS" + std::string(4 - std::min<std::size_t>(4, key.size()), '0') + key;
        w.set_key(key, frame_sigma[k], "[ADU] true background sigma of this frame");
    }
    w.set_key("BSKYHLIM", hlim, "[bit/pixel] noise entropy limit (Gaussian approx.)");
    w.set_key("BSKYSEED", static_cast<long long>(seed), "sample sky seed");
}

std::string date_for(int day, int hour) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "2026-%02d-%02dT%02d:%02d:00", 1 + day / 28, 1 + day % 28, hour % 24, (hour * 7) % 60);
    return buf;
}

}  // namespace

double discretised_gaussian_entropy(double mu, double sigma) {
    if (sigma <= 0) return 0.0;
    const double lo = std::max(0.0, std::floor(mu - 10 * sigma)), hi = std::min(kMaxAdu, std::ceil(mu + 10 * sigma));
    if (lo > hi) return 0.0;  // entirely clipped: always the same value
    double h = 0.0;
    auto add = [&h](double p) {
        if (p > 0) h -= p * std::log2(p);
    };
    // Mass below 0 piles up at 0, mass above 65535 at 65535.
    for (double k = lo; k <= hi; k += 1.0) {
        double a = k == 0.0 ? 0.0 : normal_cdf((k - 0.5 - mu) / sigma);
        double b = k == kMaxAdu ? 1.0 : normal_cdf((k + 0.5 - mu) / sigma);
        add(b - a);
    }
    return h;
}

SyntheticFrame synthetic_frame(std::size_t width, std::size_t height, double read_noise_adu, double sky_e,
                               std::uint64_t seed) {
    Random rng(seed);
    Instrument inst{"Synthetic", "None", 1000.0, 1.0, read_noise_adu, 0.5};
    Scene s(width, height);
    render(s, make_sources(rng, width, height, 1.0, 3.0), 1.0, 0, 0, sky_e);
    add_cosmic_rays(s, rng, int(double(width * height) / 40000.0));
    SyntheticFrame f;
    f.width = width;
    f.height = height;
    f.pixels.resize(width * height);
    f.entropy_limit_bpp = expose(s, inst, rng, f.pixels.data());
    f.sky_sigma_adu = background_sigma(inst, sky_e);
    return f;
}

std::vector<SampleFile> write_sample_sky(const std::filesystem::path& out, std::uint64_t seed) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(out / "data", ec);
    fs::create_directories(out / "splits", ec);
    if (ec) throw Error(out.string() + ": cannot create the sample folder: " + ec.message());

    // Three made-up instruments: a ground CCD, a space imager (low noise, also up-the-ramp
    // cubes), and a ground survey camera (five bands, several epochs).
    const Instrument ccd{"Skyline-CCD", "Skyline 2.2m", 1000.0, 2.0, 4.5, 0.40};
    const Instrument space{"Orbiter-NIR", "Orbiter", 600.0, 1.0, 3.0, 0.10};
    const Instrument survey{"Survey-5", "Survey 1.3m", 2000.0, 1.0, 6.0, 1.10};

    Random rng(seed);
    std::vector<SampleFile> files;
    nlohmann::json items = nlohmann::json::array();
    auto record = [&](SampleFile f, const Instrument& inst, const Pointing& p, double exptime) {
        nlohmann::json j;
        j["image_id"] = int(files.size());
        j["image"] = f.path.generic_string();
        j["ra"] = p.ra;
        j["dec"] = p.dec;
        j["pixscale"] = inst.pixscale_arcsec;
        j["exposure"] = exptime;
        j["instrument"] = inst.name;
        j["telescope"] = inst.telescope;
        j["bskysig"] = f.sky_sigma_adu;
        items.push_back(j);
        files.push_back(std::move(f));
    };
    auto file_path = [&out](const std::string& folder, const std::string& stem) {
        std::error_code dir_ec;
        fs::create_directories(out / "data" / folder, dir_ec);
        if (dir_ec) throw Error((out / "data" / folder).string() + ": cannot create: " + dir_ec.message());
        return fs::path("data") / folder / (stem + ".fits");
    };

    // 2D frames: exposure (hence sky level and noise) differs from frame to frame, so
    // background noise spans a few ADU to a few hundred ADU across the sample.
    struct Shot {
        const Instrument* inst;
        std::string folder;
        std::size_t w, h;
        double sky_e, exptime, fwhm;
        std::string filter;
    };
    const std::vector<Shot> shots = {
        {&ccd, "skyline", 512, 512, 150.0, 30, 3.2, "V"},      {&ccd, "skyline", 512, 512, 1200.0, 240, 3.6, "R"},
        {&ccd, "skyline", 640, 480, 6000.0, 900, 4.0, "I"},    {&ccd, "skyline", 509, 487, 400.0, 60, 3.0, "B"},
        {&space, "orbiter", 600, 400, 8.0, 100, 1.8, "F150W"}, {&space, "orbiter", 512, 512, 40.0, 500, 1.8, "F200W"},
        {&space, "orbiter", 400, 600, 1.0, 20, 1.6, "F090W"},  {&survey, "survey", 768, 768, 60000.0, 120, 3.5, "r"},
        {&survey, "survey", 512, 512, 15000.0, 55, 3.0, "g"},
    };
    int n = 0;
    for (const auto& shot : shots) {
        Pointing p{rng.uniform(0, 360), (n % 2 ? -1.0 : 1.0) * rng.uniform(5, 60)};
        Scene s(shot.w, shot.h);
        render(s, make_sources(rng, shot.w, shot.h, shot.exptime / 60.0 + 0.5, shot.fwhm), 1.0, 0, 0, shot.sky_e);
        add_cosmic_rays(s, rng, shot.inst == &space ? 30 : 15);
        if (n % 3 == 0) add_bad_column(s, rng, shot.inst->bias_adu + 3000.0);
        std::vector<std::uint16_t> pix(shot.w * shot.h);
        double hlim = expose(s, *shot.inst, rng, pix.data());
        double sigma = background_sigma(*shot.inst, shot.sky_e);
        char stem[64];
        std::snprintf(stem, sizeof stem, "%s_%03d", shot.folder.c_str(), n + 1);
        SampleFile f{file_path(shot.folder, stem), shot.inst->name, {shot.w, shot.h}, sigma, {sigma}, hlim};
        fits::Writer w(out / f.path);
        w.write_u16(f.axes, pix);
        write_header(w, *shot.inst, p, shot.w, shot.h, shot.exptime, shot.filter, date_for(n * 3, n * 5), seed, sigma,
                     {}, hlim);
        w.close();
        record(std::move(f), *shot.inst, p, shot.exptime);
        ++n;
    }

    // Up-the-ramp cube (space IR, like JWST): charge accumulates, each group adds Poisson
    // electrons; the per-pixel reset offset is fixed through the ramp, so every pixel is
    // non-decreasing in time. BSKYHLIM is the per-frame (2D) limit; BSKYHL3D the limit
    // for the whole ramp (first frame + Poisson increments), which cube-aware coders can reach.
    {
        const std::size_t w = 256, h = 256, groups = 8;
        const double rate_e = 30.0;  // sky electrons per group
        Pointing p{rng.uniform(0, 360), -rng.uniform(5, 60)};
        Scene s(w, h);
        render(s, make_sources(rng, w, h, 0.3, 1.8), 1.0, 0, 0, rate_e);
        add_cosmic_rays(s, rng, 10);
        std::vector<double> offset(w * h);
        for (auto& o : offset) o = std::round(space.bias_adu + space.read_noise_adu * rng.normal());
        std::vector<double> accum(w * h, 0.0);
        std::vector<std::uint16_t> cube(w * h * groups);
        std::vector<double> frame_sigma;
        double h2d = 0, h3d = 0;
        for (std::size_t t = 0; t < groups; ++t) {
            for (std::size_t i = 0; i < w * h; ++i) {
                accum[i] += double(rng.poisson(s.signal[i]));
                cube[t * w * h + i] = std::uint16_t(std::min(kMaxAdu, offset[i] + accum[i]));
                const double mean_e = s.signal[i] * double(t + 1);
                h2d += pixel_entropy(space.bias_adu + mean_e, std::sqrt(space.read_noise_adu * space.read_noise_adu + mean_e));
                const bool saturated = space.bias_adu + s.signal[i] * double(t) - 9.0 * std::sqrt(mean_e) > kMaxAdu;
                h3d += t == 0      ? pixel_entropy(space.bias_adu + mean_e, std::sqrt(space.read_noise_adu * space.read_noise_adu + mean_e))
                       : saturated ? 0.0
                                   : pixel_entropy(1000.0 + s.signal[i], std::sqrt(s.signal[i]));
            }
            frame_sigma.push_back(std::sqrt(space.read_noise_adu * space.read_noise_adu + rate_e * double(t + 1)));
        }
        const double npix = double(w * h * groups);
        SampleFile f{file_path("orbiter", "orbiter_ramp_001"), space.name, {w, h, groups}, frame_sigma[0], frame_sigma, h2d / npix};
        fits::Writer wr(out / f.path);
        wr.write_u16(f.axes, cube);
        write_header(wr, space, p, w, h, 10.7 * double(groups), "F200W", date_for(40, 3), seed, frame_sigma[0], frame_sigma,
                     h2d / npix);
        wr.set_key("BSKYHL3D", h3d / npix, "[bit/pixel] entropy limit using the ramp");
        wr.set_key("NGROUPS", static_cast<long long>(groups), "groups up the ramp");
        wr.close();
        record(std::move(f), space, p, 10.7 * double(groups));
    }

    // 4D survey item (like SDSS): (W, H, 5 bands, 3 epochs days apart), same stars with
    // band-dependent brightness and sky, independent noise in every frame.
    {
        const std::size_t w = 200, h = 200, bands = 5, epochs = 3;
        const double sky_band[bands] = {300.0, 900.0, 1500.0, 2200.0, 1800.0};
        const double colour[bands] = {0.5, 1.0, 1.3, 1.5, 1.4};
        Pointing p{rng.uniform(0, 360), rng.uniform(5, 60)};
        SourceList src = make_sources(rng, w, h, 1.0, 3.0);
        std::vector<std::uint16_t> cube(w * h * bands * epochs);
        std::vector<double> frame_sigma;
        double hsum = 0;
        Scene s(w, h);
        for (std::size_t e = 0; e < epochs; ++e)
            for (std::size_t b = 0; b < bands; ++b) {
                render(s, src, colour[b], rng.uniform(-1, 1), rng.uniform(-1, 1), sky_band[b]);
                add_cosmic_rays(s, rng, 5);
                hsum += expose(s, survey, rng, cube.data() + (e * bands + b) * w * h);
                frame_sigma.push_back(background_sigma(survey, sky_band[b]));
            }
        const double hlim = hsum / double(bands * epochs);
        SampleFile f{file_path("survey", "survey_stack_001"), survey.name, {w, h, bands, epochs}, frame_sigma[0], frame_sigma, hlim};
        fits::Writer wr(out / f.path);
        wr.write_u16(f.axes, cube);
        write_header(wr, survey, p, w, h, 54.0, "ugriz", date_for(60, 7), seed, frame_sigma[0], frame_sigma, hlim);
        wr.set_key("NBANDS", static_cast<long long>(bands), "axis 3: bands u g r i z");
        wr.set_key("NEPOCHS", static_cast<long long>(epochs), "axis 4: epochs, days apart");
        wr.close();
        record(std::move(f), survey, p, 54.0);
    }

    // AstroCompress-style splits: spatially disjoint (north = train, south = test).
    auto write_jsonl = [&](const std::string& name, bool train, std::size_t limit) {
        std::ofstream o(out / "splits" / name);
        std::size_t written = 0;
        for (const auto& it : items)
            if ((it["dec"].get<double>() >= 0) == train && written < limit) {
                o << it.dump() << "\n";
                ++written;
            }
        if (!o) throw Error((out / "splits" / name).string() + ": cannot write");
    };
    write_jsonl("full_train.jsonl", true, items.size());
    write_jsonl("full_test.jsonl", false, items.size());
    write_jsonl("tiny_train.jsonl", true, 2);
    write_jsonl("tiny_test.jsonl", false, 2);

    // The calibrated float32 product and its catalogue (calibrated.h), apart from data/ and
    // the splits: a float image in electrons for lossy coding and its fidelity.
    const CalibratedSample calibrated = write_calibrated_sample(out, seed);

    std::ofstream readme(out / "README.txt");
    readme << "BitSky sample sky (seed " << seed << ")\n\n"
           << "Synthetic uint16 FITS images from three made-up instruments, written by\n"
           << "`bitsky-cli sample`. Every file records the true background noise sigma (BSKYSIG,\n"
           << "ADU, frame 1; BSKSnnnn per frame of a cube) and the noise-entropy limit in bits\n"
           << "per pixel (BSKYHLIM). Images: data/<instrument>/*.fits; splits/*.jsonl list\n"
           << "them as in AstroCompress (train = north, test = south).\n\n"
           << calibrated.image.generic_string() << ": a calibrated float32 product in electrons,\n"
           << "(raw - bias) / flat * gain, background sigma BSKYSIG; its true sources (0-based\n"
           << "pixel x, y and total flux) are in " << calibrated.catalogue.generic_string() << ".\n";
    return files;
}

}  // namespace bitsky::sample
