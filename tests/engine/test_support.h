#pragma once
// Helpers shared by the engine tests: test data paths, temporary folders, running the CLI.
#include <filesystem>
#include <functional>
#include <string>

namespace bitsky::test {

std::filesystem::path data_dir();                    // tests/data
std::filesystem::path data(const std::string& name);  // tests/data/<name>
// ../shared/data beside the repository (real and corpus FITS files); fails the calling
// test's process with a message when it is missing.
std::filesystem::path shared_data(const std::string& relative);

// A fresh temporary folder removed when the object goes away.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

struct CommandResult {
    int exit_code = -1;  // the shell's: 128 + signal for a crashed program
    std::string out, err;
    long max_rss_kib = 0;  // peak resident set of the command (run_cli only)
};

// Runs `bitsky-cli <args>` (args are shell-quoted here) and captures its output and peak memory.
CommandResult run_cli(const std::string& args);
// Runs a shell command and captures its output.
CommandResult run_shell(const std::string& command);
// The message of the bitsky::Error that fn throws, or "" if it throws none.
std::string error_of(const std::function<void()>& fn);
// Quotes a string for /bin/sh.
std::string shell_quote(const std::string& s);
// True if a program is on PATH.
bool have_program(const std::string& name);

}  // namespace bitsky::test
