// The trained weights copied into the kernel's layout (detail::NetWeights, infer.h): only
// the open taps of the masks, output channels padded to the kernel's vector width.
#include "engine/neural/net_torch.h"

#include <algorithm>

#include "engine/util/error.h"

namespace bitsky::neural::libtorch {

namespace {

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
    int reach = 0;  // the largest kernel row or column a tap reads
    for (const auto& [i, j] : taps) reach = std::max({reach, i, j});
    if (w.dim() != 4 || w.size(0) > coutp || src0 + n > w.size(1) || reach >= w.size(2) || reach >= w.size(3) ||
        taps.size() * std::size_t(cin) * std::size_t(coutp) > dst.size() || dst0 + n > cin)
        throw Error("neural model: a weight's shape does not fit the network");
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
    if (b.numel() > coutp) throw Error("neural model: a bias's shape does not fit the network");
    for (std::int64_t o = 0; o < b.numel(); ++o) dst[std::size_t(o)] = b.data_ptr<float>()[o];
    return dst;
}

}  // namespace

detail::NetWeights export_weights(Net& net) {
    torch::NoGradGuard no_grad;
    const ModelConfig& cfg = net->cfg;
    detail::NetWeights w;
    w.direct = cfg.split == Split::Direct;
    w.context_pred = cfg.predictor == Predictor::Context;
    w.C = cfg.channels;
    w.Cp = detail::padded(w.C);
    w.layers = cfg.layers;
    w.K = cfg.mixtures;
    w.nin = detail::kNeighbourInputs;
    w.nmed = detail::kPixelInputs;
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
    w.med_w = packed_conv(net->med_in->weight, tap1, w.nmed, Cp);
    w.med_b = packed_bias(net->med_in->bias, Cp);
    w.head_out = 3 * w.K;
    w.head_outp = detail::padded(w.head_out);
    w.head_w = packed_conv(net->head->weight, tap1, Cp, w.head_outp);
    w.head_b = packed_bias(net->head->bias, w.head_outp);
    w.lin_w.assign(tapsA.size() * std::size_t(w.nin) * std::size_t(Kp), 0.0f);
    pack_weight(w.lin_w, net->linear->conv->weight, tapsA, w.nin, Kp, 0, 1, 0);  // on g(u), channel 0
    w.linmed_w.assign(std::size_t(w.nmed) * std::size_t(Kp), 0.0f);
    pack_weight(w.linmed_w, net->linear_med->weight, tap1, w.nmed, Kp, 0, 1, 0);  // on g(um), channel 0
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

}  // namespace bitsky::neural::libtorch
