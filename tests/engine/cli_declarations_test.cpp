// bitsky-cli's CLI11 declarations (app/cli/command_line.h) against what users read: the
// man page names every command, option and positional, and `COMMAND --help` lists them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "app/cli/command_line.h"
#include "tests/engine/test_support.h"

using bitsky::test::run_cli;

namespace {

// What a reader of `name` sees: the command's options and positionals ("--json", "FILE").
std::vector<std::string> documented_names(const CLI::App& cmd) {
    std::vector<std::string> names;
    for (const CLI::Option* opt : cmd.get_options()) {
        if (opt == cmd.get_help_ptr()) continue;
        if (opt->get_positional()) names.push_back(opt->get_name());
        for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
        for (const auto& s : opt->get_snames()) names.push_back("-" + s);
    }
    return names;
}

// The man page as plain text per command: `.SS NAME ...` starts a command's section, which
// runs to the next .SS or .SH; font escapes are dropped and "\-" becomes "-".
std::map<std::string, std::string> man_sections() {
    std::ifstream in(BITSKY_MAN_PAGE);
    EXPECT_TRUE(in) << "cannot read " << BITSKY_MAN_PAGE;
    std::map<std::string, std::string> sections;
    std::string line, current;
    while (std::getline(in, line)) {
        line = std::regex_replace(line, std::regex(R"(\\f[BIRP])"), "");
        line = std::regex_replace(line, std::regex(R"(\\-)"), "-");
        if (line.rfind(".SH", 0) == 0) current.clear();
        if (line.rfind(".SS ", 0) == 0) {
            std::istringstream words(line.substr(4));
            words >> current;
            current.erase(std::remove(current.begin(), current.end(), '"'), current.end());
            EXPECT_FALSE(sections.count(current)) << "two man page sections for " << current;
        }
        if (!current.empty()) sections[current] += line + "\n";
    }
    return sections;
}

// True if `text` has `name` as a whole word ("--size" is not in "--size-x").
bool names(const std::string& text, const std::string& name) {
    for (auto at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
        const auto end = at + name.size();
        const bool starts = at == 0 || !(std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '-');
        const bool ends = end == text.size() || !(std::isalnum(static_cast<unsigned char>(text[end])) ||
                                                  text[end] == '-' || text[end] == '_');
        if (starts && ends) return true;
    }
    return false;
}

}  // namespace

TEST(CliDeclarations, EveryCommandHasOptionsAndHelpText) {
    bitsky::cli::CommandLine cli;
    std::set<std::string> commands;
    for (const CLI::App* cmd : cli.subcommands()) {
        commands.insert(cmd->get_name());
        EXPECT_FALSE(cmd->get_description().empty()) << cmd->get_name();
        for (const CLI::Option* opt : cmd->get_options())
            EXPECT_FALSE(opt->get_description().empty()) << cmd->get_name() << " " << opt->get_name();
    }
    // Every command of the hand-written parser is still there.
    for (const char* c : {"analysis-speed", "bench", "codec-speed", "codecs", "costmap", "evaluate", "info", "merge",
                          "neural-speed", "noise", "render", "report", "roundtrip", "sample", "train"})
        EXPECT_TRUE(commands.count(c)) << c;
}

TEST(CliDeclarations, ManPageNamesEveryCommandOptionAndPositional) {
    bitsky::cli::CommandLine cli;
    const auto sections = man_sections();
    std::set<std::string> declared;
    for (const CLI::App* cmd : cli.subcommands()) {
        const std::string name = cmd->get_name();
        declared.insert(name);
        auto it = sections.find(name);
        if (it == sections.end()) {
            ADD_FAILURE() << BITSKY_MAN_PAGE << " has no '.SS " << name << "' section";
            continue;
        }
        for (const auto& opt : documented_names(*cmd))
            EXPECT_TRUE(names(it->second, opt))
                << BITSKY_MAN_PAGE << ": section " << name << " does not document " << opt;
        // The other way round: every --option the section mentions exists.
        const auto known = documented_names(*cmd);
        const std::regex option(R"(--[a-z][a-z0-9-]*)");
        for (std::sregex_iterator m(it->second.begin(), it->second.end(), option), end; m != end; ++m) {
            const std::string o = m->str();
            if (o == "--help") continue;
            EXPECT_TRUE(std::find(known.begin(), known.end(), o) != known.end())
                << BITSKY_MAN_PAGE << ": section " << name << " documents " << o << ", which the command does not have";
        }
    }
    for (const auto& [name, text] : sections)
        EXPECT_TRUE(declared.count(name)) << BITSKY_MAN_PAGE << " documents '" << name << "', which is not a command";
}

TEST(CliDeclarations, HelpOfEveryCommandListsEveryOption) {
    bitsky::cli::CommandLine cli;
    auto top = run_cli("--help");
    EXPECT_EQ(top.exit_code, 0);
    for (const CLI::App* cmd : cli.subcommands()) {
        const std::string name = cmd->get_name();
        EXPECT_TRUE(names(top.out, name)) << "bitsky-cli --help does not list " << name;
        auto r = run_cli(name + " --help");
        EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
        EXPECT_TRUE(r.err.empty()) << name << ": " << r.err;
        EXPECT_NE(r.out.find("Usage: bitsky-cli " + name), std::string::npos) << r.out;
        for (const auto& opt : documented_names(*cmd))
            EXPECT_TRUE(names(r.out, opt)) << "bitsky-cli " << name << " --help does not list " << opt << ":\n"
                                           << r.out;
    }
    // The same help three ways, wherever --help stands.
    auto bench = run_cli("bench --help");
    for (const char* args : {"bench -h", "help bench", "bench --db x.db --jobs 2 --help"}) {
        auto r = run_cli(args);
        EXPECT_EQ(r.exit_code, 0) << args;
        EXPECT_EQ(r.out, bench.out) << args;
    }
}
