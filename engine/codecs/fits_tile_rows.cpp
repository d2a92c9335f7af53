// fpack's one-row tiles (its default tiling for RICE_1, GZIP_1 and GZIP_2) for every pixel
// type, coded as imcomp_compress_tile (CFITSIO 4.2) codes them, on the values FITS stores
// (uint16/uint32 offset back to int16/int32, floats as their bit patterns, no
// quantization: fpack -q 0):
//   RICE_1 : rice::encode of the 8/16/32-bit values, block 32 (= fits_rcomp_byte /
//            fits_rcomp_short / fits_rcomp, rice.h)
//   GZIP_1 : the big-endian values through zlib as compress2mem_from_mem (fits_tile_gzip.h)
//   GZIP_2 : the same after byte shuffling (every value's first byte, then every second, ...)
// Decoding inflates with zlib into a buffer of exactly the row's size and decodes Rice
// tiles with rice::decode, which reads only the tile's bytes.
#include "engine/codecs/fits_tile_rows.h"

#include <zlib.h>

#include <bit>
#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>

#include "engine/codecs/codec.h"
#include "engine/codecs/fits_tile_gzip.h"
#include "engine/codecs/fits_tile_support.h"
#include "engine/codecs/rice.h"
#include "engine/util/error.h"

namespace bitsky::codecs::row_tiles {
namespace {

using namespace fits_tile;

static_assert(std::endian::native == std::endian::little, "the tile code assumes a little-endian host");

constexpr int kRiceBlock = 32;

bool offset_sign(Sample s) { return s == Sample::U16 || s == Sample::U32; }

// Row y's values as FITS stores them, big-endian, into `out` (width * n bytes).
void stored_be(const PixelFrame& f, std::size_t y, std::uint8_t* out) {
    const std::size_t n = sample_bytes(f.sample()), w = f.width;
    const std::uint8_t* src = f.bytes().data() + y * w * n;
    for (std::size_t i = 0; i < w; ++i)
        for (std::size_t b = 0; b < n; ++b) out[i * n + b] = src[i * n + (n - 1 - b)];
    if (offset_sign(f.sample()))
        for (std::size_t i = 0; i < w; ++i) out[i * n] ^= 0x80;
}

// The inverse: big-endian stored values into row y of `f`.
void put_stored_be(PixelFrame& f, std::size_t y, const std::uint8_t* in) {
    const std::size_t n = sample_bytes(f.sample()), w = f.width;
    std::uint8_t* dst = f.bytes().data() + y * w * n;
    for (std::size_t i = 0; i < w; ++i)
        for (std::size_t b = 0; b < n; ++b) dst[i * n + (n - 1 - b)] = in[i * n + b];
    if (offset_sign(f.sample()))
        for (std::size_t i = 0; i < w; ++i) dst[i * n + n - 1] ^= 0x80;
}

void shuffle(const std::uint8_t* in, std::uint8_t* out, std::size_t count, std::size_t n) {
    for (std::size_t i = 0; i < count; ++i)
        for (std::size_t b = 0; b < n; ++b) out[b * count + i] = in[i * n + b];
}
void unshuffle(const std::uint8_t* in, std::uint8_t* out, std::size_t count, std::size_t n) {
    for (std::size_t i = 0; i < count; ++i)
        for (std::size_t b = 0; b < n; ++b) out[i * n + b] = in[b * count + i];
}

std::int32_t be_int(const std::uint8_t* p, std::size_t n) {
    if (n == 1) return static_cast<signed char>(p[0]);
    if (n == 2) return static_cast<std::int16_t>(std::uint16_t((p[0] << 8) | p[1]));
    return static_cast<std::int32_t>(be32(p));
}

}  // namespace

std::string refusal(Coder coder, Sample sample) {
    if (coder == Coder::Gzip2 || !sample_is_float(sample)) return "";
    return std::string(coder == Coder::Rice ? "Rice" : "gzip (GZIP_1)") +
           " takes integer images (8-bit, 16-bit and 32-bit), not " + pixel_type_name(sample_bitpix(sample)) +
           "; lossless floats: gzip2 (fpack -q 0 -g2)";
}

std::vector<std::uint8_t> encode(Coder coder, const PixelFrame& frame, const std::string& who) {
    auto fail = [&](const std::string& why) -> void { throw Error(who + ": " + why); };
    if (auto why = refusal(coder, frame.sample()); !why.empty()) fail(why);
    const std::size_t width = frame.width, height = frame.height, n = sample_bytes(frame.sample());
    if (width == 0 || height == 0) fail("cannot encode an empty frame");
    if (frame.count() != frame.size()) fail("frame holds " + std::to_string(frame.count()) + " values, not " +
                                            std::to_string(width) + "x" + std::to_string(height));
    if (width > std::size_t(INT_MAX) / 8) fail("frame too wide (" + std::to_string(width) + " pixels)");
    std::vector<std::uint8_t> out(8 * height);
    out.reserve(8 * height + frame.raw_bytes() / 2);
    std::vector<std::uint8_t> be(width * n), shuffled(width * n);
    std::vector<std::uint32_t> ints(coder == Coder::Rice && n == 4 ? width : 0);
    std::vector<std::uint16_t> shorts(coder == Coder::Rice && n == 2 ? width : 0);
    std::vector<std::uint8_t> tile;  // one row's compressed bytes
    std::optional<GzipTiles> gzip;
    if (coder != Coder::Rice) gzip.emplace();
    for (std::size_t y = 0; y < height; ++y) {
        stored_be(frame, y, be.data());
        tile.clear();
        if (coder == Coder::Rice) {
            if (n == 1) {
                rice::encode(std::span<const std::uint8_t>(be), tile, kRiceBlock);
            } else if (n == 2) {
                for (std::size_t x = 0; x < width; ++x) shorts[x] = static_cast<std::uint16_t>(be_int(&be[2 * x], 2));
                rice::encode(std::span<const std::uint16_t>(shorts), tile, kRiceBlock);
            } else {
                for (std::size_t x = 0; x < width; ++x) ints[x] = static_cast<std::uint32_t>(be_int(&be[4 * x], 4));
                rice::encode(std::span<const std::uint32_t>(ints), tile, kRiceBlock);
            }
        } else {
            std::uint8_t* src = be.data();
            if (coder == Coder::Gzip2 && n > 1) {
                shuffle(be.data(), shuffled.data(), width, n);
                src = shuffled.data();
            }
            gzip->append({src, n * width}, tile);
        }
        const std::size_t len = tile.size();
        const std::size_t offset = out.size() - 8 * height;
        if (offset + len > std::size_t(INT_MAX)) fail("compressed heap exceeds the 2 GiB of FITS 1PB descriptors");
        std::uint8_t* d = out.data() + 8 * y;
        for (int k = 0; k < 4; ++k) {
            d[k] = std::uint8_t(len >> (24 - 8 * k));
            d[4 + k] = std::uint8_t(offset >> (24 - 8 * k));
        }
        out.insert(out.end(), tile.begin(), tile.end());
    }
    return out;
}

PixelFrame decode(Coder coder, std::span<const std::uint8_t> bytes, Sample sample, std::size_t width,
                  std::size_t height, const std::string& who) {
    auto fail = [&](const std::string& why) -> void { throw Error(who + ": " + why); };
    if (auto why = refusal(coder, sample); !why.empty()) fail(why);
    if (bytes.empty()) fail("empty stream");
    if (width == 0 || height == 0) fail("no valid tiling for a " + std::to_string(width) + "x" + std::to_string(height) + " frame");
    if (width > std::size_t(INT_MAX) / 8) fail("frame too wide");
    const std::size_t n = sample_bytes(sample), table = 8 * height;
    if (bytes.size() < table) fail("truncated tile table");
    const std::size_t heap_size = bytes.size() - table;
    const std::uint8_t* heap = bytes.data() + table;
    PixelFrame out = PixelFrame::zeros(sample, width, height);
    std::vector<std::uint8_t> be(width * n), raw(width * n);
    std::vector<std::uint32_t> uints(coder == Coder::Rice && n == 4 ? width : 0);
    std::vector<std::uint16_t> ushorts(coder == Coder::Rice && n == 2 ? width : 0);
    for (std::size_t y = 0; y < height; ++y) {
        const std::uint32_t len = be32(bytes.data() + 8 * y), off = be32(bytes.data() + 8 * y + 4);
        if (len == 0 || std::size_t(off) + len > heap_size)
            fail("corrupt tile descriptor " + std::to_string(y + 1) + " (length " + std::to_string(len) + ", offset " +
                 std::to_string(off) + ", heap " + std::to_string(heap_size) + " bytes)");
        if (coder == Coder::Rice) {
            const std::span<const std::uint8_t> tile(heap + off, len);
            try {
                if (n == 1) {
                    rice::decode(tile, std::span<std::uint8_t>(be), kRiceBlock);
                } else if (n == 2) {
                    rice::decode(tile, std::span<std::uint16_t>(ushorts), kRiceBlock);
                    for (std::size_t x = 0; x < width; ++x) {
                        be[2 * x] = std::uint8_t(ushorts[x] >> 8);
                        be[2 * x + 1] = std::uint8_t(ushorts[x]);
                    }
                } else {
                    rice::decode(tile, std::span<std::uint32_t>(uints), kRiceBlock);
                    for (std::size_t x = 0; x < width; ++x)
                        for (int b = 0; b < 4; ++b) be[4 * x + std::size_t(b)] = std::uint8_t(uints[x] >> (24 - 8 * b));
                }
            } catch (const Error& e) {
                fail("corrupt Rice tile " + std::to_string(y + 1) + " (" + e.what() + ")");
            }
        } else {
            z_stream zs{};
            if (inflateInit2(&zs, 15 + 32) != Z_OK) fail("inflateInit2 failed");
            zs.next_in = const_cast<Bytef*>(heap + off);
            zs.avail_in = len;
            zs.next_out = raw.data();
            zs.avail_out = uInt(raw.size());
            const int rc = inflate(&zs, Z_FINISH);
            const std::size_t produced = zs.total_out;
            const uInt left_in = zs.avail_in;
            const std::string msg = zs.msg ? std::string(" (") + zs.msg + ")" : "";
            inflateEnd(&zs);
            if (rc != Z_STREAM_END || produced != raw.size() || left_in != 0)
                fail("corrupt GZIP tile " + std::to_string(y + 1) + msg);
            if (coder == Coder::Gzip2 && n > 1) unshuffle(raw.data(), be.data(), width, n);
            else be.swap(raw);
        }
        put_stored_be(out, y, be.data());
    }
    return out;
}

}  // namespace bitsky::codecs::row_tiles
