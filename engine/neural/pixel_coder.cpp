// The `neural` codec's pixel-by-pixel network and range coding (see pixel_coder.h).
// Torch-free.
#include "engine/neural/pixel_coder.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <optional>
#include <string>

#include "engine/codecs/bitsky_range_coder.h"
#include "engine/model/context_model.h"
#include "engine/neural/alphabet.h"
#include "engine/neural/features.h"
#include "engine/util/error.h"

namespace bitsky::neural::detail {

namespace {

using codecs::rangecoder::Prob;
using codecs::rangecoder::RangeDecoder;
using codecs::rangecoder::RangeEncoder;

constexpr double kWindowScales = 12.0;     // the window reaches this many scales beyond each component
constexpr double kWindowMinWeight = 1e-4;  // components lighter than this (relative) do not widen it
constexpr int kMaxValue = 65535;

// The direct split's mixture for one pixel: weights (unnormalised), centres and 1 / scales
// in ADU.
struct Mixture {
    int K = 0;
    double w[kMaxMixtures], c[kMaxMixtures], inv[kMaxMixtures];
};

// Every component's CDF F and G = 1 - F at one bin edge, each accurate on its own side of
// the component's centre (so neither cancels in the tails); gF, gG: the same for the
// Gaussian expert (GaussExpert), set by Experts' edges.
struct Edge {
    double F[kMaxMixtures], G[kMaxMixtures];
    double gF = 0, gG = 1;
};

void edge_at(const Mixture& m, double t, Edge& e) {
    for (int k = 0; k < m.K; ++k) {
        const double z = (t - m.c[k]) * m.inv[k];
        const double ez = std::exp(-std::abs(z)), r = 1.0 / (1.0 + ez);
        e.F[k] = z >= 0 ? r : ez * r;
        e.G[k] = z >= 0 ? ez * r : r;
    }
}
void edge_low(const Mixture& m, Edge& e) {  // -infinity
    std::fill(e.F, e.F + m.K, 0.0);
    std::fill(e.G, e.G + m.K, 1.0);
    e.gF = 0.0;
    e.gG = 1.0;
}
void edge_high(const Mixture& m, Edge& e) {  // +infinity
    std::fill(e.F, e.F + m.K, 1.0);
    std::fill(e.G, e.G + m.K, 0.0);
    e.gF = 1.0;
    e.gG = 0.0;
}
// The Gaussian expert's mass between two edges.
double gauss_mass(const Edge& lo, const Edge& hi) { return std::max(lo.gF > 0.5 ? lo.gG - hi.gG : hi.gF - lo.gF, 0.0); }

// The mixture's (unnormalised) mass between two edges.
double mass(const Mixture& m, const Edge& lo, const Edge& hi) {
    double s = 0;
    for (int k = 0; k < m.K; ++k) {
        const double mk = lo.F[k] > 0.5 ? lo.G[k] - hi.G[k] : hi.F[k] - lo.F[k];
        s += m.w[k] * std::max(mk, 0.0);
    }
    return s;
}

// One binary decision, bit 0 with probability m0 / (m0 + m1) in 16 bits (1/2 if both
// masses vanish), clamped to the range coder's limits.
template <class Coder>
int decide(Coder& rc, double m0, double m1, int bit) {
    const double t = m0 + m1;
    long long q = 32768;
    if (t > 0 && std::isfinite(t)) q = std::clamp(std::llround(m0 / t * 65536.0), (long long)Prob::kMin, (long long)Prob::kMax);
    Prob p;
    p.p = static_cast<std::uint32_t>(q) << 16;
    return rc.bit(p, bit);
}

// The six experts for one pixel (alphabet.h): the network's mixture (total mass
// net_total) with the spikes on the neighbours' ranks, the value histogram, the residual
// histogram around the row mean's rank `pred`, the running Gaussian, the residual
// histogram around the rank of the network's pixel prediction `pred_m` and the bitsky
// coder's model, with their weights w.
struct Experts {
    const Mixture& m;
    const Alphabet& al;
    const FrameExperts& e;
    double w[kExperts], net_total, res_total, res_m_total;
    // The residual histograms' masses of the ranks lo..hi (their cells' values).
    std::int64_t resid(std::size_t lo, std::size_t hi) const { return e.res.mass(long(lo), long(hi), e.pred); }
    std::int64_t resid_m(std::size_t lo, std::size_t hi) const { return e.res_m.mass(long(lo), long(hi), e.pred_m); }
    // The mixture's mass of the ranks lo..hi, between the edges a and b: the network's and
    // the Gaussian's mass between them, the value histogram's `halves`, the residual
    // histograms' `rmass` and `rmass_m`, the bitsky expert's `bmass`.
    double mix(const Edge& a, const Edge& b, std::int64_t halves, std::int64_t rmass, std::int64_t rmass_m,
               double bmass, std::size_t lo, std::size_t hi) const {
        const double z = e.spikes.prob(mass(m, a, b) / net_total, e.spikes.hits(lo, hi));
        return w[0] * z + w[1] * (double(halves) / double(e.hist.total())) + w[2] * (double(rmass) / res_total) +
               w[3] * gauss_mass(a, b) + w[4] * (double(rmass_m) / res_m_total) + w[5] * bmass;
    }
    // The bitsky expert's mass of the ranks lo..hi.
    double bsky(std::size_t lo, std::size_t hi) const { return e.bsky.mass(e.sym_lo(lo), e.sym_hi(hi)); }
    // Its unnormalised mass of the symbols below rank r's cell (r = size(): all).
    double bsky_below(std::size_t r) const { return e.bsky.upto(r < al.size() ? e.sym_lo(r) - 1 : e.sym_hi(r - 1)); }
    void lower_edge(std::size_t r, Edge& edge) const {  // below rank r's cell
        if (r == 0) {
            edge_low(m, edge);
        } else {
            edge_at(m, al.lo[r] - 0.5, edge);
            e.gauss.cdf(al.lo[r] - 0.5, edge.gF, edge.gG);
        }
    }
    void upper_edge(std::size_t r, Edge& edge) const {  // above rank r's cell
        if (r + 1 == al.size()) {
            edge_high(m, edge);
        } else {
            edge_at(m, al.hi[r] + 0.5, edge);
            e.gauss.cdf(al.hi[r] + 0.5, edge.gF, edge.gG);
        }
    }
};

// Bisection of the ranks [lo, hi] (the edges of the range elo, ehi given); r is the rank
// (ignored when decoding). Returns the rank; cell_net: the network's mass of its cell.
template <class Coder>
std::size_t code_in(Coder& rc, const Experts& x, std::size_t lo, std::size_t hi, Edge* elo, Edge* ehi, Edge* emid,
                    std::size_t r, double& cell_net) {
    const FrameExperts& e = x.e;
    std::int64_t plo = e.hist.prefix(lo), phi = e.hist.prefix(hi + 1);
    std::int64_t rlo = e.res.cum(long(lo) - 1 - e.pred), rhi = e.res.cum(long(hi) - e.pred);
    std::int64_t mlo = e.res_m.cum(long(lo) - 1 - e.pred_m), mhi = e.res_m.cum(long(hi) - e.pred_m);
    double blo = x.bsky_below(lo), bhi = x.bsky_below(hi + 1);
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        x.upper_edge(mid, *emid);
        const std::int64_t pmid = e.hist.prefix(mid + 1), rmid = e.res.cum(long(mid) - e.pred),
                           mmid = e.res_m.cum(long(mid) - e.pred_m);
        const double bmid = x.bsky_below(mid + 1);
        if (decide(rc, x.mix(*elo, *emid, pmid - plo, rmid - rlo, mmid - mlo, e.bsky.between(blo, bmid), lo, mid),
                   x.mix(*emid, *ehi, phi - pmid, rhi - rmid, mhi - mmid, e.bsky.between(bmid, bhi), mid + 1, hi),
                   r > mid)) {
            lo = mid + 1;
            plo = pmid;
            rlo = rmid;
            mlo = mmid;
            blo = bmid;
            std::swap(elo, emid);
        } else {
            hi = mid;
            phi = pmid;
            rhi = rmid;
            mhi = mmid;
            bhi = bmid;
            std::swap(ehi, emid);
        }
    }
    cell_net = mass(x.m, *elo, *ehi);
    return lo;
}

// Codes (or decodes) one rank: in the window around the network's components or not; if
// not, below or above it; then the rank within that range.
template <class Coder>
std::size_t code_rank(Coder& rc, const Experts& x, std::size_t r, double& cell_net) {
    const Mixture& m = x.m;
    double wmax = 0, lo_d = 1e300, hi_d = -1e300;
    for (int k = 0; k < m.K; ++k) wmax = std::max(wmax, m.w[k]);
    for (int k = 0; k < m.K; ++k)
        if (m.w[k] >= kWindowMinWeight * wmax) {
            const double rad = kWindowScales / m.inv[k];
            lo_d = std::min(lo_d, m.c[k] - rad);
            hi_d = std::max(hi_d, m.c[k] + rad);
        }
    const std::size_t last = x.al.size() - 1;
    std::size_t lo = 0, hi = last;
    if (std::isfinite(lo_d) && std::isfinite(hi_d)) {
        lo = std::size_t(x.al.cell_of[std::size_t(std::clamp(std::floor(lo_d), 0.0, double(kMaxValue)))]);
        hi = std::size_t(x.al.cell_of[std::size_t(std::clamp(std::ceil(hi_d), 0.0, double(kMaxValue)))]);
    }
    Edge a, b, tmp, outer;
    x.lower_edge(lo, a);
    x.upper_edge(hi, b);
    if (lo == 0 && hi == last) return code_in(rc, x, lo, hi, &a, &b, &tmp, r, cell_net);
    Edge low, high;
    edge_low(m, low);
    edge_high(m, high);
    const std::int64_t plo = x.e.hist.prefix(lo), phi = x.e.hist.prefix(hi + 1), ptot = x.e.hist.total();
    const double below =
        lo > 0 ? x.mix(low, a, plo, x.resid(0, lo - 1), x.resid_m(0, lo - 1), x.bsky(0, lo - 1), 0, lo - 1) : 0.0;
    const double above = hi < last ? x.mix(b, high, ptot - phi, x.resid(hi + 1, last), x.resid_m(hi + 1, last),
                                            x.bsky(hi + 1, last), hi + 1, last)
                                   : 0.0;
    if (!decide(rc, x.mix(a, b, phi - plo, x.resid(lo, hi), x.resid_m(lo, hi), x.bsky(lo, hi), lo, hi), below + above,
                r < lo || r > hi))
        return code_in(rc, x, lo, hi, &a, &b, &tmp, r, cell_net);
    const bool up = lo == 0 ? true : hi == last ? false : decide(rc, below, above, r > hi) != 0;
    if (up) return code_in(rc, x, hi + 1, last, &b, &high, &outer, r, cell_net);
    return code_in(rc, x, 0, lo - 1, &low, &a, &outer, r, cell_net);
}

// The value set (alphabet.h): a flag, then the palette code or min and max and every value
// between them present or not.
template <class Coder>
Alphabet code_alphabet(Coder& rc, const Alphabet* known) {
    if (decide(rc, 1.0, 1.0, known && use_gap_code(*known) ? 1 : 0)) {
        std::vector<std::uint16_t> values;
        if (known) values = known->values;
        model::ctxmodel::code_values(rc, values);
        for (std::size_t i = 1; i < values.size(); ++i)
            if (values[i] <= values[i - 1]) throw Error("corrupt stream (the value set's gaps reach beyond 65535)");
        return Alphabet::from_values(std::move(values));
    }
    auto raw16 = [&](int v) {
        int out = 0;
        for (int i = 15; i >= 0; --i) out |= decide(rc, 1.0, 1.0, (v >> i) & 1) << i;
        return out;
    };
    const int mn = raw16(known ? known->values.front() : 0);
    // max - min + 1 in Elias gamma: k zeros, then the k + 1 bits of the number (leading 1).
    const int span = known ? known->values.back() - mn + 1 : 0;
    int k = 0;
    while (decide(rc, 1.0, 1.0, known ? int((span >> (k + 1)) == 0) : 0) == 0)
        if (++k > 16) throw Error("corrupt stream (the value set's span is out of range)");
    int got = 1;
    for (int i = k - 1; i >= 0; --i) got = (got << 1) | decide(rc, 1.0, 1.0, (span >> i) & 1);
    const int mx = mn + got - 1;
    if (mx > kMaxValue) throw Error("corrupt stream (the value set reaches beyond 65535)");
    std::vector<std::uint16_t> values = {static_cast<std::uint16_t>(mn)};
    std::uint32_t n[4][2] = {};
    int prev = 3;
    std::size_t next = 1;
    for (int v = mn + 1; v < mx; ++v) {
        int bit = 0;
        if (known) {
            bit = next < known->size() && known->values[next] == v ? 1 : 0;
            next += std::size_t(bit);
        }
        Prob p;
        p.p = alphabet_prob0(n[prev][0], n[prev][1]) << 16;
        bit = rc.bit(p, bit);
        if (bit) values.push_back(static_cast<std::uint16_t>(v));
        ++n[prev][bit];
        prev = ((prev << 1) | bit) & 3;
    }
    if (mx > mn) values.push_back(static_cast<std::uint16_t>(mx));
    return Alphabet::from_values(std::move(values));
}

// The frame's constants after the value set (unless the frame is constant: it codes no
// pixel): the background's rank in the set, then the sigma code, equiprobable decisions.
// Encoding codes fs; decoding sets it (lo and hi: the set's ends).
template <class Coder>
void code_constants(Coder& rc, const Alphabet& al, FrameStats& fs) {
    fs.lo = al.values.front();
    fs.hi = al.values.back();
    if (al.size() <= 1) return;
    auto raw = [&](int v, int nbits) {
        int out = 0;
        for (int i = nbits - 1; i >= 0; --i) out |= decide(rc, 1.0, 1.0, (v >> i) & 1) << i;
        return out;
    };
    const int rank = raw(Coder::decoding ? 0 : al.cell_of[std::size_t(fs.background)], int(std::bit_width(al.size() - 1)));
    const int q = raw(fs.sigma_q - kSigmaCodeMin, kSigmaCodeBits) + kSigmaCodeMin;
    if (std::size_t(rank) >= al.size() || q > kSigmaCodeMax)
        throw Error("corrupt stream (the frame's background or sigma is out of range)");
    fs.background = al.values[std::size_t(rank)];
    fs.sigma_q = q;
    fs.sigma = sigma_of_code(q);
}

// The bitsky expert's options (features.h context_options): whether it has a palette (only
// if the value set has gaps) and copy flags, one equiprobable decision each after the
// constants (none for a constant frame, which codes no pixel). Encoding codes o; decoding
// returns them (the palette's values are the value set's).
template <class Coder>
model::ctxmodel::FrameOptions code_expert_options(Coder& rc, const Alphabet& al, model::ctxmodel::FrameOptions o) {
    if (al.size() <= 1) return {};
    const bool gaps = int(al.values.back()) - int(al.values.front()) + 1 > int(al.size());
    o.palette = gaps && decide(rc, 1.0, 1.0, o.palette ? 1 : 0) != 0;
    o.copy = decide(rc, 1.0, 1.0, o.copy ? 1 : 0) != 0;
    o.values = o.palette ? al.values : std::vector<std::uint16_t>{};
    return o;
}

// A row of C channels per column with zero columns around it: column c (-pad_l .. w + pad_r
// - 1) at col(c).
struct Row {
    std::vector<float> v;
    int C = 0, pad = 0;
    void init(std::size_t w, int channels, int pad_l, int pad_r) {
        C = channels;
        pad = pad_l;
        v.assign((w + std::size_t(pad_l + pad_r)) * std::size_t(C), 0.0f);
    }
    float* col(std::size_t c) { return v.data() + (c + std::size_t(pad)) * std::size_t(C); }
    void clear() { std::fill(v.begin(), v.end(), 0.0f); }
};

// The network evaluated one pixel at a time, in raster order: the activations of the rows
// above (the receptive field) and of the current row so far.
class PixelNet {
public:
    PixelNet(const NetWeights& net, std::size_t w, const FrameStats& fs) : net_(net), w_(w), fs_(fs) {
        check_net(net);
        if (!net.direct)
            throw Error("the neural codec codes with direct-split models; this model is msb-lsb (train with --split direct)");
        for (auto& r : in_) r.init(w, net.nin, 2, 4);  // mask-A taps: 2 columns either side (+1 for the pair)
        t_prev_.resize(std::size_t(net.layers));
        t_cur_.resize(std::size_t(net.layers));
        for (int l = 0; l < net.layers; ++l) {
            t_prev_[std::size_t(l)].init(w, net.Cp, 1, 3);
            t_cur_[std::size_t(l)].init(w, net.Cp, 1, 3);
        }
        const std::size_t Cp = std::size_t(net.Cp), Kp = std::size_t(padded(net.K));
        h_.assign(2 * Cp, 0.0f);
        a_.assign(2 * Cp, 0.0f);
        f_.assign(2 * Cp, 0.0f);
        head_.assign(2 * std::size_t(net.head_outp), 0.0f);
        lin_.assign(2 * Kp, 0.0f);
        zeros_.assign(Kp, 0.0f);
        for (int t = 0; t < 12; ++t) {
            dyA_[t] = t < 5 ? -2 : t < 10 ? -1 : 0;
            dxA_[t] = t < 10 ? t % 5 - 2 : t - 12;
        }
    }

    // Starts row y (the rows above it are in px).
    void begin_row(const std::uint16_t* px, std::size_t y) {
        if (y > 0) {
            std::rotate(in_, in_ + 1, in_ + 3);  // in_[2] (the new row) was the oldest
            in_[2].clear();
            for (std::size_t l = 0; l < t_cur_.size(); ++l) std::swap(t_cur_[l].v, t_prev_[l].v);
        }
        y_ = y;
        row_noise_rows(px, w_, y, y + 1, fs_.sigma, &sig_);
        log_sig_ = std::log(sig_);
    }

    // The mixture of pixel c of the current row; px holds every pixel before it, med is its
    // prediction M (features.h: MED, or the context model's).
    void mixture(const std::uint16_t* px, std::size_t c, double med, Mixture& m) {
        const NetWeights& n = net_;
        bg_ = background_at(px, w_, y_, c, fs_.background);
        pixel_inputs(med, bg_, sig_, fs_, pix_);
        const int Cp = n.Cp, Kp = padded(n.K), zero_dx[1] = {0};
        const float* rowsA[12];
        for (int t = 0; t < 12; ++t) rowsA[t] = in_[2 + dyA_[t]].col(c);
        const float* g = pix_;
        conv_row(12, rowsA, dxA_, n.nin, n.in_w.data(), n.in_b.data(), Cp, 2, h_.data(), false);
        conv_row(1, &g, zero_dx, n.nmed, n.med_w.data(), n.med_b.data(), Cp, 2, h_.data(), true);
        const int dyB[5] = {-1, -1, -1, 0, 0}, dxB[5] = {-1, 0, 1, -1, 0};
        for (std::size_t l = 0; l < t_cur_.size(); ++l) {
            elu_row(h_.data(), t_cur_[l].col(c), std::size_t(Cp));
            const float* rowsB[5];
            for (int t = 0; t < 5; ++t) rowsB[t] = (dyB[t] < 0 ? t_prev_[l] : t_cur_[l]).col(c);
            conv_row(5, rowsB, dxB, Cp, n.a_w[l].data(), n.a_b[l].data(), Cp, 2, a_.data(), false);
            elu_row(a_.data(), a_.data(), std::size_t(Cp));
            const float* e = a_.data();
            conv_row(1, &e, zero_dx, Cp, n.b_w[l].data(), n.b_b[l].data(), Cp, 2, h_.data(), true);
        }
        elu_row(h_.data(), f_.data(), std::size_t(Cp));
        const float* f = f_.data();
        conv_row(1, &f, zero_dx, Cp, n.head_w.data(), n.head_b.data(), n.head_outp, 2, head_.data(), false);
        conv_row(12, rowsA, dxA_, n.nin, n.lin_w.data(), zeros_.data(), Kp, 2, lin_.data(), false);
        conv_row(1, &g, zero_dx, n.nmed, n.linmed_w.data(), n.linmed_b.data(), Kp, 2, lin_.data(), true);
        // The anchored mixture, as bin_edges() in infer.cpp.
        const float* q = head_.data();
        const int K = n.K;
        double zmax = q[0];
        for (int k = 1; k < K; ++k) zmax = std::max(zmax, double(q[k]));
        m.K = K;
        for (int k = 0; k < K; ++k) {
            m.w[k] = std::exp(double(q[k]) - zmax);
            m.c[k] = ((k % 2) == 0 ? bg_ : med) + double(q[K + k] + lin_[std::size_t(k)]) * sig_;
            m.inv[k] = std::exp(-std::clamp(double(q[2 * K + k]) + log_sig_, kMinLogScale, kMaxLogScale));
        }
    }

    // Pixel c's value, once coded: its input to the pixels after it.
    void commit(std::size_t c, std::uint16_t x) {
        neighbour_inputs(x, bg_, sig_, fs_, in_[2].col(c));
    }

private:
    const NetWeights& net_;
    std::size_t w_, y_ = 0;
    FrameStats fs_;
    double sig_ = 1, log_sig_ = 0, bg_ = 0;
    Row in_[3];  // network inputs of rows y - 2, y - 1, y
    std::vector<Row> t_prev_, t_cur_;
    std::vector<float> h_, a_, f_, head_, lin_, zeros_;
    float pix_[2 * kPixelInputs] = {};  // the pixel's inputs (and a second column for the kernel's pairs)
    int dxA_[12], dyA_[12];
};

// Encoder and decoder: px is the frame (encoding) or the output being filled (decoding).
// The value set first, then every pixel under the mixture of the six experts.
template <class Coder>
void code_frame(Coder& rc, const NetWeights& net, FrameStats fs, std::uint16_t* px, std::size_t w, std::size_t h) {
    std::optional<Alphabet> known;
    if constexpr (!Coder::decoding) known = Alphabet::of_frame(px, w * h);
    const Alphabet al = code_alphabet(rc, known ? &*known : nullptr);
    code_constants(rc, al, fs);
    const model::ctxmodel::FrameOptions opt =
        code_expert_options(rc, al, known ? context_options(px, w, h) : model::ctxmodel::FrameOptions{});
    PixelNet pn(net, w, fs);
    FrameExperts experts(al, fs.background, fs.sigma, opt.palette);
    Mixture m;
    // Pixel (c, y), predicted med, coded (encoding) or decoded into px (decoding).
    auto code_pixel = [&](std::size_t y, std::size_t c, double med, const model::ctxmodel::PixelView& view) {
        if (c == 0) pn.begin_row(px, y);
        std::uint16_t* row = px + y * w;
        pn.mixture(px, c, med, m);
        double total = 0;
        for (int k = 0; k < m.K; ++k) total += m.w[k];
        Experts x{m, al, experts, {}, total, 0, 0};
        experts.at(row, w, c, y, med, view, x.w);
        x.res_total = double(experts.res.total(experts.pred));
        x.res_m_total = double(experts.res_m.total(experts.pred_m));
        double cell_net = 0;
        const std::size_t r = Coder::decoding ? 0 : std::size_t(al.cell_of[row[c]]);
        const std::size_t got = code_rank(rc, x, r, cell_net);
        if constexpr (Coder::decoding) row[c] = al.values[got];
        double p[kExperts];
        experts.learn(got, row[c], cell_net / total, p);
        pn.commit(c, row[c]);
        return opt.palette ? int(got) : int(row[c]);  // the bitsky expert's symbol
    };
    // The bitsky coder's model gives each pixel's distribution (and the context prediction
    // M) once the pixels before it are known.
    auto tap = [&](std::size_t i, const model::ctxmodel::PixelView& view) {
        const std::size_t y = i / w, c = i % w;
        const double med = !net.context_pred ? med_at(px, w, y, c, fs.background)
                           : i == 0             ? fs.background
                                                : context_value(view.P, opt);
        return code_pixel(y, c, med, view);
    };
    model::ctxmodel::expert_online(w, h, opt, tap);
}

}  // namespace

std::vector<std::uint8_t> encode_pixels(const NetWeights& net, const FrameStats& fs, const std::uint16_t* px,
                                        std::size_t w, std::size_t h) {
    std::vector<std::uint8_t> out;
    RangeEncoder enc(out);
    // code_frame only reads the pixels when encoding; the copy keeps the signature common.
    std::vector<std::uint16_t> frame(px, px + w * h);
    code_frame(enc, net, fs, frame.data(), w, h);
    enc.finish();
    // The section runs to the end of the stream (no raw bits follow it): its length word,
    // RangeEncoder's first 4 bytes, is left out.
    out.erase(out.begin(), out.begin() + 4);
    return out;
}

void decode_pixels(const NetWeights& net, std::span<const std::uint8_t> payload,
                   std::uint16_t* out, std::size_t w, std::size_t h) {
    RangeDecoder dec(payload, {});
    std::fill(out, out + w * h, std::uint16_t{0});
    code_frame(dec, net, FrameStats{}, out, w, h);
    if (dec.overrun() > 0) throw Error("the range-coded section is truncated (the decoder ran past its end)");
    if (payload.size() > dec.consumed())
        throw Error("the stream has " + std::to_string(payload.size() - dec.consumed()) +
                    " bytes after its range-coded section");
}

FrameStats stream_constants(std::span<const std::uint8_t> payload) {
    RangeDecoder dec(payload, {});
    const Alphabet al = code_alphabet(dec, nullptr);
    FrameStats fs;
    code_constants(dec, al, fs);
    return fs;
}

}  // namespace bitsky::neural::detail
