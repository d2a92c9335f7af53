#pragma once
// Views of the store beyond the measured codec results:
//  - estimated bit costs (neural likelihoods, stored by `bitsky-cli evaluate` as predictions
//    of kind "neural:<model>" or "neural:<model>:tiled"), as report rows so they can sit in
//    the same tables and plots as measured codecs, always flagged as estimates;
//  - the cross-dataset matrix of those estimates (model x dataset);
//  - predicted (noise-based) vs measured bits per pixel of one image frame.
// Everything is read with plain queries; nothing here writes to the store.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/store/store.h"

namespace bitsky::store {

// The label every estimated figure carries (the same words as neural::kEstimatedLabel).
inline constexpr const char* kEstimatedLabel = "estimated (likelihood, no entropy coder)";

// True for prediction kinds that are likelihood estimates of a model ("neural:...").
bool is_estimated_kind(const std::string& kind);

// Estimated costs as report rows: `codec` is the prediction kind, raw_bytes = 2 * pixels,
// compressed_bytes = round(bits / 8), ratio = 16 / (total bits / total pixels) exactly,
// bpp = total bits / total pixels; per dataset also mean_image_ratio (mean of per-image
// ratios). Frames are the predictions counted; speeds and versions are empty. Ordered like
// ResultsStore::report (dataset, image, hdu, kind).
std::vector<ReportRow> estimated_report(ResultsStore& st, ReportBy by);

// Model x dataset matrix of estimated bits per pixel: cell (m, d) = sum of bits / sum of
// pixels over every frame of dataset d that model m was evaluated on (what
// `bitsky-cli evaluate` prints for a data path that is one dataset).
struct EstimateMatrix {
    std::vector<std::string> models;    // prediction kinds, e.g. "neural:sky.pt"
    std::vector<std::string> datasets;  // dataset names
    std::vector<std::vector<std::optional<double>>> bpp;  // [model][dataset]; empty if not evaluated
    std::vector<std::vector<std::int64_t>> frames;        // [model][dataset]
    bool empty() const { return models.empty(); }
};
EstimateMatrix estimate_matrix(ResultsStore& st);

// One line of "predicted vs measured" for one frame of one image.
struct BppEntry {
    enum class Source { Predicted, Estimated, Measured };
    Source source = Source::Measured;
    std::string name;  // prediction kind or codec spec
    double bpp = 0;
    double ratio() const { return bpp > 0 ? 16.0 / bpp : 0.0; }
};
// Predictions (noise-based, from bench), estimates (neural), bit-cost maps recorded by
// `bitsky-cli costmap --db` (name "costmap <model>"; neural ones as estimates) and successful
// measured codec results of frame `frame` of (path, hdu); path is compared after weakly_canonical. Empty
// when the image is not in the store. Measured bpp = 8 * compressed bytes / pixels, with
// pixels = raw bytes / 2.
std::vector<BppEntry> frame_bpp(ResultsStore& st, const std::string& path, int hdu, std::int64_t frame);

}  // namespace bitsky::store
