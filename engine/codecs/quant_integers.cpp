// fpack's quantized integers coded by a lossless integer coder (quant_integers.h): the codec
// class shared by bitsky:q and jpegxl:q. CFITSIO quantizes (through the fits_quant codec with
// GZIP_1 tiles) and dequantizes (a rebuilt GZIP_1 data unit through the same codec's decode).
#include "engine/codecs/quant_integers.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <limits>

#include "engine/codecs/fits_quant_layout.h"
#include "engine/codecs/fits_tile_gzip.h"
#include "engine/codecs/fits_tile_support.h"
#include "engine/util/bytes.h"
#include "engine/util/error.h"

namespace bitsky::codecs {
namespace {

// CFITSIO's reserved quantized values (N_RESERVED_VALUES = 10 above INT32_MIN): NULL_VALUE
// -2147483647 (null pixels), ZERO_VALUE -2147483646 (exact zeros under SUBTRACTIVE_DITHER_2).
// Tile kinds in the table: quantized with ZZERO = an integer times ZSCALE (as CFITSIO computes
// it), quantized with any other ZZERO, a tile CFITSIO could not quantize.
constexpr std::uint8_t kTileScaled = 0, kTileZero = 2, kTileRaw = 1;
constexpr std::int64_t kReservedTop = std::int64_t(INT32_MIN) + 10;

void put_f64(std::vector<std::uint8_t>& out, double d) {
    std::uint64_t v;
    std::memcpy(&v, &d, sizeof v);
    util::put_le64(out, v);
}
void put_leb(std::vector<std::uint8_t>& out, std::uint64_t v) {
    do {
        out.push_back(std::uint8_t((v & 0x7f) | (v >= 0x80 ? 0x80 : 0)));
        v >>= 7;
    } while (v);
}
void put_signed(std::vector<std::uint8_t>& out, std::int64_t v) {
    put_leb(out, v < 0 ? ~(std::uint64_t(v) << 1) : std::uint64_t(v) << 1);
}
std::uint64_t get_leb(util::ByteReader& r) {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        const std::uint8_t b = r.u8("a position gap");
        v |= std::uint64_t(b & 0x7f) << shift;
        if (!(b & 0x80)) return v;
    }
    throw Error("corrupt position gap");
}
std::int64_t get_signed(util::ByteReader& r) {
    const std::uint64_t u = get_leb(r);
    return u & 1 ? std::int64_t(~(u >> 1)) : std::int64_t(u >> 1);
}

// What a stream says of one tile, before its GZIP_1 data unit is rebuilt.
struct TileEntry {
    int kind = 0;  // kTile...
    bool quantized = true;
    double zscale = 0, zzero = 0;
    std::int32_t median = 0;
    std::uint32_t gzip_len = 0;  // unquantized tiles
};

class QuantIntegerCodec final : public Codec {
public:
    QuantIntegerCodec(QuantSpec q, QuantPlaneCoder coder) : g_(q), c_(std::move(coder)) {
        g_.coder = QuantCoder::Gzip1;
        gzip_ = make_fits_quant(g_);
    }

    std::string spec() const override { return c_.family + g_.spec().substr(g_.family().size()) + c_.option_suffix; }
    std::string name() const override { return c_.family; }
    std::string library() const override { return c_.library; }
    std::string library_version() const override { return c_.library_version + "+CFITSIO " + gzip_->library_version(); }
    bool multithreaded() const override { return c_.multithreaded; }
    bool lossy() const override { return true; }
    std::string size_note() const override {
        const std::string m(c_.magic.begin(), c_.magic.end());
        return m + " stream: the integers of fpack " + g_.fpack_args() + " (CFITSIO's quantization and tiling) coded by " +
               c_.what + ", each tile's ZSCALE, ZZERO and median integer (deflated), nulls, and tiles CFITSIO could not "
               "quantize as it gzips them";
    }
    std::string refusal(int bitpix, std::size_t width, std::size_t height) const override {
        if (bitpix != -32 && bitpix != -64)
            return "quantizes floating-point images only (BITPIX -32, -64), as fpack -q; integer frames: " + c_.family +
                   " (lossless)" + (c_.family == "bitsky" ? " or bitsky:near<k>" : "") + "; this HDU is " +
                   pixel_type_name(bitpix);
        return gzip_->refusal(bitpix, width, height);
    }
    std::vector<std::uint8_t> encode(const Frame16&) const override { fail(refusal(16, 1, 1)); }
    std::vector<std::uint16_t> decode(std::span<const std::uint8_t>, std::size_t, std::size_t) const override {
        fail(refusal(16, 1, 1));
    }
    std::string coding(const PixelFrame& frame) const override {
        std::string c = gzip_->coding(frame);
        const auto cut = c.rfind(", GZIP_1");
        if (cut != std::string::npos) c.resize(cut);
        return c + ", " + c_.what + " on the integers (each tile minus its median)";
    }
    std::string check_reconstruction(const PixelFrame& original, const PixelFrame& decoded,
                                     std::span<const std::uint8_t> bytes) const override {
        const auto unit = rebuild(bytes, original.width, original.height);
        return quant::check_reconstruction(g_, quant::read_layout(g_, unit, original.width, original.height, who()),
                                           original, decoded);
    }
    std::vector<std::uint8_t> encode_any(const PixelFrame& frame) const override;
    PixelFrame decode_any(std::span<const std::uint8_t> bytes, Sample sample, std::size_t width,
                          std::size_t height) const override {
        if (auto why = refusal(sample_bitpix(sample), width, height); !why.empty()) fail(why);
        const auto unit = rebuild(bytes, width, height);
        return gzip_->decode_any(unit, sample, width, height);
    }

private:
    QuantSpec g_;  // the same quantization with GZIP_1 tiles: what CFITSIO is asked for
    QuantPlaneCoder c_;
    std::unique_ptr<Codec> gzip_;

    std::string who() const { return spec() + " (" + c_.what + " on fpack-quantized integers)"; }
    [[noreturn]] void fail(const std::string& why) const { throw Error(who() + ": " + why); }

    // The GZIP_1 data unit (fits_quant's bytes for gzip:q...) a stream stands for.
    std::vector<std::uint8_t> rebuild(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height) const;
};

std::vector<std::uint8_t> QuantIntegerCodec::encode_any(const PixelFrame& frame) const {
    if (auto why = refusal(frame.bitpix(), frame.width, frame.height); !why.empty()) fail(why);
    const std::size_t w = frame.width, h = frame.height;
    const auto unit = gzip_->encode_any(frame);
    const quant::Layout L = quant::read_layout(g_, unit, w, h, who());
    const std::uint8_t* heap = unit.data() + L.row_bytes * L.tiles.size();

    std::vector<std::int32_t> plane(w * h, 0);
    std::vector<std::uint8_t> table, exceptions, raw_tiles, kinds, scales, zeros, raw_lens;
    std::size_t n_exceptions = 0, last = 0;
    std::vector<std::uint8_t> buf;
    std::vector<std::int32_t> ints, normal;
    for (std::size_t t = 0; t < L.tiles.size(); ++t) {
        const quant::Tile& tile = L.tiles[t];
        if (!tile.quantized()) {
            kinds.push_back(kTileRaw);
            util::put_le32(raw_lens, tile.gzip_len);
            raw_tiles.insert(raw_tiles.end(), heap + tile.gzip_off, heap + tile.gzip_off + tile.gzip_len);
            continue;
        }
        // The tile's integers (whole rows, from pixel `first` on): GZIP_1 holds them as big-endian int32.
        const std::size_t first = t * L.rows * w, n = std::min(L.rows, h - t * L.rows) * w;
        buf.resize(n * 4);
        ints.resize(n);
        z_stream zs{};
        if (inflateInit2(&zs, 15 + 32) != Z_OK) fail("inflateInit2 failed");
        zs.next_in = const_cast<Bytef*>(heap + tile.off);
        zs.avail_in = tile.len;
        zs.next_out = buf.data();
        zs.avail_out = uInt(buf.size());
        const int rc = inflate(&zs, Z_FINISH);
        const std::size_t produced = zs.total_out;
        inflateEnd(&zs);
        if (rc != Z_STREAM_END || produced != buf.size()) fail("CFITSIO wrote a GZIP_1 tile of another size");
        normal.clear();
        for (std::size_t i = 0; i < n; ++i) {
            ints[i] = std::int32_t(fits_tile::be32(buf.data() + 4 * i));
            if (ints[i] >= kReservedTop) normal.push_back(ints[i]);
        }
        std::int32_t median = 0;
        if (!normal.empty()) {
            std::nth_element(normal.begin(), normal.begin() + std::ptrdiff_t(normal.size() / 2), normal.end());
            median = normal[normal.size() / 2];
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (ints[i] >= kReservedTop) continue;
            const std::size_t pos = first + i;
            put_leb(exceptions, pos - last);
            exceptions.push_back(std::uint8_t(std::int64_t(ints[i]) - INT32_MIN));
            last = pos;
            ++n_exceptions;
        }
        // The tile minus its median; the median 0 if that would leave int32 (huge ranges).
        for (std::size_t i = 0; i < n; ++i) {
            const std::int64_t d = std::int64_t(ints[i]) - median;
            if (ints[i] >= kReservedTop && (d < INT32_MIN || d > INT32_MAX)) {
                median = 0;
                break;
            }
        }
        for (std::size_t i = 0; i < n; ++i)
            plane[first + i] = ints[i] >= kReservedTop ? std::int32_t(std::int64_t(ints[i]) - median) : 0;
        put_f64(scales, tile.zscale);
        const double iq = std::round(tile.zzero / tile.zscale);
        if (std::fabs(iq) < 9e15 && iq * tile.zscale == tile.zzero) {
            kinds.push_back(kTileScaled);
            put_signed(zeros, std::int64_t(iq));
        } else {
            kinds.push_back(kTileZero);
            put_f64(zeros, tile.zzero);
        }
        put_signed(zeros, median);
    }
    // The table, column by column (ZSCALE as 8 byte planes: their high bytes repeat).
    table = kinds;
    for (std::size_t byte = 0; byte < 8; ++byte)
        for (std::size_t i = byte; i < scales.size(); i += 8) table.push_back(scales[i]);
    table.insert(table.end(), zeros.begin(), zeros.end());
    table.insert(table.end(), raw_lens.begin(), raw_lens.end());
    util::put_le64(table, n_exceptions);
    table.insert(table.end(), exceptions.begin(), exceptions.end());

    uLongf packed_len = compressBound(uLong(table.size()));
    std::vector<std::uint8_t> packed(packed_len);
    if (compress2(packed.data(), &packed_len, table.data(), uLong(table.size()), 9) != Z_OK) fail("zlib compress2 failed");
    const auto coded = c_.encode(PixelFrame::of(std::move(plane), w, h));
    if (table.size() > UINT32_MAX || packed_len > UINT32_MAX || coded.size() > UINT32_MAX) fail("frame too large");

    std::vector<std::uint8_t> out(c_.magic.begin(), c_.magic.end());
    util::put_le32(out, std::uint32_t(table.size()));
    util::put_le32(out, std::uint32_t(packed_len));
    out.insert(out.end(), packed.begin(), packed.begin() + std::ptrdiff_t(packed_len));
    util::put_le32(out, std::uint32_t(coded.size()));
    out.insert(out.end(), coded.begin(), coded.end());
    out.insert(out.end(), raw_tiles.begin(), raw_tiles.end());
    return out;
}

std::vector<std::uint8_t> QuantIntegerCodec::rebuild(std::span<const std::uint8_t> bytes, std::size_t w,
                                                     std::size_t h) const {
    if (auto why = refusal(-32, w, h); !why.empty()) fail(why);
    const std::size_t rows = quant::tile_rows(g_, w, h), ntiles = (h + rows - 1) / rows;
    util::ByteReader r(bytes, who() + " stream");
    const auto magic = r.take(4, "the magic");
    if (std::memcmp(magic.data(), c_.magic.data(), 4) != 0)
        fail("not a " + std::string(c_.magic.begin(), c_.magic.end()) + " stream");
    const std::uint32_t table_len = r.u32("the table size"), packed_len = r.u32("the table size");
    // Every tile takes 1 to 30 table bytes, plus 8 for the count, plus the exceptions (at most
    // 11 bytes each, at most one per pixel).
    if (table_len < ntiles + 8 || table_len > 30 * ntiles + 8 + 11 * w * h) fail("corrupt stream (table size)");
    const auto packed = r.take(packed_len, "the table");
    std::vector<std::uint8_t> table(table_len);
    uLongf got = table_len;
    if (uncompress(table.data(), &got, packed.data(), packed_len) != Z_OK || got != table_len)
        fail("corrupt stream (table)");
    const std::uint32_t coded_len = r.u32("the integer plane's stream size");
    const auto coded = r.take(coded_len, "the integer plane's stream");

    util::ByteReader t(table, who() + " table");
    std::vector<TileEntry> tiles(ntiles);
    std::size_t raw_total = 0;
    bool any_raw = false;
    std::size_t nq = 0;
    for (auto& tile : tiles) {
        tile.kind = t.u8("a tile kind");
        if (tile.kind != kTileScaled && tile.kind != kTileZero && tile.kind != kTileRaw) fail("corrupt stream (tile kind)");
        tile.quantized = tile.kind != kTileRaw;
        nq += tile.quantized;
    }
    const auto planes = t.take(8 * nq, "ZSCALE");
    for (std::size_t k = 0, i = 0; k < ntiles; ++k) {
        if (!tiles[k].quantized) continue;
        std::uint64_t b = 0;
        for (std::size_t byte = 0; byte < 8; ++byte) b |= std::uint64_t(planes[byte * nq + i]) << (8 * byte);
        std::memcpy(&tiles[k].zscale, &b, 8);
        ++i;
    }
    for (auto& tile : tiles) {
        if (!tile.quantized) continue;
        if (tile.kind == kTileScaled) {
            const std::int64_t iq = get_signed(t);
            if (iq > (std::int64_t(1) << 53) || iq < -(std::int64_t(1) << 53)) fail("corrupt stream (ZZERO)");
            tile.zzero = double(iq) * tile.zscale;
        } else {
            const std::uint64_t z = t.u64("ZZERO");
            std::memcpy(&tile.zzero, &z, 8);
        }
        const std::int64_t m = get_signed(t);
        if (m < INT32_MIN || m > INT32_MAX) fail("corrupt stream (median)");
        tile.median = std::int32_t(m);
    }
    for (auto& tile : tiles) {
        if (tile.quantized) continue;
        tile.gzip_len = t.u32("a GZIP tile length");
        raw_total += tile.gzip_len;
        any_raw = true;
    }
    if (raw_total != r.left()) fail("corrupt stream (unquantized tiles' bytes)");
    const auto raw_tiles = r.take(raw_total, "the unquantized tiles");

    PixelFrame plane = c_.decode(coded, w, h);
    if (plane.sample() != Sample::I32 || plane.size() != w * h) fail("the integer plane decoded to another type or size");
    auto& v = plane.get<std::int32_t>();
    std::vector<std::int32_t> ints(v.begin(), v.end());
    for (std::size_t i = 0; i < w * h; ++i) {
        const TileEntry& tile = tiles[i / (rows * w)];
        const std::int64_t d = std::int64_t(v[i]) + tile.median;
        if (tile.quantized && (d < kReservedTop || d > INT32_MAX)) fail("corrupt stream (integer range)");
        ints[i] = std::int32_t(d);
    }
    const std::uint64_t n_exceptions = t.u64("the null count");
    if (n_exceptions > w * h) fail("corrupt stream (null count)");
    std::size_t pos = 0;
    for (std::uint64_t i = 0; i < n_exceptions; ++i) {
        const std::uint64_t gap = get_leb(t);
        if (gap > w * h || pos + gap >= w * h || (i > 0 && gap == 0)) fail("corrupt stream (null position)");
        pos += gap;
        const std::uint8_t code = t.u8("a null code");
        if (code >= 10 || !tiles[pos / (rows * w)].quantized || v[pos] != 0) fail("corrupt stream (null)");
        ints[pos] = std::int32_t(std::int64_t(INT32_MIN) + code);
    }
    if (t.left() != 0) fail("corrupt stream (table has extra bytes)");

    // The GZIP_1 data unit: per tile descriptor, ZSCALE, ZZERO[, GZIP_COMPRESSED_DATA], heap.
    std::vector<std::uint8_t> heap, table_out;
    fits_tile::GzipTiles gz;
    std::vector<std::uint8_t> be;
    std::size_t raw_at = 0;
    for (std::size_t k = 0; k < ntiles; ++k) {
        const TileEntry& tile = tiles[k];
        const std::size_t off = heap.size();
        if (tile.quantized) {
            const std::size_t first = k * rows * w, n = std::min(rows, h - k * rows) * w;
            be.resize(4 * n);
            for (std::size_t i = 0; i < n; ++i) {
                const auto u = std::uint32_t(ints[first + i]);
                be[4 * i] = std::uint8_t(u >> 24);
                be[4 * i + 1] = std::uint8_t(u >> 16);
                be[4 * i + 2] = std::uint8_t(u >> 8);
                be[4 * i + 3] = std::uint8_t(u);
            }
            gz.append(be, heap);
        } else {
            heap.insert(heap.end(), raw_tiles.begin() + std::ptrdiff_t(raw_at),
                        raw_tiles.begin() + std::ptrdiff_t(raw_at + tile.gzip_len));
            raw_at += tile.gzip_len;
        }
        if (heap.size() > UINT32_MAX) fail("frame too large");
        const auto len = std::uint32_t(heap.size() - off);
        util::put_be32(table_out, tile.quantized ? len : 0);
        util::put_be32(table_out, tile.quantized ? std::uint32_t(off) : 0);
        for (double d : {tile.zscale, tile.zzero}) {
            std::uint64_t b;
            std::memcpy(&b, &d, 8);
            util::put_be32(table_out, std::uint32_t(b >> 32));
            util::put_be32(table_out, std::uint32_t(b));
        }
        if (any_raw) {
            util::put_be32(table_out, tile.quantized ? 0 : len);
            util::put_be32(table_out, tile.quantized ? 0 : std::uint32_t(off));
        }
    }
    table_out.insert(table_out.end(), heap.begin(), heap.end());
    return table_out;
}

}  // namespace

std::unique_ptr<Codec> make_quant_integer_codec(const QuantSpec& q, QuantPlaneCoder coder) {
    return std::make_unique<QuantIntegerCodec>(q, std::move(coder));
}

}  // namespace bitsky::codecs
