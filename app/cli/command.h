#pragma once
// bitsky-cli subcommands. Each command lives in its own file: a class that declares its
// options, positionals and help text once, with CLI11, on its subcommand, and then runs
// with the parsed values, and a Register line that adds it to bitsky-cli:
//
//   class Info final : public Command {
//   public:
//       void declare(CLI::App& cmd) override {
//           cmd.add_flag("--json", json_, "print JSON instead of text");
//           cmd.add_option("FILE", files_, "FITS files")->required();
//       }
//       int run() override;  // uses json_ and files_
//   private:
//       bool json_ = false;
//       std::vector<std::string> files_;
//   };
//   Register<Info> registeredInfo{"info", "HDUs, shapes, BITPIX, BZERO and the dataset rule of each file"};
//
// command_line.h builds the whole command line from the registered commands.
// Exit codes: 0 ok, 1 bad input (Error or any other exception), 2 bad usage (UsageError or
// any CLI11 parse error: unknown option, missing or bad value, unexpected argument).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/util/error.h"  // commands throw Error (exit 1) and UsageError (exit 2)

namespace bitsky::cli {

class Command {
public:
    virtual ~Command() = default;
    // Declares the command's options, flags and positionals on its subcommand, bound to
    // members of the command.
    virtual void declare(CLI::App& cmd) = 0;
    // Runs after a successful parse; returns the exit code.
    virtual int run() = 0;

    // The arguments after the command name, as typed (bench records them and prints them in
    // its resume hint).
    std::vector<std::string> typed_args;
};

struct CommandEntry {
    std::string name, summary;
    std::function<std::unique_ptr<Command>()> make;
};

// Every registered command, in registration order.
std::vector<CommandEntry>& registry();

template <class C>
struct Register {
    Register(std::string name, std::string summary) {
        registry().push_back({std::move(name), std::move(summary), [] { return std::make_unique<C>(); }});
    }
};

// CLI11 checks for integer options bounded below only (CLI::Range needs both ends):
// at_least(1) accepts 1, 2, ... and refuses 0 or a non-integer.
CLI::Validator at_least(long long min);
// A number > 0 (floating point).
CLI::Validator positive();

}  // namespace bitsky::cli
