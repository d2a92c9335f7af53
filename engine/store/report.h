#pragma once
// Report export: the rows of ResultsStore::report() as CSV, JSON, Markdown or LaTeX.
//
// JSON (design.md): {"rows":[{"dataset","image","codec","raw_bytes","compressed_bytes","ratio",
// "failures", ...}]} with also "hdu", "codec_version", "images", "frames", "mean_image_ratio",
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

std::string format_report(const std::vector<ReportRow>& rows, ReportBy by, ReportFormat format);

}  // namespace bitsky::store
