// bitsky-cli train: train the neural bit-cost model on random patches of the given
// images (files or folders), deterministic for a seed; saves weights + metadata to MODEL
// (and MODEL.json) and, with --db, records the model in the results store. --holdout keeps
// frames out of training and reports their bits per pixel after every epoch. The run's state is
// written to a checkpoint after every epoch, at most every --checkpoint-every minutes within
// one and when SIGINT/SIGTERM stop it after the current step (atomically: a kill leaves the
// previous checkpoint whole); --resume continues it, ending with the weights of an
// uninterrupted run, and a finished run removes it. --progress json: one JSON line per step,
// per epoch, per checkpoint and a summary, for the GUI.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <unistd.h>

#include "app/cli/cancel_signals.h"
#include "app/cli/command.h"
#include <nlohmann/json.hpp>

#include "engine/neural/neural.h"
#include "engine/store/store.h"
#include "engine/util/error.h"
#include "engine/util/files.h"
#include "engine/util/json.h"
#include "engine/util/timing.h"

namespace bitsky::cli {
namespace {

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
        shape_.push_back(cmd.add_option("--split", split_, "Bit split of the model: direct | msb-lsb")->capture_default_str());
        shape_.push_back(
            cmd.add_option("--predictor", predictor_,
                           "Pixel prediction the network sees and anchors on: context (BitSky's context model) | med")
                ->check(CLI::IsMember({"context", "med"}))
                ->capture_default_str());
        cmd.add_option("--seed", seed_, "Random seed (same seed, same model)")
            ->check(at_least(0))
            ->capture_default_str();
        cmd.add_option("--steps", steps_, "Steps per epoch")->check(at_least(1))->capture_default_str();
        cmd.add_option("--batch", batch_, "Patches per step")->check(at_least(1))->capture_default_str();
        shape_.push_back(cmd.add_option("--channels", channels_, "Hidden channels")->check(at_least(1))->capture_default_str());
        shape_.push_back(
            cmd.add_option("--layers", layers_, "Masked 3x3 residual blocks")->check(at_least(0))->capture_default_str());
        shape_.push_back(cmd.add_option("--mixtures", mixtures_, "Logistic mixture components (direct split)")
                             ->check(at_least(1))
                             ->capture_default_str());
        cmd.add_option("--init", init_,
                       "Start from this trained model (fine-tuning: its weights, normalisation, split, predictor and "
                       "size; a new run on PATH; with --resume the checkpoint's model is used)")
            ->type_name("MODEL");
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
        cmd.add_option("--checkpoint", checkpoint_,
                       "Checkpoint of the run, written after every epoch, periodically and when cancelled; removed "
                       "when the run finishes (default: MODEL.ckpt)")
            ->type_name("FILE");
        cmd.add_option("--checkpoint-every", checkpoint_minutes_,
                       "Within an epoch, write the checkpoint at most every MINUTES (0: only after epochs)")
            ->check(CLI::NonNegativeNumber)
            ->type_name("MINUTES")
            ->capture_default_str();
        cmd.add_option("--resume", resume_,
                       "Continue the interrupted training of this checkpoint (same options and frames)")
            ->type_name("CHECKPOINT");
        cmd.add_option("--progress", progress_, "Progress on stderr (bar), as JSON lines on stdout (json), or none")
            ->check(CLI::IsMember({"bar", "json", "none"}));
        cmd.add_option("--db", db_, "Record the model in this results store")->type_name("DB");
        cmd.add_flag("--quiet", quiet_, "No progress on stderr");
        cmd.add_option("PATH", paths_, "FITS files or folders to train on")->required();
    }
    int run() override;

private:
    std::vector<CLI::Option*> shape_;  // the options that set a new model's shape
    std::string init_, out_, split_ = "direct", predictor_ = "context", db_, holdout_, checkpoint_, resume_, progress_;
    long long epochs_ = 0, patch_ = 32, seed_ = 0, steps_ = 64, batch_ = 32, channels_ = 16, layers_ = 2, mixtures_ = 3,
              threads_ = 1, max_frames_ = 0;
    double lr_ = 2e-3, checkpoint_minutes_ = 5;
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
    if (!init_.empty())
        for (const CLI::Option* o : shape_)
            if (o->count() > 0)
                throw UsageError(o->get_name() + " sets a new model's shape; with --init the model '" + init_ +
                                 "' has its own");
    const auto split = neural::parse_split(split_);
    const auto holdout = parse_holdout(holdout_);
    const std::string mode = progress_.empty() ? (quiet_ ? "none" : "bar") : progress_;
    const std::string checkpoint = checkpoint_.empty() ? out_ + ".ckpt" : checkpoint_;
    neural::require_neural();  // exit 2 without neural support, before reading any frame
    // From here SIGINT/SIGTERM cancel: one that arrives while frames load stops training before
    // its first step (the checkpoint then holds the fresh model).
    CancelSignals signals;
    std::vector<std::filesystem::path> paths(paths_.begin(), paths_.end());
    for (const auto& out : {out_, out_ + ".json", checkpoint}) {
        util::refuse_output_that_is_an_input(out, paths);
        util::PartFile probe(out);  // the folder must take new files: known now, not after an epoch
    }
    std::vector<std::string> datasets;
    auto all = neural::load_frames(paths, std::size_t(max_frames_), &datasets);
    if (all.empty()) {
        std::string where;
        for (const auto& p : paths_) where += (where.empty() ? "'" : ", '") + p + "'";
        throw Error("no 16-bit frames found to train on in " + where + " (the neural model takes BITPIX 16 images)");
    }
    auto [frames, held] = neural::split_holdout(std::move(all), holdout, std::uint64_t(seed_));
    std::size_t pixels = 0;
    for (const auto& f : frames) pixels += f.width * f.height;
    if (mode != "none")
        std::cerr << (init_.empty() ? "training " + neural::split_name(split) + " model" : "fine-tuning '" + init_ + "'")
                  << " on " << frames.size() << " frames ("
                  << double(pixels) / 1e6 << " Mpixel) from " << datasets.size() << " dataset(s)"
                  << (held.empty() ? std::string() : ", " + std::to_string(held.size()) + " frame(s) held out") << "\n";

    neural::ModelConfig cfg{split, int(channels_), int(layers_), int(mixtures_), neural::parse_predictor(predictor_)};
    neural::Model model = !resume_.empty() ? neural::Model::load_checkpoint(resume_)
                          : !init_.empty() ? neural::Model::load(init_)
                                           : neural::Model(cfg, std::uint64_t(seed_));
    if (!resume_.empty() && init_.empty()) {
        const auto& c = model.config();
        if (c.split != cfg.split || c.channels != cfg.channels || c.layers != cfg.layers || c.mixtures != cfg.mixtures ||
            c.predictor != cfg.predictor)
            throw UsageError("--resume: checkpoint '" + resume_ +
                             "' trains a model of another shape; give the same --split, --predictor, --channels, --layers "
                             "and --mixtures");
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
    std::function<void(const neural::TrainProgress&)> show;
    if (mode == "bar") show = [tty](const neural::TrainProgress& p) { draw_progress(p, tty); };
    if (mode == "json") show = json_progress;
    // Checkpoints: train() stops (as if cancelled) after an epoch that is not the last one and,
    // within an epoch, once checkpoint_minutes_ have passed since the last checkpoint (after at
    // least one step); the state is written and the same model continues the run, which ends
    // bit for bit as an uninterrupted one (Model::train).
    const double every = checkpoint_minutes_ * 60.0;
    if (!std::isfinite(every)) throw UsageError("--checkpoint-every: give a number of minutes >= 0");
    bool epoch_ended = false;
    long long steps_since = 0;
    double last_checkpoint = util::wall_seconds();
    opt.progress = [&](const neural::TrainProgress& p) {
        ++steps_since;
        epoch_ended = p.step == p.steps && p.epoch < p.epochs;
        if (show) show(p);
    };
    opt.cancel = [&] {
        return CancelSignals::received() != 0 || epoch_ended ||
               (every > 0 && steps_since > 0 && util::wall_seconds() - last_checkpoint >= every);
    };
    neural::TrainReport report;
    for (;;) {
        report = model.train(frames, opt);
        if (!report.cancelled) break;
        model.save_checkpoint(checkpoint);  // a temporary file renamed over the last one
        if (CancelSignals::received()) break;
        epoch_ended = false;
        steps_since = 0;
        last_checkpoint = util::wall_seconds();
        if (mode == "json")
            print_json({{"event", "checkpoint"}, {"checkpoint", checkpoint}, {"steps_done", report.patches / opt.batch}});
    }
    if (report.cancelled) {
        const int signo = CancelSignals::received();
        if (mode == "json")
            print_json({{"event", "summary"}, {"status", "cancelled"}, {"checkpoint", checkpoint},
                        {"loss_curve", report.loss_curve}, {"holdout_curve", report.holdout_curve}});
        std::cerr << "train: cancelled by signal " << signo << "; checkpoint " << checkpoint
                  << " (continue with the same command and --resume " << checkpoint << ")\n";
        return 128 + signo;
    }
    model.save(out_);
    std::error_code gone;
    std::filesystem::remove(checkpoint, gone);  // the run is finished: nothing to resume
    std::string recorded;
    if (!db_.empty()) {
        store::ResultsStore st(db_);
        store::ModelRecord rec;
        rec.name = std::filesystem::path(out_).filename().string();
        rec.kind = "neural:" + neural::split_name(model.config().split);
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
              << neural::split_name(model.config().split) << ", predictor "
              << neural::predictor_name(model.config().predictor) << ")\n";
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
