// bitsky-cli report --db DB [--format csv|json|markdown|latex] [--by image|dataset]
#include <iostream>

#include "app/cli/command.h"
#include "engine/store/noise_fit.h"
#include "engine/store/report.h"
#include "engine/store/store.h"

namespace bitsky::cli {
namespace {

class Report final : public Command {
public:
    void declare(CLI::App& cmd) override {
        cmd.add_option("--db", db_, "Results store to read (never created)")->required()->type_name("DB");
        cmd.add_option("--format", format_, "csv | json | markdown (md) | latex (tex)")->capture_default_str();
        cmd.add_option("--by", by_, "Rows per dataset x codec or per image: dataset | image")->capture_default_str();
        cmd.add_flag("--failures", failures_,
                     "List every failed result and skipped item (file, HDU, frame, codec, status, reason) instead");
        cmd.add_flag("--lossy", lossy_,
                     "The lossy results only (rice:q4 and the like), with their fidelity; the default report lists "
                     "them after the lossless table (Markdown, LaTeX), never ranked with it");
        cmd.add_flag("--noise-fit", noise_fit_,
                     "Bits/pixel against log2 of the robust noise sigma instead: the least-squares line per codec "
                     "(--by dataset) or every image with its fitted value and residual (--by image)");
    }
    int run() override;

private:
    std::string db_, format_ = "markdown", by_ = "dataset";
    bool failures_ = false, noise_fit_ = false, lossy_ = false;
};

int Report::run() {
    auto format = store::parse_report_format(format_);
    auto by = store::parse_report_by(by_);

    store::OpenOptions opts;
    opts.create = false;  // a missing store is an error (exit 1), never created by a report
    opts.read_only = true;
    store::ResultsStore store(db_, opts);
    if (int(failures_) + int(noise_fit_) + int(lossy_) > 1)
        throw UsageError("--failures, --noise-fit and --lossy are different reports: choose one");
    if (failures_) std::cout << store::format_failures(store.failures(), format);
    else if (noise_fit_) std::cout << store::format_table(store::noise_fit_table(store::noise_fits(store), by), format);
    else if (lossy_) std::cout << store::format_lossy_report(store.lossy_report(by), by, format);
    else {
        std::cout << store::format_report(store.report(by), by, format);
        // Lossy results: a section of their own in the tables people read; CSV and JSON stay
        // one table each (--lossy gives theirs).
        const auto lossy = store.lossy_report(by);
        if (!lossy.empty() && (format == store::ReportFormat::Markdown || format == store::ReportFormat::Latex))
            std::cout << (format == store::ReportFormat::Markdown ? "\n## Lossy results\n\n" : "\n% Lossy results\n")
                      << store::format_lossy_report(lossy, by, format);
        else if (!lossy.empty())
            std::cerr << "report: " << lossy.size() << " row(s) of lossy results are not in this table: "
                      << "bitsky-cli report --lossy\n";
    }
    return 0;
}

Register<Report> registeredReport{"report",
                     "results table per dataset x codec (default) or per image: total-bytes ratio and mean of "
                     "per-image ratios, bpp, MB/s, failures, skips (lossless results; lossy ones in a section of their own); or "
                     "the lossy results with their fidelity; or the failures and skips; or bpp vs log2(noise sigma) fits"};

}  // namespace
}  // namespace bitsky::cli
