#pragma once
// The range coder of BitSky's streams (engine-internal; bitsky_codec.cpp and
// bitsky_types.cpp): binary decisions and 33-symbol tokens under the context model's
// adaptive probabilities, raw bits in a separate bit-packed section.
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/model/context_model.h"
#include "engine/util/bytes.h"

namespace bitsky::codecs::rangecoder {

using model::ctxmodel::Cdf;
using model::ctxmodel::Prob;
// The stream header's words (checksum, section length) are little-endian; the range
// coder's digits and the raw-bit section big-endian (bytes past the end read as 0).
using util::get_be32_or_zero;
using util::put_be32;
using util::put_le32;

// Raw bits (the low bits of residuals, coded at exactly 1 bit each) bypass the range
// coder: they are packed MSB first into 32-bit big-endian words of a separate section,
// which keeps them free of per-bit range arithmetic and branches.
class BitWriter {
public:
    BITSKY_PIXEL_INLINE void put(int n, unsigned v) {  // n <= 32, v < 2^n
        acc_ = (acc_ << n) | v;
        bits_ += n;
        if (bits_ >= 32) {
            bits_ -= 32;
            put_be32(out_, static_cast<std::uint32_t>(acc_ >> bits_));
        }
    }
    // Writes the last partial word's bytes (the reader reads missing bytes as zeros).
    void flush() {
        const auto w = static_cast<std::uint32_t>(acc_ << (32 - bits_));
        for (int i = 0; i < (bits_ + 7) / 8; ++i) out_.push_back(static_cast<std::uint8_t>(w >> (24 - 8 * i)));
        bits_ = 0;
    }
    std::vector<std::uint8_t>& bytes() { return out_; }

private:
    std::vector<std::uint8_t> out_;
    std::uint64_t acc_ = 0;
    int bits_ = 0;
};

class BitReader {
public:
    explicit BitReader(std::span<const std::uint8_t> in) : in_(in) {}
    BITSKY_PIXEL_INLINE unsigned get(int n) {  // n <= 32
        if (bits_ < n) {
            acc_ = (acc_ << 32) | get_be32_or_zero(in_, pos_);
            pos_ += 4;
            bits_ += 32;
        }
        bits_ -= n;
        return static_cast<unsigned>((acc_ >> bits_) & ((std::uint64_t{1} << n) - 1u));
    }
    // Bytes that the bits read so far needed beyond the section's end.
    std::size_t overrun() const {
        const std::size_t used_bits = 8 * pos_ - static_cast<std::size_t>(bits_);
        return used_bits > 8 * in_.size() ? (used_bits - 8 * in_.size() + 7) / 8 : 0;
    }

private:
    std::span<const std::uint8_t> in_;
    std::size_t pos_ = 0;
    std::uint64_t acc_ = 0;
    int bits_ = 0;
};

// LZMA-style range coder with a 64-bit range and 32-bit output digits: binary decisions
// with 16-bit probabilities (p0 = P(bit == 0)), tokens with 15-bit cumulative frequencies
// (Cdf::at; the decoder finds the token with one division and a branch-free count); raw
// bits go to the BitWriter. The range stays at least 2^32, so one decision never needs
// more than one digit and a digit is due only every few pixels (a rarely taken, well
// predicted branch instead of a byte-wise loop on every pixel). The first digit, always
// 0, is not written.
using u128 = unsigned __int128;

// One pixel (u16, little-endian bytes) of the streams' FNV-1a 32 checksum.
BITSKY_PIXEL_INLINE std::uint32_t fnv1a_step(std::uint32_t h, std::uint16_t v) {
    h = (h ^ (v & 0xFFu)) * 16777619u;
    return (h ^ static_cast<std::uint32_t>(v >> 8)) * 16777619u;
}
constexpr std::uint64_t kDigit = std::uint64_t{1} << 32;

class RangeEncoder {
public:
    static constexpr bool decoding = false;
    // The section's digits go straight to `out` after a placeholder for its length.
    explicit RangeEncoder(std::vector<std::uint8_t>& out) : out_(out), start_(out.size()) { out_.resize(start_ + 4); }
    BITSKY_PIXEL_INLINE int bit(Prob& p, int b) {
        const std::uint64_t bound = (range_ >> 16) * static_cast<unsigned>(p.p0());
        // Branch-free (noise bits are data: a branch on them is mispredicted half the time).
        const std::uint64_t one = std::uint64_t{0} - static_cast<std::uint64_t>(b != 0);
        add_low(bound & one);
        range_ = (bound & ~one) | ((range_ - bound) & one);
        normalize();
        p.update(b);
        return b;
    }
    BITSKY_PIXEL_INLINE int token(Cdf& d, int s) {
        const std::uint64_t r = range_ >> 15;
        const std::uint64_t lo = r * d.at(s);
        range_ = s == model::ctxmodel::kTokens - 1 ? range_ - lo : r * d.at(s + 1) - lo;
        add_low(lo);
        normalize();
        return s;
    }
    BITSKY_PIXEL_INLINE unsigned raw(int nbits, unsigned v) {
        raw_.put(nbits, v);
        return v;
    }
    // Ends the stream: the range-coded section's length (u32 LE), that section, then the
    // raw bits.
    void finish() {
        // The shortest value in [low, low + range): the common leading bits of both ends
        // and a one; its trailing zero bytes are not written (the decoder reads zeros past
        // the end, up to the two digits it holds).
        const u128 low = static_cast<u128>(carry_) << 64 | low_;
        const u128 hi = low + range_ - 1, differ = low ^ hi;
        const auto top = static_cast<std::uint64_t>(differ >> 64);
        const int k = top ? 63 + std::bit_width(top) : std::bit_width(static_cast<std::uint64_t>(differ)) - 1;
        const u128 end = hi & ~((u128{1} << k) - 1);  // the highest differing bit is 1 in hi, 0 in low
        low_ = static_cast<std::uint64_t>(end);
        carry_ = static_cast<std::uint64_t>(end >> 64);
        for (int i = 0; i < 3; ++i) shift_low();
        for (int i = 0; i < 8 && out_.size() > start_ + 4 && out_.back() == 0; ++i) out_.pop_back();
        raw_.flush();
        const auto n = static_cast<std::uint32_t>(out_.size() - start_ - 4);
        for (int i = 0; i < 4; ++i) out_[start_ + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(n >> (8 * i));
        out_.insert(out_.end(), raw_.bytes().begin(), raw_.bytes().end());
    }
    float take_bits() const { return 0.0f; }
    // FNV-1a of the pixels the model codes (context_model.h's run adds each with
    // hash_step), from the stream's shape's (set_hash before): the checksum without a
    // pass of its own.
    void set_hash(std::uint32_t h) { hash_ = h; }
    BITSKY_PIXEL_INLINE static std::uint32_t hash_step(std::uint32_t h, std::uint16_t v) { return fnv1a_step(h, v); }
    std::uint32_t hash() const { return hash_; }

private:
    BITSKY_PIXEL_INLINE void add_low(std::uint64_t x) {
        low_ += x;
        carry_ += low_ < x;
    }
    // After any decision the range is at least 2^17: one digit restores 2^32.
    BITSKY_PIXEL_INLINE void normalize() {
        if (range_ < kDigit) {
            range_ <<= 32;
            shift_low();
        }
    }
    // As LZMA's, in base 2^32: low holds two digits and a carry; a digit of all ones is
    // held back (cache_size_) until it is known whether a carry reaches it.
    void shift_low() {
        const auto top = static_cast<std::uint32_t>(low_ >> 32);
        const auto carry = static_cast<std::uint32_t>(carry_);
        if (top != 0xFFFFFFFFu || carry != 0) {
            std::uint32_t temp = cache_;
            do {
                if (started_) put_be32(out_, temp + carry);
                started_ = true;
                temp = 0xFFFFFFFFu;
            } while (--cache_size_ != 0);
            cache_ = top;
        }
        ++cache_size_;
        low_ = (low_ & 0xFFFFFFFFu) << 32;
        carry_ = 0;
    }
    std::vector<std::uint8_t>& out_;
    std::size_t start_;  // where the section's length goes
    BitWriter raw_;
    // low (below 2^65: it is below 2^64 after each digit and low + range never grows) as
    // its low 64 bits and the carry above them: a 128-bit member was kept in memory as two
    // halves and reloaded whole, a store-forwarding stall on every decision.
    std::uint64_t low_ = 0, carry_ = 0;
    std::uint64_t range_ = ~std::uint64_t{0};
    std::uint32_t cache_ = 0;
    std::uint64_t cache_size_ = 1;
    bool started_ = false;
    std::uint32_t hash_ = 0;
};

class RangeDecoder {
public:
    static constexpr bool decoding = true;
    // `rc`: the range-coded section; `raw`: the raw bits.
    RangeDecoder(std::span<const std::uint8_t> rc, std::span<const std::uint8_t> raw) : in_(rc), raw_(raw) {
        code_ = static_cast<std::uint64_t>(next()) << 32;
        code_ |= next();
    }
    BITSKY_PIXEL_INLINE int bit(Prob& p, int) {
        const std::uint64_t bound = (range_ >> 16) * static_cast<unsigned>(p.p0());
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
    BITSKY_PIXEL_INLINE int token(Cdf& d, int) {
        constexpr int kTokens = model::ctxmodel::kTokens;
        const std::uint64_t r = range_ >> 15;
        // code_ < range_ in a valid stream; a corrupt one is clamped to the last token.
        const std::uint64_t q = std::min<std::uint64_t>(code_ / r, 1u << 20);
        const int s = d.find(static_cast<std::uint32_t>(q));
        const std::uint64_t lo = r * d.at(s);
        range_ = s == kTokens - 1 ? range_ - lo : r * d.at(s + 1) - lo;
        code_ -= lo;
        normalize();
        return s;
    }
    BITSKY_PIXEL_INLINE unsigned raw(int nbits, unsigned) { return raw_.get(nbits); }
    float take_bits() const { return 0.0f; }
    // As RangeEncoder's: FNV-1a of the decoded pixels.
    void set_hash(std::uint32_t h) { hash_ = h; }
    BITSKY_PIXEL_INLINE static std::uint32_t hash_step(std::uint32_t h, std::uint16_t v) { return fnv1a_step(h, v); }
    std::uint32_t hash() const { return hash_; }
    // The bytes of the section read so far (the digits held included; past its end too): a
    // whole section is never longer (its unwritten digits are zeros).
    std::size_t consumed() const { return pos_; }
    // Bytes read past the section beyond the two digits the encoder may leave unwritten.
    std::size_t overrun() const {
        const std::size_t past = pos_ > in_.size() ? pos_ - in_.size() : 0;
        return (past > 8 ? past - 8 : 0) + raw_.overrun();
    }

private:
    BITSKY_PIXEL_INLINE void normalize() {
        if (range_ < kDigit) {
            range_ <<= 32;
            code_ = (code_ << 32) | next();
        }
    }
    // The next digit; bytes past the section read as 0 (overrun() counts them).
    std::uint32_t next() {
        const std::uint32_t w = get_be32_or_zero(in_, pos_);
        pos_ += 4;
        return w;
    }
    std::span<const std::uint8_t> in_;
    std::size_t pos_ = 0;
    BitReader raw_;
    std::uint64_t code_ = 0, range_ = ~std::uint64_t{0};
    std::uint32_t hash_ = 0;
};

}  // namespace bitsky::codecs::rangecoder
