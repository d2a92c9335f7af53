// bitsky-cli bench --db DB [--codecs SPECS] [--jobs N] [--repeat R] [--shard K/N]
//                  [--progress json|bar|none] [--retry-failed] PATH...
//
// Exit codes: 0 every planned item measured losslessly; 1 the run finished but some items
// failed (their messages are in the store and counted in the table), or bad input (a path
// that does not exist, a store that cannot be opened); 2 bad usage; 130 / 143 cancelled by
// SIGINT / SIGTERM (finished results are kept: run the same command again to resume).
#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli/cancel_signals.h"
#include "app/cli/command.h"
#include "engine/bench/bench.h"
#include "engine/codecs/codec.h"
#include "engine/codecs/cube_codec.h"
#include "engine/store/report.h"
#include "engine/store/store.h"
#include "engine/util/json.h"

namespace {

std::string quote(const std::string& s) {
    if (!s.empty() && s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_./:=,+@%") ==
                          std::string::npos)
        return s;
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

std::string duration(double s) {
    if (s < 0) return "--:--";
    long t = static_cast<long>(s + 0.5);
    char buf[32];
    if (t >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, (t / 60) % 60);
    else std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
    return buf;
}

int terminal_width() {
    winsize ws{};
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20) return ws.ws_col;
    return 80;
}

void print_bar(const bitsky::bench::Progress& p) {
    const int width = terminal_width();
    double frac = p.total > 0 ? double(p.done) / double(p.total) : 1.0;
    const int bar = 24;
    int fill = static_cast<int>(frac * bar + 0.5);
    std::string line;
    line.reserve(160);
    line.append("[").append(static_cast<std::size_t>(fill), '#').append(static_cast<std::size_t>(bar - fill), '.');
    line.append("] ").append(std::to_string(p.done)).append("/").append(std::to_string(p.total));
    line.append(" ").append(std::to_string(static_cast<int>(frac * 100))).append("% ETA ").append(duration(p.eta_s));
    if (p.failures) line.append(" failures ").append(std::to_string(p.failures));
    auto slash = p.current.rfind('/');
    line.append("  ").append(slash == std::string::npos ? p.current : p.current.substr(slash + 1));
    if (static_cast<int>(line.size()) > width - 1) line.resize(static_cast<std::size_t>(width - 1));
    std::cerr << "\r" << line << "\x1b[K" << (p.final ? "\n" : "") << std::flush;
}

nlohmann::json progress_json(const bitsky::bench::Progress& p) {
    nlohmann::json j;
    j["event"] = "progress";
    j["done"] = p.done;
    j["total"] = p.total;
    j["current"] = p.current;
    j["eta_s"] = p.eta_s < 0 ? nlohmann::json(nullptr) : nlohmann::json(p.eta_s);
    j["failures"] = p.failures;
    j["elapsed_s"] = p.elapsed_s;
    return j;
}

class Bench final : public bitsky::cli::Command {
public:
    void declare(CLI::App& cmd) override {
        cmd.add_option("--db", db_, "Results store (SQLite), created if missing; run again to resume")
            ->required()
            ->type_name("DB");
        cmd.add_option("--codecs", codecs_,
                       "Codec specs: a comma list of 2D or transform specs, 'default' or 'all' (see bitsky-cli codecs)")
            ->type_name("SPECS")
            ->capture_default_str();
        cmd.add_option("--jobs", opt_.jobs, "Worker threads (0: all cores)")
            ->check(CLI::Range(0, 4096))
            ->capture_default_str();
        cmd.add_option("--repeat", opt_.repeat, "Timed round trips per item (min and median are stored)")
            ->check(CLI::Range(1, 1000))
            ->capture_default_str();
        cmd.add_option("--shard", shard_, "Measure only shard K of N (1-based), e.g. one Slurm array task")
            ->type_name("K/N");
        cmd.add_option("--progress", progress_,
                       "Progress on stderr (bar), as JSON lines on stdout (json), or none "
                       "(default: bar on a terminal, else none)")
            ->check(CLI::IsMember({"json", "bar", "none"}));
        cmd.add_option("--codec-threads", opt_.codec_threads, "Threads inside one encode/decode")
            ->check(CLI::Range(1, 256))
            ->capture_default_str();
        cmd.add_flag("--retry-failed", opt_.retry_failed, "Measure again the items whose stored result failed");
        cmd.add_flag("--no-predictions", no_predictions_,
                     "Measure the codecs only: no noise estimates, noise floor or predictions per frame (on small "
                     "frames the analysis costs more than a Rice round trip)");
        cmd.add_option("PATH", paths_, "FITS files or dataset folders; FILE[N], FILE[NAME] or FILE[NAME,VER] takes one HDU")->required();
    }
    int run() override;

private:
    std::string db_, codecs_ = "default", progress_;
    std::optional<std::string> shard_;
    std::vector<std::string> paths_;
    bool no_predictions_ = false;
    bitsky::bench::BenchOptions opt_;  // its defaults (jobs 0, repeat 1, codec threads 1) are the options'
};

int Bench::run() {
    using namespace bitsky;
    opt_.codecs = codecs::parse_cube_codec_list(codecs_);
    if (shard_) opt_.shard = bench::parse_shard(*shard_);
    opt_.predictions = !no_predictions_;
    const std::string mode = progress_.empty() ? (isatty(STDERR_FILENO) ? "bar" : "none") : progress_;

    std::string command = "bitsky-cli bench";
    for (const auto& a : typed_args) command.append(" ").append(quote(a));
    opt_.command_line = command;

    std::vector<std::filesystem::path> paths(paths_.begin(), paths_.end());

    bitsky::cli::CancelSignals guard;
    store::ResultsStore st(db_);

    bench::ProgressFn on_progress;
    if (mode == "json") {
        on_progress = [](const bench::Progress& p) { std::cout << util::dump_json(progress_json(p)) << "\n" << std::flush; };
    } else if (mode == "bar") {
        on_progress = print_bar;
    }
    bench::BenchSummary sum = bench::run_bench(st, paths, opt_, on_progress, &bitsky::cli::CancelSignals::flag());

    const int signo = bitsky::cli::CancelSignals::received();
    int code = 0;
    if (sum.status == "cancelled") code = 128 + (signo ? signo : SIGINT);
    else if (sum.failures > 0 || !sum.warnings.empty()) code = 1;

    std::ostringstream msg;
    msg << "bench: " << sum.status << ": " << sum.measured << " item(s) measured this run, " << sum.already_done
        << " already in the store, " << sum.total_items << " planned";
    if (!opt_.shard.all()) msg << " (shard " << opt_.shard.str() << ")";
    msg << "; " << sum.failures << " failure(s)";
    if (sum.new_failures) msg << " (" << sum.new_failures << " new)";
    if (sum.skipped) msg << ", " << sum.skipped << " skipped";
    if (sum.remeasured_images) msg << "; " << sum.remeasured_images << " changed image(s) re-measured";
    msg << "; " << sum.files << " file(s), " << sum.jobs << " job(s), plan " << sum.plan_s << " s, run " << sum.run_s
        << " s\n";
    if (sum.status == "cancelled")
        msg << "bench: cancelled by signal " << (signo ? signo : SIGINT) << " with " << sum.missing
            << " item(s) left; finished results are saved in " << db_ << ". To resume, run the same command again:\n  "
            << command << "\n";

    // What went wrong, by file, HDU, frame and codec (the store keeps every failure:
    // bitsky-cli report --failures).
    for (const auto& w : sum.warnings) msg << "bench: warning: " << w << "\n";
    constexpr std::size_t kShown = 50;
    for (std::size_t i = 0; i < sum.failed.size() && i < kShown; ++i) {
        const auto& f = sum.failed[i];
        msg << "bench: failed: " << f.path << "[" << f.hdu << "] frame " << f.frame << " " << f.codec << ": " << f.error
            << "\n";
    }
    if (sum.new_failures > static_cast<std::int64_t>(std::min(sum.failed.size(), kShown)))
        msg << "bench: ... " << sum.new_failures - static_cast<std::int64_t>(std::min(sum.failed.size(), kShown))
            << " more failure(s) this run\n";
    if (sum.failures > sum.new_failures)
        msg << "bench: " << sum.failures - sum.new_failures << " failure(s) from earlier runs are in the store\n";
    // Skips (a codec cannot take an HDU's pixel type or size): one line per HDU and reason,
    // naming the codecs.
    std::size_t skip_lines = 0;
    for (std::size_t i = 0; i < sum.skips.size();) {
        std::size_t j = i;
        std::string names;
        while (j < sum.skips.size() && sum.skips[j].path == sum.skips[i].path && sum.skips[j].hdu == sum.skips[i].hdu &&
               sum.skips[j].reason == sum.skips[i].reason)
        {
            names += (j == i ? "" : ", ") + sum.skips[j].codec;
            ++j;
        }
        if (skip_lines++ < kShown)
            msg << "bench: skipped: " << sum.skips[i].path << "[" << sum.skips[i].hdu << "] " << names << ": "
                << sum.skips[i].reason << "\n";
        i = j;
    }
    if (skip_lines > kShown) msg << "bench: ... " << skip_lines - kShown << " more skipped HDU(s)\n";
    if (sum.failures > 0) msg << "bench: every failure (and skip) with its reason: bitsky-cli report --db " << db_ << " --failures\n";

    std::string table =
        store::format_report(st.report(store::ReportBy::Dataset), store::ReportBy::Dataset, store::ReportFormat::Markdown);
    // Lossy results (rice:q4, ...) in a table of their own, never ranked with the lossless one.
    if (const auto lossy = st.lossy_report(store::ReportBy::Dataset); !lossy.empty())
        table += "\n## Lossy results\n\n" +
                 store::format_lossy_report(lossy, store::ReportBy::Dataset, store::ReportFormat::Markdown);
    if (mode == "json") {
        nlohmann::json j;
        j["event"] = "summary";
        j["status"] = sum.status;
        j["run_id"] = sum.run_id;
        j["total"] = sum.total_items;
        j["done"] = sum.total_items - sum.missing;
        j["measured"] = sum.measured;
        j["already_done"] = sum.already_done;
        j["failures"] = sum.failures;
        j["new_failures"] = sum.new_failures;
        j["missing"] = sum.missing;
        j["remeasured_images"] = sum.remeasured_images;
        j["files"] = sum.files;
        j["images"] = sum.images;
        j["jobs"] = sum.jobs;
        j["plan_s"] = sum.plan_s;
        j["run_s"] = sum.run_s;
        j["exit_code"] = code;
        j["warnings"] = sum.warnings;
        j["failed"] = nlohmann::json::array();
        for (const auto& f : sum.failed)
            j["failed"].push_back(
                {{"path", f.path}, {"hdu", f.hdu}, {"frame", f.frame}, {"codec", f.codec}, {"error", f.error}});
        j["skipped"] = sum.skipped;
        j["skips"] = nlohmann::json::array();
        for (const auto& k : sum.skips)
            j["skips"].push_back({{"path", k.path}, {"hdu", k.hdu}, {"codec", k.codec}, {"reason", k.reason}});
        std::cout << util::dump_json(j) << "\n" << std::flush;
        std::cerr << msg.str() << table;
    } else {
        std::cerr << msg.str();
        std::cout << table << std::flush;
    }
    return code;
}

bitsky::cli::Register<Bench> registeredBench{
    "bench",
    "benchmark codecs on files or dataset folders into a SQLite store (2D specs per frame; transform specs such as "
    "tdiff+jpegls per cube HDU, one row per frame); resumable (run the same command again), "
    "SIGINT/SIGTERM keeps finished results. Failures and skips (an HDU a codec cannot take: pixel type, size) are listed with their reasons. Exit 0 nothing failed (skips are not failures), 1 some items failed (stored) or some input was unusable (a folder without FITS files, a bad splits entry), 130/143 cancelled"};

}  // namespace
