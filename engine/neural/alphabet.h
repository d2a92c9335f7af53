#pragma once
// The frame's value set, the alphabet the `neural` codec and the coded cost map
// (Context::Coded) work on (internal to engine/neural, Torch-free).
//
// Values absent from a frame get no probability: each present value v_i owns the cell of
// integers between the midpoints to its neighbours (the first cell reaches down to 0, the
// last up to 65535), and the network's mass of the whole cell is the value's probability.
// A frame whose values are dense in [min, max] loses nothing (only the tails are added to
// its extremes); a photographic plate's quantised levels or a constant frame lose the
// mass the network would spread over the gaps (a constant frame costs no bits per pixel).
// The set travels in the stream: a flag (equiprobable) choosing the cheaper code, then either
// the bitsky coder's palette code (context_model.h code_values) or min (16 equiprobable
// decisions), max - min + 1 (Elias gamma, equiprobable decisions), then the presence of every
// value between them, one binary decision each with an adaptive probability in the context
// of the two previous presences (alphabet_prob0).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/neural/bitsky_expert.h"

namespace bitsky::neural::detail {

struct Alphabet {
    std::vector<std::uint16_t> values;  // sorted, distinct, at least one
    std::vector<std::int32_t> cell_of;  // 65536 entries: the rank whose cell holds the value
    std::vector<int> lo, hi;            // cell i: the integers lo[i] .. hi[i]
    std::size_t size() const { return values.size(); }
    // From the values (sorted, distinct, not empty): the cells.
    static Alphabet from_values(std::vector<std::uint16_t> values);
    static Alphabet of_frame(const std::uint16_t* px, std::size_t n);  // n >= 1
};

// The presence decisions' adaptive probability of "absent" (bit 0) in 16 bits, clamped to
// [32, 65504], from the counts of absent (n0) and present (n1) values seen in this context
// (Krichevsky-Trofimov, integer arithmetic).
inline std::uint32_t alphabet_prob0(std::uint32_t n0, std::uint32_t n1) {
    const std::uint64_t q = ((2 * std::uint64_t(n0) + 1) << 16) / (2 * (std::uint64_t(n0) + n1) + 2);
    return std::uint32_t(q < 32 ? 32 : q > 65504 ? 65504 : q);
}

// The bits the stream spends on the set (the decisions' -log2 p summed, as coded): a flag,
// then the cheaper of the presence decisions (presence_bits) and the bitsky coder's palette
// code (model::ctxmodel::code_values: the count, the first value and the gaps, Elias gamma
// with adaptive bits; gap_bits). The gaps win on sparse sets (a scanned plate's levels:
// 615 bytes instead of 720 on dss_gzip), the presence decisions on dense ones.
double alphabet_bits(const Alphabet& a);
double presence_bits(const Alphabet& a);
double gap_bits(const Alphabet& a);
bool use_gap_code(const Alphabet& a);  // the encoder's choice: gap_bits < presence_bits

// The codec's distribution is a Bayesian mixture of six experts (pixel_coder.h): the
// network with neighbour spikes (Spikes), an adaptive histogram of the values' ranks (KT:
// 1/2 per value), an adaptive histogram of rank residuals from a row-mean predictor
// (ResidualHistogram), a running Gaussian (GaussExpert) and an adaptive histogram of rank
// residuals from the network's pixel prediction M (the context model's or MED, rounded:
// the frame's own residual distribution, which a network trained on other data gets wrong)
// and the bitsky coder's own model (BitskyExpert, bitsky_expert.h).
// Each expert's log-likelihood is kept within kMixClamp nats of the best: the mixture codes
// at most log2(6) bits plus about n * 6 e^-kMixClamp / ln 2 more than the best expert over
// the whole frame, and an expert can take over again after kMixClamp nats.
inline constexpr double kMixClamp = 12.0;

// The network's expert is itself a mixture: the network's cell masses with weight
// 1 - sum s_j plus spikes on the values of the west, north, north-west and north-east
// neighbours and of the plane W + N - NW (s_j each), which catch frames where pixels
// repeat a neighbour or the plane (scanned plates stored H-transform-quantised, whose 2x2
// blocks repeat them at fixed positions; blocky or duplicated data) that a smooth
// distribution cannot. The spikes' weights are learnt online as the running mean of their
// responsibilities (online EM) from a small prior, so on noise they fade to almost
// nothing, in 32 contexts (the pixel's position in its 2x2 block; W == N; the previous
// pixel repeated its own west neighbour; N repeated the pixel above it) and in 256 finer
// ones (also W == NW, N == NW, N == NE, as the bitsky coder's copy contexts) whose weights
// start from the coarse context's: a spike's weight is (its responsibilities in the fine
// context + kBackoff x its coarse weight) / (the fine context's pixels + kBackoff). (Until
// stream version 4: W and N only, 4 contexts.)
// The adaptive histogram over the alphabet's ranks (the mixture's second expert): counts in
// halves (2 per pixel seen, plus 1 per rank: KT's 1/2) in a Fenwick tree for range sums.
class Histogram {
public:
    explicit Histogram(std::size_t d) : tree_(d + 1, 0), total_(std::int64_t(d)) {}
    // Sum of the halves of ranks [0, r) (pseudo-counts included).
    std::int64_t prefix(std::size_t r) const {
        std::int64_t s = std::int64_t(r);
        for (std::size_t i = r; i > 0; i -= i & (~i + 1)) s += tree_[i];
        return s;
    }
    std::int64_t count(std::size_t r) const { return prefix(r + 1) - prefix(r); }
    std::int64_t total() const { return total_; }
    void add(std::size_t r) {
        for (std::size_t i = r + 1; i < tree_.size(); i += i & (~i + 1)) tree_[i] += 2;
        total_ += 2;
    }

private:
    std::vector<std::int64_t> tree_;
    std::int64_t total_;
};

// The third expert: an adaptive histogram (KT counts, as the value histogram) of the rank
// residuals rank(v) - rank(P) from a causal predictor P, the rounded mean of the (up to)
// kRowMean previous pixels of the row (the pixel above for the first column; the set's
// minimum for the first pixel). It follows what a fixed network cannot: row-by-row levels
// (bias frames), a frame's own noise shape. Residual e in [-(D - 1), D - 1] weighs 2 per
// pixel seen plus 1; a value's probability is its residual's weight over the weights of the
// residuals any of the D values would have.
inline constexpr int kRowMean = 8;
inline int row_mean_predict(const std::uint16_t* row, std::size_t w, std::size_t c, std::size_t y, int first) {
    if (c == 0) return y > 0 ? int((row - w)[0]) : first;
    const std::size_t k = std::min<std::size_t>(c, kRowMean);
    long sum = 0;
    for (std::size_t i = c - k; i < c; ++i) sum += row[i];
    return int((sum + long(k / 2)) / long(k));
}
class ResidualHistogram {
public:
    explicit ResidualHistogram(std::size_t d) : d_(long(d)), tree_(2 * d, 0) {}
    // The weight of every rank with the predictor's rank rp.
    std::int64_t total(long rp) const { return mass(0, d_ - 1, rp); }
    // The weight of residuals <= e (pseudo-counts included).
    std::int64_t cum(long e) const {
        const long n = std::clamp(e + d_, 0L, 2 * d_ - 1);  // residuals -(d - 1) .. e
        std::int64_t s = n;
        for (std::size_t i = std::size_t(n); i > 0; i -= i & (~i + 1)) s += tree_[i];
        return s;
    }
    // The weight of the ranks lo..hi with the predictor's rank rp.
    std::int64_t mass(long lo, long hi, long rp) const { return cum(hi - rp) - cum(lo - 1 - rp); }
    void add(long e) {
        for (std::size_t i = std::size_t(e + d_); i < tree_.size(); i += i & (~i + 1)) tree_[i] += 2;
    }

private:
    long d_;
    std::vector<std::int64_t> tree_;
};

// The Bayesian weights of the six experts (network with spikes, value histogram, residual
// histogram from the row mean, Gaussian, residual histogram from the network's pixel
// prediction M, the bitsky coder's model): log-likelihoods of the pixels so far, each kept within kMixClamp nats of
// the best so that an expert can take over again.
inline constexpr int kExperts = 6;
struct ExpertWeights {
    double L[kExperts] = {};
    void weights(double* w) const {
        double s = 0;
        for (int j = 0; j < kExperts; ++j) s += (w[j] = std::exp(L[j]));
        for (int j = 0; j < kExperts; ++j) w[j] /= s;
    }
    void learn(const double* p) {
        double mx = -1e300;
        for (int j = 0; j < kExperts; ++j) mx = std::max(mx, L[j] += std::log(std::max(p[j], 1e-300)));
        for (int j = 0; j < kExperts; ++j) L[j] = std::max(L[j] - mx, -kMixClamp);
    }
};

// The fourth expert: a discretised Gaussian N(mu, sd^2) whose mean and variance are the
// running ones of the pixels so far (Welford), starting from kPriorPixels pixels at the
// frame's background and sigma (the coded constants); a pixel more than kClip sd from the
// mean (a star, a cosmic ray, a hot pixel) does not move them. On a frame of white noise
// (bias and dark frames, empty sky) it costs the noise's entropy plus about log2 n bits to
// learn its two parameters, where the histogram pays (D - 1)/2 log2 n for D values.
class GaussExpert {
public:
    static constexpr double kPriorPixels = 2.0, kClip = 8.0, kMinSd = 0.25;
    GaussExpert(double background, double sigma)
        : n_(kPriorPixels), mu_(background), m2_(kPriorPixels * sigma * sigma) {}
    double inv_sd() const { return 1.0 / std::max(std::sqrt(m2_ / n_), kMinSd); }
    void learn(double v) {
        const double d = v - mu_;
        if (std::abs(d) * inv_sd() > kClip) return;
        n_ += 1.0;
        mu_ += d / n_;
        m2_ += d * (v - mu_);
    }
    // The CDF F and 1 - F at t, each accurate on its own side of the mean.
    void cdf(double t, double& F, double& G) const {
        const double z = (t - mu_) * inv_sd() * 0.7071067811865476;
        if (z < 0) {
            F = 0.5 * std::erfc(-z);
            G = 1.0 - F;
        } else {
            G = 0.5 * std::erfc(z);
            F = 1.0 - G;
        }
    }
    // The mass of rank r's cell (its values al.lo[r] .. al.hi[r]; the ends reach to infinity).
    double cell_mass(const Alphabet& al, std::size_t r) const {
        double F0 = 0, G0 = 1, F1 = 1, G1 = 0;
        if (r > 0) cdf(al.lo[r] - 0.5, F0, G0);
        if (r + 1 < al.size()) cdf(al.hi[r] + 0.5, F1, G1);
        return std::max(F0 > 0.5 ? G0 - G1 : F1 - F0, 0.0);
    }

private:
    double n_, mu_, m2_;
};

class Spikes {
public:
    static constexpr int kCount = 5;  // W, N, NW, NE, the plane W + N - NW
    static constexpr std::size_t kNone = ~std::size_t{0};
    static constexpr double kPrior = 0.02;
    // The weights for pixel (c, y) of row `row` (the row above at row - w): sets the
    // context, s[] (0 where the neighbour does not exist or the plane is outside
    // 0..65535) and the candidates' ranks in the value set (their cells' for a plane
    // value not in the set; kNone without a candidate).
    void at(const std::uint16_t* row, std::size_t w, std::size_t c, std::size_t y, const Alphabet& al) {
        const bool has_w = c > 0, has_n = y > 0, has_ne = has_n && c + 1 < w;
        const std::uint16_t* up = row - w;
        const long v[kCount] = {has_w ? long(row[c - 1]) : -1, has_n ? long(up[c]) : -1,
                                has_w && has_n ? long(up[c - 1]) : -1, has_ne ? long(up[c + 1]) : -1,
                                has_w && has_n ? long(row[c - 1]) + long(up[c]) - long(up[c - 1]) : -1};
        ctx_ = (has_w && has_n && v[0] == v[1] ? 1 : 0) + (c >= 2 && row[c - 1] == row[c - 2] ? 2 : 0) +
               4 * int(c & 1) + 8 * int(y & 1) + (y >= 2 && up[c] == (up - w)[c] ? 16 : 0);
        fine_ = ctx_ * 8 + (v[0] == v[2] ? 1 : 0) + (v[1] == v[2] ? 2 : 0) + (v[3] >= 0 && v[1] == v[3] ? 4 : 0);
        for (int j = 0; j < kCount; ++j) {
            const bool ok = v[j] >= 0 && v[j] <= 65535;
            rank[j] = ok ? std::size_t(al.cell_of[std::size_t(v[j])]) : kNone;
            const double coarse = (resp_[ctx_][j] + kPrior) / (n_[ctx_] + 1.0);
            s[j] = ok ? (fresp_[fine_][j] + kBackoff * coarse) / (fn_[fine_] + kBackoff) : 0.0;
        }
    }
    // Which candidates fall in the ranks lo..hi (bit j: candidate j).
    unsigned hits(std::size_t lo, std::size_t hi) const {
        unsigned m = 0;
        for (int j = 0; j < kCount; ++j) m |= unsigned(lo <= rank[j] && rank[j] <= hi) << j;
        return m;
    }
    // The expert's probability of ranks with the network's probability p_net and the
    // candidates `hit` among them.
    double prob(double p_net, unsigned hit) const {
        double rest = 1.0, spikes = 0.0;
        for (int j = 0; j < kCount; ++j) {
            rest -= s[j];
            if (hit >> j & 1) spikes += s[j];
        }
        return rest * p_net + spikes;
    }
    // After the pixel (probability p, candidates hit): the responsibilities update the
    // context's weights.
    void learn(double p, unsigned hit) {
        for (int j = 0; j < kCount; ++j)
            if (hit >> j & 1) {
                resp_[ctx_][j] += s[j] / p;
                fresp_[fine_][j] += s[j] / p;
            }
        n_[ctx_] += 1.0;
        fn_[fine_] += 1.0;
    }
    double s[kCount] = {};
    std::size_t rank[kCount] = {};

private:
    static constexpr int kContexts = 32, kFine = kContexts * 8;
    static constexpr double kBackoff = 10.0;
    double resp_[kContexts][kCount] = {}, n_[kContexts] = {};
    double fresp_[kFine][kCount] = {}, fn_[kFine] = {};
    int ctx_ = 0, fine_ = 0;
};

// The experts beside the network over one frame, pixel by pixel in raster order. The codec
// (pixel_coder.cpp) and the coded cost map (Model::cost_map) run this one state, so the map
// is the coder's distribution.
class FrameExperts {
public:
    // palette: the bitsky expert's symbols are the ranks (else the values).
    FrameExperts(const Alphabet& al, double background, double sigma, bool palette)
        : al_(al), palette_(palette), hist(al.size()), res(al.size()), gauss(background, sigma), res_m(al.size()) {}
    // The bitsky expert's symbols of rank r's cell: sym_lo(r) .. sym_hi(r).
    long sym_lo(std::size_t r) const { return palette_ ? long(r) : long(al_.lo[r]); }
    long sym_hi(std::size_t r) const { return palette_ ? long(r) : long(al_.hi[r]); }
    // Before pixel (c, y) of `row` (the row above at row - width), `med` the network's pixel
    // prediction M, `view` the bitsky coder's model of the pixel: the spikes' candidates, both
    // residual predictors' ranks, the bitsky expert, and the experts' weights in w (kExperts).
    void at(const std::uint16_t* row, std::size_t width, std::size_t c, std::size_t y, double med,
            const model::ctxmodel::PixelView& view, double* w) {
        spikes.at(row, width, c, y, al_);
        bsky.set(view, sym_hi(al_.size() - 1));
        pred = al_.cell_of[std::size_t(row_mean_predict(row, width, c, y, al_.values.front()))];
        pred_m = al_.cell_of[std::size_t(std::clamp(std::lround(med), 0L, 65535L))];
        weights.weights(w);
    }
    // After it: its rank r and value v, p_net the network's probability of r's cell; the
    // experts' probabilities of r go to p (kExperts), then every expert learns the pixel.
    void learn(std::size_t r, std::uint16_t v, double p_net, double* p) {
        const unsigned hit = spikes.hits(r, r);
        p[0] = spikes.prob(p_net, hit);
        p[1] = double(hist.count(r)) / double(hist.total());
        p[2] = double(res.mass(long(r), long(r), pred)) / double(res.total(pred));
        p[3] = gauss.cell_mass(al_, r);
        p[4] = double(res_m.mass(long(r), long(r), pred_m)) / double(res_m.total(pred_m));
        p[5] = bsky.mass(sym_lo(r), sym_hi(r));
        spikes.learn(std::max(p[0], 1e-300), hit);
        weights.learn(p);
        hist.add(r);
        res.add(long(r) - pred);
        gauss.learn(v);
        res_m.add(long(r) - pred_m);
    }

private:
    const Alphabet& al_;
    bool palette_;

public:
    Spikes spikes;
    Histogram hist;          // the values' ranks
    ResidualHistogram res;   // residuals from the row mean (rank pred)
    GaussExpert gauss;
    ResidualHistogram res_m;  // residuals from the network's pixel prediction M (rank pred_m)
    BitskyExpert bsky;        // the bitsky coder's model
    ExpertWeights weights;
    long pred = 0, pred_m = 0;
};

}  // namespace bitsky::neural::detail
