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

TrainReport TorchModel::run_training(const std::vector<TrainFrame>& frames, const TrainOptions& opt) {
    const int P = opt.patch;
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
    normalise(usable, P);
    const double off = offset(), sc = scale();

    torch::manual_seed(opt.seed);
    util::Random rng(opt.seed ^ 0x6E657572616CULL);
    auto& net = net_;
    net->train();
    torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(opt.learning_rate));
    const std::int64_t total_steps = std::int64_t(opt.epochs) * opt.steps_per_epoch;
    std::vector<std::uint16_t> buf(std::size_t(opt.batch) * P * P);
    TrainReport report;
    const auto t0 = std::chrono::steady_clock::now();
    std::int64_t t = 0;
    int epochs_begun = 0;
    for (int e = 1; e <= opt.epochs && !report.cancelled; ++e) {
        double sum = 0;
        int s = 1;
        for (; s <= opt.steps_per_epoch; ++s, ++t) {
            if (opt.cancel && opt.cancel()) {
                report.cancelled = true;
                break;
            }
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
            auto batch = make_batch(buf.data(), opt.batch, P, P, cfg_.split, off, sc);
            auto loss = -log_prob(net, batch, torch::kFloat).mean() / kLn2;
            adam.zero_grad();
            loss.backward();
            adam.step();
            sum += loss.item<double>();
            if (opt.progress) opt.progress({e, opt.epochs, s, opt.steps_per_epoch, sum / s});
        }
        if (s > 1) {  // a cancelled epoch counts with the steps it ran
            ++epochs_begun;
            report.loss_curve.push_back(sum / (s - 1));
        }
    }
    net->eval();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    report.patches = std::size_t(t) * std::size_t(opt.batch);
    report.patches_per_second = report.seconds > 0 ? double(report.patches) / report.seconds : 0;

    auto& m = meta_;
    m["epochs"] = m.value("epochs", 0) + epochs_begun;
    for (double l : report.loss_curve) m["loss_curve"].push_back(l);
    std::vector<std::string> sources;
    for (const auto* f : usable) sources.push_back(f->source);
    nlohmann::json run{{"epochs", opt.epochs},
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
                       {"loss_curve", report.loss_curve}};
    if (report.cancelled) run["cancelled_after_steps"] = t;
    m["training"].push_back(run);
    return report;
}

}  // namespace bitsky::neural::libtorch
