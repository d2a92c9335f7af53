#include "engine/codecs/bitsky_planes.h"

#include <algorithm>
#include <array>
#include <bit>
#include <memory>
#include <type_traits>
#include <variant>

#include "engine/codecs/bitsky_codec.h"
#include "engine/codecs/bitsky_palette.h"
#include "engine/codecs/bitsky_range_coder.h"
#include "engine/util/bytes.h"
#include "engine/util/error.h"

namespace bitsky::codecs::bitsky_planes {
namespace {

using bitsky_palette::code_table;
using bitsky_palette::distinct_values;
using bitsky_palette::kMaxPalette;
using bitsky_palette::max_of;
using bitsky_palette::ranks_of;
using model::ctxmodel::Prob;
using rangecoder::RangeDecoder;
using rangecoder::RangeEncoder;

// Frames above this many pixels choose between split and palette on a band of rows.
constexpr std::size_t kTrialPixels = std::size_t{1} << 18;
// Regions of at least this many pixels are first tried on their central quarter.
constexpr std::size_t kQuickPixels = std::size_t{1} << 16;

// The k low bits of every value: one adaptive decision per bit, MSB first, under the bit
// position and the same bit of W and N (structured low bits, e.g. trailing zeros of
// converted data, cost little; noise bits cost 1 bit each); the top three also under the
// bits of this value coded before them and the high part's last 4 bits (the shape of
// the distribution within a float's octave).
// `low`: where the low bits are: MaskedLow (encoding, costing: read from the plane) or
// DecodedLow (decoding: written).
template <class U>
struct MaskedLow {
    const U* u;
    U mask;
    std::uint64_t get(std::size_t i) const { return u[i] & mask; }
    void set(std::size_t, std::uint64_t) const {}
};
struct DecodedLow {
    std::uint64_t* v;
    std::uint64_t get(std::size_t i) const { return v[i]; }
    void set(std::size_t i, std::uint64_t x) const { v[i] = x; }
};

template <class Coder, class Low>
void code_low_bits(Coder& c, Low low, const std::uint16_t* high, std::size_t w, std::size_t h, int k,
                   float* cost = nullptr) {
    constexpr int kTop = 3;
    std::vector<Prob> probs(static_cast<std::size_t>(k) * 8 * 16 * 4);
    Prob* const pr = probs.data();
    for (std::size_t y = 0; y < h; ++y) {
        // W of the row's first pixel: N (0 on the first row); N of the first row: W.
        std::uint64_t W = y > 0 ? low.get((y - 1) * w) : 0;
        for (std::size_t x = 0; x < w; ++x) {
            const std::size_t i = y * w + x;
            const std::uint64_t N = y > 0 ? low.get(i - w) : W;
            const std::uint64_t v = Coder::decoding ? 0 : low.get(i);
            const unsigned hb = high[i] & 15u;
            std::uint64_t out = 0;
            unsigned node = 1;
            if (k == 1) {  // one decision, a top one (node 1): integer frames a bit above 16 bits
                const unsigned wn = static_cast<unsigned>(W & 1u) | static_cast<unsigned>(N & 1u) << 1;
                out = static_cast<std::uint64_t>(c.bit(pr[(16 + hb) * 4 + wn], static_cast<int>(v & 1u)));
                low.set(i, out);
                W = out;
                if (cost) cost[i] += c.take_bits();
                continue;
            }
            for (int j = k - 1; j >= 0; --j) {
                const unsigned wn = static_cast<unsigned>((W >> j) & 1u) | static_cast<unsigned>((N >> j) & 1u) << 1;
                const bool top = j >= k - kTop;
                const std::size_t ctx =
                    ((static_cast<std::size_t>(j) * 8 + (top ? node : 0)) * 16 + (top ? hb : 0)) * 4 + wn;
                const int b = c.bit(pr[ctx], static_cast<int>((v >> j) & 1u));
                out |= static_cast<std::uint64_t>(b) << j;
                if (top) node = node << 1 | static_cast<unsigned>(b);
            }
            low.set(i, out);
            W = out;
            if (cost) cost[i] += c.take_bits();
        }
    }
}

// Small counts (sparse photon counts, flag maps): each value as "> 0?", "> 1?", ... up
// to 15 (then Elias-gamma of the rest) under the neighbours W, N, NW, NE (each capped at
// 3) and the sum of the 12 nearest causal neighbours (4 classes): a JBIG-like model that
// the residual coder cannot match when most pixels are 0 or 1.
// `v`: the values (encoding: read; decoding: written, and must be writable).
template <class Coder, class V>
void code_counts(Coder& c, V* v, std::size_t w, std::size_t h, float* cost = nullptr) {
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
            const unsigned truth = Coder::decoding ? 0 : static_cast<unsigned>(v[y * w + x]);
            unsigned out = 0;
            while (out < kUnary && c.bit(probs[ctx][out], truth > out)) ++out;
            if (out == kUnary) out += model::ctxmodel::code_uint(c, escape, truth - kUnary);
            r0[x] = static_cast<std::uint16_t>(out);
            if constexpr (!std::is_const_v<V>) v[y * w + x] = static_cast<std::uint16_t>(out);
            if (cost) cost[y * w + x] += c.take_bits();
        }
    }
}

// The high parts value >> k (not initialised first: every one is written).
template <class U>
std::unique_ptr<std::uint16_t[]> high_parts(std::span<const U> u, int k) {
    auto high = std::make_unique_for_overwrite<std::uint16_t[]>(u.size());
    for (std::size_t i = 0; i < u.size(); ++i) high[i] = static_cast<std::uint16_t>(u[i] >> k);
    return high;
}

template <class U>
void encode_split(std::span<const U> u, std::size_t w, std::size_t h, int k, std::vector<std::uint8_t>& out) {
    const auto high = high_parts(u, k);
    out.push_back('S');
    out.push_back(static_cast<std::uint8_t>(k));
    // The high plane's stream straight into `out`, after its length.
    const std::size_t at = out.size();
    out.resize(at + 4);
    bitsky_encode_append(Frame16{std::span<const std::uint16_t>(high.get(), u.size()), w, h}, out);
    const auto hn = static_cast<std::uint32_t>(out.size() - at - 4);
    for (std::size_t i = 0; i < 4; ++i) out[at + i] = static_cast<std::uint8_t>(hn >> (8 * i));
    RangeEncoder enc(out);
    code_low_bits(enc, MaskedLow<U>{u.data(), static_cast<U>((std::uint64_t{1} << k) - 1)}, high.get(), w, h, k);
    enc.finish();
}

template <class U>
void encode_counts(std::span<const U> u, std::size_t w, std::size_t h, std::vector<std::uint8_t>& out) {
    out.push_back('C');
    RangeEncoder enc(out);
    code_counts(enc, u.data(), w, h);  // values < 2^16 (checked by choose)
    enc.finish();
}

template <class U>
void encode_palette(std::span<const U> u, std::size_t w, std::size_t h,
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
    bitsky_encode_append(Frame16{ranks_of(u, table), w, h}, out);
}

// A range-coded section at the start of `s` (u32 length, digits, raw bits to the end).
RangeDecoder open_section(std::span<const std::uint8_t> s) {
    if (s.size() < 4) throw Error("bitsky: truncated stream (no range-coded section)");
    const std::size_t n = util::get_le32(s, 0);
    if (n > s.size() - 4) throw Error("bitsky: truncated stream (a range-coded section is cut short)");
    return RangeDecoder(s.subspan(4, n), s.subspan(4 + n));
}

template <class U>
void encode_t(std::span<const U> u, std::size_t width, std::size_t height, const PlaneChoice& choice,
              std::vector<std::uint8_t>& out) {
    if (choice.kind == 'C') return encode_counts(u, width, height, out);
    if (choice.kind == 'S') return encode_split(u, width, height, choice.low_bits, out);
    if (choice.kind == 'P')
        return encode_palette(u, width, height, choice.palette.empty() ? distinct_values(u, kMaxPalette) : choice.palette,
                              out);
    out.push_back('D');
    if constexpr (std::is_same_v<U, std::uint16_t>) {
        bitsky_encode_append(Frame16{u, width, height}, out);
    } else {
        std::vector<std::uint16_t> v(u.size());
        for (std::size_t i = 0; i < u.size(); ++i) {
            if (u[i] > 0xFFFFu) throw Error("bitsky: internal error: a direct plane holds a value above 65535");
            v[i] = static_cast<std::uint16_t>(u[i]);
        }
        bitsky_encode_append(Frame16{v, width, height}, out);
    }
}

// Each candidate coded on rows [y0, y0 + rows): the cheapest (its cost scaled to the
// frame), the next cheapest cost, and the cheapest one's bytes.
struct Trial {
    PlaneChoice best;
    double second = -1;  // < 0: a single candidate
    std::vector<std::uint8_t> bytes;
};

template <class U>
Trial trial(std::span<const U> u, std::size_t width, std::size_t y0, std::size_t rows,
            const std::vector<PlaneChoice>& candidates, const std::vector<std::uint64_t>& table) {
    const auto band = u.subspan(y0 * width, rows * width);
    const double scale = static_cast<double>(u.size()) / static_cast<double>(band.size());
    Trial t;
    for (const auto& c : candidates) {
        std::vector<std::uint8_t> bytes;
        double cost = 0;
        if (c.kind == 'P') {
            encode_palette(band, width, rows, table, bytes);
            // The table is coded once for the frame: count it whole, the pixels' part scaled.
            const double table_bytes = 9.0 + util::get_le32(bytes, 5);
            cost = table_bytes + (static_cast<double>(bytes.size()) - table_bytes) * scale;
        } else {
            encode_t(band, width, rows, c, bytes);
            cost = static_cast<double>(bytes.size()) * scale;
        }
        if (t.best.kind == 0 || cost < t.best.cost) {
            if (t.best.kind != 0) t.second = t.best.cost;
            t.best = c;
            t.best.cost = cost;
            t.bytes = std::move(bytes);
        } else if (t.second < 0 || cost < t.second) {
            t.second = cost;
        }
    }
    return t;
}

template <class U>
PlaneChoice choose_t(std::span<const U> u, std::size_t width, std::size_t height, int split_hint,
                     std::vector<std::uint8_t>* bytes_out, bool need_cost) {
    const std::uint64_t max = max_of(u);
    const int k0 = max < 65536 ? 0 : std::bit_width(max) - 16;
    std::vector<PlaneChoice> candidates;
    if (k0 == 0) {
        candidates.push_back({'D', 0, 0});
        // Counts: when most values are 0..3.
        std::size_t small = 0;
        for (const U v : u) small += v < 4 ? 1u : 0u;
        if (2 * small >= u.size() && !u.empty()) candidates.push_back({'C', 0, 0});
    } else {
        candidates.push_back({'S', k0, 0});
        if (split_hint > k0 && split_hint < static_cast<int>(std::bit_width(max))) candidates.push_back({'S', split_hint, 0});
    }
    std::vector<std::uint64_t> table;
    if (k0 > 0) {
        table = distinct_values(u, kMaxPalette, max);
        if (!table.empty()) candidates.push_back({'P', 0, table.size()});
    }
    if (candidates.size() == 1 && !need_cost) return candidates[0];
    // Every candidate on the frame, or on a central band of rows of a large one.
    std::size_t y0 = 0, rows = height;
    if (u.size() > kTrialPixels) {
        rows = std::max<std::size_t>(1, kTrialPixels / width);
        y0 = (height - rows) / 2;
    }
    // First on the central quarter of those rows: a clear winner there is taken, and so is
    // the winner of a tie (what a band tells is not that exact: either codes as well).
    if (!need_cost && rows >= 4 && rows * width >= kQuickPixels) {
        const std::size_t quick = rows / 4;
        Trial q = trial(u, width, y0 + (rows - quick) / 2, quick, candidates, table);
        const double margin = q.second / q.best.cost - 1;
        if (margin > kClearMargin || margin < kTieMargin) {
            if (q.best.kind == 'P') q.best.palette = std::move(table);
            return q.best;
        }
    }
    Trial t = trial(u, width, y0, rows, candidates, table);
    if (bytes_out && rows == height) *bytes_out = std::move(t.bytes);  // the whole frame's stream
    if (t.best.kind == 'P') t.best.palette = std::move(table);
    return t.best;
}

template <class U>
void add_pixel_bits_t(std::span<const U> u, std::size_t width, std::size_t height, const PlaneChoice& choice,
                      std::span<float> bits) {
    using model::ctxmodel::CostCoder;
    const std::size_t n = u.size();
    if (n == 0) return;
    auto add16 = [&](std::span<const std::uint16_t> v) {
        const auto b = bitsky_pixel_bits(Frame16{v, width, height});
        for (std::size_t i = 0; i < n; ++i) bits[i] += b[i];
    };
    double spread = 0;  // bits not tied to one pixel
    if (choice.kind == 'D') {
        if constexpr (std::is_same_v<U, std::uint16_t>) add16(u);
        else add16(std::vector<std::uint16_t>(u.begin(), u.end()));
        spread = 8;
    } else if (choice.kind == 'C') {
        CostCoder c;
        code_counts(c, u.data(), width, height, bits.data());
        spread = 8 * (1 + 4);
    } else if (choice.kind == 'S') {
        const int k = choice.low_bits;
        const auto high = high_parts(u, k);
        add16(std::span<const std::uint16_t>(high.get(), n));
        CostCoder c;
        code_low_bits(c, MaskedLow<U>{u.data(), static_cast<U>((std::uint64_t{1} << k) - 1)}, high.get(), width, height,
                      k, bits.data());
        spread = 8 * (6 + 4);
    } else {
        auto table = distinct_values(u, kMaxPalette);
        add16(ranks_of(u, table));
        CostCoder c;
        code_table(c, table.data(), table.size());
        spread = c.take_bits() + 8 * (9 + 4);
    }
    const auto per = static_cast<float>(spread / static_cast<double>(n));
    for (auto& b : bits) b += per;
}

template <class V>
auto as_span(const std::vector<V>& v) {
    return std::span<const V>(v);
}

}  // namespace

Values narrowest(std::vector<std::uint64_t> u) {
    const std::uint64_t max = max_of(std::span<const std::uint64_t>(u));
    if (max > 0xFFFFFFFFu) return u;
    if (max > 0xFFFFu) return std::vector<std::uint32_t>(u.begin(), u.end());
    return std::vector<std::uint16_t>(u.begin(), u.end());
}

std::string PlaneChoice::text() const {
    switch (kind) {
        case 'S': return "high 16 bits coded as uint16 + " + std::to_string(low_bits) + " low bits by adaptive bit contexts";
        case 'C': return "coded as small counts (neighbour-context binary decisions)";
        case 'P': return "ranks among " + std::to_string(distinct) + " distinct values coded as uint16";
        default: return "coded as uint16";
    }
}

PlaneChoice choose(const Values& u, std::size_t width, std::size_t height, int split_hint,
                   std::vector<std::uint8_t>* bytes_out, bool cost) {
    return std::visit([&](const auto& v) { return choose_t(as_span(v), width, height, split_hint, bytes_out, cost); }, u);
}

void encode(const Values& u, std::size_t width, std::size_t height, const PlaneChoice& choice,
            std::vector<std::uint8_t>& out) {
    std::visit([&](const auto& v) { encode_t(as_span(v), width, height, choice, out); }, u);
}

void add_pixel_bits(const Values& u, std::size_t width, std::size_t height, const PlaneChoice& choice,
                    std::span<float> bits) {
    std::visit([&](const auto& v) { add_pixel_bits_t(as_span(v), width, height, choice, bits); }, u);
}

Values decode(std::span<const std::uint8_t> bytes, std::size_t width, std::size_t height) {
    if (bytes.empty()) throw Error("bitsky: truncated stream (no pixel plane)");
    const char kind = static_cast<char>(bytes[0]);
    if (kind == 'D') {
        return bitsky_decode(bytes.subspan(1), width, height);
    }
    if (kind == 'S') {
        if (bytes.size() < 6) throw Error("bitsky: truncated stream (split plane header)");
        const int k = bytes[1];
        // Up to 63: float64 frames split at the mantissa (52 low bits, 53 rotated) as well as
        // 16 bits below the top (until 2026-12-04 the decoder refused k > 48, which the encoder
        // could write: a float64 frame whose mantissa split won did not decode).
        if (k < 1 || k > 63) throw Error("bitsky: corrupt stream (" + std::to_string(k) + " low bits)");
        const std::size_t hn = util::get_le32(bytes, 2);
        if (hn > bytes.size() - 6) throw Error("bitsky: truncated stream (the high plane is cut short)");
        const auto high = bitsky_decode(bytes.subspan(6, hn), width, height);  // checks the shape first
        std::vector<std::uint64_t> low(high.size());
        RangeDecoder dec = open_section(bytes.subspan(6 + hn));
        code_low_bits(dec, DecodedLow{low.data()}, high.data(), width, height, k);
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
        return v;
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


}  // namespace bitsky::codecs::bitsky_planes
