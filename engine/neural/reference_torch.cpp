// LibTorch's own forward pass: the reference bit-cost map (the implementation before the
// kernel, kept for checks and for bitsky-cli neural-speed) and one pixel's exact distribution.
#include <algorithm>
#include <cmath>

#include "engine/neural/features.h"
#include "engine/neural/net_torch.h"

namespace bitsky::neural::libtorch {

using torch::indexing::Slice;

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

// The LibTorch forward pass over the whole frame (strips of 256k pixels plus the halo),
// likelihood in double: the slow reference cost_map is checked and timed against.
NeuralCostMap TorchModel::forward_cost_map(const Frame16& frame, Context context, int threads) const {
    if (threads > 0) torch::set_num_threads(threads);
    torch::NoGradGuard no_grad;
    auto& net = net_;
    net->eval();
    const auto W = std::int64_t(frame.width), H = std::int64_t(frame.height);
    const detail::FrameStats fs = detail::frame_stats(frame.pixels.data(), frame.width, frame.height);
    if (context == Context::Coded)
        throw UsageError("the LibTorch reference computes the network's full or tiled map, not the coded one");
    NeuralCostMap map = zero_map(frame, context);
    if (frame.size() == 0) return map;
    if (context == Context::FullFrame) {
        auto batch = make_batch(frame.pixels.data(), 1, H, W, cfg_.split, &fs, cfg_.predictor);
        // msb-lsb materialises 257 bin edges x K components per pixel: smaller strips.
        const std::int64_t budget = cfg_.split == Split::MsbLsb ? 2048 : 262144;
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
    const std::size_t chunk = cfg_.split == Split::MsbLsb ? 2 : 256;
    std::vector<std::uint16_t> buf;
    for (std::size_t first = 0; first < ny * nx; first += chunk) {
        const std::size_t count = std::min(chunk, ny * nx - first);
        buf.resize(count * T * T);
        for (std::size_t k = 0; k < count; ++k) {
            const std::size_t ty = (first + k) / nx, tx = (first + k) % nx;
            for (std::size_t r = 0; r < T; ++r)
                for (std::size_t c = 0; c < T; ++c)
                    buf[(k * T + r) * T + c] = frame.at(detail::reflect(tx * T + c, frame.width), detail::reflect(ty * T + r, frame.height));
        }
        const std::vector<detail::FrameStats> stats(count, fs);  // every tile sees the frame's constants
        auto batch = make_batch(buf.data(), std::int64_t(count), std::int64_t(T), std::int64_t(T), cfg_.split, stats.data(), cfg_.predictor);
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

std::vector<double> TorchModel::forward_distribution(const Frame16& frame, std::size_t x, std::size_t y) const {
    torch::NoGradGuard no_grad;
    auto& net = net_;
    net->eval();
    const detail::FrameStats fs = detail::frame_stats(frame.pixels.data(), frame.width, frame.height);
    auto all = make_batch(frame.pixels.data(), 1, std::int64_t(frame.height), std::int64_t(frame.width), cfg_.split, &fs, cfg_.predictor);
    const std::int64_t top = std::max<std::int64_t>(0, std::int64_t(y) - net->halo());
    auto b = all.rows(top, std::int64_t(y) + 1 - top);
    const std::int64_t row = std::int64_t(y) - top, col = std::int64_t(x);
    std::vector<double> pmf(65536, 0.0);
    // The anchored mixture over all 65536 values (direct: the distribution itself).
    const int K = cfg_.mixtures;
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
    if (cfg_.split == Split::Direct) return pmf;

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

}  // namespace bitsky::neural::libtorch
