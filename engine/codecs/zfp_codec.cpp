// `zfp`: libzfp's reversible (lossless) mode, a float reference codec.
//
// Takes float32, float64 and int32 (uint32 through value - 2^31, exactly FITS's
// convention); uint8 and 16-bit frames are widened to int32 (zfp has no narrower integer
// type; 16-bit frames as their uint16 view, so the 16-bit interface works as for every
// codec). The frame is one 2D zfp field (nx = NAXIS1), compressed with
// zfp_stream_set_reversible. zfp's reversible mode codes a block whose values its
// block-floating-point transform cannot restore exactly by their bit patterns, so NaN
// payloads, +-Inf, -0 and denormals come back bit for bit (tested on such frames).
// Stream: "ZFP1", XXH32 of the frame's bytes (u32 LE), the payload's length (u32 LE), the
// zfp payload (no zfp header:
// type and shape are the caller's). zfp itself does not bound its reads, so decoding
// copies the payload into a zero-padded buffer of zfp's maximum size for the shape, and
// the checksum catches truncated and corrupt streams (zfp would decode them silently).
//
// libzfp is opened with dlopen(RTLD_LOCAL | RTLD_DEEPBIND), not linked: its bit-stream
// functions (stream_open, stream_close, stream_flush, stream_size) have the same names as
// CFITSIO's stdin/stdout driver, which CFITSIO exports too, so in one process zfp's own
// calls to them would reach CFITSIO's (found: stream_open returned null). DEEPBIND makes
// libzfp resolve them in itself first; BitSky takes its functions by dlsym. (ASan builds,
// which refuse DEEPBIND, load it into a namespace of its own with dlmopen instead.)
#include <dlfcn.h>
#include <xxhash.h>
#include <zfp.h>

#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <type_traits>

#include "engine/codecs/codec.h"
#include "engine/util/bytes.h"
#include "engine/util/error.h"

namespace bitsky::codecs {
namespace {

constexpr std::size_t kHeader = 12;


// The libzfp functions BitSky calls, from the library opened on first use.
struct Zfp {
    decltype(&::zfp_field_2d) field_2d = nullptr;
    decltype(&::zfp_field_free) field_free = nullptr;
    decltype(&::zfp_stream_open) stream_open = nullptr;
    decltype(&::zfp_stream_close) stream_close = nullptr;
    decltype(&::zfp_stream_set_reversible) set_reversible = nullptr;
    decltype(&::zfp_stream_maximum_size) maximum_size = nullptr;
    decltype(&::zfp_stream_set_bit_stream) set_bit_stream = nullptr;
    decltype(&::zfp_stream_rewind) rewind = nullptr;
    decltype(&::zfp_compress) compress = nullptr;
    decltype(&::zfp_decompress) decompress = nullptr;
    decltype(&::stream_open) bits_open = nullptr;
    decltype(&::stream_close) bits_close = nullptr;
    std::string error;  // why libzfp is unusable, "" when loaded
};

const Zfp& zfp_library() {
    static const Zfp lib = [] {
        Zfp z;
#ifdef __SANITIZE_ADDRESS__
        // AddressSanitizer refuses RTLD_DEEPBIND (google/sanitizers#611); a link-map namespace
        // of its own isolates libzfp's symbols from CFITSIO's just as well (sanitizer builds).
        void* h = dlmopen(LM_ID_NEWLM, "libzfp.so.1", RTLD_NOW | RTLD_LOCAL);
#else
        void* h = dlopen("libzfp.so.1", RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
#endif
        if (!h) {
            const char* e = dlerror();
            z.error = std::string("libzfp.so.1 cannot be loaded: ") + (e ? e : "unknown error");
            return z;
        }
        auto get = [&](auto& fn, const char* name) {
            fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(h, name));
            if (!fn && z.error.empty()) z.error = std::string("libzfp.so.1 has no ") + name;
        };
        get(z.field_2d, "zfp_field_2d");
        get(z.field_free, "zfp_field_free");
        get(z.stream_open, "zfp_stream_open");
        get(z.stream_close, "zfp_stream_close");
        get(z.set_reversible, "zfp_stream_set_reversible");
        get(z.maximum_size, "zfp_stream_maximum_size");
        get(z.set_bit_stream, "zfp_stream_set_bit_stream");
        get(z.rewind, "zfp_stream_rewind");
        get(z.compress, "zfp_compress");
        get(z.decompress, "zfp_decompress");
        get(z.bits_open, "stream_open");
        get(z.bits_close, "stream_close");
        return z;  // the handle stays open for the process
    }();
    return lib;
}

const Zfp& zfp_or_throw() {
    const Zfp& z = zfp_library();
    if (!z.error.empty()) throw Error("zfp: " + z.error);
    return z;
}

zfp_type zfp_type_of(Sample s) {
    switch (s) {
        case Sample::F32: return zfp_type_float;
        case Sample::F64: return zfp_type_double;
        case Sample::I32:
        case Sample::U32: return zfp_type_int32;
        default: return zfp_type_none;
    }
}

// One zfp run over `data` (the frame's values, uint32 already as int32): compresses into
// `buffer` or decompresses from it. Returns zfp's byte count (0 on failure).
std::size_t run_zfp(void* data, Sample s, std::size_t width, std::size_t height, std::vector<std::uint8_t>& buffer,
                    bool compress) {
    const Zfp& z = zfp_or_throw();
    std::unique_ptr<zfp_field, decltype(z.field_free)> field(z.field_2d(data, zfp_type_of(s), width, height),
                                                             z.field_free);
    std::unique_ptr<zfp_stream, decltype(z.stream_close)> zfp(z.stream_open(nullptr), z.stream_close);
    if (!field || !zfp) throw Error("zfp: cannot create a zfp stream");
    z.set_reversible(zfp.get());
    const std::size_t max = z.maximum_size(zfp.get(), field.get());
    if (compress) buffer.assign(max, 0);
    else if (buffer.size() < max) buffer.resize(max, 0);  // zero padding bounds zfp's reads
    std::unique_ptr<bitstream, decltype(z.bits_close)> bits(z.bits_open(buffer.data(), buffer.size()), z.bits_close);
    if (!bits) throw Error("zfp: cannot open a bit stream");
    z.set_bit_stream(zfp.get(), bits.get());
    z.rewind(zfp.get());
    return compress ? z.compress(zfp.get(), field.get()) : z.decompress(zfp.get(), field.get());
}

std::uint32_t checksum(std::span<const std::uint8_t> bytes) { return XXH32(bytes.data(), bytes.size(), 0); }

// uint32 <-> int32 by FITS's offset (flip of the top bit), in place.
void flip_top_bits(PixelFrame& f) {
    if (f.sample() != Sample::U32) return;
    for (auto& v : f.get<std::uint32_t>()) v ^= 0x80000000u;
}

// Narrow integers as an int32 frame, and back (Error if a decoded value does not fit).
template <typename T>
PixelFrame widened(std::span<const T> v, std::size_t width, std::size_t height) {
    return PixelFrame::of(std::vector<std::int32_t>(v.begin(), v.end()), width, height);
}
template <typename T>
std::vector<T> narrowed(const PixelFrame& f) {
    const auto& v = f.get<std::int32_t>();
    std::vector<T> out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] < 0 || v[i] > std::numeric_limits<T>::max()) throw Error("zfp: corrupt stream (value out of range)");
        out[i] = static_cast<T>(v[i]);
    }
    return out;
}

class ZfpCodec final : public Codec {
public:
    std::string spec() const override { return "zfp"; }
    std::string name() const override { return "zfp"; }
    std::string library() const override { return "libzfp"; }
    std::string library_version() const override { return ZFP_VERSION_STRING; }
    bool multithreaded() const override { return false; }
    std::string size_note() const override {
        return "12-byte header (magic, XXH32 of the frame, payload length) + zfp reversible-mode stream of the frame as one 2D field";
    }
    std::string refusal(int bitpix, std::size_t width, std::size_t height) const override {
        if (bitpix != 8 && bitpix != 16 && bitpix != 32 && bitpix != -32 && bitpix != -64)
            return "zfp takes BITPIX 8, 16, 32, -32 and -64 images; this HDU is " + pixel_type_name(bitpix);
        if (width == 0 || height == 0) return "zfp cannot code an empty frame";
        if (const auto& e = zfp_library().error; !e.empty()) return e;
        return "";
    }
    std::vector<std::uint8_t> encode(const Frame16& frame) const override {
        if (frame.pixels.size() < frame.size()) throw Error("zfp: pixel buffer smaller than width x height");
        return encode_any(widened(frame.pixels.first(frame.size()), frame.width, frame.height));
    }
    std::vector<std::uint16_t> decode(std::span<const std::uint8_t> bytes, std::size_t width,
                                      std::size_t height) const override {
        return narrowed<std::uint16_t>(decode_any(bytes, Sample::I32, width, height));
    }
    std::string coding(const PixelFrame& frame) const override {
        if (frame.sample() == Sample::U8) return "uint8 widened to int32";
        return "";
    }

    std::vector<std::uint8_t> encode_any(const PixelFrame& frame) const override {
        if (auto why = refusal(frame.bitpix(), frame.width, frame.height); !why.empty()) throw Error("zfp: " + why);
        if (frame.count() != frame.size()) throw Error("zfp: frame holds another number of values than width x height");
        if (frame.is_16bit()) return Codec::encode_any(frame);  // the uint16 view, through encode()
        if (frame.sample() == Sample::U8)
            return encode_any(widened(std::span<const std::uint8_t>(frame.get<std::uint8_t>()), frame.width, frame.height));
        PixelFrame copy = frame;  // zfp takes a non-const pointer; uint32 is offset to int32
        flip_top_bits(copy);
        std::vector<std::uint8_t> buffer;
        const std::size_t n = run_zfp(copy.bytes().data(), frame.sample(), frame.width, frame.height, buffer, true);
        if (n == 0) throw Error("zfp: compression failed");
        std::vector<std::uint8_t> out = {'Z', 'F', 'P', '1'};
        util::put_le32(out, checksum(frame.bytes()));
        if (n > 0xFFFFFFFFu) throw Error("zfp: the stream would exceed 4 GiB");
        util::put_le32(out, static_cast<std::uint32_t>(n));
        out.insert(out.end(), buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
        return out;
    }

    PixelFrame decode_any(std::span<const std::uint8_t> bytes, Sample sample, std::size_t width,
                          std::size_t height) const override {
        if (auto why = refusal(sample_bitpix(sample), width, height); !why.empty()) throw Error("zfp: " + why);
        if (sample == Sample::U16 || sample == Sample::I16) return Codec::decode_any(bytes, sample, width, height);
        if (sample == Sample::U8)
            return PixelFrame::of(narrowed<std::uint8_t>(decode_any(bytes, Sample::I32, width, height)), width, height);
        if (bytes.size() < kHeader || std::memcmp(bytes.data(), "ZFP1", 4) != 0)
            throw Error("zfp: not a zfp stream of this codec (bad or missing header)");
        if (util::get_le32(bytes, 8) != bytes.size() - kHeader)
            throw Error("zfp: truncated or padded stream (" + std::to_string(bytes.size() - kHeader) + " bytes, the header says " +
                        std::to_string(util::get_le32(bytes, 8)) + ")");
        // Reversible zfp spends at least one bit per 4x4 block (ZFP_MIN_BITS): a shorter
        // stream cannot hold the frame (refuses absurd shapes before allocating).
        const std::size_t max_pixels = 16 * 8 * (bytes.size() - kHeader) + 16 * 4096;
        if (height > max_pixels / width)
            throw Error("zfp: a " + std::to_string(bytes.size()) + "-byte stream cannot hold a " + std::to_string(width) +
                        "x" + std::to_string(height) + " frame");
        PixelFrame f = PixelFrame::zeros(sample, width, height);
        std::vector<std::uint8_t> buffer(bytes.begin() + kHeader, bytes.end());
        if (run_zfp(f.bytes().data(), sample, width, height, buffer, false) == 0)
            throw Error("zfp: corrupt stream (decompression failed)");
        flip_top_bits(f);
        if (checksum(f.bytes()) != util::get_le32(bytes, 4))
            throw Error("zfp: corrupt or truncated stream, or another shape than " + std::to_string(width) + "x" +
                        std::to_string(height) + " (checksum mismatch)");
        return f;
    }
};

}  // namespace

std::unique_ptr<Codec> make_zfp(std::string_view option, const CodecOptions&) {
    if (!option.empty()) throw UsageError("zfp takes no options (reversible mode)");
    return std::make_unique<ZfpCodec>();
}

}  // namespace bitsky::codecs
