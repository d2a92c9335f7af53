#include "engine/store/report.h"

#include <algorithm>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/util/error.h"
#include "engine/util/json.h"

namespace bitsky::store {

ReportFormat parse_report_format(const std::string& name) {
    if (name == "csv") return ReportFormat::Csv;
    if (name == "json") return ReportFormat::Json;
    if (name == "markdown" || name == "md") return ReportFormat::Markdown;
    if (name == "latex" || name == "tex") return ReportFormat::Latex;
    throw UsageError("unknown report format '" + name + "' (csv, json, markdown or latex)");
}

ReportBy parse_report_by(const std::string& name) {
    if (name == "image") return ReportBy::Image;
    if (name == "dataset") return ReportBy::Dataset;
    throw UsageError("unknown report grouping '" + name + "' (image or dataset)");
}

namespace {

std::string fixed(const std::optional<double>& v, int decimals, const std::string& missing) {
    if (!v) return missing;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
    return buf;
}

// Full precision for machine-readable output.
std::string exact(const std::optional<double>& v) {
    if (!v) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", *v);
    return buf;
}

struct Column {
    std::string title;
    bool numeric;
    std::function<std::string(const ReportRow&)> cell;
};

// Columns of the human-readable tables (Markdown and LaTeX); the Coding column only when a
// row has a declared reduction.
std::vector<Column> table_columns(const std::vector<ReportRow>& rows, ReportBy by, const std::string& missing) {
    std::vector<Column> c;
    c.push_back({"Dataset", false, [](const ReportRow& r) { return r.dataset; }});
    if (std::any_of(rows.begin(), rows.end(), [&](const ReportRow& r) { return r.bitpix != rows.front().bitpix; }))
        c.push_back({"Type", false, [](const ReportRow& r) { return pixel_type_label(r.bitpix); }});
    if (by == ReportBy::Image) {
        c.push_back({"Image", false, [](const ReportRow& r) { return r.image; }});
        c.push_back({"HDU", true, [](const ReportRow& r) { return std::to_string(r.hdu); }});
    }
    c.push_back({"Codec", false, [](const ReportRow& r) { return r.codec; }});
    if (by == ReportBy::Dataset)
        c.push_back({"Images", true, [](const ReportRow& r) { return std::to_string(r.images); }});
    c.push_back({"Frames", true, [](const ReportRow& r) { return std::to_string(r.frames); }});
    c.push_back({"Raw bytes", true, [](const ReportRow& r) { return std::to_string(r.raw_bytes); }});
    c.push_back({"Compressed bytes", true, [](const ReportRow& r) { return std::to_string(r.compressed_bytes); }});
    if (by == ReportBy::Dataset) {
        c.push_back({"Ratio (total bytes)", true, [missing](const ReportRow& r) { return fixed(r.ratio, 3, missing); }});
        c.push_back({"Ratio (mean of images)", true,
                     [missing](const ReportRow& r) { return fixed(r.mean_image_ratio, 3, missing); }});
    } else {
        c.push_back({"Ratio", true, [missing](const ReportRow& r) { return fixed(r.ratio, 3, missing); }});
    }
    c.push_back({"bpp", true, [missing](const ReportRow& r) { return fixed(r.bpp, 3, missing); }});
    c.push_back({"Encode MB/s", true, [missing](const ReportRow& r) { return fixed(r.encode_mb_s, 1, missing); }});
    c.push_back({"Decode MB/s", true, [missing](const ReportRow& r) { return fixed(r.decode_mb_s, 1, missing); }});
    c.push_back({"Failures", true, [](const ReportRow& r) { return std::to_string(r.failures); }});
    c.push_back({"Skipped", true, [](const ReportRow& r) { return std::to_string(r.skipped); }});
    if (std::any_of(rows.begin(), rows.end(), [](const ReportRow& r) { return !r.coding.empty(); }))
        c.push_back({"Coding", false, [](const ReportRow& r) { return r.coding; }});
    return c;
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char ch : s) {
        if (ch == '"') q += "\"\"";
        else q += ch;
    }
    return q + "\"";
}

std::string to_csv(const std::vector<ReportRow>& rows, ReportBy by) {
    std::ostringstream out;
    bool img = by == ReportBy::Image;
    out << "dataset,image,hdu,codec,codec_version,images,frames,raw_bytes,compressed_bytes,ratio,"
           "mean_image_ratio,bpp,encode_mb_s,decode_mb_s,failures,skipped,coding,bitpix\n";
    for (const ReportRow& r : rows) {
        out << csv_field(r.dataset) << ',' << (img ? csv_field(r.image) : "") << ','
            << (img ? std::to_string(r.hdu) : "") << ',' << csv_field(r.codec) << ',' << csv_field(r.codec_version)
            << ',' << r.images << ',' << r.frames << ',' << r.raw_bytes << ',' << r.compressed_bytes << ','
            << exact(r.ratio) << ',' << exact(r.mean_image_ratio) << ',' << exact(r.bpp) << ','
            << exact(r.encode_mb_s) << ',' << exact(r.decode_mb_s) << ',' << r.failures << ',' << r.skipped << ','
            << csv_field(r.coding) << ',' << r.bitpix << '\n';
    }
    return out.str();
}

nlohmann::json opt(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

std::string to_json(const std::vector<ReportRow>& rows, ReportBy by) {
    nlohmann::json arr = nlohmann::json::array();
    for (const ReportRow& r : rows) {
        nlohmann::json j;
        j["dataset"] = r.dataset;
        j["image"] = by == ReportBy::Image ? nlohmann::json(r.image) : nlohmann::json(nullptr);
        j["hdu"] = by == ReportBy::Image ? nlohmann::json(r.hdu) : nlohmann::json(nullptr);
        j["codec"] = r.codec;
        j["codec_version"] = r.codec_version;
        j["images"] = r.images;
        j["frames"] = r.frames;
        j["raw_bytes"] = r.raw_bytes;
        j["compressed_bytes"] = r.compressed_bytes;
        j["ratio"] = opt(r.ratio);
        j["mean_image_ratio"] = opt(r.mean_image_ratio);
        j["bpp"] = opt(r.bpp);
        j["encode_mb_s"] = opt(r.encode_mb_s);
        j["decode_mb_s"] = opt(r.decode_mb_s);
        j["failures"] = r.failures;
        j["skipped"] = r.skipped;
        j["coding"] = by == ReportBy::Image ? nlohmann::json(r.coding) : nlohmann::json(nullptr);
        j["bitpix"] = r.bitpix;
        arr.push_back(std::move(j));
    }
    nlohmann::json doc;
    doc["rows"] = std::move(arr);
    doc["by"] = by == ReportBy::Image ? "image" : "dataset";
    doc["aggregates"] = {{"ratio", "total raw bytes / total compressed bytes (successful results)"},
                         {"mean_image_ratio", "mean over images of each image's raw/compressed ratio"}};
    return util::dump_json(doc, 2) + "\n";
}

std::string md_escape(const std::string& s) {
    std::string o;
    for (char ch : s) {
        if (ch == '|' || ch == '\\') o += '\\';
        o += ch;
    }
    return o;
}

std::string to_markdown(const std::vector<ReportRow>& rows, ReportBy by) {
    auto cols = table_columns(rows, by, "-");
    std::ostringstream out;
    out << '|';
    for (const auto& c : cols) out << ' ' << c.title << " |";
    out << "\n|";
    for (const auto& c : cols) out << (c.numeric ? "---:|" : "---|");
    out << '\n';
    for (const ReportRow& r : rows) {
        out << '|';
        for (const auto& c : cols) out << ' ' << md_escape(c.cell(r)) << " |";
        out << '\n';
    }
    if (by == ReportBy::Dataset)
        out << "\nRatio (total bytes) = sum of raw bytes / sum of compressed bytes; Ratio (mean of images) = "
               "mean of per-image ratios; a dataset's images are summed per pixel type. bpp = compressed bits per pixel "
               "(|BITPIX| / total-bytes ratio). Failed items are excluded from the "
               "sums and counted under Failures; Skipped counts image HDUs the codec cannot take (pixel type or size).\n";
    return out.str();
}

std::string tex_escape(const std::string& s) {
    std::string o;
    for (char ch : s) {
        switch (ch) {
            case '\\': o += "\\textbackslash{}"; break;
            case '&': case '%': case '$': case '#': case '_': case '{': case '}': o += '\\'; o += ch; break;
            case '~': o += "\\textasciitilde{}"; break;
            case '^': o += "\\textasciicircum{}"; break;
            default: o += ch;
        }
    }
    return o;
}

std::string to_latex(const std::vector<ReportRow>& rows, ReportBy by) {
    auto cols = table_columns(rows, by, "--");
    std::ostringstream out;
    out << "% BitSky report; needs \\usepackage{booktabs}\n\\begin{tabular}{";
    for (const auto& c : cols) out << (c.numeric ? 'r' : 'l');
    out << "}\n\\toprule\n";
    for (std::size_t i = 0; i < cols.size(); ++i) out << (i ? " & " : "") << tex_escape(cols[i].title);
    out << " \\\\\n\\midrule\n";
    for (const ReportRow& r : rows) {
        for (std::size_t i = 0; i < cols.size(); ++i) out << (i ? " & " : "") << tex_escape(cols[i].cell(r));
        out << " \\\\\n";
    }
    out << "\\bottomrule\n\\end{tabular}\n";
    return out.str();
}

}  // namespace

std::string pixel_type_label(int bitpix) {
    const std::string width = std::to_string(bitpix < 0 ? -bitpix : bitpix) + "-bit ";
    return width + (bitpix < 0 ? "float" : "integer");
}

ReportFormat report_format_for_path(const std::string& path) {
    auto dot = path.find_last_of('.');
    auto slash = path.find_last_of('/');
    std::string ext = dot == std::string::npos || (slash != std::string::npos && dot < slash) ? "" : path.substr(dot + 1);
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == "csv") return ReportFormat::Csv;
    if (ext == "json") return ReportFormat::Json;
    if (ext == "md") return ReportFormat::Markdown;
    if (ext == "tex") return ReportFormat::Latex;
    throw UsageError("'" + path + "': unknown table format (use .csv, .json, .md or .tex)");
}

std::string format_table(const TextTable& t, ReportFormat format) {
    const std::size_t n = t.columns.size();
    auto numeric = [&](std::size_t c) { return c < t.numeric.size() && t.numeric[c]; };
    auto cell = [&](const std::vector<std::string>& row, std::size_t c) -> std::string {
        return c < row.size() ? row[c] : std::string();
    };
    std::ostringstream out;
    switch (format) {
        case ReportFormat::Csv:
            for (std::size_t c = 0; c < n; ++c) out << (c ? "," : "") << csv_field(t.columns[c]);
            out << '\n';
            for (const auto& row : t.rows) {
                for (std::size_t c = 0; c < n; ++c) out << (c ? "," : "") << csv_field(cell(row, c));
                out << '\n';
            }
            break;
        case ReportFormat::Json: {
            nlohmann::json rows = nlohmann::json::array();
            for (const auto& row : t.rows) {
                nlohmann::json r = nlohmann::json::array();
                for (std::size_t c = 0; c < n; ++c) {
                    const std::string v = cell(row, c);
                    if (v.empty()) {
                        r.push_back(nullptr);
                        continue;
                    }
                    if (numeric(c)) {
                        char* end = nullptr;
                        double d = std::strtod(v.c_str(), &end);
                        if (end && *end == '\0') {
                            r.push_back(d);
                            continue;
                        }
                    }
                    r.push_back(v);
                }
                rows.push_back(std::move(r));
            }
            nlohmann::json doc{{"columns", t.columns}, {"rows", std::move(rows)}};
            if (!t.caption.empty()) doc["caption"] = t.caption;
            out << util::dump_json(doc, 2) << '\n';
            break;
        }
        case ReportFormat::Markdown:
            out << '|';
            for (const auto& c : t.columns) out << ' ' << md_escape(c) << " |";
            out << "\n|";
            for (std::size_t c = 0; c < n; ++c) out << (numeric(c) ? "---:|" : "---|");
            out << '\n';
            for (const auto& row : t.rows) {
                out << '|';
                for (std::size_t c = 0; c < n; ++c) out << ' ' << md_escape(cell(row, c)) << " |";
                out << '\n';
            }
            if (!t.caption.empty()) out << '\n' << t.caption << '\n';
            break;
        case ReportFormat::Latex:
            out << "% BitSky table; needs \\usepackage{booktabs}\n";
            if (!t.caption.empty()) {
                std::string cap = t.caption;
                for (char& ch : cap)
                    if (ch == '\n' || ch == '\r') ch = ' ';
                out << "% " << cap << '\n';
            }
            out << "\\begin{tabular}{";
            for (std::size_t c = 0; c < n; ++c) out << (numeric(c) ? 'r' : 'l');
            out << "}\n\\toprule\n";
            for (std::size_t c = 0; c < n; ++c) out << (c ? " & " : "") << tex_escape(t.columns[c]);
            out << " \\\\\n\\midrule\n";
            for (const auto& row : t.rows) {
                for (std::size_t c = 0; c < n; ++c) out << (c ? " & " : "") << tex_escape(cell(row, c));
                out << " \\\\\n";
            }
            out << "\\bottomrule\n\\end{tabular}\n";
            break;
    }
    return out.str();
}

std::string format_report(const std::vector<ReportRow>& rows, ReportBy by, ReportFormat format) {
    switch (format) {
        case ReportFormat::Csv: return to_csv(rows, by);
        case ReportFormat::Json: return to_json(rows, by);
        case ReportFormat::Markdown: return to_markdown(rows, by);
        case ReportFormat::Latex: return to_latex(rows, by);
    }
    return {};
}

namespace {

std::string g6(const std::optional<double>& v) {
    if (!v) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", *v);
    return buf;
}

}  // namespace

std::string format_lossy_report(const std::vector<ReportRow>& rows, ReportBy by, ReportFormat format) {
    TextTable t;
    t.caption = "LOSSY results (verified against each codec's promise, not bit for bit; never ranked with lossless "
                "results). Fidelity against the original: RMS error / noise sigma, max |error|, bias (mean error), "
                "noise increase sigma_out/sigma_in - 1 (exact: sqrt(sigma^2 + var(err))/sigma - 1; estimator: the "
                "noise estimate of the decoded frame), background shift, aperture photometry error in photometric "
                "sigmas (RMS and max over sources) and centroid shift (pixels, RMS); means over results.";
    const bool img = by == ReportBy::Image;
    t.columns = {"dataset"};
    if (img) t.columns.insert(t.columns.end(), {"image", "hdu"});
    t.columns.insert(t.columns.end(), {"codec", "pixel_type", "images", "frames", "compressed_bytes", "ratio", "bpp", "encode_mb_s",
                                       "decode_mb_s", "rms_over_sigma",
                                       "max_abs_error", "bias", "noise_increase_pct", "noise_increase_estimator_pct",
                                       "background_shift", "sources", "phot_error_rms_sigma", "phot_error_max_sigma",
                                       "centroid_shift_rms_px", "failures", "skipped"});
    t.numeric.assign(t.columns.size(), true);
    t.numeric[0] = false;
    if (img) t.numeric[1] = false;
    t.numeric[img ? 3 : 1] = false;
    t.numeric[img ? 4 : 2] = false;
    auto pct = [](const std::optional<double>& v) { return v ? std::optional<double>(100 * *v) : std::nullopt; };
    for (const ReportRow& r : rows) {
        std::vector<std::string> row = {r.dataset};
        if (img) row.insert(row.end(), {r.image, std::to_string(r.hdu)});
        const FidelitySummary f = r.fidelity.value_or(FidelitySummary{});
        const bool have = r.fidelity.has_value();
        row.insert(row.end(),
                   {r.codec, pixel_type_label(r.bitpix), std::to_string(r.images), std::to_string(r.frames), std::to_string(r.compressed_bytes),
                    g6(r.ratio), g6(r.bpp), g6(r.encode_mb_s), g6(r.decode_mb_s), g6(f.rms_over_sigma), have ? g6(f.max_abs_error) : "",
                    have ? g6(f.bias) : "", g6(pct(f.noise_increase_exact)), g6(pct(f.noise_increase)),
                    have ? g6(f.background_shift) : "", have ? std::to_string(f.sources) : "", g6(f.phot_error_rms),
                    g6(f.phot_error_max), g6(f.centroid_shift_rms), std::to_string(r.failures),
                    std::to_string(r.skipped)});
        t.rows.push_back(std::move(row));
    }
    return format_table(t, format);
}

std::string format_failures(const std::vector<FailureRow>& rows, ReportFormat format) {
    TextTable t;
    t.caption = "Failed results and skipped items (a codec that cannot take the image): file, HDU, frame, codec, "
                "status and the reason";
    t.columns = {"dataset", "file", "hdu", "frame", "codec", "status", "reason"};
    t.numeric = {false, false, true, true, false, false, false};
    for (const auto& r : rows)
        t.rows.push_back({r.dataset, r.path, std::to_string(r.hdu), std::to_string(r.frame), r.codec, r.status, r.error});
    return format_table(t, format);
}

}  // namespace bitsky::store
