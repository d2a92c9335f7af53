// Table export (format_table) and the store views the GUI draws: neural estimates as report
// rows, the cross-dataset matrix (against bitsky-cli evaluate's own output), and predicted
// vs measured bits per pixel of one frame (against the benchmark's report).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "engine/store/estimates.h"
#include "engine/store/report.h"
#include "engine/store/store.h"
#include "engine/util/error.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::store;

namespace {

// RFC 4180 reader: quoted fields with "" escapes and embedded commas and newlines.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
            any = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
            any = false;
        } else {
            field += c;
            any = true;
        }
    }
    if (any || !row.empty()) {
        row.push_back(field);
        rows.push_back(row);
    }
    return rows;
}

TextTable awkward_table() {
    TextTable t;
    t.caption = "caption with 50% and a_b";
    t.columns = {"Codec", "Ratio", "Note"};
    t.numeric = {false, true, false};
    t.rows = {{"jpegxl:e7", "2.580", "plain"},
              {"tdiff+rice", "3.125", "comma, \"quote\" and\nnewline"},
              {"a_b & c%", "", "{braces} #hash $x ~ ^"}};
    return t;
}

}  // namespace

TEST(TextTable, CsvRoundTripsEveryCell) {
    const TextTable t = awkward_table();
    auto rows = parse_csv(format_table(t, ReportFormat::Csv));
    ASSERT_EQ(rows.size(), t.rows.size() + 1);
    EXPECT_EQ(rows[0], t.columns);
    for (std::size_t r = 0; r < t.rows.size(); ++r) EXPECT_EQ(rows[r + 1], t.rows[r]);
}

TEST(TextTable, LatexEscapesAndAligns) {
    const std::string tex = format_table(awkward_table(), ReportFormat::Latex);
    EXPECT_NE(tex.find("\\begin{tabular}{lrl}"), std::string::npos) << tex;
    EXPECT_NE(tex.find("a\\_b \\& c\\%"), std::string::npos) << tex;
    EXPECT_NE(tex.find("\\{braces\\} \\#hash \\$x \\textasciitilde{} \\textasciicircum{}"), std::string::npos) << tex;
    EXPECT_NE(tex.find("% caption with 50% and a_b\n"), std::string::npos) << tex;  // a comment line, as is
    EXPECT_NE(tex.find("\\bottomrule"), std::string::npos);
    // One row per line: the embedded newline does not break the table.
    std::size_t rows = 0;
    for (std::size_t at = tex.find(" \\\\\n"); at != std::string::npos; at = tex.find(" \\\\\n", at + 1)) ++rows;
    EXPECT_EQ(rows, 4u);  // header + 3
}

TEST(TextTable, JsonHasNumbersAndNulls) {
    auto j = nlohmann::json::parse(format_table(awkward_table(), ReportFormat::Json));
    EXPECT_EQ(j["columns"][1], "Ratio");
    EXPECT_DOUBLE_EQ(j["rows"][0][1].get<double>(), 2.58);
    EXPECT_TRUE(j["rows"][2][1].is_null());
    EXPECT_EQ(j["rows"][1][0], "tdiff+rice");
}

TEST(TextTable, FormatFromSuffix) {
    EXPECT_EQ(report_format_for_path("/x/t.CSV"), ReportFormat::Csv);
    EXPECT_EQ(report_format_for_path("t.tex"), ReportFormat::Latex);
    EXPECT_EQ(report_format_for_path("t.md"), ReportFormat::Markdown);
    EXPECT_EQ(report_format_for_path("t.json"), ReportFormat::Json);
    EXPECT_THROW(report_format_for_path("t.xlsx"), UsageError);
    EXPECT_THROW(report_format_for_path("dir.csv/table"), UsageError);
}

// A real benchmark of the sample sky (rice, fast): the frame view agrees with the report.
TEST(StoreViews, FrameBppMatchesTheBenchmark) {
    test::TempDir dir;
    const auto sky = (dir / "sky").string(), db = (dir / "r.db").string();
    ASSERT_EQ(test::run_cli("sample --out " + test::shell_quote(sky)).exit_code, 0);
    auto b = test::run_cli("bench --progress none --codecs rice --db " + test::shell_quote(db) + " " +
                           test::shell_quote(sky + "/data/orbiter"));
    ASSERT_EQ(b.exit_code, 0) << b.err;
    // A cube-aware spec on the ramp (2D images refuse transforms).
    b = test::run_cli("bench --progress none --codecs tdiff+rice --db " + test::shell_quote(db) + " " +
                      test::shell_quote(sky + "/data/orbiter/orbiter_ramp_001.fits"));
    ASSERT_EQ(b.exit_code, 0) << b.err;
    ResultsStore st(db, {.create = false, .read_only = true});
    std::size_t checked_2d = 0, checked_cube = 0;
    for (const auto& row : st.report(ReportBy::Image)) {
        auto image = st.find_image(row.image, row.hdu);
        ASSERT_TRUE(image);
        // Sum over frames of measured bits = the report's compressed bytes.
        double bits = 0;
        std::map<std::string, std::size_t> kinds;
        for (std::int64_t f = 0; f < image->frame_count; ++f)
            for (const auto& e : frame_bpp(st, row.image, row.hdu, f)) {
                if (e.source == BppEntry::Source::Measured && e.name == row.codec)
                    bits += e.bpp * double(row.raw_bytes) / 2.0 / double(image->frame_count);
                if (e.source == BppEntry::Source::Predicted) ++kinds[e.name];
            }
        EXPECT_NEAR(bits / 8.0, double(row.compressed_bytes), 1e-6 * double(row.compressed_bytes)) << row.image << " " << row.codec;
        // The noise-based predictions the benchmark stored, one of each kind per frame.
        const auto stored = st.predictions(image->id);
        EXPECT_EQ(kinds["gaussian-entropy"], std::size_t(image->frame_count));
        for (const auto& p : stored)
            if (p.frame == 0 && p.kind == "rice-predicted") {
                bool found = false;
                for (const auto& e : frame_bpp(st, row.image, row.hdu, 0))
                    if (e.name == "rice-predicted") found = e.bpp == p.bpp;
                EXPECT_TRUE(found);
            }
        if (row.codec == "rice" && image->frame_count == 1) {
            auto e = frame_bpp(st, row.image, row.hdu, 0);
            auto it = std::find_if(e.begin(), e.end(), [](const BppEntry& x) { return x.name == "rice"; });
            ASSERT_NE(it, e.end());
            EXPECT_NEAR(it->bpp, *row.bpp, 1e-12);
            EXPECT_NEAR(it->ratio(), *row.ratio, 1e-9);
            ++checked_2d;
        }
        if (image->frame_count > 1) ++checked_cube;
    }
    EXPECT_GE(checked_2d, 2u);
    // A bit-cost map recorded with --db shows up beside them, with the map's own bpp.
    const std::string file = sky + "/data/orbiter/orbiter_005.fits";
    auto cm = test::run_cli("costmap --json --model iid --db " + test::shell_quote(db) + " " + test::shell_quote(file));
    ASSERT_EQ(cm.exit_code, 0) << cm.err;
    const double iid_bpp = nlohmann::json::parse(cm.out)["bpp"].get<double>();
    {
        ResultsStore after(db, {.create = false, .read_only = true});
        auto e = frame_bpp(after, std::filesystem::weakly_canonical(file).string(), 0, 0);
        auto it = std::find_if(e.begin(), e.end(), [](const BppEntry& x) { return x.name == "costmap iid"; });
        ASSERT_NE(it, e.end());
        EXPECT_EQ(it->source, BppEntry::Source::Predicted);
        EXPECT_NEAR(it->bpp, iid_bpp, 1e-9);
    }
    EXPECT_GE(checked_cube, 2u);  // the ramp with rice and tdiff+rice
    EXPECT_TRUE(frame_bpp(st, "/no/such.fits", 0, 0).empty());
    EXPECT_TRUE(estimated_report(st, ReportBy::Dataset).empty());
    EXPECT_TRUE(estimate_matrix(st).empty());
}

#ifdef BITSKY_HAVE_TORCH
// Two tiny models, each trained on one instrument, evaluated on both: the store's matrix
// equals what bitsky-cli evaluate printed, and the estimate rows agree with it.
TEST(StoreViews, EstimateMatrixEqualsEvaluate) {
    test::TempDir dir;
    const auto sky = (dir / "sky").string(), db = (dir / "r.db").string();
    ASSERT_EQ(test::run_cli("sample --out " + test::shell_quote(sky)).exit_code, 0);
    const std::string a = (dir / "sky-a.pt").string(), b = (dir / "orb-b.pt").string();
    const std::string x = sky + "/data/skyline", y = sky + "/data/orbiter";
    for (const auto& [model, data] : {std::pair{a, x}, std::pair{b, y}}) {
        auto t = test::run_cli("train --quiet --epochs 1 --steps 2 --batch 4 --patch 16 --channels 4 --layers 1 --mixtures 2 "
                               "--max-frames 1 --seed 5 --out " + test::shell_quote(model) + " " + test::shell_quote(data));
        ASSERT_EQ(t.exit_code, 0) << t.err;
    }
    auto ev = test::run_cli("evaluate --json --max-frames 2 --models " + test::shell_quote(a) + " " + test::shell_quote(b) +
                            " --data " + test::shell_quote(x) + " " + test::shell_quote(y) + " --db " + test::shell_quote(db));
    ASSERT_EQ(ev.exit_code, 0) << ev.err;
    auto j = nlohmann::json::parse(ev.out);
    ResultsStore st(db, {.create = false, .read_only = true});
    auto m = estimate_matrix(st);
    ASSERT_EQ(m.models, (std::vector<std::string>{"neural:orb-b.pt", "neural:sky-a.pt"}));  // sorted
    ASSERT_EQ(m.datasets, (std::vector<std::string>{"orbiter", "skyline"}));  // by name
    for (std::size_t mi = 0; mi < 2; ++mi)
        for (std::size_t d = 0; d < 2; ++d) {
            const std::size_t jm = m.models[mi] == "neural:sky-a.pt" ? 0 : 1;   // evaluate's order: a, b
            const std::size_t jd = m.datasets[d] == "skyline" ? 0 : 1;         // --data x (skyline), y (orbiter)
            const double want = j["bpp"][jm][jd].get<double>();
            ASSERT_TRUE(m.bpp[mi][d]);
            EXPECT_NEAR(*m.bpp[mi][d], want, 1e-9 * want);
            EXPECT_EQ(m.frames[mi][d], 2);
        }
    auto by_dataset = estimated_report(st, ReportBy::Dataset);
    ASSERT_EQ(by_dataset.size(), 4u);
    for (const auto& r : by_dataset) {
        const std::size_t mi = r.codec == m.models[0] ? 0 : 1;
        const std::size_t d = r.dataset == m.datasets[0] ? 0 : 1;
        EXPECT_NEAR(*r.bpp, *m.bpp[mi][d], 1e-12);
        EXPECT_NEAR(*r.ratio, 16.0 / *m.bpp[mi][d], 1e-9);
        EXPECT_TRUE(r.mean_image_ratio.has_value());
        EXPECT_TRUE(is_estimated_kind(r.codec));
    }
    EXPECT_FALSE(estimated_report(st, ReportBy::Image).empty());
}
#endif
