// JPEG 2000 through OpenJPEG: reversible 5/3 wavelet, one quality layer at rate 0, all
// other parameters at opj_set_default_encoder_parameters() defaults, J2K codestream in
// memory. This is exactly what `opj_compress -i f.pgm -o f.j2k` does, including its COM
// marker "Created by OpenJPEG version X" (so the bytes are identical; the marker costs
// 37 bytes per frame, negligible and counted honestly). Frames under 32 px on a side get
// fewer wavelet levels (see resolutions()), = `opj_compress -n K`.
// Pixel types: 16-bit as above; uint8 as 8-bit samples (what opj_compress makes of an 8-bit
// PGM), no header; int32 and uint32 minus the frame minimum at the depth the range needs
// (1..19 bits), or as high/low 16-bit planes beyond that, behind the reduction header of
// sample_reduction.h. Why 19: OpenJPEG 2.5 keeps reversible 5/3 coefficients in int32
// with 6 fractional bits (T1_NMSEDEC_FRACBITS), so a coefficient must stay below 2^25; the
// 5/3 filters' worst-case growth over 5 decomposition levels is 4 x 2.25^4 (~2^6.7) times
// the DC-shifted input's 2^(prec-1), which bounds prec at 19. Measured: 20..23 bits
// round-tripped the patterns tried, 24 bits and more decode WRONG without any error
// (checkerboards, random 0/max) - so 19 is the proven-safe limit, not the measured one.
// Floats are refused.
// jpeg2000:rate<r> (LOSSY, issue #22): the irreversible 9/7 wavelet, one quality layer at
// compression ratio r (opj_compress -I -r r), 8- and 16-bit frames; no error bound (its
// fidelity is measured).
#include <openjpeg.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>
#include <string>

#include "engine/codecs/codec.h"
#include "engine/codecs/sample_reduction.h"
#include "engine/util/error.h"

namespace bitsky::codecs {
namespace {

struct CodecDeleter {
    void operator()(opj_codec_t* c) const { opj_destroy_codec(c); }
};
struct StreamDeleter {
    void operator()(opj_stream_t* s) const { opj_stream_destroy(s); }
};
struct ImageDeleter {
    void operator()(opj_image_t* i) const { opj_image_destroy(i); }
};
using CodecPtr = std::unique_ptr<opj_codec_t, CodecDeleter>;
using StreamPtr = std::unique_ptr<opj_stream_t, StreamDeleter>;
using ImagePtr = std::unique_ptr<opj_image_t, ImageDeleter>;

// Collects the first library error message for the exception text.
struct Messages {
    std::string error;
};
void on_error(const char* msg, void* data) {
    auto* m = static_cast<Messages*>(data);
    if (m->error.empty()) {
        m->error = msg ? msg : "";
        while (!m->error.empty() && (m->error.back() == '\n' || m->error.back() == ' ')) m->error.pop_back();
    }
}
void on_quiet(const char*, void*) {}

void set_handlers(opj_codec_t* codec, Messages* m) {
    opj_set_error_handler(codec, on_error, m);
    opj_set_warning_handler(codec, on_quiet, m);
    opj_set_info_handler(codec, on_quiet, m);
}

// Output stream into a growing vector (with seek/skip: the J2K writer may go back).
struct OutBuffer {
    std::vector<std::uint8_t> data;
    std::size_t pos = 0;
};
OPJ_SIZE_T out_write(void* buf, OPJ_SIZE_T n, void* user) {
    auto* o = static_cast<OutBuffer*>(user);
    if (o->pos + n > o->data.size()) o->data.resize(o->pos + n);
    std::memcpy(o->data.data() + o->pos, buf, n);
    o->pos += n;
    return n;
}
OPJ_OFF_T out_skip(OPJ_OFF_T n, void* user) {
    auto* o = static_cast<OutBuffer*>(user);
    if (n < 0 && OPJ_OFF_T(o->pos) + n < 0) return -1;
    o->pos = std::size_t(OPJ_OFF_T(o->pos) + n);
    if (o->pos > o->data.size()) o->data.resize(o->pos);
    return n;
}
OPJ_BOOL out_seek(OPJ_OFF_T n, void* user) {
    auto* o = static_cast<OutBuffer*>(user);
    if (n < 0) return OPJ_FALSE;
    o->pos = std::size_t(n);
    if (o->pos > o->data.size()) o->data.resize(o->pos);
    return OPJ_TRUE;
}

// Input stream over a byte span. Read returns (OPJ_SIZE_T)-1 at the end (library-notes:
// returning 0 makes the decoder spin).
struct InBuffer {
    std::span<const std::uint8_t> data;
    std::size_t pos = 0;
};
OPJ_SIZE_T in_read(void* buf, OPJ_SIZE_T n, void* user) {
    auto* in = static_cast<InBuffer*>(user);
    if (in->pos >= in->data.size()) return OPJ_SIZE_T(-1);
    OPJ_SIZE_T k = std::min<OPJ_SIZE_T>(n, in->data.size() - in->pos);
    std::memcpy(buf, in->data.data() + in->pos, k);
    in->pos += k;
    return k;
}
OPJ_OFF_T in_skip(OPJ_OFF_T n, void* user) {
    auto* in = static_cast<InBuffer*>(user);
    OPJ_OFF_T target = OPJ_OFF_T(in->pos) + n;
    if (target < 0) return -1;
    if (std::size_t(target) > in->data.size()) target = OPJ_OFF_T(in->data.size());
    OPJ_OFF_T moved = target - OPJ_OFF_T(in->pos);
    in->pos = std::size_t(target);
    return moved;
}
OPJ_BOOL in_seek(OPJ_OFF_T n, void* user) {
    auto* in = static_cast<InBuffer*>(user);
    if (n < 0 || std::size_t(n) > in->data.size()) return OPJ_FALSE;
    in->pos = std::size_t(n);
    return OPJ_TRUE;
}

class Jpeg2000Codec final : public Codec {
public:
    Jpeg2000Codec(int threads, float rate) : threads_(threads), rate_(rate) {}

    std::string spec() const override {
        if (rate_ == 0) return "jpeg2000";
        char buf[32];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, rate_);
        return "jpeg2000:rate" + std::string(buf, ec == std::errc() ? end : buf);
    }
    bool lossy() const override { return rate_ > 0; }
    std::string name() const override { return "jpeg2000"; }
    std::string library() const override { return "OpenJPEG"; }
    std::string library_version() const override { return opj_version(); }
    bool multithreaded() const override { return true; }
    std::string size_note() const override {
        return "J2K codestream SOC..EOC (no JP2 boxes), including opj_compress's COM marker; int32/uint32 frames "
               "add BitSky's reduction header (8 bytes, 12 and two codestreams for high/low planes)";
    }

    std::string refusal(int bitpix, std::size_t, std::size_t) const override {
        if (bitpix == -32 || bitpix == -64)
            return "JPEG 2000 (OpenJPEG, reversible 5/3) codes integer samples; this HDU is " +
                   pixel_type_name(bitpix) + " (lossless floats: jpegxl for 32-bit, gzip2)";
        if (bitpix != 8 && bitpix != 16 && bitpix != 32)
            return "takes integer images of BITPIX 8, 16 and 32; this HDU is " + pixel_type_name(bitpix);
        if (rate_ > 0 && bitpix == 32)
            return "lossy JPEG 2000 takes 8- and 16-bit frames; this HDU is " + pixel_type_name(bitpix);
        return "";
    }

    std::vector<std::uint8_t> encode(const Frame16& frame) const override {
        return encode_samples(frame.pixels.data(), 16, frame.width, frame.height);
    }

    std::vector<std::uint16_t> decode(std::span<const std::uint8_t> bytes, std::size_t width,
                                      std::size_t height) const override {
        std::vector<std::uint16_t> out(width * height);
        decode_samples(bytes, 16, width, height, [&](std::size_t i, OPJ_INT32 v) { out[i] = std::uint16_t(v); });
        return out;
    }

    std::vector<std::uint8_t> encode_any(const PixelFrame& frame) const override {
        if (frame.is_16bit()) return Codec::encode_any(frame);
        if (auto why = refusal(frame.bitpix(), frame.width, frame.height); !why.empty()) fail(why);
        if (frame.count() != frame.size()) fail("frame size does not match its values");
        if (frame.sample() == Sample::U8)
            return encode_samples(frame.get<std::uint8_t>().data(), 8, frame.width, frame.height);
        return reduction::encode(frame, depth_rule, [&](const std::vector<std::uint32_t>& plane, int bits) {
            return encode_samples(plane.data(), bits, frame.width, frame.height);
        });
    }

    PixelFrame decode_any(std::span<const std::uint8_t> bytes, Sample sample, std::size_t width,
                          std::size_t height) const override {
        if (sample == Sample::U16 || sample == Sample::I16) return Codec::decode_any(bytes, sample, width, height);
        if (auto why = refusal(sample_bitpix(sample), width, height); !why.empty()) fail(why);
        if (sample == Sample::U8) {
            PixelFrame out = PixelFrame::zeros(sample, width, height);
            auto& v = out.get<std::uint8_t>();
            decode_samples(bytes, 8, width, height, [&](std::size_t i, OPJ_INT32 x) { v[i] = std::uint8_t(x); });
            return out;
        }
        return reduction::decode(
            bytes, sample, width, height, depth_rule,
            [&](std::span<const std::uint8_t> cs, int bits) {
                std::vector<std::uint32_t> plane(width * height);
                decode_samples(cs, bits, width, height,
                               [&](std::size_t i, OPJ_INT32 x) { plane[i] = std::uint32_t(x); });
                return plane;
            },
            "jpeg2000 (OpenJPEG)");
    }

    std::string coding(const PixelFrame& frame) const override {
        if (frame.sample() != Sample::I32 && frame.sample() != Sample::U32) return "";
        return reduction::describe(reduction::choose(frame, depth_rule), frame.sample());
    }

    // Reversible 5/3 in OpenJPEG 2.5 is exact up to 19-bit samples (see the top of the file).
    static int depth_rule(int needed) { return needed <= 19 ? std::max(needed, 1) : 0; }

    // Codes width x height unsigned `prec`-bit samples.
    template <typename T>
    std::vector<std::uint8_t> encode_samples(const T* samples, int prec, std::size_t width, std::size_t height) const {
        if (width == 0 || height == 0) fail("cannot encode an empty frame");
        opj_cparameters_t params;
        opj_set_default_encoder_parameters(&params);
        // opj_compress: no rate given -> one lossless layer; -I -r r: irreversible 9/7, one
        // layer at compression ratio r.
        params.tcp_numlayers = 1;
        params.tcp_rates[0] = rate_;
        params.cp_disto_alloc = 1;
        params.irreversible = rate_ > 0 ? 1 : 0;
        params.tcp_mct = 0;  // one component
        // OpenJPEG needs min(width, height) >= 2^(resolutions-1). Frames of 32 px and more
        // per side use the default 6 resolutions; smaller ones get as many as fit, which is
        // what `opj_compress -n K` gives (opj_compress itself refuses them by default).
        params.numresolution = resolutions(width, height);
        std::string comment = std::string("Created by OpenJPEG version ") + opj_version();
        params.cp_comment = comment.data();

        opj_image_cmptparm_t cp;
        std::memset(&cp, 0, sizeof cp);
        cp.dx = cp.dy = 1;
        cp.w = OPJ_UINT32(width);
        cp.h = OPJ_UINT32(height);
        cp.prec = OPJ_UINT32(prec);
        cp.sgnd = 0;
        ImagePtr image(opj_image_create(1, &cp, OPJ_CLRSPC_GRAY));
        if (!image) fail("opj_image_create failed");
        image->x0 = image->y0 = 0;
        image->x1 = OPJ_UINT32(width);
        image->y1 = OPJ_UINT32(height);
        OPJ_INT32* dst = image->comps[0].data;
        for (std::size_t i = 0; i < width * height; ++i) dst[i] = OPJ_INT32(samples[i]);

        Messages msg;
        CodecPtr codec(opj_create_compress(OPJ_CODEC_J2K));
        if (!codec) fail("opj_create_compress failed");
        set_handlers(codec.get(), &msg);
        if (!opj_setup_encoder(codec.get(), &params, image.get())) fail("opj_setup_encoder: " + msg.error);
        if (threads_ > 1 && !opj_codec_set_threads(codec.get(), threads_)) fail("opj_codec_set_threads failed");

        OutBuffer out;
        out.data.reserve(width * height + 1024);
        StreamPtr stream(opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_FALSE));
        if (!stream) fail("opj_stream_create failed");
        opj_stream_set_user_data(stream.get(), &out, nullptr);
        opj_stream_set_write_function(stream.get(), out_write);
        opj_stream_set_skip_function(stream.get(), out_skip);
        opj_stream_set_seek_function(stream.get(), out_seek);

        if (!opj_start_compress(codec.get(), image.get(), stream.get())) fail("opj_start_compress: " + msg.error);
        if (!opj_encode(codec.get(), stream.get())) fail("opj_encode: " + msg.error);
        if (!opj_end_compress(codec.get(), stream.get())) fail("opj_end_compress: " + msg.error);
        stream.reset();  // flushes
        return std::move(out.data);
    }

    // Decodes a codestream of unsigned `prec`-bit samples, calling put(i, value) for each.
    template <typename Put>
    void decode_samples(std::span<const std::uint8_t> bytes, int prec, std::size_t width, std::size_t height,
                        Put put) const {
        if (bytes.empty()) fail("empty codestream");
        opj_dparameters_t params;
        opj_set_default_decoder_parameters(&params);
        Messages msg;
        CodecPtr codec(opj_create_decompress(OPJ_CODEC_J2K));
        if (!codec) fail("opj_create_decompress failed");
        set_handlers(codec.get(), &msg);
        if (!opj_setup_decoder(codec.get(), &params)) fail("opj_setup_decoder: " + msg.error);
        // Strict: a truncated codestream is an error, not a partial image.
        if (!opj_decoder_set_strict_mode(codec.get(), OPJ_TRUE)) fail("opj_decoder_set_strict_mode failed");
        if (threads_ > 1 && !opj_codec_set_threads(codec.get(), threads_)) fail("opj_codec_set_threads failed");

        InBuffer in{bytes, 0};
        StreamPtr stream(opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_TRUE));
        if (!stream) fail("opj_stream_create failed");
        opj_stream_set_user_data(stream.get(), &in, nullptr);
        opj_stream_set_user_data_length(stream.get(), bytes.size());
        opj_stream_set_read_function(stream.get(), in_read);
        opj_stream_set_skip_function(stream.get(), in_skip);
        opj_stream_set_seek_function(stream.get(), in_seek);

        opj_image_t* raw = nullptr;
        if (!opj_read_header(stream.get(), codec.get(), &raw)) {
            opj_image_destroy(raw);
            fail("corrupt codestream header: " + msg.error);
        }
        ImagePtr image(raw);
        if (image->numcomps != 1) fail("codestream has " + std::to_string(image->numcomps) + " components");
        const opj_image_comp_t& c0 = image->comps[0];
        std::size_t iw = image->x1 - image->x0, ih = image->y1 - image->y0;
        if (iw != width || ih != height || c0.dx != 1 || c0.dy != 1)
            fail("codestream is " + std::to_string(iw) + "x" + std::to_string(ih) + ", expected " +
                 std::to_string(width) + "x" + std::to_string(height));
        if (int(c0.prec) != prec || c0.sgnd) fail("codestream is not unsigned " + std::to_string(prec) + "-bit");
        if (!opj_decode(codec.get(), stream.get(), image.get())) fail("corrupt codestream: " + msg.error);
        if (!opj_end_decompress(codec.get(), stream.get())) fail("corrupt codestream end: " + msg.error);

        const opj_image_comp_t& c = image->comps[0];
        if (!c.data || c.w != width || c.h != height || c.factor != 0) fail("decoded component has the wrong size");
        const OPJ_INT32 top = OPJ_INT32((std::int64_t(1) << prec) - 1);
        for (std::size_t i = 0; i < width * height; ++i) {
            OPJ_INT32 v = c.data[i];
            if (v < 0 || v > top) fail("decoded sample out of " + std::to_string(prec) + "-bit range");
            put(i, v);
        }
    }

    static int resolutions(std::size_t width, std::size_t height) {
        std::size_t m = std::min(width, height);
        int n = 1;
        while (n < 6 && m >= (std::size_t(1) << n)) ++n;
        return n;
    }

private:
    int threads_;
    float rate_;  // 0: lossless
    [[noreturn]] void fail(const std::string& why) const { throw Error(spec() + " (OpenJPEG): " + why); }
};

}  // namespace

std::unique_ptr<Codec> make_jpeg2000(std::string_view option, const CodecOptions& options) {
    if (option.empty()) return std::make_unique<Jpeg2000Codec>(options.threads, 0.0f);
    float rate = 0;
    const auto digits = option.substr(std::min<std::size_t>(4, option.size()));
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), rate);
    if (!option.starts_with("rate") || ec != std::errc() || end != digits.data() + digits.size() || !(rate > 1) ||
        rate > 10000)
        throw UsageError("jpeg2000 takes no option or rate<r> (lossy, irreversible 9/7 at compression ratio r, "
                         "1 < r <= 10000), got '" + std::string(option) + "'");
    return std::make_unique<Jpeg2000Codec>(options.threads, rate);
}

}  // namespace bitsky::codecs
