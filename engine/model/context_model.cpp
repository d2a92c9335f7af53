#include "engine/model/context_model.h"

#include "engine/model/context_prior_table.h"

#include <cstdlib>

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

// The model's cost of a frame (or a band of rows) under given options in bits, header
// included; the predictions under the options' palette flag, and the cost coded from
// them under given options (the same bits as trial_bits): compiled for AVX2
// and for the baseline like the map and the codec (the same bits either way, so every
// build makes the same choice).
[[gnu::target_clones("avx2", "default")]] double trial_bits(const std::uint16_t* px, std::size_t width,
                                                             std::size_t height, const FrameOptions& o) {
    CostCoder c;
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
    CostCoder c;
    run<CostCoder, false, kCodePhase>(c, px, nullptr, width, height, nullptr, nullptr, &o, preds);
    return c.total;
}

double header_bits(const FrameOptions& o) {
    CostCoder c;
    FrameOptions copy = o;
    code_header(c, copy);
    return c.take_bits();
}

// Frames up to this many pixels are costed whole for each candidate; larger ones on
// evenly spaced bands of rows holding about max(kTrialFull, pixels / 64) pixels (the
// candidates are compared on the same bands, so the difference is what counts).
constexpr std::size_t kTrialFull = std::size_t{1} << 15;
constexpr std::size_t kBandRows = 16;

// Every candidate's estimated bits (exactly the model's cost of each, coded alone); the
// predictions are made once per palette flag and coded under each copy flag. Costed
// whole, the predictions of candidate i are preds[pred_of[i]].
struct Costs {
    std::vector<double> bits;
    bool whole = false;
    std::vector<std::vector<int>> preds;
    std::vector<std::size_t> pred_of;
};

Costs estimated_bits(const std::uint16_t* px, std::size_t width, std::size_t height,
                     const std::vector<FrameOptions>& cands) {
    const std::size_t n = width * height;
    Costs r;
    r.bits.assign(cands.size(), 0.0);
    r.pred_of.assign(cands.size(), 0);
    std::vector<std::vector<std::size_t>> groups;  // candidates by palette flag
    for (bool palette : {false, true}) {
        std::vector<std::size_t> g;
        for (std::size_t i = 0; i < cands.size(); ++i)
            if (cands[i].palette == palette) g.push_back(i);
        if (!g.empty()) groups.push_back(std::move(g));
    }
    if (n <= kTrialFull || height <= 2 * kBandRows) {
        r.whole = true;
        for (const auto& g : groups) {
            std::vector<int> preds(n, 0);
            predict_rows(px, width, height, cands[g[0]], preds.data());
            for (const std::size_t i : g) {
                r.bits[i] = coded_bits(px, width, height, cands[i], preds.data());
                r.pred_of[i] = r.preds.size();
            }
            r.preds.push_back(std::move(preds));
        }
        return r;
    }
    const std::size_t budget = std::max(kTrialFull, n / 64);
    const std::size_t bands = std::clamp<std::size_t>((budget + kBandRows * width - 1) / (kBandRows * width), 1,
                                                      height / kBandRows);
    std::vector<double> header(cands.size()), bits(cands.size(), 0.0);
    for (std::size_t i = 0; i < cands.size(); ++i) header[i] = header_bits(cands[i]);
    std::vector<int> preds(kBandRows * width, 0);
    for (std::size_t k = 0; k < bands; ++k) {
        const std::size_t y0 = (height - kBandRows) * (2 * k + 1) / (2 * bands);
        for (const auto& g : groups) {
            if (g.size() == 1) {  // one pass does both
                bits[g[0]] += trial_bits(px + y0 * width, width, kBandRows, cands[g[0]]) - header[g[0]];
                continue;
            }
            predict_rows(px + y0 * width, width, kBandRows, cands[g[0]], preds.data());
            for (const std::size_t i : g)
                bits[i] += coded_bits(px + y0 * width, width, kBandRows, cands[i], preds.data()) - header[i];
        }
    }
    for (std::size_t i = 0; i < cands.size(); ++i)
        r.bits[i] = header[i] + bits[i] * static_cast<double>(n) / static_cast<double>(bands * kBandRows * width);
    return r;
}

// Exact copies of the W or N neighbour, against differences of one (in symbol space):
// replicated pixels make equality far more common than a smooth noisy image does.
// Returns {copy advised, equality common enough to try copies}. Counted on about 2^18
// pixels (every k-th row of a large frame): a full pass over both candidates took 8% of
// the encoder's time on a 2048x2048 frame.
std::pair<bool, bool> copy_advice(const std::uint16_t* px, std::size_t width, std::size_t height, const FrameOptions& o) {
    std::vector<int> sym;
    if (o.palette) {
        sym.assign(static_cast<std::size_t>(o.values.back() - o.values.front()) + 1, 0);
        for (std::size_t i = 0; i < o.values.size(); ++i) sym[o.values[i] - o.values.front()] = static_cast<int>(i);
    }
    const int lo = o.palette ? o.values.front() : 0;
    auto s = [&](std::size_t i) -> int { return o.palette ? sym[static_cast<std::size_t>(px[i] - lo)] : px[i]; };
    std::size_t equal = 0, one_off = 0, total = 0;
    const std::size_t step = std::max<std::size_t>(1, width * height >> 18);
    for (std::size_t y = 1; y < height; y += step)
        for (std::size_t x = 1; x < width; ++x) {
            const int c = s(y * width + x), w = s(y * width + x - 1), nn = s((y - 1) * width + x);
            equal += (c == w) + (c == nn);
            one_off += (std::abs(c - w) == 1) + (std::abs(c - nn) == 1);
            total += 2;
        }
    return {equal * 5 > total && equal > 2 * one_off, equal * 10 > total};
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
    std::vector<std::uint32_t> hist(hi - lo + 1, 0);
    for (std::size_t i = 0; i < n; ++i) ++hist[px[i] - lo];
    std::size_t used = 0;
    for (const auto h : hist) used += h != 0;
    // Candidates: without and (if some values between the lowest and the highest are
    // unused) with the palette; each with the copy flags if equal neighbours are common.
    std::vector<FrameOptions> candidates;
    for (bool palette : {false, true}) {
        if (palette && (!allow_palette || used >= hi - lo + 1)) continue;
        FrameOptions o;
        o.palette = palette;
        if (palette)
            for (std::size_t v = lo; v <= hi; ++v)
                if (hist[v - lo]) o.values.push_back(static_cast<std::uint16_t>(v));
        const auto [advised, common] = copy_advice(px, width, height, o);
        o.copy = advised;
        candidates.push_back(o);
        if (common) {
            o.copy = !advised;
            candidates.push_back(std::move(o));
        }
    }
    if (candidates.size() == 1) return candidates[0];
    Costs costs = estimated_bits(px, width, height, candidates);
    std::size_t best = 0;
    for (std::size_t i = 1; i < candidates.size(); ++i)
        if (costs.bits[i] < costs.bits[best]) best = i;
    if (preds && costs.whole) *preds = std::move(costs.preds[costs.pred_of[best]]);
    return candidates[best];
}

}  // namespace bitsky::model::ctxmodel
