// FITS tile compression (Rice, Hcompress, GZIP_1, GZIP_2) through CFITSIO, exactly as fpack
// does it with its defaults (lossless; floats only with gzip2, as fpack -q 0 -g2):
//   rice, gzip, gzip2: one image row per tile (ZTILE = NAXIS1 x 1)
//   hcompress : CFITSIO's default tiling (the whole image up to 30 rows, else 16 rows, or
//               the first of 24, 20, 30, 28, 26, 22, 18, 14 rows that leaves no last tile
//               shorter than 4 rows); frames smaller than 4x4 cannot be Hcompressed.
// What is counted: the binary table's data unit without padding, i.e. the tile
// descriptor table (8 bytes per tile: 32-bit length + 32-bit heap offset) plus the heap
// of compressed tiles = NAXIS1*NAXIS2 + PCOUNT of the BINTABLE. Headers and the 2880-byte
// block padding are not counted. The same formula applied to an fpack output file gives
// the same number (tested).
// encode() returns exactly those bytes. 16-bit Rice and GZIP (one row per tile; other
// widths and GZIP_2: fits_tile_rows.cpp, the same way) code each row as CFITSIO's writer
// does (imcomp_compress_tile in CFITSIO 4.2): converted as for a USHORT_IMG with
// BZERO=32768 (value ^ 0x8000 as int16), then
//   rice: BitSky's Rice coder (rice.h: fits_rcomp_short's bytes, blocksize 32)
//   gzip: byte-swapped to big-endian, zlib with compress2mem_from_mem's parameters
//         (fits_tile_gzip.h)
// and the descriptors (length, heap offset; big-endian int32) and heap are laid out as the
// writer lays them out (tiles in order, heap contiguous). The bytes are identical to what
// fits_write_img / fpack write (tested against fpack byte for byte); going through the
// writer into a memory file is ~40x slower for one-row tiles because CFITSIO 4.2 shifts
// the whole memory buffer (ffiblk) each time the heap grows by a block. Hcompress (16-row
// tiles, few heap insertions) still goes through the writer, for 8/16/32-bit images.
// decode() validates every descriptor against the heap; Hcompress is then read back with CFITSIO (the reader funpack uses) from rebuilt
// (deterministic) headers; Rice tiles go to rice::decode one by one (bounds-checked,
// see rice_tiles). GZIP_1 tiles are inflated here with zlib, the
// library CFITSIO itself calls, into a buffer of exactly the tile's size: CFITSIO 4.2's
// uncompress2mem_from_mem grows its buffer without bound on some corrupt tiles.
#include <fitsio.h>
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "engine/codecs/codec.h"
#include "engine/codecs/fits_tile_gzip.h"
#include "engine/codecs/fits_tile_rows.h"
#include "engine/codecs/fits_tile_support.h"
#include "engine/codecs/rice.h"
#include "engine/util/error.h"

namespace bitsky::codecs {
namespace {

using namespace fits_tile;

enum class TileKind { Rice, Hcompress, Gzip, Gzip2 };

class FitsTileCodec final : public Codec {
public:
    explicit FitsTileCodec(TileKind kind) : kind_(kind) {}

    std::string spec() const override { return family(); }
    std::string name() const override { return family(); }
    std::string library() const override { return "CFITSIO"; }
    std::string library_version() const override {
        return std::to_string(CFITSIO_MAJOR) + "." + std::to_string(CFITSIO_MINOR) + "." + std::to_string(CFITSIO_MICRO);
    }
    bool multithreaded() const override { return false; }
    std::string size_note() const override {
        return "FITS tile-compressed BINTABLE data unit without padding: tile descriptors (8 bytes per tile) + "
               "heap (NAXIS1*NAXIS2 + PCOUNT), as fpack writes it; headers not counted";
    }

    // Rows per tile CFITSIO (and so fpack) uses by default; 0 if the codec cannot take the frame.
    std::size_t tile_rows(std::size_t width, std::size_t height) const {
        if (kind_ != TileKind::Hcompress) return 1;
        if (width < 4 || height < 4) return 0;
        if (height <= 30) return height;
        for (std::size_t rows : {16, 24, 20, 30, 28, 26, 22, 18, 14})
            if (height % rows == 0 || height % rows >= 4) return rows;
        return 0;
    }

    std::string refusal(int bitpix, std::size_t width, std::size_t height) const override {
        if (kind_ != TileKind::Hcompress) {
            const bool is_float = bitpix == -32 || bitpix == -64;
            if (bitpix != 8 && bitpix != 16 && bitpix != 32 && !is_float)
                return std::string(kind_ == TileKind::Gzip2 ? "takes BITPIX 8, 16, 32, -32 and -64 images"
                                                            : "takes integer images of BITPIX 8, 16 and 32") +
                       "; this HDU is " + pixel_type_name(bitpix);
            if (is_float) return row_tiles::refusal(coder(), bitpix == -32 ? Sample::F32 : Sample::F64);
            return "";
        }
        if (bitpix != 8 && bitpix != 16 && bitpix != 32)
            return "Hcompress takes integer images (8-bit, 16-bit and 32-bit), not " + pixel_type_name(bitpix) +
                   "; lossless floats: gzip2 (fpack -q 0 -g2)";
        if (kind_ == TileKind::Hcompress && tile_rows(width, height) == 0)
            return "Hcompress tiles must be at least 4x4 (fpack refuses it too); this frame is " +
                   std::to_string(width) + "x" + std::to_string(height);
        return "";
    }

    std::vector<std::uint8_t> encode(const Frame16& frame) const override {
        if (frame.width == 0 || frame.height == 0) fail("cannot encode an empty frame");
        const std::size_t rows = tile_rows(frame.width, frame.height);
        if (rows == 0)
            fail("cannot compress a " + std::to_string(frame.width) + "x" + std::to_string(frame.height) +
                 " frame (Hcompress tiles must be at least 4x4)");

        if (kind_ == TileKind::Gzip2) {
            std::vector<std::uint16_t> copy(frame.pixels.begin(), frame.pixels.end());
            return row_tiles::encode(coder(), PixelFrame::of(std::move(copy), frame.width, frame.height), who());
        }
        if (kind_ != TileKind::Hcompress) return encode_rows(frame);
        // CFITSIO converts TUSHORT into its own tile buffers; a copy keeps our input
        // safe from the Hcompress in-place transform either way.
        std::vector<std::uint16_t> copy(frame.pixels.begin(), frame.pixels.end());
        return write_compressed(USHORT_IMG, TUSHORT, copy.data(), sizeof(std::uint16_t), frame.width, frame.height);
    }

    std::vector<std::uint16_t> decode(std::span<const std::uint8_t> bytes, std::size_t width,
                                      std::size_t height) const override {
        const std::size_t max_len = check_tiles(bytes, width, height);
        const std::size_t ntiles = kind_ == TileKind::Hcompress ? 0 : height;  // one row per tile
        if (kind_ == TileKind::Gzip2)
            return row_tiles::decode(coder(), bytes, Sample::U16, width, height, who()).get<std::uint16_t>();
        if (kind_ == TileKind::Gzip) return inflate_tiles(bytes, width, height, 1, ntiles);
        if (kind_ == TileKind::Rice) return rice_tiles(bytes, width, height, ntiles);

        std::vector<std::uint16_t> out(width * height);
        read_compressed(bytes, width, height, max_len, 16, TUSHORT, out.data());
        return out;
    }

    // Rice and GZIP_1 take every integer type, GZIP_2 every type, in one-row tiles;
    // Hcompress takes integers through CFITSIO's writer (as 16-bit frames always did).
    // 16-bit frames of rice, gzip and hcompress keep their path (Codec's defaults -> encode).
    std::vector<std::uint8_t> encode_any(const PixelFrame& frame) const override {
        if (frame.is_16bit() && kind_ != TileKind::Gzip2) return Codec::encode_any(frame);
        if (auto why = refusal(frame.bitpix(), frame.width, frame.height); !why.empty()) fail(why);
        if (kind_ != TileKind::Hcompress) return row_tiles::encode(coder(), frame, who());
        if (frame.count() != frame.size()) fail("frame size does not match its values");
        if (frame.sample() == Sample::U8) {
            std::vector<std::uint8_t> copy = frame.get<std::uint8_t>();
            return write_compressed(BYTE_IMG, TBYTE, copy.data(), 1, frame.width, frame.height);
        }
        // int32 as stored; uint32 offset back to the int32 FITS stores (BZERO = 2^31)
        std::vector<std::int32_t> stored(frame.size());
        if (frame.sample() == Sample::I32) stored = frame.get<std::int32_t>();
        else
            for (std::size_t i = 0; i < stored.size(); ++i)
                stored[i] = static_cast<std::int32_t>(frame.get<std::uint32_t>()[i] ^ 0x80000000u);
        // CFITSIO 4.2 gives Hcompress 4.4 bytes per 32-bit pixel of output buffer and writes
        // past it on frames of (nearly) full 32-bit range: heap corruption (fpack aborts too,
        // found in testing). The output grows with the values' range, so frames whose range
        // reaches 2^24 are refused here (an error, never a crash).
        const auto [lo, hi] = std::minmax_element(stored.begin(), stored.end());
        if (std::int64_t(*hi) - std::int64_t(*lo) >= (std::int64_t(1) << 24))
            fail("the frame's values span " + std::to_string(std::int64_t(*hi) - std::int64_t(*lo)) +
                 " (>= 2^24): CFITSIO's Hcompress overruns its buffer on such 32-bit ranges");
        return write_compressed(LONG_IMG, TINT, stored.data(), 4, frame.width, frame.height);
    }
    PixelFrame decode_any(std::span<const std::uint8_t> bytes, Sample sample, std::size_t width,
                          std::size_t height) const override {
        if ((sample == Sample::U16 || sample == Sample::I16) && kind_ != TileKind::Gzip2)
            return Codec::decode_any(bytes, sample, width, height);
        if (auto why = refusal(sample_bitpix(sample), width, height); !why.empty()) fail(why);
        if (kind_ != TileKind::Hcompress) return row_tiles::decode(coder(), bytes, sample, width, height, who());
        const std::size_t max_len = check_tiles(bytes, width, height);
        PixelFrame out = PixelFrame::zeros(sample, width, height);
        if (sample == Sample::U8) {
            read_compressed(bytes, width, height, max_len, 8, TBYTE, out.bytes().data());
            return out;
        }
        std::vector<std::int32_t> stored(width * height);
        read_compressed(bytes, width, height, max_len, 32, TINT, stored.data());
        if (sample == Sample::I32) out.get<std::int32_t>() = std::move(stored);
        else
            for (std::size_t i = 0; i < stored.size(); ++i)
                out.get<std::uint32_t>()[i] = static_cast<std::uint32_t>(stored[i]) ^ 0x80000000u;
        return out;
    }

private:
    TileKind kind_;

    // Validates the descriptor table (and Hcompress tile headers) of a width x height
    // frame's stream: CFITSIO must never read outside the heap. Returns the longest tile.
    std::size_t check_tiles(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height) const {
        if (bytes.empty()) fail("empty stream");
        const std::size_t rows = tile_rows(width, height);
        if (width == 0 || height == 0 || rows == 0)
            fail("no valid tiling for a " + std::to_string(width) + "x" + std::to_string(height) + " frame");
        const std::size_t ntiles = (height + rows - 1) / rows;
        const std::size_t table = 8 * ntiles;
        if (bytes.size() < table) fail("truncated tile table");
        const std::size_t heap = bytes.size() - table;
        // Validate descriptors ourselves: CFITSIO must never read outside the heap.
        std::size_t max_len = 0;
        for (std::size_t t = 0; t < ntiles; ++t) {
            std::uint32_t len = be32(bytes.data() + 8 * t), off = be32(bytes.data() + 8 * t + 4);
            if (len == 0 || std::size_t(off) + len > heap)
                fail("corrupt tile descriptor " + std::to_string(t + 1) + " (length " + std::to_string(len) +
                     ", offset " + std::to_string(off) + ", heap " + std::to_string(heap) + " bytes)");
            max_len = std::max<std::size_t>(max_len, len);
            if (kind_ == TileKind::Hcompress) {
                // fits_hdecompress trusts the tile's own header (magic, nx, ny, scale) and
                // writes nx*ny pixels into CFITSIO's tile buffer: check it first.
                const std::uint8_t* tile = bytes.data() + table + off;
                std::size_t tile_rows_here = std::min(rows, height - t * rows);
                if (len < 14 || tile[0] != 0xdd || tile[1] != 0x99 || be32(tile + 2) != tile_rows_here ||
                    be32(tile + 6) != width || be32(tile + 10) != 0)
                    fail("corrupt Hcompress tile " + std::to_string(t + 1) + " header");
            }
        }
        return max_len;
    }

    // Compresses width x height values of `datatype` (overwritten: Hcompress transforms in
    // place) as a CFITSIO image of `imgtype` through its tile-compressed writer; returns the
    // BINTABLE data unit.
    std::vector<std::uint8_t> write_compressed(int imgtype, int datatype, void* data, std::size_t value_bytes,
                                               std::size_t width, std::size_t height) const {
        const std::size_t rows = tile_rows(width, height);

        MemBuffer mem;
        allocate(mem, blocks_for(width * height * value_bytes + 6 * kBlock));
        int status = 0;
        {
            fitsfile* raw = nullptr;
            if (fits_create_memfile(&raw, &mem.ptr, &mem.size, blocks_for(width * height * value_bytes / 4),
                                    zeroing_realloc, &status))
                fail("fits_create_memfile: " + cfitsio_message(status));
            FitsPtr f(raw);
            fits_set_compression_type(f.get(), comptype(), &status);
            long naxes[2] = {long(width), long(height)};
            fits_create_img(f.get(), imgtype, 2, naxes, &status);
            fits_write_img(f.get(), datatype, 1, LONGLONG(width * height), data, &status);
            if (status) fail("compression failed: " + cfitsio_message(status));
            fits_close_file(f.release(), &status);
            if (status) fail("closing the compressed file failed: " + cfitsio_message(status));
        }

        // Locate the compressed image's BINTABLE data unit in the buffer.
        const auto* base = static_cast<const std::uint8_t*>(mem.ptr);
        std::size_t primary_len = 0, ext_len = 0;
        try {
            auto primary = parse_header(base, mem.size, primary_len);
            if (key_int(primary, "NAXIS") != 0) fail("unexpected primary data unit");
            auto ext = parse_header(base + primary_len, mem.size - primary_len, ext_len);
            long long naxis1 = key_int(ext, "NAXIS1"), naxis2 = key_int(ext, "NAXIS2"), pcount = key_int(ext, "PCOUNT");
            long long ztile1 = key_int(ext, "ZTILE1"), ztile2 = key_int(ext, "ZTILE2");
            long long theap = key_int(ext, "THEAP", naxis1 * naxis2);
            const std::size_t ntiles = (height + rows - 1) / rows;
            if (ext["XTENSION"] != "BINTABLE" || key_int(ext, "TFIELDS") != 1 || ext["TTYPE1"] != "COMPRESSED_DATA" ||
                ext["TFORM1"].rfind("1PB", 0) != 0 || naxis1 != 8 || naxis2 != (long long)ntiles ||
                ztile1 != (long long)width || ztile2 != (long long)rows || theap != naxis1 * naxis2 || pcount < 0)
                fail("CFITSIO wrote an unexpected table layout (tiles " + std::to_string(ztile1) + "x" +
                     std::to_string(ztile2) + ")");
            std::size_t data_len = std::size_t(naxis1 * naxis2 + pcount);
            if (primary_len + ext_len + data_len > mem.size) fail("compressed data overruns the memory file");
            const std::uint8_t* data = base + primary_len + ext_len;
            return std::vector<std::uint8_t>(data, data + data_len);
        } catch (const std::invalid_argument&) {
            fail("cannot parse the compressed header");
        } catch (const std::out_of_range&) {
            fail("cannot parse the compressed header");
        }
    }

    // Reads checked Hcompress tiles back with CFITSIO from rebuilt headers (ZBITPIX
    // `zbitpix`) as width x height values of `datatype` into `out`.
    void read_compressed(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height,
                         std::size_t max_len, int zbitpix, int datatype, void* out) const {
        const std::size_t rows = tile_rows(width, height), ntiles = (height + rows - 1) / rows;
        const std::size_t heap = bytes.size() - 8 * ntiles;
        std::string h = primary_header();
        add_card(h, "XTENSION", quoted("BINTABLE"));
        add_card(h, "BITPIX", "8");
        add_card(h, "NAXIS", "2");
        add_card(h, "NAXIS1", "8");
        add_card(h, "NAXIS2", std::to_string(ntiles));
        add_card(h, "PCOUNT", std::to_string(heap));
        add_card(h, "GCOUNT", "1");
        add_card(h, "TFIELDS", "1");
        add_card(h, "TTYPE1", quoted("COMPRESSED_DATA"));
        add_card(h, "TFORM1", quoted("1PB(" + std::to_string(max_len) + ")"));
        add_card(h, "ZIMAGE", "T");
        add_card(h, "ZBITPIX", std::to_string(zbitpix));
        add_card(h, "ZNAXIS", "2");
        add_card(h, "ZNAXIS1", std::to_string(width));
        add_card(h, "ZNAXIS2", std::to_string(height));
        add_card(h, "ZTILE1", std::to_string(width));
        add_card(h, "ZTILE2", std::to_string(rows));
        add_card(h, "ZCMPTYPE", quoted(cmpname()));
        add_card(h, "ZNAME1", quoted("SCALE"));  // Hcompress only reaches here
        add_card(h, "ZVAL1", "0");
        add_card(h, "ZNAME2", quoted("SMOOTH"));
        add_card(h, "ZVAL2", "0");
        if (zbitpix == 16) {  // the uint16 view; other types are read as stored
            add_card(h, "BZERO", "32768");
            add_card(h, "BSCALE", "1");
        }
        end_header(h);

        MemBuffer mem;
        allocate(mem, h.size() + (bytes.size() + kBlock - 1) / kBlock * kBlock);
        std::memcpy(mem.ptr, h.data(), h.size());
        std::memcpy(static_cast<char*>(mem.ptr) + h.size(), bytes.data(), bytes.size());

        int status = 0;
        {
            fitsfile* raw = nullptr;
            if (fits_open_memfile(&raw, "bitsky-tile", READONLY, &mem.ptr, &mem.size, 0, nullptr, &status))
                fail("cannot open the rebuilt file: " + cfitsio_message(status));
            FitsPtr f(raw);
            int hdutype = 0, anynul = 0;
            fits_movabs_hdu(f.get(), 2, &hdutype, &status);
            fits_read_img(f.get(), datatype, 1, LONGLONG(width * height), nullptr, out, &anynul, &status);
            if (status) fail("corrupt stream: " + cfitsio_message(status));
        }
    }

    row_tiles::Coder coder() const {
        return kind_ == TileKind::Rice ? row_tiles::Coder::Rice
               : kind_ == TileKind::Gzip2 ? row_tiles::Coder::Gzip2
                                          : row_tiles::Coder::Gzip1;
    }
    std::string who() const { return family() + " (CFITSIO tile compression)"; }

    // Rice / GZIP_1 with one row per tile, tile by tile as CFITSIO's writer codes them
    // (see the top of the file); output = descriptor table + heap, as the writer makes it.
    std::vector<std::uint8_t> encode_rows(const Frame16& frame) const {
        const std::size_t width = frame.width, height = frame.height;
        if (width > std::size_t(INT_MAX) / 4) fail("frame too wide (" + std::to_string(width) + " pixels)");
        std::vector<std::uint8_t> out(8 * height);
        out.reserve(8 * height + frame.pixels.size_bytes() / 2);
        std::vector<std::uint16_t> row(width);
        std::vector<std::uint8_t> tile;  // one row's compressed bytes
        std::optional<GzipTiles> gzip;
        if (kind_ != TileKind::Rice) gzip.emplace();
        for (std::size_t y = 0; y < height; ++y) {
            const std::uint16_t* src = frame.pixels.data() + y * width;
            tile.clear();
            if (kind_ == TileKind::Rice) {
                for (std::size_t x = 0; x < width; ++x) row[x] = static_cast<std::uint16_t>(src[x] ^ 0x8000u);
                rice::encode(std::span<const std::uint16_t>(row), tile);
            } else {
                // Big-endian int16, the FITS byte order CFITSIO gzips.
                auto* bytes = reinterpret_cast<std::uint8_t*>(row.data());
                for (std::size_t x = 0; x < width; ++x) {
                    std::uint16_t v = std::uint16_t(src[x] ^ 0x8000u);
                    bytes[2 * x] = std::uint8_t(v >> 8);
                    bytes[2 * x + 1] = std::uint8_t(v & 0xff);
                }
                gzip->append({reinterpret_cast<const std::uint8_t*>(row.data()), 2 * width}, tile);
            }
            const std::size_t n = tile.size();
            const std::size_t offset = out.size() - 8 * height;
            if (offset + n > std::size_t(INT_MAX))
                fail("compressed heap exceeds the 2 GiB of FITS 1PB descriptors");
            std::uint8_t* d = out.data() + 8 * y;
            for (int k = 0; k < 4; ++k) {
                d[k] = std::uint8_t(n >> (24 - 8 * k));
                d[4 + k] = std::uint8_t(offset >> (24 - 8 * k));
            }
            out.insert(out.end(), tile.begin(), tile.end());
        }
        return out;
    }

    // RICE_1 16-bit one-row tiles with rice::decode, the inverse of fits_rcomp_short. It
    // reads only the tile's own bytes: CFITSIO 4.2's fits_rdecomp_short reads past a
    // corrupt tile (its leading-zero scan runs to a non-zero byte, the end is checked
    // after each 32-pixel block; found by ASan when BitSky still called it).
    std::vector<std::uint16_t> rice_tiles(std::span<const std::uint8_t> bytes, std::size_t width,
                                          std::size_t height, std::size_t ntiles) const {
        std::vector<std::uint16_t> out(width * height);
        std::vector<std::uint16_t> row(width);
        const std::uint8_t* heap = bytes.data() + 8 * ntiles;
        for (std::size_t t = 0; t < ntiles; ++t) {
            std::uint32_t len = be32(bytes.data() + 8 * t), off = be32(bytes.data() + 8 * t + 4);
            try {
                rice::decode({heap + off, len}, std::span<std::uint16_t>(row));
            } catch (const Error& e) {
                fail("corrupt Rice tile " + std::to_string(t + 1) + " (" + e.what() + ")");
            }
            std::uint16_t* dst = out.data() + t * width;
            for (std::size_t i = 0; i < width; ++i) dst[i] = std::uint16_t(row[i] ^ 0x8000u);
        }
        return out;
    }

    // GZIP_1 16-bit tiles: gzip streams of the stored big-endian int16 values.
    std::vector<std::uint16_t> inflate_tiles(std::span<const std::uint8_t> bytes, std::size_t width,
                                             std::size_t height, std::size_t rows, std::size_t ntiles) const {
        std::vector<std::uint16_t> out(width * height);
        std::vector<std::uint8_t> buf(width * rows * 2);
        const std::uint8_t* heap = bytes.data() + 8 * ntiles;
        for (std::size_t t = 0; t < ntiles; ++t) {
            std::uint32_t len = be32(bytes.data() + 8 * t), off = be32(bytes.data() + 8 * t + 4);
            std::size_t n = width * std::min(rows, height - t * rows);
            z_stream zs{};
            if (inflateInit2(&zs, 15 + 32) != Z_OK) fail("inflateInit2 failed");
            zs.next_in = const_cast<Bytef*>(heap + off);
            zs.avail_in = len;
            zs.next_out = buf.data();
            zs.avail_out = uInt(2 * n);
            int rc = inflate(&zs, Z_FINISH);
            std::size_t produced = zs.total_out;
            uInt left_in = zs.avail_in;
            inflateEnd(&zs);
            if (rc != Z_STREAM_END || produced != 2 * n || left_in != 0)
                fail("corrupt GZIP tile " + std::to_string(t + 1) + (zs.msg ? std::string(" (") + zs.msg + ")" : ""));
            std::uint16_t* dst = out.data() + t * rows * width;
            for (std::size_t i = 0; i < n; ++i)
                dst[i] = std::uint16_t(((std::uint16_t(buf[2 * i]) << 8) | buf[2 * i + 1]) ^ 0x8000);
        }
        return out;
    }

    std::string family() const {
        switch (kind_) {
            case TileKind::Rice: return "rice";
            case TileKind::Hcompress: return "hcompress";
            case TileKind::Gzip: return "gzip";
            case TileKind::Gzip2: return "gzip2";
        }
        return "?";
    }
    std::string cmpname() const {
        switch (kind_) {
            case TileKind::Rice: return "RICE_1";
            case TileKind::Hcompress: return "HCOMPRESS_1";
            case TileKind::Gzip: return "GZIP_1";
            case TileKind::Gzip2: return "GZIP_2";
        }
        return "?";
    }
    int comptype() const {
        switch (kind_) {
            case TileKind::Rice: return RICE_1;
            case TileKind::Hcompress: return HCOMPRESS_1;
            case TileKind::Gzip: return GZIP_1;
            case TileKind::Gzip2: return GZIP_2;
        }
        return 0;
    }
    [[noreturn]] void fail(const std::string& why) const { throw Error(who() + ": " + why); }
};

std::unique_ptr<Codec> make_tile(TileKind kind, const char* name, std::string_view option) {
    if (!option.empty()) throw UsageError(std::string(name) + " takes no options, got '" + std::string(option) + "'");
    return std::make_unique<FitsTileCodec>(kind);
}

}  // namespace

std::unique_ptr<Codec> make_fits_rice(std::string_view option, const CodecOptions&) {
    return make_tile(TileKind::Rice, "rice", option);
}
std::unique_ptr<Codec> make_fits_hcompress(std::string_view option, const CodecOptions&) {
    return make_tile(TileKind::Hcompress, "hcompress", option);
}
std::unique_ptr<Codec> make_fits_gzip(std::string_view option, const CodecOptions&) {
    return make_tile(TileKind::Gzip, "gzip", option);
}
std::unique_ptr<Codec> make_fits_gzip2(std::string_view option, const CodecOptions&) {
    return make_tile(TileKind::Gzip2, "gzip2", option);
}

}  // namespace bitsky::codecs
