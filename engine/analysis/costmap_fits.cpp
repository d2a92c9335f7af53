#include "engine/analysis/costmap_fits.h"

#include "engine/util/error.h"

namespace bitsky::analysis {

void write_cost_map_fits(const std::filesystem::path& out, std::size_t width, std::size_t height, std::size_t frames,
                         const std::vector<float>& bits, const std::vector<fits::HeaderCard>& source_cards,
                         const CostMapFitsInfo& info) {
    if (width * height * frames != bits.size() || bits.empty())
        throw Error(out.string() + ": the map has " + std::to_string(bits.size()) + " values, not " +
                    std::to_string(width) + " x " + std::to_string(height) + " x " + std::to_string(frames));
    std::vector<std::size_t> axes{width, height};
    if (frames > 1) axes.push_back(frames);
    const bool diff = !info.minus_model.empty();
    fits::Writer writer(out);
    writer.write_f32(axes, bits, fits::wcs_cards(source_cards));
    writer.set_key("BUNIT", std::string("bit/pixel"),
                   diff ? "BSKYMODL bits minus BSKYMODB bits per pixel" : "bits each pixel costs under BSKYMODL");
    writer.set_key("BSKYMODL", info.model, "BitSky cost model");
    writer.set_key("BSKYBPP", info.bpp, "mean bits per pixel");
    writer.set_key("BSKYTBIT", info.total_bits, "total bits");
    if (diff) {
        writer.set_key("BSKYMODB", info.minus_model, "subtracted cost model (difference map)");
        writer.set_key("BSKYBPPB", info.minus_bpp, "mean bits per pixel of BSKYMODB");
    }
    writer.set_key("BSKYHDU", static_cast<long long>(info.source_hdu), "source HDU");
    if (info.estimated) writer.set_key("BSKYEST", 1LL, "1: estimated (likelihood, no entropy coder)");
    writer.close();
}

}  // namespace bitsky::analysis
