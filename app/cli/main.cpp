// bitsky-cli: the BitSky engine without a GUI. Builds the command line (command_line.h),
// parses, and runs the chosen command; maps errors to exit codes (command.h).
#include <exception>
#include <iostream>

#include "app/cli/command_line.h"
#include "engine/util/error.h"

int main(int argc, char** argv) {
    bitsky::cli::CommandLine cli;
    try {
        cli.app().parse(argc, argv);
    } catch (const CLI::Success& e) {  // --help, --version: on stdout, exit 0
        return cli.app().exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << cli.parse_error_message(e);
        return 2;
    }
    if (auto help = cli.help_request(); !help.empty()) {
        std::cout << help;
        return 0;
    }
    bitsky::cli::Command* command = cli.selected();
    if (!command) {  // no command named
        std::cerr << cli.app().help();
        return 2;
    }
    // Only --help and --version may precede a command, and both exit: argv[1] is the command.
    command->typed_args.assign(argv + 2, argv + argc);
    try {
        return command->run();
    } catch (const bitsky::UsageError& e) {
        std::cerr << cli.usage_error_message(e.what());
        return 2;
    } catch (const std::exception& e) {
        std::cerr << cli.prefix() << ": " << e.what() << "\n";
        return 1;
    }
}
