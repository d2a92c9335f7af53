// Row-streaming likelihood evaluation of the neural model (see infer.h). Torch-free.
//
// Activations are stored channels-last per row ([column][channel], channels padded to 8),
// with zero columns around the frame where a convolution's taps reach outside (the zero
// padding of the trained convolutions). The convolution kernel keeps a block of pixels x
// output channels in vector registers and walks the open taps and input channels, so a
// masked 3x3 costs its 5 open taps, not 9. The hot functions are compiled twice (AVX2+FMA
// and the x86-64 baseline) and chosen at run time; every pixel of a run uses the same code
// path and summation order, so strips and threads change nothing in the results.
#include "engine/neural/infer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#include <string>

#include "engine/neural/alphabet.h"
#include "engine/neural/features.h"
#include "engine/util/error.h"

// x86-64: the hot loops are compiled a second time for AVX2 + FMA, chosen once at run time
// (feature test, so any CPU with them gets it).
#if defined(__x86_64__) && defined(__GNUC__)
#define BITSKY_AVX2 1
#endif

namespace bitsky::neural::detail {
namespace {

namespace base {
#include "engine/neural/infer_kernels.inc"
}  // namespace base

#ifdef BITSKY_AVX2
#pragma GCC push_options
#pragma GCC target("avx2,fma")
namespace avx2 {
#include "engine/neural/infer_kernels.inc"
}  // namespace avx2
#pragma GCC pop_options
const bool kHaveAvx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
namespace avx2 = base;
constexpr bool kHaveAvx2 = false;
#endif

}  // namespace

void conv_row(int ntaps, const float* const* rows, const int* dx, int Cin, const float* w, const float* bias, int Coutp,
              int nx, float* out, bool accumulate) {
    if (kHaveAvx2) return avx2::conv_row(ntaps, rows, dx, Cin, w, bias, Coutp, nx, out, accumulate);
    base::conv_row(ntaps, rows, dx, Cin, w, bias, Coutp, nx, out, accumulate);
}
void elu_row(const float* src, float* dst, std::size_t n) {
    if (kHaveAvx2) return avx2::elu_row(src, dst, n);
    base::elu_row(src, dst, n);
}

namespace {

double log_sigmoid(double x) { return std::min(x, 0.0) - std::log1p(std::exp(-std::abs(x))); }

// log(sigmoid(a) - sigmoid(c)) for a > c, evaluated in the tail where it is accurate.
double log_sigmoid_diff(double a, double c) {
    const bool flip = a + c > 0;
    const double a2 = flip ? -c : a, c2 = flip ? -a : c;
    const double la = log_sigmoid(a2), lc = log_sigmoid(c2);
    return la + std::log(-std::expm1(std::min(lc - la, -1e-30)));
}

double mix_normaliser(const float* corr, int K, const float* w, const float* c, const float* inv, float t0, float step,
                      bool lo_edge, bool hi_edge) {
    if (kHaveAvx2) return avx2::mix_normaliser(corr, K, w, c, inv, t0, step, lo_edge, hi_edge);
    return base::mix_normaliser(corr, K, w, c, inv, t0, step, lo_edge, hi_edge);
}

// Component k of the direct split's mixture at the true value: the edges of its bin in
// units of the component's scale, a = (r + 1/2 - mu) / s and c = (r - 1/2 - mu) / s, and
// 1/s (r: the background anchor for even k, the prediction M for odd k).
struct BinEdges {
    double a, c, inv;
};
// The bin is x - dlo .. x + dhi (a cell of the frame's value set, alphabet.h; 0, 0 for
// the value alone).
inline BinEdges bin_edges(const float* q, const float* lin, int K, int k, double sig, double log_sig, double r_bg,
                          double r_med, double dlo, double dhi) {
    const double mu = double(q[K + k] + lin[k]) * sig;
    const double log_s = std::clamp(double(q[2 * K + k]) + log_sig, kMinLogScale, kMaxLogScale);
    const double inv = std::exp(-log_s);
    const double r = (k % 2) == 0 ? r_bg : r_med;
    return {(r + dhi + 0.5 - mu) * inv, (r - dlo - 0.5 - mu) * inv, inv};
}

// log P(x) in nats for the direct split's mixture, as log_prob() in model_torch.cpp: the
// stable log-space form (used where a probability could underflow).
double direct_log_prob_logspace(const float* q, const float* lin, int K, double sig, double log_sig, double r_bg,
                                double r_med, bool is_min, bool is_max, double dlo, double dhi) {
    double zmax = q[0];
    for (int k = 1; k < K; ++k) zmax = std::max(zmax, double(q[k]));
    double ssum = 0, lmax = -1e300;
    double lpk[kMaxMixtures];
    for (int k = 0; k < K; ++k) {
        const auto [a, c, inv] = bin_edges(q, lin, K, k, sig, log_sig, r_bg, r_med, dlo, dhi);
        double lp;
        if (is_min)
            lp = log_sigmoid(a);
        else if (is_max)
            lp = log_sigmoid(-c);
        else
            lp = log_sigmoid_diff(a, c);
        lpk[k] = double(q[k]) + lp;
        lmax = std::max(lmax, lpk[k]);
        ssum += std::exp(double(q[k]) - zmax);
    }
    double t = 0;
    for (int k = 0; k < K; ++k) t += std::exp(lpk[k] - lmax);
    return lmax + std::log(t) - (zmax + std::log(ssum));
}

// The same in linear space with half the transcendental calls: with a2 > c2 the bin edges
// in the lower tail (a2 + c2 <= 0), sigmoid(a2) - sigmoid(c2) = -e^a2 expm1(c2 - a2) /
// ((1 + e^a2)(1 + e^c2)), accurate to rounding however narrow the bin is relative to the
// scale. Falls back to the log-space form when a component's probability could underflow.
double direct_log_prob(const float* q, const float* lin, int K, double sig, double log_sig, double r_bg, double r_med,
                       bool is_min, bool is_max, double dlo = 0, double dhi = 0) {
    if (is_min && is_max) return 0.0;  // one cell holds every value (a constant frame)
    constexpr double kFar = -600.0;  // e^-600 ~ 1e-261: no underflow above it
    double zmax = q[0];
    for (int k = 1; k < K; ++k) zmax = std::max(zmax, double(q[k]));
    double wsum = 0, psum = 0;
    for (int k = 0; k < K; ++k) {
        const auto [a, c, inv] = bin_edges(q, lin, K, k, sig, log_sig, r_bg, r_med, dlo, dhi);
        double p;
        if (is_min) {
            if (a < kFar) return direct_log_prob_logspace(q, lin, K, sig, log_sig, r_bg, r_med, is_min, is_max, dlo, dhi);
            p = 1.0 / (1.0 + std::exp(-a));
        } else if (is_max) {
            if (-c < kFar) return direct_log_prob_logspace(q, lin, K, sig, log_sig, r_bg, r_med, is_min, is_max, dlo, dhi);
            p = 1.0 / (1.0 + std::exp(c));
        } else {
            const double a2 = a + c > 0 ? -c : a;
            if (a2 < kFar) return direct_log_prob_logspace(q, lin, K, sig, log_sig, r_bg, r_med, is_min, is_max, dlo, dhi);
            const double ea = std::exp(a2), em = std::expm1(-(1.0 + dlo + dhi) * inv);  // c2 - a2
            const double ec = ea * (1.0 + em);
            p = -em * ea / ((1.0 + ea) * (1.0 + ec));
        }
        const double wk = std::exp(double(q[k]) - zmax);
        wsum += wk;
        psum += wk * p;
    }
    return std::log(psum) - std::log(wsum);
}

// log sum_k w_k [sigmoid((hi - c_k) inv_k) - sigmoid((lo - c_k) inv_k)] in log space (stable
// in the tails); lo_inf / hi_inf: that edge is -inf / +inf.
double log_mix_mass(int K, const double* logw, const double* c, const double* inv, double lo, double hi, bool lo_inf,
                    bool hi_inf) {
    double lp[kMaxMixtures], mx = -1e300;
    for (int k = 0; k < K; ++k) {
        const double a = (hi - c[k]) * inv[k], b = (lo - c[k]) * inv[k];
        double l;
        if (lo_inf && hi_inf)
            l = 0.0;
        else if (lo_inf)
            l = log_sigmoid(a);
        else if (hi_inf)
            l = log_sigmoid(-b);
        else
            l = log_sigmoid_diff(a, b);
        lp[k] = logw[k] + l;
        mx = std::max(mx, lp[k]);
    }
    double t = 0;
    for (int k = 0; k < K; ++k) t += std::exp(lp[k] - mx);
    return mx + std::log(t);
}

// log P(x) in nats for the msb-lsb split, as log_prob() in model_torch.cpp: each byte's
// log-softmax of (log prior mass of its bins under the anchored mixture + correction). The
// true bin's prior is exact (double, log space); the normalisers run in float vectors, with
// a double log-space fallback if the low byte's bins all underflow (a far outlier).
double bytes_log_prob(const float* q, const float* lin, int K, double sig, double log_sig, std::uint16_t xv,
                      double r_bg, double r_med, const float* corr_m, const float* corr_l) {
    double logw[kMaxMixtures], c[kMaxMixtures], inv[kMaxMixtures];
    float wf[kMaxMixtures], cf[kMaxMixtures], invf[kMaxMixtures];
    double zmax = q[0];
    for (int k = 1; k < K; ++k) zmax = std::max(zmax, double(q[k]));
    double zs = 0;
    for (int k = 0; k < K; ++k) zs += std::exp(double(q[k]) - zmax);
    const double lz = zmax + std::log(zs), x = xv;
    for (int k = 0; k < K; ++k) {
        logw[k] = double(q[k]) - lz;
        c[k] = x - ((k % 2) == 0 ? r_bg : r_med) + double(q[K + k] + lin[k]) * sig;
        inv[k] = std::exp(-std::clamp(double(q[2 * K + k]) + log_sig, kMinLogScale, kMaxLogScale));
        wf[k] = float(std::exp(logw[k]));
        cf[k] = float(c[k]);
        invf[k] = float(inv[k]);
    }
    const int m = xv >> 8, v = xv & 0xFF;
    const double lp_m = log_mix_mass(K, logw, c, inv, 256.0 * m - 0.5, 256.0 * m + 255.5, m == 0, m == 255);
    const double norm_m = mix_normaliser(corr_m, K, wf, cf, invf, -0.5f, 256.0f, true, true);  // total mass 1
    const double lp_l = log_mix_mass(K, logw, c, inv, x - 0.5, x + 0.5, xv == 0, xv == 65535);
    double norm_l = mix_normaliser(corr_l, K, wf, cf, invf, float(256 * m) - 0.5f, 1.0f, m == 0, m == 255);
    if (!std::isfinite(norm_l)) {
        double t[256], mx = -1e300;
        for (int j = 0; j < 256; ++j) {
            const double lo = 256.0 * m + j - 0.5;
            t[j] = log_mix_mass(K, logw, c, inv, lo, lo + 1.0, m == 0 && j == 0, m == 255 && j == 255) + double(corr_l[j]);
            mx = std::max(mx, t[j]);
        }
        double sum = 0;
        for (int j = 0; j < 256; ++j) sum += std::exp(t[j] - mx);
        norm_l = mx + std::log(sum);
    }
    return (lp_m + double(corr_m[m]) - norm_m) + (lp_l + double(corr_l[v]) - norm_l);
}

// A row of C channels per column with `pad` zero columns on each side: column c (c may be
// -pad .. nx + pad - 1) at data()[(c + pad) * C].
struct PaddedRow {
    std::vector<float> v;
    int C = 0, pad = 0;
    void init(int nx, int channels, int pad_cols) {
        C = channels;
        pad = pad_cols;
        v.assign(std::size_t(nx + 2 * pad) * std::size_t(C), 0.0f);
    }
    float* col0() { return v.data() + std::size_t(pad) * std::size_t(C); }
};

}  // namespace

void check_net(const NetWeights& net) {
    if (net.K < 1 || net.K > kMaxMixtures)
        throw Error("the network has " + std::to_string(net.K) + " mixture components; the kernel handles 1.." +
                    std::to_string(kMaxMixtures));
    if (net.C < 1 || net.Cp != padded(net.C) || net.layers < 0 || net.nin != kNeighbourInputs ||
        net.nmed != kPixelInputs || net.head_out != 3 * net.K ||
        net.head_outp != padded(net.head_out))
        throw Error("the network's shape is not one the kernel handles (" + std::to_string(net.C) + " channels, " +
                    std::to_string(net.layers) + " layers, " + std::to_string(net.K) + " mixtures)");
    const std::size_t Cp = std::size_t(net.Cp), Kp = std::size_t(padded(net.K)), L = std::size_t(net.layers);
    const std::size_t out = std::size_t(net.head_outp), nin = std::size_t(net.nin), nmed = std::size_t(net.nmed);
    auto need = [](const std::vector<float>& v, std::size_t n, const char* name) {
        if (v.size() != n)
            throw Error(std::string("the network's weights '") + name + "' hold " + std::to_string(v.size()) +
                        " values; its shape needs " + std::to_string(n));
    };
    need(net.in_w, 12 * nin * Cp, "input");
    need(net.in_b, Cp, "input bias");
    need(net.med_w, nmed * Cp, "med_in");
    need(net.med_b, Cp, "med_in bias");
    if (net.a_w.size() != L || net.a_b.size() != L || net.b_w.size() != L || net.b_b.size() != L)
        throw Error("the network has " + std::to_string(L) + " layers but weights for another number");
    for (std::size_t l = 0; l < L; ++l) {
        need(net.a_w[l], 5 * Cp * Cp, "block a");
        need(net.a_b[l], Cp, "block a bias");
        need(net.b_w[l], Cp * Cp, "block b");
        need(net.b_b[l], Cp, "block b bias");
    }
    need(net.head_w, Cp * out, "head");
    need(net.head_b, out, "head bias");
    need(net.lin_w, 12 * nin * Kp, "linear");
    need(net.linmed_w, nmed * Kp, "linear_med");
    need(net.linmed_b, Kp, "linear_med bias");
    if (net.direct) return;
    need(net.msb_w, Cp * 256, "msb_head");
    need(net.msb_b, 256, "msb_head bias");
    need(net.embed, 256 * std::size_t(kEmbedDim), "embed");
    need(net.lsb1_w, (Cp + std::size_t(kEmbedDim)) * Cp, "lsb1");
    need(net.lsb1_b, Cp, "lsb1 bias");
    need(net.lsb2_w, Cp * 256, "lsb2");
    need(net.lsb2_b, 256, "lsb2 bias");
}

void eval_rows(const NetWeights& net, const std::uint16_t* px, std::size_t w, std::size_t h, std::size_t r0,
               std::size_t r1, const FrameStats& fs, float* bits, double* row_bits, const Alphabet* cells,
               const float* ctx) {
    check_net(net);
    if (net.context_pred && !ctx) throw Error("neural kernel: the model's context predictor needs the frame's predictions");
    if (cells && !net.direct) throw Error("neural kernel: value-set cells need a direct-split model");
    if (r1 > h) throw Error("neural kernel: rows beyond the image");
    if (r1 <= r0 || w == 0) return;
    const std::size_t s = r0 >= std::size_t(net.halo_rows()) ? r0 - std::size_t(net.halo_rows()) : 0;
    const int W = int(w), Wp = padded(W), Cp = net.Cp, nin = net.nin, nmed = net.nmed;
    const std::size_t nrows = r1 - s;

    // Input rows (mask-A taps reach 2 rows up and 2 columns either side), for rows s-2..r1-1
    // (the two rows above s are zero, as the frame's zero padding).
    std::vector<PaddedRow> in(nrows + 2);
    for (auto& r : in) r.init(Wp, nin, 2);
    DirectFeatures df;
    direct_features(px, w, s, r1, fs, df, net.context_pred ? ctx : nullptr);
    for (std::size_t r = 0; r < nrows; ++r)
        std::copy(df.nb.begin() + std::ptrdiff_t(r * w * std::size_t(nin)),
                  df.nb.begin() + std::ptrdiff_t((r + 1) * w * std::size_t(nin)), in[r + 2].col0());

    // Mask-A taps (5x5): rows -2 and -1 at columns -2..2, row 0 at columns -2, -1.
    int dxA[12], dyA[12];
    for (int t = 0; t < 12; ++t) {
        dyA[t] = t < 5 ? -2 : t < 10 ? -1 : 0;
        dxA[t] = t < 10 ? t % 5 - 2 : t - 12;
    }
    // Mask-B taps (3x3): row -1 at columns -1..1, row 0 at columns -1, 0.
    const int dyB[5] = {-1, -1, -1, 0, 0}, dxB[5] = {-1, 0, 1, -1, 0};
    const int zero_dx[1] = {0};

    const int L = net.layers;
    const std::size_t nl = std::size_t(L);
    std::vector<PaddedRow> t_prev(nl), t_cur(nl);
    for (int l = 0; l < L; ++l) {
        t_prev[std::size_t(l)].init(Wp, Cp, 1);
        t_cur[std::size_t(l)].init(Wp, Cp, 1);
    }
    const std::size_t rowC = std::size_t(Wp) * std::size_t(Cp);
    std::vector<float> hbuf(rowC), abuf(rowC), fbuf(rowC), head(std::size_t(Wp) * std::size_t(net.head_outp));
    const int Kp = padded(net.K);
    std::vector<float> lin(std::size_t(Wp) * std::size_t(Kp)), gm(std::size_t(Wp) * std::size_t(nmed), 0.0f);
    std::vector<float> zeros(std::size_t(Kp), 0.0f);
    std::vector<float> lsb_in, lsb_h, msb_logits, lsb_logits;
    if (!net.direct) {
        lsb_in.assign(std::size_t(Wp) * std::size_t(Cp + kEmbedDim), 0.0f);
        lsb_h.resize(rowC);
        msb_logits.resize(std::size_t(Wp) * 256);
        lsb_logits.resize(std::size_t(Wp) * 256);
    }

    for (std::size_t r = 0; r < nrows; ++r) {
        const std::size_t y = s + r;
        // Input layer + the MED input.
        const float* rowsA[12];
        for (int t = 0; t < 12; ++t) rowsA[t] = in[std::size_t(std::ptrdiff_t(r) + 2 + dyA[t])].col0();
        conv_row(12, rowsA, dxA, nin, net.in_w.data(), net.in_b.data(), Cp, Wp, hbuf.data(), false);
        std::copy(df.pix.begin() + std::ptrdiff_t(r * w * std::size_t(nmed)),
                  df.pix.begin() + std::ptrdiff_t((r + 1) * w * std::size_t(nmed)), gm.begin());
        const float* g = gm.data();
        conv_row(1, &g, zero_dx, nmed, net.med_w.data(), net.med_b.data(), Cp, Wp, hbuf.data(), true);
        // Residual blocks: h += 1x1(elu(maskB3x3(elu(h)))).
        for (int l = 0; l < L; ++l) {
            auto& cur = t_cur[std::size_t(l)];
            auto& prev = t_prev[std::size_t(l)];
            elu_row(hbuf.data(), cur.col0(), std::size_t(W) * std::size_t(Cp));
            const float* rowsB[5];
            for (int t = 0; t < 5; ++t) rowsB[t] = dyB[t] < 0 ? prev.col0() : cur.col0();
            conv_row(5, rowsB, dxB, Cp, net.a_w[std::size_t(l)].data(), net.a_b[std::size_t(l)].data(), Cp, Wp,
                     abuf.data(), false);
            elu_row(abuf.data(), abuf.data(), rowC);
            const float* e = abuf.data();
            conv_row(1, &e, zero_dx, Cp, net.b_w[std::size_t(l)].data(), net.b_b[std::size_t(l)].data(), Cp, Wp,
                     hbuf.data(), true);
            std::swap(cur.v, prev.v);
        }
        if (y < r0) continue;  // a halo row: only its activations were needed
        elu_row(hbuf.data(), fbuf.data(), rowC);
        const float* f = fbuf.data();
        conv_row(1, &f, zero_dx, Cp, net.head_w.data(), net.head_b.data(), net.head_outp, Wp, head.data(), false);
        conv_row(12, rowsA, dxA, nin, net.lin_w.data(), zeros.data(), Kp, Wp, lin.data(), false);
        conv_row(1, &g, zero_dx, nmed, net.linmed_w.data(), net.linmed_b.data(), Kp, Wp, lin.data(), true);
        const double sig = df.sig[r], log_sig = std::log(sig);
        float* out = bits + (y - r0) * w;
        const std::uint16_t* xrow = px + y * w;
        double sum = 0;
        if (net.direct) {
            for (int c = 0; c < W; ++c) {
                const std::size_t i = r * w + std::size_t(c);
                const std::uint16_t x = xrow[c];
                int lo = x, hi = x;
                if (cells) {
                    const std::size_t k = std::size_t(cells->cell_of[x]);
                    lo = cells->lo[k];
                    hi = cells->hi[k];
                }
                const double lp = direct_log_prob(head.data() + std::size_t(c) * std::size_t(net.head_outp),
                                                  lin.data() + std::size_t(c) * std::size_t(Kp), net.K, sig, log_sig,
                                                  df.r_bg[i], df.r_med[i], lo == 0, hi == 65535, double(x - lo),
                                                  double(hi - x));
                const double b = -lp / std::numbers::ln2;
                out[c] = float(b);
                sum += b;
            }
        } else {
            // Byte corrections: the high byte's from the trunk; the low byte's from the trunk
            // and the high byte's embedding.
            conv_row(1, &f, zero_dx, Cp, net.msb_w.data(), net.msb_b.data(), 256, Wp, msb_logits.data(), false);
            const int Cl = Cp + kEmbedDim;
            for (int c = 0; c < W; ++c) {
                float* d = lsb_in.data() + std::size_t(c) * std::size_t(Cl);
                std::copy(f + std::size_t(c) * std::size_t(Cp), f + std::size_t(c + 1) * std::size_t(Cp), d);
                const float* e = net.embed.data() + std::size_t(xrow[c] >> 8) * kEmbedDim;
                std::copy(e, e + kEmbedDim, d + Cp);
            }
            const float* li = lsb_in.data();
            conv_row(1, &li, zero_dx, Cl, net.lsb1_w.data(), net.lsb1_b.data(), Cp, Wp, lsb_h.data(), false);
            elu_row(lsb_h.data(), lsb_h.data(), rowC);
            const float* lh = lsb_h.data();
            conv_row(1, &lh, zero_dx, Cp, net.lsb2_w.data(), net.lsb2_b.data(), 256, Wp, lsb_logits.data(), false);
            for (int c = 0; c < W; ++c) {
                const std::size_t i = r * w + std::size_t(c);
                const double lp = bytes_log_prob(head.data() + std::size_t(c) * std::size_t(net.head_outp),
                                                 lin.data() + std::size_t(c) * std::size_t(Kp), net.K, sig, log_sig,
                                                 xrow[c], df.r_bg[i], df.r_med[i], msb_logits.data() + std::size_t(c) * 256,
                                                 lsb_logits.data() + std::size_t(c) * 256);
                const double b = -lp / std::numbers::ln2;
                out[c] = float(b);
                sum += b;
            }
        }
        row_bits[y - r0] = sum;
    }
}

}  // namespace bitsky::neural::detail
