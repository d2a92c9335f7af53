#include "engine/codecs/bitsky_codec.h"

#include <string>

#include "engine/analysis/context_model.h"
#include "engine/util/error.h"

namespace bitsky::codecs {
namespace {

using analysis::ctxmodel::Cdf;
using analysis::ctxmodel::Prob;

// Raw bits (the low bits of residuals, coded at exactly 1 bit each) bypass the range
// coder: they are packed MSB first into 32-bit big-endian words of a separate section,
// which keeps them free of per-bit range arithmetic and branches.
class BitWriter {
public:
    void put(int n, unsigned v) {  // n <= 32, v < 2^n
        acc_ = (acc_ << n) | v;
        bits_ += n;
        if (bits_ >= 32) {
            bits_ -= 32;
            word(static_cast<std::uint32_t>(acc_ >> bits_));
        }
    }
    // Pads the last word with zeros.
    void flush() {
        if (bits_ > 0) word(static_cast<std::uint32_t>(acc_ << (32 - bits_)));
        bits_ = 0;
    }
    std::vector<std::uint8_t>& bytes() { return out_; }

private:
    void word(std::uint32_t w) {
        for (int i = 3; i >= 0; --i) out_.push_back(static_cast<std::uint8_t>(w >> (8 * i)));
    }
    std::vector<std::uint8_t> out_;
    std::uint64_t acc_ = 0;
    int bits_ = 0;
};

class BitReader {
public:
    explicit BitReader(std::span<const std::uint8_t> in) : in_(in) {}
    unsigned get(int n) {  // n <= 32
        if (bits_ < n) {
            std::uint32_t w = 0;
            for (int i = 0; i < 4; ++i) {
                w <<= 8;
                if (pos_ < in_.size()) w |= in_[pos_];
                else ++overrun_;
                ++pos_;
            }
            acc_ = (acc_ << 32) | w;
            bits_ += 32;
        }
        bits_ -= n;
        return static_cast<unsigned>((acc_ >> bits_) & ((std::uint64_t{1} << n) - 1u));
    }
    std::size_t overrun() const { return overrun_; }

private:
    std::span<const std::uint8_t> in_;
    std::size_t pos_ = 0, overrun_ = 0;
    std::uint64_t acc_ = 0;
    int bits_ = 0;
};

// LZMA-style range coder: binary decisions with 16-bit probabilities (p0 = P(bit == 0)),
// tokens with 15-bit cumulative frequencies (Cdf::at; the decoder finds the token with
// one division and a branch-free count); raw bits go to the BitWriter.
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
        normalize();
        p.update(b);
        return b;
    }
    int token(Cdf& d, int s) {
        const std::uint32_t r = range_ >> 15;
        const std::uint32_t lo = r * d.at(s);
        range_ = s == analysis::ctxmodel::kTokens - 1 ? range_ - lo : r * d.at(s + 1) - lo;
        low_ += lo;
        normalize();
        d.update(s);
        return s;
    }
    unsigned raw(int nbits, unsigned v) {
        raw_.put(nbits, v);
        return v;
    }
    // Ends the stream: the range-coded section's length (u32 LE), that section, then the
    // raw bits.
    void finish() {
        for (int i = 0; i < 5; ++i) shift_low();
        raw_.flush();
        const auto n = static_cast<std::uint32_t>(rc_.size());
        for (int i = 0; i < 4; ++i) out_.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
        out_.insert(out_.end(), rc_.begin(), rc_.end());
        out_.insert(out_.end(), raw_.bytes().begin(), raw_.bytes().end());
    }
    float take_bits() const { return 0.0f; }

private:
    // After any decision the range is at least 2^8, so at most two bytes are due.
    void normalize() {
        if (range_ < (1u << 24)) {
            range_ <<= 8;
            shift_low();
            if (range_ < (1u << 24)) {
                range_ <<= 8;
                shift_low();
            }
        }
    }
    void shift_low() {
        if (static_cast<std::uint32_t>(low_) < 0xFF000000u || (low_ >> 32) != 0) {
            auto carry = static_cast<std::uint8_t>(low_ >> 32);
            std::uint8_t temp = cache_;
            do {
                rc_.push_back(static_cast<std::uint8_t>(temp + carry));
                temp = 0xFF;
            } while (--cache_size_ != 0);
            cache_ = static_cast<std::uint8_t>(low_ >> 24);
        }
        ++cache_size_;
        low_ = (low_ & 0x00FFFFFFu) << 8;
    }
    std::vector<std::uint8_t>& out_;
    std::vector<std::uint8_t> rc_;
    BitWriter raw_;
    std::uint64_t low_ = 0;
    std::uint32_t range_ = 0xFFFFFFFFu;
    std::uint8_t cache_ = 0;
    std::uint64_t cache_size_ = 1;
};

class RangeDecoder {
public:
    static constexpr bool decoding = true;
    // `rc`: the range-coded section; `raw`: the raw bits.
    RangeDecoder(std::span<const std::uint8_t> rc, std::span<const std::uint8_t> raw) : raw_(raw) {
        // Two bytes of zero padding so that normalisation may read ahead without a branch.
        in_.assign(rc.begin(), rc.end());
        in_.resize(rc.size() + 2, 0);
        size_ = rc.size();
        for (int i = 0; i < 5; ++i) code_ = (code_ << 8) | (pos_ < size_ ? in_[pos_] : 0u), ++pos_;
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
        normalize();
        p.update(b);
        return b;
    }
    int token(Cdf& d, int) {
        constexpr int kTokens = analysis::ctxmodel::kTokens;
        const std::uint32_t r = range_ >> 15;
        // code_ < range_ in a valid stream; a corrupt one is clamped to the last token.
        const std::uint32_t q = code_ / r;
        const int s = d.find(q);
        const std::uint32_t lo = r * d.at(s);
        range_ = s == kTokens - 1 ? range_ - lo : r * d.at(s + 1) - lo;
        code_ -= lo;
        normalize();
        d.update(s);
        return s;
    }
    unsigned raw(int nbits, unsigned) { return raw_.get(nbits); }
    float take_bits() const { return 0.0f; }
    std::size_t overrun() const { return (pos_ > size_ ? pos_ - size_ : 0) + raw_.overrun(); }

private:
    // Branch-free: reads the 0, 1 or 2 bytes due (the range is at least 2^8 after any
    // decision) from the padded buffer; reading past the section counts as overrun.
    void normalize() {
        const int n = static_cast<int>(range_ < (1u << 24)) + static_cast<int>(range_ < (1u << 16));
        const std::size_t at = std::min(pos_, size_);
        const std::uint32_t two = static_cast<std::uint32_t>(in_[at]) << 8 | in_[at + 1];
        code_ = (code_ << (8 * n)) | (two >> (16 - 8 * n));
        range_ <<= 8 * n;
        pos_ += static_cast<std::size_t>(n);
    }
    std::vector<std::uint8_t> in_;
    std::size_t size_ = 0, pos_ = 0;
    BitReader raw_;
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
        return "12-byte header (magic, checksum of shape and pixels, length of the range-coded section) + range-coded "
               "header flags, palette and residual tokens of the context model + the residuals' raw low bits";
    }
    std::vector<std::uint8_t> encode(const Frame16& frame) const override { return bitsky_encode(frame); }
    std::vector<std::uint16_t> decode(std::span<const std::uint8_t> bytes, std::size_t width,
                                      std::size_t height) const override {
        return bitsky_decode(bytes, width, height);
    }
};

}  // namespace

namespace {

// The model's pixel loops, compiled for AVX2 and for the baseline and chosen at run time
// (both code the same bits: the model's float arithmetic is lane-wise IEEE without fused
// multiply-add, this file being compiled with -ffp-contract=off).
[[gnu::target_clones("avx2", "default")]] void encode_pixels(RangeEncoder& enc, const Frame16& frame,
                                                              const std::uint16_t* prev) {
    if (prev) analysis::ctxmodel::run<RangeEncoder, true>(enc, frame.pixels.data(), nullptr, frame.width, frame.height, nullptr, prev);
    else analysis::ctxmodel::run(enc, frame.pixels.data(), nullptr, frame.width, frame.height);
}
[[gnu::target_clones("avx2", "default")]] void decode_pixels(RangeDecoder& dec, std::uint16_t* pixels, std::size_t width,
                                                              std::size_t height, const std::uint16_t* prev) {
    if (prev) analysis::ctxmodel::run<RangeDecoder, true>(dec, nullptr, pixels, width, height, nullptr, prev);
    else analysis::ctxmodel::run(dec, nullptr, pixels, width, height);
}

// `prev` null: the 2D model ("BSK4"); else the inter-frame model of bitsky:3d ("BSD4").
std::vector<std::uint8_t> encode_impl(const Frame16& frame, const std::uint16_t* prev) {
    if (frame.width > 0xFFFFFFFFu || frame.height > 0xFFFFFFFFu) throw Error("bitsky: frame too large");
    if (frame.pixels.size() < frame.size()) throw Error("bitsky: pixel buffer smaller than width x height");
    std::vector<std::uint8_t> out;
    out.reserve(kBitskyHeaderBytes + frame.size());
    if (prev) out.insert(out.end(), {'B', 'S', 'D', '4'});
    else out.insert(out.end(), {'B', 'S', 'K', '4'});
    put32(out, fnv1a(frame.width, frame.height, frame.pixels.first(frame.size())));
    if (frame.size() == 0) {
        put32(out, 0);
        return out;
    }
    RangeEncoder enc(out);
    encode_pixels(enc, frame, prev);
    enc.finish();
    return out;
}

std::vector<std::uint16_t> decode_impl(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height,
                                       const std::uint16_t* prev) {
    const char m2 = prev ? 'D' : 'K';
    if (bytes.size() < kBitskyHeaderBytes || bytes[0] != 'B' || bytes[1] != 'S' || bytes[2] != m2 || bytes[3] != '4')
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
    const std::size_t rc_bytes = get32(bytes, 8);
    if (rc_bytes > bytes.size() - kBitskyHeaderBytes)
        throw Error("bitsky: truncated stream (the range-coded section needs " + std::to_string(rc_bytes) + " bytes, " +
                    std::to_string(bytes.size() - kBitskyHeaderBytes) + " follow the header)");
    RangeDecoder dec(bytes.subspan(kBitskyHeaderBytes, rc_bytes), bytes.subspan(kBitskyHeaderBytes + rc_bytes));
    decode_pixels(dec, pixels.data(), width, height, prev);
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
