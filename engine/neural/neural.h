#pragma once
// The neural bit-cost model: a compact PixelCNN-style network (masked convolutions) that
// predicts each pixel's distribution from its causal neighbourhood, trained on random
// patches of the user's own images. Its -log2 p per pixel is a *likelihood* (no entropy
// coder is run): every ratio derived from it is labelled kEstimatedLabel.
//
// Two ways to model 16-bit pixels (AstroCompress):
//   direct   a mixture of discretised logistics over the 65536 values; components are
//            anchored alternately on the causal local background (median of the causal
//            neighbours) and a pixel prediction (the bitsky context model's, or MED for
//            models of format 4 and `--predictor med`), plus a learned linear + CNN
//            correction, with scales relative to the causal local noise;
//   msb-lsb  two 256-way softmaxes, the high byte, then the low byte given the high byte:
//            each byte's logits are the log mass the same anchored mixture gives its bins plus
//            a learned correction (the low byte's also sees the high byte's embedding).
//
// This header is Torch-free, and so is bitsky_engine: the network, its training and model
// files live in the neural module (libbitsky_neural.so, engine/neural/*_torch.cpp, built with
// BITSKY_WITH_TORCH, which defines BITSKY_HAVE_TORCH), opened on first use (module.h).
// Bit-cost maps run in the engine (infer.cpp) from the weights the module hands over. Without
// the module every Model operation throws UsageError (CLI exit 2) saying why.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/image/cube.h"

namespace bitsky::neural {

namespace detail {
struct NetWeights;
}

inline constexpr const char* kEstimatedLabel = "estimated (likelihood, no entropy coder)";

// True when this BitSky has neural support: built with LibTorch and its neural module loads
// (the first call loads it: LibTorch's start-up, about a second).
bool built_with_torch();
// Loads the neural module if needed; UsageError if this BitSky has no neural support (built
// without LibTorch: without_torch_message(); or the module cannot be loaded: every place
// tried and why).
void require_neural();
// The error text for builds without LibTorch ("built without neural support ...").
std::string without_torch_message();

enum class Split { Direct, MsbLsb };
std::string split_name(Split s);           // "direct", "msb-lsb"
Split parse_split(std::string_view name);  // UsageError for anything else

// The pixel prediction M the network sees (beside the local background A) and anchors half
// its mixture's components on: MED (models of format 4) or the bitsky context model's
// adaptive blend (engine/model/context_model.h; the default since format 5).
enum class Predictor { Med, Context };
std::string predictor_name(Predictor p);           // "med", "context"
Predictor parse_predictor(std::string_view name);  // UsageError for anything else

struct ModelConfig {
    Split split = Split::Direct;
    // 16 channels and 2 blocks: on the sample sky as good as 32 and 3 after the same training
    // (5.09 vs 5.15 bpp on skyline_001) at a quarter of the arithmetic (docs/performance.md).
    int channels = 16;  // hidden channels
    int layers = 2;     // masked 3x3 residual blocks after the 5x5 mask-A input layer
    int mixtures = 3;   // logistic components (direct)
    Predictor predictor = Predictor::Context;
};

// One training image (owned pixels).
struct TrainFrame {
    std::vector<std::uint16_t> pixels;
    std::size_t width = 0, height = 0;
    std::string source;  // e.g. "path[hdu]#frame"
    bool test_split = false;  // listed by an AstroCompress split whose name ends in "test"
};

// Every measured frame (dataset rules of select_frames) of the files and folders in
// `paths`, at most max_frames (0 = all). dataset_names receives the datasets' names.
std::vector<TrainFrame> load_frames(const std::vector<std::filesystem::path>& paths, std::size_t max_frames = 0,
                                    std::vector<std::string>* dataset_names = nullptr);

// The held-out part of a training set: frames never trained on, whose bits per pixel are
// measured after every epoch. `fraction` in (0, 1): that share of the frames (at least one,
// never all), chosen by the seed; `use_split`: the frames of the AstroCompress layout's test
// splits (TrainFrame::test_split). Returns {training, held-out}; Error when no frame would be
// left to train on or, with use_split, no frame is in a test split.
struct HoldoutSpec {
    double fraction = 0;
    bool use_split = false;
};
std::pair<std::vector<TrainFrame>, std::vector<TrainFrame>> split_holdout(std::vector<TrainFrame> frames,
                                                                          const HoldoutSpec& spec, std::uint64_t seed);

struct TrainProgress {
    int epoch = 0, epochs = 0;  // epoch counts from 1
    int step = 0, steps = 0;    // step within the epoch, from 1
    double loss_bpp = 0;        // running mean of this epoch's loss, bits per pixel
    // On an epoch's last step with held-out frames: their bits per pixel after it; else NaN.
    double holdout_bpp = std::numeric_limits<double>::quiet_NaN();
};

struct TrainOptions {
    int epochs = 10;
    int steps_per_epoch = 64;
    int batch = 32;
    int patch = 32;
    double learning_rate = 2e-3;  // Adam, cosine-decayed to 10% over the run
    std::uint64_t seed = 0;
    int threads = 2;  // torch intra-op threads
    std::vector<std::string> datasets;  // names recorded in the metadata
    std::function<void(const TrainProgress&)> progress;  // called after every step
    // Asked before every step: true stops training there (the model keeps the steps done;
    // the report says cancelled, its loss curve has the epochs begun; save_checkpoint then
    // writes the state a later train() continues from).
    std::function<bool()> cancel;
    // Held-out frames (never trained on): after every epoch their bits per pixel, on a fixed
    // set of up to 64 patch x patch crops chosen by the seed (TrainReport::holdout_curve).
    // Not owned; null or empty: none.
    const std::vector<TrainFrame>* holdout = nullptr;
};

struct TrainReport {
    std::vector<double> loss_curve;     // mean training loss per epoch, bits per pixel
    std::vector<double> holdout_curve;  // held-out bits per pixel after each finished epoch
    double seconds = 0;
    double patches_per_second = 0;
    std::size_t patches = 0;
    bool cancelled = false;
};

// Context used when evaluating a frame.
enum class Context {
    FullFrame,  // every pixel sees its whole causal neighbourhood (BitSky's improvement)
    Tiled,      // the paper's protocol: tiles of patch x patch, reflect-padded, each on its own
    // What the `neural` codec codes (direct split only): the full-frame network's mass of each
    // value's cell of the frame's value set with spikes on the neighbours' values and the
    // plane, mixed causally with an adaptive histogram of the values, one of row-mean
    // residuals, a running Gaussian and a histogram of residuals from the pixel prediction
    // (Bayesian weights from the pixels before), plus the value set's and the constants' bits
    // spread evenly over the pixels. Never above the best of the five by more than about
    // log2(5) bits per frame (plus the value set); the codec's bytes follow it.
    Coded,
};
std::string context_name(Context c);  // "full", "tiled", "coded"

struct NeuralCostMap {
    std::size_t width = 0, height = 0;
    std::vector<float> bits;  // -log2 p per pixel, row-major
    double total_bits = 0;    // exact sum (double) of the per-pixel costs
    Context context = Context::FullFrame;
    double bpp() const { return width * height > 0 ? total_bits / double(width * height) : 0.0; }
    double ratio() const { return total_bits > 0 ? 16.0 * double(width * height) / total_bits : 0.0; }
};

class Model {
public:
    // A fresh (untrained) model; weights initialised from the seed.
    Model(const ModelConfig& config, std::uint64_t seed);
    ~Model();
    Model(Model&&) noexcept;
    Model& operator=(Model&&) noexcept;

    // One archive file holding the weights and the metadata (JSON); save() also writes a
    // human-readable copy of the metadata to "<path>.json". Errors name the file; load()
    // checks every metadata field (metadata.h) and every weight's shape and values.
    static Model load(const std::filesystem::path& path);
    void save(const std::filesystem::path& path) const;

    // Trains on random patch x patch crops (horizontal flips), deterministic for a seed
    // and thread count. Records the training frames' median level and noise first (epochs = 0
    // only does that; since format 4 the network's fallbacks where a frame has no causal
    // context yet are each frame's own constants, so these are metadata). Appends to the
    // stored loss curve.
    // A model whose previous train() was cancelled continues that run (checkpoint): the
    // options and frames must be the same (else UsageError naming what differs), and the
    // final weights equal those of an uninterrupted run bit for bit (same build and thread
    // count); the report's curves then cover the whole run.
    TrainReport train(const std::vector<TrainFrame>& frames, const TrainOptions& options);

    // True after a cancelled train(): a run to continue (save_checkpoint, train).
    bool training_pending() const;
    // The cancelled run's whole state: weights, Adam moments and step counts, the step
    // reached, the patch RNG's state, the epoch's partial loss, the curves so far and the
    // options and frames it trains on. Error when no training is pending.
    void save_checkpoint(const std::filesystem::path& path) const;
    // The model as it was at the checkpoint, its training pending (train() continues it).
    static Model load_checkpoint(const std::filesystem::path& path);

    // Per-pixel cost of a frame, on `threads` threads (0: one per core). Full-frame context
    // runs in row strips of strip_rows rows (0: automatic, at most 256), each computed from
    // the receptive field's rows above it, so the bits are identical for any strip height and
    // thread count; memory stays a few MB beyond the frame and the map.
    NeuralCostMap cost_map(const Frame16& frame, Context context, int threads = 0, std::size_t strip_rows = 0) const;
    // The same map through LibTorch's forward pass (the pre-kernel implementation): slow,
    // independent of cost_map's kernel; for checks and as the benchmark's reference.
    NeuralCostMap reference_cost_map(const Frame16& frame, Context context, int threads = 0) const;
    // The model's full distribution (65536 probabilities) for pixel (x, y) given its
    // full-frame causal context, computed independently of cost_map (for checks).
    std::vector<double> pixel_distribution(const Frame16& frame, std::size_t x, std::size_t y) const;

    // What decides the model's distributions, for the `neural` codec (pixel_coder.h): the
    // kernel's weights (and, with each frame's constants, nothing else). The training
    // frames' level and noise (metadata, in the content hash; not used by the kernel since
    // format 4).
    const detail::NetWeights& kernel_weights() const;
    double fallback_offset() const;
    double fallback_scale() const;
    // The model's content hash: XXH3-64 of the split, shape, fallback level and noise and
    // every weight the kernel uses, as 16 hex digits. Two files with the same hash code
    // and decode the same; the `neural` codec's streams name their model by it.
    std::string content_hash() const;

    const ModelConfig& config() const;
    int patch() const;                  // training patch size (the tile size for Context::Tiled)
    std::string metadata_json() const;  // config, normalisation, training history
    std::size_t parameter_count() const;

private:
    Model();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace bitsky::neural
