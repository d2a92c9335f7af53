#pragma once
// Bit-cost maps as FITS files: float32 bits per pixel with the source HDU's WCS cards,
// BUNIT 'bit/pixel' and BSKY* keywords naming the model. What `bitsky-cli costmap --out`
// and the GUI's "Save bit-cost map as FITS" write.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/fits/fits.h"

namespace bitsky::analysis {

struct CostMapFitsInfo {
    std::string model;        // BSKYMODL: the model (spec) of the map
    std::string minus_model;  // BSKYMODB: non-empty for a difference map (model - minus_model)
    double bpp = 0;           // BSKYBPP: mean bits per pixel of `model`
    double minus_bpp = 0;     // BSKYBPPB: of `minus_model`
    double total_bits = 0;    // BSKYTBIT: total bits of `model`
    int source_hdu = 0;       // BSKYHDU
    bool estimated = false;   // BSKYEST = 1: likelihoods, no entropy coder
};

// frames maps of width x height, concatenated in `bits` (NAXIS3 = frames if > 1).
// Throws bitsky::Error naming the file if it cannot be written.
void write_cost_map_fits(const std::filesystem::path& out, std::size_t width, std::size_t height, std::size_t frames,
                         const std::vector<float>& bits, const std::vector<fits::HeaderCard>& source_cards,
                         const CostMapFitsInfo& info);

}  // namespace bitsky::analysis
