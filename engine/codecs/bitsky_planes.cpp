#include "engine/codecs/bitsky_planes.h"

#include <algorithm>
#include <array>
#include <bit>

#include "engine/codecs/bitsky_codec.h"
#include "engine/codecs/bitsky_range_coder.h"
#include "engine/util/bytes.h"
#include "engine/util/error.h"

namespace bitsky::codecs::bitsky_planes {
namespace {

using model::ctxmodel::Prob;
using rangecoder::RangeDecoder;
using rangecoder::RangeEncoder;

constexpr std::size_t kMaxPalette = 65536;
// Frames above this many pixels choose between split and palette on a band of rows.
constexpr std::size_t kTrialPixels = std::size_t{1} << 18;

std::vector<std::uint8_t> encode16(std::span<const std::uint16_t> v, std::size_t w, std::size_t h) {
    return bitsky_encode(Frame16{v, w, h});
}

// The k low bits of every value: one adaptive decision per bit, MSB first, under the bit
// position and the same bit of W and N (structured low bits, e.g. trailing zeros of
// converted data, cost little; noise bits cost 1 bit each); the top three also under the
// bits of this value coded before them and the high part's last 4 bits (the shape of
// the distribution within a float's octave).
template <class Coder>
void code_low_bits(Coder& c, std::uint64_t* low, const std::uint16_t* high, std::size_t w, std::size_t h, int k,
                   float* cost = nullptr) {
    constexpr int kTop = 3;
    std::vector<Prob> probs(static_cast<std::size_t>(k) * 8 * 16 * 4);
    for (std::size_t y = 0; y < h; ++y)
        for (std::size_t x = 0; x < w; ++x) {
            const std::size_t i = y * w + x;
            const std::uint64_t W = x > 0 ? low[i - 1] : (y > 0 ? low[i - w] : 0), N = y > 0 ? low[i - w] : W;
            const std::uint64_t v = Coder::decoding ? 0 : low[i];
            const unsigned hb = high[i] & 15u;
            std::uint64_t out = 0;
            unsigned node = 1;
            for (int j = k - 1; j >= 0; --j) {
                const unsigned wn = static_cast<unsigned>((W >> j) & 1u) | static_cast<unsigned>((N >> j) & 1u) << 1;
                const bool top = j >= k - kTop;
                const std::size_t ctx =
                    ((static_cast<std::size_t>(j) * 8 + (top ? node : 0)) * 16 + (top ? hb : 0)) * 4 + wn;
                const int b = c.bit(probs[ctx], static_cast<int>((v >> j) & 1u));
                out |= static_cast<std::uint64_t>(b) << j;
                if (top) node = node << 1 | static_cast<unsigned>(b);
            }
            low[i] = out;
            if (cost) cost[i] += c.take_bits();
        }
}

// Small counts (sparse photon counts, flag maps): each value as "> 0?", "> 1?", ... up
// to 15 (then Elias-gamma of the rest) under the neighbours W, N, NW, NE (each capped at
// 3) and the sum of the 12 nearest causal neighbours (4 classes): a JBIG-like model that
// the residual coder cannot match when most pixels are 0 or 1.
template <class Coder>
void code_counts(Coder& c, std::uint16_t* v, std::size_t w, std::size_t h, float* cost = nullptr) {
    constexpr int kUnary = 15;
    std::vector<std::array<Prob, kUnary>> probs(256 * 4);
    model::ctxmodel::UintProbs escape{};
    // The values with two rows above and two columns either side of zeros.
    const std::size_t S = w + 4;
    std::vector<std::uint16_t> pad((h + 2) * S, 0);
    for (std::size_t y = 0; y < h; ++y) {
        std::uint16_t* r2 = &pad[y * S + 2];  // row y-2
        std::uint16_t* r1 = r2 + S;           // row y-1
        std::uint16_t* r0 = r1 + S;           // row y
        for (std::size_t x = 0; x < w; ++x) {
            const unsigned W = r0[x - 1], N = r1[x], NW = r1[x - 1], NE = r1[x + 1];
            const unsigned sum = W + N + NW + NE + r0[x - 2] + r2[x] + r1[x - 2] + r1[x + 2] + r2[x - 1] + r2[x + 1] +
                                 r2[x - 2] + r2[x + 2];
            const unsigned cls = sum == 0 ? 0 : sum <= 2 ? 1 : sum <= 6 ? 2 : 3;
            const std::size_t ctx = (std::min(W, 3u) * 64 + std::min(N, 3u) * 16 + std::min(NW, 3u) * 4 +
                                     std::min(NE, 3u)) * 4 + cls;
            const unsigned truth = Coder::decoding ? 0 : v[y * w + x];
            unsigned out = 0;
            while (out < kUnary && c.bit(probs[ctx][out], truth > out)) ++out;
            if (out == kUnary) out += model::ctxmodel::code_uint(c, escape, truth - kUnary);
            r0[x] = static_cast<std::uint16_t>(out);
            v[y * w + x] = static_cast<std::uint16_t>(out);
            if (cost) cost[y * w + x] += c.take_bits();
        }
    }
}

// The sorted distinct values as gaps (first value, then differences minus 1), each as
// Elias-gamma of gap + 1 with adaptive exponent and top mantissa bits, the rest raw.
template <class Coder>
void code_table(Coder& c, std::uint64_t* values, std::size_t n) {
    std::array<Prob, 65> expo{};
    std::vector<std::array<Prob, 8>> mant(64);
    std::uint64_t prev = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t gap = Coder::decoding ? 0 : (i == 0 ? values[0] : values[i] - values[i - 1] - 1);
        // gap + 1 cannot overflow: the first value is the plane's minimum, 0, or gaps are < 2^64 - 1.
        const std::uint64_t x = gap + 1;
        const int e_true = std::bit_width(x) - 1;
        int e = 0;
        while (e < 63 && c.bit(expo[static_cast<std::size_t>(e)], e < e_true)) ++e;
        std::uint64_t m = 0;
        for (int j = e - 1; j >= 0; --j) {
            const int top = e - 1 - j;  // 0 for the bit below the leading one
            const int bit = static_cast<int>((x >> j) & 1u);
            int b;
            if (top < 8) {
                b = c.bit(mant[static_cast<std::size_t>(e)][static_cast<std::size_t>(top)], bit);
            } else {
                b = static_cast<int>(c.raw(1, static_cast<unsigned>(bit)));
            }
            m = m << 1 | static_cast<std::uint64_t>(b);
        }
        const std::uint64_t g = ((std::uint64_t{1} << e) | m) - 1;
        const std::uint64_t v = i == 0 ? g : prev + g + 1;
        values[i] = v;
        prev = v;
    }
}

std::vector<std::uint64_t> distinct_values(std::span<const std::uint64_t> u, std::size_t limit) {
    const std::uint64_t max = u.empty() ? 0 : *std::max_element(u.begin(), u.end());
    if (max < (std::uint64_t{1} << 27)) {  // a bit set of the values (at most 16 MiB)
        std::vector<std::uint64_t> seen(static_cast<std::size_t>(max / 64 + 1), 0);
        for (auto v : u) seen[static_cast<std::size_t>(v / 64)] |= std::uint64_t{1} << (v % 64);
        std::vector<std::uint64_t> out;
        for (std::size_t i = 0; i < seen.size(); ++i)
            for (std::uint64_t b = seen[i]; b != 0; b &= b - 1) {
                if (out.size() == limit) return {};
                out.push_back(i * 64 + static_cast<std::uint64_t>(std::countr_zero(b)));
            }
        return out;
    }
    std::vector<std::uint64_t> s(u.begin(), u.end());
    std::sort(s.begin(), s.end());
    s.erase(std::unique(s.begin(), s.end()), s.end());
    if (s.size() > limit) s.clear();
    return s;
}

void encode_split(std::span<const std::uint64_t> u, std::size_t w, std::size_t h, int k, std::vector<std::uint8_t>& out) {
    std::vector<std::uint16_t> high(u.size());
    std::vector<std::uint64_t> low(u.size());
    const std::uint64_t mask = (std::uint64_t{1} << k) - 1;
    for (std::size_t i = 0; i < u.size(); ++i) {
        high[i] = static_cast<std::uint16_t>(u[i] >> k);
        low[i] = u[i] & mask;
    }
    out.push_back('S');
    out.push_back(static_cast<std::uint8_t>(k));
    const auto hs = encode16(high, w, h);
    util::put_le32(out, static_cast<std::uint32_t>(hs.size()));
    out.insert(out.end(), hs.begin(), hs.end());
    RangeEncoder enc(out);
    code_low_bits(enc, low.data(), high.data(), w, h, k);
    enc.finish();
}

void encode_counts(std::span<const std::uint64_t> u, std::size_t w, std::size_t h, std::vector<std::uint8_t>& out) {
    std::vector<std::uint16_t> v(u.begin(), u.end());  // < 2^16 (checked by choose)
    out.push_back('C');
    RangeEncoder enc(out);
    code_counts(enc, v.data(), w, h);
    enc.finish();
}

void encode_palette(std::span<const std::uint64_t> u, std::size_t w, std::size_t h,
                    const std::vector<std::uint64_t>& table, std::vector<std::uint8_t>& out) {
    out.push_back('P');
    util::put_le32(out, static_cast<std::uint32_t>(table.size()));
    std::vector<std::uint8_t> ts;
    {
        RangeEncoder enc(ts);
        std::vector<std::uint64_t> copy = table;
        code_table(enc, copy.data(), copy.size());
        enc.finish();
    }
    util::put_le32(out, static_cast<std::uint32_t>(ts.size()));
    out.insert(out.end(), ts.begin(), ts.end());
    std::vector<std::uint16_t> ranks(u.size());
    for (std::size_t i = 0; i < u.size(); ++i)
        ranks[i] = static_cast<std::uint16_t>(std::lower_bound(table.begin(), table.end(), u[i]) - table.begin());
    const auto rs = encode16(ranks, w, h);
    out.insert(out.end(), rs.begin(), rs.end());
}

// A range-coded section at the start of `s` (u32 length, digits, raw bits to the end).
RangeDecoder open_section(std::span<const std::uint8_t> s) {
    if (s.size() < 4) throw Error("bitsky: truncated stream (no range-coded section)");
    const std::size_t n = util::get_le32(s, 0);
    if (n > s.size() - 4) throw Error("bitsky: truncated stream (a range-coded section is cut short)");
    return RangeDecoder(s.subspan(4, n), s.subspan(4 + n));
}

}  // namespace

std::string PlaneChoice::text() const {
    switch (kind) {
        case 'S': return "high 16 bits coded as uint16 + " + std::to_string(low_bits) + " low bits by adaptive bit contexts";
        case 'C': return "coded as small counts (neighbour-context binary decisions)";
        case 'P': return "ranks among " + std::to_string(distinct) + " distinct values coded as uint16";
        default: return "coded as uint16";
    }
}

PlaneChoice choose(std::span<const std::uint64_t> u, std::size_t width, std::size_t height, int split_hint,
                   std::vector<std::uint8_t>* bytes_out, bool need_cost) {
    const std::uint64_t max = u.empty() ? 0 : *std::max_element(u.begin(), u.end());
    const int k0 = max < 65536 ? 0 : std::bit_width(max) - 16;
    std::vector<PlaneChoice> candidates;
    if (k0 == 0) {
        candidates.push_back({'D', 0, 0});
        // Counts: when most values are 0..3.
        const auto small = static_cast<std::size_t>(std::count_if(u.begin(), u.end(), [](std::uint64_t v) { return v < 4; }));
        if (2 * small >= u.size() && !u.empty()) candidates.push_back({'C', 0, 0});
    } else {
        candidates.push_back({'S', k0, 0});
        if (split_hint > k0 && split_hint < static_cast<int>(std::bit_width(max))) candidates.push_back({'S', split_hint, 0});
    }
    std::vector<std::uint64_t> table;
    if (k0 > 0) {
        table = distinct_values(u, kMaxPalette);
        if (!table.empty()) candidates.push_back({'P', 0, table.size()});
    }
    if (candidates.size() == 1 && !need_cost) return candidates[0];
    // Every candidate on the frame, or on a central band of rows of a large one.
    std::size_t y0 = 0, rows = height;
    if (u.size() > kTrialPixels) {
        rows = std::max<std::size_t>(1, kTrialPixels / width);
        y0 = (height - rows) / 2;
    }
    const auto band = u.subspan(y0 * width, rows * width);
    const double scale = static_cast<double>(u.size()) / static_cast<double>(band.size());
    double best_cost = 0;
    PlaneChoice best;
    std::vector<std::uint8_t> best_bytes;
    for (const auto& c : candidates) {
        std::vector<std::uint8_t> bytes;
        double cost = 0;
        if (c.kind == 'P') {
            encode_palette(band, width, rows, table, bytes);
            // The table is coded once for the frame: count it whole, the pixels' part scaled.
            const double table_bytes = 9.0 + util::get_le32(bytes, 5);
            cost = table_bytes + (static_cast<double>(bytes.size()) - table_bytes) * scale;
        } else {
            encode(band, width, rows, c, bytes);
            cost = static_cast<double>(bytes.size()) * scale;
        }
        if (best.kind == 0 || cost < best_cost) {
            best = c;
            best.cost = cost;
            best_cost = cost;
            best_bytes = std::move(bytes);
        }
    }
    if (bytes_out && rows == height) *bytes_out = std::move(best_bytes);  // the whole frame's stream
    return best;
}

void encode(std::span<const std::uint64_t> u, std::size_t width, std::size_t height, const PlaneChoice& choice,
            std::vector<std::uint8_t>& out) {
    if (choice.kind == 'C') return encode_counts(u, width, height, out);
    if (choice.kind == 'S') return encode_split(u, width, height, choice.low_bits, out);
    if (choice.kind == 'P') return encode_palette(u, width, height, distinct_values(u, kMaxPalette), out);
    std::vector<std::uint16_t> v(u.size());
    for (std::size_t i = 0; i < u.size(); ++i) {
        if (u[i] > 0xFFFFu) throw Error("bitsky: internal error: a direct plane holds a value above 65535");
        v[i] = static_cast<std::uint16_t>(u[i]);
    }
    out.push_back('D');
    const auto s = encode16(v, width, height);
    out.insert(out.end(), s.begin(), s.end());
}

std::vector<std::uint64_t> decode(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height) {
    if (bytes.empty()) throw Error("bitsky: truncated stream (no pixel plane)");
    const char kind = static_cast<char>(bytes[0]);
    if (kind == 'D') {
        const auto v = bitsky_decode(bytes.subspan(1), width, height);
        return std::vector<std::uint64_t>(v.begin(), v.end());
    }
    if (kind == 'S') {
        if (bytes.size() < 6) throw Error("bitsky: truncated stream (split plane header)");
        const int k = bytes[1];
        if (k < 1 || k > 48) throw Error("bitsky: corrupt stream (" + std::to_string(k) + " low bits)");
        const std::size_t hn = util::get_le32(bytes, 2);
        if (hn > bytes.size() - 6) throw Error("bitsky: truncated stream (the high plane is cut short)");
        const auto high = bitsky_decode(bytes.subspan(6, hn), width, height);  // checks the shape first
        std::vector<std::uint64_t> low(high.size());
        RangeDecoder dec = open_section(bytes.subspan(6 + hn));
        code_low_bits(dec, low.data(), high.data(), width, height, k);
        if (dec.overrun() > 0) throw Error("bitsky: truncated stream (low bits)");
        for (std::size_t i = 0; i < low.size(); ++i) low[i] |= static_cast<std::uint64_t>(high[i]) << k;
        return low;
    }
    if (kind == 'C') {
        // Every pixel codes at least one decision, which costs more than 1/1500 bit
        // (bitsky_decode's bound): refuses absurd shapes before allocating.
        if (width > 0 && height > (bytes.size() * 12000 + 1024) / width)
            throw Error("bitsky: a " + std::to_string(bytes.size()) + "-byte plane cannot hold a " +
                        std::to_string(width) + "x" + std::to_string(height) + " frame");
        std::vector<std::uint16_t> v(width * height);
        RangeDecoder dec = open_section(bytes.subspan(1));
        code_counts(dec, v.data(), width, height);
        if (dec.overrun() > 0) throw Error("bitsky: truncated stream (counts)");
        return std::vector<std::uint64_t>(v.begin(), v.end());
    }
    if (kind == 'P') {
        if (bytes.size() < 9) throw Error("bitsky: truncated stream (palette header)");
        const std::size_t n = util::get_le32(bytes, 1), tn = util::get_le32(bytes, 5);
        if (n == 0 || n > kMaxPalette) throw Error("bitsky: corrupt stream (palette of " + std::to_string(n) + " values)");
        if (tn > bytes.size() - 9) throw Error("bitsky: truncated stream (the palette is cut short)");
        const auto ranks = bitsky_decode(bytes.subspan(9 + tn), width, height);  // checks the shape first
        std::vector<std::uint64_t> table(n);
        RangeDecoder dec = open_section(bytes.subspan(9, tn));
        code_table(dec, table.data(), n);
        if (dec.overrun() > 0) throw Error("bitsky: truncated stream (palette)");
        std::vector<std::uint64_t> out(ranks.size());
        for (std::size_t i = 0; i < ranks.size(); ++i) {
            if (ranks[i] >= n) throw Error("bitsky: corrupt stream (a rank beyond the palette)");
            out[i] = table[ranks[i]];
        }
        return out;
    }
    throw Error("bitsky: corrupt stream (unknown plane kind)");
}

void add_pixel_bits(std::span<const std::uint64_t> u, std::size_t width, std::size_t height,
                    const PlaneChoice& choice, std::span<float> bits) {
    using model::ctxmodel::CostCoder;
    const std::size_t n = u.size();
    if (n == 0) return;
    auto add16 = [&](const std::vector<std::uint16_t>& v) {
        const auto b = bitsky_pixel_bits(Frame16{v, width, height});
        for (std::size_t i = 0; i < n; ++i) bits[i] += b[i];
    };
    double spread = 0;  // bits not tied to one pixel
    if (choice.kind == 'D') {
        add16(std::vector<std::uint16_t>(u.begin(), u.end()));
        spread = 8;
    } else if (choice.kind == 'C') {
        std::vector<std::uint16_t> v(u.begin(), u.end());
        CostCoder c;
        code_counts(c, v.data(), width, height, bits.data());
        spread = 8 * (1 + 4);
    } else if (choice.kind == 'S') {
        std::vector<std::uint16_t> high(n);
        std::vector<std::uint64_t> low(n);
        const int k = choice.low_bits;
        for (std::size_t i = 0; i < n; ++i) {
            high[i] = static_cast<std::uint16_t>(u[i] >> k);
            low[i] = u[i] & ((std::uint64_t{1} << k) - 1);
        }
        add16(high);
        CostCoder c;
        code_low_bits(c, low.data(), high.data(), width, height, k, bits.data());
        spread = 8 * (6 + 4);
    } else {
        auto table = distinct_values(u, kMaxPalette);
        std::vector<std::uint16_t> ranks(n);
        for (std::size_t i = 0; i < n; ++i)
            ranks[i] = static_cast<std::uint16_t>(std::lower_bound(table.begin(), table.end(), u[i]) - table.begin());
        add16(ranks);
        CostCoder c;
        code_table(c, table.data(), table.size());
        spread = c.take_bits() + 8 * (9 + 4);
    }
    const auto per = static_cast<float>(spread / static_cast<double>(n));
    for (auto& b : bits) b += per;
}

}  // namespace bitsky::codecs::bitsky_planes
