#include "engine/bench/neural_eval.h"

#include "engine/bench/hash.h"
#include "engine/dataset/dataset.h"
#include "engine/fits/fits.h"
#include "engine/util/error.h"
#include "engine/util/timing.h"

namespace bitsky::bench {

namespace fs = std::filesystem;

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
    for (std::size_t d = 0; d < data.size(); ++d) {
        if (!fs::exists(data[d])) throw Error("'" + data[d].string() + "' does not exist");
        for (const auto& ds : dataset::discover_all({data[d]})) {
            const std::int64_t dataset_id = st ? st->upsert_dataset(ds.name, fs::absolute(ds.root).string()) : 0;
            for (const auto& img : ds.images) {
                if (opt.max_frames && out.frames[d] >= opt.max_frames) break;
                auto file = fits::File::open(img.path);
                for (const auto& sel : dataset::select_frames(file).hdus) {
                    if (sel.bitpix != 16) continue;  // the neural models take 16-bit frames
                    std::int64_t image_id = 0;
                    if (st) image_id = st->upsert_image(image_record(*st, img.path, dataset_id, sel)).id;
                    for (auto k : sel.frames) {
                        if (opt.max_frames && out.frames[d] >= opt.max_frames) break;
                        auto cube = file.read_u16_frame(sel.hdu, k);
                        const auto frame = cube.frame(0);
                        out.pixels[d] += double(frame.size());
                        ++out.frames[d];
                        const std::string source =
                            img.path.string() + "[" + std::to_string(sel.hdu) + "]#" + std::to_string(k);
                        for (std::size_t m = 0; m < models.size(); ++m) {
                            const double t0 = util::wall_seconds();
                            auto map = loaded[m].cost_map(frame, opt.context, opt.threads);
                            out.seconds[m] += util::wall_seconds() - t0;
                            out.bits[m][d] += map.total_bits;
                            if (st)
                                st->upsert_prediction(
                                    {image_id, std::int64_t(k), "neural:" + out.names[m] + suffix, map.bpp()});
                            if (on_frame) on_frame({m, d, source, map.bpp()});
                        }
                    }
                }
            }
        }
        if (out.frames[d] == 0) throw Error("'" + data[d].string() + "' has no 16-bit frames to evaluate on");
    }
    return out;
}

}  // namespace bitsky::bench
