// fpack's quantization of float frames (fits_quant_codec.h), through CFITSIO's public API
// only, exactly as fpack and funpack call it:
//   encode: the frame as an uncompressed float image in a memory file, then
//           fits_set_compression_type / _quantize_level / _quantize_method / _dither_seed and
//           fits_img_compress (fpack's call; default tiling: one row per tile, Hcompress
//           CFITSIO's default rows; t<rows>/tframe: fits_set_tile_dim as fpack -t); the bytes are the compressed HDU's BINTABLE data unit
//           (descriptor table with ZSCALE/ZZERO per tile + heap), what fpack writes.
//   decode: that data unit behind a rebuilt header (fits_tile_header), fits_img_decompress
//           (funpack's call) into a memory file, read back as stored.
// So the size equals fpack -q's data unit and the decoded pixels are funpack's (tested on
// the corpus). What the header needs and the bytes do not say is fixed by the spec (coder,
// dither, ZDITHER0 = the seed) or by the frame size (tiling), except two things the data
// decide: a GZIP_COMPRESSED_DATA column (CFITSIO adds it when a tile cannot be quantized:
// constant rows, one-pixel tiles) and ZBLANK (null pixels). The column is found from the
// bytes (each row width is tried; the descriptors must tile the heap exactly, in order);
// ZBLANK is always written, with the value fits_img_compress uses (COMPRESS_NULL_VALUE),
// which no quantized non-null pixel takes.
#include <fitsio.h>
#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "engine/codecs/fits_quant_codec.h"
#include "engine/codecs/fits_quant_layout.h"
#include "engine/codecs/fits_tile_support.h"
#include "engine/util/error.h"

namespace bitsky::codecs {
namespace {

using namespace fits_tile;

class FitsQuantCodec final : public Codec {
public:
    explicit FitsQuantCodec(QuantSpec q) : q_(q) {}

    std::string spec() const override { return q_.spec(); }
    std::string name() const override { return q_.family(); }
    std::string library() const override { return "CFITSIO"; }
    std::string library_version() const override {
        return std::to_string(CFITSIO_MAJOR) + "." + std::to_string(CFITSIO_MINOR) + "." + std::to_string(CFITSIO_MICRO);
    }
    bool multithreaded() const override { return false; }
    bool lossy() const override { return true; }
    bool writes_fits_tiles() const override { return true; }
    std::string size_note() const override {
        return "FITS tile-compressed BINTABLE data unit of fpack " + q_.fpack_args() +
               " without padding: per tile a descriptor, ZSCALE and ZZERO (NAXIS1*NAXIS2) + heap (PCOUNT), as fpack "
               "writes it; headers not counted";
    }

    std::string refusal(int bitpix, std::size_t width, std::size_t height) const override {
        if (bitpix != -32 && bitpix != -64)
            return "quantizes floating-point images only (BITPIX -32, -64); fpack does not quantize integer images "
                   "(it codes them losslessly: use " + q_.family() + " without :q); this HDU is " +
                   pixel_type_name(bitpix);
        if (width == 0 || height == 0) return "empty frame";
        if (quant::tile_rows(q_, width, height) == 0)
            return "Hcompress tiles must be at least 4x4 (fpack refuses it too); this frame is " +
                   std::to_string(width) + "x" + std::to_string(height);
        return "";
    }

    std::vector<std::uint8_t> encode(const Frame16&) const override { fail(refusal(16, 1, 1)); }
    std::vector<std::uint16_t> decode(std::span<const std::uint8_t>, std::size_t, std::size_t) const override {
        fail(refusal(16, 1, 1));
    }

    std::string coding(const PixelFrame& frame) const override {
        std::string step = q_.level > 0 ? "sigma/" + quant::level_text(q_.level) + " of each tile"
                                        : quant::level_text(-q_.level);
        std::string dither = q_.dither == QuantDither::None ? "no dither"
                             : std::string(q_.dither == QuantDither::Subtractive1 ? "SUBTRACTIVE_DITHER_1"
                                                                                  : "SUBTRACTIVE_DITHER_2") +
                                   ", ZDITHER0 " + std::to_string(q_.seed);
        return std::string(sample_name(frame.sample())) + " quantized to integers (step " + step + ", " + dither +
               "), " + quant::cmpname(q_.coder) + " on the integers";
    }

    std::string check_reconstruction(const PixelFrame& original, const PixelFrame& decoded,
                                     std::span<const std::uint8_t> bytes) const override {
        return quant::check_reconstruction(q_, quant::read_layout(q_, bytes, original.width, original.height, who()),
                                           original, decoded);
    }

    std::vector<std::uint8_t> encode_any(const PixelFrame& frame) const override;
    PixelFrame decode_any(std::span<const std::uint8_t> bytes, Sample sample, std::size_t width,
                          std::size_t height) const override;
    std::string fits_tile_header(std::span<const std::uint8_t> bytes, Sample sample, std::size_t width,
                                 std::size_t height) const override {
        if (auto why = refusal(sample_bitpix(sample), width, height); !why.empty()) fail(why);
        return quant::header(q_, quant::read_layout(q_, bytes, width, height, who()), sample_bitpix(sample));
    }

private:
    QuantSpec q_;

    std::string who() const { return q_.spec() + " (CFITSIO quantization)"; }
    [[noreturn]] void fail(const std::string& why) const { throw Error(who() + ": " + why); }
    void check(int status, const char* what) const {
        if (status) fail(std::string(what) + ": " + cfitsio_message(status));
    }
};

std::vector<std::uint8_t> FitsQuantCodec::encode_any(const PixelFrame& frame) const {
    if (auto why = refusal(frame.bitpix(), frame.width, frame.height); !why.empty()) fail(why);
    if (frame.count() != frame.size()) fail("frame size does not match its values");
    const bool f64 = frame.sample() == Sample::F64;
    const std::size_t w = frame.width, h = frame.height, n = frame.size();
    const std::size_t raw = frame.raw_bytes();
    int status = 0;

    // fpack's input: the values as an uncompressed image (copied: CFITSIO takes void*).
    MemBuffer in;
    allocate(in, blocks_for(raw));
    fitsfile* raw_in = nullptr;
    check(fits_create_memfile(&raw_in, &in.ptr, &in.size, in.size, zeroing_realloc, &status),
          "fits_create_memfile");
    FitsPtr src(raw_in);
    long naxes[2] = {long(w), long(h)};
    fits_create_img(src.get(), f64 ? DOUBLE_IMG : FLOAT_IMG, 2, naxes, &status);
    PixelFrame copy = frame;
    fits_write_img(src.get(), f64 ? TDOUBLE : TFLOAT, 1, LONGLONG(n), copy.bytes().data(), &status);
    check(status, "writing the image to compress");

    // fpack's call: compression settings on the output file, then fits_img_compress.
    MemBuffer out;
    allocate(out, blocks_for(raw / 2));
    {
        fitsfile* raw_out = nullptr;
        check(fits_create_memfile(&raw_out, &out.ptr, &out.size, out.size, zeroing_realloc, &status),
              "fits_create_memfile");
        FitsPtr dst(raw_out);
        fits_set_compression_type(dst.get(), quant::comptype(q_.coder), &status);
        fits_set_quantize_level(dst.get(), q_.level, &status);
        fits_set_quantize_method(dst.get(), quant::method(q_.dither), &status);
        if (q_.dither != QuantDither::None) fits_set_dither_seed(dst.get(), q_.seed, &status);
        if (q_.rows != 0) {  // fpack -t <width>,<rows>
            long tile[2] = {long(w), long(quant::tile_rows(q_, w, h))};
            fits_set_tile_dim(dst.get(), 2, tile, &status);
        }
        check(status, "compression settings");
        fits_img_compress(src.get(), dst.get(), &status);
        check(status, "fits_img_compress");
        fits_close_file(dst.release(), &status);
        check(status, "closing the compressed file");
    }

    // The BINTABLE data unit, after checking that its header is the one decode rebuilds.
    const auto* base = static_cast<const std::uint8_t*>(out.ptr);
    std::size_t primary_len = 0, ext_len = 0;
    std::map<std::string, std::string> ext;
    try {
        auto primary = parse_header(base, out.size, primary_len);
        if (key_int(primary, "NAXIS") != 0) fail("unexpected primary data unit");
        ext = parse_header(base + primary_len, out.size - primary_len, ext_len);
    } catch (const std::invalid_argument&) {
        fail("unreadable compressed header");
    } catch (const std::out_of_range&) {
        fail("unreadable compressed header");
    }
    const long long naxis1 = key_int(ext, "NAXIS1"), naxis2 = key_int(ext, "NAXIS2"), pcount = key_int(ext, "PCOUNT");
    const std::size_t start = primary_len + ext_len;
    if (naxis1 <= 0 || naxis2 <= 0 || pcount < 0 || start + std::size_t(naxis1 * naxis2 + pcount) > out.size)
        fail("unexpected compressed table size");
    std::span<const std::uint8_t> unit(base + start, std::size_t(naxis1 * naxis2 + pcount));
    const quant::Layout layout = quant::read_layout(q_, unit, w, h, who());
    const std::string expect = quant::check_cards(q_, layout, ext);
    if (!expect.empty()) fail("CFITSIO wrote a header decode would not rebuild: " + expect);
    return {unit.begin(), unit.end()};
}

PixelFrame FitsQuantCodec::decode_any(std::span<const std::uint8_t> bytes, Sample sample, std::size_t width,
                                      std::size_t height) const {
    if (auto why = refusal(sample_bitpix(sample), width, height); !why.empty()) fail(why);
    const quant::Layout layout = quant::read_layout(q_, bytes, width, height, who());
    quant::check_gzip_tiles(q_.coder, layout, bytes, sample_bytes(sample), who());
    const std::string header = primary_header() + quant::header(q_, layout, sample_bitpix(sample));
    MemBuffer mem;
    allocate(mem, header.size() + (bytes.size() + kBlock - 1) / kBlock * kBlock);
    std::memcpy(mem.ptr, header.data(), header.size());
    std::memcpy(static_cast<char*>(mem.ptr) + header.size(), bytes.data(), bytes.size());

    const bool f64 = sample == Sample::F64;
    PixelFrame out = PixelFrame::zeros(sample, width, height);
    int status = 0;
    fitsfile* raw_in = nullptr;
    check(fits_open_memfile(&raw_in, "bitsky-quant", READONLY, &mem.ptr, &mem.size, 0, nullptr, &status),
          "cannot open the rebuilt file");
    FitsPtr in(raw_in);
    int hdutype = 0;
    fits_movabs_hdu(in.get(), 2, &hdutype, &status);
    check(status, "corrupt stream");

    // funpack's call: fits_img_decompress into an uncompressed image, read as stored.
    MemBuffer img;
    allocate(img, blocks_for(out.raw_bytes()));
    fitsfile* raw_img = nullptr;
    check(fits_create_memfile(&raw_img, &img.ptr, &img.size, img.size, zeroing_realloc, &status),
          "fits_create_memfile");
    FitsPtr dst(raw_img);
    fits_img_decompress(in.get(), dst.get(), &status);
    check(status, "corrupt stream (fits_img_decompress)");
    int anynul = 0;
    fits_read_img(dst.get(), f64 ? TDOUBLE : TFLOAT, 1, LONGLONG(width * height), nullptr, out.bytes().data(),
                  &anynul, &status);
    check(status, "reading the decompressed image");
    return out;
}

}  // namespace

std::unique_ptr<Codec> make_fits_quant(const QuantSpec& spec) { return std::make_unique<FitsQuantCodec>(spec); }

}  // namespace bitsky::codecs
