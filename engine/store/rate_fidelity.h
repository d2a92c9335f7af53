#pragma once
// Rate-fidelity view of the store (issue #22, item 4): the lossy results per dataset and
// pixel type as curves, one per lossy codec family (the spec without its setting:
// rice:q1, rice:q4, rice:q16 are points of "rice"; rice:q4:d2 belongs to "rice:d2";
// jpegls:near2 to "jpegls"), each point a setting with its bits per pixel and the
// fidelity means of ResultsStore::lossy_report (noise increase, photometric error), in
// ascending bpp. Beside them the lossless results of the same dataset and type as
// references (bpp). Read only; the plots dock draws it, tests check it.
#include <optional>
#include <string>
#include <vector>

#include "engine/store/store.h"

namespace bitsky::store {

struct RateFidelityPoint {
    std::string codec;  // full spec, e.g. "rice:q4"
    double bpp = 0;
    std::optional<double> ratio;
    std::int64_t images = 0, frames = 0, failures = 0;
    std::int64_t fidelity_results = 0;        // results with a fidelity
    std::optional<double> noise_increase;        // mean measured (noise estimator)
    std::optional<double> noise_increase_exact;  // mean exact (independent errors)
    std::optional<double> phot_error_rms;        // RMS over results, units of the photometric sigma
    std::optional<double> rms_over_sigma;        // mean
};

struct RateFidelityCurve {
    std::string dataset;
    int bitpix = 0;
    std::string family;  // e.g. "rice", "rice:d2"
    std::vector<RateFidelityPoint> points;  // ascending bpp
};

struct LosslessReference {
    std::string dataset;
    int bitpix = 0;
    std::string codec;
    double bpp = 0;
};

struct RateFidelity {
    std::vector<RateFidelityCurve> curves;    // by dataset, bitpix, family
    std::vector<LosslessReference> lossless;  // by dataset, bitpix, ascending bpp
    bool empty() const { return curves.empty(); }
};

// "rice:q4" -> "rice", "rice:q4:d2" -> "rice:d2", "jpegls:near2" -> "jpegls", "bitsky" -> "bitsky":
// the spec without its first option (the setting that moves along the curve).
std::string lossy_family(const std::string& spec);

// Only lossy rows with a bpp become points; only lossless rows with a bpp become references.
RateFidelity rate_fidelity(ResultsStore& st);

}  // namespace bitsky::store
