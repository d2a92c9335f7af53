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
// converted data, cost little; noise bits cost 1 bit each).
template <class Coder>
void code_low_bits(Coder& c, std::uint64_t* low, std::size_t w, std::size_t h, int k) {
    std::vector<std::array<Prob, 4>> probs(static_cast<std::size_t>(k));
    for (std::size_t y = 0; y < h; ++y)
        for (std::size_t x = 0; x < w; ++x) {
            const std::size_t i = y * w + x;
            const std::uint64_t W = x > 0 ? low[i - 1] : (y > 0 ? low[i - w] : 0), N = y > 0 ? low[i - w] : W;
            std::uint64_t v = Coder::decoding ? 0 : low[i];
            std::uint64_t out = 0;
            for (int j = k - 1; j >= 0; --j) {
                const unsigned ctx = static_cast<unsigned>((W >> j) & 1u) | static_cast<unsigned>((N >> j) & 1u) << 1;
                const int b = c.bit(probs[static_cast<std::size_t>(j)][ctx], static_cast<int>((v >> j) & 1u));
                out |= static_cast<std::uint64_t>(b) << j;
            }
            low[i] = out;
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
    code_low_bits(enc, low.data(), w, h, k);
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
        case 'P': return "ranks among " + std::to_string(distinct) + " distinct values coded as uint16";
        default: return "coded as uint16";
    }
}

PlaneChoice choose(std::span<const std::uint64_t> u, std::size_t width, std::size_t height) {
    PlaneChoice c;
    const std::uint64_t max = u.empty() ? 0 : *std::max_element(u.begin(), u.end());
    if (max < 65536) return c;
    c.kind = 'S';
    c.low_bits = std::bit_width(max) - 16;
    const auto table = distinct_values(u, kMaxPalette);
    if (table.empty()) return c;
    // Both candidates on the frame, or on a central band of rows of a large one.
    std::size_t y0 = 0, rows = height;
    if (u.size() > kTrialPixels) {
        rows = std::max<std::size_t>(1, kTrialPixels / width);
        y0 = (height - rows) / 2;
    }
    const auto band = u.subspan(y0 * width, rows * width);
    std::vector<std::uint8_t> split, palette;
    encode_split(band, width, rows, c.low_bits, split);
    encode_palette(band, width, rows, table, palette);
    // The table is coded once for the frame: count it whole, the pixels' part scaled.
    std::size_t table_bytes = 9 + util::get_le32(palette, 5);
    const double scale = static_cast<double>(u.size()) / static_cast<double>(band.size());
    const double p_cost = static_cast<double>(table_bytes) + static_cast<double>(palette.size() - table_bytes) * scale;
    if (p_cost < static_cast<double>(split.size()) * scale) {
        c.kind = 'P';
        c.distinct = table.size();
    }
    return c;
}

void encode(std::span<const std::uint64_t> u, std::size_t width, std::size_t height, const PlaneChoice& choice,
            std::vector<std::uint8_t>& out) {
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
        code_low_bits(dec, low.data(), width, height, k);
        if (dec.overrun() > 0) throw Error("bitsky: truncated stream (low bits)");
        for (std::size_t i = 0; i < low.size(); ++i) low[i] |= static_cast<std::uint64_t>(high[i]) << k;
        return low;
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
