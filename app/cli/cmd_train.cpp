// bitsky-cli train: train the neural bit-cost model on random patches of the given
// images (files or folders), deterministic for a seed; saves weights + metadata to MODEL
// (and MODEL.json) and, with --db, records the model in the results store.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unistd.h>

#include "app/cli/command.h"
#include "engine/neural/neural.h"
#include "engine/store/store.h"
#include "engine/util/error.h"

namespace bitsky::cli {
namespace {

#ifdef BITSKY_HAVE_TORCH
void draw_progress(const neural::TrainProgress& p, bool tty) {
    const int width = 30;
    const double done = (double(p.epoch - 1) * p.steps + p.step) / (double(p.epochs) * p.steps);
    if (tty) {
        const int fill = int(done * width + 0.5);
        std::fprintf(stderr, "\r[%s%s] %3.0f%%  epoch %d/%d  step %d/%d  loss %.4f bpp", std::string(fill, '#').c_str(),
                     std::string(width - fill, ' ').c_str(), 100.0 * done, p.epoch, p.epochs, p.step, p.steps, p.loss_bpp);
        if (p.step == p.steps) std::fprintf(stderr, "\n");
    } else if (p.step == p.steps) {
        std::fprintf(stderr, "epoch %d/%d  loss %.4f bpp\n", p.epoch, p.epochs, p.loss_bpp);
    }
    std::fflush(stderr);
}
#endif

int run_train(const std::vector<std::string>& argv) {
    Args args(argv,
              {"out", "epochs", "patch", "split", "seed", "db", "steps", "batch", "channels", "layers", "mixtures", "threads",
               "lr", "max-frames"},
              {"quiet"});
    auto out = args.value("out");
    if (!out) throw UsageError("--out MODEL is required");
    if (!args.value("epochs")) throw UsageError("--epochs E is required");
    if (args.positional().empty()) throw UsageError("name at least one FITS file or folder to train on");
    const auto split = neural::parse_split(args.value_or("split", "direct"));
    const long long epochs = args.int_or("epochs", 0), patch = args.int_or("patch", 32), seed = args.int_or("seed", 0);
    const long long steps = args.int_or("steps", 64), batch = args.int_or("batch", 32), threads = args.int_or("threads", 1);
    const long long channels = args.int_or("channels", 16), layers = args.int_or("layers", 2);
    const long long mixtures = args.int_or("mixtures", 3), max_frames = args.int_or("max-frames", 0);
    double lr = 2e-3;
    if (auto v = args.value("lr")) {
        try {
            lr = std::stod(*v);
        } catch (const std::exception&) {
            throw UsageError("--lr must be a number");
        }
    }
    if (epochs < 0 || patch < 4 || seed < 0 || steps < 1 || batch < 1 || threads < 1 || channels < 1 || layers < 0 ||
        mixtures < 1 || max_frames < 0 || !(lr > 0))
        throw UsageError("--epochs >= 0, --patch >= 4, --seed >= 0, --steps/--batch/--threads/--channels/--mixtures >= 1, "
                         "--layers >= 0, --lr > 0");
#ifndef BITSKY_HAVE_TORCH
    (void)split;
    throw Error(neural::without_torch_message());
#else
    std::vector<std::filesystem::path> paths(args.positional().begin(), args.positional().end());
    std::vector<std::string> datasets;
    auto frames = neural::load_frames(paths, std::size_t(max_frames), &datasets);
    if (frames.empty()) throw Error("no 16-bit frames found to train on");
    std::size_t pixels = 0;
    for (const auto& f : frames) pixels += f.width * f.height;
    const bool quiet = args.flag("quiet");
    if (!quiet)
        std::cerr << "training " << neural::split_name(split) << " model on " << frames.size() << " frames ("
                  << double(pixels) / 1e6 << " Mpixel) from " << datasets.size() << " dataset(s)\n";

    neural::ModelConfig cfg{split, int(channels), int(layers), int(mixtures)};
    neural::Model model(cfg, std::uint64_t(seed));
    neural::TrainOptions opt;
    opt.epochs = int(epochs);
    opt.steps_per_epoch = int(steps);
    opt.batch = int(batch);
    opt.patch = int(patch);
    opt.learning_rate = lr;
    opt.seed = std::uint64_t(seed);
    opt.threads = int(threads);
    opt.datasets = datasets;
    const bool tty = isatty(fileno(stderr));
    if (!quiet) opt.progress = [tty](const neural::TrainProgress& p) { draw_progress(p, tty); };
    auto report = model.train(frames, opt);
    model.save(*out);

    std::cout << "model " << *out << " (" << model.parameter_count() << " parameters, split "
              << neural::split_name(split) << ")\n";
    std::cout << "loss (bpp per epoch):";
    for (double l : report.loss_curve) std::cout << " " << l;
    std::cout << "\ntrained " << report.patches << " patches in " << report.seconds << " s ("
              << report.patches_per_second << " patches/s)\n";
    if (auto db = args.value("db")) {
        store::ResultsStore st(*db);
        store::ModelRecord rec;
        rec.name = std::filesystem::path(*out).filename().string();
        rec.kind = "neural:" + neural::split_name(split);
        rec.path = std::filesystem::absolute(*out).string();
        rec.metadata = model.metadata_json();
        st.upsert_model(rec);
        std::cout << "recorded in " << *db << " as model '" << rec.name << "'\n";
    }
    return 0;
#endif
}

Register reg{"train",
             "--out MODEL --epochs E [--patch 32] [--split direct|msb-lsb] [--seed S] [--steps 64] [--batch 32] "
             "[--channels 16] [--layers 2] [--mixtures 3] [--threads 1] [--lr 2e-3] [--max-frames N] [--db DB] [--quiet] "
             "PATH...",
             "train the neural bit-cost model (LibTorch) on random patches of FITS images", run_train};

}  // namespace
}  // namespace bitsky::cli
