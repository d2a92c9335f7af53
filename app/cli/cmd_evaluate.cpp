// bitsky-cli evaluate: the cross-dataset matrix of the neural bit-cost model (AstroCompress's
// generalisation table): every model (trained on its own data, `bitsky-cli train`) is
// evaluated on every data path; cells are total bits / total pixels over the path's
// measured frames. Figures are likelihoods (no entropy coder ran) and are labelled
// "estimated". With --db, the models, datasets, images and one prediction per
// (image, frame) of kind "neural:<model name>" (":tiled" appended for --context tiled)
// are stored, so the matrix can be rebuilt (and plotted) from the store. Inference time
// (Mpixel/s per model at --threads) is printed too.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli/command.h"
#include "engine/bench/hash.h"
#include "engine/dataset/dataset.h"
#include "engine/fits/fits.h"
#include "engine/neural/neural.h"
#include "engine/store/store.h"
#include "engine/util/error.h"
#include "engine/util/timing.h"
#include "engine/util/json.h"

namespace bitsky::cli {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> split_list(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty()) out.push_back(item);
    return out;
}

class Evaluate final : public Command {
public:
    void declare(CLI::App& cmd) override {
        cmd.add_option("--models", models_, "Model files made by bitsky-cli train, comma-separated")
            ->required()
            ->type_name("A[,B...]");
        cmd.add_option("--data", data_, "FITS files or dataset folders, comma-separated")
            ->required()
            ->type_name("X[,Y...]");
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
    }
    int run() override;

private:
    std::string models_, data_, ctx_name_ = "full", db_;
    long long max_frames_ = 0, threads_ = 1;
    bool json_ = false, quiet_ = false;
};

int Evaluate::run() {
    const auto models = split_list(models_);
    const auto data = split_list(data_);
    if (models.empty()) throw UsageError("--models A[,B...] (model files made by bitsky-cli train) is required");
    if (data.empty()) throw UsageError("--data X[,Y...] (FITS files or dataset folders) is required");
    neural::require_neural();  // exit 2 without neural support
    const auto context = ctx_name_ == "full" ? neural::Context::FullFrame : neural::Context::Tiled;
    std::vector<neural::Model> loaded;
    std::vector<std::string> names;
    for (const auto& m : models) {
        loaded.push_back(neural::Model::load(m));
        names.push_back(fs::path(m).filename().string());
    }
    std::optional<store::ResultsStore> st;
    if (!db_.empty()) {
        st.emplace(db_);
        for (std::size_t i = 0; i < models.size(); ++i) {
            store::ModelRecord rec;
            rec.name = names[i];
            rec.kind = "neural:" + neural::split_name(loaded[i].config().split);
            rec.path = fs::absolute(models[i]).string();
            rec.metadata = loaded[i].metadata_json();
            st->upsert_model(rec);
        }
    }
    const std::string suffix = context == neural::Context::Tiled ? ":tiled" : "";

    // bits[m][d], pixels[d]
    std::vector<std::vector<double>> bits(models.size(), std::vector<double>(data.size(), 0.0));
    std::vector<double> pixels(data.size(), 0.0);
    std::vector<double> seconds(models.size(), 0.0);  // model evaluation (inference) time
    std::vector<std::size_t> frames(data.size(), 0);
    for (std::size_t d = 0; d < data.size(); ++d) {
        if (!fs::exists(data[d])) throw Error("'" + data[d] + "' does not exist");
        for (const auto& ds : dataset::discover_all({fs::path(data[d])})) {
            const std::int64_t dataset_id = st ? st->upsert_dataset(ds.name, fs::absolute(ds.root).string()) : 0;
            for (const auto& img : ds.images) {
                if (max_frames_ && frames[d] >= std::size_t(max_frames_)) break;
                auto file = fits::File::open(img.path);
                for (const auto& sel : dataset::select_frames(file).hdus) {
                    if (sel.bitpix != 16) continue;  // the neural models take 16-bit frames
                    std::int64_t image_id = 0;
                    if (st) image_id = st->upsert_image(bench::image_record(*st, img.path, dataset_id, sel)).id;
                    for (auto k : sel.frames) {
                        if (max_frames_ && frames[d] >= std::size_t(max_frames_)) break;
                        auto cube = file.read_u16_frame(sel.hdu, k);
                        const auto frame = cube.frame(0);
                        pixels[d] += double(frame.size());
                        ++frames[d];
                        for (std::size_t m = 0; m < models.size(); ++m) {
                            const double t0 = util::wall_seconds();
                            auto map = loaded[m].cost_map(frame, context, int(threads_));
                            seconds[m] += util::wall_seconds() - t0;
                            bits[m][d] += map.total_bits;
                            if (st) st->upsert_prediction({image_id, std::int64_t(k), "neural:" + names[m] + suffix, map.bpp()});
                            if (!quiet_ && !json_)
                                std::cerr << names[m] << " on " << img.path.string() << "[" << sel.hdu << "]#" << k << ": "
                                          << map.bpp() << " bpp\n";
                        }
                    }
                }
            }
        }
        if (frames[d] == 0) throw Error("'" + data[d] + "' has no 16-bit frames to evaluate on");
    }

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
