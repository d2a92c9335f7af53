// bitsky-cli evaluate: the cross-dataset matrix of the neural bit-cost model (AstroCompress's
// generalisation table): every model (trained on its own data, `bitsky-cli train`) is
// evaluated on every data path; cells are total bits / total pixels over the path's
// measured frames. Figures are likelihoods (no entropy coder ran) and are labelled
// "estimated". With --db, the models, datasets, images and one prediction per
// (image, frame) of kind "neural:<model name>" (":tiled" appended for --context tiled)
// are stored, so the matrix can be rebuilt (and plotted) from the store. Inference time
// (Mpixel/s per model at --threads) is printed too. Each model and data path is its own
// argument (names may hold commas). SIGINT/SIGTERM stop after the current frame: the
// predictions stored so far stay (each a whole frame's), exit 130/143.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <algorithm>

#include <nlohmann/json.hpp>

#include "app/cli/cancel_signals.h"
#include "app/cli/command.h"
#include "engine/bench/neural_eval.h"
#include "engine/neural/neural.h"
#include "engine/store/store.h"
#include "engine/util/error.h"
#include "engine/util/json.h"

namespace bitsky::cli {
namespace {

namespace fs = std::filesystem;

// A path that does not exist but whose comma-separated parts all do: the old comma list.
void refuse_comma_list(const std::string& option, const std::vector<std::string>& paths) {
    for (const auto& p : paths) {
        if (p.find(',') == std::string::npos || fs::exists(p)) continue;
        std::string parts, item;
        bool all = true;
        for (std::size_t start = 0, end; start <= p.size(); start = end + 1) {
            end = std::min(p.find(',', start), p.size());
            item = p.substr(start, end - start);
            all = all && !item.empty() && fs::exists(item);
            parts += " " + item;
        }
        if (all)
            throw UsageError("'" + p + "' does not exist: give each path as its own argument (" + option + parts + ")");
    }
}

class Evaluate final : public Command {
public:
    void declare(CLI::App& cmd) override {
        cmd.add_option("--models", models_, "Model files made by bitsky-cli train (one argument each)")
            ->required()
            ->type_name("MODEL...");
        cmd.add_option("--data", data_, "FITS files or dataset folders (one argument each)")
            ->required()
            ->type_name("PATH...");
        cmd.add_option("--context", ctx_name_, "Model context: the full frame, or 32x32 tiles (the paper's protocol)")
            ->check(CLI::IsMember({"full", "tiled"}))
            ->capture_default_str();
        cmd.add_option("--max-frames", max_frames_, "At most N frames per data path (0: all)")
            ->check(at_least(0))
            ->capture_default_str();
        cmd.add_option("--threads", threads_, "Inference threads")->check(at_least(1))->capture_default_str();
        cmd.add_option("--db", db_, "Record models, images and predictions in this results store")->type_name("DB");
        cmd.add_flag("--json", json_, "Print JSON instead of text");
        cmd.add_flag("--quiet", quiet_, "No per-frame lines on stderr");
        cmd.add_option("--progress", progress_,
                       "json: JSON lines on stdout: the evaluations planned, one per model and frame as evaluated, "
                       "a summary")
            ->check(CLI::IsMember({"json"}));
    }
    int run() override;

private:
    std::vector<std::string> models_, data_;
    std::string ctx_name_ = "full", db_, progress_;
    long long max_frames_ = 0, threads_ = 1;
    bool json_ = false, quiet_ = false;
};

int Evaluate::run() {
    const auto& models = models_;
    const auto& data = data_;
    refuse_comma_list("--models", models);
    refuse_comma_list("--data", data);
    neural::require_neural();  // exit 2 without neural support
    CancelSignals signals;  // from here SIGINT/SIGTERM stop after the current frame
    bench::NeuralEvalOptions opt;
    opt.context = ctx_name_ == "full" ? neural::Context::FullFrame : neural::Context::Tiled;
    opt.max_frames = std::size_t(max_frames_);
    opt.threads = int(threads_);
    opt.cancel = [] { return CancelSignals::received() != 0; };
    const bool progress_json = progress_ == "json";
    auto print = [](const nlohmann::json& j) { std::cout << util::dump_json(j) << "\n" << std::flush; };
    if (progress_json) opt.on_start = [&](std::size_t total) { print({{"event", "start"}, {"total", total}}); };
    std::optional<store::ResultsStore> st;
    if (!db_.empty()) st.emplace(db_);
    const std::string suffix = opt.context == neural::Context::Tiled ? ":tiled" : "";
    std::vector<fs::path> model_paths(models.begin(), models.end()), data_paths(data.begin(), data.end());
    std::vector<std::string> names;
    for (const auto& m : model_paths) names.push_back(m.filename().string());
    const auto result = bench::evaluate_models(
        model_paths, data_paths, opt, st ? &*st : nullptr, [&](const bench::NeuralEvalFrame& f) {
            if (progress_json)
                print({{"event", "frame"},
                       {"model", names[f.model]},
                       {"data", data[f.data]},
                       {"frame", f.source},
                       {"bpp", f.bpp},
                       {"done", f.done},
                       {"total", f.total}});
            else if (!quiet_ && !json_)
                std::cerr << names[f.model] << " on " << f.source << ": " << f.bpp << " bpp\n";
        });
    if (progress_json)
        print({{"event", "summary"},
               {"status", result.cancelled ? "cancelled" : "finished"},
               {"done", result.evaluations},
               {"total", result.planned}});
    if (result.cancelled) {
        const int signo = CancelSignals::received();
        std::cerr << "evaluate: cancelled by signal " << signo << " after " << result.evaluations << " of "
                  << result.planned << " evaluations"
                  << (st ? "; their predictions are stored in " + st->path() + " (whole frames only)" : std::string())
                  << "\n";
        return 128 + signo;
    }
    const auto& bits = result.bits;
    const auto& pixels = result.pixels;
    const auto& seconds = result.seconds;
    const auto& frames = result.frames;

    if (json_) {
        nlohmann::json j{{"estimated", true},
                         {"label", neural::kEstimatedLabel},
                         {"context", ctx_name_},
                         {"models", names},
                         {"data", data},
                         {"frames", frames},
                         {"pixels", pixels},
                         {"bpp", nlohmann::json::array()},
                         {"ratio", nlohmann::json::array()},
                         {"threads", threads_},
                         {"seconds", seconds},
                         {"mpixel_per_s", nlohmann::json::array()}};
        double all_pixels = 0;
        for (double p : pixels) all_pixels += p;
        for (double t : seconds) j["mpixel_per_s"].push_back(t > 0 ? all_pixels / t / 1e6 : 0.0);
        for (std::size_t m = 0; m < models.size(); ++m) {
            nlohmann::json b = nlohmann::json::array(), r = nlohmann::json::array();
            for (std::size_t d = 0; d < data.size(); ++d) {
                const double bpp = bits[m][d] / pixels[d];
                b.push_back(bpp);
                r.push_back(bpp > 0 ? 16.0 / bpp : 0.0);
            }
            j["bpp"].push_back(b);
            j["ratio"].push_back(r);
        }
        if (st) j["db"] = st->path();
        std::cout << util::dump_json(j, 2) << "\n";
        return 0;
    }
    std::cout << "bits per pixel, train on row / test on column, " << ctx_name_ << " context; "
              << neural::kEstimatedLabel << "\n";
    std::size_t wname = 5;
    for (const auto& n : names) wname = std::max(wname, n.size());
    auto pad = [](const std::string& t, std::size_t w) { return t + std::string(w > t.size() ? w - t.size() : 0, ' '); };
    std::cout << pad("", wname);
    for (std::size_t d = 0; d < data.size(); ++d) std::cout << "  " << pad(data[d], std::max<std::size_t>(22, data[d].size()));
    std::cout << "\n";
    char cell[64];
    for (std::size_t m = 0; m < models.size(); ++m) {
        std::cout << pad(names[m], wname);
        for (std::size_t d = 0; d < data.size(); ++d) {
            const double bpp = bits[m][d] / pixels[d];
            std::snprintf(cell, sizeof cell, "%.4f (ratio %.3f)", bpp, bpp > 0 ? 16.0 / bpp : 0.0);
            std::cout << "  " << pad(cell, std::max<std::size_t>(22, data[d].size()));
        }
        std::cout << "\n";
    }
    double all_pixels = 0;
    for (double p : pixels) all_pixels += p;
    for (std::size_t m = 0; m < models.size(); ++m)
        std::cout << names[m] << ": " << seconds[m] << " s inference, "
                  << (seconds[m] > 0 ? all_pixels / seconds[m] / 1e6 : 0.0) << " Mpixel/s on " << threads_
                  << " thread(s)\n";
    if (st) std::cout << "stored in " << st->path() << " as predictions of kind neural:<model>" << suffix << "\n";
    return 0;
}

Register<Evaluate> registeredEvaluate{"evaluate",
                       "cross-dataset matrix of neural models (train on A, test on X): estimated bits per pixel"};

}  // namespace
}  // namespace bitsky::cli
