// bitsky-cli's CLI11 app (command_line.h).
#include "app/cli/command_line.h"

#include <algorithm>

namespace bitsky::cli {

CommandLine::CommandLine()
    : app_("bitsky-cli " BITSKY_VERSION " - how compressible are your FITS images?", "bitsky-cli") {
    app_.set_version_flag("--version", "bitsky-cli " BITSKY_VERSION, "Print the version and exit");
    // At most one command; after it, a FILE that happens to be named like a command stays a FILE.
    app_.require_subcommand(0, 1);
    // An option given twice keeps its last value (subcommands inherit this default).
    app_.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);

    std::vector<const CommandEntry*> entries;
    for (const auto& e : registry()) entries.push_back(&e);
    std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->name < b->name; });
    std::vector<std::string> names;
    for (const auto* e : entries) {
        CLI::App* sub = app_.add_subcommand(e->name, e->summary);
        auto command = e->make();
        command->declare(*sub);
        commands_.emplace_back(sub, std::move(command));
        names.push_back(e->name);
    }
    // `bitsky-cli help [COMMAND]`, as `bitsky-cli [COMMAND] --help` (hidden: empty group).
    help_ = app_.add_subcommand("help", "Print this help, or the help of COMMAND");
    help_->group("");
    help_->add_option("COMMAND", help_topic_, "a command")->check(CLI::IsMember(names));
    // Set after the subcommands, which would otherwise inherit it.
    app_.footer(
        "Run 'bitsky-cli COMMAND --help' for the options of one command.\n"
        "Exit codes: 0 ok, 1 bad input, 2 bad usage.");
}

std::vector<CLI::App*> CommandLine::subcommands() const {
    std::vector<CLI::App*> subs;
    for (const auto& c : commands_) subs.push_back(c.first);
    return subs;
}

Command* CommandLine::selected() const {
    for (const auto& [sub, command] : commands_)
        if (sub->parsed()) return command.get();
    return nullptr;
}

std::string CommandLine::help_request() const {
    if (!help_->parsed()) return "";
    for (const auto& c : commands_)
        if (c.first->get_name() == help_topic_) return c.first->help(app_.get_name());
    return app_.get_formatter()->make_help(&app_, app_.get_name(), CLI::AppFormatMode::Normal);
}

std::string CommandLine::prefix() const {
    const auto parsed = app_.get_subcommands();
    return parsed.empty() ? app_.get_name() : app_.get_name() + " " + parsed.front()->get_name();
}

std::string CommandLine::parse_error_message(const CLI::ParseError& e) const {
    // No command yet and a word CLI11 could not place: an unknown command.
    if (app_.get_subcommands().empty() && dynamic_cast<const CLI::ExtrasError*>(&e)) {
        const auto rest = app_.remaining();
        if (!rest.empty() && rest.front().rfind('-', 0) != 0)
            return "bitsky-cli: unknown command '" + rest.front() + "' (see bitsky-cli --help)\n";
    }
    return usage_error_message(e.what());
}

std::string CommandLine::usage_error_message(const std::string& what) const {
    return prefix() + ": " + what + "\nRun '" + prefix() + " --help' for more information.\n";
}

}  // namespace bitsky::cli
