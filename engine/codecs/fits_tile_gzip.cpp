// GZIP tiles through zlib with CFITSIO 4.2's parameters (fits_tile_gzip.h).
#include "engine/codecs/fits_tile_gzip.h"

#include <climits>
#include <string>

#include "engine/util/error.h"

namespace bitsky::codecs::fits_tile {

GzipTiles::GzipTiles() {
    if (deflateInit2(&zs_, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw Error("zlib: deflateInit2 failed");
}

GzipTiles::~GzipTiles() { deflateEnd(&zs_); }

void GzipTiles::append(std::span<const std::uint8_t> in, std::vector<std::uint8_t>& out) {
    if (in.size() > UINT_MAX / 2) throw Error("GZIP tile of " + std::to_string(in.size()) + " bytes is too large");
    if (deflateReset(&zs_) != Z_OK) throw Error("zlib: deflateReset failed");
    const std::size_t start = out.size();
    const uLong bound = deflateBound(&zs_, uLong(in.size()));
    out.resize(start + bound);
    zs_.next_in = const_cast<Bytef*>(in.data());
    zs_.avail_in = uInt(in.size());
    zs_.next_out = out.data() + start;
    zs_.avail_out = uInt(bound);
    const int rc = deflate(&zs_, Z_FINISH);
    if (rc != Z_STREAM_END)
        throw Error("zlib: deflate failed (" + std::to_string(rc) + (zs_.msg ? std::string(", ") + zs_.msg : "") + ")");
    out.resize(start + zs_.total_out);
}

}  // namespace bitsky::codecs::fits_tile
