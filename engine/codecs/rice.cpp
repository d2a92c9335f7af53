// BitSky's Rice coder (rice.h): the algorithm of CFITSIO 4.2's ricecomp.c (R. White's
// rcomp.c / rdecomp.c) with the same choices, so the bytes are the same:
//  - differences wrap in the samples' width and map to unsigned (zigzag);
//  - per block, the split level fs is the bit width of ((sum - n/2 - 1) / n) >> 1 (sum of
//    the block's mapped differences, n its samples, 0 if negative); ricecomp.c computes the
//    quotient in double and truncates, which is exact here (the sum is below 2^53 and a
//    quotient's fraction is at least 1/n away from the next integer);
//  - fs >= FSMAX: code FSMAX+1 and every difference verbatim; fs = 0 and sum = 0: code 0
//    alone; otherwise code fs+1, then per difference v: (v >> fs) zero bits, a one bit and
//    the low fs bits of v;
//  - bits most significant first, the stream's last byte padded with zero bits.
// CFITSIO's encoder writes without bounds (its callers size the buffer) and its decoders
// read until a non-zero byte or a block's end before checking the length; here every
// write and read is checked.
#include "engine/codecs/rice.h"

#include <algorithm>
#include <bit>
#include <string>
#include <type_traits>

#include "engine/util/error.h"

namespace bitsky::codecs::rice {
namespace {

// ricecomp.c's FSBITS (bits of the split-level code) and FSMAX per sample width; a
// verbatim difference takes the sample's width.
template <typename T>
struct Width;
template <>
struct Width<std::uint8_t> {
    static constexpr int fsbits = 3, fsmax = 6;
};
template <>
struct Width<std::uint16_t> {
    static constexpr int fsbits = 4, fsmax = 14;
};
template <>
struct Width<std::uint32_t> {
    static constexpr int fsbits = 5, fsmax = 25;
};

// Sums stay exact in ricecomp.c's double (< 2^32 per difference) up to 2^21 samples a block.
constexpr int kMaxBlockSize = 1 << 20;

void check_block_size(int block_size) {
    if (block_size < 1 || block_size > kMaxBlockSize)
        throw Error("Rice block size must be 1 to " + std::to_string(kMaxBlockSize) + " samples, got " +
                    std::to_string(block_size));
}

constexpr std::uint64_t low_bits(int n) { return (std::uint64_t(1) << n) - 1; }  // n < 64

// next - prev in T's width, mapped to unsigned: 2d for d >= 0, -2d-1 for d < 0.
template <typename T>
std::uint32_t mapped_difference(T next, T prev) {
    using S = std::make_signed_t<T>;
    const auto d = static_cast<std::int32_t>(static_cast<S>(static_cast<T>(next - prev)));
    return (static_cast<std::uint32_t>(d) << 1) ^ (d < 0 ? 0xffffffffu : 0u);
}

// The inverse, as a difference to add modulo 2^32.
inline std::uint32_t unmapped(std::uint32_t v) { return (v & 1) ? ~(v >> 1) : v >> 1; }

// Appends bits to `out` from byte `pos` on, growing it when needed (never in practice: the
// encoder sizes it for the worst case first).
class BitWriter {
public:
    BitWriter(std::vector<std::uint8_t>& out, std::size_t pos) : out_(out), pos_(pos) {}
    // The low n bits of v (n <= 32), most significant first.
    void put(std::uint32_t v, int n) {
        acc_ = (acc_ << n) | (v & low_bits(n));
        bits_ += n;
        if (bits_ >= 32) {
            bits_ -= 32;
            const auto w = static_cast<std::uint32_t>(acc_ >> bits_);
            if (out_.size() - pos_ < 4) out_.resize(std::max<std::size_t>(2 * out_.size(), pos_ + 64));
            std::uint8_t* p = out_.data() + pos_;
            p[0] = std::uint8_t(w >> 24);
            p[1] = std::uint8_t(w >> 16);
            p[2] = std::uint8_t(w >> 8);
            p[3] = std::uint8_t(w);
            pos_ += 4;
        }
    }
    // `zeros` zero bits, then a one.
    void unary(std::uint32_t zeros) {
        for (; zeros >= 32; zeros -= 32) put(0, 32);
        put(1, int(zeros) + 1);
    }
    // Pads the last byte with zero bits; returns the end of the stream.
    std::size_t finish() {
        if (bits_ % 8) put(0, 8 - bits_ % 8);
        if (out_.size() - pos_ < 4) out_.resize(pos_ + 4);
        for (; bits_ >= 8; bits_ -= 8) out_[pos_++] = std::uint8_t(acc_ >> (bits_ - 8));
        return pos_;
    }

private:
    std::vector<std::uint8_t>& out_;
    std::size_t pos_;
    std::uint64_t acc_ = 0;  // pending bits: the low bits_ (< 32 between calls)
    int bits_ = 0;
};

// Reads bits from [p, end), never past end: asking for more throws Truncated.
struct Truncated {};
class BitReader {
public:
    BitReader(const std::uint8_t* p, const std::uint8_t* end) : p_(p), end_(end) {}
    // The next n bits (1 <= n <= 32).
    std::uint32_t get(int n) {
        if (bits_ < n) refill(n);
        bits_ -= n;
        return static_cast<std::uint32_t>((buf_ >> bits_) & low_bits(n));
    }
    // Counts zero bits up to the next one bit, which it consumes.
    std::uint64_t zeros() {
        std::uint64_t count = 0;
        for (;;) {
            const std::uint64_t valid = buf_ & low_bits(bits_);
            if (valid) {
                const int lead = bits_ - int(std::bit_width(valid));
                bits_ -= lead + 1;
                return count + std::uint64_t(lead);
            }
            count += std::uint64_t(bits_);
            bits_ = 0;
            refill(1);
        }
    }

private:
    void refill(int need) {
        // Whole bytes into the buffer while they fit (bits_ < 32 here: need <= 32).
        if (end_ - p_ >= 8) {
            const int take = (63 - bits_) / 8;  // 4..7
            std::uint64_t word = 0;
            for (int k = 0; k < 8; ++k) word = (word << 8) | p_[k];
            buf_ = (buf_ << (8 * take)) | (word >> (64 - 8 * take));
            p_ += take;
            bits_ += 8 * take;
        } else {
            for (; bits_ <= 56 && p_ < end_; bits_ += 8) buf_ = (buf_ << 8) | *p_++;
        }
        if (bits_ < need) throw Truncated{};
    }
    const std::uint8_t* p_;
    const std::uint8_t* end_;
    std::uint64_t buf_ = 0;  // unread bits: the low bits_
    int bits_ = 0;
};

template <typename T>
void encode_samples(std::span<const T> a, std::vector<std::uint8_t>& out, int block_size) {
    constexpr int bits = 8 * sizeof(T), fsbits = Width<T>::fsbits, fsmax = Width<T>::fsmax;
    if (a.empty()) throw Error("Rice: no samples to encode");
    check_block_size(block_size);
    const std::size_t nx = a.size(), nb = std::size_t(block_size), blocks = (nx + nb - 1) / nb;
    // Worst case: a verbatim block takes FSBITS + n * width bits; a Rice-coded one at most
    // FSBITS + n * (fs + 1) + (sum >> fs) <= FSBITS + n * width + n / 2 + 1 bits.
    const std::size_t start = out.size();
    out.resize(start + sizeof(T) * (nx + 1) + nx / 8 + 2 * blocks + 16);
    BitWriter w(out, start);
    w.put(a[0], bits);
    T last = a[0];
    for (std::size_t i = 0; i < nx; i += nb) {
        const std::size_t n = std::min(nb, nx - i);
        const T* block = a.data() + i;
        std::uint64_t sum = 0;
        T prev = last;
        for (std::size_t j = 0; j < n; ++j) {
            sum += mapped_difference<T>(block[j], prev);
            prev = block[j];
        }
        prev = last;
        const std::int64_t num = std::int64_t(sum) - std::int64_t(n / 2) - 1;
        const std::uint64_t mean = num < 0 ? 0 : std::uint64_t(num) / n;
        const int fs = int(std::bit_width(mean >> 1));
        if (fs >= fsmax) {
            w.put(fsmax + 1, fsbits);
            for (std::size_t j = 0; j < n; ++j) {
                w.put(mapped_difference<T>(block[j], prev), bits);
                prev = block[j];
            }
        } else if (fs == 0 && sum == 0) {
            w.put(0, fsbits);
        } else {
            w.put(std::uint32_t(fs + 1), fsbits);
            for (std::size_t j = 0; j < n; ++j) {
                const std::uint32_t v = mapped_difference<T>(block[j], prev);
                prev = block[j];
                w.unary(v >> fs);
                if (fs > 0) w.put(v, fs);
            }
        }
        last = block[n - 1];
    }
    out.resize(w.finish());
}

template <typename T>
void decode_samples(std::span<const std::uint8_t> in, std::span<T> out, int block_size) {
    constexpr int bits = 8 * sizeof(T), fsbits = Width<T>::fsbits, fsmax = Width<T>::fsmax;
    if (out.empty()) throw Error("Rice: no samples to decode");
    check_block_size(block_size);
    if (in.size() < sizeof(T) + 1)
        throw Error("Rice stream of " + std::to_string(in.size()) + " bytes cannot hold its first " +
                    std::to_string(bits) + "-bit sample and a block code");
    std::uint32_t last = 0;
    for (std::size_t k = 0; k < sizeof(T); ++k) last = (last << 8) | in[k];
    BitReader r(in.data() + sizeof(T), in.data() + in.size());
    const std::size_t nx = out.size(), nb = std::size_t(block_size), blocks = (nx + nb - 1) / nb;
    std::size_t i = 0;
    auto where = [&] { return "block " + std::to_string(i / nb + 1) + " of " + std::to_string(blocks); };
    try {
        while (i < nx) {
            const std::size_t imax = std::min(nx, i + nb);
            const int fs = int(r.get(fsbits)) - 1;
            if (fs < 0) {
                std::fill(out.begin() + std::ptrdiff_t(i), out.begin() + std::ptrdiff_t(imax), T(last));
                i = imax;
            } else if (fs == fsmax) {
                for (; i < imax; ++i) out[i] = T(last += unmapped(r.get(bits)));
            } else if (fs > fsmax) {
                throw Error("Rice stream corrupt: " + where() + " has split-level code " + std::to_string(fs + 1) +
                            " (" + std::to_string(bits) + "-bit samples: at most " + std::to_string(fsmax + 1) + ")");
            } else {
                for (; i < imax; ++i) {
                    std::uint32_t v = static_cast<std::uint32_t>(r.zeros()) << fs;
                    if (fs > 0) v |= r.get(fs);
                    out[i] = T(last += unmapped(v));
                }
            }
            last = out[imax - 1];
        }
    } catch (const Truncated&) {
        throw Error("Rice stream of " + std::to_string(in.size()) + " bytes ends inside " + where() + " (" +
                    std::to_string(nx) + " samples)");
    }
}

}  // namespace

void encode(std::span<const std::uint8_t> samples, std::vector<std::uint8_t>& out, int block_size) {
    encode_samples(samples, out, block_size);
}
void encode(std::span<const std::uint16_t> samples, std::vector<std::uint8_t>& out, int block_size) {
    encode_samples(samples, out, block_size);
}
void encode(std::span<const std::uint32_t> samples, std::vector<std::uint8_t>& out, int block_size) {
    encode_samples(samples, out, block_size);
}

void decode(std::span<const std::uint8_t> stream, std::span<std::uint8_t> samples, int block_size) {
    decode_samples(stream, samples, block_size);
}
void decode(std::span<const std::uint8_t> stream, std::span<std::uint16_t> samples, int block_size) {
    decode_samples(stream, samples, block_size);
}
void decode(std::span<const std::uint8_t> stream, std::span<std::uint32_t> samples, int block_size) {
    decode_samples(stream, samples, block_size);
}

}  // namespace bitsky::codecs::rice
