#pragma once
// BitSky's sequential adaptive pixel model, shared by the `context` bit-cost map and
// the `bitsky` codec so that the map is exactly the code length of a real coder.
//
// For every pixel in raster order (first stored row first):
//  1. prediction: a blend of five predictors (MED, plane, 12- and 40-neighbour means,
//     a mixed gradient) weighted by 1/err^8 of each predictor's recent errors (a causal
//     spatially smoothed |error|) at the causal neighbours: flat sky -> the wide means
//     (MED alone roughly doubles the noise variance there), edges/stars -> MED/plane;
//  2. context: the local activity (mean |residual| of the causal neighbours) on a log
//     scale, and the fractional part of the prediction;
//  3. the residual, folded mod 2^16, is binarised (zero?, sign, exponent in unary,
//     mantissa bits) and every binary decision is coded with an adaptive probability
//     of its own context. The probability used is the one held *before* the decision.
//
// The Coder policy sees each binary decision: `int bit(Prob& p, int b)` codes b (or,
// when decoding, ignores b and returns the decoded bit) and then updates p via
// Prob::update. Everything is integer or deterministic IEEE float, so encoder and
// decoder compute identical predictions.
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace bitsky::analysis::ctxmodel {

// Adaptive probability that a bit is 0, in 1/65536 units, with a count-based rate:
// fast while a context is new, 1/128 once it has seen enough.
struct Prob {
    static constexpr int kMin = 32, kMax = 65536 - 32;
    std::uint16_t p0 = 32768;
    std::uint16_t n = 0;
    void update(int bit) {
        static constexpr int kLimit = 1022;
        // rate = 1/(n+2)
        std::int64_t target = bit ? 0 : 65536;
        std::int64_t step = (target - p0) * (65536 / (n + 2)) / 65536;
        int v = static_cast<int>(p0 + step);
        p0 = static_cast<std::uint16_t>(std::clamp(v, kMin, kMax));
        if (n < kLimit) ++n;
    }
};

// -log2 of a 16-bit probability, tabulated (p in 0..65535, p=0 unused).
const float* cost_table();
inline float bit_cost(const Prob& p, int bit, const float* table) {
    return bit ? table[65536 - p.p0] : table[p.p0];
}

constexpr int kActivityClasses = 48;
constexpr int kTreeBits = 5, kTreeNodes = 1 << kTreeBits;  // mantissa tree depth, node count
constexpr int kFracClasses = 3;
constexpr int kPredictors = 5;
constexpr int kPadX = 4, kPadY = 4;

struct Contexts {
    struct Class {
        std::array<Prob, kFracClasses> zero, sign;
        std::array<Prob, 16> exponent;
        // [exponent][node]: the top kTreeBits mantissa bits as a binary tree (node =
        // 1 prefix), the lower bits by position (kTreeNodes + bit).
        std::array<std::array<Prob, 48>, 16> mantissa;
    };
    std::vector<Class> classes = std::vector<Class>(kActivityClasses);
};

// Codes one folded residual r in [-32768, 32767]; returns it (decoded when decoding).
template <class Coder>
inline int code_residual(Coder& c, Contexts::Class& k, int frac, int r) {
    if (c.bit(k.zero[frac], r == 0)) return 0;
    int positive = c.bit(k.sign[frac], r > 0);
    unsigned a = static_cast<unsigned>(r > 0 ? r : -r) - 1;  // 0..32767
    int e_true = std::bit_width(a + 1) - 1;                   // 0..15
    int e = 0;
    while (e < 15 && c.bit(k.exponent[e], e < e_true)) ++e;
    unsigned m = 0;
    unsigned m_true = (a + 1) - (1u << e_true);
    unsigned node = 1;
    for (int j = e - 1; j >= 0; --j) {
        const bool tree = j >= e - kTreeBits;
        Prob& p = k.mantissa[static_cast<std::size_t>(e)][tree ? node : static_cast<std::size_t>(kTreeNodes + j)];
        unsigned b = static_cast<unsigned>(c.bit(p, (m_true >> j) & 1));
        m = (m << 1) | b;
        if (tree) node = (node << 1) | b;
    }
    int mag = static_cast<int>((1u << e) + m);  // = a + 1
    return positive ? mag : -mag;
}

inline int fold(int r) { return ((r + 32768) & 0xFFFF) - 32768; }

// 2 classes per octave of (1 + mean |residual|); tabulated in steps of 1/8 ADU.
const std::uint8_t* activity_table();
constexpr int kActivityTableSize = 8 * 1024;
inline int activity_class(float mean_abs) {
    int i = static_cast<int>(mean_abs * 8.0f);
    if (i < kActivityTableSize) return activity_table()[i];
    int c = static_cast<int>(2.0f * std::log2(1.0f + mean_abs));
    return std::min(c, kActivityClasses - 1);
}

// Runs the model over a width x height frame. When encoding or mapping, `in` holds the
// frame; when decoding (Coder::decoding), `out` receives it. If `cost` is not null,
// cost[i] receives the bits of pixel i (differences of Coder::cost_so_far()).
template <class Coder>
void run(Coder& coder, const std::uint16_t* in, std::uint16_t* out, std::size_t width, std::size_t height,
         float* cost = nullptr) {
    if (width == 0 || height == 0) return;
    const std::size_t W = width, S = width + 2 * kPadX;
    Contexts ctx;
    // Padded image rows -kPadY..height-1 (columns -kPadX..width+kPadX-1), of which only
    // the last kPadY+1 are ever needed: a ring of 8 rows.
    std::vector<int> img(S * 8, 0);
    auto at = [&](std::size_t x_pad, std::size_t y_pad) -> int& { return img[(y_pad & 7) * S + x_pad]; };
    // Per-predictor absolute errors and final |residual| for the last 3 rows (ring).
    std::vector<float> perr(3 * S * kPredictors, 0.0f);
    std::vector<float> rerr(3 * S, 0.0f);
    // Column sums of the 4 rows above (for the 40-neighbour mean).
    std::vector<int> colsum(S, 0);
    double before = 0;

    auto emit = [&](std::size_t i) {
        if (cost) {
            double now = coder.cost_so_far();
            cost[i] = static_cast<float>(now - before);
            before = now;
        }
    };

    // Row 0: predict from the left neighbour only (the first pixel from mid-range).
    {
        int prev = 32768;
        float a1 = 0, a2 = 0;
        for (std::size_t x = 0; x < W; ++x) {
            int cls = activity_class(0.5f * (a1 + a2));
            int truth = Coder::decoding ? 0 : in[x];
            int r = code_residual(coder, ctx.classes[static_cast<std::size_t>(cls)], 1, fold(truth - prev));
            int v = (prev + r) & 0xFFFF;
            if (Coder::decoding) out[x] = static_cast<std::uint16_t>(v);
            emit(x);
            a2 = a1;
            a1 = static_cast<float>(std::abs(r));
            at(x + kPadX, kPadY) = v;
            rerr[0 * S + x + kPadX] = a1;
            for (int p = 0; p < kPredictors; ++p) perr[(0 * S + x + kPadX) * kPredictors + static_cast<std::size_t>(p)] = a1;
            prev = v;
        }
        // Rows above the image repeat row 0; side pads repeat the edge pixels.
        for (std::size_t x = 0; x < kPadX; ++x) {
            at(x, kPadY) = at(kPadX, kPadY);
            at(S - 1 - x, kPadY) = at(S - 1 - kPadX, kPadY);
        }
        for (std::size_t yp = 0; yp < kPadY; ++yp)
            for (std::size_t x = 0; x < S; ++x) at(x, yp) = at(x, kPadY);
    }

    for (std::size_t y = 1; y < height; ++y) {
        const std::size_t yp = y + kPadY;
        // Column sums of rows y-4..y-1 (padded rows repeat row 0).
        for (std::size_t x = 0; x < S; ++x)
            colsum[x] = at(x, yp - 1) + at(x, yp - 2) + at(x, yp - 3) + at(x, yp - 4);
        // Left pads of this row: the pixel above the first column (known).
        for (std::size_t x = 0; x < kPadX; ++x) at(x, yp) = at(kPadX, yp - 1);
        const std::size_t r0 = (y % 3) * S, r1 = ((y + 2) % 3) * S, r2 = ((y + 1) % 3) * S;  // rows y, y-1, y-2
        for (std::size_t x = 0; x < kPadX; ++x) {
            rerr[r0 + x] = rerr[r1 + kPadX];
            for (int p = 0; p < kPredictors; ++p)
                perr[(r0 + x) * kPredictors + static_cast<std::size_t>(p)] = perr[(r1 + kPadX) * kPredictors + static_cast<std::size_t>(p)];
        }
        // Sliding window of 9 column sums centred on x.
        int window = 0;
        for (std::size_t k = kPadX - 4; k <= kPadX + 4; ++k) window += colsum[k];
        int left4 = at(kPadX - 1, yp) + at(kPadX - 2, yp) + at(kPadX - 3, yp) + at(kPadX - 4, yp);

        for (std::size_t x = 0; x < W; ++x) {
            const std::size_t xp = x + kPadX;
            const int Wv = at(xp - 1, yp), WW = at(xp - 2, yp);
            const int N = at(xp, yp - 1), NW = at(xp - 1, yp - 1), NE = at(xp + 1, yp - 1);
            const int NN = at(xp, yp - 2), NWW = at(xp - 2, yp - 1), NEE = at(xp + 2, yp - 1);
            const int NNW = at(xp - 1, yp - 2), NNE = at(xp + 1, yp - 2), NNWW = at(xp - 2, yp - 2),
                      NNEE = at(xp + 2, yp - 2);

            std::array<float, kPredictors> pred;
            {
                int mn = std::min(Wv, N), mx = std::max(Wv, N);
                pred[0] = static_cast<float>(NW >= mx ? mn : NW <= mn ? mx : Wv + N - NW);  // MED
            }
            pred[1] = static_cast<float>(Wv + N - NW);
            pred[2] = static_cast<float>(Wv + WW + N + NW + NE + NN + NWW + NEE + NNW + NNE + NNWW + NNEE) / 12.0f;
            pred[3] = static_cast<float>(window + left4) / 40.0f;
            pred[4] = 0.5f * static_cast<float>(Wv + N) + 0.5f * static_cast<float>(NE - NW);

            // Blend by recent errors at W, N, NW, NE, WW, NN.
            float wsum = 0, psum = 0;
            for (int p = 0; p < kPredictors; ++p) {
                const std::size_t pp = static_cast<std::size_t>(p);
                float e = 2.0f * perr[(r0 + xp - 1) * kPredictors + pp] + 2.0f * perr[(r1 + xp) * kPredictors + pp] +
                          perr[(r1 + xp - 1) * kPredictors + pp] + perr[(r1 + xp + 1) * kPredictors + pp] +
                          perr[(r0 + xp - 2) * kPredictors + pp] + perr[(r2 + xp) * kPredictors + pp];
                float w = 1.0f / (e * e + 0.25f);
                w = w * w;
                w = w * w;  // 1/err^8: sharp selection, stable because err is smoothed
                wsum += w;
                psum += w * pred[pp];
            }
            float P = psum / wsum;

            const float act = (2.0f * rerr[r0 + xp - 1] + 2.0f * rerr[r1 + xp] + rerr[r1 + xp - 1] + rerr[r1 + xp + 1] +
                               rerr[r0 + xp - 2] + rerr[r2 + xp]) *
                              (1.0f / 8.0f);
            const int cls = activity_class(act);
            P = std::clamp(P, 0.0f, 65535.0f);
            const float Pr = std::nearbyint(P);
            const int Pi = static_cast<int>(Pr);
            const float f = P - Pr;  // [-0.5, 0.5]
            const int frac = f < -0.1667f ? 0 : f > 0.1667f ? 2 : 1;

            int truth = Coder::decoding ? 0 : in[y * W + x];
            int r = code_residual(coder, ctx.classes[static_cast<std::size_t>(cls)], frac, fold(truth - Pi));
            int v = (Pi + r) & 0xFFFF;
            if (Coder::decoding) out[y * W + x] = static_cast<std::uint16_t>(v);
            emit(y * W + x);

            at(xp, yp) = v;
            const float fv = static_cast<float>(v);
            for (int p = 0; p < kPredictors; ++p) {
                const std::size_t pp = static_cast<std::size_t>(p);
                perr[(r0 + xp) * kPredictors + pp] = std::abs(fv - pred[pp]) +
                    0.3f * (perr[(r0 + xp - 1) * kPredictors + pp] + perr[(r1 + xp) * kPredictors + pp]);
            }
            rerr[r0 + xp] = static_cast<float>(std::abs(r));
            // Slide the 40-neighbour window one column right.
            if (x + 1 < W) {
                window += colsum[xp + 5] - colsum[xp - 4];
                left4 += v - at(xp - 4, yp);
            }
        }
        // Right pads of this row, for the next row's NE/NEE.
        for (std::size_t x = 0; x < kPadX; ++x) {
            at(S - 1 - x, yp) = at(S - 1 - kPadX, yp);
            rerr[r0 + S - 1 - x] = rerr[r0 + S - 1 - kPadX];
            for (int p = 0; p < kPredictors; ++p)
                perr[(r0 + S - 1 - x) * kPredictors + static_cast<std::size_t>(p)] =
                    perr[(r0 + S - 1 - kPadX) * kPredictors + static_cast<std::size_t>(p)];
        }
    }
}

}  // namespace bitsky::analysis::ctxmodel
