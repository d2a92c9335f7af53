#pragma once
// Datasets: a folder tree of FITS files, or an AstroCompress-style folder whose
// splits/*.jsonl name the images. Discovery only lists paths (fast); which HDUs and
// frames of a file are measured is decided by select_frames() from the headers.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/fits/extended_name.h"
#include "engine/fits/fits.h"

namespace bitsky::dataset {

struct ImageRef {
    std::filesystem::path path;
    std::string dataset;                          // name of the dataset it belongs to
    std::map<std::string, std::string> metadata;  // other fields of its jsonl line (JSON text values)
    std::optional<fits::HduSelector> hdu;         // FILE[N], FILE[NAME]: only that HDU
};

// A splits/*.jsonl entry that was not used, and why.
struct RejectedEntry {
    std::string where;   // "<jsonl file>:<line>"
    std::string entry;   // the entry's image path as written
    std::string reason;  // e.g. "outside the dataset folder", "not a regular file"
};

struct Dataset {
    std::string name;
    std::filesystem::path root;
    bool astrocompress = false;  // found splits/*.jsonl
    std::vector<ImageRef> images;
    std::vector<RejectedEntry> rejected;  // jsonl entries skipped (reported, never opened)
    std::size_t found = 0;                // FITS files the folder (or its jsonl) named, before de-duplication
};

// True for names that look like FITS files (.fits .fit .fts .fits.gz .fz ...).
bool looks_like_fits(const std::filesystem::path& p);

// A folder (scanned recursively, or through its splits/*.jsonl) or a single file, also as
// CFITSIO's extended name of one HDU (FILE[N], FILE[NAME], FILE[NAME,VER]).
// Errors name the path: missing path, unreadable folder, bad jsonl line. A jsonl entry
// must name a regular file inside the dataset folder (after resolving symbolic links):
// absolute paths, '..' escapes, devices, FIFOs, folders and missing files are listed in
// Dataset::rejected and never opened.
Dataset discover(const std::filesystem::path& path);

// Several command-line paths: files and folders; the same file is listed once.
std::vector<Dataset> discover_all(const std::vector<std::filesystem::path>& paths);

// What to measure in one HDU.
struct FrameSelection {
    int hdu = 0;
    int bitpix = 16;
    std::string extname;
    std::vector<std::size_t> axes;   // of the whole HDU
    std::vector<std::size_t> frames;  // 2D plane indices (storage order) to measure
};

struct FileSelection {
    std::string rule;  // which dataset rule applied
    std::vector<FrameSelection> hdus;
    std::vector<std::pair<int, std::string>> skipped;  // HDU index, reason
    // HDUs whose header is damaged (also in `skipped`): a failure of the file, not a skip.
    std::vector<std::pair<int, std::string>> damaged;
    // "HDU 0: no data; HDU 1: a table, not an image": why nothing (else) was selected.
    std::string skipped_text() const;
};

// Dataset rules (astrocompress.md), chosen from the headers:
//  - "jwst-sci": TELESCOP=JWST with a SCI extension: SCI only; a 4D SCI takes the
//    first integration (its leading group axis, data[0]).
//  - "hst-sci": TELESCOP=HST with a SCI extension: the SCI extensions only (HDUs 1 and 4
//    for two chips).
//  - "all-images": otherwise every image HDU with 2..4 axes, every frame.
// Any pixel type is selected (a codec that cannot take it skips it); a file with no image
// gives an empty selection (skipped says why).
FileSelection select_frames(const fits::File& file);
// One HDU named by the user (FILE[N]): the dataset rule's frames if the rule takes it, else
// every frame of it, whatever its pixel type; Error naming `argument` and the HDU if it is
// no image.
FileSelection select_frames(const fits::File& file, int hdu, const std::string& argument);

}  // namespace bitsky::dataset
