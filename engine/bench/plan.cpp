// Benchmark planning: codecs, files -> image rows and items of this shard, resume.
#include "engine/bench/plan.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/fits/fits.h"
#include "engine/util/error.h"

namespace bitsky::bench {

namespace fs = std::filesystem;
using store::WorkKey;

namespace {

std::uint64_t frame_pixels(const std::vector<std::size_t>& axes) {
    if (axes.size() < 2) return 0;
    return static_cast<std::uint64_t>(axes[0]) * static_cast<std::uint64_t>(axes[1]);
}

// Shard hash of an item: per frame for a 2D spec; per HDU (frame -1) for a cube spec, so
// a whole HDU goes to one shard.
std::uint64_t shard_hash(const std::string& path, int hdu, std::int64_t frame, const CodecEntry& ce) {
    return item_hash(path, hdu, ce.is_cube() ? -1 : frame, ce.spec);
}

bool cancelled(const std::atomic<int>* cancel) { return cancel && cancel->load() != 0; }

// A file after its headers were read: what to measure (or why it cannot be used).
struct FilePlan {
    std::string path;
    std::int64_t dataset_id = 0;
    std::int64_t size = 0, mtime = 0;
    std::optional<std::string> failure;
    std::vector<store::ImageRecord> images;                     // in this shard
    std::vector<std::vector<std::size_t>> frames;               // per image: frames in the shard
    std::vector<std::vector<std::vector<std::size_t>>> codecs;  // per image, per frame: codec indices
    std::vector<std::vector<std::size_t>> selected;             // per image: all selected frames
    std::vector<std::vector<std::size_t>> axes;                 // per image: axes of the HDU
    // per image: codecs of this shard that cannot take the HDU, with the reason
    std::vector<std::vector<std::pair<std::size_t, std::string>>> refused;
    // per image: why it cannot be read (a damaged HDU), when the rest of the file can
    std::vector<std::optional<std::string>> broken;
};

// Why codec `ce` cannot take an HDU of this pixel type and shape ("" when it can).
std::string refusal(const CodecEntry& ce, int bitpix, const std::vector<std::size_t>& axes) {
    if (ce.is_cube()) return ce.cube->refusal(bitpix, axes);
    return ce.codec->refusal(bitpix, axes.size() > 0 ? axes[0] : 0, axes.size() > 1 ? axes[1] : 0);
}

// Reads one file's headers and selects the items of this shard; no store writes.
FilePlan read_file_plan(const fs::path& given, const std::optional<fits::HduSelector>& only,
                        std::int64_t dataset_id, const std::vector<CodecEntry>& codecs, const Shard& shard) {
    FilePlan fp;
    std::error_code ec;
    fs::path abs = fs::weakly_canonical(fs::absolute(given, ec), ec);
    if (ec) abs = fs::absolute(given).lexically_normal();
    fp.path = abs.string();
    fp.dataset_id = dataset_id;

    auto size = fs::file_size(abs, ec);
    if (!ec) fp.size = static_cast<std::int64_t>(size);
    auto mt = fs::last_write_time(abs, ec);
    if (!ec) {
        auto sys = std::chrono::file_clock::to_sys(mt);
        fp.mtime = std::chrono::duration_cast<std::chrono::seconds>(sys.time_since_epoch()).count();
    }

    int primary_bitpix = 0;
    std::vector<dataset::FrameSelection> hdus;
    std::optional<std::string> nothing;  // a readable file without an image: skipped, not failed
    std::vector<std::pair<int, std::string>> damaged;  // HDUs with a damaged header: failed
    try {
        auto file = fits::File::open(abs);
        if (!file.hdus().empty()) primary_bitpix = file.hdus().front().bitpix;
        auto sel = only ? dataset::select_frames(file, fits::find_hdu(file, *only), given.string() + only->text())
                        : dataset::select_frames(file);
        hdus = std::move(sel.hdus);
        damaged = std::move(sel.damaged);
        if (hdus.empty() && damaged.empty()) nothing = "no image HDU to measure (" + sel.skipped_text() + ")";
    } catch (const std::exception& e) {
        fp.failure = e.what();
    }

    auto codecs_of = [&](int hdu, std::int64_t frame) {
        std::vector<std::size_t> cs;
        for (std::size_t c = 0; c < codecs.size(); ++c)
            if (shard.contains(shard_hash(fp.path, hdu, frame, codecs[c]))) cs.push_back(c);
        return cs;
    };
    if (fp.failure || nothing) {
        // One image row for the whole file: a failed item per codec, or a skipped one.
        store::ImageRecord im;
        im.dataset_id = dataset_id;
        im.path = fp.path;
        im.hdu = 0;
        im.frame_count = 0;
        im.shape = "[]";
        im.bitpix = primary_bitpix;
        if (auto cs = codecs_of(0, 0); !cs.empty()) {
            fp.images.push_back(im);
            std::vector<std::pair<std::size_t, std::string>> refused;
            if (nothing) {
                for (std::size_t c : cs) refused.emplace_back(c, *nothing);
                cs.clear();
            }
            fp.frames.push_back(cs.empty() ? std::vector<std::size_t>{} : std::vector<std::size_t>{0});
            fp.codecs.push_back(cs.empty() ? std::vector<std::vector<std::size_t>>{}
                                           : std::vector<std::vector<std::size_t>>{std::move(cs)});
            fp.selected.push_back({0});
            fp.axes.push_back({});
            fp.refused.push_back(std::move(refused));
            fp.broken.emplace_back();
        }
        return fp;
    }
    // A damaged HDU fails for every codec of the shard (frame 0 stands for the HDU).
    for (const auto& [idx, problem] : damaged) {
        auto cs = codecs_of(idx, 0);
        if (cs.empty()) continue;
        store::ImageRecord im;
        im.dataset_id = dataset_id;
        im.path = fp.path;
        im.hdu = idx;
        im.frame_count = 0;
        im.shape = "[]";
        im.bitpix = 0;
        fp.images.push_back(im);
        fp.frames.push_back({0});
        fp.codecs.push_back({std::move(cs)});
        fp.selected.push_back({0});
        fp.axes.push_back({});
        fp.refused.emplace_back();
        fp.broken.emplace_back(fp.path + ": HDU " + std::to_string(idx) + ": " + problem);
    }
    for (const auto& h : hdus) {
        // Codecs that cannot take this HDU are skipped for all of it (owned by the shard of
        // its frame 0), the others measure its frames.
        std::vector<char> refuses(codecs.size(), 0);
        std::vector<std::pair<std::size_t, std::string>> refused;
        for (std::size_t c = 0; c < codecs.size(); ++c) {
            std::string why = refusal(codecs[c], h.bitpix, h.axes);
            if (why.empty()) continue;
            refuses[c] = 1;
            if (shard.contains(shard_hash(fp.path, h.hdu, 0, codecs[c]))) refused.emplace_back(c, std::move(why));
        }
        std::vector<std::size_t> frames;
        std::vector<std::vector<std::size_t>> per_frame;
        for (std::size_t k : h.frames) {
            auto cs = codecs_of(h.hdu, static_cast<std::int64_t>(k));
            std::erase_if(cs, [&](std::size_t c) { return refuses[c] != 0; });
            if (!cs.empty()) {
                frames.push_back(k);
                per_frame.push_back(std::move(cs));
            }
        }
        if (frames.empty() && refused.empty()) continue;
        store::ImageRecord im;
        im.dataset_id = dataset_id;
        im.path = fp.path;
        im.hdu = h.hdu;
        im.frame_count = static_cast<std::int64_t>(h.frames.size());
        im.shape = nlohmann::json(h.axes).dump();
        im.bitpix = h.bitpix;
        fp.images.push_back(im);
        fp.frames.push_back(std::move(frames));
        fp.codecs.push_back(std::move(per_frame));
        fp.selected.push_back(h.frames);
        fp.axes.push_back(h.axes);
        fp.refused.push_back(std::move(refused));
        fp.broken.emplace_back();
    }
    return fp;
}

// The file's content hash on its image rows (reused from the store when size and mtime
// are unchanged).
void hash_file(store::ResultsStore& st, FilePlan& fp) {
    if (fp.images.empty()) return;
    std::string hash;
    std::int64_t mtime = fp.mtime;
    try {
        hash = stored_content_hash(st, fp.path, fp.images.front().hdu, fp.size, mtime);
    } catch (const std::exception& e) {
        hash = "unreadable";
        if (!fp.failure) fp.failure = e.what();
    }
    for (auto& im : fp.images) {
        im.content_hash = hash;
        im.mtime = mtime;
        im.size_bytes = fp.size;
    }
}

// Turns one recorded file (image ids from the store) into items, skipping what the store
// has (`skip`; `ok` tells which skipped items succeeded).
void add_items(Plan& plan, const FilePlan& fp, const std::vector<std::int64_t>& ids,
               const std::vector<CodecEntry>& codecs, const std::set<WorkKey>& skip, const std::set<WorkKey>& ok) {
    auto skipped = [&](const WorkKey& key) {
        ++plan.already_done;
        if (!ok.count(key)) ++plan.failed_before;
    };
    plan.images += static_cast<std::int64_t>(ids.size());
    for (std::size_t j = 0; j < fp.images.size(); ++j) {
        const std::optional<std::string>& failure = fp.failure ? fp.failure : fp.broken[j];
        for (const auto& [c, why] : fp.refused[j]) plan.skips.push_back({fp.path, fp.images[j].hdu, ids[j], c, why});
        // Cube specs of this image: whole-HDU items (all frames, or none if all are done).
        std::map<std::size_t, std::vector<WorkKey>> cube_keys;
        for (std::size_t f = 0; f < fp.frames[j].size(); ++f) {
            const auto frame = static_cast<std::int64_t>(fp.frames[j][f]);
            std::vector<std::size_t> todo;
            for (std::size_t c : fp.codecs[j][f]) {
                ++plan.total_items;
                WorkKey key{ids[j], frame, codecs[c].id};
                if (codecs[c].is_cube() && !failure) {
                    cube_keys[c].push_back(key);
                } else if (skip.count(key)) {
                    skipped(key);
                } else {
                    todo.push_back(c);
                }
            }
            if (todo.empty()) continue;
            if (failure) {
                plan.failures.push_back({fp.path, fp.images[j].hdu, *failure, todo, ids[j]});
                continue;
            }
            for (std::size_t k = 0; k < todo.size(); ++k)
                plan.frames.push_back(
                    {fp.path, fp.images[j].hdu, frame, ids[j], todo[k], k == 0 && plan.predictions,
                     frame_pixels(fp.axes[j])});
        }
        for (auto& [c, keys] : cube_keys) {
            if (std::all_of(keys.begin(), keys.end(), [&](const WorkKey& k) { return skip.count(k) != 0; })) {
                for (const auto& k : keys) skipped(k);
                continue;
            }
            // Some frame is missing: the whole HDU is measured again (its rows are replaced).
            plan.cubes.push_back({fp.path, fp.images[j].hdu, ids[j], c, fp.selected[j], fp.axes[j]});
        }
    }
}

}  // namespace

std::uint64_t CubeItem::pixels() const { return frame_pixels(axes) * frames.size(); }

std::vector<CodecEntry> make_codec_table(const std::vector<std::string>& specs_in, int codec_threads) {
    const std::vector<std::string> specs = specs_in.empty() ? codecs::default_codec_specs() : specs_in;
    codecs::CodecOptions copt;
    copt.threads = std::max(1, codec_threads);
    std::vector<CodecEntry> table;
    for (const auto& s : specs) {
        CodecEntry e;
        if (codecs::is_cube_spec(s)) {
            e.cube = std::make_unique<codecs::CubeCodec>(s, copt);
            e.spec = e.cube->spec();
        } else {
            e.codec = codecs::make_codec(s, copt);
            e.spec = e.codec->spec();
        }
        if (std::none_of(table.begin(), table.end(), [&](const CodecEntry& x) { return x.spec == e.spec; }))
            table.push_back(std::move(e));
    }
    return table;
}

Plan plan_bench(store::ResultsStore& st, const std::vector<dataset::Dataset>& datasets,
                const std::vector<CodecEntry>& codecs, const BenchOptions& options, const std::atomic<int>* cancel) {
    Plan plan;
    plan.predictions = options.predictions;
    // Files are read first and recorded in the store in batches (one transaction each).
    std::vector<FilePlan> pending;
    std::vector<std::pair<FilePlan, std::vector<std::int64_t>>> recorded;
    auto record = [&] {
        if (pending.empty()) return;
        std::vector<store::ImageRecord> recs;
        for (auto& fp : pending)
            for (auto& im : fp.images) recs.push_back(im);
        auto ups = st.upsert_images(recs);
        std::vector<std::pair<std::string, std::string>> current;
        std::size_t i = 0;
        for (auto& fp : pending) {
            std::vector<std::int64_t> ids;
            for (std::size_t j = 0; j < fp.images.size(); ++j, ++i) {
                ids.push_back(ups[i].id);
                if (ups[i].hash_changed) ++plan.remeasured_images;
            }
            current.emplace_back(fp.path, fp.images.front().content_hash);
            recorded.emplace_back(std::move(fp), std::move(ids));
        }
        st.remove_stale_images(current);
        pending.clear();
    };
    for (const auto& d : datasets) {
        const std::int64_t dataset_id = st.upsert_dataset(d.name, fs::absolute(d.root).lexically_normal().string());
        for (const auto& ref : d.images) {
            if (cancelled(cancel)) break;
            ++plan.files;
            FilePlan fp = read_file_plan(ref.path, ref.hdu, dataset_id, codecs, options.shard);
            if (fp.images.empty()) continue;  // nothing of this file in the shard
            hash_file(st, fp);
            pending.push_back(std::move(fp));
            if (pending.size() >= 256) record();
        }
    }
    record();
    plan.cancelled = cancelled(cancel);

    // Resume: failed items count as done unless they are retried.
    std::vector<std::int64_t> codec_ids;
    for (const auto& c : codecs) codec_ids.push_back(c.id);
    const std::set<WorkKey> done_ok = st.completed_items(codec_ids, {}, false);
    const std::set<WorkKey> done_all = options.retry_failed ? std::set<WorkKey>{} : st.completed_items(codec_ids, {}, true);
    const std::set<WorkKey>& skip = options.retry_failed ? done_ok : done_all;
    for (const auto& [fp, ids] : recorded) add_items(plan, fp, ids, codecs, skip, done_ok);
    return plan;
}

}  // namespace bitsky::bench
