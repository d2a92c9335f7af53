#pragma once
// The LibTorch side of the neural bit-cost model (the neural module only; see neural.h for
// the model and module.h for how the engine reaches it).
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
//   M    the pixel prediction (ModelConfig::predictor): the bitsky context model's adaptive
//        blend (features.h context_predictions; the default) or MED (LOCO-I);
//   sig  the local noise: mean over the 8 rows above of each row's interpolated median
//        |horizontal difference|, times 1.4826 / sqrt 2 (row 0: the frame's noise).
// Components alternate anchors (k even: A, k odd: M); centre_k = anchor_k + sig * (CNN
// correction + linear causal predictor), log scale_k = log sig + CNN output (starting at
// a logistic of the noise's variance). The network sees, per causal neighbour, u = (x - A) /
// sig squashed as 16 asinh(u / 16), a constant 1 and the flags x == the frame's highest /
// lowest value (saturation, BLANK), and at the current pixel (causal quantities, 1x1
// convolutions) (M - A) / sig squashed and log(sig / the frame's noise), so it learns where
// to trust the background or the edge predictor and how the local noise compares with the
// frame's (features.h: neighbour_inputs, pixel_inputs, frame_stats).
// msb-lsb: the same trunk and anchored mixture, factorised into the two bytes: the high
// byte's 256-way softmax has logits log P_mix(bin m) + a learned correction, the low byte's
// log P_mix(256 m + v) + a correction from the trunk and the high byte's embedding. With
// zero corrections (the initial state) the product is exactly the mixture. (Format 2 fed
// the network the raw bytes and had no prior: 0.77 bpp worse than direct on the sample sky,
// docs/performance.md.)
//
// Files: net_torch.cpp (the network and its likelihood), weights_torch.cpp (export to the
// kernel's layout), model_torch.cpp (the backend: create, load with checks, save, the module
// entry point), train_torch.cpp, reference_torch.cpp (LibTorch's forward pass, the exact
// per-pixel distribution).
#include <torch/torch.h>

#include <array>
#include <memory>
#include <nlohmann/json.hpp>
#include <numbers>

#include "engine/neural/features.h"
#include "engine/neural/infer.h"
#include "engine/neural/module.h"
#include "engine/neural/neural.h"

namespace bitsky::neural::libtorch {

namespace nn = torch::nn;

inline constexpr int kEmbed = detail::kEmbedDim;
inline constexpr double kLn2 = std::numbers::ln2;
using detail::kMaxLogScale;
using detail::kMinLogScale;

// Anchor of mixture component k (direct): 0 = local background A, 1 = the prediction M.
inline std::int64_t anchor_of(std::int64_t k) { return k % 2; }

// The causal mask of a k x k kernel ([out, in, k, k]): mask A without the centre, B with it.
torch::Tensor causal_mask(std::int64_t out, std::int64_t in, int k, bool include_centre);

struct MaskedConv2dImpl : nn::Module {
    MaskedConv2dImpl(std::int64_t in, std::int64_t out, int k, bool include_centre, bool bias = true)
        : pad(k / 2) {
        conv = register_module("conv", nn::Conv2d(nn::Conv2dOptions(in, out, k).padding(k / 2).bias(bias)));
        mask = register_buffer("mask", causal_mask(out, in, k, include_centre));
    }
    torch::Tensor forward(const torch::Tensor& x) { return torch::conv2d(x, conv->weight * mask, conv->bias, 1, pad); }
    int pad;
    nn::Conv2d conv{nullptr};
    torch::Tensor mask;
};
TORCH_MODULE(MaskedConv2d);

inline nn::Conv2d conv1x1(std::int64_t in, std::int64_t out, bool bias = true) {
    return nn::Conv2d(nn::Conv2dOptions(in, out, 1).bias(bias));
}

struct NetImpl : nn::Module {
    explicit NetImpl(const ModelConfig& c);

    // Rows of context a pixel's output depends on (above it).
    int halo() const { return 3 + cfg.layers; }

    // inp [B,NB+1,H,W] = the neighbour inputs (features.h, NB = kNeighbourInputs: g(u), ones,
    // ...), then g(u) again for the linear predictor, with u = (x - A) / sig; med
    // [B,NP+1,H,W] = the pixel inputs (NP = kPixelInputs: g((M - A) / sig), the frame
    // constants' terms), then g((M - A) / sig) again. g = 16 asinh(u / 16): linear within ~16
    // sigma, logarithmic for stars (a linear path on raw u made training unstable on bright
    // sources).
    static constexpr std::int64_t NB = detail::kNeighbourInputs, NP = detail::kPixelInputs;
    torch::Tensor trunk(const torch::Tensor& inp, const torch::Tensor& med) {
        torch::Tensor h = input(inp.narrow(1, 0, NB)) + med_in(med.narrow(1, 0, NP));
        for (std::size_t l = 0; l < blocks_a.size(); ++l) h = h + blocks_b[l](torch::elu(blocks_a[l](torch::elu(h))));
        return torch::elu(h);
    }

    // [B, 3K, H, W] = mixture logits, centre offsets (units of scale), log scales.
    torch::Tensor mixture_params(const torch::Tensor& h, const torch::Tensor& inp, const torch::Tensor& med) {
        const std::int64_t K = cfg.mixtures;
        auto p = head(h);
        auto mu = p.narrow(1, K, K) + linear(inp.narrow(1, NB, 1)) + linear_med(med.narrow(1, NP, 1));
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
    Batch rows(std::int64_t r0, std::int64_t n) const;
};

// stats[k]: the constants of the frame image k was cut from (features.h frame_stats; a
// crop sees its whole frame's constants). With the context predictor, ctx holds the B
// images' predictions (a crop's, cut from its whole frame's); null: each image's own
// (features.h context_predictions), as for a whole frame or a tile.
Batch make_batch(const std::uint16_t* px, std::int64_t B, std::int64_t H, std::int64_t W, Split split,
                 const detail::FrameStats* stats, Predictor predictor, const float* ctx = nullptr);

// log P(x) in nats, [B,H,W], in the dtype of the network output (float for training,
// double for evaluation: the network runs in float, the likelihood in `dtype`).
torch::Tensor log_prob(Net& net, const Batch& b, torch::ScalarType dtype);

// The trained weights in the layout of detail::eval_rows (only the masks' open taps).
detail::NetWeights export_weights(Net& net);

// A training run stopped before its end (cancelled): everything train() needs to continue it
// exactly as if it had not stopped; kept by the model and written / read as a checkpoint file
// (model_torch.cpp: the network, the optimizer and this as JSON).
struct TrainState {
    nlohmann::json run;          // the options and frames it trains on (must match to continue)
    nlohmann::json meta_before;  // the model's metadata when the run began
    std::int64_t t = 0;          // steps done
    int epoch = 1, step = 1;     // the next step to run
    double epoch_sum = 0;        // loss sum of that epoch's steps done
    std::array<std::uint64_t, 4> rng{};             // the patch generator
    std::vector<double> loss_curve, holdout_curve;  // finished epochs
    double seconds = 0;                             // training time so far
    std::shared_ptr<torch::optim::Adam> adam;       // on the model's parameters
};

// A model in the module: the network and its metadata (the JSON the file stores).
class TorchModel final : public detail::ModelBackend {
public:
    TorchModel(const ModelConfig& config, std::uint64_t seed);  // fresh weights from the seed
    static std::unique_ptr<TorchModel> load(const std::filesystem::path& path);

    // The interface (model_torch.cpp): LibTorch's errors come out as bitsky::Error.
    std::string metadata_json() const override { return meta_.dump(2); }
    std::size_t parameter_count() const override;
    detail::NetWeights weights() const override;
    void save(const std::filesystem::path& path) const override;
    TrainReport train(const std::vector<TrainFrame>& frames, const TrainOptions& options) override;
    NeuralCostMap reference_cost_map(const Frame16& frame, Context context, int threads) const override;
    std::vector<double> pixel_distribution(const Frame16& frame, std::size_t x, std::size_t y) const override;
    bool training_pending() const override { return pending_ != nullptr; }
    void save_checkpoint(const std::filesystem::path& path) const override;  // model_torch.cpp
    static std::unique_ptr<TorchModel> load_checkpoint(const std::filesystem::path& path);

private:
    TorchModel() = default;
    TrainReport run_training(const std::vector<TrainFrame>& frames, const TrainOptions& options);  // train_torch.cpp
    // reference_torch.cpp
    NeuralCostMap forward_cost_map(const Frame16& frame, Context context, int threads) const;
    std::vector<double> forward_distribution(const Frame16& frame, std::size_t x, std::size_t y) const;
    double offset() const { return meta_.value("offset", 0.0); }
    double scale() const { return meta_.value("scale", 1.0); }
    int patch() const { return meta_.value("patch", 32); }
    // Sets the normalisation (offset, scale, patch) from the frames unless already trained.
    void normalise(const std::vector<const TrainFrame*>& frames, int patch);

    ModelConfig cfg_;
    mutable Net net_{nullptr};  // forward passes are not const in LibTorch
    nlohmann::json meta_;
    std::shared_ptr<TrainState> pending_;  // a cancelled run (train() continues it)
};

}  // namespace bitsky::neural::libtorch
