// The benchmark runner: plan, resume, shard, worker threads, one writer, cancel.
#include "engine/bench/bench.h"

#include <fitsio.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/analysis/noise.h"
#include "engine/analysis/predict.h"
#include "engine/codecs/codec.h"
#include "engine/codecs/cube_codec.h"
#include "engine/dataset/dataset.h"
#include "engine/fits/fits.h"
#include "engine/util/error.h"

namespace bitsky::bench {

namespace fs = std::filesystem;
using store::ResultRow;
using store::WorkKey;

namespace {

double now_s() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// CPU time of the whole process plus its waited-for children (as codecs::roundtrip counts it).
double process_cpu_s() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    rusage ch{};
    getrusage(RUSAGE_CHILDREN, &ch);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec) + double(ch.ru_utime.tv_sec + ch.ru_stime.tv_sec) +
           1e-6 * double(ch.ru_utime.tv_usec + ch.ru_stime.tv_usec);
}

double thread_cpu_s() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

std::int64_t peak_rss_kib() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<std::int64_t>(ru.ru_maxrss);  // KiB on Linux
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::string shape_json(const std::vector<std::size_t>& axes) { return nlohmann::json(axes).dump(); }

struct CodecEntry {
    std::string spec;
    std::unique_ptr<codecs::Codec> codec;     // plain 2D spec (null for a transform spec)
    std::unique_ptr<codecs::CubeCodec> cube;  // transform spec (`tdiff+jpegls`), else null
    std::int64_t id = 0;
    bool is_cube() const { return cube != nullptr; }
    const codecs::Codec& base() const { return cube ? cube->codec() : *codec; }
};

// Shard hash of an item: per frame for a 2D spec; per HDU (frame -1) for a transform
// spec, so a whole HDU goes to one shard.
std::uint64_t shard_hash(const std::string& path, int hdu, std::int64_t frame, const CodecEntry& ce) {
    return item_hash(path, hdu, ce.is_cube() ? -1 : frame, ce.spec);
}

// One frame to measure with one codec (the unit of work: a frame's codecs spread over
// the workers, so a few large frames do not leave the other workers idle at the end).
struct Unit {
    std::string path;
    int hdu = 0;
    std::int64_t frame = 0;
    std::int64_t image_id = 0;
    std::size_t codec = 0;          // index into the codec table
    bool predictions = false;       // the frame's first unit also stores noise and predictions
    std::uint64_t pixels = 0;       // of the frame: the cost estimate for scheduling
};

// Pixels of one 2D frame of an HDU with these axes (0 when unknown).
std::uint64_t frame_pixels(const std::vector<std::size_t>& axes) {
    if (axes.size() < 2) return 0;
    return static_cast<std::uint64_t>(axes[0]) * static_cast<std::uint64_t>(axes[1]);
}

// One HDU to measure with one transform spec: all its selected frames as one cube stream.
struct CubeUnit {
    std::string path;
    int hdu = 0;
    std::int64_t image_id = 0;
    std::size_t codec = 0;              // index into the codec table
    std::vector<std::size_t> frames;    // selected frames (storage order), one result row each
    std::vector<std::size_t> axes;      // of the whole HDU
};

// A file that could not be used: one failed result per codec in the shard.
struct FileFailure {
    std::string path;
    std::string error;
    std::vector<std::size_t> codecs;
    std::int64_t image_id = 0;
};

struct Finished {
    ResultRow row;
    std::string current;
    // What the frame's noise predicts (stored beside the measured results), sent once per frame.
    std::vector<store::Prediction> predictions;
    std::optional<std::string> noise_json;  // frame 0's noise estimates, for the image row
};

// Noise estimates of one frame and the compressibility they predict.
void add_predictions(Finished& f, const Frame16& frame) {
    analysis::NoiseOptions nopt;
    nopt.tile = 0;  // no tile map: the per-image numbers are what the store keeps
    analysis::NoiseEstimate ne = analysis::estimate_noise(frame, nopt);
    analysis::CompressibilityPrediction p = analysis::predict_compressibility(ne);
    f.predictions.push_back({f.row.image_id, f.row.frame, "gaussian-entropy", p.entropy_bpp});
    f.predictions.push_back({f.row.image_id, f.row.frame, "rice-predicted", p.rice_bpp});
    f.predictions.push_back({f.row.image_id, f.row.frame, "fpack-nbits", p.fpack_nbits});
    if (f.row.frame == 0) {
        nlohmann::json j = {{"frame", 0},
                            {"sigma", ne.sigma()},
                            {"noise1", ne.cfitsio.noise1},
                            {"noise2", ne.cfitsio.noise2},
                            {"noise3", ne.cfitsio.noise3},
                            {"noise5", ne.cfitsio.noise5},
                            {"mad", ne.mad},
                            {"clipped_std", ne.clipped.std},
                            {"background", ne.clipped.background}};
        f.noise_json = j.dump();
    }
}

std::string item_name(const std::string& path, int hdu, std::int64_t frame, const std::string& spec) {
    return path + "[" + std::to_string(hdu) + "] frame " + std::to_string(frame) + " " + spec;
}

// A file after its headers were read: what to measure (or why it cannot be used).
struct FilePlan {
    std::string path;
    std::int64_t dataset_id = 0;
    std::int64_t size = 0, mtime = 0;
    std::optional<std::string> failure;
    std::vector<store::ImageRecord> images;                    // in this shard
    std::vector<std::vector<std::size_t>> frames;              // per image: frames in the shard
    std::vector<std::vector<std::vector<std::size_t>>> codecs;  // per image, per frame: codec indices
    std::vector<std::vector<std::size_t>> selected;            // per image: all selected frames
    std::vector<std::vector<std::size_t>> axes;                // per image: axes of the HDU
};

class Planner {
public:
    Planner(store::ResultsStore& st, const std::vector<CodecEntry>& codecs, const Shard& shard)
        : store_(st), codecs_(codecs), shard_(shard) {}

    // Reads headers and selects items of this shard; no store writes.
    FilePlan read(const fs::path& given, std::int64_t dataset_id) {
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
        try {
            auto file = fits::File::open(abs);
            if (!file.hdus().empty()) primary_bitpix = file.hdus().front().bitpix;
            auto sel = dataset::select_frames(file);
            hdus = std::move(sel.hdus);
        } catch (const std::exception& e) {
            fp.failure = e.what();
        }

        if (fp.failure) {
            store::ImageRecord im;
            im.dataset_id = dataset_id;
            im.path = fp.path;
            im.hdu = 0;
            im.frame_count = 0;
            im.shape = "[]";
            im.bitpix = primary_bitpix;
            std::vector<std::size_t> cs;
            for (std::size_t c = 0; c < codecs_.size(); ++c)
                if (shard_.contains(shard_hash(fp.path, 0, 0, codecs_[c]))) cs.push_back(c);
            if (!cs.empty()) {
                fp.images.push_back(im);
                fp.frames.push_back({0});
                fp.codecs.push_back({cs});
                fp.selected.push_back({0});
                fp.axes.push_back({});
            }
            return fp;
        }
        for (const auto& h : hdus) {
            std::vector<std::size_t> frames;
            std::vector<std::vector<std::size_t>> per_frame;
            for (std::size_t k : h.frames) {
                std::vector<std::size_t> cs;
                for (std::size_t c = 0; c < codecs_.size(); ++c)
                    if (shard_.contains(shard_hash(fp.path, h.hdu, static_cast<std::int64_t>(k), codecs_[c])))
                        cs.push_back(c);
                if (!cs.empty()) {
                    frames.push_back(k);
                    per_frame.push_back(std::move(cs));
                }
            }
            if (frames.empty()) continue;
            store::ImageRecord im;
            im.dataset_id = dataset_id;
            im.path = fp.path;
            im.hdu = h.hdu;
            im.frame_count = static_cast<std::int64_t>(h.frames.size());
            im.shape = shape_json(h.axes);
            im.bitpix = 16;
            fp.images.push_back(im);
            fp.frames.push_back(std::move(frames));
            fp.codecs.push_back(std::move(per_frame));
            fp.selected.push_back(h.frames);
            fp.axes.push_back(h.axes);
        }
        return fp;
    }

    // Content hash (reused from the store when size and mtime are unchanged).
    void hash(FilePlan& fp) {
        if (fp.images.empty()) return;
        std::string hash;
        std::int64_t mtime = fp.mtime;
        auto old = store_.find_image(fp.path, fp.images.front().hdu);
        try {
            hash = old ? stored_content_hash(fp.path, fp.size, mtime, &old->content_hash, old->size_bytes, old->mtime)
                       : stored_content_hash(fp.path, fp.size, mtime, nullptr, 0, 0);
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

private:
    store::ResultsStore& store_;
    const std::vector<CodecEntry>& codecs_;
    Shard shard_;
};

// Worker-side reading: one open FITS file cached per worker; CFITSIO calls serialised
// when the library was not built reentrant.
class FrameReader {
public:
    explicit FrameReader(std::mutex* serialise) : serialise_(serialise) {}
    Cube16 read(const std::string& path, int hdu, std::size_t k) {
        std::unique_lock<std::mutex> lock;
        if (serialise_) lock = std::unique_lock<std::mutex>(*serialise_);
        if (!file_ || file_->path() != fs::path(path)) {
            file_.reset();
            file_ = std::make_unique<fits::File>(fits::File::open(path));
        }
        return file_->read_u16_frame(hdu, k);
    }
    // The selected frames of one HDU as a cube: the whole HDU (its own axes) when every
    // frame is selected, else the selected frames stacked as (W, H, n) in the given order.
    Cube16 read_frames(const std::string& path, int hdu, const std::vector<std::size_t>& frames,
                       const std::vector<std::size_t>& axes) {
        std::unique_lock<std::mutex> lock;
        if (serialise_) lock = std::unique_lock<std::mutex>(*serialise_);
        if (!file_ || file_->path() != fs::path(path)) {
            file_.reset();
            file_ = std::make_unique<fits::File>(fits::File::open(path));
        }
        const std::size_t count = axes.size() < 2 ? 0 : Cube16::element_count(axes) / (axes[0] * axes[1]);
        bool all = frames.size() == count;
        for (std::size_t i = 0; all && i < frames.size(); ++i) all = frames[i] == i;
        if (all) return file_->read_u16(hdu);
        Cube16 first = file_->read_u16_frame(hdu, frames.at(0));
        std::vector<std::size_t> sub{first.width(), first.height()};
        if (frames.size() > 1) sub.push_back(frames.size());
        Cube16 out(sub);
        out.shifted = first.shifted;
        const std::size_t n = first.frame_pixels();
        std::copy(first.data().begin(), first.data().end(), out.data().begin());
        for (std::size_t i = 1; i < frames.size(); ++i) {
            Cube16 f = file_->read_u16_frame(hdu, frames[i]);
            if (f.frame_pixels() != n) throw Error(path + ": frame " + std::to_string(frames[i]) + " has another size");
            std::copy(f.data().begin(), f.data().end(), out.data().begin() + static_cast<std::ptrdiff_t>(i * n));
        }
        return out;
    }

private:
    std::mutex* serialise_;
    std::unique_ptr<fits::File> file_;
};

ResultRow measure(const CodecEntry& ce, const Frame16& frame, int repeat, bool process_cpu,
                  const std::atomic<int>* cancel) {
    ResultRow row;
    row.codec_id = ce.id;
    row.raw_bytes = static_cast<std::int64_t>(2 * frame.size());
    std::vector<double> enc, dec;
    double cpu_e = 0, cpu_d = 0;
    for (int r = 0; r < repeat; ++r) {
        if (r > 0 && cancel && cancel->load() != 0) break;  // keep what was measured
        double t0 = thread_cpu_s();
        codecs::CodecResult res = codecs::roundtrip(*ce.codec, frame);
        double tcpu = thread_cpu_s() - t0;
        if (r == 0) row.compressed_bytes = static_cast<std::int64_t>(res.compressed_bytes);
        if (!res.lossless_ok) {
            row.lossless_ok = false;
            row.error = res.error.empty() ? "codec " + ce.spec + ": round trip failed" : res.error;
            row.compressed_bytes = static_cast<std::int64_t>(res.compressed_bytes);
            enc.push_back(res.encode_s);
            dec.push_back(res.decode_s);
            break;
        }
        if (static_cast<std::int64_t>(res.compressed_bytes) != row.compressed_bytes) {
            row.lossless_ok = false;
            row.error = "codec " + ce.spec + ": compressed size differs between repeats (" +
                        std::to_string(row.compressed_bytes) + " then " + std::to_string(res.compressed_bytes) +
                        " bytes)";
            break;
        }
        double ce_s, cd_s;
        if (process_cpu) {
            ce_s = res.encode_cpu_s;
            cd_s = res.decode_cpu_s;
        } else {
            double wall = res.encode_s + res.decode_s;
            double share = wall > 0 ? res.encode_s / wall : 0.5;
            ce_s = tcpu * share;
            cd_s = tcpu - ce_s;
        }
        cpu_e = r == 0 ? ce_s : std::min(cpu_e, ce_s);
        cpu_d = r == 0 ? cd_s : std::min(cpu_d, cd_s);
        enc.push_back(res.encode_s);
        dec.push_back(res.decode_s);
        row.lossless_ok = true;
    }
    row.repeats = static_cast<int>(std::max<std::size_t>(enc.size(), 1));
    if (!enc.empty()) {
        row.encode_s = *std::min_element(enc.begin(), enc.end());
        row.decode_s = *std::min_element(dec.begin(), dec.end());
        row.encode_median_s = median(enc);
        row.decode_median_s = median(dec);
    }
    row.encode_cpu_s = cpu_e;
    row.decode_cpu_s = cpu_d;
    row.peak_rss_kib = peak_rss_kib();
    return row;
}

// One HDU with a transform spec: `repeat` verified cube round trips, one row per frame.
// Bytes: frame k's row holds its 2D codestream plus its framing and side information
// (CubeFrameCost::payload_bytes + side_bytes); the stream's own header and trailing
// checksum go to the first frame's row, so the rows of the HDU sum to the stream size.
// Times (wall and CPU, min and median over repeats) are the cube's, split evenly over
// its frames (the cube codec times the cube as a whole). Every row carries the cube's
// lossless_ok and error (a transform on a 2D image fails with the codec's refusal).
std::vector<ResultRow> measure_cube(const CodecEntry& ce, const Cube16& cube, std::size_t rows, int repeat,
                                    bool process_cpu, const std::atomic<int>* cancel) {
    std::vector<std::int64_t> bytes;
    bool ok = false;
    std::string error;
    std::vector<double> enc, dec;
    double cpu_e = 0, cpu_d = 0;
    for (int r = 0; r < repeat; ++r) {
        if (r > 0 && cancel && cancel->load() != 0) break;
        double t0 = process_cpu ? process_cpu_s() : thread_cpu_s();
        codecs::CubeRoundtrip rt = codecs::cube_roundtrip(*ce.cube, cube);
        double tcpu = (process_cpu ? process_cpu_s() : thread_cpu_s()) - t0;
        enc.push_back(rt.encode_s);
        dec.push_back(rt.decode_s);
        if (!rt.lossless_ok) {
            ok = false;
            error = rt.error.empty() ? "codec " + ce.spec + ": round trip failed" : rt.error;
            break;
        }
        std::vector<std::int64_t> b;
        std::size_t framed = 0;
        for (const auto& f : rt.frames) {
            b.push_back(static_cast<std::int64_t>(f.payload_bytes + f.side_bytes));
            framed += f.payload_bytes + f.side_bytes;
        }
        if (b.size() != rows || framed > rt.compressed_bytes) {
            ok = false;
            error = "codec " + ce.spec + ": cube encoder reported " + std::to_string(b.size()) + " frame(s) of " +
                    std::to_string(framed) + " bytes for " + std::to_string(rows) + " frame(s) and a stream of " +
                    std::to_string(rt.compressed_bytes) + " bytes";
            break;
        }
        b.front() += static_cast<std::int64_t>(rt.compressed_bytes - framed);
        if (r == 0) {
            bytes = b;
        } else if (b != bytes) {
            ok = false;
            error = "codec " + ce.spec + ": compressed size differs between repeats";
            break;
        }
        double wall = rt.encode_s + rt.decode_s;
        double share = wall > 0 ? rt.encode_s / wall : 0.5;
        double ce_s = tcpu * share, cd_s = tcpu - ce_s;
        cpu_e = r == 0 ? ce_s : std::min(cpu_e, ce_s);
        cpu_d = r == 0 ? cd_s : std::min(cpu_d, cd_s);
        ok = true;
    }
    const double n = double(std::max<std::size_t>(rows, 1));
    std::vector<ResultRow> out(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        ResultRow& row = out[i];
        row.codec_id = ce.id;
        row.raw_bytes = static_cast<std::int64_t>(2 * cube.frame_pixels());
        row.compressed_bytes = ok ? bytes[i] : 0;
        row.lossless_ok = ok;
        if (!ok) row.error = error;
        row.repeats = static_cast<int>(std::max<std::size_t>(enc.size(), 1));
        if (!enc.empty()) {
            row.encode_s = *std::min_element(enc.begin(), enc.end()) / n;
            row.decode_s = *std::min_element(dec.begin(), dec.end()) / n;
            row.encode_median_s = median(enc) / n;
            row.decode_median_s = median(dec) / n;
        }
        row.encode_cpu_s = ok ? cpu_e / n : 0;
        row.decode_cpu_s = ok ? cpu_d / n : 0;
        row.peak_rss_kib = peak_rss_kib();
    }
    return out;
}

bool cancelled(const std::atomic<int>* cancel) { return cancel && cancel->load() != 0; }

}  // namespace

std::string host_name() {
    char buf[256] = {};
    if (gethostname(buf, sizeof buf - 1) != 0) return {};
    return buf;
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("model name", 0) == 0) {
            auto colon = line.find(':');
            if (colon == std::string::npos) continue;
            auto v = line.substr(colon + 1);
            auto b = v.find_first_not_of(" \t");
            return b == std::string::npos ? std::string() : v.substr(b);
        }
    }
    return {};
}

BenchSummary run_bench(store::ResultsStore& st, const std::vector<fs::path>& paths, const BenchOptions& options,
                       const ProgressFn& progress, const std::atomic<int>* cancel, double progress_interval_s) {
    if (options.repeat < 1) throw UsageError("--repeat must be >= 1, got " + std::to_string(options.repeat));
    if (options.jobs < 0) throw UsageError("--jobs must be >= 0, got " + std::to_string(options.jobs));
    if (paths.empty()) throw UsageError("name at least one FITS file or dataset folder");
    const double t_plan = now_s();

    // Codecs.
    std::vector<CodecEntry> codecs;
    {
        std::vector<std::string> specs = options.codecs.empty() ? codecs::default_codec_specs() : options.codecs;
        codecs::CodecOptions copt;
        copt.threads = std::max(1, options.codec_threads);
        for (const auto& s : specs) {
            CodecEntry e;
            if (codecs::is_cube_spec(s)) {
                e.cube = std::make_unique<codecs::CubeCodec>(s, copt);
                e.spec = e.cube->spec();
            } else {
                e.codec = codecs::make_codec(s, copt);
                e.spec = e.codec->spec();
            }
            if (std::any_of(codecs.begin(), codecs.end(), [&](const CodecEntry& x) { return x.spec == e.spec; }))
                continue;
            codecs.push_back(std::move(e));
        }
    }
    auto datasets = dataset::discover_all(paths);

    BenchSummary sum;
    sum.jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    nlohmann::json libs = nlohmann::json::object();
    for (auto& c : codecs) {
        c.id = st.upsert_codec(c.spec, c.base().library(), c.base().library_version());
        libs[c.base().library()] = c.base().library_version();
    }
    {
        float v = 0;
        fits_get_version(&v);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.3g", static_cast<double>(v));
        libs["cfitsio"] = buf;
        libs["sqlite"] = sqlite3_libversion();
    }

    store::RunInfo run;
    run.host = host_name();
    run.cpu_model = cpu_model();
    run.threads = static_cast<int>(std::thread::hardware_concurrency());
    run.jobs = sum.jobs;
    run.library_versions = libs.dump();
    run.command_line = options.command_line;
    sum.run_id = st.begin_run(run);

    try {
        // ---- plan
        Planner planner(st, codecs, options.shard);
        std::vector<Unit> units;
        std::vector<CubeUnit> cube_units;
        std::vector<FileFailure> file_failures;
        std::vector<std::int64_t> codec_ids;
        for (auto& c : codecs) codec_ids.push_back(c.id);
        std::set<WorkKey> done_all, done_ok;
        std::vector<FilePlan> pending;

        // Upserts a batch of files and turns them into units (after resume filtering).
        std::vector<std::pair<FilePlan, std::vector<std::int64_t>>> planned;
        auto flush = [&] {
            if (pending.empty()) return;
            std::vector<store::ImageRecord> recs;
            for (auto& fp : pending)
                for (auto& im : fp.images) recs.push_back(im);
            auto ups = st.upsert_images(recs);
            std::size_t i = 0;
            {
                store::Transaction tx(st.database());
                store::Statement del(st.database(), "DELETE FROM images WHERE path = ? AND content_hash <> ?");
                for (auto& fp : pending) {
                    std::vector<std::int64_t> ids;
                    for (std::size_t j = 0; j < fp.images.size(); ++j, ++i) {
                        ids.push_back(ups[i].id);
                        if (ups[i].hash_changed) ++sum.remeasured_images;
                    }
                    del.reset();
                    del.bind_all(fp.path, fp.images.front().content_hash);
                    del.run();
                    planned.emplace_back(std::move(fp), std::move(ids));
                }
                tx.commit();
            }
            pending.clear();
        };
        for (const auto& d : datasets) {
            std::int64_t dataset_id = st.upsert_dataset(d.name, fs::absolute(d.root).lexically_normal().string());
            for (const auto& ref : d.images) {
                if (cancelled(cancel)) break;
                ++sum.files;
                FilePlan fp = planner.read(ref.path, dataset_id);
                if (fp.images.empty()) continue;  // nothing of this file in the shard
                planner.hash(fp);
                pending.push_back(std::move(fp));
                if (pending.size() >= 256) flush();
            }
        }
        flush();
        const bool plan_cancelled = cancelled(cancel);

        done_all = st.completed_items(codec_ids, {}, true);
        done_ok = options.retry_failed ? st.completed_items(codec_ids, {}, false) : done_all;
        const std::set<WorkKey>& skip = options.retry_failed ? done_ok : done_all;

        // Failed items among the ones skipped as done (only when failures are not retried:
        // otherwise every skipped item succeeded).
        const std::set<WorkKey> ok = options.retry_failed ? done_ok : st.completed_items(codec_ids, {}, false);
        std::int64_t failed_before = 0;
        auto skipped = [&](const WorkKey& key) {
            ++sum.already_done;
            if (!ok.count(key)) ++failed_before;
        };
        for (auto& [fp, ids] : planned) {
            sum.images += static_cast<std::int64_t>(ids.size());
            for (std::size_t j = 0; j < fp.images.size(); ++j) {
                // Transform specs of this image: whole-HDU units (all frames, or none if all done).
                std::map<std::size_t, std::vector<WorkKey>> cube_keys;
                for (std::size_t f = 0; f < fp.frames[j].size(); ++f) {
                    std::int64_t frame = static_cast<std::int64_t>(fp.frames[j][f]);
                    std::vector<std::size_t> todo;
                    for (std::size_t c : fp.codecs[j][f]) {
                        ++sum.total_items;
                        WorkKey key{ids[j], frame, codecs[c].id};
                        if (codecs[c].is_cube() && !fp.failure) {
                            cube_keys[c].push_back(key);
                            continue;
                        }
                        if (skip.count(key)) {
                            skipped(key);
                            continue;
                        }
                        todo.push_back(c);
                    }
                    if (todo.empty()) continue;
                    if (fp.failure) {
                        file_failures.push_back({fp.path, *fp.failure, todo, ids[j]});
                        continue;
                    }
                    for (std::size_t k = 0; k < todo.size(); ++k)
                        units.push_back({fp.path, fp.images[j].hdu, frame, ids[j], todo[k], k == 0,
                                         frame_pixels(fp.axes[j])});
                }
                for (auto& [c, keys] : cube_keys) {
                    if (std::all_of(keys.begin(), keys.end(), [&](const WorkKey& k) { return skip.count(k) != 0; })) {
                        for (const auto& k : keys) skipped(k);
                        continue;
                    }
                    // Some frame is missing: the whole HDU is measured again (rows are replaced).
                    cube_units.push_back({fp.path, fp.images[j].hdu, ids[j], c, fp.selected[j], fp.axes[j]});
                }
            }
        }
        planned.clear();
        sum.plan_s = now_s() - t_plan;

        // ---- run
        const double t_run = now_s();
        Progress pr;
        pr.total = sum.total_items;
        pr.done = sum.already_done;
        pr.failures = failed_before;
        double last_progress = -1e9;
        std::int64_t worked = 0;  // items measured by workers (for the ETA)
        auto report = [&](bool final) {
            if (!progress) return;
            double t = now_s();
            if (!final && t - last_progress < progress_interval_s) return;
            last_progress = t;
            pr.elapsed_s = t - t_run;
            std::int64_t left = pr.total - pr.done;
            pr.eta_s = left == 0 ? 0 : worked > 0 ? pr.elapsed_s / double(worked) * double(left) : -1;
            pr.final = final;
            progress(pr);
        };
        auto commit = [&](std::vector<Finished>& batch) {
            if (batch.empty()) return;
            std::vector<ResultRow> rows;
            rows.reserve(batch.size());
            for (auto& f : batch) {
                f.row.run_id = sum.run_id;
                rows.push_back(f.row);
            }
            st.insert_results(rows);
            if (std::any_of(batch.begin(), batch.end(), [](const Finished& f) { return !f.predictions.empty(); })) {
                store::Transaction tx(st.database());
                for (auto& f : batch) {
                    for (const auto& p : f.predictions) st.upsert_prediction(p);
                    if (f.noise_json) st.set_noise(f.row.image_id, *f.noise_json);
                }
                tx.commit();
            }
            for (auto& f : batch) {
                ++pr.done;
                ++pr.done_this_run;
                if (f.row.failed()) {
                    ++pr.failures;
                    ++sum.new_failures;
                }
            }
            pr.current = batch.back().current;
        };

        // Files that could not be used: their failures are known without any work.
        {
            std::vector<Finished> batch;
            for (auto& ff : file_failures)
                for (std::size_t c : ff.codecs) {
                    Finished f;
                    f.row.image_id = ff.image_id;
                    f.row.frame = 0;
                    f.row.codec_id = codecs[c].id;
                    f.row.lossless_ok = false;
                    f.row.error = ff.error;
                    f.current = item_name(ff.path, 0, 0, codecs[c].spec);
                    batch.push_back(std::move(f));
                }
            commit(batch);
        }
        report(false);

        std::mutex mu;
        std::condition_variable cv;
        std::vector<Finished> queue;
        int workers_done = 0;
        std::atomic<bool> stop{false};
        std::atomic<std::size_t> next{0};
        std::exception_ptr worker_error;
        std::optional<std::mutex> fits_lock;
        if (!fits_is_reentrant()) fits_lock.emplace();
        const bool process_cpu = sum.jobs == 1;
        // Largest work first (longest-processing-time order): a cube unit costs all its
        // frames' pixels, a frame unit its frame's. Ties keep the plan's order. Indices below
        // cube_units.size() are cube units, the rest frame units.
        const std::size_t nwork = cube_units.size() + units.size();
        std::vector<std::size_t> order(nwork);
        std::vector<std::uint64_t> cost(nwork);
        for (std::size_t i = 0; i < nwork; ++i) {
            order[i] = i;
            cost[i] = i < cube_units.size()
                          ? frame_pixels(cube_units[i].axes) * cube_units[i].frames.size()
                          : units[i - cube_units.size()].pixels;
        }
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cost[a] > cost[b]; });
        const int nworkers = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(sum.jobs), std::max<std::size_t>(nwork, 1)));

        auto push = [&](Finished f) {
            {
                std::lock_guard<std::mutex> lk(mu);
                queue.push_back(std::move(f));
            }
            cv.notify_one();
        };
        // All rows of one cube unit at once, so they are committed in one transaction.
        auto push_all = [&](std::vector<Finished> fs) {
            {
                std::lock_guard<std::mutex> lk(mu);
                for (auto& f : fs) queue.push_back(std::move(f));
            }
            cv.notify_one();
        };
        auto run_cube = [&](FrameReader& reader, const CubeUnit& u) {
            const CodecEntry& ce = codecs[u.codec];
            std::optional<Cube16> cube;
            std::string read_error;
            try {
                cube = reader.read_frames(u.path, u.hdu, u.frames, u.axes);
            } catch (const std::exception& e) {
                read_error = e.what();
            }
            std::vector<ResultRow> rows;
            if (cube && cube->frame_count() == u.frames.size()) {
                rows = measure_cube(ce, *cube, u.frames.size(), options.repeat, process_cpu, cancel);
            } else {
                if (cube) read_error = u.path + ": read " + std::to_string(cube->frame_count()) + " frame(s), expected " +
                                       std::to_string(u.frames.size());
                rows.resize(u.frames.size());
                for (auto& r : rows) {
                    r.codec_id = ce.id;
                    r.lossless_ok = false;
                    r.error = read_error;
                }
            }
            std::vector<Finished> out;
            for (std::size_t i = 0; i < u.frames.size(); ++i) {
                Finished f;
                f.row = std::move(rows[i]);
                f.row.image_id = u.image_id;
                f.row.frame = static_cast<std::int64_t>(u.frames[i]);
                f.current = item_name(u.path, u.hdu, f.row.frame, ce.spec);
                if (cube && cube->frame_count() == u.frames.size()) {
                    try {
                        add_predictions(f, cube->frame(i));  // upserted: the same as a 2D unit's
                    } catch (const std::exception&) {
                    }
                }
                out.push_back(std::move(f));
            }
            push_all(std::move(out));
        };
        auto worker = [&] {
            try {
                FrameReader reader(fits_lock ? &*fits_lock : nullptr);
                while (!stop.load() && !cancelled(cancel)) {
                    std::size_t n = next.fetch_add(1);
                    if (n >= nwork) break;
                    const std::size_t i = order[n];
                    if (i < cube_units.size()) {
                        run_cube(reader, cube_units[i]);
                        continue;
                    }
                    const Unit& u = units[i - cube_units.size()];
                    std::optional<Cube16> cube;
                    std::string read_error;
                    try {
                        cube = reader.read(u.path, u.hdu, static_cast<std::size_t>(u.frame));
                    } catch (const std::exception& e) {
                        read_error = e.what();
                    }
                    const std::size_t c = u.codec;
                    Finished f;
                    f.current = item_name(u.path, u.hdu, u.frame, codecs[c].spec);
                    if (cube) {
                        f.row = measure(codecs[c], cube->frame(0), options.repeat, process_cpu, cancel);
                    } else {
                        f.row.codec_id = codecs[c].id;
                        f.row.lossless_ok = false;
                        f.row.error = read_error;
                    }
                    f.row.image_id = u.image_id;
                    f.row.frame = u.frame;
                    if (cube && u.predictions) {
                        try {
                            add_predictions(f, cube->frame(0));
                        } catch (const std::exception&) {
                            // A frame the estimators cannot use (e.g. constant) has no prediction.
                        }
                    }
                    push(std::move(f));
                }
            } catch (...) {
                std::lock_guard<std::mutex> lk(mu);
                if (!worker_error) worker_error = std::current_exception();
                stop = true;
            }
            {
                std::lock_guard<std::mutex> lk(mu);
                ++workers_done;
            }
            cv.notify_one();
        };

        // Joins the workers on every way out (an exception in the writer stops them first).
        struct Joiner {
            std::vector<std::thread> threads;
            std::atomic<bool>& stop;
            ~Joiner() {
                stop = true;
                for (auto& t : threads)
                    if (t.joinable()) t.join();
            }
        } joiner{{}, stop};
        if (nwork > 0)
            for (int w = 0; w < nworkers; ++w) joiner.threads.emplace_back(worker);
        const int started = static_cast<int>(joiner.threads.size());

        for (;;) {
            std::vector<Finished> batch;
            bool all_done;
            {
                std::unique_lock<std::mutex> lk(mu);
                cv.wait_for(lk, std::chrono::milliseconds(100),
                            [&] { return !queue.empty() || workers_done == started; });
                all_done = workers_done == started;
                batch.swap(queue);
            }
            commit(batch);
            if (!batch.empty()) worked += static_cast<std::int64_t>(batch.size());
            report(false);
            if (all_done && batch.empty()) break;
        }
        for (auto& t : joiner.threads) t.join();
        if (worker_error) std::rethrow_exception(worker_error);

        sum.measured = pr.done_this_run;
        sum.failures = pr.failures;
        sum.missing = pr.total - pr.done;
        sum.run_s = now_s() - t_run;
        sum.status = sum.missing == 0 && !plan_cancelled ? "finished" : "cancelled";
        if (sum.missing != 0 && !cancelled(cancel))
            throw Error("internal error: " + std::to_string(sum.missing) + " item(s) were not measured");
        st.end_run(sum.run_id, sum.status);
        report(true);
        return sum;
    } catch (...) {
        try {
            st.end_run(sum.run_id, "failed");
        } catch (...) {
        }
        throw;
    }
}

}  // namespace bitsky::bench
