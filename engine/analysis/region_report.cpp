#include <cstdio>

#include "engine/analysis/region.h"

namespace bitsky::analysis {

namespace {

std::string num(double v, const char* format = "%.10g") {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

}  // namespace

RegionReport region_report(std::string name, std::string definition, std::span<const double> values,
                           std::span<const std::uint8_t> mask, const std::vector<MapBits>& maps) {
    RegionReport r;
    r.name = std::move(name);
    r.definition = std::move(definition);
    r.stats = pixel_stats(values, mask);
    for (const MapBits& m : maps) r.budgets.emplace_back(m.model, bit_budget(m.bits, mask));
    return r;
}

store::TextTable region_table(const std::vector<RegionReport>& reports) {
    store::TextTable t;
    t.caption = "Region statistics over valid pixels (robust_sigma = 1.4826 MAD) and bits per cost map";
    t.columns = {"region", "definition", "pixels", "invalid", "mean", "median", "robust_sigma", "min", "max",
                 "model", "bits_in", "bits_out", "bpp_in", "bpp_out", "bit_share", "pixel_share"};
    t.numeric = {false, false, true, true, true, true, true, true, true, false, true, true, true, true, true, true};
    for (const RegionReport& r : reports) {
        const PixelStats& s = r.stats;
        std::vector<std::string> base{r.name, r.definition, std::to_string(s.n), std::to_string(s.invalid)};
        for (double v : {s.mean, s.median, s.robust_sigma, s.min, s.max}) base.push_back(s.n ? num(v) : "");
        if (r.budgets.empty()) {
            base.resize(t.columns.size());
            t.rows.push_back(base);
        }
        for (const auto& [model, b] : r.budgets) {
            auto row = base;
            row.push_back(model);
            row.push_back(num(b.bits_in.bits(), "%.3f"));
            row.push_back(num(b.bits_out.bits(), "%.3f"));
            row.push_back(num(b.bpp_in(), "%.6f"));
            row.push_back(num(b.bpp_out(), "%.6f"));
            row.push_back(num(b.bit_share(), "%.6f"));
            row.push_back(num(b.pixel_share(), "%.6f"));
            t.rows.push_back(std::move(row));
        }
    }
    return t;
}

}  // namespace bitsky::analysis
