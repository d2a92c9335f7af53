// The LibTorch implementation of the neural bit-cost model (see neural.h).
//
// Network (both splits): a 5x5 mask-A convolution (sees only pixels before the current one
// in raster order), `layers` residual blocks of [ELU, 3x3 mask-B conv, ELU, 1x1 conv], ELU.
// Every output at (y, x) therefore depends only on pixels before (y, x); a frame can be
// processed in row strips with a halo of rows above (the receptive field) and give exactly
// the full-frame result.
//
// direct: per pixel a mixture of K discretised logistics over 0..65535 (mass below 0 goes
// to 0, above 65535 to 65535). Every quantity is causal and local, so frames of any level
// and noise share one model (astronomical frames differ by orders of magnitude):
//   A    the local background: median of the causal window (3 rows above, x-3..x+3, and
//        3 pixels to the left); robust to stars and cosmic rays;
//   M    the MED (LOCO-I) prediction, good on edges and inside sources;
//   sig  the local noise: mean over the 8 rows above of each row's interpolated median
//        |horizontal difference|, times 1.4826 / sqrt 2 (row 0: the training-set noise).
// Components alternate anchors (k even: A, k odd: M); centre_k = anchor_k + sig * (CNN
// correction + linear causal predictor), log scale_k = log sig + CNN output (starting at
// a logistic of the noise's variance). The network sees u = (x - A) / sig, squashed as
// 16 asinh(u / 16), and (M - A) / sig at the current pixel (a causal quantity) through
// 1x1 convolutions, so it learns where to trust the background or the edge predictor.
// msb-lsb: the same trunk and anchored mixture, factorised into the two bytes: the high
// byte's 256-way softmax has logits log P_mix(bin m) + a learned correction, the low byte's
// log P_mix(256 m + v) + a correction from the trunk and the high byte's embedding. With
// zero corrections (the initial state) the product is exactly the mixture. (Format 2 fed
// the network the raw bytes and had no prior: 0.77 bpp worse than direct on the sample sky,
// docs/performance.md.)
#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <chrono>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numbers>

#include "engine/neural/features.h"
#include "engine/neural/infer.h"
#include "engine/neural/neural.h"
#include "engine/util/random.h"
#include "engine/util/error.h"

namespace bitsky::neural {
namespace {

using torch::indexing::Slice;
namespace nn = torch::nn;

constexpr int kEmbed = detail::kEmbedDim;

// Anchor of mixture component k (direct): 0 = local background A, 1 = MED.
std::int64_t anchor_of(std::int64_t k) { return k % 2; }
constexpr double kLn2 = std::numbers::ln2;
using detail::kMaxLogScale;
using detail::kMinLogScale;

torch::Tensor causal_mask(std::int64_t out, std::int64_t in, int k, bool include_centre) {
    auto m = torch::zeros({k, k});
    auto a = m.accessor<float, 2>();
    const int c = k / 2;
    for (int i = 0; i < k; ++i)
        for (int j = 0; j < k; ++j)
            if (i < c || (i == c && (j < c || (include_centre && j == c)))) a[i][j] = 1.0f;
    return m.view({1, 1, k, k}).expand({out, in, k, k}).clone();
}

struct MaskedConv2dImpl : nn::Module {
    MaskedConv2dImpl(std::int64_t in, std::int64_t out, int k, bool include_centre, bool bias = true)
        : pad(k / 2) {
        conv = register_module("conv", nn::Conv2d(nn::Conv2dOptions(in, out, k).padding(k / 2).bias(bias)));
        mask = register_buffer("mask", causal_mask(out, in, k, include_centre));
    }
    torch::Tensor forward(const torch::Tensor& x) {
        return torch::conv2d(x, conv->weight * mask, conv->bias, 1, pad);
    }
    int pad;
    nn::Conv2d conv{nullptr};
    torch::Tensor mask;
};
TORCH_MODULE(MaskedConv2d);

nn::Conv2d conv1x1(std::int64_t in, std::int64_t out, bool bias = true) {
    return nn::Conv2d(nn::Conv2dOptions(in, out, 1).bias(bias));
}

struct NetImpl : nn::Module {
    explicit NetImpl(const ModelConfig& c) : cfg(c) {
        const std::int64_t C = cfg.channels, K = cfg.mixtures;
        input = register_module("input", MaskedConv2d(2, C, 5, false));
        for (int l = 0; l < cfg.layers; ++l) {
            blocks_a.push_back(register_module("block" + std::to_string(l) + "a", MaskedConv2d(C, C, 3, true)));
            blocks_b.push_back(register_module("block" + std::to_string(l) + "b", conv1x1(C, C)));
        }
        // Both splits: the anchored mixture (direct: the distribution; msb-lsb: the prior
        // that the two byte softmaxes correct).
        med_in = register_module("med_in", conv1x1(1, C));
        linear = register_module("linear", MaskedConv2d(1, K, 5, false, false));
        linear_med = register_module("linear_med", conv1x1(1, K));
        head = register_module("head", conv1x1(C, 3 * K));
        if (cfg.split == Split::MsbLsb) {
            msb_head = register_module("msb_head", conv1x1(C, 256));
            embed = register_module("embed", nn::Embedding(256, kEmbed));
            lsb1 = register_module("lsb1", conv1x1(C + kEmbed, C));
            lsb2 = register_module("lsb2", conv1x1(C, 256));
        }
        // Start from "MED prediction, logistic of width `scale`": the CNN's outputs
        // begin at zero and the first loss is already sensible.
        torch::NoGradGuard g;
        head->weight.zero_();
        head->bias.zero_();
        // A logistic of scale sig * sqrt(3) / pi has the noise's variance.
        head->bias.narrow(0, 2 * K, K).fill_(std::log(std::sqrt(3.0) / std::numbers::pi));
        // Most pixels are background: start with most weight on the A-anchored components.
        for (std::int64_t k = 0; k < K; ++k)
            if (anchor_of(k) == 0 && K > 1) head->bias[k].fill_(2.0);
        linear->conv->weight.zero_();
        linear_med->weight.zero_();
        linear_med->bias.zero_();
        if (cfg.split == Split::MsbLsb) {  // byte corrections start at zero: the prior alone
            msb_head->weight.zero_();
            msb_head->bias.zero_();
            lsb2->weight.zero_();
            lsb2->bias.zero_();
        }
    }

    // Rows of context a pixel's output depends on (above it).
    int halo() const { return 3 + cfg.layers; }

    // inp [B,3,H,W] = g(u), ones, g(u) (the last for the linear predictor), with
    // u = (x - A) / sig; med [B,2,H,W] = g((M - A) / sig) twice. g = 16 asinh(u / 16):
    // linear within ~16 sigma, logarithmic for stars (a linear path on raw u made training
    // unstable on bright sources).
    torch::Tensor trunk(const torch::Tensor& inp, const torch::Tensor& med) {
        torch::Tensor h = input(inp.narrow(1, 0, 2)) + med_in(med.narrow(1, 0, 1));
        for (std::size_t l = 0; l < blocks_a.size(); ++l)
            h = h + blocks_b[l](torch::elu(blocks_a[l](torch::elu(h))));
        return torch::elu(h);
    }

    // [B, 3K, H, W] = mixture logits, centre offsets (units of scale), log scales.
    torch::Tensor mixture_params(const torch::Tensor& h, const torch::Tensor& inp, const torch::Tensor& med) {
        const std::int64_t K = cfg.mixtures;
        auto p = head(h);
        auto mu = p.narrow(1, K, K) + linear(inp.narrow(1, 2, 1)) + linear_med(med.narrow(1, 1, 1));
        return torch::cat({p.narrow(1, 0, K), mu, p.narrow(1, 2 * K, K)}, 1);
    }
    torch::Tensor direct_params(const torch::Tensor& inp, const torch::Tensor& med) {
        return mixture_params(trunk(inp, med), inp, med);
    }

    torch::Tensor lsb_logits(const torch::Tensor& h, const torch::Tensor& msb) {
        auto e = embed(msb).permute({0, 3, 1, 2});  // [B,E,H,W]
        return lsb2(torch::elu(lsb1(torch::cat({h, e}, 1))));
    }

    ModelConfig cfg;
    MaskedConv2d input{nullptr}, linear{nullptr};
    std::vector<MaskedConv2d> blocks_a;
    std::vector<nn::Conv2d> blocks_b;
    nn::Conv2d med_in{nullptr}, linear_med{nullptr}, head{nullptr}, msb_head{nullptr}, lsb1{nullptr}, lsb2{nullptr};
    nn::Embedding embed{nullptr};
};
TORCH_MODULE(Net);

// Network inputs and targets for B images of h x w stored one after another.
struct Batch {
    torch::Tensor inp, med;        // see NetImpl::trunk
    torch::Tensor r;               // x - A and x - M, [B,2,H,W] float (exact integers)
    torch::Tensor sig;             // local noise, [B,1,H,W]
    torch::Tensor is_min, is_max;  // [B,1,H,W] bool
    torch::Tensor x;               // msb-lsb: the values, [B,1,H,W] float (exact)
    torch::Tensor msb, lsb;        // msb-lsb: [B,H,W] int64
    torch::Tensor narrow_rows(const torch::Tensor& t, std::int64_t r0, std::int64_t n) const {
        return t.defined() ? t.narrow(t.dim() == 4 ? 2 : 1, r0, n) : t;
    }
    Batch rows(std::int64_t r0, std::int64_t n) const {
        return {narrow_rows(inp, r0, n),    narrow_rows(med, r0, n),    narrow_rows(r, r0, n),
                narrow_rows(sig, r0, n),    narrow_rows(is_min, r0, n), narrow_rows(is_max, r0, n),
                narrow_rows(x, r0, n),      narrow_rows(msb, r0, n),    narrow_rows(lsb, r0, n)};
    }
};

// offset, scale: the training data's median and noise, used where a frame has no causal
// context yet (first pixel, first row).
Batch make_batch(const std::uint16_t* px, std::int64_t B, std::int64_t H, std::int64_t W, Split split, double offset,
                 double scale) {
    Batch b;
    const std::int64_t n = H * W;
    b.inp = torch::empty({B, 3, H, W});
    float* in = b.inp.data_ptr<float>();
    b.med = torch::empty({B, 2, H, W});
    b.r = torch::empty({B, 2, H, W});
    b.sig = torch::empty({B, 1, H, W});
    b.is_min = torch::empty({B, 1, H, W}, torch::kBool);
    b.is_max = torch::empty({B, 1, H, W}, torch::kBool);
    float *md = b.med.data_ptr<float>(), *rr = b.r.data_ptr<float>(), *sg = b.sig.data_ptr<float>();
    bool *lo = b.is_min.data_ptr<bool>(), *hi = b.is_max.data_ptr<bool>();
    const bool bytes = split == Split::MsbLsb;
    float* xv = nullptr;
    std::int64_t *ms = nullptr, *ls = nullptr;
    if (bytes) {
        b.x = torch::empty({B, 1, H, W});
        b.msb = torch::empty({B, H, W}, torch::kInt64);
        b.lsb = torch::empty({B, H, W}, torch::kInt64);
        xv = b.x.data_ptr<float>();
        ms = b.msb.data_ptr<std::int64_t>();
        ls = b.lsb.data_ptr<std::int64_t>();
    }
    detail::DirectFeatures f;
    for (std::int64_t k = 0; k < B; ++k) {
        const std::uint16_t* x = px + k * n;
        detail::direct_features(x, std::size_t(W), 0, std::size_t(H), offset, scale, f);
        for (std::int64_t i = 0; i < n; ++i) {
            const std::size_t j = std::size_t(i);
            in[(k * 3 + 0) * n + i] = f.gu[j];
            in[(k * 3 + 1) * n + i] = 1.0f;
            in[(k * 3 + 2) * n + i] = f.gu[j];
            md[(k * 2 + 0) * n + i] = f.gm[j];
            md[(k * 2 + 1) * n + i] = f.gm[j];
            rr[(k * 2 + 0) * n + i] = f.r_bg[j];
            rr[(k * 2 + 1) * n + i] = f.r_med[j];
            sg[k * n + i] = float(f.sig[j / std::size_t(W)]);
            lo[k * n + i] = x[i] == 0;
            hi[k * n + i] = x[i] == 65535;
            if (bytes) {
                xv[k * n + i] = float(x[i]);
                ms[k * n + i] = x[i] >> 8;
                ls[k * n + i] = x[i] & 0xFF;
            }
        }
    }
    return b;
}

// The anchored mixture of a batch: log weights, centres (ADU) and inverse scales, [B,K,H,W].
struct Mixture {
    torch::Tensor logw, centre, inv;
};
Mixture mixture(const Net& net, const torch::Tensor& params, const Batch& b, torch::ScalarType dtype) {
    const std::int64_t K = net->cfg.mixtures;
    auto p = params.to(dtype);
    auto sig = b.sig.to(dtype);
    std::vector<std::int64_t> anchors;
    for (std::int64_t k = 0; k < K; ++k) anchors.push_back(anchor_of(k));
    auto r = b.r.to(dtype).index_select(1, torch::tensor(anchors, torch::kInt64));
    auto log_s = torch::clamp(p.narrow(1, 2 * K, K) + torch::log(sig), kMinLogScale, kMaxLogScale);
    return {torch::log_softmax(p.narrow(1, 0, K), 1), b.x.to(dtype) - r + p.narrow(1, K, K) * sig, torch::exp(-log_s)};
}

// Mixture mass of the 256 bins between 257 boundaries t [B,1,257,H,W] (or [1,1,257,1,1]):
// [B,256,H,W]. lo_edge / hi_edge (broadcastable to [B,1,H,W], bool): the first / last
// boundary is -inf / +inf (the mass beyond 0 / 65535). Each difference is taken on the side
// of the CDF where it does not cancel (1 - F on the upper side).
torch::Tensor mixture_bin_mass(const Mixture& m, const torch::Tensor& t, const torch::Tensor& lo_edge,
                               const torch::Tensor& hi_edge) {
    auto z = (t - m.centre.unsqueeze(2)) * m.inv.unsqueeze(2);  // [B,K,257,H,W]
    auto F = torch::sigmoid(z), G = torch::sigmoid(-z);
    const std::int64_t n = F.size(2);
    auto lo = lo_edge.unsqueeze(2), hi = hi_edge.unsqueeze(2);
    auto f0 = torch::where(lo, torch::zeros_like(F.narrow(2, 0, 1)), F.narrow(2, 0, 1));
    auto g0 = torch::where(lo, torch::ones_like(G.narrow(2, 0, 1)), G.narrow(2, 0, 1));
    auto fn = torch::where(hi, torch::ones_like(F.narrow(2, n - 1, 1)), F.narrow(2, n - 1, 1));
    auto gn = torch::where(hi, torch::zeros_like(G.narrow(2, n - 1, 1)), G.narrow(2, n - 1, 1));
    F = torch::cat({f0, F.narrow(2, 1, n - 2), fn}, 2);
    G = torch::cat({g0, G.narrow(2, 1, n - 2), gn}, 2);
    // Per component, each difference on the side of its CDF where it does not cancel.
    auto lower = F.narrow(2, 0, n - 1);
    auto mass = torch::where(lower > 0.5, G.narrow(2, 0, n - 1) - G.narrow(2, 1, n - 1), F.narrow(2, 1, n - 1) - lower);
    return (torch::exp(m.logw).unsqueeze(2) * torch::clamp_min(mass, 0.0)).sum(1);  // [B,256,H,W]
}

// log of the same bin masses, [B,256,H,W], per component in the stable log-space form of the
// direct split (no underflow in the tails): used in double-precision evaluation.
torch::Tensor mixture_bin_logmass(const Mixture& m, const torch::Tensor& t, const torch::Tensor& lo_edge,
                                  const torch::Tensor& hi_edge) {
    auto z = (t - m.centre.unsqueeze(2)) * m.inv.unsqueeze(2);  // [B,K,257,H,W]
    const std::int64_t n = z.size(2);
    auto a = z.narrow(2, 1, n - 1), b = z.narrow(2, 0, n - 1);  // upper, lower edge of each bin
    auto flip = (a + b) > 0;
    auto a2 = torch::where(flip, -b, a), b2 = torch::where(flip, -a, b);
    auto la = torch::log_sigmoid(a2), lb = torch::log_sigmoid(b2);
    auto mid = la + torch::log(-torch::expm1(torch::clamp_max(lb - la, -1e-30)));
    auto idx = torch::arange(n - 1, torch::TensorOptions().dtype(torch::kInt64)).view({1, 1, n - 1, 1, 1});
    auto first = (idx == 0).logical_and(lo_edge.unsqueeze(2)), last = (idx == n - 2).logical_and(hi_edge.unsqueeze(2));
    auto lp = torch::where(first, torch::log_sigmoid(a), torch::where(last, torch::log_sigmoid(-b), mid));
    return torch::logsumexp(m.logw.unsqueeze(2) + lp, 1);
}

// log P(x) in nats, [B,H,W], in the dtype of the network output (float for training,
// double for evaluation: the network runs in float, the likelihood in `dtype`).
torch::Tensor log_prob(Net& net, const Batch& b, torch::ScalarType dtype) {
    if (net->cfg.split == Split::Direct) {
        const std::int64_t K = net->cfg.mixtures;
        auto p = net->direct_params(b.inp, b.med).to(dtype);
        auto sig = b.sig.to(dtype);
        auto logits = p.narrow(1, 0, K), mu = p.narrow(1, K, K) * sig;
        auto log_s = torch::clamp(p.narrow(1, 2 * K, K) + torch::log(sig), kMinLogScale, kMaxLogScale);
        auto inv = torch::exp(-log_s);
        std::vector<std::int64_t> anchors;
        for (std::int64_t k = 0; k < K; ++k) anchors.push_back(anchor_of(k));
        auto r = b.r.to(dtype).index_select(1, torch::tensor(anchors, torch::kInt64));
        auto a = (r + 0.5 - mu) * inv, c = (r - 0.5 - mu) * inv;  // a > c
        // log(sigmoid(a) - sigmoid(c)), evaluated in the tail where it is accurate.
        auto flip = (a + c) > 0;
        auto a2 = torch::where(flip, -c, a), c2 = torch::where(flip, -a, c);
        auto la = torch::log_sigmoid(a2), lc = torch::log_sigmoid(c2);
        auto d = torch::clamp_max(lc - la, -1e-30);
        auto mid = la + torch::log(-torch::expm1(d));
        auto lp = torch::where(b.is_min, torch::log_sigmoid(a), torch::where(b.is_max, torch::log_sigmoid(-c), mid));
        return torch::logsumexp(torch::log_softmax(logits, 1) + lp, 1);
    }
    // msb-lsb: each byte's logits are the log mass the anchored mixture gives its bins plus
    // a learned correction (the high byte: from the trunk; the low byte: from the trunk and
    // the high byte's embedding). With zero corrections the product is the mixture itself.
    auto h = net->trunk(b.inp, b.med);
    auto mix = mixture(net, net->mixture_params(h, b.inp, b.med), b, dtype);
    // Training (float) uses the bin masses in linear space, clamped at 1e-37 (a cap of ~123
    // bits per byte on extreme outliers); evaluation (double) the exact log-space form.
    const bool exact = dtype == torch::kDouble;
    auto log_mass = [&](const torch::Tensor& t, const torch::Tensor& lo, const torch::Tensor& hi) {
        return exact ? mixture_bin_logmass(mix, t, lo, hi) : torch::log(torch::clamp_min(mixture_bin_mass(mix, t, lo, hi), 1e-37));
    };
    auto opts = torch::TensorOptions().dtype(dtype);
    auto j = torch::arange(257, opts).view({1, 1, 257, 1, 1});
    auto yes = torch::ones({1, 1, 1, 1}, torch::kBool);
    auto lm = torch::log_softmax(log_mass(j * 256.0 - 0.5, yes, yes) + net->msb_head(h).to(dtype), 1)
                  .gather(1, b.msb.unsqueeze(1))
                  .squeeze(1);
    auto m = b.msb.unsqueeze(1);  // [B,1,H,W]
    auto base = (m.to(dtype) * 256.0 - 0.5).unsqueeze(2);  // [B,1,1,H,W]
    auto ll = torch::log_softmax(log_mass(base + j, m == 0, m == 255) + net->lsb_logits(h, b.msb).to(dtype), 1)
                  .gather(1, b.lsb.unsqueeze(1))
                  .squeeze(1);
    return lm + ll;
}

std::size_t reflect(std::size_t k, std::size_t n) {
    if (n == 1) return 0;
    const std::size_t period = 2 * n - 2;
    k %= period;
    return k < n ? k : period - k;
}

// Open taps of a causal k x k mask in raster order, as (row, column) in the kernel.
std::vector<std::pair<int, int>> open_taps(int k, bool include_centre) {
    std::vector<std::pair<int, int>> taps;
    const int c = k / 2;
    for (int i = 0; i < k; ++i)
        for (int j = 0; j < k; ++j)
            if (i < c || (i == c && (j < c || (include_centre && j == c)))) taps.emplace_back(i, j);
    return taps;
}

// Copies input channels [src0, src0 + n) of a convolution weight [O][I][k][k] at the given
// taps into dst[(tap * cin + dst0 + i) * coutp + o] (dst sized and zeroed by the caller).
void pack_weight(std::vector<float>& dst, const torch::Tensor& weight, const std::vector<std::pair<int, int>>& taps,
                 int cin, int coutp, int src0, int n, int dst0) {
    auto w = weight.detach().to(torch::kFloat).contiguous();
    auto a = w.accessor<float, 4>();
    for (std::size_t t = 0; t < taps.size(); ++t)
        for (int i = 0; i < n; ++i)
            for (std::int64_t o = 0; o < w.size(0); ++o)
                dst[(t * std::size_t(cin) + std::size_t(dst0 + i)) * std::size_t(coutp) + std::size_t(o)] =
                    a[o][src0 + i][taps[t].first][taps[t].second];
}

std::vector<float> packed_conv(const torch::Tensor& weight, const std::vector<std::pair<int, int>>& taps, int cin,
                               int coutp) {
    std::vector<float> dst(taps.size() * std::size_t(cin) * std::size_t(coutp), 0.0f);
    pack_weight(dst, weight, taps, cin, coutp, 0, int(weight.size(1)), 0);
    return dst;
}

std::vector<float> packed_bias(const torch::Tensor& bias, int coutp) {
    std::vector<float> dst(std::size_t(coutp), 0.0f);
    auto b = bias.detach().to(torch::kFloat).contiguous();
    for (std::int64_t o = 0; o < b.numel(); ++o) dst[std::size_t(o)] = b.data_ptr<float>()[o];
    return dst;
}

// The trained weights in the layout of detail::eval_rows (only the masks' open taps).
detail::NetWeights export_weights(Net& net) {
    torch::NoGradGuard no_grad;
    const ModelConfig& cfg = net->cfg;
    detail::NetWeights w;
    w.direct = cfg.split == Split::Direct;
    w.C = cfg.channels;
    w.Cp = detail::padded(w.C);
    w.layers = cfg.layers;
    w.K = cfg.mixtures;
    w.nin = 2;
    const auto tapsA = open_taps(5, false), tapsB = open_taps(3, true), tap1 = open_taps(1, true);
    const int Cp = w.Cp;
    w.in_w = packed_conv(net->input->conv->weight, tapsA, w.nin, Cp);
    w.in_b = packed_bias(net->input->conv->bias, Cp);
    for (int l = 0; l < cfg.layers; ++l) {
        const auto& a = net->blocks_a[std::size_t(l)];
        const auto& b = net->blocks_b[std::size_t(l)];
        w.a_w.push_back(packed_conv(a->conv->weight, tapsB, Cp, Cp));
        w.a_b.push_back(packed_bias(a->conv->bias, Cp));
        w.b_w.push_back(packed_conv(b->weight, tap1, Cp, Cp));
        w.b_b.push_back(packed_bias(b->bias, Cp));
    }
    const int Kp = detail::padded(w.K);
    w.med_w = packed_conv(net->med_in->weight, tap1, 1, Cp);
    w.med_b = packed_bias(net->med_in->bias, Cp);
    w.head_out = 3 * w.K;
    w.head_outp = detail::padded(w.head_out);
    w.head_w = packed_conv(net->head->weight, tap1, Cp, w.head_outp);
    w.head_b = packed_bias(net->head->bias, w.head_outp);
    w.lin_w.assign(tapsA.size() * std::size_t(w.nin) * std::size_t(Kp), 0.0f);
    pack_weight(w.lin_w, net->linear->conv->weight, tapsA, w.nin, Kp, 0, 1, 0);  // on g(u), channel 0
    w.linmed_w = packed_conv(net->linear_med->weight, tap1, 1, Kp);
    w.linmed_b = packed_bias(net->linear_med->bias, Kp);
    if (!w.direct) {
        w.msb_w = packed_conv(net->msb_head->weight, tap1, Cp, 256);
        w.msb_b = packed_bias(net->msb_head->bias, 256);
        auto e = net->embed->weight.detach().to(torch::kFloat).contiguous();
        w.embed.assign(e.data_ptr<float>(), e.data_ptr<float>() + e.numel());
        const int Cl = Cp + kEmbed;
        w.lsb1_w.assign(std::size_t(Cl) * std::size_t(Cp), 0.0f);
        pack_weight(w.lsb1_w, net->lsb1->weight, tap1, Cl, Cp, 0, w.C, 0);
        pack_weight(w.lsb1_w, net->lsb1->weight, tap1, Cl, Cp, w.C, kEmbed, Cp);
        w.lsb1_b = packed_bias(net->lsb1->bias, Cp);
        w.lsb2_w = packed_conv(net->lsb2->weight, tap1, Cp, 256);
        w.lsb2_b = packed_bias(net->lsb2->bias, 256);
    }
    return w;
}

// Runs job(i) for i in [0, n) on up to `threads` threads (the caller's included); the
// first exception is rethrown after every thread has stopped.
void parallel_for(std::size_t n, int threads, const std::function<void(std::size_t)>& job) {
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto work = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < n;) {
            try {
                job(i);
            } catch (...) {
                std::lock_guard lock(error_mutex);
                if (!error) error = std::current_exception();
                next = n;
            }
        }
    };
    std::vector<std::thread> pool;
    const std::size_t extra = std::min<std::size_t>(n, std::size_t(std::max(threads, 1))) - (n > 0 ? 1 : 0);
    for (std::size_t t = 0; t < extra; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
}

}  // namespace

struct Model::Impl {
    ModelConfig cfg;
    Net net{nullptr};
    nlohmann::json meta;
    double offset() const { return meta.value("offset", 0.0); }
    double scale() const { return meta.value("scale", 1.0); }
};

Model::Model() : impl_(std::make_unique<Impl>()) {}

Model::Model(const ModelConfig& config, std::uint64_t seed) : impl_(std::make_unique<Impl>()) {
    if (config.channels < 1 || config.layers < 0 || config.mixtures < 1 || config.mixtures > detail::kMaxMixtures)
        throw UsageError("neural model: channels >= 1, mixtures 1.." + std::to_string(detail::kMaxMixtures) +
                         ", layers >= 0");
    torch::manual_seed(seed);
    impl_->cfg = config;
    impl_->net = Net(config);
    impl_->meta = {{"format", "bitsky-neural-3"},
                   {"split", split_name(config.split)},
                   {"channels", config.channels},
                   {"layers", config.layers},
                   {"mixtures", config.mixtures},
                   {"init_seed", seed},
                   {"offset", 0.0},
                   {"scale", 1.0},
                   {"patch", 32},
                   {"epochs", 0},
                   {"loss_curve", nlohmann::json::array()},
                   {"training", nlohmann::json::array()},
                   {"label", kEstimatedLabel}};
}

Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

const ModelConfig& Model::config() const { return impl_->cfg; }
int Model::patch() const { return impl_->meta.value("patch", 32); }
std::string Model::metadata_json() const { return impl_->meta.dump(2); }
std::size_t Model::parameter_count() const {
    std::size_t n = 0;
    for (const auto& p : impl_->net->parameters()) n += std::size_t(p.numel());
    return n;
}

void Model::save(const std::filesystem::path& path) const {
    const std::string text = impl_->meta.dump();
    try {
        torch::serialize::OutputArchive ar;
        impl_->net->save(ar);
        auto bytes = torch::from_blob(const_cast<char*>(text.data()), {std::int64_t(text.size())}, torch::kUInt8).clone();
        ar.write("bitsky_metadata", bytes, /*is_buffer=*/true);
        ar.save_to(path.string());
    } catch (const c10::Error& e) {
        throw Error("cannot write neural model '" + path.string() + "': " + e.what_without_backtrace());
    }
    std::ofstream side(path.string() + ".json");
    side << impl_->meta.dump(2) << "\n";
    if (!side) throw Error("cannot write '" + path.string() + ".json'");
}

Model Model::load(const std::filesystem::path& path) {
    if (!std::filesystem::exists(path)) throw Error("neural model '" + path.string() + "' does not exist");
    Model m;
    try {
        torch::serialize::InputArchive ar;
        ar.load_from(path.string());
        torch::Tensor bytes;
        if (!ar.try_read("bitsky_metadata", bytes, true))
            throw Error("'" + path.string() + "' is not a BitSky neural model (no metadata)");
        bytes = bytes.contiguous();
        std::string text(reinterpret_cast<const char*>(bytes.data_ptr<std::uint8_t>()), std::size_t(bytes.numel()));
        m.impl_->meta = nlohmann::json::parse(text);
        // Format 3 changed only msb-lsb (anchored byte priors); format-2 direct models load.
        const std::string format = m.impl_->meta.value("format", "");
        if (format != "bitsky-neural-3" && format != "bitsky-neural-2")
            throw Error("'" + path.string() + "' has an unknown neural model format");
        auto& cfg = m.impl_->cfg;
        cfg.split = parse_split(m.impl_->meta.at("split").get<std::string>());
        if (format == "bitsky-neural-2" && cfg.split == Split::MsbLsb)
            throw Error("'" + path.string() + "' is an msb-lsb model of an older BitSky (format 2, byte inputs); "
                        "train it again");
        cfg.channels = m.impl_->meta.at("channels").get<int>();
        cfg.layers = m.impl_->meta.at("layers").get<int>();
        cfg.mixtures = m.impl_->meta.at("mixtures").get<int>();
        m.impl_->net = Net(cfg);
        m.impl_->net->load(ar);
    } catch (const c10::Error& e) {
        throw Error("cannot read neural model '" + path.string() + "': " + e.what_without_backtrace());
    } catch (const nlohmann::json::exception& e) {
        throw Error("cannot read neural model '" + path.string() + "': bad metadata: " + e.what());
    }
    return m;
}

TrainReport Model::train(const std::vector<TrainFrame>& frames, const TrainOptions& opt) {
    const int P = opt.patch;
    if (P < 4) throw UsageError("--patch must be >= 4");
    if (opt.epochs < 0 || opt.steps_per_epoch < 1 || opt.batch < 1) throw UsageError("bad training options");
    std::vector<const TrainFrame*> usable;
    std::vector<double> cumulative;
    double total = 0;
    for (const auto& f : frames)
        if (f.width >= std::size_t(P) && f.height >= std::size_t(P) && f.pixels.size() >= f.width * f.height) {
            usable.push_back(&f);
            total += double(f.width * f.height);
            cumulative.push_back(total);
        }
    if (usable.empty()) throw Error("no training frame is at least " + std::to_string(P) + "x" + std::to_string(P));
    if (opt.threads > 0) torch::set_num_threads(opt.threads);

    // Input normalisation from a strided sample: median value and noise (MAD of horizontal
    // differences / sqrt 2).
    {
        std::vector<double> vals, diffs;
        const std::size_t budget = 1 << 20;
        for (const auto* f : usable) {
            const std::size_t n = f->width * f->height, stride = std::max<std::size_t>(1, n * usable.size() / budget);
            for (std::size_t i = 0; i + 1 < n; i += stride) {
                vals.push_back(f->pixels[i]);
                if ((i + 1) % f->width != 0) diffs.push_back(double(f->pixels[i + 1]) - double(f->pixels[i]));
            }
        }
        auto median = [](std::vector<double>& v) {
            if (v.empty()) return 0.0;
            std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
            return v[v.size() / 2];
        };
        const double off = median(vals);
        for (auto& d : diffs) d = std::abs(d);
        const double sigma = 1.4826 * median(diffs) / std::sqrt(2.0);
        if (impl_->meta.value("epochs", 0) == 0) {  // keep a trained model's normalisation when fine-tuning
            impl_->meta["offset"] = off;
            impl_->meta["scale"] = std::max(sigma, 0.5);
            impl_->meta["patch"] = P;
        }
    }
    const double offset = impl_->offset(), scale = impl_->scale();

    torch::manual_seed(opt.seed);
    util::Random rng(opt.seed ^ 0x6E657572616CULL);
    auto& net = impl_->net;
    net->train();
    torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(opt.learning_rate));
    const std::int64_t total_steps = std::int64_t(opt.epochs) * opt.steps_per_epoch;
    std::vector<std::uint16_t> buf(std::size_t(opt.batch) * P * P);
    TrainReport report;
    const auto t0 = std::chrono::steady_clock::now();
    std::int64_t t = 0;
    for (int e = 1; e <= opt.epochs; ++e) {
        double sum = 0;
        for (int s = 1; s <= opt.steps_per_epoch; ++s, ++t) {
            for (int k = 0; k < opt.batch; ++k) {
                const double pick = rng.uniform() * total;
                const std::size_t fi = std::size_t(std::upper_bound(cumulative.begin(), cumulative.end(), pick) - cumulative.begin());
                const TrainFrame& f = *usable[std::min(fi, usable.size() - 1)];
                const std::size_t x0 = rng.next() % (f.width - P + 1), y0 = rng.next() % (f.height - P + 1);
                const bool flip = rng.next() & 1;
                std::uint16_t* dst = buf.data() + std::size_t(k) * P * P;
                for (int r = 0; r < P; ++r)
                    for (int c = 0; c < P; ++c)
                        dst[r * P + c] = f.pixels[(y0 + r) * f.width + x0 + std::size_t(flip ? P - 1 - c : c)];
            }
            const double lr = opt.learning_rate *
                              (0.1 + 0.45 * (1.0 + std::cos(std::numbers::pi * double(t) / double(std::max<std::int64_t>(total_steps, 1)))));
            for (auto& g : adam.param_groups()) static_cast<torch::optim::AdamOptions&>(g.options()).lr(lr);
            auto batch = make_batch(buf.data(), opt.batch, P, P, impl_->cfg.split, offset, scale);
            auto loss = -log_prob(net, batch, torch::kFloat).mean() / kLn2;
            adam.zero_grad();
            loss.backward();
            adam.step();
            sum += loss.item<double>();
            if (opt.progress) opt.progress({e, opt.epochs, s, opt.steps_per_epoch, sum / s});
        }
        report.loss_curve.push_back(sum / opt.steps_per_epoch);
    }
    net->eval();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    report.patches = std::size_t(total_steps) * std::size_t(opt.batch);
    report.patches_per_second = report.seconds > 0 ? double(report.patches) / report.seconds : 0;

    auto& m = impl_->meta;
    m["epochs"] = m.value("epochs", 0) + opt.epochs;
    for (double l : report.loss_curve) m["loss_curve"].push_back(l);
    std::vector<std::string> sources;
    for (const auto* f : usable) sources.push_back(f->source);
    m["training"].push_back({{"epochs", opt.epochs},
                             {"steps_per_epoch", opt.steps_per_epoch},
                             {"batch", opt.batch},
                             {"patch", P},
                             {"learning_rate", opt.learning_rate},
                             {"seed", opt.seed},
                             {"threads", opt.threads},
                             {"datasets", opt.datasets},
                             {"frames", sources},
                             {"seconds", report.seconds},
                             {"patches_per_second", report.patches_per_second},
                             {"loss_curve", report.loss_curve}});
    return report;
}

namespace {
// A map of the frame's shape with every pixel at 0 bits.
NeuralCostMap zero_map(const Frame16& frame, Context context) {
    NeuralCostMap map;
    map.width = frame.width;
    map.height = frame.height;
    map.context = context;
    map.bits.assign(frame.size(), 0.0f);
    return map;
}
}  // namespace

NeuralCostMap Model::cost_map(const Frame16& frame, Context context, int threads, std::size_t strip_rows) const {
    const double offset = impl_->offset(), scale = impl_->scale();
    NeuralCostMap map = zero_map(frame, context);
    if (frame.size() == 0) return map;
    if (frame.pixels.size() < frame.size()) throw Error("neural cost map: the frame holds fewer pixels than its shape");
    const detail::NetWeights weights = export_weights(impl_->net);
    const int nthreads = threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()));
    const std::size_t W = frame.width, H = frame.height;
    if (context == Context::FullFrame) {
        // Row strips, each computed from kHalo rows above it on (identical bits to one pass).
        const std::size_t strip =
            strip_rows > 0 ? strip_rows : std::clamp<std::size_t>((H + std::size_t(nthreads) - 1) / std::size_t(nthreads), 1, 256);
        const std::size_t nstrips = (H + strip - 1) / strip;
        std::vector<double> row_bits(H, 0.0);
        parallel_for(nstrips, nthreads, [&](std::size_t i) {
            const std::size_t r0 = i * strip, r1 = std::min(H, r0 + strip);
            detail::eval_rows(weights, frame.pixels.data(), W, H, r0, r1, offset, scale, map.bits.data() + r0 * W,
                              row_bits.data() + r0);
        });
        for (double b : row_bits) map.total_bits += b;
        return map;
    }
    // Tiled: the frame is reflect-padded to a multiple of the tile size; every tile is
    // evaluated on its own; only the frame's own pixels are counted.
    const std::size_t T = std::size_t(patch()), ny = (H + T - 1) / T, nx = (W + T - 1) / T;
    std::vector<double> tile_bits(ny * nx, 0.0);
    parallel_for(ny * nx, nthreads, [&](std::size_t k) {
        const std::size_t ty = k / nx, tx = k % nx;
        std::vector<std::uint16_t> buf(T * T);
        for (std::size_t r = 0; r < T; ++r)
            for (std::size_t c = 0; c < T; ++c) buf[r * T + c] = frame.at(reflect(tx * T + c, W), reflect(ty * T + r, H));
        std::vector<float> bits(T * T);
        std::vector<double> rows(T);
        detail::eval_rows(weights, buf.data(), T, T, 0, T, offset, scale, bits.data(), rows.data());
        double sum = 0;
        for (std::size_t r = 0; r < T && ty * T + r < H; ++r)
            for (std::size_t c = 0; c < T && tx * T + c < W; ++c) {
                const float v = bits[r * T + c];
                map.bits[(ty * T + r) * W + tx * T + c] = v;
                sum += v;
            }
        tile_bits[k] = sum;
    });
    for (double b : tile_bits) map.total_bits += b;
    return map;
}

// The LibTorch forward pass over the whole frame (strips of 256k pixels plus the halo),
// likelihood in double: the slow reference cost_map is checked and timed against.
NeuralCostMap Model::reference_cost_map(const Frame16& frame, Context context, int threads) const {
    if (threads > 0) torch::set_num_threads(threads);
    torch::NoGradGuard no_grad;
    auto& net = impl_->net;
    net->eval();
    const double offset = impl_->offset(), scale = impl_->scale();
    const auto W = std::int64_t(frame.width), H = std::int64_t(frame.height);
    NeuralCostMap map = zero_map(frame, context);
    if (frame.size() == 0) return map;
    if (context == Context::FullFrame) {
        auto batch = make_batch(frame.pixels.data(), 1, H, W, impl_->cfg.split, offset, scale);
        // msb-lsb materialises 257 bin edges x K components per pixel: smaller strips.
        const std::int64_t budget = impl_->cfg.split == Split::MsbLsb ? 2048 : 262144;
        const std::int64_t halo = net->halo(), strip = std::max<std::int64_t>(1, budget / W);
        for (std::int64_t r0 = 0; r0 < H; r0 += strip) {
            const std::int64_t r1 = std::min(H, r0 + strip), top = std::max<std::int64_t>(0, r0 - halo);
            auto lp = log_prob(net, batch.rows(top, r1 - top), torch::kDouble);
            auto bits = (-lp / kLn2).narrow(1, r0 - top, r1 - r0).contiguous();
            const double* b = bits.data_ptr<double>();
            for (std::int64_t i = 0; i < (r1 - r0) * W; ++i) {
                map.bits[std::size_t(r0 * W + i)] = float(b[i]);
                map.total_bits += b[i];
            }
        }
        return map;
    }
    // Tiled: the frame is reflect-padded to a multiple of the tile size; every tile is
    // evaluated on its own; only the frame's own pixels are counted.
    const std::size_t T = std::size_t(patch()), ny = (frame.height + T - 1) / T, nx = (frame.width + T - 1) / T;
    const std::size_t chunk = impl_->cfg.split == Split::MsbLsb ? 2 : 256;
    std::vector<std::uint16_t> buf;
    for (std::size_t first = 0; first < ny * nx; first += chunk) {
        const std::size_t count = std::min(chunk, ny * nx - first);
        buf.resize(count * T * T);
        for (std::size_t k = 0; k < count; ++k) {
            const std::size_t ty = (first + k) / nx, tx = (first + k) % nx;
            for (std::size_t r = 0; r < T; ++r)
                for (std::size_t c = 0; c < T; ++c)
                    buf[(k * T + r) * T + c] = frame.at(reflect(tx * T + c, frame.width), reflect(ty * T + r, frame.height));
        }
        auto batch = make_batch(buf.data(), std::int64_t(count), std::int64_t(T), std::int64_t(T), impl_->cfg.split, offset, scale);
        auto bits = (-log_prob(net, batch, torch::kDouble) / kLn2).contiguous();
        const double* b = bits.data_ptr<double>();
        for (std::size_t k = 0; k < count; ++k) {
            const std::size_t ty = (first + k) / nx, tx = (first + k) % nx;
            for (std::size_t r = 0; r < T && ty * T + r < frame.height; ++r)
                for (std::size_t c = 0; c < T && tx * T + c < frame.width; ++c) {
                    const double v = b[(k * T + r) * T + c];
                    map.bits[(ty * T + r) * frame.width + tx * T + c] = float(v);
                    map.total_bits += v;
                }
        }
    }
    return map;
}

std::vector<double> Model::pixel_distribution(const Frame16& frame, std::size_t x, std::size_t y) const {
    if (x >= frame.width || y >= frame.height) throw UsageError("pixel outside the frame");
    torch::NoGradGuard no_grad;
    auto& net = impl_->net;
    net->eval();
    const double offset = impl_->offset(), scale = impl_->scale();
    auto all = make_batch(frame.pixels.data(), 1, std::int64_t(frame.height), std::int64_t(frame.width), impl_->cfg.split,
                          offset, scale);
    const std::int64_t top = std::max<std::int64_t>(0, std::int64_t(y) - net->halo());
    auto b = all.rows(top, std::int64_t(y) + 1 - top);
    const std::int64_t row = std::int64_t(y) - top, col = std::int64_t(x);
    std::vector<double> pmf(65536, 0.0);
    // The anchored mixture over all 65536 values (direct: the distribution itself).
    const int K = impl_->cfg.mixtures;
    auto h = net->trunk(b.inp, b.med);
    auto p = net->mixture_params(h, b.inp, b.med).index({0, Slice(), row, col}).to(torch::kDouble).contiguous();
    const double* q = p.data_ptr<double>();
    const double sig = b.sig.index({0, 0, row, col}).item<float>();
    double base[2];
    for (int a = 0; a < 2; ++a) base[a] = frame.at(x, y) - double(b.r.index({0, a, row, col}).item<float>());
    double zmax = q[0];
    for (int k = 1; k < K; ++k) zmax = std::max(zmax, q[k]);
    double zsum = 0;
    for (int k = 0; k < K; ++k) zsum += std::exp(q[k] - zmax);
    std::vector<double> cdf(65537);
    for (int k = 0; k < K; ++k) {
        const double w = std::exp(q[k] - zmax) / zsum, centre = base[anchor_of(k)] + sig * q[K + k];
        const double s = std::exp(std::clamp(q[2 * K + k] + std::log(sig), kMinLogScale, kMaxLogScale));
        cdf[0] = 0.0;
        cdf[65536] = 1.0;
        for (int v = 1; v < 65536; ++v) cdf[std::size_t(v)] = 1.0 / (1.0 + std::exp(-((v - 0.5) - centre) / s));
        for (std::size_t v = 0; v < 65536; ++v) pmf[v] += w * (cdf[v + 1] - cdf[v]);
    }
    if (impl_->cfg.split == Split::Direct) return pmf;

    // msb-lsb: P(m) = softmax(log prior mass of bin m + correction), P(v | m) likewise.
    auto hp = h.index({Slice(0, 1), Slice(), Slice(row, row + 1), Slice(col, col + 1)});
    auto cm = net->msb_head(hp).to(torch::kDouble).flatten().contiguous();
    auto msb = torch::arange(256, torch::kInt64).view({256, 1, 1});
    auto cl = net->lsb_logits(hp.expand({256, -1, 1, 1}), msb).to(torch::kDouble).view({256, 256}).contiguous();
    const double *corr_m = cm.data_ptr<double>(), *corr_l = cl.data_ptr<double>();
    auto softmax = [](std::vector<double>& logits) {
        const double mx = *std::max_element(logits.begin(), logits.end());
        double sum = 0;
        for (double& v : logits) sum += (v = std::exp(v - mx));
        for (double& v : logits) v /= sum;
    };
    std::vector<double> pm(256), pl(256), out(65536);
    for (std::size_t m = 0; m < 256; ++m) {
        double mass = 0;
        for (std::size_t v = 0; v < 256; ++v) mass += pmf[m * 256 + v];
        pm[m] = std::log(std::max(mass, 1e-300)) + corr_m[m];
    }
    softmax(pm);
    for (std::size_t m = 0; m < 256; ++m) {
        for (std::size_t v = 0; v < 256; ++v) pl[v] = std::log(std::max(pmf[m * 256 + v], 1e-300)) + corr_l[m * 256 + v];
        softmax(pl);
        for (std::size_t v = 0; v < 256; ++v) out[m * 256 + v] = pm[m] * pl[v];
    }
    return out;
}

}  // namespace bitsky::neural
