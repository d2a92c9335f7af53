// `zstd`: byte shuffle + Zstandard, a general-purpose reference for every pixel type.
//
// The frame's samples (native little-endian bytes) are split into byte planes as blosc's
// shuffle does (all first bytes, then all second bytes, ...; nothing to do for uint8), and
// the planes are one Zstandard frame (libzstd, with its content size) at level 19. Level
// 19 is the strongest level that keeps zstd's normal memory use (levels 20-22 are
// "ultra": windows up to 128 MiB+, several times slower, for under 1% on frames of a few
// MB); it is the usual "archive" setting, as gzip -9 is for gzip.
// The frame carries zstd's content checksum (4 bytes), so a corrupt stream is an error,
// not wrong pixels. The bytes counted are that Zstandard frame. Decoding checks the frame's declared content
// size against width x height before allocating, and decompresses into exactly that.
#include <zstd.h>

#include <cstring>
#include <memory>
#include <string>

#include "engine/codecs/codec.h"
#include "engine/util/error.h"

namespace bitsky::codecs {
namespace {

constexpr int kLevel = 19;

// Byte planes of n samples of `width` bytes each (and back).
std::vector<std::uint8_t> shuffle(std::span<const std::uint8_t> in, std::size_t width) {
    const std::size_t n = in.size() / width;
    std::vector<std::uint8_t> out(in.size());
    for (std::size_t b = 0; b < width; ++b)
        for (std::size_t i = 0; i < n; ++i) out[b * n + i] = in[i * width + b];
    return out;
}
void unshuffle(std::span<const std::uint8_t> in, std::span<std::uint8_t> out, std::size_t width) {
    const std::size_t n = in.size() / width;
    for (std::size_t b = 0; b < width; ++b)
        for (std::size_t i = 0; i < n; ++i) out[i * width + b] = in[b * n + i];
}

struct CctxFree {
    void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DctxFree {
    void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};

class ZstdCodec final : public Codec {
public:
    std::string spec() const override { return "zstd"; }
    std::string name() const override { return "zstd"; }
    std::string library() const override { return "libzstd"; }
    std::string library_version() const override { return ZSTD_versionString(); }
    bool multithreaded() const override { return false; }
    std::string size_note() const override {
        return "one Zstandard frame (level 19, content size and checksum included) of the samples' byte planes (blosc-style "
               "shuffle of the little-endian bytes)";
    }
    std::string refusal(int bitpix, std::size_t, std::size_t) const override {
        if (bitpix == 8 || bitpix == 16 || bitpix == 32 || bitpix == -32 || bitpix == -64) return "";
        return "takes BITPIX 8, 16, 32, -32 and -64 images; this HDU is " + pixel_type_name(bitpix);
    }

    std::vector<std::uint8_t> encode(const Frame16& frame) const override {
        if (frame.pixels.size() < frame.size()) throw Error("zstd: pixel buffer smaller than width x height");
        const auto px = frame.pixels.first(frame.size());
        return compress({reinterpret_cast<const std::uint8_t*>(px.data()), px.size_bytes()}, 2);
    }
    std::vector<std::uint16_t> decode(std::span<const std::uint8_t> bytes, std::size_t width,
                                      std::size_t height) const override {
        std::vector<std::uint16_t> out(checked_size(bytes, width, height, 2) / 2);
        decompress(bytes, {reinterpret_cast<std::uint8_t*>(out.data()), out.size() * 2}, 2);
        return out;
    }
    std::vector<std::uint8_t> encode_any(const PixelFrame& frame) const override {
        if (auto why = refusal(frame.bitpix(), frame.width, frame.height); !why.empty()) throw Error("zstd: " + why);
        if (frame.count() != frame.size()) throw Error("zstd: frame holds another number of values than width x height");
        return compress(frame.bytes(), sample_bytes(frame.sample()));
    }
    PixelFrame decode_any(std::span<const std::uint8_t> bytes, Sample sample, std::size_t width,
                          std::size_t height) const override {
        const std::size_t n = checked_size(bytes, width, height, sample_bytes(sample));
        PixelFrame f = PixelFrame::zeros(sample, width, height);
        if (f.bytes().size() != n) throw Error("zstd: frame size mismatch");
        decompress(bytes, f.bytes(), sample_bytes(sample));
        return f;
    }

private:
    static std::vector<std::uint8_t> compress(std::span<const std::uint8_t> raw, std::size_t width) {
        const auto planes = width > 1 ? shuffle(raw, width) : std::vector<std::uint8_t>(raw.begin(), raw.end());
        std::unique_ptr<ZSTD_CCtx, CctxFree> cctx(ZSTD_createCCtx());
        if (!cctx) throw Error("zstd: cannot create a compression context");
        if (ZSTD_isError(ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, kLevel)) ||
            ZSTD_isError(ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1)))
            throw Error("zstd: cannot set the compression parameters");
        std::vector<std::uint8_t> out(ZSTD_compressBound(planes.size()));
        const std::size_t n = ZSTD_compress2(cctx.get(), out.data(), out.size(), planes.data(), planes.size());
        if (ZSTD_isError(n)) throw Error(std::string("zstd: compression failed: ") + ZSTD_getErrorName(n));
        out.resize(n);
        return out;
    }
    // The frame's raw byte count, after checking that the stream declares exactly it.
    static std::size_t checked_size(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height,
                                    std::size_t sample) {
        if (width != 0 && height > SIZE_MAX / width / sample) throw Error("zstd: frame size overflows");
        const std::size_t n = width * height * sample;
        const unsigned long long declared = ZSTD_getFrameContentSize(bytes.data(), bytes.size());
        if (declared == ZSTD_CONTENTSIZE_ERROR) throw Error("zstd: not a Zstandard frame (bad or truncated header)");
        if (declared == ZSTD_CONTENTSIZE_UNKNOWN) throw Error("zstd: the stream does not declare its size");
        if (declared != n)
            throw Error("zstd: the stream holds " + std::to_string(declared) + " bytes, a " + std::to_string(width) + "x" +
                        std::to_string(height) + " frame needs " + std::to_string(n));
        return n;
    }
    static void decompress(std::span<const std::uint8_t> bytes, std::span<std::uint8_t> out, std::size_t width) {
        std::vector<std::uint8_t> planes(out.size());
        std::unique_ptr<ZSTD_DCtx, DctxFree> dctx(ZSTD_createDCtx());
        if (!dctx) throw Error("zstd: cannot create a decompression context");
        const std::size_t n = ZSTD_decompressDCtx(dctx.get(), planes.data(), planes.size(), bytes.data(), bytes.size());
        if (ZSTD_isError(n)) throw Error(std::string("zstd: corrupt or truncated stream: ") + ZSTD_getErrorName(n));
        if (n != out.size()) throw Error("zstd: the stream decoded to " + std::to_string(n) + " bytes, expected " +
                                         std::to_string(out.size()));
        if (width > 1) unshuffle(planes, out, width);
        else std::memcpy(out.data(), planes.data(), out.size());
    }
};

}  // namespace

std::unique_ptr<Codec> make_zstd(std::string_view option, const CodecOptions&) {
    if (!option.empty()) throw UsageError("zstd takes no options (level 19, byte-shuffled)");
    return std::make_unique<ZstdCodec>();
}

}  // namespace bitsky::codecs
