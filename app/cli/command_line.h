#pragma once
// The whole bitsky-cli command line, declared with CLI11: --help, --version, and one
// subcommand per registered command (command.h) with the options that command declares.
// main.cpp parses and dispatches; tests walk the same declarations (man page, --help).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/cli/command.h"

namespace bitsky::cli {

class CommandLine {
public:
    CommandLine();
    CommandLine(const CommandLine&) = delete;
    CommandLine& operator=(const CommandLine&) = delete;

    CLI::App& app() { return app_; }
    // The subcommands of the registered commands, sorted by name (not the hidden `help`).
    std::vector<CLI::App*> subcommands() const;

    // After parsing: the command to run (nullptr if no command was named, or `help`).
    Command* selected() const;
    // After parsing `bitsky-cli help [COMMAND]`: that help text; otherwise "".
    std::string help_request() const;
    // The stderr message for a CLI11 parse error, naming the subcommand being parsed.
    std::string parse_error_message(const CLI::ParseError& e) const;
    // The stderr message for a command's UsageError.
    std::string usage_error_message(const std::string& what) const;
    // "bitsky-cli" or "bitsky-cli COMMAND" for the parsed command, to start messages.
    std::string prefix() const;

private:
    CLI::App app_;
    CLI::App* help_ = nullptr;  // hidden `help [COMMAND]`
    std::string help_topic_;
    std::vector<std::pair<CLI::App*, std::unique_ptr<Command>>> commands_;
};

}  // namespace bitsky::cli
