// The benchmark runner, top-down: codecs -> run row -> plan (plan.h) -> execute
// (executor.h: worker threads, each item measured by measure.h) -> commits, progress and
// the run's end. The calling thread is the only store writer.
#include "engine/bench/bench.h"

#include <fitsio.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/bench/executor.h"
#include "engine/bench/plan.h"
#include "engine/dataset/dataset.h"
#include "engine/util/error.h"
#include "engine/util/timing.h"

namespace bitsky::bench {

namespace {

bool cancelled(const std::atomic<int>* cancel) { return cancel && cancel->load() != 0; }

// The library versions recorded in the run row.
std::string library_versions(const std::vector<CodecEntry>& codecs) {
    nlohmann::json libs = nlohmann::json::object();
    for (const auto& c : codecs) libs[c.base().library()] = c.base().library_version();
    float v = 0;
    fits_get_version(&v);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", static_cast<double>(v));
    libs["cfitsio"] = buf;
    libs["sqlite"] = sqlite3_libversion();
    return libs.dump();
}

// Progress of the run, reported from the writer thread after commits.
class ProgressReporter {
public:
    ProgressReporter(const ProgressFn& fn, double interval_s, const Plan& plan) : fn_(fn), interval_s_(interval_s) {
        p_.total = plan.total_items;
        p_.done = plan.already_done;
        p_.failures = plan.failed_before;
    }
    void start() { t_run_ = util::wall_seconds(); }
    void finished(const Finished& f, bool measured) {
        ++p_.done;
        ++p_.done_this_run;
        if (measured) ++worked_;
        if (f.row.failed()) ++p_.failures;
        p_.current = f.name();
    }
    // Reports at most every interval (always when final).
    void report(bool final) {
        if (!fn_) return;
        const double t = util::wall_seconds();
        if (!final && t - last_ < interval_s_) return;
        last_ = t;
        p_.elapsed_s = t - t_run_;
        const std::int64_t left = p_.total - p_.done;
        p_.eta_s = left == 0 ? 0 : worked_ > 0 ? p_.elapsed_s / double(worked_) * double(left) : -1;
        p_.final = final;
        fn_(p_);
    }
    const Progress& progress() const { return p_; }
    double elapsed() const { return util::wall_seconds() - t_run_; }

private:
    const ProgressFn& fn_;
    double interval_s_;
    Progress p_;
    double t_run_ = util::wall_seconds();
    double last_ = -1e9;
    std::int64_t worked_ = 0;  // items measured by workers (for the ETA)
};

// Writes a batch of finished items in one transaction each for rows and predictions.
void commit(store::ResultsStore& st, std::int64_t run_id, std::vector<Finished>& batch) {
    if (batch.empty()) return;
    std::vector<store::ResultRow> rows;
    rows.reserve(batch.size());
    for (auto& f : batch) {
        f.row.run_id = run_id;
        rows.push_back(f.row);
    }
    st.insert_results(rows);
    if (std::any_of(batch.begin(), batch.end(), [](const Finished& f) { return !f.predictions.predictions.empty(); })) {
        store::Transaction tx(st.database());
        for (auto& f : batch) {
            for (const auto& p : f.predictions.predictions) st.upsert_prediction(p);
            if (f.predictions.noise_json) st.set_noise(f.row.image_id, *f.predictions.noise_json);
        }
        tx.commit();
    }
}

// The failed rows of files that could not be used (known without any work).
std::vector<Finished> file_failure_rows(const Plan& plan, const std::vector<CodecEntry>& codecs) {
    std::vector<Finished> out;
    for (const auto& ff : plan.failures)
        for (std::size_t c : ff.codecs) {
            Finished f;
            f.row.image_id = ff.image_id;
            f.row.frame = 0;
            f.row.codec_id = codecs[c].id;
            f.row.lossless_ok = false;
            f.row.error = ff.error;
            f.path = ff.path;
            f.hdu = ff.hdu;
            f.codec = codecs[c].spec;
            out.push_back(std::move(f));
        }
    return out;
}

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

BenchSummary run_bench(store::ResultsStore& st, const std::vector<std::filesystem::path>& paths,
                       const BenchOptions& options, const ProgressFn& progress, const std::atomic<int>* cancel,
                       double progress_interval_s) {
    if (options.repeat < 1) throw UsageError("--repeat must be >= 1, got " + std::to_string(options.repeat));
    if (options.jobs < 0) throw UsageError("--jobs must be >= 0, got " + std::to_string(options.jobs));
    if (paths.empty()) throw UsageError("name at least one FITS file or dataset folder");
    const double t_plan = util::wall_seconds();

    std::vector<CodecEntry> codecs = make_codec_table(options.codecs, options.codec_threads);
    const auto datasets = dataset::discover_all(paths);
    std::vector<std::string> warnings;
    for (const auto& d : datasets) {
        for (const auto& r : d.rejected) warnings.push_back(r.where + ": '" + r.entry + "': " + r.reason + " (skipped)");
        if (d.found == 0)
            warnings.push_back(d.root.string() + ": no FITS files found" +
                               (d.astrocompress ? " through its splits/*.jsonl" : " (names ending .fits, .fit, .fts, .fz, .gz)"));
    }

    BenchSummary sum;
    sum.warnings = std::move(warnings);
    sum.jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    for (auto& c : codecs)
        c.id = st.upsert_codec(c.spec, c.base().library(), c.base().library_version(), !c.is_cube() && c.base().lossy());
    store::RunInfo run;
    run.host = host_name();
    run.cpu_model = cpu_model();
    run.threads = static_cast<int>(std::thread::hardware_concurrency());
    run.jobs = sum.jobs;
    run.library_versions = library_versions(codecs);
    run.command_line = options.command_line;
    sum.run_id = st.begin_run(run);

    try {
        const Plan plan = plan_bench(st, datasets, codecs, options, cancel);
        sum.files = plan.files;
        sum.images = plan.images;
        sum.total_items = plan.total_items;
        sum.already_done = plan.already_done;
        sum.remeasured_images = plan.remeasured_images;
        sum.plan_s = util::wall_seconds() - t_plan;

        // What the codecs cannot take is recorded (the store lists it as skipped, not failed).
        std::vector<store::SkipRow> skip_rows;
        for (const auto& k : plan.skips) {
            skip_rows.push_back({sum.run_id, k.image_id, codecs[k.codec].id, k.reason});
            if (sum.skips.size() < kMaxListedFailures) sum.skips.push_back({k.path, k.hdu, codecs[k.codec].spec, k.reason});
        }
        sum.skipped = static_cast<std::int64_t>(plan.skips.size());
        st.record_skips(skip_rows);

        ProgressReporter reporter(progress, progress_interval_s, plan);
        reporter.start();
        std::vector<Finished> failed_files = file_failure_rows(plan, codecs);
        commit(st, sum.run_id, failed_files);
        for (const auto& f : failed_files) reporter.finished(f, false);
        reporter.report(false);

        auto list_failures = [&](const std::vector<Finished>& batch) {
            for (const auto& f : batch)
                if (f.row.failed() && sum.failed.size() < kMaxListedFailures)
                    sum.failed.push_back({f.path, f.hdu, f.row.frame, f.codec, f.row.error.value_or("round trip failed")});
        };
        list_failures(failed_files);
        execute(plan, codecs, sum.jobs, options.repeat, cancel, [&](std::vector<Finished>& batch) {
            commit(st, sum.run_id, batch);
            for (const auto& f : batch) reporter.finished(f, true);
            list_failures(batch);
            reporter.report(false);
        });

        const Progress& pr = reporter.progress();
        sum.measured = pr.done_this_run;
        sum.failures = pr.failures;
        sum.new_failures = pr.failures - plan.failed_before;
        sum.missing = pr.total - pr.done;
        sum.run_s = reporter.elapsed();
        sum.status = sum.missing == 0 && !plan.cancelled ? "finished" : "cancelled";
        if (sum.missing != 0 && !cancelled(cancel))
            throw Error("internal error: " + std::to_string(sum.missing) + " item(s) were not measured");
        st.end_run(sum.run_id, sum.status);
        reporter.report(true);
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
