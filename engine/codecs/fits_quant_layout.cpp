// The tile layout of fpack's quantized float data units and their header (fits_quant_layout.h).
#include "engine/codecs/fits_quant_layout.h"

#include <fitsio.h>
#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "engine/codecs/fits_tile_support.h"
#include "engine/util/error.h"

namespace bitsky::codecs::quant {
namespace {

using fits_tile::add_card;
using fits_tile::be32;
using fits_tile::quoted;

constexpr const char* kZBlank = "-2147483647";  // COMPRESS_NULL_VALUE, what fits_img_compress writes as ZBLANK

double be_double(const std::uint8_t* p) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
    double d;
    std::memcpy(&d, &v, sizeof d);
    return d;
}

// "0.0000000E+00" and "0" (CFITSIO writes Hcompress's ZVALn as floats).
bool same_number(const std::string& a, const std::string& b) {
    char* ea = nullptr;
    char* eb = nullptr;
    const double x = std::strtod(a.c_str(), &ea), y = std::strtod(b.c_str(), &eb);
    return !a.empty() && !b.empty() && *ea == 0 && *eb == 0 && x == y;
}

// Reads the table under one row width; "" when its descriptors tile the heap exactly.
std::string try_layout(QuantCoder coder, std::span<const std::uint8_t> bytes, Layout& L) {
    const std::size_t ntiles = (L.height + L.rows - 1) / L.rows;
    if (bytes.size() / L.row_bytes < ntiles) return "truncated tile table";
    L.heap = bytes.size() - L.row_bytes * ntiles;
    const std::uint8_t* heap = bytes.data() + L.row_bytes * ntiles;
    L.tiles.assign(ntiles, {});
    std::size_t pos = 0;
    for (std::size_t t = 0; t < ntiles; ++t) {
        const std::uint8_t* row = bytes.data() + L.row_bytes * t;
        Tile& tile = L.tiles[t];
        tile.len = be32(row);
        tile.off = be32(row + 4);
        tile.zscale = be_double(row + 8);
        tile.zzero = be_double(row + 16);
        if (L.row_bytes == 32) {
            tile.gzip_len = be32(row + 24);
            tile.gzip_off = be32(row + 28);
        }
        const std::string name = "tile " + std::to_string(t + 1);
        if ((tile.len > 0) == (tile.gzip_len > 0)) return name + " has no single data column";
        const std::uint32_t len = tile.len > 0 ? tile.len : tile.gzip_len;
        const std::uint32_t off = tile.len > 0 ? tile.off : tile.gzip_off;
        if (off != pos || len > L.heap - pos)
            return name + " (length " + std::to_string(len) + ", offset " + std::to_string(off) + ") is not at heap byte " +
                   std::to_string(pos) + " of " + std::to_string(L.heap);
        if (tile.quantized()) {
            if (!std::isfinite(tile.zscale) || tile.zscale <= 0 || !std::isfinite(tile.zzero))
                return name + " has no valid ZSCALE/ZZERO";
            L.max_len = std::max(L.max_len, tile.len);
            if (coder == QuantCoder::Hcompress) {
                // fits_hdecompress64 trusts the tile's own header (magic, nx, ny, scale).
                const std::uint8_t* p = heap + off;
                const std::size_t rows_here = std::min(L.rows, L.height - t * L.rows);
                if (len < 14 || p[0] != 0xdd || p[1] != 0x99 || be32(p + 2) != rows_here || be32(p + 6) != L.width ||
                    be32(p + 10) != 0)
                    return name + " has no Hcompress header of its size";
            }
        } else {
            L.max_gzip_len = std::max(L.max_gzip_len, tile.gzip_len);
        }
        pos += len;
    }
    if (pos != L.heap) return std::to_string(L.heap - pos) + " heap bytes belong to no tile";
    return "";
}

}  // namespace

std::size_t tile_rows(QuantCoder coder, std::size_t width, std::size_t height) {
    if (width == 0 || height == 0) return 0;
    if (coder != QuantCoder::Hcompress) return 1;
    if (width < 4 || height < 4) return 0;
    if (height <= 30) return height;
    for (std::size_t rows : {16, 24, 20, 30, 28, 26, 22, 18, 14})
        if (height % rows == 0 || height % rows >= 4) return rows;
    return 0;
}

std::size_t tile_rows(const QuantSpec& q, std::size_t width, std::size_t height) {
    if (q.rows == 0 || width == 0 || height == 0) return tile_rows(q.coder, width, height);
    return std::min(q.rows, height);
}

const char* cmpname(QuantCoder coder) {
    switch (coder) {
        case QuantCoder::Rice: return "RICE_1";
        case QuantCoder::Gzip1: return "GZIP_1";
        case QuantCoder::Gzip2: return "GZIP_2";
        case QuantCoder::Hcompress: return "HCOMPRESS_1";
    }
    return "?";
}

int comptype(QuantCoder coder) {
    switch (coder) {
        case QuantCoder::Rice: return RICE_1;
        case QuantCoder::Gzip1: return GZIP_1;
        case QuantCoder::Gzip2: return GZIP_2;
        case QuantCoder::Hcompress: return HCOMPRESS_1;
    }
    return 0;
}

int method(QuantDither dither) {
    switch (dither) {
        case QuantDither::Subtractive1: return SUBTRACTIVE_DITHER_1;
        case QuantDither::Subtractive2: return SUBTRACTIVE_DITHER_2;
        case QuantDither::None: return NO_DITHER;
    }
    return NO_DITHER;
}

const char* zquantiz(QuantDither dither) {
    switch (dither) {
        case QuantDither::Subtractive1: return "SUBTRACTIVE_DITHER_1";
        case QuantDither::Subtractive2: return "SUBTRACTIVE_DITHER_2";
        case QuantDither::None: return "NO_DITHER";
    }
    return "?";
}

std::string level_text(float level) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, level);
    return ec == std::errc() ? std::string(buf, end) : std::to_string(level);
}

Layout read_layout(QuantCoder coder, std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height,
                   const std::string& who) {
    QuantSpec q;
    q.coder = coder;
    return read_layout(q, bytes, width, height, who);
}

Layout read_layout(const QuantSpec& q, std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height,
                   const std::string& who) {
    const QuantCoder coder = q.coder;
    Layout L;
    L.width = width;
    L.height = height;
    L.rows = tile_rows(q, width, height);
    if (L.rows == 0) throw Error(who + ": no tiling for a " + std::to_string(width) + "x" + std::to_string(height) + " frame");
    if (bytes.empty()) throw Error(who + ": empty stream");
    std::string why;
    for (std::size_t row_bytes : {24, 32}) {
        L.row_bytes = row_bytes;
        L.max_len = L.max_gzip_len = 0;
        const std::string w = try_layout(coder, bytes, L);
        if (w.empty()) return L;
        if (why.empty()) why = w;
    }
    throw Error(who + ": corrupt stream (" + why + ")");
}

void check_gzip_tiles(QuantCoder coder, const Layout& L, std::span<const std::uint8_t> bytes, std::size_t value_bytes,
                      const std::string& who) {
    const bool gzip_coder = coder == QuantCoder::Gzip1 || coder == QuantCoder::Gzip2;
    const std::uint8_t* heap = bytes.data() + L.row_bytes * L.tiles.size();
    std::vector<std::uint8_t> buf;
    for (std::size_t t = 0; t < L.tiles.size(); ++t) {
        const Tile& tile = L.tiles[t];
        if (tile.quantized() && !gzip_coder) continue;
        const std::size_t pixels = L.width * std::min(L.rows, L.height - t * L.rows);
        const std::size_t want = pixels * (tile.quantized() ? 4 : value_bytes);  // quantized: int32
        buf.resize(want + 1);
        z_stream zs{};
        if (inflateInit2(&zs, 15 + 32) != Z_OK) throw Error(who + ": inflateInit2 failed");
        zs.next_in = const_cast<Bytef*>(heap + (tile.quantized() ? tile.off : tile.gzip_off));
        zs.avail_in = tile.quantized() ? tile.len : tile.gzip_len;
        zs.next_out = buf.data();
        zs.avail_out = uInt(buf.size());
        const int rc = inflate(&zs, Z_FINISH);
        const std::size_t produced = zs.total_out;
        inflateEnd(&zs);
        if (rc != Z_STREAM_END || produced != want)
            throw Error(who + ": corrupt gzip tile " + std::to_string(t + 1) + " (" + std::to_string(produced) +
                        " bytes inflated, " + std::to_string(want) + " expected)");
    }
}

namespace {

template <typename F>
std::string check_values(const QuantSpec& q, const Layout& L, const std::vector<F>& a, const std::vector<F>& b) {
    constexpr double eps = std::numeric_limits<F>::epsilon();
    for (std::size_t t = 0; t < L.tiles.size(); ++t) {
        const Tile& tile = L.tiles[t];
        const std::size_t begin = t * L.rows * L.width, end = std::min(a.size(), begin + L.rows * L.width);
        for (std::size_t i = begin; i < end; ++i) {
            const double x = a[i], y = b[i];
            std::string broken;
            if (!std::isfinite(x)) {
                if (!std::isnan(y)) broken = "null (NaN/Inf) decoded as a number";
            } else if (!tile.quantized()) {
                const bool zero_exponent = x == 0 || std::fabs(x) < double(std::numeric_limits<F>::min());
                if (zero_exponent ? y != 0 : std::memcmp(&a[i], &b[i], sizeof(F)) != 0)
                    broken = "unquantized tile not kept exactly";
            } else if (q.dither == QuantDither::Subtractive2 && x == 0) {
                if (y != 0) broken = "zero not kept under SUBTRACTIVE_DITHER_2";
            } else {
                const double limit = 0.5 * tile.zscale * (1 + 1e-6) + 2 * eps * (std::fabs(x) + tile.zscale);
                if (!(std::fabs(y - x) <= limit))
                    broken = "error " + std::to_string(y - x) + " beyond half the tile's step " + std::to_string(tile.zscale);
            }
            if (!broken.empty())
                return "pixel (" + std::to_string(i % L.width) + ", " + std::to_string(i / L.width) + ") " +
                       std::to_string(x) + " decoded as " + std::to_string(y) + ": " + broken;
        }
    }
    return "";
}

}  // namespace

std::string check_reconstruction(const QuantSpec& q, const Layout& L, const PixelFrame& original,
                                 const PixelFrame& decoded) {
    if (original.sample() != decoded.sample() || original.size() != decoded.size() ||
        original.size() != L.width * L.height)
        return "decoded frame of another type or size";
    if (original.sample() == Sample::F32) return check_values(q, L, original.get<float>(), decoded.get<float>());
    if (original.sample() == Sample::F64) return check_values(q, L, original.get<double>(), decoded.get<double>());
    return "not a float frame";
}

std::string header(const QuantSpec& q, const Layout& L, int bitpix) {
    std::string h;
    const bool gzip_column = L.row_bytes == 32;
    add_card(h, "XTENSION", quoted("BINTABLE"));
    add_card(h, "BITPIX", "8");
    add_card(h, "NAXIS", "2");
    add_card(h, "NAXIS1", std::to_string(L.row_bytes));
    add_card(h, "NAXIS2", std::to_string(L.tiles.size()));
    add_card(h, "PCOUNT", std::to_string(L.heap));
    add_card(h, "GCOUNT", "1");
    add_card(h, "TFIELDS", gzip_column ? "4" : "3");
    add_card(h, "TTYPE1", quoted("COMPRESSED_DATA"));
    add_card(h, "TFORM1", quoted("1PB(" + std::to_string(L.max_len) + ")"));
    add_card(h, "TTYPE2", quoted("ZSCALE"));
    add_card(h, "TFORM2", quoted("1D"));
    add_card(h, "TTYPE3", quoted("ZZERO"));
    add_card(h, "TFORM3", quoted("1D"));
    if (gzip_column) {
        add_card(h, "TTYPE4", quoted("GZIP_COMPRESSED_DATA"));
        add_card(h, "TFORM4", quoted("1PB(" + std::to_string(L.max_gzip_len) + ")"));
    }
    add_card(h, "ZIMAGE", "T");
    add_card(h, "ZTILE1", std::to_string(L.width));
    add_card(h, "ZTILE2", std::to_string(L.rows));
    // CFITSIO names Rice 'RICE_ONE' under SUBTRACTIVE_DITHER_2, so that readers older than
    // that method refuse the file instead of decoding it wrongly.
    const bool rice_one = q.coder == QuantCoder::Rice && q.dither == QuantDither::Subtractive2;
    add_card(h, "ZCMPTYPE", quoted(rice_one ? "RICE_ONE" : cmpname(q.coder)));
    if (q.coder == QuantCoder::Rice) {
        add_card(h, "ZNAME1", quoted("BLOCKSIZE"));
        add_card(h, "ZVAL1", "32");
        add_card(h, "ZNAME2", quoted("BYTEPIX"));
        add_card(h, "ZVAL2", "4");
    } else if (q.coder == QuantCoder::Hcompress) {
        add_card(h, "ZNAME1", quoted("SCALE"));
        add_card(h, "ZVAL1", "0");
        add_card(h, "ZNAME2", quoted("SMOOTH"));
        add_card(h, "ZVAL2", "0");
    }
    add_card(h, "ZQUANTIZ", quoted(zquantiz(q.dither)));
    if (q.dither != QuantDither::None) add_card(h, "ZDITHER0", std::to_string(q.seed));
    add_card(h, "ZBITPIX", std::to_string(bitpix));
    add_card(h, "ZNAXIS", "2");
    add_card(h, "ZNAXIS1", std::to_string(L.width));
    add_card(h, "ZNAXIS2", std::to_string(L.height));
    add_card(h, "ZBLANK", kZBlank);
    fits_tile::end_header(h);
    return h;
}

std::string check_cards(const QuantSpec& q, const Layout& L, const std::map<std::string, std::string>& cards) {
    const std::string text = header(q, L, 0);
    std::size_t len = 0;
    const auto ours = fits_tile::parse_header(reinterpret_cast<const std::uint8_t*>(text.data()), text.size(), len);
    for (const auto& [key, value] : ours) {
        if (key == "ZBITPIX" || key == "ZIMAGE") continue;
        auto it = cards.find(key);
        if (key == "ZBLANK") {  // written by CFITSIO only when there are null pixels
            if (it != cards.end() && it->second != value) return "ZBLANK = " + it->second + ", expected " + value;
            continue;
        }
        if (it == cards.end()) return key + " missing (expected " + value + ")";
        if (it->second != value && !same_number(it->second, value))
            return key + " = " + it->second + ", expected " + value;
    }
    for (const char* key : {"ZDITHER0", "TTYPE4", "TTYPE5"})
        if (!ours.count(key) && cards.count(key)) return std::string(key) + " = " + cards.at(key) + " not expected";
    if (auto it = cards.find("THEAP"); it != cards.end() && it->second != std::to_string(L.row_bytes * L.tiles.size()))
        return "THEAP = " + it->second + " (the heap does not follow the table)";
    return "";
}

}  // namespace bitsky::codecs::quant
