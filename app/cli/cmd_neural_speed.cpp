// bitsky-cli neural-speed: inference speed and memory of the neural model on a synthetic
// SIZE x SIZE frame (sample-sky generator: read noise 5 ADU, sky 100 e-, stars and
// galaxies): the full-frame and the tiled (paper protocol) bit-cost maps on --threads
// threads, beside the `context` map on one core and LibTorch's own forward pass
// (Model::reference_cost_map, the previous implementation) on a full-width strip of the same
// frame, both measured in the same run (the machine may be shared: compare the ratios).
// Peak RSS is read after the kernel runs, before the LibTorch reference runs.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/command.h"
#include "engine/analysis/costmap.h"
#include "engine/neural/neural.h"
#include "engine/sample/sample_sky.h"
#include "engine/util/error.h"
#include "engine/util/timing.h"
#include "engine/util/json.h"

namespace bitsky::cli {
namespace {

using util::wall_seconds;

// Best wall time of fn over `repeat` runs.
template <class Fn>
double best_of(int repeat, Fn&& fn) {
    double best = -1;
    for (int i = 0; i < repeat; ++i) {
        const double t0 = wall_seconds();
        fn();
        const double t = wall_seconds() - t0;
        if (best < 0 || t < best) best = t;
    }
    return best;
}

// CPU time (user + system) of the process so far: on a shared machine, pixels per CPU second
// is what one idle core would give.
double cpu_seconds() { return util::process_cpu_seconds(); }

double peak_rss_mib() { return double(util::peak_rss_kib()) / 1024.0; }

class NeuralSpeed final : public Command {
public:
    void declare(CLI::App& cmd) override {
        cmd.add_option("--model", model_path_, "Model file made by bitsky-cli train")->required()->type_name("MODEL");
        cmd.add_option("--size", size_, "Side of the synthetic frame (pixels)")
            ->check(at_least(32))
            ->capture_default_str();
        cmd.add_option("--threads", threads_, "Inference threads")->check(at_least(1))->capture_default_str();
        cmd.add_option("--repeat", repeat_, "Runs of each map (the best counts)")
            ->check(at_least(1))
            ->capture_default_str();
        cmd.add_option("--reference-rows", ref_rows_, "Rows of the LibTorch reference strip (0: skip it)")
            ->check(at_least(0))
            ->capture_default_str();
        cmd.add_flag("--json", json_, "Print JSON instead of text");
    }
    int run() override;

private:
    std::string model_path_;
    long long size_ = 2048, threads_ = 1, repeat_ = 1, ref_rows_ = 128;
    bool json_ = false;
};

int NeuralSpeed::run() {
    neural::require_neural();  // exit 2 without neural support
    const std::string& model_path = model_path_;
    const long long size = size_, threads = threads_, repeat = repeat_, ref_rows = ref_rows_;
    auto model = neural::Model::load(model_path);
    const auto s = sample::synthetic_frame(std::size_t(size), std::size_t(size), 5.0, 100.0, 1);
    const Frame16 frame{s.pixels, s.width, s.height};
    const double mpix = double(frame.size()) / 1e6;

    neural::NeuralCostMap full, tiled;
    const double c0 = cpu_seconds();
    const double t_full = best_of(int(repeat), [&] { full = model.cost_map(frame, neural::Context::FullFrame, int(threads)); });
    const double c1 = cpu_seconds();
    const double t_tiled = best_of(int(repeat), [&] { tiled = model.cost_map(frame, neural::Context::Tiled, int(threads)); });
    const double c2 = cpu_seconds();
    const double cpu_full = (c1 - c0) / double(repeat), cpu_tiled = (c2 - c1) / double(repeat);
    const double rss = peak_rss_mib();
    analysis::BitCostMap ctx;
    const double t_ctx = best_of(int(repeat), [&] { ctx = analysis::context_cost_map(frame); });

    // LibTorch's forward pass on the top rows (whole width), and the kernel on the same rows.
    nlohmann::json ref = nullptr;
    if (ref_rows > 0) {
        const std::size_t rows = std::min<std::size_t>(std::size_t(ref_rows), frame.height);
        const Frame16 top{frame.pixels.subspan(0, rows * frame.width), frame.width, rows};
        neural::NeuralCostMap r, k;
        const double t_ref = best_of(int(repeat), [&] { r = model.reference_cost_map(top, neural::Context::FullFrame, int(threads)); });
        const double t_k = best_of(int(repeat), [&] { k = model.cost_map(top, neural::Context::FullFrame, int(threads)); });
        double worst = 0;
        for (std::size_t i = 0; i < r.bits.size(); ++i) worst = std::max(worst, double(std::abs(r.bits[i] - k.bits[i])));
        const double mp = double(top.size()) / 1e6;
        ref = {{"rows", rows},
               {"libtorch_mpixel_per_s", mp / t_ref},
               {"kernel_mpixel_per_s", mp / t_k},
               {"speedup", t_ref / t_k},
               {"libtorch_bpp", r.bpp()},
               {"kernel_bpp", k.bpp()},
               {"max_abs_bits_difference", worst}};
    }

    // One map's wall and CPU time, speeds and bits per pixel.
    auto timing = [&](double seconds, double cpu_seconds, double bpp) {
        return nlohmann::json{{"seconds", seconds},
                              {"mpixel_per_s", mpix / seconds},
                              {"cpu_seconds", cpu_seconds},
                              {"mpixel_per_cpu_s", mpix / cpu_seconds},
                              {"bpp", bpp}};
    };
    nlohmann::json j{{"model", model_path},
                     {"config", nlohmann::json::parse(model.metadata_json()).value("split", "")},
                     {"parameters", model.parameter_count()},
                     {"width", frame.width},
                     {"height", frame.height},
                     {"threads", threads},
                     {"full", timing(t_full, cpu_full, full.bpp())},
                     {"tiled", timing(t_tiled, cpu_tiled, tiled.bpp())},
                     {"context_map_one_core", {{"seconds", t_ctx}, {"mpixel_per_s", mpix / t_ctx}, {"bpp", ctx.bpp()}}},
                     {"full_vs_context_speed", t_ctx / t_full},
                     {"peak_rss_mib_after_kernel", rss},
                     {"libtorch_reference", ref},
                     {"label", neural::kEstimatedLabel}};
    if (json_) {
        std::cout << util::dump_json(j, 2) << "\n";
        return 0;
    }
    std::printf("%s: %zux%zu frame, %lld thread(s), %zu parameters; bits %s\n", model_path.c_str(), frame.width,
                frame.height, threads, model.parameter_count(), neural::kEstimatedLabel);
    std::printf("  neural full-frame context  %8.3f s  %7.3f Mpixel/s  (CPU %.3f s, %.3f Mpixel per CPU s)  %.4f bpp\n",
                t_full, mpix / t_full, cpu_full, mpix / cpu_full, full.bpp());
    std::printf("  neural 32x32 tiles         %8.3f s  %7.3f Mpixel/s  (CPU %.3f s, %.3f Mpixel per CPU s)  %.4f bpp\n",
                t_tiled, mpix / t_tiled, cpu_tiled, mpix / cpu_tiled, tiled.bpp());
    std::printf("  context map (one core)     %8.3f s  %7.3f Mpixel/s  %.4f bpp  (neural full = %.2fx its speed)\n", t_ctx,
                mpix / t_ctx, ctx.bpp(), t_ctx / t_full);
    std::printf("  peak RSS after the neural maps: %.0f MiB\n", rss);
    if (!ref.is_null())
        std::printf("  LibTorch forward pass on the top %zu rows: %.4f Mpixel/s, kernel %.3f Mpixel/s (%.1fx), "
                    "max |bits difference| %.2g\n",
                    ref["rows"].get<std::size_t>(), ref["libtorch_mpixel_per_s"].get<double>(),
                    ref["kernel_mpixel_per_s"].get<double>(), ref["speedup"].get<double>(),
                    ref["max_abs_bits_difference"].get<double>());
    return 0;
}

Register<NeuralSpeed> registeredNeuralSpeed{"neural-speed",
                          "inference speed and memory of a neural model on a synthetic frame, beside the context map "
                          "and LibTorch"};

}  // namespace
}  // namespace bitsky::cli
