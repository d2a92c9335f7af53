#include "engine/dataset/dataset.h"

#include <algorithm>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/util/error.h"

namespace bitsky::dataset {
namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string upper_trim(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

// Why a jsonl entry cannot be used ("" if it can): it must resolve, symbolic links
// followed, to a regular file inside the dataset folder `root` (canonical). `out` gets
// the path to open (the folder joined with the entry).
std::string check_entry(const fs::path& root, const fs::path& folder, const std::string& entry, fs::path& out) {
    const fs::path rel(entry);
    if (entry.empty()) return "an empty path";
    if (rel.is_absolute()) return "an absolute path (entries are relative to the dataset folder)";
    out = folder / rel;
    std::error_code ec;
    const fs::path real = fs::weakly_canonical(fs::absolute(out), ec);
    if (ec) return "cannot be resolved: " + ec.message();
    const fs::path inside = real.lexically_relative(root);
    if (inside.empty() || *inside.begin() == "..") return "outside the dataset folder";
    const auto st = fs::status(real, ec);
    if (ec || !fs::exists(st)) return "no such file";
    if (!fs::is_regular_file(st)) return "not a regular file";
    return "";
}

}  // namespace

bool looks_like_fits(const fs::path& p) {
    const std::string name = lower(p.filename().string());
    for (const char* ext : {".fits", ".fit", ".fts", ".fz", ".fits.gz", ".fit.gz", ".fts.gz", ".fits.fz"})
        if (ends_with(name, ext)) return true;
    return false;
}

Dataset discover(const fs::path& path) {
    std::error_code ec;
    auto st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
        // FILE[N]: one HDU of a file (parse_file_argument refuses other suffixes).
        if (!path.empty() && path.string().back() == ']') {
            fits::FileArgument arg = fits::parse_file_argument(path.string());
            if (arg.hdu && fs::is_regular_file(arg.path, ec)) {
                Dataset d = discover(arg.path);
                d.images.front().hdu = arg.hdu;
                return d;
            }
        }
        throw Error(path.string() + ": no such file or folder");
    }
    Dataset d;
    d.root = path;
    d.name = fs::absolute(path).lexically_normal().filename().string();
    if (d.name.empty()) d.name = fs::absolute(path).lexically_normal().parent_path().filename().string();
    if (!fs::is_directory(st)) {
        d.name = path.parent_path().filename().string();
        if (d.name.empty()) d.name = "files";
        d.images.push_back({path, d.name, {}, std::nullopt});
        return d;
    }

    // AstroCompress layout: splits/*.jsonl, each line naming an image by its `image` field.
    const fs::path splits = path / "splits";
    std::vector<fs::path> jsonl;
    if (fs::is_directory(splits, ec))
        for (const auto& e : fs::directory_iterator(splits, ec))
            if (e.path().extension() == ".jsonl") jsonl.push_back(e.path());
    std::sort(jsonl.begin(), jsonl.end());
    if (!jsonl.empty()) {
        d.astrocompress = true;
        const fs::path root = fs::weakly_canonical(fs::absolute(path), ec);
        std::set<fs::path> seen;
        for (const auto& j : jsonl) {
            std::ifstream in(j);
            if (!in) throw Error(j.string() + ": cannot read");
            std::string line;
            for (int lineno = 1; std::getline(in, line); ++lineno) {
                if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
                nlohmann::json obj;
                try {
                    obj = nlohmann::json::parse(line);
                } catch (const std::exception& e) {
                    throw Error(j.string() + ":" + std::to_string(lineno) + ": not valid JSON: " + e.what());
                }
                if (!obj.is_object() || !obj.contains("image") || !obj["image"].is_string())
                    throw Error(j.string() + ":" + std::to_string(lineno) + ": no \"image\" field naming the FITS file");
                const std::string entry = obj["image"].get<std::string>();
                const std::string where = j.string() + ":" + std::to_string(lineno);
                fs::path img;
                if (auto why = check_entry(root, path, entry, img); !why.empty()) {
                    d.rejected.push_back({where, entry, why});
                    continue;
                }
                if (!seen.insert(img.lexically_normal()).second) continue;
                ImageRef ref{img, d.name, {}, std::nullopt};
                for (auto it = obj.begin(); it != obj.end(); ++it)
                    if (it.key() != "image") ref.metadata[it.key()] = it.value().dump();
                ref.metadata["split"] = "\"" + j.stem().string() + "\"";
                d.images.push_back(std::move(ref));
            }
        }
        return d;
    }

    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) throw Error(path.string() + ": cannot read folder: " + ec.message());
    for (; it != end; it.increment(ec)) {
        if (ec) throw Error(path.string() + ": cannot read folder: " + ec.message());
        if (it->is_regular_file(ec) && looks_like_fits(it->path())) d.images.push_back({it->path(), d.name, {}, std::nullopt});
    }
    std::sort(d.images.begin(), d.images.end(), [](const ImageRef& a, const ImageRef& b) { return a.path < b.path; });
    return d;
}

std::vector<Dataset> discover_all(const std::vector<fs::path>& paths) {
    std::vector<Dataset> out;
    std::set<fs::path> seen;
    for (const auto& p : paths) {
        Dataset d = discover(p);
        d.found = d.images.size();
        std::vector<ImageRef> unique;
        for (auto& img : d.images) {
            std::error_code ec;
            auto key = fs::weakly_canonical(img.path, ec);
            fs::path k = ec ? img.path : key;
            if (img.hdu) k += img.hdu->text();  // file[1] and file[2] are two items
            if (seen.insert(k).second) unique.push_back(std::move(img));
        }
        d.images = std::move(unique);
        // Loose files from the same folder share one dataset.
        auto same = std::find_if(out.begin(), out.end(), [&](const Dataset& o) { return o.name == d.name && !o.astrocompress && !d.astrocompress; });
        if (same != out.end())
            for (auto& img : d.images) same->images.push_back(std::move(img));
        else
            out.push_back(std::move(d));
    }
    return out;
}

FileSelection select_frames(const fits::File& file) {
    FileSelection sel;
    const auto& hdus = file.hdus();
    std::string telescope;
    if (!hdus.empty())
        if (auto t = hdus.front().card_value("TELESCOP")) telescope = upper_trim(*t);
    auto is_sci = [](const fits::HduInfo& h) { return upper_trim(h.extname) == "SCI"; };
    const bool has_sci = std::any_of(hdus.begin(), hdus.end(), [&](const fits::HduInfo& h) { return is_sci(h) && h.is_image(); });

    if (telescope == "JWST" && has_sci) sel.rule = "jwst-sci";
    else if (telescope == "HST" && has_sci) sel.rule = "hst-sci";
    else sel.rule = "all-images";

    for (const auto& h : hdus) {
        if (std::string why = h.skip_reason(); !why.empty()) {
            if (!h.problem.empty()) sel.damaged.emplace_back(h.index, h.problem);
            sel.skipped.emplace_back(h.index, why);
            continue;
        }
        if (sel.rule != "all-images" && !is_sci(h)) {
            sel.skipped.emplace_back(h.index, "not the SCI extension (dataset rule " + sel.rule + ")");
            continue;
        }
        FrameSelection f{h.index, h.bitpix, h.extname, h.axes, {}};
        std::size_t frames = BasicCube<double>::element_count(h.axes) / (h.axes[0] * h.axes[1]);
        if (sel.rule == "jwst-sci" && h.axes.size() == 4) frames = h.axes[2];  // first integration only
        for (std::size_t k = 0; k < frames; ++k) f.frames.push_back(k);
        sel.hdus.push_back(std::move(f));
    }
    return sel;
}

std::string FileSelection::skipped_text() const {
    std::string reasons;
    for (const auto& [idx, why] : skipped) reasons += (reasons.empty() ? "" : "; ") + ("HDU " + std::to_string(idx) + ": " + why);
    return reasons;
}

FileSelection select_frames(const fits::File& file, int hdu, const std::string& argument) {
    FileSelection sel = select_frames(file);
    FileSelection one;
    one.rule = sel.rule;
    for (const auto& hs : sel.hdus)
        if (hs.hdu == hdu) one.hdus.push_back(hs);
    if (!one.hdus.empty()) return one;
    const fits::HduInfo& info = file.hdu(hdu);
    // Named explicitly, an HDU the dataset rule leaves out is used (any pixel type; the
    // caller says what it cannot take); one that is no image is refused.
    if (const std::string why = info.skip_reason(); !why.empty())
        throw Error(argument + ": HDU " + std::to_string(hdu) + ": " + why);
    FrameSelection hs;
    hs.hdu = hdu;
    hs.bitpix = info.bitpix;
    hs.extname = info.extname;
    hs.axes = info.axes;
    std::size_t frames = 1;
    for (std::size_t a = 2; a < info.axes.size(); ++a) frames *= info.axes[a];
    for (std::size_t k = 0; k < frames; ++k) hs.frames.push_back(k);
    one.hdus.push_back(std::move(hs));
    one.rule = "named HDU";
    return one;
}

}  // namespace bitsky::dataset
