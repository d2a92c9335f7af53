// JPEG 2000 through OpenJPEG: reversible 5/3 wavelet, one quality layer at rate 0, all
// other parameters at opj_set_default_encoder_parameters() defaults, J2K codestream in
// memory. This is exactly what `opj_compress -i f.pgm -o f.j2k` does, including its COM
// marker "Created by OpenJPEG version X" (so the bytes are identical; the marker costs
// 37 bytes per frame, negligible and counted honestly). Frames under 32 px on a side get
// fewer wavelet levels (see resolutions()), = `opj_compress -n K`.
#include <openjpeg.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include "engine/codecs/codec.h"
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
    explicit Jpeg2000Codec(int threads) : threads_(threads) {}

    std::string spec() const override { return "jpeg2000"; }
    std::string name() const override { return "jpeg2000"; }
    std::string library() const override { return "OpenJPEG"; }
    std::string library_version() const override { return opj_version(); }
    bool multithreaded() const override { return true; }
    std::string size_note() const override {
        return "J2K codestream SOC..EOC (no JP2 boxes), including opj_compress's COM marker";
    }

    std::vector<std::uint8_t> encode(const Frame16& frame) const override {
        if (frame.width == 0 || frame.height == 0) fail("cannot encode an empty frame");
        opj_cparameters_t params;
        opj_set_default_encoder_parameters(&params);
        // opj_compress: no rate given -> one lossless layer.
        params.tcp_numlayers = 1;
        params.tcp_rates[0] = 0;
        params.cp_disto_alloc = 1;
        params.tcp_mct = 0;  // one component
        // OpenJPEG needs min(width, height) >= 2^(resolutions-1). Frames of 32 px and more
        // per side use the default 6 resolutions; smaller ones get as many as fit, which is
        // what `opj_compress -n K` gives (opj_compress itself refuses them by default).
        params.numresolution = resolutions(frame.width, frame.height);
        std::string comment = std::string("Created by OpenJPEG version ") + opj_version();
        params.cp_comment = comment.data();

        opj_image_cmptparm_t cp;
        std::memset(&cp, 0, sizeof cp);
        cp.dx = cp.dy = 1;
        cp.w = OPJ_UINT32(frame.width);
        cp.h = OPJ_UINT32(frame.height);
        cp.prec = 16;
        cp.sgnd = 0;
        ImagePtr image(opj_image_create(1, &cp, OPJ_CLRSPC_GRAY));
        if (!image) fail("opj_image_create failed");
        image->x0 = image->y0 = 0;
        image->x1 = OPJ_UINT32(frame.width);
        image->y1 = OPJ_UINT32(frame.height);
        OPJ_INT32* dst = image->comps[0].data;
        for (std::size_t i = 0; i < frame.pixels.size(); ++i) dst[i] = frame.pixels[i];

        Messages msg;
        CodecPtr codec(opj_create_compress(OPJ_CODEC_J2K));
        if (!codec) fail("opj_create_compress failed");
        set_handlers(codec.get(), &msg);
        if (!opj_setup_encoder(codec.get(), &params, image.get())) fail("opj_setup_encoder: " + msg.error);
        if (threads_ > 1 && !opj_codec_set_threads(codec.get(), threads_)) fail("opj_codec_set_threads failed");

        OutBuffer out;
        out.data.reserve(frame.pixels.size_bytes() / 2 + 1024);
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

    std::vector<std::uint16_t> decode(std::span<const std::uint8_t> bytes, std::size_t width,
                                      std::size_t height) const override {
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
        if (c0.prec != 16 || c0.sgnd) fail("codestream is not unsigned 16-bit");
        if (!opj_decode(codec.get(), stream.get(), image.get())) fail("corrupt codestream: " + msg.error);
        if (!opj_end_decompress(codec.get(), stream.get())) fail("corrupt codestream end: " + msg.error);

        const opj_image_comp_t& c = image->comps[0];
        if (!c.data || c.w != width || c.h != height || c.factor != 0) fail("decoded component has the wrong size");
        std::vector<std::uint16_t> out(width * height);
        for (std::size_t i = 0; i < out.size(); ++i) {
            OPJ_INT32 v = c.data[i];
            if (v < 0 || v > 65535) fail("decoded sample out of 16-bit range");
            out[i] = std::uint16_t(v);
        }
        return out;
    }

    static int resolutions(std::size_t width, std::size_t height) {
        std::size_t m = std::min(width, height);
        int n = 1;
        while (n < 6 && m >= (std::size_t(1) << n)) ++n;
        return n;
    }

private:
    int threads_;
    [[noreturn]] void fail(const std::string& why) const { throw Error("jpeg2000 (OpenJPEG): " + why); }
};

}  // namespace

std::unique_ptr<Codec> make_jpeg2000(std::string_view option, const CodecOptions& options) {
    if (!option.empty()) throw UsageError("jpeg2000 takes no options, got '" + std::string(option) + "'");
    return std::make_unique<Jpeg2000Codec>(options.threads);
}

}  // namespace bitsky::codecs
