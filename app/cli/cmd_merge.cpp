// bitsky-cli merge --out DB IN.db...
#include <iostream>

#include "app/cli/command.h"
#include "engine/store/store.h"

namespace {

int run_merge(const std::vector<std::string>& argv) {
    bitsky::cli::Args args(argv, {"out"}, {});
    auto out = args.value("out");
    if (!out) throw bitsky::UsageError("--out DB is required");
    if (args.positional().empty()) throw bitsky::UsageError("give at least one input store IN.db");
    std::int64_t added = bitsky::store::merge(*out, args.positional());
    std::cerr << "merged " << args.positional().size() << " store(s) into " << *out << ": " << added
              << " new result(s)\n";
    return 0;
}

bitsky::cli::Register reg{"merge", "--out DB IN.db...",
                          "combine shard stores (e.g. from a Slurm array) into one; idempotent, refuses "
                          "conflicting duplicates",
                          run_merge};

}  // namespace
