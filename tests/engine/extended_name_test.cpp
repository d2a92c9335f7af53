// CFITSIO's extended file names, HDU part (engine/fits/extended_name.h): parsed by BitSky
// ([N], [NAME], [NAME,VER] only; any other filter syntax refused), a real file whose name
// ends in "]" still opens as itself, and every selector names the HDU CFITSIO's own
// fits_open_file picks for the same suffix (checked on real multi-extension files).
#include <fitsio.h>
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "engine/fits/extended_name.h"
#include "engine/fits/fits.h"
#include "engine/util/error.h"
#include "test_support.h"

using namespace bitsky;
using bitsky::fits::find_hdu;
using bitsky::fits::parse_file_argument;

namespace {

// CFITSIO's answer for "path[suffix]": the HDU it opens at (0 = primary), or -1 if it fails.
int cfitsio_hdu(const std::string& extended) {
    fitsfile* f = nullptr;
    int status = 0;
    if (fits_open_file(&f, extended.c_str(), READONLY, &status)) return -1;
    std::unique_ptr<fitsfile, void (*)(fitsfile*)> owner(f, [](fitsfile* p) {
        int s = 0;
        fits_close_file(p, &s);
    });
    int num = 0;
    fits_get_hdu_num(f, &num);
    return num - 1;
}

void place(const std::filesystem::path& from, const std::filesystem::path& to) {
    std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
}

}  // namespace

TEST(ExtendedName, ParsesTheThreeFormsOnly) {
    auto a = parse_file_argument("x.fits[1]");
    EXPECT_EQ(a.path, "x.fits");
    ASSERT_TRUE(a.hdu && a.hdu->number);
    EXPECT_EQ(*a.hdu->number, 1);
    EXPECT_EQ(a.hdu->text(), "[1]");
    a = parse_file_argument("dir/x.fits[SCI]");
    EXPECT_EQ(a.path, "dir/x.fits");
    ASSERT_TRUE(a.hdu);
    EXPECT_EQ(a.hdu->name, "SCI");
    EXPECT_FALSE(a.hdu->version);
    a = parse_file_argument("x.fits[ sci , 2 ]");
    ASSERT_TRUE(a.hdu && a.hdu->version);
    EXPECT_EQ(a.hdu->name, "sci");
    EXPECT_EQ(*a.hdu->version, 2);
    EXPECT_EQ(a.hdu->text(), "[sci,2]");
    a = parse_file_argument("x.fits");
    EXPECT_EQ(a.path, "x.fits");
    EXPECT_FALSE(a.hdu);
    a = parse_file_argument("[1]");  // nothing before the bracket: a name, not a selector
    EXPECT_EQ(a.path, "[1]");
    EXPECT_FALSE(a.hdu);
    // CFITSIO's filters, sections, column/row selections, binning, relative HDUs, a
    // second filter after the HDU: refused (no such file) naming the argument.
    for (const char* bad : {"x.fits[1:100,1:100]", "x.fits[*,-*]", "x.fits[bin X,Y]", "x.fits[col RATE]",
                            "x.fits[PHA > 5]", "x.fits[+1]", "x.fits[-1]", "x.fits[SCI,2,IMAGE]", "x.fits[SCI,x]",
                            "x.fits[1][PHA>5]", "x.fits[]", "x.fits[1234567890]", "x.fits[#row < 5]"}) {
        try {
            parse_file_argument(bad);
            ADD_FAILURE() << bad << " accepted";
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("[NAME,VER]"), std::string::npos) << e.what();
        }
    }
}

TEST(ExtendedName, AFileWhoseNameEndsInABracketIsThatFile) {
    test::TempDir dir;
    const auto mef = test::shared_data("real/mef_4x40x40.fits");
    // "frame[2]" exists: it is the file, even though "frame" exists too.
    place(mef, dir / "frame[2]");
    place(test::shared_data("real/ngc1316r.fits"), dir / "frame");
    auto a = parse_file_argument((dir / "frame[2]").string());
    EXPECT_EQ(a.path, dir / "frame[2]");
    EXPECT_FALSE(a.hdu);
    EXPECT_EQ(fits::File::open(a.path).hdus().size(), 5u);
    // A bracket that is no selector, in an existing name.
    place(mef, dir / "odd[bin x].fits]");
    a = parse_file_argument((dir / "odd[bin x].fits]").string());
    EXPECT_EQ(a.path, dir / "odd[bin x].fits]");
    EXPECT_FALSE(a.hdu);
    // A selector on a name with brackets inside it: the last bracket is the selector.
    place(mef, dir / "a[1].fits");
    a = parse_file_argument((dir / "a[1].fits[SCI,3]").string());
    EXPECT_EQ(a.path, dir / "a[1].fits");
    EXPECT_EQ(find_hdu(fits::File::open(a.path), *a.hdu), 3);
}

// Every selector names the HDU CFITSIO opens for it: numbers, names in any case, versions,
// HDUNAME, the primary, and the ones that do not exist (errors naming file and selector).
TEST(ExtendedName, SameHduAsCfitsio) {
    struct Case {
        const char* file;
        const char* suffix;
        int hdu;  // -1: no such HDU
    };
    const Case cases[] = {
        {"real/hst_stis_raw.fits", "[0]", 0},       {"real/hst_stis_raw.fits", "[4]", 4},
        {"real/hst_stis_raw.fits", "[SCI]", 1},     {"real/hst_stis_raw.fits", "[sci]", 1},
        {"real/hst_stis_raw.fits", "[SCI,2]", 4},   {"real/hst_stis_raw.fits", "[ERR,2]", 5},
        {"real/hst_stis_raw.fits", "[dq, 1]", 3},   {"real/hst_stis_raw.fits", "[SCI,3]", -1},
        {"real/hst_stis_raw.fits", "[7]", -1},      {"real/hst_stis_raw.fits", "[NOPE]", -1},
        {"real/mef_4x40x40.fits", "[SCI,4]", 4},    {"real/mef_4x40x40.fits", "[2]", 2},
        {"real/ngc1316r.fits", "[PRIMARY]", 0},     {"real/hst_stis_raw.fits", "[primary]", 0},
        {"corpus/gemini_gmos_mef.fits", "[VAR]", 2}, {"corpus/gemini_gmos_mef.fits", "[SKYFIT,1]", 3},
        {"corpus/hst_acs_hrc_flt.fz", "[DQ]", 3},   {"corpus/hst_acs_hrc_flt.fz", "[1]", 1},
    };
    for (const Case& c : cases) {
        const std::string file = test::shared_data(c.file).string();
        const std::string arg = file + c.suffix;
        SCOPED_TRACE(arg);
        EXPECT_EQ(cfitsio_hdu(arg), c.hdu);  // the reference
        const auto a = parse_file_argument(arg);
        ASSERT_EQ(a.path.string(), file);
        ASSERT_TRUE(a.hdu);
        const auto f = fits::File::open(a.path);
        if (c.hdu >= 0) {
            EXPECT_EQ(find_hdu(f, *a.hdu), c.hdu);
        } else {
            const std::string why = test::error_of([&] { find_hdu(f, *a.hdu); });
            EXPECT_NE(why.find(file), std::string::npos) << why;
            EXPECT_NE(why.find(a.hdu->text()), std::string::npos) << why;
        }
    }
}

// bitsky-cli's FILE arguments (info, noise, costmap) take the same names: one HDU, numbered
// as CFITSIO numbers it, with the same results as selecting it another way.
TEST(ExtendedName, CliCommandsTakeOneHdu) {
    const std::string stis = test::shared_data("real/hst_stis_raw.fits").string();
    const std::string mef = test::shared_data("real/mef_4x40x40.fits").string();
    auto json = [](const std::string& args) {
        auto r = test::run_cli(args);
        EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
        return nlohmann::json::parse(r.out);
    };
    // info: only the HDU named, and which one.
    auto info = json("info --json " + test::shell_quote(stis + "[SCI,2]"));
    ASSERT_EQ(info["files"][0]["hdus"].size(), 1u);
    EXPECT_EQ(info["files"][0]["hdus"][0]["index"], 4);
    EXPECT_EQ(info["files"][0]["hdus"][0]["extname"], "SCI");
    EXPECT_EQ(info["files"][0]["selected_hdu"], 4);
    // The text output says how it counts.
    auto text = test::run_cli("info " + test::shell_quote(stis + "[4]"));
    EXPECT_NE(text.out.find("HDUs count from 0 = primary (as in FILE[N]), frames from 0"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("  HDU 4  SCI"), std::string::npos) << text.out;
    EXPECT_EQ(text.out.find("  HDU 1  SCI"), std::string::npos) << text.out;
    // noise: the named HDU's frames, the very numbers the whole-file run gives for it.
    auto all = json("noise --json " + test::shell_quote(mef));
    auto one = json("noise --json " + test::shell_quote(mef + "[sci,3]"));
    nlohmann::json expected = nlohmann::json::array();
    for (const auto& fr : all["files"][0]["frames"])
        if (fr["hdu"] == 3) expected.push_back(fr);
    ASSERT_EQ(expected.size(), 1u);
    auto got = one["files"][0]["frames"];
    ASSERT_EQ(got.size(), 1u);
    got[0].erase("index");  // the running count of frames printed
    expected[0].erase("index");
    EXPECT_EQ(got, expected);
    // costmap: FILE[NAME,VER] is --hdu N.
    auto byName = json("costmap --json --model iid " + test::shell_quote(mef + "[SCI,3]"));
    auto byOption = json("costmap --json --model iid --hdu 3 " + test::shell_quote(mef));
    EXPECT_EQ(byName["hdu"], 3);
    EXPECT_EQ(byName["total_bits"], byOption["total_bits"]);
    EXPECT_EQ(byName["path"], mef);
    auto clash = test::run_cli("costmap --model iid --hdu 2 " + test::shell_quote(mef + "[3]"));
    EXPECT_EQ(clash.exit_code, 2);
    EXPECT_NE(clash.err.find("names HDU 3, --hdu 2"), std::string::npos) << clash.err;
    // Refused: filter syntax (no such file), an HDU the file lacks, an HDU without image data.
    auto filter = test::run_cli("info " + test::shell_quote(stis + "[bin x]"));
    EXPECT_EQ(filter.exit_code, 1);
    EXPECT_NE(filter.err.find("\"[bin x]\" is not an HDU selector"), std::string::npos) << filter.err;
    auto missing = test::run_cli("noise " + test::shell_quote(stis + "[9]"));
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("[9]: no such HDU (the file has HDUs 0 to 6, 0 = primary)"), std::string::npos)
        << missing.err;
    auto empty = test::run_cli("costmap --model iid " + test::shell_quote(stis + "[ERR,1]"));
    EXPECT_EQ(empty.exit_code, 1);
    EXPECT_NE(empty.err.find("HDU 2: no data"), std::string::npos) << empty.err;
    // A file whose own name ends in "]" is that file.
    test::TempDir dir;
    place(stis, dir / "stis[1]");
    auto own = json("info --json " + test::shell_quote((dir / "stis[1]").string()));
    EXPECT_EQ(own["files"][0]["hdus"].size(), 7u);
    EXPECT_FALSE(own["files"][0].contains("selected_hdu"));
}
