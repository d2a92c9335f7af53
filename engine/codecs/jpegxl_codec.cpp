// JPEG-XL through libjxl: lossless modular mode, 16-bit grayscale, bare codestream.
// Settings reproduce `cjxl -d 0 -e N` on a 16-bit PGM byte for byte (tested), and
// jpegxl:max = `cjxl -d 0 -e 9 -E 3 -I 100 -g 3`.
// Pixel types (measured on libjxl 0.7, tests/engine/jpeg_types_test.cpp):
//  - uint8: 8-bit samples, = `cjxl -d 0` on an 8-bit PGM (bare codestream, no container).
//  - int32/uint32: minus the frame minimum (sample_reduction.h header) as 8- or 16-bit
//    samples, 17..24-bit samples, or high/low 16-bit planes when the range needs more than
//    24 bits. libjxl 0.7 reads uint8/uint16 input as a fraction of the type's full range and
//    rescales it to the declared depth, so its integer interface is exact only at 8 and 16
//    bits (a 12-bit plane would be rounding arithmetic; the coded integers are the same at
//    16, only the header's depth differs); it refuses integer depths above 24. 17..24-bit
//    planes go through its float interface as v / (2^bits - 1) and come back by rounding:
//    exact for every value (checked exhaustively for each depth 17..24). Those planes are
//    coded without libjxl's global channel palette (cjxl -X 0; see encode_here).
//  - float32: the bit patterns as ordered integers (sample_reduction.h), then as int32 -
//    nearly always high/low 16-bit planes. NOT libjxl's own float samples (bits 32, exponent
//    8): libjxl 0.7 codes them as sign-magnitude int32 and its predictors overflow where
//    large values of both signs meet, so the decoded bits differ (measured: 6 of the 7
//    3x4 frames of corpus/gildas_4d_cube.fits at e7, 3 at e1, exponent bits wrong; random
//    patterns happened to pass).
//  - float64: refused (JPEG XL floats are at most 32 bits).
// jpegxl:d<distance> (LOSSY, issue #22): libjxl's lossy mode (VarDCT, cjxl -d distance -e 7,
// the default XYB colour transform), 8- and 16-bit frames; no error bound (its fidelity is
// measured).
// jpegxl:q<level>... (LOSSY, issue #22): fpack's quantization, the integers coded by this
// lossless path (jpegxl_quant_codec.cpp).
#include <jxl/decode.h>
#include <jxl/decode_cxx.h>
#include <jxl/encode.h>
#include <jxl/encode_cxx.h>
#include <jxl/thread_parallel_runner.h>
#include <jxl/thread_parallel_runner_cxx.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string>

#include "engine/codecs/codec.h"
#include "engine/codecs/fits_quant_codec.h"
#include "engine/codecs/sample_reduction.h"
#include "engine/util/error.h"

namespace bitsky::codecs {
namespace {

// 16-bit lossless needs codestream level 10, which libjxl (like cjxl) signals with a
// `jxll` box, so its output is an ISOBMFF container: ftyp, jxll, jxlc (or jxlp parts).
// We keep the codestream only (what design.md counts); a decoder needs nothing else.
std::vector<std::uint8_t> bare_codestream(std::vector<std::uint8_t> file) {
    static const std::uint8_t sig[12] = {0, 0, 0, 0x0c, 'J', 'X', 'L', ' ', 0x0d, 0x0a, 0x87, 0x0a};
    if (file.size() < 12 || std::memcmp(file.data(), sig, 12) != 0) return file;  // already bare
    std::vector<std::uint8_t> cs;
    std::size_t pos = 0;
    while (pos + 8 <= file.size()) {
        std::uint64_t size = 0;
        for (int i = 0; i < 4; ++i) size = size << 8 | file[pos + std::size_t(i)];
        std::string type(reinterpret_cast<const char*>(&file[pos + 4]), 4);
        std::size_t head = 8;
        if (size == 1) {
            if (pos + 16 > file.size()) break;
            size = 0;
            for (int i = 0; i < 8; ++i) size = size << 8 | file[pos + 8 + std::size_t(i)];
            head = 16;
        } else if (size == 0) {
            size = file.size() - pos;
        }
        if (size < head || pos + size > file.size()) throw Error("libjxl wrote a malformed container");
        const std::uint8_t* payload = file.data() + pos + head;
        std::size_t len = std::size_t(size) - head;
        if (type == "jxlc") cs.insert(cs.end(), payload, payload + len);
        else if (type == "jxlp" && len >= 4) cs.insert(cs.end(), payload + 4, payload + len);
        pos += std::size_t(size);
    }
    if (cs.empty()) throw Error("libjxl wrote a container without a codestream");
    return cs;
}

// One grayscale image of integer samples for libjxl: `type` in memory, `bits` deep (17..24
// bits as JXL_TYPE_FLOAT fractions of 2^bits - 1).
struct Plane {
    const void* data = nullptr;
    std::size_t bytes = 0;
    JxlDataType type = JXL_TYPE_UINT16;
    std::uint32_t bits = 16;
    std::size_t width = 0, height = 0;
};

class JpegXlCodec final : public Codec {
public:
    JpegXlCodec(int effort, bool max, int threads, float distance = 0)
        : effort_(effort), max_(max), threads_(threads), distance_(distance) {}

    std::string spec() const override {
        if (distance_ > 0) {
            char buf[32];
            auto [end, ec] = std::to_chars(buf, buf + sizeof buf, distance_);
            return "jpegxl:d" + std::string(buf, ec == std::errc() ? end : buf);
        }
        return max_ ? "jpegxl:max" : "jpegxl:e" + std::to_string(effort_);
    }
    bool lossy() const override { return distance_ > 0; }
    std::string name() const override { return "jpegxl"; }
    std::string library() const override { return "libjxl"; }
    std::string library_version() const override {
        uint32_t v = JxlEncoderVersion();
        return std::to_string(v / 1000000) + "." + std::to_string(v / 1000 % 1000) + "." + std::to_string(v % 1000);
    }
    bool multithreaded() const override { return true; }
    std::string size_note() const override {
        return "bare JPEG XL codestream: the jxlc box payload of cjxl's output, without the 49 bytes of "
               "container boxes (ftyp, jxll level-10 marker, box headers); int32/uint32/float32 frames add BitSky's "
               "reduction header (8 bytes, 12 and two codestreams for high/low planes)";
    }

    std::string refusal(int bitpix, std::size_t, std::size_t) const override {
        if (bitpix == -64)
            return "JPEG XL (libjxl 0.7) codes floats of at most 32 bits; this HDU is " + pixel_type_name(bitpix) +
                   " (lossless: gzip2)";
        if (bitpix != 8 && bitpix != 16 && bitpix != 32 && bitpix != -32)
            return "takes BITPIX 8, 16, 32 and -32 images; this HDU is " + pixel_type_name(bitpix);
        if (distance_ > 0 && bitpix != 8 && bitpix != 16)
            return "lossy JPEG XL takes 8- and 16-bit frames; this HDU is " + pixel_type_name(bitpix);
        return "";
    }

    std::vector<std::uint8_t> encode(const Frame16& frame) const override {
        return encode_plane({frame.pixels.data(), frame.pixels.size_bytes(), JXL_TYPE_UINT16, 16, frame.width,
                             frame.height});
    }

    std::vector<std::uint16_t> decode(std::span<const std::uint8_t> bytes, std::size_t width,
                                      std::size_t height) const override {
        std::vector<std::uint16_t> out(width * height);
        decode_plane(bytes, {out.data(), out.size() * 2, JXL_TYPE_UINT16, 16, width, height});
        return out;
    }

    std::vector<std::uint8_t> encode_any(const PixelFrame& frame) const override {
        if (frame.is_16bit()) return Codec::encode_any(frame);
        if (auto why = refusal(frame.bitpix(), frame.width, frame.height); !why.empty()) fail(why);
        if (frame.count() != frame.size()) fail("frame size does not match its values");
        const auto bytes = frame.bytes();
        if (frame.sample() == Sample::U8)
            return encode_plane({bytes.data(), bytes.size(), JXL_TYPE_UINT8, 8, frame.width, frame.height});
        return reduction::encode(frame, depth_rule, [&](const std::vector<std::uint32_t>& plane, int bits) {
            const std::size_t w = frame.width, h = frame.height;
            if (bits == 8) {
                std::vector<std::uint8_t> b(plane.begin(), plane.end());
                return encode_plane({b.data(), b.size(), JXL_TYPE_UINT8, 8, w, h});
            }
            if (bits == 16) {
                std::vector<std::uint16_t> b(plane.begin(), plane.end());
                return encode_plane({b.data(), b.size() * 2, JXL_TYPE_UINT16, 16, w, h});
            }
            const double top = double((std::uint64_t(1) << bits) - 1);
            std::vector<float> b(plane.size());
            for (std::size_t i = 0; i < b.size(); ++i) b[i] = float(double(plane[i]) / top);
            return encode_plane({b.data(), b.size() * 4, JXL_TYPE_FLOAT, std::uint32_t(bits), w, h});
        });
    }

    PixelFrame decode_any(std::span<const std::uint8_t> bytes, Sample sample, std::size_t width,
                          std::size_t height) const override {
        if (sample == Sample::U16 || sample == Sample::I16) return Codec::decode_any(bytes, sample, width, height);
        if (auto why = refusal(sample_bitpix(sample), width, height); !why.empty()) fail(why);
        if (sample == Sample::U8) {
            PixelFrame out = PixelFrame::zeros(sample, width, height);
            const auto b = out.bytes();
            decode_plane(bytes, {b.data(), b.size(), JXL_TYPE_UINT8, 8, width, height});
            return out;
        }
        return reduction::decode(
            bytes, sample, width, height, depth_rule,
            [&](std::span<const std::uint8_t> cs, int bits) {
                std::vector<std::uint32_t> plane(width * height);
                if (bits == 8 || bits == 16) {
                    std::vector<std::uint16_t> b(plane.size());
                    std::vector<std::uint8_t> b8(bits == 8 ? plane.size() : 0);
                    if (bits == 8) decode_plane(cs, {b8.data(), b8.size(), JXL_TYPE_UINT8, 8, width, height});
                    else decode_plane(cs, {b.data(), b.size() * 2, JXL_TYPE_UINT16, 16, width, height});
                    for (std::size_t i = 0; i < plane.size(); ++i) plane[i] = bits == 8 ? b8[i] : b[i];
                    return plane;
                }
                std::vector<float> f(plane.size());
                decode_plane(cs, {f.data(), f.size() * 4, JXL_TYPE_FLOAT, std::uint32_t(bits), width, height});
                const double top = double((std::uint64_t(1) << bits) - 1);
                for (std::size_t i = 0; i < plane.size(); ++i) {
                    const double v = std::round(double(f[i]) * top);
                    if (!(v >= 0 && v <= top)) fail("decoded sample outside its " + std::to_string(bits) + "-bit range");
                    plane[i] = std::uint32_t(v);
                }
                return plane;
            },
            spec() + " (libjxl)");
    }

    std::string coding(const PixelFrame& frame) const override {
        const Sample s = frame.sample();
        if (s != Sample::I32 && s != Sample::U32 && s != Sample::F32) return "";
        return reduction::describe(reduction::choose(frame, depth_rule), frame.sample());
    }

    // libjxl 0.7: exact integer samples at 8 and 16 bits (uint8/uint16 input), 17..24 bits
    // through float input; no integer depth above 24 (see the top of the file).
    static int depth_rule(int needed) { return needed <= 8 ? 8 : needed <= 16 ? 16 : needed <= 24 ? needed : 0; }

    std::vector<std::uint8_t> encode_plane(const Plane& plane) const {
        if (plane.width == 0 || plane.height == 0) fail("cannot encode an empty frame");
        // libjxl 0.7 at effort >= 8 aborts the process (SIGILL, "JXL_DASSERT: n <= 255"
        // in enc_ans.cc) on some inputs, e.g. constant frames with a value >= 255 or
        // frames of 1 or 2 pixels; cjxl crashes the same way. Those encodes run in a
        // forked child so a crash fails this one result, not the program.
        if (effort_ >= 8) return encode_isolated(plane);
        return encode_here(plane);
    }

    std::vector<std::uint8_t> encode_here(const Plane& plane) const {
        JxlEncoderPtr enc = JxlEncoderMake(nullptr);
        if (!enc) fail("JxlEncoderCreate failed");
        JxlThreadParallelRunnerPtr runner;
        if (threads_ > 1) {
            runner = JxlThreadParallelRunnerMake(nullptr, std::size_t(threads_));
            if (!runner) fail("cannot create the thread runner");
            check(JxlEncoderSetParallelRunner(enc.get(), JxlThreadParallelRunner, runner.get()),
                  "JxlEncoderSetParallelRunner");
        }
        JxlBasicInfo info;
        JxlEncoderInitBasicInfo(&info);
        info.xsize = uint32_t(plane.width);
        info.ysize = uint32_t(plane.height);
        info.bits_per_sample = plane.bits;
        info.exponent_bits_per_sample = 0;
        info.num_color_channels = 1;
        info.num_extra_channels = 0;
        info.alpha_bits = 0;
        info.uses_original_profile = distance_ > 0 ? JXL_FALSE : JXL_TRUE;
        check(JxlEncoderSetBasicInfo(enc.get(), &info), "JxlEncoderSetBasicInfo");
        JxlColorEncoding color;
        // cjxl gives PGM input grayscale, D65, sRGB transfer function, perceptual
        // intent; we signal the same so the codestream header (and so every byte)
        // matches. The colour description is metadata only: samples are stored as is.
        JxlColorEncodingSetToSRGB(&color, /*is_gray=*/JXL_TRUE);
        color.rendering_intent = JXL_RENDERING_INTENT_PERCEPTUAL;
        check(JxlEncoderSetColorEncoding(enc.get(), &color), "JxlEncoderSetColorEncoding");

        JxlEncoderFrameSettings* fs = JxlEncoderFrameSettingsCreate(enc.get(), nullptr);  // owned by enc
        if (!fs) fail("JxlEncoderFrameSettingsCreate failed");
        if (distance_ > 0) {
            check(JxlEncoderSetFrameDistance(fs, distance_), "JxlEncoderSetFrameDistance");
        } else {
            check(JxlEncoderSetFrameLossless(fs, JXL_TRUE), "JxlEncoderSetFrameLossless");
        }
        check(JxlEncoderFrameSettingsSetOption(fs, JXL_ENC_FRAME_SETTING_EFFORT, effort_), "effort");
        // Integer samples deeper than 16 bits: no global channel palette (cjxl -X 0). libjxl
        // 0.7's search for it is superlinear there: 64 s at every effort on the 4.4 Mpixel
        // 17-bit corpus flat (not_alfosc_flat_uint32) against 0.5 s (e1) without it, and
        // its stream was larger (e7: 6,631,874 vs 6,625,408 bytes).
        if (plane.bits > 16)
            check(JxlEncoderFrameSettingsSetFloatOption(fs, JXL_ENC_FRAME_SETTING_CHANNEL_COLORS_GLOBAL_PERCENT, 0.0f),
                  "-X 0");
        if (max_) {
            check(JxlEncoderFrameSettingsSetOption(fs, JXL_ENC_FRAME_SETTING_MODULAR_NB_PREV_CHANNELS, 3), "-E 3");
            check(JxlEncoderFrameSettingsSetFloatOption(fs, JXL_ENC_FRAME_SETTING_MODULAR_MA_TREE_LEARNING_PERCENT, 100.0f),
                  "-I 100");
            check(JxlEncoderFrameSettingsSetOption(fs, JXL_ENC_FRAME_SETTING_MODULAR_GROUP_SIZE, 3), "-g 3");
        }
        JxlPixelFormat fmt{1, plane.type, JXL_NATIVE_ENDIAN, 0};
        check(JxlEncoderAddImageFrame(fs, &fmt, plane.data, plane.bytes), "JxlEncoderAddImageFrame");
        JxlEncoderCloseInput(enc.get());

        std::vector<std::uint8_t> out(64 + plane.bytes / 2);
        std::size_t used = 0;
        for (;;) {
            uint8_t* next = out.data() + used;
            std::size_t avail = out.size() - used;
            JxlEncoderStatus st = JxlEncoderProcessOutput(enc.get(), &next, &avail);
            used = std::size_t(next - out.data());
            if (st == JXL_ENC_SUCCESS) break;
            if (st != JXL_ENC_NEED_MORE_OUTPUT) fail("encoding failed (JxlEncoderProcessOutput error)");
            out.resize(out.size() * 2);
        }
        out.resize(used);
        return bare_codestream(std::move(out));
    }

    // Decodes a codestream of plane.bits-deep samples into plane.data (the caller's buffer
    // of plane.bytes bytes, samples of plane.type).
    void decode_plane(std::span<const std::uint8_t> bytes, const Plane& plane) const {
        const std::size_t width = plane.width, height = plane.height;
        if (bytes.empty()) fail("empty codestream");
        JxlDecoderPtr dec = JxlDecoderMake(nullptr);
        if (!dec) fail("JxlDecoderCreate failed");
        JxlThreadParallelRunnerPtr runner;
        if (threads_ > 1) {
            runner = JxlThreadParallelRunnerMake(nullptr, std::size_t(threads_));
            if (!runner || JxlDecoderSetParallelRunner(dec.get(), JxlThreadParallelRunner, runner.get()) !=
                               JXL_DEC_SUCCESS)
                fail("cannot set up the decoder's thread runner");
        }
        if (JxlDecoderSubscribeEvents(dec.get(), JXL_DEC_BASIC_INFO | JXL_DEC_FULL_IMAGE) != JXL_DEC_SUCCESS)
            fail("JxlDecoderSubscribeEvents failed");
        JxlDecoderSetKeepOrientation(dec.get(), JXL_TRUE);
        if (JxlDecoderSetInput(dec.get(), bytes.data(), bytes.size()) != JXL_DEC_SUCCESS)
            fail("JxlDecoderSetInput failed");
        JxlDecoderCloseInput(dec.get());

        JxlPixelFormat fmt{1, plane.type, JXL_NATIVE_ENDIAN, 0};
        bool have_image = false;
        for (;;) {
            JxlDecoderStatus st = JxlDecoderProcessInput(dec.get());
            if (st == JXL_DEC_ERROR) fail("corrupt codestream (decoder error)");
            if (st == JXL_DEC_NEED_MORE_INPUT) fail("truncated codestream");
            if (st == JXL_DEC_BASIC_INFO) {
                JxlBasicInfo info;
                if (JxlDecoderGetBasicInfo(dec.get(), &info) != JXL_DEC_SUCCESS) fail("cannot read basic info");
                if (info.xsize != width || info.ysize != height)
                    fail("codestream is " + std::to_string(info.xsize) + "x" + std::to_string(info.ysize) +
                         ", expected " + std::to_string(width) + "x" + std::to_string(height));
                if (info.num_color_channels != 1 || info.bits_per_sample != plane.bits ||
                    info.exponent_bits_per_sample != 0 || info.num_extra_channels != 0)
                    fail("codestream is not " + std::to_string(plane.bits) + "-bit integer grayscale");
            } else if (st == JXL_DEC_NEED_IMAGE_OUT_BUFFER) {
                std::size_t need = 0;
                if (JxlDecoderImageOutBufferSize(dec.get(), &fmt, &need) != JXL_DEC_SUCCESS || need != plane.bytes)
                    fail("unexpected output buffer size");
                if (JxlDecoderSetImageOutBuffer(dec.get(), &fmt, const_cast<void*>(plane.data), need) !=
                    JXL_DEC_SUCCESS)
                    fail("JxlDecoderSetImageOutBuffer failed");
            } else if (st == JXL_DEC_FULL_IMAGE) {
                if (have_image) fail("codestream has more than one frame");
                have_image = true;
            } else if (st == JXL_DEC_SUCCESS) {
                break;
            } else {
                fail("unexpected decoder event " + std::to_string(int(st)));
            }
        }
        if (!have_image) fail("codestream holds no image");
    }

private:
    // Runs encode_here() in a child process; the codestream comes back through a pipe.
    // Protocol: one status byte ('O' ok, 'E' error), then the payload (codestream or
    // error text) until end of file.
    std::vector<std::uint8_t> encode_isolated(const Plane& plane) const {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) != 0) fail(std::string("pipe: ") + std::strerror(errno));
        pid_t pid = fork();
        if (pid < 0) {
            close(fds[0]);
            close(fds[1]);
            fail(std::string("fork: ") + std::strerror(errno));
        }
        if (pid == 0) {
            close(fds[0]);
            std::vector<std::uint8_t> msg;
            char status = 'O';
            try {
                msg = encode_here(plane);
            } catch (const std::exception& e) {
                status = 'E';
                std::string t = e.what();
                msg.assign(t.begin(), t.end());
            } catch (...) {
                status = 'E';
            }
            auto put = [&](const void* p, std::size_t n) {
                const char* c = static_cast<const char*>(p);
                while (n > 0) {
                    ssize_t w = ::write(fds[1], c, n);
                    if (w < 0 && errno == EINTR) continue;
                    if (w <= 0) _exit(3);
                    c += w;
                    n -= std::size_t(w);
                }
            };
            put(&status, 1);
            put(msg.data(), msg.size());
            _exit(0);
        }
        close(fds[1]);
        std::vector<std::uint8_t> data;
        std::uint8_t buf[65536];
        for (;;) {
            ssize_t r = ::read(fds[0], buf, sizeof buf);
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) break;
            data.insert(data.end(), buf, buf + r);
        }
        close(fds[0]);
        int wstatus = 0;
        while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
        }
        if (WIFSIGNALED(wstatus))
            fail("libjxl crashed while encoding (signal " + std::to_string(WTERMSIG(wstatus)) + " " +
                 strsignal(WTERMSIG(wstatus)) + "); a known libjxl 0.7 abort at effort >= 8 on some inputs "
                 "(e.g. constant frames, frames of 1-2 pixels)");
        if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0 || data.empty())
            fail("the encoding child process failed");
        std::vector<std::uint8_t> payload(data.begin() + 1, data.end());
        if (data[0] != 'O') throw Error(std::string(payload.begin(), payload.end()));
        return payload;
    }

    int effort_;
    bool max_;
    int threads_;
    float distance_;  // 0: lossless

    [[noreturn]] void fail(const std::string& why) const { throw Error(spec() + " (libjxl): " + why); }
    void check(JxlEncoderStatus st, const char* what) const {
        if (st != JXL_ENC_SUCCESS) fail(std::string(what) + " failed");
    }
};

}  // namespace

// jpegxl:q<level>...: lossless JPEG XL on fpack-quantized floats (jpegxl_quant_codec.cpp).
std::unique_ptr<Codec> make_jpegxl_quant(std::string_view option, const CodecOptions& options);

std::unique_ptr<Codec> make_jpegxl(std::string_view option, const CodecOptions& options) {
    if (is_quant_option(option)) return make_jpegxl_quant(option, options);
    if (option.empty()) return std::make_unique<JpegXlCodec>(7, false, options.threads);  // libjxl's default effort
    if (option == "max") return std::make_unique<JpegXlCodec>(9, true, options.threads);
    if (option.size() == 2 && option[0] == 'e' && option[1] >= '1' && option[1] <= '9')
        return std::make_unique<JpegXlCodec>(option[1] - '0', false, options.threads);
    if (option.starts_with("d") && option.size() > 1) {
        float d = 0;
        auto [end, ec] = std::from_chars(option.data() + 1, option.data() + option.size(), d);
        if (ec == std::errc() && end == option.data() + option.size() && d > 0 && d <= 25)
            return std::make_unique<JpegXlCodec>(7, false, options.threads, d);
    }
    throw UsageError("unknown jpegxl option '" + std::string(option) +
                     "' (use e1..e9 or max; lossy: d<distance>, 0 < distance <= 25, or q<level>... for floats)");
}

}  // namespace bitsky::codecs
