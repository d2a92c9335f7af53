// The network of the neural model and its likelihood, in LibTorch (see net_torch.h).
#include "engine/neural/net_torch.h"

#include <cmath>

#include "engine/neural/features.h"

namespace bitsky::neural::libtorch {

namespace {
torch::Tensor narrow_rows(const torch::Tensor& t, std::int64_t r0, std::int64_t n) {
    return t.defined() ? t.narrow(t.dim() == 4 ? 2 : 1, r0, n) : t;
}
}  // namespace

torch::Tensor causal_mask(std::int64_t out, std::int64_t in, int k, bool include_centre) {
    auto m = torch::zeros({k, k});
    auto a = m.accessor<float, 2>();
    const int c = k / 2;
    for (int i = 0; i < k; ++i)
        for (int j = 0; j < k; ++j)
            if (i < c || (i == c && (j < c || (include_centre && j == c)))) a[i][j] = 1.0f;
    return m.view({1, 1, k, k}).expand({out, in, k, k}).clone();
}

NetImpl::NetImpl(const ModelConfig& c) : cfg(c) {
    const std::int64_t C = cfg.channels, K = cfg.mixtures;
    input = register_module("input", MaskedConv2d(NB, C, 5, false));
    for (int l = 0; l < cfg.layers; ++l) {
        blocks_a.push_back(register_module("block" + std::to_string(l) + "a", MaskedConv2d(C, C, 3, true)));
        blocks_b.push_back(register_module("block" + std::to_string(l) + "b", conv1x1(C, C)));
    }
    // Both splits: the anchored mixture (direct: the distribution; msb-lsb: the prior
    // that the two byte softmaxes correct).
    med_in = register_module("med_in", conv1x1(NP, C));
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

Batch Batch::rows(std::int64_t r0, std::int64_t n) const {
    return {narrow_rows(inp, r0, n),    narrow_rows(med, r0, n),    narrow_rows(r, r0, n),
            narrow_rows(sig, r0, n),    narrow_rows(is_min, r0, n), narrow_rows(is_max, r0, n),
            narrow_rows(x, r0, n),      narrow_rows(msb, r0, n),    narrow_rows(lsb, r0, n)};
}

Batch make_batch(const std::uint16_t* px, std::int64_t B, std::int64_t H, std::int64_t W, Split split,
                 const detail::FrameStats* stats, Predictor predictor, const float* ctx) {
    Batch b;
    const std::int64_t n = H * W, NB = NetImpl::NB, NP = NetImpl::NP;
    b.inp = torch::empty({B, NB + 1, H, W});
    float* in = b.inp.data_ptr<float>();
    b.med = torch::empty({B, NP + 1, H, W});
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
    std::vector<float> own;  // an image's predictions when ctx is not given
    for (std::int64_t k = 0; k < B; ++k) {
        const std::uint16_t* x = px + k * n;
        const float* pred = nullptr;
        if (predictor == Predictor::Context) {
            if (ctx) {
                pred = ctx + k * n;
            } else {
                own = detail::context_predictions(x, std::size_t(W), std::size_t(H), stats[k].background);
                pred = own.data();
            }
        }
        detail::direct_features(x, std::size_t(W), 0, std::size_t(H), stats[k], f, pred);
        for (std::int64_t i = 0; i < n; ++i) {
            const std::size_t j = std::size_t(i);
            for (std::int64_t c = 0; c < NB; ++c) in[(k * (NB + 1) + c) * n + i] = f.nb[j * std::size_t(NB) + std::size_t(c)];
            in[(k * (NB + 1) + NB) * n + i] = f.nb[j * std::size_t(NB)];
            for (std::int64_t c = 0; c < NP; ++c) md[(k * (NP + 1) + c) * n + i] = f.pix[j * std::size_t(NP) + std::size_t(c)];
            md[(k * (NP + 1) + NP) * n + i] = f.pix[j * std::size_t(NP)];
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

namespace {

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

}  // namespace

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

}  // namespace bitsky::neural::libtorch
