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
        cmd.add_flag("--noise-fit", noise_fit_,
                     "Bits/pixel against log2 of the robust noise sigma instead: the least-squares line per codec "
                     "(--by dataset) or every image with its fitted value and residual (--by image)");
    }
    int run() override;

private:
    std::string db_, format_ = "markdown", by_ = "dataset";
    bool failures_ = false, noise_fit_ = false;
};

int Report::run() {
    auto format = store::parse_report_format(format_);
    auto by = store::parse_report_by(by_);

    store::OpenOptions opts;
    opts.create = false;  // a missing store is an error (exit 1), never created by a report
    opts.read_only = true;
    store::ResultsStore store(db_, opts);
    if (failures_ && noise_fit_) throw UsageError("--failures and --noise-fit are different reports: choose one");
    if (failures_) std::cout << store::format_failures(store.failures(), format);
    else if (noise_fit_) std::cout << store::format_table(store::noise_fit_table(store::noise_fits(store), by), format);
    else std::cout << store::format_report(store.report(by), by, format);
    return 0;
}

Register<Report> reg{"report",
                     "results table per dataset x codec (default) or per image: total-bytes ratio and mean of "
                     "per-image ratios, bpp, MB/s, failures, skips; or the failures and skips; or bpp vs log2(noise sigma) fits"};

}  // namespace
}  // namespace bitsky::cli
