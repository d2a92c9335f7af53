// bitsky-cli train: train the neural bit-cost model on random patches of the given
// images (files or folders), deterministic for a seed; saves weights + metadata to MODEL
// (and MODEL.json) and, with --db, records the model in the results store. --holdout keeps
// frames out of training and reports their bits per pixel after every epoch; SIGINT/SIGTERM
// stop after the current step and write a checkpoint that --resume continues (the resumed
// run ends with the weights of an uninterrupted one). --progress json: one JSON line per
// step, per epoch and a summary, for the GUI.
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unistd.h>

#include "app/cli/command.h"
#include <nlohmann/json.hpp>

#include "engine/neural/neural.h"
#include "engine/store/store.h"
#include "engine/util/error.h"
#include "engine/util/files.h"
#include "engine/util/json.h"

namespace bitsky::cli {
namespace {

static_assert(std::atomic<int>::is_always_lock_free, "the cancel flag is set from a signal handler");
std::atomic<int> g_train_signal{0};

extern "C" void on_train_signal(int signo) { g_train_signal.store(signo); }

// SIGINT/SIGTERM set the cancel flag while training runs (a second one terminates at once).
class TrainSignals {
public:
    TrainSignals() {
        struct sigaction sa {};
        sa.sa_handler = on_train_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND;
        sigaction(SIGINT, &sa, &old_int_);
        sigaction(SIGTERM, &sa, &old_term_);
    }
    ~TrainSignals() {
        sigaction(SIGINT, &old_int_, nullptr);
        sigaction(SIGTERM, &old_term_, nullptr);
    }
    TrainSignals(const TrainSignals&) = delete;
    TrainSignals& operator=(const TrainSignals&) = delete;

private:
    struct sigaction old_int_ {};
    struct sigaction old_term_ {};
};

nlohmann::json number_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

void print_json(const nlohmann::json& j) { std::cout << util::dump_json(j) << "\n" << std::flush; }

void json_progress(const neural::TrainProgress& p) {
    print_json({{"event", "step"}, {"epoch", p.epoch}, {"epochs", p.epochs}, {"step", p.step}, {"steps", p.steps},
                {"loss_bpp", p.loss_bpp}});
    if (p.step == p.steps)
        print_json({{"event", "epoch"}, {"epoch", p.epoch}, {"epochs", p.epochs}, {"loss_bpp", p.loss_bpp},
                    {"holdout_bpp", number_or_null(p.holdout_bpp)}});
}

void draw_progress(const neural::TrainProgress& p, bool tty) {
    const int width = 30;
    const double done = (double(p.epoch - 1) * p.steps + p.step) / (double(p.epochs) * p.steps);
    if (tty) {
        const int fill = int(done * width + 0.5);
        std::fprintf(stderr, "\r[%s%s] %3.0f%%  epoch %d/%d  step %d/%d  loss %.4f bpp", std::string(fill, '#').c_str(),
                     std::string(width - fill, ' ').c_str(), 100.0 * done, p.epoch, p.epochs, p.step, p.steps, p.loss_bpp);
    } else if (p.step == p.steps) {
        std::fprintf(stderr, "epoch %d/%d  loss %.4f bpp", p.epoch, p.epochs, p.loss_bpp);
    }
    if (p.step == p.steps) {
        if (std::isfinite(p.holdout_bpp)) std::fprintf(stderr, "  held-out %.4f bpp", p.holdout_bpp);
        std::fprintf(stderr, "\n");
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
        cmd.add_option("--holdout", holdout_,
                       "Frames kept out of training, their bpp reported per epoch: a fraction in (0, 1) (chosen by "
                       "the seed) or 'split' (an AstroCompress layout's splits/*test.jsonl)")
            ->type_name("FRACTION|split");
        cmd.add_option("--checkpoint", checkpoint_, "Checkpoint written when cancelled (default: MODEL.ckpt)")
            ->type_name("FILE");
        cmd.add_option("--resume", resume_,
                       "Continue the cancelled training of this checkpoint (same options and frames)")
            ->type_name("CHECKPOINT");
        cmd.add_option("--progress", progress_, "Progress on stderr (bar), as JSON lines on stdout (json), or none")
            ->check(CLI::IsMember({"bar", "json", "none"}));
        cmd.add_option("--db", db_, "Record the model in this results store")->type_name("DB");
        cmd.add_flag("--quiet", quiet_, "No progress on stderr");
        cmd.add_option("PATH", paths_, "FITS files or folders to train on")->required();
    }
    int run() override;

private:
    std::string out_, split_ = "direct", db_, holdout_, checkpoint_, resume_, progress_;
    long long epochs_ = 0, patch_ = 32, seed_ = 0, steps_ = 64, batch_ = 32, channels_ = 16, layers_ = 2, mixtures_ = 3,
              threads_ = 1, max_frames_ = 0;
    double lr_ = 2e-3;
    bool quiet_ = false;
    std::vector<std::string> paths_;
};

neural::HoldoutSpec parse_holdout(const std::string& text) {
    neural::HoldoutSpec h;
    if (text.empty()) return h;
    if (text == "split") {
        h.use_split = true;
        return h;
    }
    std::size_t used = 0;
    try {
        h.fraction = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || !(h.fraction > 0 && h.fraction < 1))
        throw UsageError("--holdout: '" + text + "' is neither a fraction in (0, 1) nor 'split'");
    return h;
}

int Train::run() {
    const auto split = neural::parse_split(split_);
    const auto holdout = parse_holdout(holdout_);
    const std::string mode = progress_.empty() ? (quiet_ ? "none" : "bar") : progress_;
    const std::string checkpoint = checkpoint_.empty() ? out_ + ".ckpt" : checkpoint_;
    neural::require_neural();  // exit 2 without neural support, before reading any frame
    // From here SIGINT/SIGTERM cancel: one that arrives while frames load stops training before
    // its first step (the checkpoint then holds the fresh model).
    g_train_signal.store(0);
    TrainSignals signals;
    std::vector<std::filesystem::path> paths(paths_.begin(), paths_.end());
    for (const auto& out : {out_, out_ + ".json", checkpoint}) util::refuse_output_that_is_an_input(out, paths);
    std::vector<std::string> datasets;
    auto all = neural::load_frames(paths, std::size_t(max_frames_), &datasets);
    if (all.empty()) throw Error("no 16-bit frames found to train on");
    auto [frames, held] = neural::split_holdout(std::move(all), holdout, std::uint64_t(seed_));
    std::size_t pixels = 0;
    for (const auto& f : frames) pixels += f.width * f.height;
    if (mode != "none")
        std::cerr << "training " << neural::split_name(split) << " model on " << frames.size() << " frames ("
                  << double(pixels) / 1e6 << " Mpixel) from " << datasets.size() << " dataset(s)"
                  << (held.empty() ? std::string() : ", " + std::to_string(held.size()) + " frame(s) held out") << "\n";

    neural::ModelConfig cfg{split, int(channels_), int(layers_), int(mixtures_)};
    neural::Model model = resume_.empty() ? neural::Model(cfg, std::uint64_t(seed_)) : neural::Model::load_checkpoint(resume_);
    if (!resume_.empty()) {
        const auto& c = model.config();
        if (c.split != cfg.split || c.channels != cfg.channels || c.layers != cfg.layers || c.mixtures != cfg.mixtures)
            throw UsageError("--resume: checkpoint '" + resume_ + "' trains a model of another shape; give the same --split, --channels, --layers and --mixtures");
    }
    neural::TrainOptions opt;
    opt.epochs = int(epochs_);
    opt.steps_per_epoch = int(steps_);
    opt.batch = int(batch_);
    opt.patch = int(patch_);
    opt.learning_rate = lr_;
    opt.seed = std::uint64_t(seed_);
    opt.threads = int(threads_);
    opt.datasets = datasets;
    opt.holdout = &held;
    const bool tty = isatty(fileno(stderr));
    if (mode == "bar") opt.progress = [tty](const neural::TrainProgress& p) { draw_progress(p, tty); };
    if (mode == "json") opt.progress = json_progress;
    opt.cancel = [] { return g_train_signal.load() != 0; };
    const neural::TrainReport report = model.train(frames, opt);
    if (report.cancelled) {
        model.save_checkpoint(checkpoint);
        const int signo = g_train_signal.load() ? g_train_signal.load() : SIGINT;
        if (mode == "json")
            print_json({{"event", "summary"}, {"status", "cancelled"}, {"checkpoint", checkpoint},
                        {"loss_curve", report.loss_curve}, {"holdout_curve", report.holdout_curve}});
        std::cerr << "train: cancelled by signal " << signo << "; checkpoint " << checkpoint
                  << " (continue with the same command and --resume " << checkpoint << ")\n";
        return 128 + signo;
    }
    model.save(out_);
    std::string recorded;
    if (!db_.empty()) {
        store::ResultsStore st(db_);
        store::ModelRecord rec;
        rec.name = std::filesystem::path(out_).filename().string();
        rec.kind = "neural:" + neural::split_name(split);
        rec.path = std::filesystem::absolute(out_).string();
        rec.metadata = model.metadata_json();
        st.upsert_model(rec);
        recorded = rec.name;
    }
    if (mode == "json") {
        print_json({{"event", "summary"}, {"status", "finished"}, {"model", out_}, {"parameters", model.parameter_count()},
                    {"loss_curve", report.loss_curve}, {"holdout_curve", report.holdout_curve},
                    {"seconds", report.seconds}, {"db_model", recorded}});
        return 0;
    }
    std::cout << "model " << out_ << " (" << model.parameter_count() << " parameters, split "
              << neural::split_name(split) << ")\n";
    std::cout << "loss (bpp per epoch):";
    for (double l : report.loss_curve) std::cout << " " << l;
    if (!report.holdout_curve.empty()) {
        std::cout << "\nheld-out (bpp per epoch):";
        for (double l : report.holdout_curve) std::cout << " " << l;
    }
    std::cout << "\ntrained " << report.patches << " patches in " << report.seconds << " s ("
              << report.patches_per_second << " patches/s)\n";
    if (!recorded.empty()) std::cout << "recorded in " << db_ << " as model '" << recorded << "'\n";
    return 0;
}

Register<Train> registeredTrain{"train", "train the neural bit-cost model (LibTorch) on random patches of FITS images"};

}  // namespace
}  // namespace bitsky::cli
