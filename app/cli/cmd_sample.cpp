// bitsky-cli sample: write the deterministic synthetic sample sky.
#include <iostream>

#include "app/cli/command.h"
#include "engine/image/cube.h"
#include "engine/sample/sample_sky.h"
#include "engine/util/error.h"

namespace bitsky::cli {
namespace {

int run_sample(const std::vector<std::string>& argv) {
    Args args(argv, {"out", "seed"}, {});
    auto out = args.value("out");
    if (!out) throw UsageError("--out DIR is required");
    if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional().front() + "'");
    long long seed = args.int_or("seed", 1);
    if (seed < 0) throw UsageError("--seed must be >= 0");
    auto files = sample::write_sample_sky(*out, static_cast<std::uint64_t>(seed));
    for (const auto& f : files)
        std::cout << (std::filesystem::path(*out) / f.path).string() << "  " << shape_string(f.axes) << "  sigma "
                  << f.sky_sigma_adu << " ADU  limit " << f.entropy_limit_bpp << " bpp\n";
    std::cout << files.size() << " files written to " << *out << "\n";
    return 0;
}

Register reg{"sample", "--out DIR [--seed N]", "write the synthetic sample sky (deterministic for a seed)", run_sample};

}  // namespace
}  // namespace bitsky::cli
