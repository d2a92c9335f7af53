#pragma once
// Internal to engine/codecs: GZIP_1/GZIP_2 tiles as CFITSIO 4.2 writes them
// (compress2mem_from_mem in zcompress.c), through zlib directly.
#include <zlib.h>

#include <cstdint>
#include <span>
#include <vector>

namespace bitsky::codecs::fits_tile {

// One zlib deflate state reused for every tile (deflateReset between tiles gives the same
// bytes as a fresh one): level 1 (Z_BEST_SPEED), window 15 with zlib's default gzip header
// (+16: no name, no time stamp), memLevel 8, the default strategy, one Z_FINISH.
class GzipTiles {
public:
    GzipTiles();
    ~GzipTiles();
    GzipTiles(const GzipTiles&) = delete;
    GzipTiles& operator=(const GzipTiles&) = delete;
    // Appends the gzip stream of `in` to `out`; Error if zlib fails.
    void append(std::span<const std::uint8_t> in, std::vector<std::uint8_t>& out);

private:
    z_stream zs_{};
};

}  // namespace bitsky::codecs::fits_tile
