// Hostile and damaged FITS input (issue: hostile input): each case ends in a clear error
// naming the file (exit 1), never a crash, a hang or unbounded memory. The real CLI runs as
// a child process; crashes show as exit codes >= 128.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/fits/fits.h"
#include "engine/fits/scan.h"
#include "engine/util/error.h"
#include "tests/engine/test_support.h"

namespace {

namespace fs = std::filesystem;
using bitsky::test::run_cli;
using bitsky::test::shell_quote;
using bitsky::test::TempDir;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void spit(const fs::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Replaces the card of `keyword` in the header that contains byte `from` onwards (the first
// card with that keyword at or after `from`) by `keyword = value`.
void set_card(std::string& bytes, const std::string& keyword, const std::string& value, std::size_t from = 0) {
    std::string key = keyword;
    key.resize(8, ' ');
    for (std::size_t i = from / 80 * 80; i + 80 <= bytes.size(); i += 80) {
        if (bytes.compare(i, 8, key) != 0) continue;
        std::string card = key + "= " + std::string(20 > value.size() ? 20 - value.size() : 0, ' ') + value;
        card.resize(80, ' ');
        bytes.replace(i, 80, card);
        return;
    }
    throw std::runtime_error("no card " + keyword);
}

std::string header(const std::vector<std::string>& cards) {
    std::string h;
    for (auto c : cards) {
        c.resize(80, ' ');
        h += c;
    }
    std::string end = "END";
    end.resize(80, ' ');
    h += end;
    h.resize((h.size() + 2879) / 2880 * 2880, ' ');
    return h;
}

// gzip of `head` followed by `zeros` zero bytes, streamed (never held in memory).
void write_gzip(const fs::path& p, const std::string& head, std::uint64_t zeros) {
    gzFile gz = gzopen(p.c_str(), "wb6");
    ASSERT_NE(gz, nullptr);
    gzwrite(gz, head.data(), static_cast<unsigned>(head.size()));
    std::vector<char> block(1 << 20, 0);
    for (std::uint64_t left = zeros; left > 0;) {
        const auto n = static_cast<unsigned>(std::min<std::uint64_t>(left, block.size()));
        gzwrite(gz, block.data(), n);
        left -= n;
    }
    gzclose(gz);
}

const fs::path& fz_source() {
    static const fs::path p = bitsky::test::shared_data("corpus/not_alfosc_flat_uint32.fz");
    return p;
}

// The tile-compressed corpus file with one card changed in its compressed-image header.
fs::path damaged_fz(const TempDir& tmp, const std::string& keyword, const std::string& value) {
    std::string bytes = slurp(fz_source());
    set_card(bytes, keyword, value, bytes.find("XTENSION= 'BINTABLE'"));
    auto out = tmp / ("bad_" + keyword + "_" + std::to_string(std::hash<std::string>{}(value) % 1000) + ".fz");
    spit(out, bytes);
    return out;
}

}  // namespace

TEST(HostileInput, TileCompressionKeywordsAreCheckedBeforeCfitsioSeesThem) {
    TempDir tmp;
    // CFITSIO 4.2 divides by ZTILEn (SIGFPE at ZTILE1 = 0), allocates a whole tile, and its
    // Rice decoder loops forever with a block size of 0.
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"ZTILE1", "0"},        {"ZTILE1", "-4"},      {"ZTILE1", "99999999"}, {"ZTILE2", "0"},
        {"ZNAXIS", "0"},        {"ZNAXIS", "9"},       {"ZNAXIS1", "0"},       {"NAXIS2", "7"},
        {"ZCMPTYPE", "'BOGUS'"}, {"ZBITPIX", "12"},     {"ZVAL1", "0"},         {"ZVAL2", "3"}};
    for (const auto& [key, value] : cases) {
        const auto file = damaged_fz(tmp, key, value);
        auto r = run_cli("info " + shell_quote(file.string()));
        EXPECT_EQ(r.exit_code, 1) << key << "=" << value << ": " << r.err;
        EXPECT_NE(r.err.find(file.string()), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("damaged header"), std::string::npos) << key << "=" << value << ": " << r.err;
        // The engine's own view: the HDU is listed with the reason, nothing is read from it.
        auto f = bitsky::fits::File::open(file);
        ASSERT_EQ(f.hdus().size(), 2u);
        EXPECT_FALSE(f.hdus()[1].problem.empty());
        EXPECT_THROW(f.read_physical(1), bitsky::Error);
    }
}

TEST(HostileInput, BenchOverAFolderWithADamagedFzFinishesAndRecordsIt) {
    TempDir tmp;
    fs::create_directories(tmp / "set");
    fs::rename(damaged_fz(tmp, "ZTILE1", "0"), tmp / "set" / "bad.fz");
    fs::copy_file(bitsky::test::data("dss_plate.fits"), tmp / "set" / "good.fits");
    const auto db = tmp / "s.db";
    auto r = run_cli("bench --db " + shell_quote(db.string()) + " --codecs rice --progress json " +
                     shell_quote((tmp / "set").string()));
    EXPECT_EQ(r.exit_code, 1) << r.err;  // a file failed: exit 1, after the whole run
    auto lines = r.out;
    auto last = nlohmann::json::parse(lines.substr(lines.rfind('\n', lines.size() - 2) + 1));
    EXPECT_EQ(last["status"], "finished") << r.out;
    auto rep = run_cli("report --db " + shell_quote(db.string()) + " --format json --by image");
    ASSERT_EQ(rep.exit_code, 0) << rep.err;
    EXPECT_NE(rep.out.find("good.fits"), std::string::npos);
    EXPECT_NE(rep.out.find("bad.fz"), std::string::npos);
}

TEST(HostileInput, GzipBombIsRefusedWithoutInflatingItIntoMemory) {
    TempDir tmp;
    // A 10x10 8-bit image followed by 256 MiB of zeros: under 300 KB of gzip.
    const auto bomb = tmp / "bomb.fits.gz";
    write_gzip(bomb, header({"SIMPLE  =                    T", "BITPIX  =                    8",
                            "NAXIS   =                    2", "NAXIS1  =                   10",
                            "NAXIS2  =                   10"}),
               256ull << 20);
    ASSERT_LT(fs::file_size(bomb), 1u << 20);
    auto base = run_cli("--version");
    auto r = run_cli("info " + shell_quote(bomb.string()));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find(bomb.string()), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("trailing data after the last HDU"), std::string::npos) << r.err;
    EXPECT_LT(r.max_rss_kib - base.max_rss_kib, 32 * 1024) << "KiB beyond the program's own start-up";

    // A header that declares 64 MiB of data, really there: read headers-only in bounded
    // memory (the data is inflated to a temporary file, not into memory).
    const auto big = tmp / "big.fits.gz";
    write_gzip(big, header({"SIMPLE  =                    T", "BITPIX  =                   16",
                           "NAXIS   =                    2", "NAXIS1  =                 8192",
                           "NAXIS2  =                 4096"}),
               64ull << 20);
    auto ok = run_cli("info --json " + shell_quote(big.string()));
    ASSERT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_EQ(nlohmann::json::parse(ok.out)["files"][0]["hdus"][0]["shape"], nlohmann::json::array({8192, 4096}));
    EXPECT_LT(ok.max_rss_kib - base.max_rss_kib, 32 * 1024);
}

TEST(HostileInput, TruncatedAndForeignCompressedFilesGiveAReason) {
    TempDir tmp;
    // A truncated .gz: what it holds is read, the cut HDU is reported as damaged.
    const std::string gz = slurp(bitsky::test::data("dss_gzip.fits.gz"));
    spit(tmp / "cut.fits.gz", gz.substr(0, gz.size() / 2));
    auto r = run_cli("info " + shell_quote((tmp / "cut.fits.gz").string()));
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("cut.fits.gz"), std::string::npos) << r.err;
    // Corrupt deflate data.
    std::string corrupt = gz;
    for (std::size_t i = 40; i < corrupt.size() && i < 4000; i += 7) corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5a);
    spit(tmp / "corrupt.fits.gz", corrupt);
    auto c = run_cli("info " + shell_quote((tmp / "corrupt.fits.gz").string()));
    EXPECT_EQ(c.exit_code, 1) << c.err;
    EXPECT_NE(c.err.find("corrupt.fits.gz"), std::string::npos) << c.err;
    // compress (.Z), zip and bzip2 are not read (CFITSIO would inflate them into memory).
    spit(tmp / "x.fits.Z", std::string("\x1f\x9d\x90", 3) + std::string(3000, 'a'));
    auto z = run_cli("info " + shell_quote((tmp / "x.fits.Z").string()));
    EXPECT_EQ(z.exit_code, 1) << z.err;
    EXPECT_NE(z.err.find("decompress it first"), std::string::npos) << z.err;
    // A header without END, and bytes that are not FITS at all.
    std::string no_end(2880 * 3, ' ');
    no_end.replace(0, 30, "SIMPLE  =                    T");
    spit(tmp / "noend.fits", no_end);
    EXPECT_EQ(run_cli("info " + shell_quote((tmp / "noend.fits").string())).exit_code, 1);
    spit(tmp / "text.fits", std::string(6000, 'x'));
    auto t = run_cli("info " + shell_quote((tmp / "text.fits").string()));
    EXPECT_EQ(t.exit_code, 1);
    EXPECT_NE(t.err.find("not a FITS file"), std::string::npos) << t.err;
}

TEST(HostileInput, HeaderScannerDeclaredSizes) {
    // Overflowing axis products and negative counts are problems, not wrapped sizes.
    auto parse = [](const std::vector<std::string>& cards, bool primary) {
        bitsky::fits::HeaderParser p(primary);
        const std::string h = header(cards);
        for (std::size_t i = 0; i < h.size(); i += 2880)
            if (p.feed(h.data() + i)) break;
        return p.result();
    };
    auto ok = parse({"SIMPLE  =                    T", "BITPIX  =                  -32", "NAXIS   =                    3",
                     "NAXIS1  =                  100", "NAXIS2  =                   50", "NAXIS3  =                    2"},
                    true);
    EXPECT_TRUE(ok.problem.empty()) << ok.problem;
    EXPECT_EQ(ok.data_bytes, 4u * 100 * 50 * 2);
    EXPECT_EQ(ok.data_start, 2880u);
    auto huge = parse({"SIMPLE  =                    T", "BITPIX  =                   64", "NAXIS   =                    3",
                       "NAXIS1  =          99999999999", "NAXIS2  =          99999999999", "NAXIS3  =          99999999999"},
                      true);
    EXPECT_NE(huge.problem.find("2^62"), std::string::npos) << huge.problem;
    auto neg = parse({"XTENSION= 'BINTABLE'", "BITPIX  =                    8", "NAXIS   =                    2",
                      "NAXIS1  =                    8", "NAXIS2  =                   -1"},
                     false);
    EXPECT_FALSE(neg.problem.empty());
    auto table = parse({"XTENSION= 'BINTABLE'", "BITPIX  =                    8", "NAXIS   =                    2",
                        "NAXIS1  =                    8", "NAXIS2  =                   10", "PCOUNT  =                  100",
                        "GCOUNT  =                    1"},
                       false);
    EXPECT_TRUE(table.problem.empty()) << table.problem;
    EXPECT_EQ(table.data_bytes, 180u);
}

TEST(HostileInput, NonUtf8FileNamesStayValidJsonAndComeBackByteForByte) {
    TempDir tmp;
    // Latin-1 "café" plus a lone continuation byte: not UTF-8. JSON escapes each invalid
    // byte as \udcXX (surrogateescape), which Python's os.fsencode turns back into bytes.
    const fs::path dir = tmp / std::string("set\xff");
    fs::create_directories(dir);
    const fs::path file = dir / std::string("caf\xe9\x80.fits");
    fs::copy_file(bitsky::test::data("dss_plate.fits"), file);
    // nlohmann (like most C++ JSON readers) refuses lone surrogates; read the escapes back
    // as Latin-1 code points to check the rest of the document is valid JSON.
    auto parse = [](std::string text) {
        for (std::size_t i; (i = text.find("\\udc")) != std::string::npos;) text.replace(i, 4, "\\u00");
        return nlohmann::json::parse(text);
    };
    auto info = run_cli("info --json " + shell_quote(file.string()));
    ASSERT_EQ(info.exit_code, 0) << info.err;
    EXPECT_NE(info.out.find("caf\\udce9\\udc80.fits"), std::string::npos) << info.out;
    auto j = parse(info.out);
    EXPECT_EQ(j["files"][0]["path"].get<std::string>().size(), file.string().size() + 3);  // \xff, \xe9, \x80: 2 bytes each as U+00XX

    const auto db = tmp / "s.db";
    auto bench = run_cli("bench --db " + shell_quote(db.string()) + " --codecs rice --progress json " +
                         shell_quote(dir.string()));
    ASSERT_EQ(bench.exit_code, 0) << bench.err;
    std::istringstream lines(bench.out);
    for (std::string line; std::getline(lines, line);) EXPECT_NO_THROW(parse(line)) << line;
    auto report = run_cli("report --db " + shell_quote(db.string()) + " --format json --by image");
    ASSERT_EQ(report.exit_code, 0) << report.err;
    EXPECT_NE(report.out.find("caf\\udce9\\udc80.fits"), std::string::npos) << report.out;
    EXPECT_NO_THROW(parse(report.out));
}

TEST(HostileInput, AnOutputThatIsAnInputIsRefusedAndOutputsAppearWhole) {
    TempDir tmp;
    const auto in = tmp / "in.fits";
    fs::copy_file(bitsky::test::data("dss_plate.fits"), in);
    const std::string before = slurp(in);
    fs::create_hard_link(in, tmp / "alias.fits");
    for (const fs::path& out : {in, tmp / "alias.fits", tmp / "." / "in.fits"}) {
        auto r = run_cli("costmap --model iid --out " + shell_quote(out.string()) + " " + shell_quote(in.string()));
        EXPECT_EQ(r.exit_code, 1) << out << ": " << r.err;
        EXPECT_NE(r.err.find("is the input file"), std::string::npos) << r.err;
        EXPECT_EQ(slurp(in), before) << "the input must be untouched";
    }
    // train --out the training file itself.
    auto t = run_cli("train --quiet --epochs 1 --out " + shell_quote(in.string()) + " " + shell_quote(in.string()));
#ifdef BITSKY_HAVE_TORCH
    EXPECT_EQ(t.exit_code, 1) << t.err;
    EXPECT_NE(t.err.find("is the input file"), std::string::npos) << t.err;
#else
    EXPECT_EQ(t.exit_code, 2) << t.err;  // built without neural support
#endif
    EXPECT_EQ(slurp(in), before);
    // A normal output replaces an old one in one step: no temporary files are left behind.
    const auto out = tmp / "map.fits";
    spit(out, "old");
    auto ok = run_cli("costmap --model iid --out " + shell_quote(out.string()) + " " + shell_quote(in.string()));
    ASSERT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_EQ(bitsky::fits::File::open(out).hdus().size(), 1u);
    for (auto& e : fs::directory_iterator(tmp.path()))
        EXPECT_EQ(e.path().filename().string().find(".part-"), std::string::npos) << e.path();
}

TEST(HostileInput, AWriterThatFailsLeavesTheOldFileAndNoPart) {
    TempDir tmp;
    const auto out = tmp / "x.fits";
    spit(out, "previous contents");
    try {
        bitsky::fits::Writer w(out);
        w.write_u16({4, 4}, std::vector<std::uint16_t>(16, 7));
        throw std::runtime_error("stop halfway");
    } catch (const std::runtime_error&) {
    }
    EXPECT_EQ(slurp(out), "previous contents");
    std::size_t files = 0;
    for ([[maybe_unused]] auto& e : fs::directory_iterator(tmp.path())) ++files;
    EXPECT_EQ(files, 1u);
    {
        bitsky::fits::Writer w(out);
        w.write_u16({4, 4}, std::vector<std::uint16_t>(16, 7));
        w.close();
    }
    EXPECT_EQ(bitsky::fits::File::open(out).read_u16(0).data()[5], 7);
}
