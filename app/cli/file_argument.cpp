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
    dataset::FileSelection sel = dataset::select_frames(f.file);
    if (!f.hdu) return sel;
    dataset::FileSelection one;
    one.rule = sel.rule;
    for (const auto& hs : sel.hdus)
        if (hs.hdu == *f.hdu) one.hdus.push_back(hs);
    if (one.hdus.empty()) {
        const fits::HduInfo& info = f.file.hdu(*f.hdu);
        // Named explicitly, an HDU the dataset rule leaves out is used (any pixel type; the
        // command says what it cannot take); one that is no image is refused.
        if (const std::string why = info.skip_reason(); !why.empty())
            throw Error(f.argument.text + ": HDU " + std::to_string(*f.hdu) + ": " + why);
        dataset::FrameSelection hs;
        hs.hdu = *f.hdu;
        hs.bitpix = info.bitpix;
        hs.extname = info.extname;
        hs.axes = info.axes;
        std::size_t frames = 1;
        for (std::size_t a = 2; a < info.axes.size(); ++a) frames *= info.axes[a];
        for (std::size_t k = 0; k < frames; ++k) hs.frames.push_back(k);
        one.hdus.push_back(std::move(hs));
        one.rule = "named HDU";
    }
    return one;
}

}  // namespace bitsky::cli
