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
#include "engine/util/files.h"

namespace bitsky::cli {
namespace {

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

class Train final : public Command {
public:
    void declare(CLI::App& cmd) override {
        cmd.add_option("--out", out_, "Model file to write (metadata in MODEL.json)")->required()->type_name("MODEL");
        cmd.add_option("--epochs", epochs_, "Training epochs")->required()->check(at_least(0));
        cmd.add_option("--patch", patch_, "Training patch side (pixels)")->check(at_least(4))->capture_default_str();
        cmd.add_option("--split", split_, "Bit split of the model: direct | msb-lsb")->capture_default_str();
        cmd.add_option("--seed", seed_, "Random seed (same seed, same model)")
            ->check(at_least(0))
            ->capture_default_str();
        cmd.add_option("--steps", steps_, "Steps per epoch")->check(at_least(1))->capture_default_str();
        cmd.add_option("--batch", batch_, "Patches per step")->check(at_least(1))->capture_default_str();
        cmd.add_option("--channels", channels_, "Hidden channels")->check(at_least(1))->capture_default_str();
        cmd.add_option("--layers", layers_, "Masked 3x3 residual blocks")->check(at_least(0))->capture_default_str();
        cmd.add_option("--mixtures", mixtures_, "Logistic mixture components (direct split)")
            ->check(at_least(1))
            ->capture_default_str();
        cmd.add_option("--threads", threads_, "LibTorch intra-op threads")->check(at_least(1))->capture_default_str();
        cmd.add_option("--lr", lr_, "Adam learning rate (cosine-decayed to 10%)")
            ->check(positive())
            ->capture_default_str();
        cmd.add_option("--max-frames", max_frames_, "Train on at most N frames (0: all)")
            ->check(at_least(0))
            ->capture_default_str();
        cmd.add_option("--db", db_, "Record the model in this results store")->type_name("DB");
        cmd.add_flag("--quiet", quiet_, "No progress on stderr");
        cmd.add_option("PATH", paths_, "FITS files or folders to train on")->required();
    }
    int run() override;

private:
    std::string out_, split_ = "direct", db_;
    long long epochs_ = 0, patch_ = 32, seed_ = 0, steps_ = 64, batch_ = 32, channels_ = 16, layers_ = 2, mixtures_ = 3,
              threads_ = 1, max_frames_ = 0;
    double lr_ = 2e-3;
    bool quiet_ = false;
    std::vector<std::string> paths_;
};

int Train::run() {
    const auto split = neural::parse_split(split_);
    neural::require_neural();  // exit 2 without neural support, before reading any frame
    std::vector<std::filesystem::path> paths(paths_.begin(), paths_.end());
    util::refuse_output_that_is_an_input(out_, paths);
    util::refuse_output_that_is_an_input(out_ + ".json", paths);
    std::vector<std::string> datasets;
    auto frames = neural::load_frames(paths, std::size_t(max_frames_), &datasets);
    if (frames.empty()) throw Error("no 16-bit frames found to train on");
    std::size_t pixels = 0;
    for (const auto& f : frames) pixels += f.width * f.height;
    if (!quiet_)
        std::cerr << "training " << neural::split_name(split) << " model on " << frames.size() << " frames ("
                  << double(pixels) / 1e6 << " Mpixel) from " << datasets.size() << " dataset(s)\n";

    neural::ModelConfig cfg{split, int(channels_), int(layers_), int(mixtures_)};
    neural::Model model(cfg, std::uint64_t(seed_));
    neural::TrainOptions opt;
    opt.epochs = int(epochs_);
    opt.steps_per_epoch = int(steps_);
    opt.batch = int(batch_);
    opt.patch = int(patch_);
    opt.learning_rate = lr_;
    opt.seed = std::uint64_t(seed_);
    opt.threads = int(threads_);
    opt.datasets = datasets;
    const bool tty = isatty(fileno(stderr));
    if (!quiet_) opt.progress = [tty](const neural::TrainProgress& p) { draw_progress(p, tty); };
    auto report = model.train(frames, opt);
    model.save(out_);

    std::cout << "model " << out_ << " (" << model.parameter_count() << " parameters, split "
              << neural::split_name(split) << ")\n";
    std::cout << "loss (bpp per epoch):";
    for (double l : report.loss_curve) std::cout << " " << l;
    std::cout << "\ntrained " << report.patches << " patches in " << report.seconds << " s ("
              << report.patches_per_second << " patches/s)\n";
    if (!db_.empty()) {
        store::ResultsStore st(db_);
        store::ModelRecord rec;
        rec.name = std::filesystem::path(out_).filename().string();
        rec.kind = "neural:" + neural::split_name(split);
        rec.path = std::filesystem::absolute(out_).string();
        rec.metadata = model.metadata_json();
        st.upsert_model(rec);
        std::cout << "recorded in " << db_ << " as model '" << rec.name << "'\n";
    }
    return 0;
}

Register<Train> registeredTrain{"train", "train the neural bit-cost model (LibTorch) on random patches of FITS images"};

}  // namespace
}  // namespace bitsky::cli
