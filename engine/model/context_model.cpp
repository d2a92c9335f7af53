#include "engine/model/context_model.h"

#include "engine/model/context_prior_table.h"

#include <cstdlib>
#include <limits>

namespace bitsky::model::ctxmodel {

const float* cost_table() {
    static const std::vector<float> table = [] {
        std::vector<float> t(65537, 0.0f);
        t[0] = 16.0f;  // never used: probabilities are clamped to [32, 65504]
        for (std::size_t p = 1; p <= 65536; ++p) t[p] = static_cast<float>(-std::log2(static_cast<double>(p) / 65536.0));
        return t;
    }();
    return table.data();
}

const std::uint8_t* activity_table() {
    static const std::vector<std::uint8_t> table = [] {
        std::vector<std::uint8_t> t(kActivityTableSize);
        for (int i = 0; i < kActivityTableSize; ++i) {
            // Class of the bin's lower edge: the same float expression as the slow path.
            float a = static_cast<float>(i) / 8.0f;
            int c = static_cast<int>(2.0f * std::log2(1.0f + a));
            t[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(std::min(c, kActivityClasses - 1));
        }
        return t;
    }();
    return table.data();
}

std::array<Cdf, kActivityClasses> compute_prior_cdfs() {
    // Only + - * / on doubles (correctly rounded everywhere): every machine computes the
    // same table.
    std::array<Cdf, kActivityClasses> t{};
    for (int cls = 0; cls < kActivityClasses; ++cls) {
        // Mean |residual| at the class's centre: classes are 2 per octave of 1 + mean.
        double centre = 1.0;
        for (int k = 0; k < cls; ++k) centre *= 1.4142135623730951;
        centre = centre * 1.189207115002721 - 1.0;
        const double b = std::max(centre, 0.35);
        const double theta = b / (1.0 + b);  // geometric |s| with mean b
        const int raw_bits = kRawBits[static_cast<std::size_t>(cls)];
        std::array<double, kTokens> p{};
        // u = 0, 1, 2, ... <-> s = 0, +1, -1, +2, ...: p(u) ~ theta^|s|; hi = u >> raw_bits.
        double pu = 1.0, total = 0.0;
        for (unsigned u = 0; u <= 65536u && pu > 1e-12; ++u) {
            if (u > 0 && (u & 1u)) pu *= theta;  // |s| grows at every odd u
            p[static_cast<std::size_t>(token_of(u >> raw_bits))] += pu;
            total += pu;
        }
        // Mix with uniform so no token starts improbable, then quantise.
        double acc = 0.0;
        auto& c = t[static_cast<std::size_t>(cls)];
        c.c[0] = 0;
        for (int i = 0; i < kTokens; ++i) {
            acc += 0.97 * p[static_cast<std::size_t>(i)] / total + 0.03 / kTokens;
            c.c[static_cast<std::size_t>(i) + 1] = static_cast<std::int32_t>(acc * kCdfTotal);
        }
        for (int i = kTokens; i < kCdfLanes; ++i) c.c[static_cast<std::size_t>(i)] = kCdfTotal;
        c.n = kPriorCount;
    }
    return t;
}

const std::array<Cdf, kActivityClasses>& prior_cdfs() {
    // compute_prior_cdfs()'s values, tabulated (context_prior_table.h).
    static_assert(kPriorTable.size() == kActivityClasses && kPriorTable[0].size() == kTokens);
    static const std::array<Cdf, kActivityClasses> table = [] {
        std::array<Cdf, kActivityClasses> t{};
        for (std::size_t cls = 0; cls < kPriorTable.size(); ++cls) {
            auto& c = t[cls];
            c.c[0] = 0;
            for (std::size_t i = 0; i < kPriorTable[cls].size(); ++i) c.c[i + 1] = kPriorTable[cls][i];
            for (std::size_t i = kTokens + 1; i < c.c.size(); ++i) c.c[i] = kCdfTotal;
            c.n = kPriorCount;
        }
        return t;
    }();
    return table;
}

namespace {

// The model's cost of a frame (or a band of rows) under given options in bits, without the
// header; the predictions under the options' palette flag, and the cost coded from
// them under given options (the same bits as trial_bits): compiled for AVX2
// and for the baseline like the map and the codec (the same bits either way, so every
// build makes the same choice).
[[gnu::target_clones("avx2", "default")]] double trial_bits(const std::uint16_t* px, std::size_t width,
                                                             std::size_t height, const FrameOptions& o) {
    TrialCoder c;
    run(c, px, nullptr, width, height, nullptr, nullptr, &o);
    return c.total;
}
[[gnu::target_clones("avx2", "default")]] void predict_rows(const std::uint16_t* px, std::size_t width,
                                                             std::size_t height, const FrameOptions& o, int* preds) {
    CostCoder c;
    run<CostCoder, false, kPredictPhase>(c, px, nullptr, width, height, nullptr, nullptr, &o, preds);
}
[[gnu::target_clones("avx2", "default")]] double coded_bits(const std::uint16_t* px, std::size_t width,
                                                             std::size_t height, const FrameOptions& o, int* preds) {
    TrialCoder c;
    run<TrialCoder, false, kCodePhase>(c, px, nullptr, width, height, nullptr, nullptr, &o, preds);
    return c.total;
}

// The header's bits as static Elias-gamma codes (the two flags, the palette's count, first
// value and gaps): what the adaptive code would take, to within its learning (measured on
// the corpus: the same choices; coding it adaptively took 9% of a 100x100 plate's encode,
// its 1094 values coded twice).
double header_bits(const FrameOptions& o) {
    const auto gamma = [](std::size_t v) { return 2.0 * static_cast<double>(std::bit_width(v + 1) - 1) + 1.0; };
    double bits = 2.0;
    if (!o.palette || o.values.empty()) return bits;
    bits += gamma(o.values.size() - 1) + gamma(o.values[0]);
    for (std::size_t i = 1; i < o.values.size(); ++i) bits += gamma(static_cast<std::size_t>(o.values[i] - o.values[i - 1] - 1));
    return bits;
}

// The trial costs the candidates on bands of rows, not on the whole frame: a whole pass per
// candidate made the encoder 2-3.5x slower than the decoder on frames of up to 300 kpixel.
// In two rounds on the same bands, taken in an order that spreads them over the frame (the
// van der Corput order of the frame's band slots):
//  1. every candidate on about 1/64 of the frame (at most kRound1 pixels, at least one
//     band); those more than kDrop above the cheapest are dropped (the copy flags of a
//     frame are usually 10-100% apart, the palette flags of dense frames under 1%);
//  2. the others on more bands, up to about 1/16 of the frame (at most kRound2 pixels), and
//     the cheapest on all the bands costed is chosen.
// A frame whose bands would cover it whole is costed whole, and its winner's predictions
// are kept for the coding. Each band is costed alone (its first rows see no rows above), so
// the totals compare candidates, they do not predict the frame's size.
constexpr std::size_t kRound1 = std::size_t{1} << 16, kRound2 = std::size_t{1} << 18;
constexpr double kDrop = 0.03;

// Rows per band: 16, fewer on short frames (at least 4) so that small frames have several.
std::size_t band_rows(std::size_t height) { return std::clamp<std::size_t>(height / 32, 4, 16); }

// The slots 0..slots-1 in van der Corput order (the slot at 1/2 of the frame, then 1/4,
// 3/4, 1/8, ...; each slot once): every prefix is spread over the frame.
std::vector<std::size_t> spread_order(std::size_t slots) {
    const int bits = static_cast<int>(std::bit_width(slots)) + 1;  // 2^bits >= 2 slots: every slot is hit
    std::vector<std::size_t> order;
    std::vector<bool> taken(slots, false);
    for (std::size_t i = 1; i <= (std::size_t{1} << bits); ++i) {
        const std::size_t j = i & ((std::size_t{1} << bits) - 1);  // 0 last
        std::size_t r = 0;
        for (int b = 0; b < bits; ++b) r |= ((j >> b) & 1u) << (bits - 1 - b);
        const std::size_t slot = (r * slots) >> bits;
        if (!taken[slot]) {
            taken[slot] = true;
            order.push_back(slot);
        }
    }
    return order;
}

// Every candidate's estimated bits; the predictions are made once per palette flag and
// coded under each copy flag. Costed whole, the predictions of candidate i are
// preds[pred_of[i]].
struct Costs {
    std::vector<double> bits;
    bool whole = false;
    std::vector<std::vector<int>> preds;
    std::vector<std::size_t> pred_of;
};

// The candidates `live` (indices into cands) by palette flag.
std::vector<std::vector<std::size_t>> by_palette(const std::vector<FrameOptions>& cands,
                                                 const std::vector<std::size_t>& live) {
    std::vector<std::vector<std::size_t>> groups;
    for (bool palette : {false, true}) {
        std::vector<std::size_t> g;
        for (const std::size_t i : live)
            if (cands[i].palette == palette) g.push_back(i);
        if (!g.empty()) groups.push_back(std::move(g));
    }
    return groups;
}

Costs whole_frame_bits(const std::uint16_t* px, std::size_t width, std::size_t height,
                       const std::vector<FrameOptions>& cands, const std::vector<std::size_t>& live) {
    Costs r;
    r.whole = true;
    r.bits.assign(cands.size(), std::numeric_limits<double>::infinity());
    r.pred_of.assign(cands.size(), 0);
    for (const auto& g : by_palette(cands, live)) {
        std::vector<int> preds(width * height, 0);
        predict_rows(px, width, height, cands[g[0]], preds.data());
        for (const std::size_t i : g) {
            r.bits[i] = header_bits(cands[i]) + coded_bits(px, width, height, cands[i], preds.data());
            r.pred_of[i] = r.preds.size();
        }
        r.preds.push_back(std::move(preds));
    }
    return r;
}

Costs estimated_bits(const std::uint16_t* px, std::size_t width, std::size_t height,
                     const std::vector<FrameOptions>& cands) {
    const std::size_t n = width * height;
    std::vector<std::size_t> live(cands.size());
    for (std::size_t i = 0; i < cands.size(); ++i) live[i] = i;
    const std::size_t rows = band_rows(height);
    const std::size_t slots = height / rows;
    const auto bands_for = [&](std::size_t budget) {
        return std::clamp<std::size_t>((budget + rows * width - 1) / (rows * width), 1, std::max<std::size_t>(slots, 1));
    };
    const std::size_t k1 = bands_for(std::min(n / 64, kRound1));
    const std::size_t k2 = std::max(k1, bands_for(std::min(n / 16, kRound2)));
    if (slots <= 1 || k2 >= slots) return whole_frame_bits(px, width, height, cands, live);

    const std::vector<std::size_t> order = spread_order(slots);
    std::vector<double> bits(cands.size(), 0.0), header(cands.size());
    for (std::size_t i = 0; i < cands.size(); ++i) header[i] = header_bits(cands[i]);
    std::vector<int> preds(rows * width, 0);
    const auto cost_bands = [&](std::size_t from, std::size_t to) {
        for (std::size_t k = from; k < to; ++k) {
            const std::uint16_t* band = px + order[k] * rows * width;
            for (const auto& g : by_palette(cands, live)) {
                if (g.size() == 1) {  // one pass does both
                    bits[g[0]] += trial_bits(band, width, rows, cands[g[0]]);
                    continue;
                }
                predict_rows(band, width, rows, cands[g[0]], preds.data());
                for (const std::size_t i : g) bits[i] += coded_bits(band, width, rows, cands[i], preds.data());
            }
        }
    };
    // Estimated bits of the frame from the bands costed so far (the header counted once).
    const auto estimate = [&](std::size_t i, std::size_t bands) {
        return header[i] + bits[i] * static_cast<double>(n) / static_cast<double>(bands * rows * width);
    };
    cost_bands(0, k1);
    double cheapest = std::numeric_limits<double>::infinity();
    for (const std::size_t i : live) cheapest = std::min(cheapest, estimate(i, k1));
    std::erase_if(live, [&](std::size_t i) { return estimate(i, k1) > cheapest * (1.0 + kDrop); });
    std::size_t done = k1;
    if (live.size() > 1) {
        cost_bands(k1, k2);
        done = k2;
    }
    Costs r;
    r.bits.assign(cands.size(), std::numeric_limits<double>::infinity());
    for (const std::size_t i : live) r.bits[i] = estimate(i, done);
    return r;
}

// Exact copies of the W or N neighbour, against differences of one (in symbol space):
// replicated pixels make equality far more common than a smooth noisy image does.
// Returns {copy advised, equality common enough to try copies} for the values and, when
// `rank` is given (each value's rank among the used ones, from `lo`), for the ranks too:
// equal neighbours are equal in both, differences of one are counted in each. Counted on
// about 2^18 pixels (every k-th row of a large frame): a full pass over both candidates
// took 8% of the encoder's time on a 2048x2048 frame.
struct CopyAdvice {
    bool advised = false, common = false;
};
std::pair<CopyAdvice, CopyAdvice> copy_advice(const std::uint16_t* px, std::size_t width, std::size_t height,
                                              const std::uint16_t* rank, int lo) {
    std::size_t equal = 0, one_off = 0, one_off_rank = 0, total = 0;
    const std::size_t step = std::max<std::size_t>(1, width * height >> 18);
    for (std::size_t y = 1; y < height; y += step) {
        const std::uint16_t* row = px + y * width;
        const std::uint16_t* up = row - width;
        unsigned e = 0, o = 0;  // per row: vectorised (|d| == 1 as (d + 1) in {0, 2})
        for (std::size_t x = 1; x < width; ++x) {
            const int c = row[x], dw = c - row[x - 1], dn = c - up[x];
            e += static_cast<unsigned>(dw == 0) + static_cast<unsigned>(dn == 0);
            o += static_cast<unsigned>(((dw + 1) & ~2) == 0) + static_cast<unsigned>(((dn + 1) & ~2) == 0);
        }
        equal += e;
        one_off += o;
        total += 2 * (width - 1);
        if (rank)
            for (std::size_t x = 1; x < width; ++x) {
                const int rc = rank[row[x] - lo], rw = rank[row[x - 1] - lo], rn = rank[up[x] - lo];
                one_off_rank += static_cast<std::size_t>(((rc - rw + 1) & ~2) == 0) + static_cast<std::size_t>(((rc - rn + 1) & ~2) == 0);
            }
    }
    const auto advice = [&](std::size_t off) { return CopyAdvice{equal * 5 > total && equal > 2 * off, equal * 10 > total}; };
    return {advice(one_off), advice(one_off_rank)};
}

}  // namespace

FrameOptions choose_options(const std::uint16_t* px, std::size_t width, std::size_t height, bool allow_palette,
                            std::vector<int>* preds) {
    const std::size_t n = width * height;
    // The histogram of the values between the lowest and the highest (a small frame's
    // range is often far narrower than 65536 values).
    std::uint16_t mn = 65535, mx = 0;
    for (std::size_t i = 0; i < n; ++i) {  // a plain loop: vectorised
        mn = std::min(mn, px[i]);
        mx = std::max(mx, px[i]);
    }
    if (n == 0) return {};
    const std::size_t lo = mn, hi = mx;
    std::vector<std::uint8_t> seen(hi - lo + 1, 0);
    for (std::size_t i = 0; i < n; ++i) seen[px[i] - lo] = 1;
    std::size_t used = 0;
    for (const auto h : seen) used += h;
    // Candidates: without and (if some values between the lowest and the highest are
    // unused) with the palette; each with the copy flags if equal neighbours are common.
    const bool try_palette = allow_palette && used < hi - lo + 1;
    std::vector<std::uint16_t> rank;
    FrameOptions with_palette;
    with_palette.palette = true;
    if (try_palette) {
        rank.resize(seen.size());
        with_palette.values.resize(used);
        std::uint16_t r = 0;  // a local count (through the vector's size, a reload per value)
        for (std::size_t i = 0; i < seen.size(); ++i) {
            rank[i] = r;
            with_palette.values[r] = static_cast<std::uint16_t>(lo + i);  // overwritten until seen
            r = static_cast<std::uint16_t>(r + seen[i]);
        }
    }
    const auto advice = copy_advice(px, width, height, try_palette ? rank.data() : nullptr, static_cast<int>(lo));
    std::vector<FrameOptions> candidates;
    const auto add = [&](FrameOptions o, CopyAdvice a) {
        o.copy = a.advised;
        candidates.push_back(o);
        if (a.common) {
            o.copy = !a.advised;
            candidates.push_back(std::move(o));
        }
    };
    add(FrameOptions{}, advice.first);
    if (try_palette) add(std::move(with_palette), advice.second);
    if (candidates.size() == 1) return candidates[0];
    Costs costs = estimated_bits(px, width, height, candidates);
    std::size_t best = 0;
    for (std::size_t i = 1; i < candidates.size(); ++i)
        if (costs.bits[i] < costs.bits[best]) best = i;
    if (preds && costs.whole) *preds = std::move(costs.preds[costs.pred_of[best]]);
    return candidates[best];
}

namespace {
// run's Coder for kExpertPhase: the values come from the tap; each decision only adapts its
// probability (nothing is coded or costed; the header is skipped: the options are given).
struct ExpertCoder {
    static constexpr bool decoding = false;
    static constexpr bool kSkipsHeader = true;
    ExpertTap fn = nullptr;
    void* state = nullptr;
    BITSKY_PIXEL_INLINE int expert(std::size_t i, const PixelView& v) { return fn(state, i, v); }
    BITSKY_PIXEL_INLINE int bit(Prob& p, int b) {
        p.update(b);
        return b;
    }
    BITSKY_PIXEL_INLINE int token(Cdf&, int s) { return s; }
    BITSKY_PIXEL_INLINE unsigned raw(int, unsigned v) { return v; }
    BITSKY_PIXEL_INLINE float take_bits() { return 0.0f; }
};
}  // namespace

[[gnu::target_clones("avx2", "default")]] void expert_online(std::size_t width, std::size_t height,
                                                              const FrameOptions& opt, ExpertTap tap, void* state) {
    ExpertCoder c;
    c.fn = tap;
    c.state = state;
    run<ExpertCoder, false, kExpertPhase>(c, nullptr, nullptr, width, height, nullptr, nullptr, &opt);
}

}  // namespace bitsky::model::ctxmodel
