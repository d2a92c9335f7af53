#pragma once
// bitsky-cli subcommands. Each command lives in its own file and registers itself:
//   static bitsky::cli::Register reg{"info", "[--json] FILE...", "HDUs, shapes, BITPIX", run_info};
// Exit codes: 0 ok, 1 bad input (a file could not be used), 2 bad usage.
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/util/error.h"  // commands throw Error (exit 1) and UsageError (exit 2)

namespace bitsky::cli {

// Parsed arguments: `--name value` options, `--flag` flags, and positionals.
class Args {
public:
    // value_options: options that take a value; flag_options: options without one.
    // Throws UsageError on anything else.
    Args(const std::vector<std::string>& argv, const std::set<std::string>& value_options,
         const std::set<std::string>& flag_options);
    bool flag(const std::string& name) const { return flags_.count(name) > 0; }
    std::optional<std::string> value(const std::string& name) const;
    std::string value_or(const std::string& name, const std::string& fallback) const;
    long long int_or(const std::string& name, long long fallback) const;  // UsageError if not an integer
    const std::vector<std::string>& positional() const { return positional_; }

private:
    std::set<std::string> flags_;
    std::map<std::string, std::string> values_;
    std::vector<std::string> positional_;
};

using CommandFn = std::function<int(const std::vector<std::string>& args)>;

struct Command {
    std::string name, usage, summary;
    CommandFn run;
};

std::map<std::string, Command>& commands();

struct Register {
    Register(std::string name, std::string usage, std::string summary, CommandFn fn) {
        commands()[name] = Command{name, std::move(usage), std::move(summary), std::move(fn)};
    }
};

}  // namespace bitsky::cli
