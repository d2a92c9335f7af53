#pragma once
// CFITSIO's extended file names, the HDU part only, parsed by BitSky (never by CFITSIO:
// files open with fits_open_diskfile): "file.fits[1]" (HDU 1, counting from 0 = the
// primary), "file.fits[SCI]" (the first HDU whose EXTNAME or HDUNAME is SCI, in any case),
// "file.fits[SCI,2]" (and EXTVER 2; an HDU without EXTVER has version 1). These are the
// numbers and names CFITSIO's fits_open_file gives the same suffixes. Any other suffix
// (CFITSIO's filters, image sections, column and row selections, binning, "+N") is
// refused, so user input never reaches CFITSIO's filter parser. A name that exists as a
// file is that file, even if it ends in "]".
#include <filesystem>
#include <optional>
#include <string>

namespace bitsky::fits {

class File;

struct HduSelector {
    std::optional<int> number;   // [N]
    std::string name;            // [NAME] or [NAME,VER]
    std::optional<int> version;  // [NAME,VER]

    std::string text() const;  // "[1]", "[SCI]", "[SCI,2]"
};

struct FileArgument {
    std::filesystem::path path;          // the file
    std::optional<HduSelector> hdu;      // the suffix, if there was one
    std::string text;                    // the argument as given
};

// Splits "file.fits[...]" into the file and its HDU selector. Throws Error (bad input, naming
// the argument) for a suffix that is not [N], [NAME] or [NAME,VER] when no file of that
// whole name exists.
FileArgument parse_file_argument(const std::string& argument);

// The HDU (0 = primary) that `selector` names in `file`; Error naming the file and the
// selector if there is none.
int find_hdu(const File& file, const HduSelector& selector);

}  // namespace bitsky::fits
