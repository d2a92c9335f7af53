#include "engine/codecs/bitsky_codec.h"

#include <bit>
#include <string>

#include "engine/codecs/bitsky_range_coder.h"
#include "engine/model/context_model.h"
#include "engine/util/bytes.h"
#include "engine/util/error.h"

namespace bitsky::codecs {
namespace {

using model::ctxmodel::Cdf;

// The stream format's version, the magic's fourth byte ("BSK5", "BSD5"): streams of another
// version are refused with an error saying so, never decoded with the wrong model.
constexpr char kStreamVersion = '5';
using model::ctxmodel::Prob;

using util::get_le32;
using util::put_le32;
using rangecoder::RangeDecoder;
using rangecoder::RangeEncoder;

// FNV-1a over the shape (two u32 LE) and the pixels (u16 LE); the coders compute the
// pixels' part as they code them (RangeEncoder::hash_step), from the shape's.
std::uint32_t fnv1a(std::size_t width, std::size_t height, std::span<const std::uint16_t> px) {
    std::uint32_t h = 2166136261u;
    for (std::uint64_t d : {static_cast<std::uint64_t>(width), static_cast<std::uint64_t>(height)})
        for (int i = 0; i < 4; ++i) h = (h ^ static_cast<std::uint32_t>((d >> (8 * i)) & 0xFFu)) * 16777619u;
    for (auto v : px) h = rangecoder::fnv1a_step(h, v);
    return h;
}


class BitskyCodec final : public Codec {
public:
    std::string spec() const override { return "bitsky"; }
    std::string name() const override { return "bitsky"; }
    std::string library() const override { return "bitsky"; }
    std::string library_version() const override { return BITSKY_VERSION; }
    bool multithreaded() const override { return false; }
    std::string size_note() const override {
        return "12-byte header (magic, checksum of shape and pixels, length of the range-coded section) + range-coded "
               "header flags, palette and residual tokens of the context model + the residuals' raw low bits";
    }
    std::vector<std::uint8_t> encode(const Frame16& frame) const override { return bitsky_encode(frame); }
    std::vector<std::uint16_t> decode(std::span<const std::uint8_t> bytes, std::size_t width,
                                      std::size_t height) const override {
        return bitsky_decode(bytes, width, height);
    }
    // Every FITS pixel type; 16-bit frames go through encode()/decode() ("BSK5").
    std::string refusal(int bitpix, std::size_t, std::size_t) const override {
        if (bitpix == 8 || bitpix == 16 || bitpix == 32 || bitpix == -32 || bitpix == -64) return "";
        return "takes BITPIX 8, 16, 32, -32 and -64 images; this HDU is " + pixel_type_name(bitpix);
    }
    std::vector<std::uint8_t> encode_any(const PixelFrame& frame) const override {
        return frame.is_16bit() ? Codec::encode_any(frame) : bitsky_encode_any(frame);
    }
    PixelFrame decode_any(std::span<const std::uint8_t> bytes, Sample sample, std::size_t width,
                          std::size_t height) const override {
        return sample == Sample::U16 || sample == Sample::I16 ? Codec::decode_any(bytes, sample, width, height)
                                                              : bitsky_decode_any(bytes, sample, width, height);
    }
    std::string coding(const PixelFrame& frame) const override { return bitsky_coding(frame); }
};

}  // namespace

namespace {

// The model's pixel loops, compiled for AVX2 and for the baseline and chosen at run time
// (both code the same bits: the model's float arithmetic is lane-wise IEEE without fused
// multiply-add, this file being compiled with -ffp-contract=off).
[[gnu::target_clones("avx2", "default")]] void encode_pixels(RangeEncoder& enc, const Frame16& frame,
                                                              const std::uint16_t* prev) {
    if (prev) {
        model::ctxmodel::run<RangeEncoder, true>(enc, frame.pixels.data(), nullptr, frame.width, frame.height, nullptr, prev);
        return;
    }
    // The options' trial, when it costs the candidates on the whole frame, leaves the
    // winner's predictions: only the coding is left to do.
    std::vector<int> preds;
    const auto opt = model::ctxmodel::choose_options(frame.pixels.data(), frame.width, frame.height, true, &preds);
    if (preds.empty())
        model::ctxmodel::run(enc, frame.pixels.data(), nullptr, frame.width, frame.height, nullptr, nullptr, &opt);
    else
        model::ctxmodel::run<RangeEncoder, false, model::ctxmodel::kCodePhase>(
            enc, frame.pixels.data(), nullptr, frame.width, frame.height, nullptr, nullptr, &opt, preds.data());
}
[[gnu::target_clones("avx2", "default")]] void decode_pixels(RangeDecoder& dec, std::uint16_t* pixels, std::size_t width,
                                                              std::size_t height, const std::uint16_t* prev) {
    if (prev) model::ctxmodel::run<RangeDecoder, true>(dec, nullptr, pixels, width, height, nullptr, prev);
    else model::ctxmodel::run(dec, nullptr, pixels, width, height);
}

[[gnu::target_clones("avx2", "default")]] void cost_pixels(model::ctxmodel::CostCoder& coder, const Frame16& frame,
                                                            float* bits) {
    model::ctxmodel::run(coder, frame.pixels.data(), nullptr, frame.width, frame.height, bits);
}

// `prev` null: the 2D model ("BSK5"); else the inter-frame model of bitsky:3d ("BSD5").
// Appends the stream to `out`.
void encode_impl(const Frame16& frame, const std::uint16_t* prev, std::vector<std::uint8_t>& out) {
    if (frame.width > 0xFFFFFFFFu || frame.height > 0xFFFFFFFFu) throw Error("bitsky: frame too large");
    if (frame.pixels.size() < frame.size()) throw Error("bitsky: pixel buffer smaller than width x height");
    // Room for 2 bytes a pixel (more than noisy frames take) without reallocating; pages
    // never written are never touched.
    out.reserve(out.size() + kBitskyHeaderBytes + 2 * frame.size() + 64);
    for (char c : {'B', 'S', prev ? 'D' : 'K', kStreamVersion}) out.push_back(static_cast<std::uint8_t>(c));
    if (frame.size() == 0) {
        put_le32(out, fnv1a(frame.width, frame.height, {}));
        put_le32(out, 0);
        return;
    }
    // The checksum is made by the encoder as it codes the pixels.
    const std::size_t sum_at = out.size();
    put_le32(out, 0);
    RangeEncoder enc(out);
    enc.set_hash(fnv1a(frame.width, frame.height, {}));
    encode_pixels(enc, frame, prev);
    enc.finish();
    const std::uint32_t sum = enc.hash();
    for (std::size_t i = 0; i < 4; ++i) out[sum_at + i] = static_cast<std::uint8_t>(sum >> (8 * i));
}

std::vector<std::uint8_t> encode_impl(const Frame16& frame, const std::uint16_t* prev) {
    std::vector<std::uint8_t> out;
    encode_impl(frame, prev, out);
    return out;
}

std::vector<std::uint16_t> decode_impl(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height,
                                       const std::uint16_t* prev) {
    const char m2 = prev ? 'D' : 'K';
    const char* const name = prev ? "bitsky:3d" : "bitsky";
    if (bytes.size() < 4 || bytes[0] != 'B' || bytes[1] != 'S' || bytes[2] != m2)
        throw Error(prev ? "bitsky:3d: not an inter-frame bitsky stream (bad or missing header)"
                         : "bitsky: not a bitsky stream (bad or missing header)");
    if (bytes[3] != kStreamVersion) {
        const bool digit = bytes[3] >= '0' && bytes[3] <= '9';
        throw Error(std::string(name) + ": stream format " +
                    (digit ? std::string("version ") + static_cast<char>(bytes[3]) : std::string("of an unknown version")) +
                    " (this build reads version " + kStreamVersion + " only; re-encode the frame)");
    }
    if (bytes.size() < kBitskyHeaderBytes) throw Error(std::string(name) + ": truncated stream (no complete header)");
    // Every pixel codes at least one binary decision, which costs at least
    // -log2(65504/65536) > 1/1500 bit: a stream this short cannot hold more pixels.
    // (Refuses absurd shapes before allocating.)
    const std::size_t max_pixels = bytes.size() * 12000 + 1024;
    if (width > 0xFFFFFFFFu || height > 0xFFFFFFFFu || (width > 0 && height > max_pixels / width))
        throw Error("bitsky: a " + std::to_string(bytes.size()) + "-byte stream cannot hold a " + std::to_string(width) +
                    "x" + std::to_string(height) + " frame");
    std::vector<std::uint16_t> pixels(width * height);
    if (pixels.empty()) {
        if (fnv1a(width, height, pixels) != get_le32(bytes, 4)) throw Error("bitsky: stream is for another shape");
        return pixels;
    }
    const std::size_t rc_bytes = get_le32(bytes, 8);
    if (rc_bytes > bytes.size() - kBitskyHeaderBytes)
        throw Error("bitsky: truncated stream (the range-coded section needs " + std::to_string(rc_bytes) + " bytes, " +
                    std::to_string(bytes.size() - kBitskyHeaderBytes) + " follow the header)");
    RangeDecoder dec(bytes.subspan(kBitskyHeaderBytes, rc_bytes), bytes.subspan(kBitskyHeaderBytes + rc_bytes));
    dec.set_hash(fnv1a(width, height, {}));  // the decoder checksums the pixels as it decodes them
    decode_pixels(dec, pixels.data(), width, height, prev);
    if (dec.overrun() > 0) throw Error("bitsky: truncated stream (" + std::to_string(dec.overrun()) + " bytes missing)");
    if (dec.hash() != get_le32(bytes, 4))
        throw Error("bitsky: corrupt stream or other shape than " + std::to_string(width) + "x" + std::to_string(height) +
                    " (checksum mismatch)");
    return pixels;
}

}  // namespace

std::vector<std::uint8_t> bitsky_encode(const Frame16& frame) { return encode_impl(frame, nullptr); }
void bitsky_encode_append(const Frame16& frame, std::vector<std::uint8_t>& out) { encode_impl(frame, nullptr, out); }

std::vector<float> bitsky_pixel_bits(const Frame16& frame) {
    if (frame.pixels.size() < frame.size()) throw Error("bitsky: pixel buffer smaller than width x height");
    std::vector<float> bits(frame.size(), 0.0f);
    if (bits.empty()) return bits;
    model::ctxmodel::CostCoder coder;
    cost_pixels(coder, frame, bits.data());
    const float header = 8.0f * static_cast<float>(kBitskyHeaderBytes) / static_cast<float>(bits.size());
    for (auto& b : bits) b += header;
    return bits;
}

std::vector<std::uint16_t> bitsky_decode(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height) {
    return decode_impl(bytes, width, height, nullptr);
}

std::vector<std::uint8_t> bitsky_encode_3d(const Frame16& frame, std::span<const std::uint16_t> prev) {
    if (prev.size() != frame.size() || frame.pixels.size() < frame.size())
        throw Error("bitsky:3d: the previous frame has another size than the frame");
    return encode_impl(frame, prev.data());
}

std::vector<std::uint16_t> bitsky_decode_3d(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height,
                                            std::span<const std::uint16_t> prev) {
    if (prev.size() != width * height) throw Error("bitsky:3d: the previous frame has another size than the frame");
    return decode_impl(bytes, width, height, prev.data());
}

std::unique_ptr<Codec> make_bitsky(std::string_view option, const CodecOptions&) {
    if (option == "3d")
        throw UsageError("bitsky:3d codes a whole cube (each frame with the previous one as context); use it as a cube "
                         "spec (roundtrip, bench), not as a 2D codec");
    if (!option.empty()) throw UsageError("bitsky takes no options (bitsky:3d is its cube variant)");
    return std::make_unique<BitskyCodec>();
}

}  // namespace bitsky::codecs
