#include "engine/store/rate_fidelity.h"

#include <algorithm>
#include <map>
#include <tuple>


namespace bitsky::store {

std::string lossy_family(const std::string& spec) {
    const auto first = spec.find(':');
    if (first == std::string::npos) return spec;
    const auto second = spec.find(':', first + 1);
    if (second == std::string::npos) return spec.substr(0, first);
    return spec.substr(0, first) + spec.substr(second);
}

RateFidelity rate_fidelity(ResultsStore& st) {
    RateFidelity out;
    std::map<std::tuple<std::string, int, std::string>, RateFidelityCurve> curves;
    for (const ReportRow& r : st.lossy_report(ReportBy::Dataset)) {
        if (!r.bpp) continue;  // skips only, or every result failed
        RateFidelityPoint p;
        p.codec = r.codec;
        p.bpp = *r.bpp;
        p.ratio = r.ratio;
        p.images = r.images;
        p.frames = r.frames;
        p.failures = r.failures;
        if (r.fidelity) {
            p.fidelity_results = r.fidelity->results;
            p.noise_increase = r.fidelity->noise_increase;
            p.noise_increase_exact = r.fidelity->noise_increase_exact;
            p.phot_error_rms = r.fidelity->phot_error_rms;
            p.rms_over_sigma = r.fidelity->rms_over_sigma;
        }
        const std::string family = lossy_family(r.codec);
        auto& c = curves[{r.dataset, r.bitpix, family}];
        c.dataset = r.dataset;
        c.bitpix = r.bitpix;
        c.family = family;
        c.points.push_back(std::move(p));
    }
    for (auto& [key, c] : curves) {
        std::stable_sort(c.points.begin(), c.points.end(), [](const auto& a, const auto& b) { return a.bpp < b.bpp; });
        out.curves.push_back(std::move(c));
    }
    for (const ReportRow& r : st.report(ReportBy::Dataset))
        if (r.bpp && !r.lossy) out.lossless.push_back({r.dataset, r.bitpix, r.codec, *r.bpp});
    std::stable_sort(out.lossless.begin(), out.lossless.end(), [](const auto& a, const auto& b) {
        return std::tie(a.dataset, a.bitpix, a.bpp) < std::tie(b.dataset, b.bitpix, b.bpp);
    });
    return out;
}

}  // namespace bitsky::store
