// bitsky-cli: the BitSky engine without a GUI.
#include <exception>
#include <iostream>

#include "app/cli/command.h"
#include "engine/util/error.h"

namespace bitsky::cli {

std::map<std::string, Command>& commands() {
    static std::map<std::string, Command> table;
    return table;
}

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& value_options,
           const std::set<std::string>& flag_options) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() > 2 && a.rfind("--", 0) == 0) {
            std::string name = a.substr(2), val;
            bool has_inline = false;
            if (auto eq = name.find('='); eq != std::string::npos) {
                val = name.substr(eq + 1);
                name = name.substr(0, eq);
                has_inline = true;
            }
            if (value_options.count(name)) {
                if (!has_inline) {
                    if (i + 1 >= argv.size()) throw UsageError("option --" + name + " needs a value");
                    val = argv[++i];
                }
                values_[name] = val;
            } else if (flag_options.count(name) && !has_inline) {
                flags_.insert(name);
            } else {
                throw UsageError("unknown option --" + name);
            }
        } else if (a == "--") {
            for (++i; i < argv.size(); ++i) positional_.push_back(argv[i]);
        } else {
            positional_.push_back(a);
        }
    }
}

std::optional<std::string> Args::value(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::string Args::value_or(const std::string& name, const std::string& fallback) const {
    return value(name).value_or(fallback);
}

long long Args::int_or(const std::string& name, long long fallback) const {
    auto v = value(name);
    if (!v) return fallback;
    try {
        std::size_t used = 0;
        long long n = std::stoll(*v, &used);
        if (used != v->size()) throw std::invalid_argument("trailing");
        return n;
    } catch (const std::exception&) {
        throw UsageError("option --" + name + " needs an integer, got '" + *v + "'");
    }
}

}  // namespace bitsky::cli

namespace {

void print_help(std::ostream& out) {
    out << "bitsky-cli " << BITSKY_VERSION << " - how compressible are your FITS images?\n\n"
        << "usage: bitsky-cli COMMAND [OPTIONS] ...\n\ncommands:\n";
    for (const auto& [name, c] : bitsky::cli::commands())
        out << "  " << name << " " << c.usage << "\n      " << c.summary << "\n";
    out << "\n  --version   print the version\n  --help      this help\n"
        << "Exit codes: 0 ok, 1 bad input, 2 bad usage.\n";
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        print_help(std::cerr);
        return 2;
    }
    if (args[0] == "--version") {
        std::cout << "bitsky-cli " << BITSKY_VERSION << "\n";
        return 0;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        print_help(std::cout);
        return 0;
    }
    auto& table = bitsky::cli::commands();
    auto it = table.find(args[0]);
    if (it == table.end()) {
        std::cerr << "bitsky-cli: unknown command '" << args[0] << "' (see bitsky-cli --help)\n";
        return 2;
    }
    std::vector<std::string> rest(args.begin() + 1, args.end());
    if (!rest.empty() && (rest[0] == "--help" || rest[0] == "-h")) {
        std::cout << "usage: bitsky-cli " << it->second.name << " " << it->second.usage << "\n"
                  << it->second.summary << "\n";
        return 0;
    }
    try {
        return it->second.run(rest);
    } catch (const bitsky::UsageError& e) {
        std::cerr << "bitsky-cli " << args[0] << ": " << e.what() << "\nusage: bitsky-cli " << it->second.name
                  << " " << it->second.usage << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "bitsky-cli " << args[0] << ": " << e.what() << "\n";
        return 1;
    }
}
