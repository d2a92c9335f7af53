// Training of the neural model (LibTorch autograd, Adam): random patch x patch crops of the
// training frames, horizontally flipped at random, deterministic for a seed and thread count.
#include <algorithm>
#include <chrono>
#include <cmath>

#include "engine/neural/net_torch.h"
#include "engine/util/error.h"
#include "engine/util/random.h"

namespace bitsky::neural::libtorch {

namespace {
double median(std::vector<double>& v) {
    if (v.empty()) return 0.0;
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
    return v[v.size() / 2];
}
}  // namespace

// Input normalisation from a strided sample: median value and noise (MAD of horizontal
// differences / sqrt 2). A trained model keeps its normalisation when fine-tuned.
void TorchModel::normalise(const std::vector<const TrainFrame*>& usable, int patch) {
    std::vector<double> vals, diffs;
    const std::size_t budget = 1 << 20;
    for (const auto* f : usable) {
        const std::size_t n = f->width * f->height, stride = std::max<std::size_t>(1, n * usable.size() / budget);
        for (std::size_t i = 0; i + 1 < n; i += stride) {
            vals.push_back(f->pixels[i]);
            if ((i + 1) % f->width != 0) diffs.push_back(double(f->pixels[i + 1]) - double(f->pixels[i]));
        }
    }
    const double off = median(vals);
    for (auto& d : diffs) d = std::abs(d);
    const double sigma = 1.4826 * median(diffs) / std::sqrt(2.0);
    if (meta_.value("epochs", 0) == 0) {
        meta_["offset"] = off;
        meta_["scale"] = std::max(sigma, 0.5);
        meta_["patch"] = patch;
    }
}

namespace {

// The frames usable for patch x patch crops, with their cumulative pixel counts (crops are
// drawn in proportion to frame area).
struct Usable {
    std::vector<const TrainFrame*> frames;
    std::vector<detail::FrameStats> stats;  // each frame's constants (features.h), seen by its crops
    // The context predictor's predictions of each whole frame and of its mirror image (a
    // flipped crop is cut from the mirror image's, which are causal in the crop's order);
    // empty for MED.
    std::vector<std::vector<float>> ctx, ctx_mirror;
    std::vector<double> cumulative;
    double total = 0;
};
Usable usable_frames(const std::vector<TrainFrame>& frames, int P, Predictor predictor) {
    Usable u;
    for (const auto& f : frames)
        if (f.width >= std::size_t(P) && f.height >= std::size_t(P) && f.pixels.size() >= f.width * f.height) {
            u.frames.push_back(&f);
            u.stats.push_back(detail::frame_stats(f.pixels.data(), f.width, f.height));
            u.total += double(f.width * f.height);
            u.cumulative.push_back(u.total);
            if (predictor != Predictor::Context) continue;
            const double first = u.stats.back().background;
            u.ctx.push_back(detail::context_predictions(f.pixels.data(), f.width, f.height, first));
            std::vector<std::uint16_t> mirror(f.width * f.height);
            for (std::size_t y = 0; y < f.height; ++y)
                std::reverse_copy(f.pixels.begin() + std::ptrdiff_t(y * f.width),
                                  f.pixels.begin() + std::ptrdiff_t((y + 1) * f.width),
                                  mirror.begin() + std::ptrdiff_t(y * f.width));
            u.ctx_mirror.push_back(detail::context_predictions(mirror.data(), f.width, f.height, first));
        }
    return u;
}

// Fills `n` crops of P x P (horizontally flipped at random) from the frames, stats[k] with
// the constants of crop k's frame and, with the context predictor, ctx with the crops'
// predictions.
void draw_crops(const Usable& u, util::Random& rng, int n, int P, std::uint16_t* out, detail::FrameStats* stats,
                float* ctx) {
    for (int k = 0; k < n; ++k) {
        const double pick = rng.uniform() * u.total;
        const std::size_t fi = std::min(
            std::size_t(std::upper_bound(u.cumulative.begin(), u.cumulative.end(), pick) - u.cumulative.begin()),
            u.frames.size() - 1);
        const TrainFrame& f = *u.frames[fi];
        stats[k] = u.stats[fi];
        const std::size_t x0 = rng.next() % (f.width - P + 1), y0 = rng.next() % (f.height - P + 1);
        const bool flip = rng.next() & 1;
        std::uint16_t* dst = out + std::size_t(k) * P * P;
        for (int r = 0; r < P; ++r)
            for (int c = 0; c < P; ++c)
                dst[r * P + c] = f.pixels[(y0 + r) * f.width + x0 + std::size_t(flip ? P - 1 - c : c)];
        if (u.ctx.empty()) continue;
        // Column x0 + P - 1 - c of the frame is column (width - x0 - P) + c of its mirror image.
        const std::size_t mx0 = f.width - x0 - std::size_t(P);
        const std::vector<float>& plane = flip ? u.ctx_mirror[fi] : u.ctx[fi];
        float* cdst = ctx + std::size_t(k) * P * P;
        for (int r = 0; r < P; ++r)
            for (int c = 0; c < P; ++c) cdst[r * P + c] = plane[(y0 + r) * f.width + (flip ? mx0 : x0) + std::size_t(c)];
    }
}

std::vector<std::string> sources_of(const std::vector<const TrainFrame*>& frames) {
    std::vector<std::string> s;
    for (const auto* f : frames) s.push_back(f->source);
    return s;
}

// What a continued run must share with the cancelled one: the first difference, or "".
std::string run_difference(const nlohmann::json& was, const nlohmann::json& now) {
    for (auto it = was.begin(); it != was.end(); ++it) {
        if (!now.contains(it.key())) return it.key();
        if (now[it.key()] != it.value()) {
            if (it.value().is_array()) return it.key() + " (" + std::to_string(it.value().size()) + " then, " +
                                              std::to_string(now[it.key()].size()) + " now)";
            return it.key() + " (" + it.value().dump() + " then, " + now[it.key()].dump() + " now)";
        }
    }
    return "";
}

}  // namespace

TrainReport TorchModel::run_training(const std::vector<TrainFrame>& frames, const TrainOptions& opt) {
    const int P = opt.patch;
    const Usable use = usable_frames(frames, P, cfg_.predictor);
    if (use.frames.empty()) throw Error("no training frame is at least " + std::to_string(P) + "x" + std::to_string(P));
    static const std::vector<TrainFrame> none;
    const Usable held = usable_frames(opt.holdout ? *opt.holdout : none, P, cfg_.predictor);  // pointers into the caller's frames
    if (opt.holdout && !opt.holdout->empty() && held.frames.empty())
        throw Error("no held-out frame is at least " + std::to_string(P) + "x" + std::to_string(P));
    const nlohmann::json run_key{{"epochs", opt.epochs},
                                 {"steps_per_epoch", opt.steps_per_epoch},
                                 {"batch", opt.batch},
                                 {"patch", P},
                                 {"learning_rate", opt.learning_rate},
                                 {"seed", opt.seed},
                                 {"threads", opt.threads},
                                 {"frames", sources_of(use.frames)},
                                 {"holdout", sources_of(held.frames)}};
    // A cancelled run continues where it stopped; anything else starts a new run.
    std::shared_ptr<TrainState> st = pending_;
    if (st) {
        const std::string diff = run_difference(st->run, run_key);
        if (!diff.empty())
            throw UsageError("cannot continue the cancelled training: its " + diff +
                             " differ; continue it with the same options and frames");
        meta_ = st->meta_before;
    } else {
        st = std::make_shared<TrainState>();
        st->run = run_key;
    }
    if (opt.threads > 0) torch::set_num_threads(opt.threads);
    normalise(use.frames, P);  // the same values again when continuing (same frames)
    if (!pending_) st->meta_before = meta_;

    torch::manual_seed(opt.seed);
    util::Random rng(opt.seed ^ 0x6E657572616CULL);
    if (pending_) rng.set_state(st->rng);
    pending_.reset();
    auto& net = net_;
    net->train();
    if (!st->adam)
        st->adam = std::make_shared<torch::optim::Adam>(net->parameters(), torch::optim::AdamOptions(opt.learning_rate));
    torch::optim::Adam& adam = *st->adam;

    // Held-out crops: fixed for the run (their own generator), up to 64 of P x P.
    const int nheld = held.frames.empty() ? 0 : 64;
    std::vector<std::uint16_t> held_buf(std::size_t(nheld) * P * P);
    std::vector<detail::FrameStats> held_stats(static_cast<std::size_t>(nheld));
    std::vector<float> held_ctx(held.ctx.empty() ? 0 : held_buf.size());
    if (nheld) {
        util::Random hrng(opt.seed ^ 0x68656C646F7574ULL);
        draw_crops(held, hrng, nheld, P, held_buf.data(), held_stats.data(), held_ctx.data());
    }
    auto held_bpp = [&] {
        torch::NoGradGuard no_grad;
        auto batch = make_batch(held_buf.data(), nheld, P, P, cfg_.split, held_stats.data(), cfg_.predictor,
                                held_ctx.empty() ? nullptr : held_ctx.data());
        return (-log_prob(net, batch, torch::kDouble).mean() / kLn2).item<double>();
    };

    const std::int64_t total_steps = std::int64_t(opt.epochs) * opt.steps_per_epoch;
    std::vector<std::uint16_t> buf(std::size_t(opt.batch) * P * P);
    std::vector<detail::FrameStats> buf_stats(static_cast<std::size_t>(opt.batch));
    std::vector<float> buf_ctx(use.ctx.empty() ? 0 : buf.size());
    TrainReport report;
    report.loss_curve = st->loss_curve;
    report.holdout_curve = st->holdout_curve;
    const auto t0 = std::chrono::steady_clock::now();
    std::int64_t& t = st->t;
    for (int& e = st->epoch; e <= opt.epochs && !report.cancelled;) {
        double& sum = st->epoch_sum;
        int& s = st->step;
        for (; s <= opt.steps_per_epoch; ++s, ++t) {
            if (opt.cancel && opt.cancel()) {
                report.cancelled = true;
                break;
            }
            draw_crops(use, rng, opt.batch, P, buf.data(), buf_stats.data(), buf_ctx.data());
            const double lr = opt.learning_rate *
                              (0.1 + 0.45 * (1.0 + std::cos(std::numbers::pi * double(t) / double(std::max<std::int64_t>(total_steps, 1)))));
            for (auto& g : adam.param_groups()) static_cast<torch::optim::AdamOptions&>(g.options()).lr(lr);
            auto batch = make_batch(buf.data(), opt.batch, P, P, cfg_.split, buf_stats.data(), cfg_.predictor,
                                    buf_ctx.empty() ? nullptr : buf_ctx.data());
            auto loss = -log_prob(net, batch, torch::kFloat).mean() / kLn2;
            adam.zero_grad();
            loss.backward();
            adam.step();
            sum += loss.item<double>();
            TrainProgress p{e, opt.epochs, s, opt.steps_per_epoch, sum / s};
            if (s == opt.steps_per_epoch && nheld) {
                p.holdout_bpp = held_bpp();
                st->holdout_curve.push_back(p.holdout_bpp);
                report.holdout_curve.push_back(p.holdout_bpp);
            }
            if (opt.progress) opt.progress(p);
        }
        if (s > 1) report.loss_curve.push_back(sum / (s - 1));  // a cancelled epoch counts with the steps it ran
        if (!report.cancelled) {
            st->loss_curve.push_back(sum / (s - 1));
            sum = 0;
            s = 1;
            ++e;
        }
    }
    net->eval();
    st->seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    report.seconds = st->seconds;
    report.patches = std::size_t(t) * std::size_t(opt.batch);
    report.patches_per_second = report.seconds > 0 ? double(report.patches) / report.seconds : 0;
    if (report.cancelled) {
        st->rng = rng.state();
        pending_ = st;  // save_checkpoint writes it, train() continues it
    }

    auto& m = meta_;
    m["epochs"] = m.value("epochs", 0) + int(report.loss_curve.size());  // epochs begun
    for (double l : report.loss_curve) m["loss_curve"].push_back(l);
    // The run's options and frames (run_key) with what it measured.
    nlohmann::json run = run_key;
    run["datasets"] = opt.datasets;
    run["seconds"] = report.seconds;
    run["patches_per_second"] = report.patches_per_second;
    run["loss_curve"] = report.loss_curve;
    if (held.frames.empty())
        run.erase("holdout");
    else
        run["holdout_curve"] = report.holdout_curve;
    if (report.cancelled) run["cancelled_after_steps"] = t;
    m["training"].push_back(run);
    return report;
}

}  // namespace bitsky::neural::libtorch
