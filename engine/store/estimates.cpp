#include "engine/store/estimates.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

namespace bitsky::store {
namespace {

// Pixels of one frame from the stored shape ("[NAXIS1, NAXIS2, ...]"); 0 if unreadable.
double frame_pixels(const std::string& shape) {
    try {
        auto j = nlohmann::json::parse(shape);
        if (!j.is_array() || j.size() < 2) return 0;
        return j[0].get<double>() * j[1].get<double>();
    } catch (const std::exception&) {
        return 0;
    }
}

struct Sum {
    double bits = 0, pixels = 0;
    std::int64_t frames = 0;
};

// Every estimated prediction with its image and dataset.
struct EstimateLine {
    std::string dataset, root, path;
    int hdu = 0;
    std::int64_t image_id = 0;
    std::string kind;
    double bpp = 0, pixels = 0;
};

std::vector<EstimateLine> estimate_lines(ResultsStore& st) {
    std::vector<EstimateLine> out;
    Statement q(st.database(),
                "SELECT d.name, d.root, i.path, i.hdu, i.id, p.kind, p.bpp, i.shape FROM predictions p "
                "JOIN images i ON i.id = p.image_id JOIN datasets d ON d.id = i.dataset_id "
                "WHERE p.kind LIKE 'neural:%' ORDER BY d.name, d.root, i.path, i.hdu, p.kind, p.frame");
    while (q.step()) {
        EstimateLine l{q.column_text(0), q.column_text(1), q.column_text(2), static_cast<int>(q.column_int64(3)),
                       q.column_int64(4), q.column_text(5), q.column_double(6), frame_pixels(q.column_text(7))};
        if (l.pixels > 0) out.push_back(std::move(l));
    }
    return out;
}

ReportRow make_row(const std::string& dataset, const std::string& image, int hdu, const std::string& kind,
                   std::int64_t images, const Sum& s) {
    ReportRow r;
    r.dataset = dataset;
    r.image = image;
    r.hdu = hdu;
    r.codec = kind;
    r.images = images;
    r.frames = s.frames;
    r.raw_bytes = static_cast<std::int64_t>(std::llround(2.0 * s.pixels));
    r.compressed_bytes = static_cast<std::int64_t>(std::llround(s.bits / 8.0));
    if (s.bits > 0 && s.pixels > 0) {
        r.bpp = s.bits / s.pixels;
        r.ratio = 16.0 / *r.bpp;
    }
    return r;
}

std::string canonical(const std::string& p) {
    std::error_code ec;
    auto c = std::filesystem::weakly_canonical(p, ec);
    return ec ? p : c.string();
}

}  // namespace

bool is_estimated_kind(const std::string& kind) { return kind.rfind("neural:", 0) == 0; }

std::vector<ReportRow> estimated_report(ResultsStore& st, ReportBy by) {
    const auto lines = estimate_lines(st);
    // (dataset, root, path, hdu, kind) -> sums, in the query's order.
    using ImageKey = std::tuple<std::string, std::string, std::string, int, std::string>;
    std::map<ImageKey, Sum> per_image;
    for (const auto& l : lines) {
        Sum& s = per_image[{l.dataset, l.root, l.path, l.hdu, l.kind}];
        s.bits += l.bpp * l.pixels;
        s.pixels += l.pixels;
        ++s.frames;
    }
    std::vector<ReportRow> out;
    if (by == ReportBy::Image) {
        for (const auto& [k, s] : per_image) out.push_back(make_row(std::get<0>(k), std::get<2>(k), std::get<3>(k), std::get<4>(k), 1, s));
        return out;
    }
    struct Agg {
        Sum sum;
        std::int64_t images = 0;
        double ratio_sum = 0;
        std::int64_t ratios = 0;
    };
    std::map<std::tuple<std::string, std::string, std::string>, Agg> per_dataset;  // (name, root, kind)
    for (const auto& [k, s] : per_image) {
        Agg& a = per_dataset[{std::get<0>(k), std::get<1>(k), std::get<4>(k)}];
        a.sum.bits += s.bits;
        a.sum.pixels += s.pixels;
        a.sum.frames += s.frames;
        ++a.images;
        if (s.bits > 0) {
            a.ratio_sum += 16.0 * s.pixels / s.bits;
            ++a.ratios;
        }
    }
    for (const auto& [k, a] : per_dataset) {
        ReportRow r = make_row(std::get<0>(k), "", -1, std::get<2>(k), a.images, a.sum);
        if (a.ratios) r.mean_image_ratio = a.ratio_sum / double(a.ratios);
        out.push_back(std::move(r));
    }
    return out;
}

EstimateMatrix estimate_matrix(ResultsStore& st) {
    EstimateMatrix m;
    std::map<std::pair<std::string, std::string>, Sum> cells;  // (kind, dataset name)
    for (const auto& l : estimate_lines(st)) {
        if (std::find(m.models.begin(), m.models.end(), l.kind) == m.models.end()) m.models.push_back(l.kind);
        if (std::find(m.datasets.begin(), m.datasets.end(), l.dataset) == m.datasets.end()) m.datasets.push_back(l.dataset);
        Sum& s = cells[{l.kind, l.dataset}];
        s.bits += l.bpp * l.pixels;
        s.pixels += l.pixels;
        ++s.frames;
    }
    std::sort(m.models.begin(), m.models.end());
    m.bpp.assign(m.models.size(), std::vector<std::optional<double>>(m.datasets.size()));
    m.frames.assign(m.models.size(), std::vector<std::int64_t>(m.datasets.size(), 0));
    for (std::size_t i = 0; i < m.models.size(); ++i)
        for (std::size_t j = 0; j < m.datasets.size(); ++j) {
            auto it = cells.find({m.models[i], m.datasets[j]});
            if (it == cells.end() || it->second.pixels <= 0) continue;
            m.bpp[i][j] = it->second.bits / it->second.pixels;
            m.frames[i][j] = it->second.frames;
        }
    return m;
}

std::vector<BppEntry> frame_bpp(ResultsStore& st, const std::string& path, int hdu, std::int64_t frame) {
    std::vector<BppEntry> out;
    auto image = st.find_image(path, hdu);
    if (!image) {
        const std::string want = canonical(path);
        for (const auto& im : st.images())
            if (im.hdu == hdu && canonical(im.path) == want) image = im;
    }
    if (!image) return out;
    for (const auto& p : st.predictions(image->id)) {
        if (p.frame != frame) continue;
        // fpack's Nbits is a bit count per pixel like the others (16 / MaxR).
        out.push_back({is_estimated_kind(p.kind) ? BppEntry::Source::Estimated : BppEntry::Source::Predicted, p.kind, p.bpp});
    }
    // Bit-cost maps recorded by `bitsky-cli costmap --db` (a model's cost, not a codestream).
    for (const auto& c : st.costmaps(image->id)) {
        if (c.frame != frame) continue;
        out.push_back({is_estimated_kind(c.model) ? BppEntry::Source::Estimated : BppEntry::Source::Predicted,
                       "costmap " + c.model, c.bpp});
    }
    Statement q(st.database(),
                "SELECT c.spec, r.raw_bytes, r.compressed_bytes FROM results r JOIN codecs c ON c.id = r.codec_id "
                "WHERE r.image_id = ? AND r.frame = ? AND r.lossless_ok = 1 AND r.error IS NULL "
                "AND r.compressed_bytes > 0 ORDER BY c.spec, c.version");
    q.bind_all(image->id, frame);
    while (q.step()) {
        const double raw = double(q.column_int64(1)), comp = double(q.column_int64(2));
        out.push_back({BppEntry::Source::Measured, q.column_text(0), raw > 0 ? 8.0 * comp / (raw / 2.0) : 0.0});
    }
    return out;
}

}  // namespace bitsky::store
