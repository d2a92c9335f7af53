// bitsky-cli report --db DB [--format csv|json|markdown|latex] [--by image|dataset]
#include <iostream>

#include "app/cli/command.h"
#include "engine/store/report.h"
#include "engine/store/store.h"

namespace {

int run_report(const std::vector<std::string>& argv) {
    bitsky::cli::Args args(argv, {"db", "format", "by"}, {});
    if (!args.positional().empty()) throw bitsky::UsageError("unexpected argument '" + args.positional()[0] + "'");
    auto db = args.value("db");
    if (!db) throw bitsky::UsageError("--db DB is required");
    auto format = bitsky::store::parse_report_format(args.value_or("format", "markdown"));
    auto by = bitsky::store::parse_report_by(args.value_or("by", "dataset"));

    bitsky::store::OpenOptions opts;
    opts.create = false;  // a missing store is an error (exit 1), never created by a report
    opts.read_only = true;
    bitsky::store::ResultsStore store(*db, opts);
    std::cout << bitsky::store::format_report(store.report(by), by, format);
    return 0;
}

bitsky::cli::Register reg{"report", "--db DB [--format csv|json|markdown|latex] [--by image|dataset]",
                          "results table per dataset x codec (default) or per image: total-bytes ratio and "
                          "mean of per-image ratios, bpp, MB/s, failures",
                          run_report};

}  // namespace
