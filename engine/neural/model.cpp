// neural::Model in the engine (Torch-free): the network, training and model files are in the
// neural module (module.h), reached through a ModelBackend; bit-cost maps run here, in
// infer.cpp's kernel, on the weights the module hands over (copied once per load or
// training, and checked: an inconsistent model is refused before the kernel runs).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <new>
#include <atomic>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>

#include <xxhash.h>

#include "engine/neural/alphabet.h"
#include "engine/neural/features.h"
#include "engine/neural/infer.h"
#include "engine/neural/metadata.h"
#include "engine/neural/module.h"
#include "engine/neural/neural.h"
#include "engine/neural/pixel_coder.h"
#include "engine/util/error.h"
#include "engine/util/files.h"

namespace bitsky::neural {

namespace {

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

struct Model::Impl {
    std::unique_ptr<detail::ModelBackend> backend;
    detail::ModelInfo info;      // the checked metadata
    detail::NetWeights weights;  // the kernel's copy of the weights

    // Takes the metadata and weights from the backend (after load, creation, training) and
    // checks them: `name` (the file) is named in the errors.
    void refresh(const std::string& name) {
        info = detail::parse_metadata(backend->metadata_json(), name);
        weights = backend->weights();
        try {
            detail::check_net(weights);
        } catch (const Error& e) {
            throw Error("neural model '" + name + "': " + e.what());
        }
        const auto& c = info.config;
        if (weights.C != c.channels || weights.layers != c.layers || weights.K != c.mixtures ||
            weights.direct != (c.split == Split::Direct) || weights.context_pred != (c.predictor == Predictor::Context))
            throw Error("neural model '" + name + "': the weights do not match the metadata");
    }
};

Model::Model() : impl_(std::make_unique<Impl>()) {}

Model::Model(const ModelConfig& config, std::uint64_t seed) : impl_(std::make_unique<Impl>()) {
    detail::check_config(config);
    impl_->backend = detail::module().create(config, seed);
    impl_->refresh("new model");
}

Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

Model Model::load(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw Error("neural model '" + path.string() + "' does not exist");
    if (std::filesystem::is_directory(path, ec)) throw Error("neural model '" + path.string() + "' is a folder");
    Model m;
    m.impl_->backend = detail::module().load(path);
    m.impl_->refresh(path.string());
    return m;
}

void Model::save(const std::filesystem::path& path) const {
    // Both files appear whole or not at all, and never replace what they are made from.
    util::PartFile model(path);
    const std::filesystem::path side_path = path.string() + ".json";
    util::PartFile side(side_path);
    impl_->backend->save(model.path());
    {
        std::ofstream out(side.path());
        out << metadata_json() << "\n";
        if (!out) throw Error("cannot write '" + side_path.string() + "'");
    }
    model.commit();
    side.commit();
}

TrainReport Model::train(const std::vector<TrainFrame>& frames, const TrainOptions& options) {
    detail::check_patch(options.patch);
    if (options.epochs < 0 || options.steps_per_epoch < 1 || options.batch < 1)
        throw UsageError("bad training options: epochs >= 0, steps >= 1, batch >= 1");
    if (!(options.learning_rate > 0)) throw UsageError("bad training options: the learning rate must be > 0");
    auto report = impl_->backend->train(frames, options);
    impl_->refresh("trained model");
    return report;
}

bool Model::training_pending() const { return impl_->backend->training_pending(); }

void Model::save_checkpoint(const std::filesystem::path& path) const {
    if (!training_pending())
        throw Error("cannot write checkpoint '" + path.string() + "': no cancelled training to continue");
    util::PartFile file(path);  // appears whole or not at all
    impl_->backend->save_checkpoint(file.path());
    file.commit();
}

Model Model::load_checkpoint(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw Error("training checkpoint '" + path.string() + "' does not exist");
    if (std::filesystem::is_directory(path, ec)) throw Error("training checkpoint '" + path.string() + "' is a folder");
    Model m;
    m.impl_->backend = detail::module().load_checkpoint(path);
    m.impl_->refresh(path.string());
    return m;
}

const detail::NetWeights& Model::kernel_weights() const { return impl_->weights; }
double Model::fallback_offset() const { return impl_->info.offset; }
double Model::fallback_scale() const { return impl_->info.scale; }

std::string Model::content_hash() const {
    const auto& n = impl_->weights;
    XXH3_state_t* st = XXH3_createState();
    if (!st) throw std::bad_alloc();
    const std::unique_ptr<XXH3_state_t, XXH_errorcode (*)(XXH3_state_t*)> owner(st, XXH3_freeState);
    XXH3_64bits_reset(st);
    auto add = [&](const void* p, std::size_t len) { XXH3_64bits_update(st, p, len); };
    const std::int64_t shape[] = {n.direct ? 1 : 0, n.C, n.Cp, n.layers, n.K, n.nin, n.nmed, n.head_out, n.head_outp};
    add(shape, sizeof shape);
    const double norm[] = {impl_->info.offset, impl_->info.scale};
    add(norm, sizeof norm);
    // The context predictor changes what the same weights compute (MED models, format 4,
    // keep the hashes they had).
    if (n.context_pred) add("context", 7);
    auto vec = [&](const std::vector<float>& v) {
        const std::uint64_t len = v.size();
        add(&len, sizeof len);
        add(v.data(), v.size() * sizeof(float));
    };
    for (const auto* v : {&n.in_w, &n.in_b, &n.med_w, &n.med_b, &n.head_w, &n.head_b, &n.lin_w, &n.linmed_w,
                          &n.linmed_b, &n.msb_w, &n.msb_b, &n.embed, &n.lsb1_w, &n.lsb1_b, &n.lsb2_w, &n.lsb2_b})
        vec(*v);
    for (const auto* layer : {&n.a_w, &n.a_b, &n.b_w, &n.b_b})
        for (const auto& v : *layer) vec(v);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH3_64bits_digest(st)));
    return hex;
}

const ModelConfig& Model::config() const { return impl_->info.config; }
int Model::patch() const { return impl_->info.patch; }
std::string Model::metadata_json() const { return impl_->backend->metadata_json(); }
std::size_t Model::parameter_count() const { return impl_->backend->parameter_count(); }

NeuralCostMap Model::reference_cost_map(const Frame16& frame, Context context, int threads) const {
    return impl_->backend->reference_cost_map(frame, context, threads);
}

std::vector<double> Model::pixel_distribution(const Frame16& frame, std::size_t x, std::size_t y) const {
    if (x >= frame.width || y >= frame.height) throw UsageError("pixel outside the frame");
    return impl_->backend->pixel_distribution(frame, x, y);
}

namespace {

// The image's context-model predictions for a network that takes them (one pass over the
// image, before its strips), under the options opt (context_options of the image); empty
// otherwise.
std::vector<float> context_plane(const detail::NetWeights& weights, const std::uint16_t* px, std::size_t w,
                                 std::size_t h, const detail::FrameStats& fs, const model::ctxmodel::FrameOptions& opt) {
    if (!weights.context_pred) return {};
    std::vector<float> out(w * h);
    detail::context_predictions(px, w, h, fs.background, opt, out.data());
    return out;
}

// Context::Coded: the network's cell masses in row strips (as FullFrame), then the causal
// mixture with the other experts in raster order (alphabet.h FrameExperts, the state
// pixel_coder.cpp codes with; the
// coder computes the same quantities from its own 16-bit decisions, so the two agree to
// within the rounding of those).
NeuralCostMap coded_cost_map(const detail::NetWeights& weights, const Frame16& frame, const detail::FrameStats& fs,
                             int nthreads, std::size_t strip_rows) {
    if (!weights.direct) throw UsageError("the coded cost map needs a direct-split model (the codec's)");
    NeuralCostMap map = zero_map(frame, Context::Coded);
    const std::size_t W = frame.width, H = frame.height, N = W * H;
    const auto al = detail::Alphabet::of_frame(frame.pixels.data(), N);
    const std::size_t strip =
        strip_rows > 0 ? strip_rows : std::clamp<std::size_t>((H + std::size_t(nthreads) - 1) / std::size_t(nthreads), 1, 256);
    std::vector<double> row_bits(H, 0.0);
    // The bitsky expert's options, which the context predictions the network sees use too.
    model::ctxmodel::FrameOptions opt = detail::context_options(frame.pixels.data(), W, H);
    const auto ctx = context_plane(weights, frame.pixels.data(), W, H, fs, opt);
    parallel_for((H + strip - 1) / strip, nthreads, [&](std::size_t i) {
        const std::size_t r0 = i * strip, r1 = std::min(H, r0 + strip);
        detail::eval_rows(weights, frame.pixels.data(), W, H, r0, r1, fs, map.bits.data() + r0 * W,
                          row_bits.data() + r0, &al, ctx.data());
    });
    double sum = 0;
    const double header = (detail::alphabet_bits(al) + detail::frame_constants_bits(al)) / double(N);
    // As the codec: a constant frame codes no options (and no pixel).
    if (al.size() <= 1) opt = {};
    detail::FrameExperts experts(al, fs.background, fs.sigma, opt.palette);
    auto tap = [&](std::size_t i, const model::ctxmodel::PixelView& view) {
        const std::size_t r = std::size_t(al.cell_of[frame.pixels[i]]), c = i % W, y = i / W;
        const std::uint16_t* row = frame.pixels.data() + (i - c);
        const double med = !weights.context_pred ? detail::med_at(frame.pixels.data(), W, y, c, fs.background)
                           : i == 0             ? double(fs.background)
                                                : detail::context_value(view.P, opt);
        double w[detail::kExperts], p[detail::kExperts];
        experts.at(row, W, c, y, med, view, w);
        experts.learn(r, frame.pixels[i], std::exp2(-double(map.bits[i])), p);
        double mixed = 0;
        for (int j = 0; j < detail::kExperts; ++j) mixed += w[j] * p[j];
        const double bits = -std::log2(mixed);
        map.bits[i] = float(bits + header);
        sum += bits + header;
        return opt.palette ? int(r) : int(frame.pixels[i]);  // the bitsky expert's symbol
    };
    model::ctxmodel::expert_online(W, H, opt, tap);
    map.total_bits = sum;
    return map;
}

}  // namespace

NeuralCostMap Model::cost_map(const Frame16& frame, Context context, int threads, std::size_t strip_rows) const {
    NeuralCostMap map = zero_map(frame, context);
    if (frame.size() == 0) return map;
    if (frame.pixels.size() < frame.size()) throw Error("neural cost map: the frame holds fewer pixels than its shape");
    const detail::FrameStats fs = detail::frame_stats(frame.pixels.data(), frame.width, frame.height);
    const detail::NetWeights& weights = impl_->weights;
    const int nthreads = threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()));
    const std::size_t W = frame.width, H = frame.height;
    if (context == Context::Coded) return coded_cost_map(weights, frame, fs, nthreads, strip_rows);
    if (context == Context::FullFrame) {
        // Row strips, each computed from the halo rows above it on (identical bits to one pass).
        const std::size_t strip =
            strip_rows > 0 ? strip_rows : std::clamp<std::size_t>((H + std::size_t(nthreads) - 1) / std::size_t(nthreads), 1, 256);
        const std::size_t nstrips = (H + strip - 1) / strip;
        std::vector<double> row_bits(H, 0.0);
        const auto ctx = context_plane(weights, frame.pixels.data(), W, H, fs,
                                       detail::context_options(frame.pixels.data(), W, H));
        parallel_for(nstrips, nthreads, [&](std::size_t i) {
            const std::size_t r0 = i * strip, r1 = std::min(H, r0 + strip);
            detail::eval_rows(weights, frame.pixels.data(), W, H, r0, r1, fs, map.bits.data() + r0 * W,
                              row_bits.data() + r0, nullptr, ctx.data());
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
            for (std::size_t c = 0; c < T; ++c)
                buf[r * T + c] = frame.at(detail::reflect(tx * T + c, W), detail::reflect(ty * T + r, H));
        std::vector<float> bits(T * T);
        std::vector<double> rows(T);
        // The tile is an image of its own.
        const auto ctx = context_plane(weights, buf.data(), T, T, fs, detail::context_options(buf.data(), T, T));
        detail::eval_rows(weights, buf.data(), T, T, 0, T, fs, bits.data(), rows.data(), nullptr, ctx.data());
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

}  // namespace bitsky::neural
