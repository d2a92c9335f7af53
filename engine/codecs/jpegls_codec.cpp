// JPEG-LS through CharLS: lossless (NEAR=0), default coding parameters (T1..T3, RESET
// derived from MAXVAL=65535), one component, no interleave. encoding_options::none: CharLS
// 2.4 would otherwise add a 15-byte LSE segment repeating the default parameters (for an
// old JAI decoder); the stream is the minimal JPEG-LS interchange stream (SOI .. EOI).
#include <charls/charls.h>

#include <string>

#include "engine/codecs/codec.h"
#include "engine/util/error.h"

namespace bitsky::codecs {
namespace {

class JpegLsCodec final : public Codec {
public:
    std::string spec() const override { return "jpegls"; }
    std::string name() const override { return "jpegls"; }
    std::string library() const override { return "CharLS"; }
    std::string library_version() const override { return charls_get_version_string(); }
    bool multithreaded() const override { return false; }
    std::string size_note() const override {
        return "JPEG-LS stream from SOI to EOI, without the optional LSE preset-parameter segment";
    }

    std::string refusal(int bitpix, std::size_t width, std::size_t height) const override {
        if (auto why = Codec::refusal(bitpix, width, height); !why.empty()) return why;
        if (width > 65535 || height > 65535)
            return "JPEG-LS frames are at most 65535 pixels per side; this one is " + std::to_string(width) + "x" +
                   std::to_string(height);
        return "";
    }

    std::vector<std::uint8_t> encode(const Frame16& frame) const override {
        if (frame.width == 0 || frame.height == 0) fail("cannot encode an empty frame");
        if (frame.width > 65535 || frame.height > 65535)
            fail("frame " + std::to_string(frame.width) + "x" + std::to_string(frame.height) +
                 " exceeds the JPEG-LS limit of 65535 per side");
        // CharLS estimates 2 bytes per sample, which incompressible frames exceed (escape
        // codes and 0xFF bit stuffing): then encode again into a worst-case buffer, where a
        // sample costs at most LIMIT = 2 * (16 + 16) bits plus one stuffed bit in eight.
        const std::size_t worst = frame.size() * 9 + 4096;
        for (bool retry : {false, true}) {
            try {
                charls::jpegls_encoder enc;
                enc.frame_info({uint32_t(frame.width), uint32_t(frame.height), 16, 1})
                    .interleave_mode(charls::interleave_mode::none)
                    .near_lossless(0)
                    .encoding_options(charls::encoding_options::none);
                std::vector<std::uint8_t> out(retry ? worst : enc.estimated_destination_size());
                enc.destination(out);
                std::size_t n = enc.encode(frame.pixels.data(), frame.pixels.size_bytes());
                out.resize(n);
                return out;
            } catch (const charls::jpegls_error& e) {
                if (!retry && e.code() == charls::jpegls_errc::destination_buffer_too_small) continue;
                fail(e.what());
            }
        }
        fail("encoder output does not fit its worst-case size");
    }

    std::vector<std::uint16_t> decode(std::span<const std::uint8_t> bytes, std::size_t width,
                                      std::size_t height) const override {
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
            if (fi.bits_per_sample != 16 || fi.component_count != 1) fail("stream is not 16-bit single-component");
            if (dec.near_lossless() != 0) fail("stream is near-lossless, not lossless");
            std::vector<std::uint16_t> out(width * height);
            if (dec.destination_size() != out.size() * 2) fail("unexpected decoded size");
            dec.decode(out.data(), out.size() * 2);
            return out;
        } catch (const charls::jpegls_error& e) {
            fail(std::string("corrupt stream: ") + e.what());
        }
    }

private:
    [[noreturn]] void fail(const std::string& why) const { throw Error("jpegls (CharLS): " + why); }
};

}  // namespace

std::unique_ptr<Codec> make_jpegls(std::string_view option, const CodecOptions&) {
    if (!option.empty()) throw UsageError("jpegls takes no options, got '" + std::string(option) + "'");
    return std::make_unique<JpegLsCodec>();
}

}  // namespace bitsky::codecs
