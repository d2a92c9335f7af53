#include "engine/store/noise_fit.h"

#include <cmath>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

namespace bitsky::store {

namespace {

std::string num(double v, int prec) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", prec, v);
    return buf;
}

}  // namespace

NoiseFits noise_fits(ResultsStore& st) {
    // Robust sigma and the correlation flag per integer image HDU, from images.noise. Float
    // images are not fitted: coded exactly, their cost is set by their precision (the bits of
    // the noise at each value's ulp), not by sigma alone.
    struct Noise {
        double sigma = 0;
        bool correlated = false;
    };
    std::map<std::pair<std::string, int>, Noise> noise;
    {
        Statement q(st.database(), "SELECT path, hdu, noise FROM images WHERE noise IS NOT NULL AND bitpix > 0");
        while (q.step()) {
            auto j = nlohmann::json::parse(q.column_text(2), nullptr, false);
            if (j.is_array() && !j.empty()) j = j.front();
            if (!j.is_object()) continue;
            const double s = j.value("sigma", 0.0);
            if (!(s > 0) || !std::isfinite(s)) continue;
            noise[{q.column_text(0), static_cast<int>(q.column_int64(1))}] = {s, j.value("correlated", false)};
        }
    }
    NoiseFits out;
    for (const auto& r : st.report(ReportBy::Image)) {
        if (!r.bpp) continue;
        auto it = noise.find({r.image, r.hdu});
        if (it == noise.end()) continue;
        out.points.push_back({r.dataset, r.image, r.hdu, r.codec, it->second.sigma, *r.bpp, it->second.correlated, {}});
    }
    fit_noise_points(out);
    return out;
}

void fit_noise_points(NoiseFits& f) {
    f.fits.clear();
    std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> xy;
    std::map<std::string, std::size_t> excluded;
    for (const auto& p : f.points) {
        if (p.correlated) {
            ++excluded[p.codec];
            continue;
        }
        xy[p.codec].first.push_back(std::log2(p.sigma));
        xy[p.codec].second.push_back(p.bpp);
    }
    std::map<std::string, util::LineFit> lines;
    for (const auto& [codec, v] : xy)
        if (auto line = util::fit_line(v.first, v.second)) {
            lines[codec] = *line;
            f.fits.push_back({codec, *line, excluded[codec]});
        }
    for (auto& p : f.points)
        if (auto it = lines.find(p.codec); it != lines.end()) p.fitted = it->second.at(std::log2(p.sigma));
}

TextTable noise_fit_table(const NoiseFits& f, ReportBy by) {
    TextTable t;
    if (by == ReportBy::Dataset) {
        t.caption = "Least-squares fit per codec of measured bits/pixel = intercept + slope * log2(robust noise sigma) "
                    "over integer image HDUs whose noise is not flagged correlated (white Gaussian noise: slope 1); "
                    "RMS residual in bits/pixel.";
        t.columns = {"codec", "images", "intercept_bpp", "slope_bpp_per_log2_sigma", "rms_residual_bpp",
                     "excluded_correlated"};
        t.numeric = {false, true, true, true, true, true};
        for (const auto& fit : f.fits)
            t.rows.push_back({fit.codec, std::to_string(fit.line.n), num(fit.line.intercept, 4), num(fit.line.slope, 4),
                              num(fit.line.rms_residual, 4), std::to_string(fit.excluded)});
        return t;
    }
    t.caption = "Measured bits/pixel per image HDU and codec against its robust noise sigma, the codec's fitted "
                "line there and the residual (measured - fitted); correlated-noise images are not in the fit.";
    t.columns = {"dataset", "image", "hdu", "codec", "sigma", "log2_sigma", "bpp", "fitted_bpp", "residual_bpp",
                 "correlated"};
    t.numeric = {false, false, true, false, true, true, true, true, true, false};
    for (const auto& p : f.points)
        t.rows.push_back({p.dataset, p.image, std::to_string(p.hdu), p.codec, num(p.sigma, 4), num(std::log2(p.sigma), 4),
                          num(p.bpp, 4), p.fitted ? num(*p.fitted, 4) : "", p.residual() ? num(*p.residual(), 4) : "",
                          p.correlated ? "yes" : "no"});
    return t;
}

}  // namespace bitsky::store
