// JPEG-LS through CharLS: lossless (NEAR=0), default coding parameters (T1..T3, RESET
// derived from MAXVAL=65535), one component, no interleave. encoding_options::none: CharLS
// 2.4 would otherwise add a 15-byte LSE segment repeating the default parameters (for an
// old JAI decoder); the stream is the minimal JPEG-LS interchange stream (SOI .. EOI).
// Pixel types: 16-bit as above; uint8 as 8-bit samples (MAXVAL 255), no header; int32 and
// uint32 minus the frame minimum at the depth the range needs (2..16 bits), or as high/low
// 16-bit planes beyond that, behind the reduction header of sample_reduction.h. Floats are
// refused (JPEG-LS codes integers of 2..16 bits).
// jpegls:near<k> (LOSSY, issue #22): JPEG-LS near-lossless, NEAR = k (1..255), every decoded
// value within k of the original (check_reconstruction); 8- and 16-bit frames only (a
// reduction into two 16-bit planes would not keep the bound).
#include <charls/charls.h>

#include <algorithm>
#include <charconv>
#include <string>

#include "engine/codecs/bitsky_lossy_codec.h"
#include "engine/codecs/codec.h"
#include "engine/codecs/sample_reduction.h"
#include "engine/util/error.h"

namespace bitsky::codecs {
namespace {

class JpegLsCodec final : public Codec {
public:
    explicit JpegLsCodec(int near = 0) : near_(near) {}
    std::string spec() const override { return near_ ? "jpegls:near" + std::to_string(near_) : "jpegls"; }
    bool lossy() const override { return near_ > 0; }
    std::string check_reconstruction(const PixelFrame& original, const PixelFrame& decoded,
                                     std::span<const std::uint8_t>) const override {
        return check_max_error(original, decoded, near_);
    }
    std::string name() const override { return "jpegls"; }
    std::string library() const override { return "CharLS"; }
    std::string library_version() const override { return charls_get_version_string(); }
    bool multithreaded() const override { return false; }
    std::string size_note() const override {
        return "JPEG-LS stream from SOI to EOI, without the optional LSE preset-parameter segment; int32/uint32 "
               "frames add BitSky's reduction header (8 bytes, 12 and two streams for high/low planes)";
    }

    std::string refusal(int bitpix, std::size_t width, std::size_t height) const override {
        if (bitpix == -32 || bitpix == -64)
            return "JPEG-LS codes integer samples of 2..16 bits; this HDU is " + pixel_type_name(bitpix) +
                   " (lossless floats: jpegxl for 32-bit, gzip2)";
        if (bitpix != 8 && bitpix != 16 && bitpix != 32)
            return "takes integer images of BITPIX 8, 16 and 32; this HDU is " + pixel_type_name(bitpix);
        if (near_ && bitpix == 32)
            return "near-lossless JPEG-LS takes 8- and 16-bit frames; this HDU is " + pixel_type_name(bitpix);
        if (width > 65535 || height > 65535)
            return "JPEG-LS frames are at most 65535 pixels per side; this one is " + std::to_string(width) + "x" +
                   std::to_string(height);
        return "";
    }

    std::vector<std::uint8_t> encode(const Frame16& frame) const override {
        return encode_samples(frame.pixels.data(), 16, frame.width, frame.height);
    }

    std::vector<std::uint16_t> decode(std::span<const std::uint8_t> bytes, std::size_t width,
                                      std::size_t height) const override {
        std::vector<std::uint16_t> out(width * height);
        decode_samples(bytes, 16, width, height, out.data());
        return out;
    }

    std::vector<std::uint8_t> encode_any(const PixelFrame& frame) const override {
        if (frame.is_16bit()) return Codec::encode_any(frame);
        if (auto why = refusal(frame.bitpix(), frame.width, frame.height); !why.empty()) fail(why);
        if (frame.count() != frame.size()) fail("frame size does not match its values");
        if (frame.sample() == Sample::U8) return encode_samples(frame.bytes().data(), 8, frame.width, frame.height);
        return reduction::encode(frame, depth_rule, [&](const std::vector<std::uint32_t>& plane, int bits) {
            return encode_plane(plane, bits, frame.width, frame.height);
        });
    }

    PixelFrame decode_any(std::span<const std::uint8_t> bytes, Sample sample, std::size_t width,
                          std::size_t height) const override {
        if (sample == Sample::U16 || sample == Sample::I16) return Codec::decode_any(bytes, sample, width, height);
        if (auto why = refusal(sample_bitpix(sample), width, height); !why.empty()) fail(why);
        if (sample == Sample::U8) {
            PixelFrame out = PixelFrame::zeros(sample, width, height);
            decode_samples(bytes, 8, width, height, out.bytes().data());
            return out;
        }
        return reduction::decode(bytes, sample, width, height, depth_rule,
                                 [&](std::span<const std::uint8_t> cs, int bits) {
                                     std::vector<std::uint32_t> plane(width * height);
                                     if (bits <= 8) {
                                         std::vector<std::uint8_t> b(plane.size());
                                         decode_samples(cs, bits, width, height, b.data());
                                         std::copy(b.begin(), b.end(), plane.begin());
                                     } else {
                                         std::vector<std::uint16_t> b(plane.size());
                                         decode_samples(cs, bits, width, height, b.data());
                                         std::copy(b.begin(), b.end(), plane.begin());
                                     }
                                     return plane;
                                 },
                                 "jpegls (CharLS)");
    }

    std::string coding(const PixelFrame& frame) const override {
        if (frame.sample() != Sample::I32 && frame.sample() != Sample::U32) return "";
        return reduction::describe(reduction::choose(frame, depth_rule), frame.sample());
    }

private:
    // JPEG-LS samples are 2..16 bits.
    static int depth_rule(int needed) { return needed <= 16 ? std::max(needed, 2) : 0; }

    std::vector<std::uint8_t> encode_plane(const std::vector<std::uint32_t>& plane, int bits, std::size_t width,
                                           std::size_t height) const {
        if (bits <= 8) {
            std::vector<std::uint8_t> b(plane.begin(), plane.end());
            return encode_samples(b.data(), bits, width, height);
        }
        std::vector<std::uint16_t> b(plane.begin(), plane.end());
        return encode_samples(b.data(), bits, width, height);
    }

    // `bits`-deep samples (one byte each up to 8 bits, native uint16 above), width x height.
    std::vector<std::uint8_t> encode_samples(const void* samples, int bits, std::size_t width,
                                             std::size_t height) const {
        if (width == 0 || height == 0) fail("cannot encode an empty frame");
        if (width > 65535 || height > 65535)
            fail("frame " + std::to_string(width) + "x" + std::to_string(height) +
                 " exceeds the JPEG-LS limit of 65535 per side");
        const std::size_t size_bytes = width * height * (bits <= 8 ? 1 : 2);
        // CharLS estimates 2 bytes per sample, which incompressible frames exceed (escape
        // codes and 0xFF bit stuffing): then encode again into a worst-case buffer, where a
        // sample costs at most LIMIT = 2 * (16 + 16) bits plus one stuffed bit in eight.
        const std::size_t worst = width * height * 9 + 4096;
        for (bool retry : {false, true}) {
            try {
                charls::jpegls_encoder enc;
                enc.frame_info({uint32_t(width), uint32_t(height), bits, 1})
                    .interleave_mode(charls::interleave_mode::none)
                    .near_lossless(near_)
                    .encoding_options(charls::encoding_options::none);
                std::vector<std::uint8_t> out(retry ? worst : enc.estimated_destination_size());
                enc.destination(out);
                std::size_t n = enc.encode(samples, size_bytes);
                out.resize(n);
                return out;
            } catch (const charls::jpegls_error& e) {
                if (!retry && e.code() == charls::jpegls_errc::destination_buffer_too_small) continue;
                fail(e.what());
            }
        }
        fail("encoder output does not fit its worst-case size");
    }

    // Decodes a stream of `bits`-deep samples into `out` (width*height bytes or uint16s).
    void decode_samples(std::span<const std::uint8_t> bytes, int bits, std::size_t width, std::size_t height,
                        void* out) const {
        if (bytes.empty()) fail("empty stream");
        // CharLS 2.4.1 can loop forever on a stream that ends inside the scan (fixed
        // upstream in CharLS PR #334). Our streams always end with the EOI marker, and
        // FF D9 cannot occur inside JPEG-LS scan data (bit stuffing after FF), so a
        // stream without it is truncated: refuse it before CharLS sees it.
        if (bytes.size() < 4 || bytes[bytes.size() - 2] != 0xff || bytes[bytes.size() - 1] != 0xd9)
            fail("truncated stream (no EOI marker at the end)");
        try {
            charls::jpegls_decoder dec;
            dec.source(bytes.data(), bytes.size());
            dec.read_header();
            charls::frame_info fi = dec.frame_info();
            if (fi.width != width || fi.height != height)
                fail("stream is " + std::to_string(fi.width) + "x" + std::to_string(fi.height) + ", expected " +
                     std::to_string(width) + "x" + std::to_string(height));
            if (fi.bits_per_sample != bits || fi.component_count != 1)
                fail("stream is not " + std::to_string(bits) + "-bit single-component");
            if (dec.near_lossless() != near_)
                fail("stream has NEAR=" + std::to_string(dec.near_lossless()) + ", expected " + std::to_string(near_));
            const std::size_t size_bytes = width * height * (bits <= 8 ? 1 : 2);
            if (dec.destination_size() != size_bytes) fail("unexpected decoded size");
            dec.decode(out, size_bytes);
        } catch (const charls::jpegls_error& e) {
            fail(std::string("corrupt stream: ") + e.what());
        }
    }

    [[noreturn]] void fail(const std::string& why) const { throw Error(spec() + " (CharLS): " + why); }
    int near_;
};

}  // namespace

std::unique_ptr<Codec> make_jpegls(std::string_view option, const CodecOptions&) {
    if (option.empty()) return std::make_unique<JpegLsCodec>();
    int k = 0;
    const auto digits = option.substr(std::min<std::size_t>(4, option.size()));
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), k);
    if (!option.starts_with("near") || ec != std::errc() || end != digits.data() + digits.size() || k < 1 || k > 255)
        throw UsageError("jpegls takes no option or near<k> (near-lossless, k = 1..255), got '" + std::string(option) +
                         "'");
    return std::make_unique<JpegLsCodec>(k);
}

}  // namespace bitsky::codecs
