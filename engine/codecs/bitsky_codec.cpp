#include "engine/codecs/bitsky_codec.h"

#include <string>

#include "engine/analysis/context_model.h"
#include "engine/util/error.h"

namespace bitsky::codecs {
namespace {

using analysis::ctxmodel::Cdf;
using analysis::ctxmodel::Prob;

// LZMA-style range coder: binary decisions with 16-bit probabilities (p0 = P(bit == 0)),
// tokens with 15-bit cumulative frequencies (Cdf::at; the decoder finds the token with
// one division and a branch-free count), raw bits by halving the range.
class RangeEncoder {
public:
    static constexpr bool decoding = false;
    explicit RangeEncoder(std::vector<std::uint8_t>& out) : out_(out) {}
    int bit(Prob& p, int b) {
        std::uint32_t bound = (range_ >> 16) * p.p0;
        if (!b) {
            range_ = bound;
        } else {
            low_ += bound;
            range_ -= bound;
        }
        while (range_ < (1u << 24)) {
            range_ <<= 8;
            shift_low();
        }
        p.update(b);
        return b;
    }
    int token(Cdf& d, int s) {
        const std::uint32_t r = range_ >> 15;
        const std::uint32_t lo = r * d.at(s);
        range_ = s == analysis::ctxmodel::kTokens - 1 ? range_ - lo : r * d.at(s + 1) - lo;
        low_ += lo;
        while (range_ < (1u << 24)) {
            range_ <<= 8;
            shift_low();
        }
        d.update(s);
        return s;
    }
    unsigned raw(int nbits, unsigned v) {
        for (int j = nbits - 1; j >= 0; --j) {
            range_ >>= 1;
            if ((v >> j) & 1u) low_ += range_;
            if (range_ < (1u << 24)) {
                range_ <<= 8;
                shift_low();
            }
        }
        return v;
    }
    void flush() {
        for (int i = 0; i < 5; ++i) shift_low();
    }
    float take_bits() const { return 0.0f; }

private:
    void shift_low() {
        if (static_cast<std::uint32_t>(low_) < 0xFF000000u || (low_ >> 32) != 0) {
            auto carry = static_cast<std::uint8_t>(low_ >> 32);
            std::uint8_t temp = cache_;
            do {
                out_.push_back(static_cast<std::uint8_t>(temp + carry));
                temp = 0xFF;
            } while (--cache_size_ != 0);
            cache_ = static_cast<std::uint8_t>(low_ >> 24);
        }
        ++cache_size_;
        low_ = (low_ & 0x00FFFFFFu) << 8;
    }
    std::vector<std::uint8_t>& out_;
    std::uint64_t low_ = 0;
    std::uint32_t range_ = 0xFFFFFFFFu;
    std::uint8_t cache_ = 0;
    std::uint64_t cache_size_ = 1;
};

class RangeDecoder {
public:
    static constexpr bool decoding = true;
    explicit RangeDecoder(std::span<const std::uint8_t> in) : in_(in) {
        for (int i = 0; i < 5; ++i) code_ = (code_ << 8) | next();
    }
    int bit(Prob& p, int) {
        std::uint32_t bound = (range_ >> 16) * p.p0;
        int b;
        if (code_ < bound) {
            range_ = bound;
            b = 0;
        } else {
            code_ -= bound;
            range_ -= bound;
            b = 1;
        }
        while (range_ < (1u << 24)) {
            range_ <<= 8;
            code_ = (code_ << 8) | next();
        }
        p.update(b);
        return b;
    }
    int token(Cdf& d, int) {
        constexpr int kTokens = analysis::ctxmodel::kTokens;
        const std::uint32_t r = range_ >> 15;
        const std::uint32_t q = code_ / r;
        const int s = d.find(q);
        const std::uint32_t lo = r * d.at(s);
        range_ = s == kTokens - 1 ? range_ - lo : r * d.at(s + 1) - lo;
        code_ -= lo;
        while (range_ < (1u << 24)) {
            range_ <<= 8;
            code_ = (code_ << 8) | next();
        }
        d.update(s);
        return s;
    }
    unsigned raw(int nbits, unsigned) {
        unsigned v = 0;
        for (int j = 0; j < nbits; ++j) {
            range_ >>= 1;
            const unsigned b = code_ >= range_;
            code_ -= b ? range_ : 0u;
            v = (v << 1) | b;
            if (range_ < (1u << 24)) {
                range_ <<= 8;
                code_ = (code_ << 8) | next();
            }
        }
        return v;
    }
    float take_bits() const { return 0.0f; }
    std::size_t overrun() const { return overrun_; }

private:
    std::uint32_t next() {
        if (pos_ < in_.size()) return in_[pos_++];
        ++overrun_;
        return 0;
    }
    std::span<const std::uint8_t> in_;
    std::size_t pos_ = 0, overrun_ = 0;
    std::uint32_t code_ = 0, range_ = 0xFFFFFFFFu;
};

// FNV-1a over the shape (two u32 LE) and the pixels (u16 LE).
std::uint32_t fnv1a(std::size_t width, std::size_t height, std::span<const std::uint16_t> px) {
    std::uint32_t h = 2166136261u;
    for (std::uint64_t d : {static_cast<std::uint64_t>(width), static_cast<std::uint64_t>(height)})
        for (int i = 0; i < 4; ++i) h = (h ^ static_cast<std::uint32_t>((d >> (8 * i)) & 0xFFu)) * 16777619u;
    for (auto v : px) {
        h = (h ^ (v & 0xFFu)) * 16777619u;
        h = (h ^ (v >> 8)) * 16777619u;
    }
    return h;
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
std::uint32_t get32(std::span<const std::uint8_t> in, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(in[at + static_cast<std::size_t>(i)]) << (8 * i);
    return v;
}

class BitskyCodec final : public Codec {
public:
    std::string spec() const override { return "bitsky"; }
    std::string name() const override { return "bitsky"; }
    std::string library() const override { return "bitsky"; }
    std::string library_version() const override { return BITSKY_VERSION; }
    bool multithreaded() const override { return false; }
    std::string size_note() const override {
        return "8-byte header (magic, checksum of shape and pixels) + range-coded header flags, palette and residuals of "
               "the context model";
    }
    std::vector<std::uint8_t> encode(const Frame16& frame) const override { return bitsky_encode(frame); }
    std::vector<std::uint16_t> decode(std::span<const std::uint8_t> bytes, std::size_t width,
                                      std::size_t height) const override {
        return bitsky_decode(bytes, width, height);
    }
};

}  // namespace

namespace {

// `prev` null: the 2D model ("BSK3"); else the inter-frame model of bitsky:3d ("BS3D").
std::vector<std::uint8_t> encode_impl(const Frame16& frame, const std::uint16_t* prev) {
    if (frame.width > 0xFFFFFFFFu || frame.height > 0xFFFFFFFFu) throw Error("bitsky: frame too large");
    if (frame.pixels.size() < frame.size()) throw Error("bitsky: pixel buffer smaller than width x height");
    std::vector<std::uint8_t> out;
    out.reserve(kBitskyHeaderBytes + frame.size());
    if (prev) out.insert(out.end(), {'B', 'S', '3', 'D'});
    else out.insert(out.end(), {'B', 'S', 'K', '3'});
    put32(out, fnv1a(frame.width, frame.height, frame.pixels.first(frame.size())));
    if (frame.size() == 0) return out;
    RangeEncoder enc(out);
    if (prev) analysis::ctxmodel::run<RangeEncoder, true>(enc, frame.pixels.data(), nullptr, frame.width, frame.height, nullptr, prev);
    else analysis::ctxmodel::run(enc, frame.pixels.data(), nullptr, frame.width, frame.height);
    enc.flush();
    return out;
}

std::vector<std::uint16_t> decode_impl(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height,
                                       const std::uint16_t* prev) {
    const char m2 = prev ? '3' : 'K', m3 = prev ? 'D' : '3';
    if (bytes.size() < kBitskyHeaderBytes || bytes[0] != 'B' || bytes[1] != 'S' || bytes[2] != m2 || bytes[3] != m3)
        throw Error(prev ? "bitsky:3d: not an inter-frame bitsky stream (bad or missing header)"
                         : "bitsky: not a bitsky stream (bad or missing header)");
    // Every pixel codes at least one binary decision, which costs at least
    // -log2(65504/65536) > 1/1500 bit: a stream this short cannot hold more pixels.
    // (Refuses absurd shapes before allocating.)
    const std::size_t max_pixels = bytes.size() * 12000 + 1024;
    if (width > 0xFFFFFFFFu || height > 0xFFFFFFFFu || (width > 0 && height > max_pixels / width))
        throw Error("bitsky: a " + std::to_string(bytes.size()) + "-byte stream cannot hold a " + std::to_string(width) +
                    "x" + std::to_string(height) + " frame");
    std::vector<std::uint16_t> pixels(width * height);
    if (pixels.empty()) {
        if (fnv1a(width, height, pixels) != get32(bytes, 4)) throw Error("bitsky: stream is for another shape");
        return pixels;
    }
    RangeDecoder dec(bytes.subspan(kBitskyHeaderBytes));
    if (prev) analysis::ctxmodel::run<RangeDecoder, true>(dec, nullptr, pixels.data(), width, height, nullptr, prev);
    else analysis::ctxmodel::run(dec, nullptr, pixels.data(), width, height);
    if (dec.overrun() > 0) throw Error("bitsky: truncated stream (" + std::to_string(dec.overrun()) + " bytes missing)");
    if (fnv1a(width, height, pixels) != get32(bytes, 4))
        throw Error("bitsky: corrupt stream or other shape than " + std::to_string(width) + "x" + std::to_string(height) +
                    " (checksum mismatch)");
    return pixels;
}

}  // namespace

std::vector<std::uint8_t> bitsky_encode(const Frame16& frame) { return encode_impl(frame, nullptr); }

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
