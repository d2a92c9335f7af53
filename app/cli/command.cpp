// The command registry and the CLI11 checks of command.h.
#include "app/cli/command.h"

namespace bitsky::cli {

std::vector<CommandEntry>& registry() {
    static std::vector<CommandEntry> entries;
    return entries;
}

CLI::Validator at_least(long long min) {
    return CLI::Validator(
        [min](std::string& input) {
            long long value = 0;
            if (!CLI::detail::lexical_cast(input, value)) return "Value " + input + " is not an integer";
            if (value < min) return "Value " + input + " is less than " + std::to_string(min);
            return std::string();
        },
        "INT in [" + std::to_string(min) + " - ...]");
}

CLI::Validator positive() {
    return CLI::Validator(
        [](std::string& input) {
            double value = 0;
            if (!CLI::detail::lexical_cast(input, value)) return "Value " + input + " is not a number";
            if (!(value > 0)) return "Value " + input + " is not > 0";
            return std::string();
        },
        "POSITIVE");
}

}  // namespace bitsky::cli
