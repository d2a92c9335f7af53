#include "tests/engine/test_support.h"

#include "engine/util/error.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace bitsky::test {

std::filesystem::path data_dir() { return BITSKY_TEST_DATA; }
std::filesystem::path data(const std::string& name) { return data_dir() / name; }

TempDir::TempDir() {
    std::random_device rd;
    auto base = std::filesystem::temp_directory_path();
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto p = base / ("bitsky-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
        if (std::filesystem::create_directory(p)) {
            path_ = p;
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary folder");
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::string error_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const bitsky::Error& e) {
        return e.what();
    }
    return "";
}

std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'') q += "'\\''";
        else q += c;
    }
    return q + "'";
}

static std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

CommandResult run_shell(const std::string& command) {
    TempDir tmp;
    auto out = tmp / "out", err = tmp / "err";
    std::string full = "exec >" + shell_quote(out.string()) + " 2>" + shell_quote(err.string()) + " </dev/null; " + command;
    CommandResult r;
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::execl("/bin/sh", "sh", "-c", full.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int status = 0;
    rusage ru{};
    if (pid < 0 || ::wait4(pid, &status, 0, &ru) != pid) return r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.max_rss_kib = ru.ru_maxrss;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

CommandResult run_cli(const std::string& args) { return run_shell("exec " + shell_quote(BITSKY_CLI) + " " + args); }

std::filesystem::path shared_data(const std::string& relative) {
    const std::filesystem::path p = std::filesystem::path(BITSKY_SHARED_DATA) / relative;
    if (!std::filesystem::exists(p)) {
        std::fprintf(stderr, "test data missing: %s (the repository's ../shared/data; see shared/data/corpus/README.md)\n",
                     p.c_str());
        std::abort();
    }
    return p;
}

bool have_program(const std::string& name) {
    return run_shell("command -v " + shell_quote(name)).exit_code == 0;
}

}  // namespace bitsky::test
