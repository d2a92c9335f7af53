#include "app/cli/file_argument.h"

#include <iostream>
#include <utility>

#include <nlohmann/json.hpp>

#include "engine/util/error.h"
#include "engine/util/json.h"

namespace bitsky::cli {

FileArgument open_file_argument(const std::string& argument) {
    fits::FileArgument parsed = fits::parse_file_argument(argument);
    fits::File file = fits::File::open(parsed.path);
    std::optional<int> hdu;
    if (parsed.hdu) hdu = fits::find_hdu(file, *parsed.hdu);
    return {std::move(parsed), std::move(file), hdu};
}

dataset::FileSelection select_frames(const FileArgument& f) {
    if (!f.hdu) return dataset::select_frames(f.file);
    return dataset::select_frames(f.file, *f.hdu, f.argument.text);
}

void FileReportCommand::declare(CLI::App& cmd) {
    cmd.add_flag("--json", json_, "Print JSON instead of text");
    cmd.add_option("FILE", files_, "FITS files; FILE[N] (HDU N, 0 = primary), FILE[NAME] or FILE[NAME,VER] takes one HDU")
        ->required();
}

int FileReportCommand::run() {
    nlohmann::json files = nlohmann::json::array();
    int failures = 0;
    if (!json_) std::cout << "(" << kNumbering << ")\n";
    for (const auto& path : files_) {
        nlohmann::json jf;
        jf["path"] = path;
        try {
            failures += report(path, jf);
        } catch (const Error& e) {
            ++failures;
            jf["error"] = e.what();
            std::cerr << "bitsky-cli " << name_ << ": " << e.what() << "\n";
        }
        files.push_back(jf);
    }
    if (json_) std::cout << util::dump_json(nlohmann::json{{"files", files}}, 2) << "\n";
    return failures ? 1 : 0;
}

}  // namespace bitsky::cli
