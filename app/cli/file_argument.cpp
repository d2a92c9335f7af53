#include "app/cli/file_argument.h"

#include <utility>

#include "engine/util/error.h"

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

}  // namespace bitsky::cli
