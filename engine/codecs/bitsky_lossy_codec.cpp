// bitsky:q<level>: fpack's quantization of floats, the integers coded by BitSky
// (bitsky_lossy_codec.h). CFITSIO quantizes (through the fits_quant codec with GZIP_1 tiles)
// and dequantizes (a rebuilt GZIP_1 data unit through the same codec's decode), so nothing
// of fpack's quantization or dither is re-implemented here.
#include "engine/codecs/bitsky_lossy_codec.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <climits>
#include <cstring>
#include <limits>

#include "engine/codecs/bitsky_codec.h"
#include "engine/codecs/fits_quant_codec.h"
#include "engine/codecs/fits_quant_layout.h"
#include "engine/codecs/fits_tile_gzip.h"
#include "engine/codecs/fits_tile_support.h"
#include "engine/util/bytes.h"
#include "engine/util/error.h"

namespace bitsky::codecs {
namespace {

constexpr char kMagic[4] = {'B', 'S', 'Q', '1'};
// CFITSIO's reserved quantized values (N_RESERVED_VALUES = 10 above INT32_MIN): NULL_VALUE
// -2147483647 (null pixels), ZERO_VALUE -2147483646 (exact zeros under SUBTRACTIVE_DITHER_2).
// Row kinds in the table: quantized with ZZERO = an integer times ZSCALE (as CFITSIO computes
// it), quantized with any other ZZERO, a tile CFITSIO could not quantize.
constexpr std::uint8_t kRowScaled = 0, kRowZero = 2, kRowRaw = 1;
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
std::uint64_t get_leb(util::ByteReader& r);
std::int64_t get_signed(util::ByteReader& r) {
    const std::uint64_t u = get_leb(r);
    return u & 1 ? std::int64_t(~(u >> 1)) : std::int64_t(u >> 1);
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

// What a BSQ1 stream says, before its GZIP_1 data unit is rebuilt.
struct Row {
    int kind = 0;  // kRow...
    bool quantized = true;
    double zscale = 0, zzero = 0;
    std::int32_t median = 0;
    std::uint32_t gzip_len = 0;  // unquantized rows
};

class BitskyQuantCodec final : public Codec {
public:
    explicit BitskyQuantCodec(QuantSpec q) : q_(q), g_(q) {
        g_.coder = QuantCoder::Gzip1;
        gzip_ = make_fits_quant(g_);
    }

    std::string spec() const override { return "bitsky" + q_.spec().substr(q_.family().size()); }
    std::string name() const override { return "bitsky"; }
    std::string library() const override { return "BitSky"; }
    std::string library_version() const override { return "BSQ1+CFITSIO " + gzip_->library_version(); }
    bool multithreaded() const override { return false; }
    bool lossy() const override { return true; }
    std::string size_note() const override {
        return "BSQ1 stream: the integers of fpack " + q_.fpack_args() +
               " (CFITSIO's quantization, one row per tile) coded by BitSky's context model, each row's ZSCALE, ZZERO "
               "and median integer (deflated), nulls, and tiles CFITSIO could not quantize as it gzips them";
    }
    std::string refusal(int bitpix, std::size_t width, std::size_t height) const override {
        if (bitpix != -32 && bitpix != -64)
            return "quantizes floating-point images only (BITPIX -32, -64), as fpack -q; integer frames: bitsky "
                   "(lossless) or bitsky:near<k>; this HDU is " + pixel_type_name(bitpix);
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
        return c + ", BitSky's context model on the integers (each row minus its median)";
    }
    std::string check_reconstruction(const PixelFrame& original, const PixelFrame& decoded,
                                     std::span<const std::uint8_t> bytes) const override {
        const auto unit = rebuild(bytes, original.width, original.height);
        return quant::check_reconstruction(g_, quant::read_layout(g_.coder, unit, original.width, original.height, who()),
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
    QuantSpec q_;  // as named (its coder is only the family of the spec text)
    QuantSpec g_;  // the same quantization with GZIP_1 tiles: what CFITSIO is asked for
    std::unique_ptr<Codec> gzip_;

    std::string who() const { return spec() + " (BitSky on fpack-quantized integers)"; }
    [[noreturn]] void fail(const std::string& why) const { throw Error(who() + ": " + why); }

    // The GZIP_1 data unit (fits_quant's bytes for gzip:q...) a BSQ1 stream stands for.
    std::vector<std::uint8_t> rebuild(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height) const;
};

std::vector<std::uint8_t> BitskyQuantCodec::encode_any(const PixelFrame& frame) const {
    if (auto why = refusal(frame.bitpix(), frame.width, frame.height); !why.empty()) fail(why);
    const std::size_t w = frame.width, h = frame.height;
    const auto unit = gzip_->encode_any(frame);
    const quant::Layout L = quant::read_layout(g_.coder, unit, w, h, who());
    const std::uint8_t* heap = unit.data() + L.row_bytes * L.tiles.size();

    std::vector<std::int32_t> plane(w * h, 0);
    std::vector<std::uint8_t> table, exceptions, raw_tiles, kinds, scales, zeros, raw_lens;
    std::size_t n_exceptions = 0, last = 0;
    std::vector<std::uint8_t> buf(w * 4);
    std::vector<std::int32_t> ints(w), normal;
    for (std::size_t t = 0; t < L.tiles.size(); ++t) {
        const quant::Tile& tile = L.tiles[t];
        if (!tile.quantized()) {
            kinds.push_back(kRowRaw);
            util::put_le32(raw_lens, tile.gzip_len);
            raw_tiles.insert(raw_tiles.end(), heap + tile.gzip_off, heap + tile.gzip_off + tile.gzip_len);
            continue;
        }
        // The tile's integers: GZIP_1 holds them as big-endian int32.
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
        for (std::size_t x = 0; x < w; ++x) {
            ints[x] = std::int32_t(fits_tile::be32(buf.data() + 4 * x));
            if (ints[x] >= kReservedTop) normal.push_back(ints[x]);
        }
        std::int32_t median = 0;
        if (!normal.empty()) {
            std::nth_element(normal.begin(), normal.begin() + std::ptrdiff_t(normal.size() / 2), normal.end());
            median = normal[normal.size() / 2];
        }
        for (std::size_t x = 0; x < w; ++x) {
            if (ints[x] >= kReservedTop) continue;
            const std::size_t pos = t * w + x;
            put_leb(exceptions, pos - last);
            exceptions.push_back(std::uint8_t(std::int64_t(ints[x]) - INT32_MIN));
            last = pos;
            ++n_exceptions;
        }
        // The row minus its median; the median 0 if that would leave int32 (huge ranges).
        for (std::size_t x = 0; x < w; ++x) {
            const std::int64_t d = std::int64_t(ints[x]) - median;
            if (ints[x] >= kReservedTop && (d < INT32_MIN || d > INT32_MAX)) {
                median = 0;
                break;
            }
        }
        for (std::size_t x = 0; x < w; ++x)
            plane[t * w + x] = ints[x] >= kReservedTop ? std::int32_t(std::int64_t(ints[x]) - median) : 0;
        put_f64(scales, tile.zscale);
        const double iq = std::round(tile.zzero / tile.zscale);
        if (std::fabs(iq) < 9e15 && iq * tile.zscale == tile.zzero) {
            kinds.push_back(kRowScaled);
            put_signed(zeros, std::int64_t(iq));
        } else {
            kinds.push_back(kRowZero);
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
    const auto coded = bitsky_encode_any(PixelFrame::of(std::move(plane), w, h));
    if (table.size() > UINT32_MAX || packed_len > UINT32_MAX || coded.size() > UINT32_MAX) fail("frame too large");

    std::vector<std::uint8_t> out(kMagic, kMagic + 4);
    util::put_le32(out, std::uint32_t(table.size()));
    util::put_le32(out, std::uint32_t(packed_len));
    out.insert(out.end(), packed.begin(), packed.begin() + std::ptrdiff_t(packed_len));
    util::put_le32(out, std::uint32_t(coded.size()));
    out.insert(out.end(), coded.begin(), coded.end());
    out.insert(out.end(), raw_tiles.begin(), raw_tiles.end());
    return out;
}

std::vector<std::uint8_t> BitskyQuantCodec::rebuild(std::span<const std::uint8_t> bytes, std::size_t w,
                                                    std::size_t h) const {
    if (auto why = refusal(-32, w, h); !why.empty()) fail(why);
    util::ByteReader r(bytes, who() + " stream");
    const auto magic = r.take(4, "the magic");
    if (std::memcmp(magic.data(), kMagic, 4) != 0) fail("not a BSQ1 stream");
    const std::uint32_t table_len = r.u32("the table size"), packed_len = r.u32("the table size");
    // Every row takes 1 to 30 table bytes, plus 8 for the count, plus the exceptions (at most
    // 11 bytes each, at most one per pixel).
    if (table_len < h + 8 || table_len > 30 * h + 8 + 11 * w * h) fail("corrupt stream (table size)");
    const auto packed = r.take(packed_len, "the table");
    std::vector<std::uint8_t> table(table_len);
    uLongf got = table_len;
    if (uncompress(table.data(), &got, packed.data(), packed_len) != Z_OK || got != table_len)
        fail("corrupt stream (table)");
    const std::uint32_t coded_len = r.u32("the BitSky stream size");
    const auto coded = r.take(coded_len, "the BitSky stream");

    util::ByteReader t(table, who() + " table");
    std::vector<Row> rows(h);
    std::size_t raw_total = 0;
    bool any_raw = false;
    std::size_t nq = 0;
    for (auto& row : rows) {
        row.kind = t.u8("a row kind");
        if (row.kind != kRowScaled && row.kind != kRowZero && row.kind != kRowRaw) fail("corrupt stream (row kind)");
        row.quantized = row.kind != kRowRaw;
        nq += row.quantized;
    }
    const auto planes = t.take(8 * nq, "ZSCALE");
    for (std::size_t y = 0, i = 0; y < h; ++y) {
        if (!rows[y].quantized) continue;
        std::uint64_t b = 0;
        for (std::size_t byte = 0; byte < 8; ++byte) b |= std::uint64_t(planes[byte * nq + i]) << (8 * byte);
        std::memcpy(&rows[y].zscale, &b, 8);
        ++i;
    }
    for (auto& row : rows) {
        if (!row.quantized) continue;
        if (row.kind == kRowScaled) {
            const std::int64_t iq = get_signed(t);
            if (iq > (std::int64_t(1) << 53) || iq < -(std::int64_t(1) << 53)) fail("corrupt stream (ZZERO)");
            row.zzero = double(iq) * row.zscale;
        } else {
            const std::uint64_t z = t.u64("ZZERO");
            std::memcpy(&row.zzero, &z, 8);
        }
        const std::int64_t m = get_signed(t);
        if (m < INT32_MIN || m > INT32_MAX) fail("corrupt stream (median)");
        row.median = std::int32_t(m);
    }
    for (auto& row : rows) {
        if (row.quantized) continue;
        row.gzip_len = t.u32("a GZIP tile length");
        raw_total += row.gzip_len;
        any_raw = true;
    }
    if (raw_total != r.left()) fail("corrupt stream (unquantized tiles' bytes)");
    const auto raw_tiles = r.take(raw_total, "the unquantized tiles");

    PixelFrame plane = bitsky_decode_any(coded, Sample::I32, w, h);
    auto& v = plane.get<std::int32_t>();
    std::vector<bool> reserved(w * h, false);
    std::vector<std::int32_t> ints(v.begin(), v.end());
    for (std::size_t y = 0; y < h; ++y)
        for (std::size_t x = 0; x < w; ++x) {
            const std::int64_t d = std::int64_t(v[y * w + x]) + rows[y].median;
            if (rows[y].quantized && (d < kReservedTop || d > INT32_MAX)) fail("corrupt stream (integer range)");
            ints[y * w + x] = std::int32_t(d);
        }
    const std::uint64_t n_exceptions = t.u64("the null count");
    if (n_exceptions > w * h) fail("corrupt stream (null count)");
    std::size_t pos = 0;
    for (std::uint64_t i = 0; i < n_exceptions; ++i) {
        const std::uint64_t gap = get_leb(t);
        if (gap > w * h || pos + gap >= w * h || (i > 0 && gap == 0)) fail("corrupt stream (null position)");
        pos += gap;
        const std::uint8_t code = t.u8("a null code");
        if (code >= 10 || !rows[pos / w].quantized || v[pos] != 0) fail("corrupt stream (null)");
        ints[pos] = std::int32_t(std::int64_t(INT32_MIN) + code);
    }
    if (t.left() != 0) fail("corrupt stream (table has extra bytes)");

    // The GZIP_1 data unit: per row descriptor, ZSCALE, ZZERO[, GZIP_COMPRESSED_DATA], heap.
    std::vector<std::uint8_t> heap, table_out;
    fits_tile::GzipTiles gz;
    std::vector<std::uint8_t> be(w * 4);
    std::size_t raw_at = 0;
    for (std::size_t y = 0; y < h; ++y) {
        const Row& row = rows[y];
        const std::size_t off = heap.size();
        if (row.quantized) {
            for (std::size_t x = 0; x < w; ++x) {
                const auto u = std::uint32_t(ints[y * w + x]);
                be[4 * x] = std::uint8_t(u >> 24);
                be[4 * x + 1] = std::uint8_t(u >> 16);
                be[4 * x + 2] = std::uint8_t(u >> 8);
                be[4 * x + 3] = std::uint8_t(u);
            }
            gz.append(be, heap);
        } else {
            heap.insert(heap.end(), raw_tiles.begin() + std::ptrdiff_t(raw_at),
                        raw_tiles.begin() + std::ptrdiff_t(raw_at + row.gzip_len));
            raw_at += row.gzip_len;
        }
        if (heap.size() > UINT32_MAX) fail("frame too large");
        const auto len = std::uint32_t(heap.size() - off);
        util::put_be32(table_out, row.quantized ? len : 0);
        util::put_be32(table_out, row.quantized ? std::uint32_t(off) : 0);
        for (double d : {row.zscale, row.zzero}) {
            std::uint64_t b;
            std::memcpy(&b, &d, 8);
            util::put_be32(table_out, std::uint32_t(b >> 32));
            util::put_be32(table_out, std::uint32_t(b));
        }
        if (any_raw) {
            util::put_be32(table_out, row.quantized ? 0 : len);
            util::put_be32(table_out, row.quantized ? 0 : std::uint32_t(off));
        }
    }
    table_out.insert(table_out.end(), heap.begin(), heap.end());
    return table_out;
}

}  // namespace

bool is_bitsky_lossy_option(std::string_view option) {
    return is_quant_option(option) || option.starts_with("near");
}

std::unique_ptr<Codec> make_bitsky_lossy(std::string_view option) {
    if (is_quant_option(option)) return detail::make_bitsky_quant(option);
    return detail::make_bitsky_near(option);
}

std::vector<std::string> bitsky_lossy_specs() {
    return {"bitsky:q1", "bitsky:q4", "bitsky:q16", "bitsky:near1", "bitsky:near2", "bitsky:near4"};
}

namespace detail {
std::unique_ptr<Codec> make_bitsky_quant(std::string_view option) {
    QuantSpec q = QuantSpec::parse("gzip", option);
    return std::make_unique<BitskyQuantCodec>(q);
}
}  // namespace detail

}  // namespace bitsky::codecs
