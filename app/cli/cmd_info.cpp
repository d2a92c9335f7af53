// bitsky-cli info: what is in a FITS file (HDUs, shapes, BITPIX, BZERO, dataset rule).
#include <iostream>
#include <set>

#include <nlohmann/json.hpp>

#include "app/cli/command.h"
#include "app/cli/file_argument.h"
#include "engine/dataset/dataset.h"
#include "engine/fits/fits.h"
#include "engine/util/error.h"
#include "engine/util/json.h"

namespace bitsky::cli {
namespace {

const char* kind_name(fits::HduKind k) {
    switch (k) {
        case fits::HduKind::Image: return "image";
        case fits::HduKind::AsciiTable: return "ascii-table";
        case fits::HduKind::BinaryTable: return "binary-table";
    }
    return "?";
}

class Info final : public FileReportCommand {
public:
    Info() : FileReportCommand("info") {}

private:
    int report(const std::string& path, nlohmann::json& jf) override;
};

int Info::report(const std::string& path, nlohmann::json& jf) {
    int failures = 0;
    const FileArgument arg = open_file_argument(path);
    const fits::File& file = arg.file;
    if (arg.hdu) jf["selected_hdu"] = *arg.hdu;
    std::string rule, rule_error;
    std::set<int> measured;
    const auto sel = dataset::select_frames(file);
    rule = sel.rule;
    for (const auto& h : sel.hdus) measured.insert(h.hdu);
    if (sel.hdus.empty()) rule_error = path + ": no image HDU to measure (" + sel.skipped_text() + ")";
    jf["rule"] = rule;
    jf["hdus"] = nlohmann::json::array();
    if (!json_) std::cout << path << (rule.empty() ? "" : "  (dataset rule: " + rule + ")") << "\n";
    for (const auto& h : file.hdus()) {
        if (arg.hdu && h.index != *arg.hdu) continue;
        nlohmann::json jh;
        jh["index"] = h.index;
        jh["extname"] = h.extname;
        jh["kind"] = kind_name(h.kind);
        jh["compressed"] = h.compressed;
        jh["bitpix"] = h.bitpix;
        jh["bzero"] = h.bzero;
        jh["bscale"] = h.bscale;
        jh["shape"] = h.axes;
        jh["is_image"] = h.is_image();
        jh["measured"] = measured.count(h.index) > 0;
        if (!h.problem.empty()) {
            // A damaged HDU: listed, and the file counts as bad input (exit 1).
            jh["problem"] = h.problem;
            ++failures;
            std::cerr << "bitsky-cli info: " << path << ": HDU " << h.index << ": " << h.problem << "\n";
        }
        if (!measured.count(h.index)) {
            std::string why = h.skip_reason();
            if (why.empty()) why = "not selected by dataset rule " + rule;
            jh["skip_reason"] = why;
        }
        jf["hdus"].push_back(jh);
        if (!json_) {
            std::cout << "  HDU " << h.index << "  " << (h.extname.empty() ? "-" : h.extname) << "  "
                      << kind_name(h.kind) << (h.compressed ? " (tile-compressed)" : "");
            if (h.kind == fits::HduKind::Image)
                std::cout << "  BITPIX " << h.bitpix << "  BZERO " << h.bzero << "  shape "
                          << (h.axes.empty() ? "none" : shape_string(h.axes));
            std::cout << "  " << (measured.count(h.index) ? "measured" : "skipped: " + jh["skip_reason"].get<std::string>())
                      << "\n";
        }
    }
    if (!rule_error.empty()) {
        jf["warning"] = rule_error;
        if (!json_) std::cout << "  note: " << rule_error << "\n";
    }
    return failures;
}

Register<Info> registeredInfo{"info", "HDUs, shapes, BITPIX, BZERO and the dataset rule of each file"};

}  // namespace
}  // namespace bitsky::cli
