#pragma once
// Report export: the rows of ResultsStore::report() as CSV, JSON, Markdown or LaTeX.
//
// JSON (design.md): {"rows":[{"dataset","image","codec","raw_bytes","compressed_bytes","ratio",
// "failures", "skipped", ...}]} with also "hdu", "codec_version", "images", "frames", "mean_image_ratio",
// "bpp", "encode_mb_s", "decode_mb_s"; "image" and "hdu" are null in per-dataset rows, and
// numbers that are undefined (no successful result) are null.
// Both dataset-level aggregates are labelled: "ratio" = total raw bytes / total compressed
// bytes; "mean_image_ratio" = mean of per-image ratios.
#include <string>
#include <vector>

#include "engine/store/store.h"

namespace bitsky::store {

enum class ReportFormat { Csv, Json, Markdown, Latex };

// "csv" | "json" | "markdown" (or "md") | "latex" (or "tex"); UsageError otherwise.
ReportFormat parse_report_format(const std::string& name);
// "image" | "dataset"; UsageError otherwise.
ReportBy parse_report_by(const std::string& name);

// Markdown and LaTeX add a Type column (pixel_type_label) when the rows hold more than one
// pixel type; CSV and JSON always carry "bitpix".
std::string format_report(const std::vector<ReportRow>& rows, ReportBy by, ReportFormat format);
// A pixel type in tables and plots: "8-bit integer", "16-bit integer", "32-bit integer",
// "64-bit integer", "32-bit float", "64-bit float" (FITS BITPIX 8, 16, 32, 64, -32, -64).
std::string pixel_type_label(int bitpix);
// The lossy results (ResultsStore::lossy_report), a table apart from the lossless one:
// sizes and their fidelity (means over results, max where said; engine/image/fidelity.h).
// Every format through format_table, its caption saying they are lossy.
std::string format_lossy_report(const std::vector<ReportRow>& rows, ReportBy by, ReportFormat format);
// Failed results and skipped items (dataset, file, HDU, frame, codec, status, reason).
std::string format_failures(const std::vector<FailureRow>& rows, ReportFormat format);

// Any table the GUI shows (inspector results, the data behind a plot), exported with the
// same quoting as the reports: CSV (RFC 4180 quoting, header line first), JSON
// ({"columns":[...], "rows":[[...]]}, numeric cells as numbers, empty cells null),
// Markdown and LaTeX (booktabs, special characters escaped, caption as a comment line).
struct TextTable {
    std::string caption;                         // e.g. what the numbers are; optional
    std::vector<std::string> columns;            // header
    std::vector<bool> numeric;                   // per column: right-aligned, a number in JSON
    std::vector<std::vector<std::string>> rows;  // each as many cells as columns
};
std::string format_table(const TextTable& table, ReportFormat format);
// The format of an export file by its suffix: .csv, .json, .md, .tex; UsageError otherwise.
ReportFormat report_format_for_path(const std::string& path);

}  // namespace bitsky::store
