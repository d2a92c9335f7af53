// `tile:<codec-spec>`: a real codec run on 64x64 tiles (edge tiles are smaller); every
// pixel of a tile gets the tile's compressed bits / its pixel count. Coarse, but the
// sum is what the codec really produced (tile by tile, every tile round-trip verified).
#include <algorithm>
#include <string>
#include <vector>

#include "engine/analysis/costmap.h"
#include "engine/codecs/codec.h"
#include "engine/util/error.h"

namespace bitsky::analysis {
namespace {

constexpr std::size_t kTile = 64;

class TileCostModel final : public CostModel {
public:
    explicit TileCostModel(std::unique_ptr<codecs::Codec> codec) : codec_(std::move(codec)) {}
    std::string spec() const override { return "tile:" + codec_->spec(); }
    BitCostMap compute(const Frame16& frame) const override {
        BitCostMap map;
        map.model = spec();
        map.width = frame.width;
        map.height = frame.height;
        map.bits.assign(frame.size(), 0.0f);
        std::vector<std::uint16_t> tile;
        for (std::size_t y0 = 0; y0 < frame.height; y0 += kTile) {
            for (std::size_t x0 = 0; x0 < frame.width; x0 += kTile) {
                std::size_t tw = std::min(kTile, frame.width - x0), th = std::min(kTile, frame.height - y0);
                tile.resize(tw * th);
                for (std::size_t y = 0; y < th; ++y)
                    for (std::size_t x = 0; x < tw; ++x) tile[y * tw + x] = frame.at(x0 + x, y0 + y);
                Frame16 t{tile, tw, th};
                auto bytes = codec_->encode(t);
                if (codec_->decode(bytes, tw, th) != tile)
                    throw Error("cost model " + spec() + ": codec round trip failed on tile at (" + std::to_string(x0) +
                                ", " + std::to_string(y0) + ")");
                add_tile(map, x0, y0, tw, th, 8.0 * static_cast<double>(bytes.size()));
            }
        }
        return map;
    }

    // The codec on tiles of the frame's own values (any type the codec takes), each tile
    // round-trip verified bit for bit.
    BitCostMap compute_any(const PixelFrame& frame) const override {
        if (frame.is_16bit()) return with_raw_bpp(compute(frame.to_u16().frame(0)), frame);
        if (auto why = codec_->refusal(frame.bitpix(), std::min(kTile, frame.width), std::min(kTile, frame.height));
            !why.empty())
            throw Error("cost model " + spec() + ": " + why);
        BitCostMap map;
        map.model = spec();
        map.width = frame.width;
        map.height = frame.height;
        map.bits.assign(frame.size(), 0.0f);
        for (std::size_t y0 = 0; y0 < frame.height; y0 += kTile) {
            for (std::size_t x0 = 0; x0 < frame.width; x0 += kTile) {
                const std::size_t tw = std::min(kTile, frame.width - x0), th = std::min(kTile, frame.height - y0);
                const PixelFrame tile = crop(frame, x0, y0, tw, th);
                const auto bytes = codec_->encode_any(tile);
                if (!first_difference(tile, codec_->decode_any(bytes, tile.sample(), tw, th)).empty())
                    throw Error("cost model " + spec() + ": codec round trip failed on tile at (" + std::to_string(x0) +
                                ", " + std::to_string(y0) + ")");
                add_tile(map, x0, y0, tw, th, 8.0 * static_cast<double>(bytes.size()));
            }
        }
        return with_raw_bpp(std::move(map), frame);
    }

private:
    static BitCostMap with_raw_bpp(BitCostMap map, const PixelFrame& frame) {
        map.raw_bpp = 8.0 * double(sample_bytes(frame.sample()));
        return map;
    }
    static void add_tile(BitCostMap& map, std::size_t x0, std::size_t y0, std::size_t tw, std::size_t th, double bits) {
        map.total_bits += bits;
        const float per_pixel = static_cast<float>(bits / static_cast<double>(tw * th));
        for (std::size_t y = 0; y < th; ++y)
            for (std::size_t x = 0; x < tw; ++x) map.bits[(y0 + y) * map.width + x0 + x] = per_pixel;
    }

    std::unique_ptr<codecs::Codec> codec_;
};

}  // namespace

std::unique_ptr<CostModel> make_tile_cost_model(std::string_view option) {
    if (option.empty()) throw UsageError("tile needs a codec spec, e.g. tile:jpegls or tile:jpegxl:e7");
    return std::make_unique<TileCostModel>(codecs::make_codec(option));
}

}  // namespace bitsky::analysis
