#pragma once
// Internal to engine/fits: the open CFITSIO handle behind fits::File, shared by fits.cpp
// and read_frame.cpp.
#include <fitsio.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/fits/fits.h"
#include "engine/fits/scan.h"

namespace bitsky::fits {

struct File::Handle {
    fitsfile* fptr = nullptr;
    std::unique_ptr<InflatedCopy> inflated;  // a .gz file's uncompressed copy (unlinked once open)
    ~Handle() {
        if (fptr) {
            int status = 0;
            fits_close_file(fptr, &status);
        }
    }
};

// CFITSIO's text for `status` plus the most precise message of its error stack (cleared).
std::string cfitsio_message(int status);
// Error "<path>: <what>: <CFITSIO's reason>".
[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, int status);

// The elements of one frame (or, without `frame`, of the whole HDU) as CFITSIO counts them.
struct FrameRange {
    std::vector<std::size_t> axes;  // of the result
    LONGLONG first = 1;             // 1-based first element
    LONGLONG count = 0;
};
// Error naming the file when `frame` is out of range.
FrameRange frame_range(const HduInfo& h, std::optional<std::size_t> frame, const std::filesystem::path& path);

}  // namespace bitsky::fits
