#include "engine/bench/neural_eval.h"

#include <optional>
#include <set>

#include "engine/bench/hash.h"
#include "engine/dataset/dataset.h"
#include "engine/fits/fits.h"
#include "engine/util/error.h"
#include "engine/util/timing.h"

namespace bitsky::bench {

namespace fs = std::filesystem;

namespace {

// One image HDU's 16-bit frames to evaluate, in the order they are evaluated.
struct PlannedHdu {
    std::size_t data = 0;     // index of the data path
    std::size_t dataset = 0;  // index into Plan::datasets
    fs::path path;
    dataset::FrameSelection sel;
    std::vector<std::size_t> frames;
};

struct Plan {
    std::vector<std::pair<std::string, fs::path>> datasets;  // name, root
    std::vector<PlannedHdu> hdus;
    std::vector<std::size_t> frames;  // per data path
};

std::string pixel_types(const std::set<int>& bitpix) {
    std::string out;
    for (int b : bitpix) out += (out.empty() ? "BITPIX " : ", ") + std::to_string(b);
    return out;
}

Plan plan_frames(const std::vector<fs::path>& data, std::size_t max_frames) {
    Plan plan;
    plan.frames.assign(data.size(), 0);
    for (std::size_t d = 0; d < data.size(); ++d) {
        if (!fs::exists(data[d])) throw Error("'" + data[d].string() + "' does not exist");
        std::size_t files = 0;
        std::set<int> other;  // pixel types seen that are not 16-bit
        for (const auto& ds : dataset::discover_all({data[d]})) {
            plan.datasets.emplace_back(ds.name, ds.root);
            for (const auto& img : ds.images) {
                if (max_frames && plan.frames[d] >= max_frames) break;
                ++files;
                auto file = fits::File::open(img.path);
                for (const auto& sel : dataset::select_frames(file).hdus) {
                    if (sel.bitpix != 16) {  // the neural models take 16-bit frames
                        other.insert(sel.bitpix);
                        continue;
                    }
                    PlannedHdu h{d, plan.datasets.size() - 1, img.path, sel, {}};
                    for (auto k : sel.frames) {
                        if (max_frames && plan.frames[d] >= max_frames) break;
                        h.frames.push_back(k);
                        ++plan.frames[d];
                    }
                    if (!h.frames.empty()) plan.hdus.push_back(std::move(h));
                }
            }
        }
        if (plan.frames[d] == 0)
            throw Error("'" + data[d].string() + "' has no 16-bit frames to evaluate on (" +
                        (files == 0 ? std::string("no FITS files")
                                    : std::to_string(files) + " FITS file(s)" +
                                          (other.empty() ? std::string(" without images")
                                                         : " with " + pixel_types(other) + " images only")) +
                        "; the neural models take BITPIX 16 images)");
    }
    return plan;
}

}  // namespace

NeuralMatrix evaluate_models(const std::vector<fs::path>& models, const std::vector<fs::path>& data,
                             const NeuralEvalOptions& opt, store::ResultsStore* st,
                             const std::function<void(const NeuralEvalFrame&)>& on_frame) {
    neural::require_neural();  // UsageError without neural support
    NeuralMatrix out;
    std::vector<neural::Model> loaded;
    for (const auto& m : models) {
        loaded.push_back(neural::Model::load(m));
        out.names.push_back(m.filename().string());
    }
    const Plan plan = plan_frames(data, opt.max_frames);
    if (st)
        for (std::size_t i = 0; i < models.size(); ++i) {
            store::ModelRecord rec;
            rec.name = out.names[i];
            rec.kind = "neural:" + neural::split_name(loaded[i].config().split);
            rec.path = fs::absolute(models[i]).string();
            rec.metadata = loaded[i].metadata_json();
            st->upsert_model(rec);
        }
    const std::string suffix = opt.context == neural::Context::Tiled ? ":tiled" : "";
    out.bits.assign(models.size(), std::vector<double>(data.size(), 0.0));
    out.pixels.assign(data.size(), 0.0);
    out.frames.assign(data.size(), 0);
    out.seconds.assign(models.size(), 0.0);
    for (std::size_t f : plan.frames) out.planned += f * models.size();
    if (opt.on_start) opt.on_start(out.planned);
    auto stop = [&] { return out.cancelled || (out.cancelled = opt.cancel && opt.cancel()); };
    std::vector<std::optional<std::int64_t>> dataset_ids(plan.datasets.size());
    std::optional<fits::File> file;
    fs::path open_path;
    for (const auto& h : plan.hdus) {
        if (stop()) break;  // before the image is recorded: no image row without its frames
        std::int64_t image_id = 0;
        if (st) {
            auto& id = dataset_ids[h.dataset];
            if (!id) id = st->upsert_dataset(plan.datasets[h.dataset].first, fs::absolute(plan.datasets[h.dataset].second).string());
            image_id = st->upsert_image(image_record(*st, h.path, *id, h.sel)).id;
        }
        if (!file || open_path != h.path) {
            file.reset();
            file.emplace(fits::File::open(h.path));
            open_path = h.path;
        }
        for (std::size_t i = 0; i < h.frames.size(); ++i) {
            if (i > 0 && stop()) break;
            const auto k = h.frames[i];
            auto cube = file->read_u16_frame(h.sel.hdu, k);
            const auto frame = cube.frame(0);
            out.pixels[h.data] += double(frame.size());
            ++out.frames[h.data];
            const std::string source = h.path.string() + "[" + std::to_string(h.sel.hdu) + "]#" + std::to_string(k);
            for (std::size_t m = 0; m < models.size(); ++m) {
                const double t0 = util::wall_seconds();
                auto map = loaded[m].cost_map(frame, opt.context, opt.threads);
                out.seconds[m] += util::wall_seconds() - t0;
                out.bits[m][h.data] += map.total_bits;
                if (st) st->upsert_prediction({image_id, std::int64_t(k), "neural:" + out.names[m] + suffix, map.bpp()});
                ++out.evaluations;
                if (on_frame) on_frame({m, h.data, source, map.bpp(), out.evaluations, out.planned});
            }
        }
    }
    return out;
}

}  // namespace bitsky::bench
