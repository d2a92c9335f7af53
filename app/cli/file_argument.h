#pragma once
// The FILE argument of bitsky-cli's commands (info, noise, costmap): a path, or CFITSIO's
// extended name of one HDU: FILE[N] (HDU N, 0 = the primary), FILE[NAME], FILE[NAME,VER]
// (fits::parse_file_argument: nothing else is read as a selector, and a file whose own
// name ends in "]" is that file). HDUs and frames are numbered from 0 in every output,
// as CFITSIO numbers HDUs in these names.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "app/cli/command.h"

#include "engine/dataset/dataset.h"
#include "engine/fits/extended_name.h"
#include "engine/fits/fits.h"

namespace bitsky::cli {

struct FileArgument {
    fits::FileArgument argument;
    fits::File file;
    std::optional<int> hdu;  // the HDU the argument names (none: the whole file)

    std::string path() const { return argument.path.string(); }
};

// Parses and opens; Error (exit 1) naming the argument and the reason for a suffix that is
// neither an HDU selector nor part of a file's name, a file that cannot be opened, or a
// selector that names no HDU of the file.
FileArgument open_file_argument(const std::string& argument);

// What to measure: with an HDU named, that HDU (the dataset rule's frames if the rule takes
// it, else every frame; Error if it is not a 16-bit image); otherwise the rule's choice.
dataset::FileSelection select_frames(const FileArgument& f);

// Stated once in text output and in --help: how HDUs and frames are numbered.
inline constexpr const char* kNumbering = "HDUs count from 0 = primary (as in FILE[N]), frames from 0";

// A command that reports on each FILE argument in turn (info, noise): text as it goes, or
// with --json one document {"files": [...]} at the end. A file that fails (Error) gets its
// "error" and a line on stderr naming the command, and the others go on; exit 1 if any
// file or part of one failed.
class FileReportCommand : public Command {
public:
    explicit FileReportCommand(std::string name) : name_(std::move(name)) {}
    void declare(CLI::App& cmd) override;
    int run() final;

protected:
    // Reports one file; jf already holds "path". Returns how many of its parts failed
    // without throwing (counted like failed files).
    virtual int report(const std::string& path, nlohmann::json& jf) = 0;
    bool json_ = false;

private:
    std::string name_;
    std::vector<std::string> files_;
};

}  // namespace bitsky::cli
