// fpack's quantization of floats (rice:q4 and the like, engine/codecs/fits_quant_codec.h)
// against fpack and funpack themselves, on every float image HDU of the corpus (frame 0 of
// cubes, written as a 2D image): for Rice, GZIP_1, GZIP_2 and Hcompress, q = 1, 4, 16 with
// each dither method (SUBTRACTIVE_DITHER_1, _2, none; _2 is not allowed with Hcompress)
// and absolute steps (a subset on the five largest frames), our bytes are byte for byte
// fpack's data unit and our decoded pixels bit for bit funpack's. Files written by `bitsky-cli compress` are read by funpack.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "engine/codecs/codec.h"
#include "engine/codecs/fits_quant_codec.h"
#include "engine/codecs/fits_tile_support.h"
#include "engine/fits/fits.h"
#include "engine/util/error.h"
#include "tests/engine/edge_frames.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::test;

namespace {

std::vector<std::uint8_t> read_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The data unit of the first extension of an fpack file: NAXIS1*NAXIS2 + PCOUNT bytes.
std::vector<std::uint8_t> first_extension_data(const std::filesystem::path& p) {
    const auto b = read_bytes(p);
    std::size_t primary = 0, ext = 0;
    codecs::fits_tile::parse_header(b.data(), b.size(), primary);
    const auto keys = codecs::fits_tile::parse_header(b.data() + primary, b.size() - primary, ext);
    const auto n = std::size_t(codecs::fits_tile::key_int(keys, "NAXIS1") * codecs::fits_tile::key_int(keys, "NAXIS2") +
                               codecs::fits_tile::key_int(keys, "PCOUNT"));
    if (primary + ext + n > b.size()) throw std::runtime_error("truncated fpack output " + p.string());
    return {b.begin() + std::ptrdiff_t(primary + ext), b.begin() + std::ptrdiff_t(primary + ext + n)};
}

void write_image(const std::filesystem::path& p, const PixelFrame& f) {
    fits::Writer w(p);
    if (f.sample() == Sample::F32) w.write_f32({f.width, f.height}, f.get<float>());
    else w.write_f64({f.width, f.height}, f.get<double>());
    w.close();
}

std::vector<std::string> parity_specs() {
    std::vector<std::string> specs;
    for (const char* coder : {"rice", "gzip", "gzip2", "hcompress"})
        for (const char* q : {"q1", "q4", "q16"})
            for (const char* dither : {"", ":d2", ":nodither"}) {
                if (std::string(coder) == "hcompress" && std::string(dither) == ":d2") continue;
                specs.push_back(std::string(coder) + ":" + q + dither);
            }
    for (const char* s : {"rice:q-0.5", "gzip2:q-0.01:d2", "hcompress:q-2:nodither", "gzip:q-0.1:seed42", "rice:q4:seed9999"})
        specs.push_back(s);
    return specs;
}

}  // namespace

TEST(QuantParity, CorpusFloatFramesMatchFpackAndFunpack) {
    for (const char* tool : {"fpack", "funpack"})
        ASSERT_TRUE(have_program(tool)) << tool << " not installed (packaging/bootstrap.sh installs libcfitsio-bin)";
    const auto frames = corpus_float_frames();
    ASSERT_EQ(frames.size(), 21u) << "the corpus's float HDUs changed";
    TempDir tmp;
    std::size_t compared = 0, with_gzip_column = 0;
    for (const auto& [name, frame] : frames) {
        write_image(tmp / "in.fits", frame);
        // Every spec on the frames up to 256k pixels; one per coder (and rice's other dither
        // methods) on the five 0.5-1 Mpixel frames, which take most of the time.
        const bool large = frame.size() > (std::size_t(1) << 18);
        for (const auto& spec : parity_specs()) {
            if (large && spec != "rice:q4" && spec != "rice:q1:d2" && spec != "rice:q16:nodither" &&
                spec != "gzip:q4" && spec != "gzip2:q4" && spec != "hcompress:q4")
                continue;
            SCOPED_TRACE(spec + " on " + name);
            auto codec = codecs::make_codec(spec);
            const auto q = codecs::QuantSpec::parse(codec->name(), spec.substr(spec.find(':') + 1));
            std::filesystem::remove(tmp / "out.fz");
            std::filesystem::remove(tmp / "un.fits");
            auto r = run_shell("fpack " + q.fpack_args() + " -O " + shell_quote((tmp / "out.fz").string()) + " " +
                               shell_quote((tmp / "in.fits").string()) + " 2>&1");
            const std::string why = codec->refusal(frame.bitpix(), frame.width, frame.height);
            if (!why.empty()) {  // Hcompress under 4x4: fpack cannot either
                EXPECT_EQ(codec->name(), "hcompress") << why;
                EXPECT_NE(r.exit_code, 0) << "fpack compressed what we refuse: " << why;
                continue;
            }
            ASSERT_EQ(r.exit_code, 0) << r.out;
            const auto ref = first_extension_data(tmp / "out.fz");
            const auto ours = codec->encode_any(frame);
            EXPECT_EQ(ours.size(), ref.size());
            EXPECT_TRUE(ours == ref) << "bytes differ from fpack's data unit";
            if (codec->fits_tile_header(ours, frame.sample(), frame.width, frame.height).find("GZIP_COMPRESSED_DATA") !=
                std::string::npos)
                ++with_gzip_column;
            r = run_shell("funpack -O " + shell_quote((tmp / "un.fits").string()) + " " +
                          shell_quote((tmp / "out.fz").string()) + " 2>&1");
            ASSERT_EQ(r.exit_code, 0) << r.out;
            const PixelFrame theirs = fits::File::open(tmp / "un.fits").read_frame(0, 0);
            const PixelFrame back = codec->decode_any(ours, frame.sample(), frame.width, frame.height);
            EXPECT_EQ(first_difference(theirs, back), "");
            EXPECT_EQ(codec->check_reconstruction(frame, back, ours), "");  // the promise the round trip checks
            ++compared;
        }
    }
    EXPECT_GT(compared, 550u);
    EXPECT_GT(with_gzip_column, 0u) << "no frame had a tile CFITSIO could not quantize (the layout's other width)";
}

// Other tilings (t<rows>, tframe = fits_set_tile_dim) against fpack -t W,H on corpus float
// frames: the same bytes as fpack's data unit, the same pixels as funpack's, and bitsky:q /
// jpegxl:q with that tiling decode to them too.
TEST(QuantParity, TilingsMatchFpackT) {
    for (const char* tool : {"fpack", "funpack"})
        ASSERT_TRUE(have_program(tool)) << tool << " not installed (packaging/bootstrap.sh installs libcfitsio-bin)";
    TempDir tmp;
    std::size_t compared = 0;
    for (const auto& [name, frame] : corpus_float_frames()) {
        if (frame.size() > (std::size_t(1) << 18) || frame.height < 8) continue;
        write_image(tmp / "in.fits", frame);
        for (const char* spec : {"rice:q4:t16", "rice:q4:tframe", "gzip:q1:d2:t7", "gzip2:q16:nodither:tframe",
                                 "rice:q-0.5:t100000"}) {
            SCOPED_TRACE(std::string(spec) + " on " + name);
            auto codec = codecs::make_codec(spec);
            const std::string s = spec;
            const auto q = codecs::QuantSpec::parse(codec->name(), s.substr(s.find(':') + 1));
            std::filesystem::remove(tmp / "out.fz");
            std::filesystem::remove(tmp / "un.fits");
            auto r = run_shell("fpack " + q.fpack_args(frame.width, frame.height) + " -O " +
                               shell_quote((tmp / "out.fz").string()) + " " + shell_quote((tmp / "in.fits").string()) +
                               " 2>&1");
            ASSERT_EQ(r.exit_code, 0) << r.out;
            const auto ref = first_extension_data(tmp / "out.fz");
            const auto ours = codec->encode_any(frame);
            EXPECT_EQ(ours.size(), ref.size());
            EXPECT_TRUE(ours == ref) << "bytes differ from fpack's data unit";
            EXPECT_NE(codec->fits_tile_header(ours, frame.sample(), frame.width, frame.height)
                          .find(s.ends_with("tframe") || s.ends_with("t100000") ? std::to_string(frame.height)
                                                                                 : s.substr(s.rfind(":t") + 2)),
                      std::string::npos);
            r = run_shell("funpack -O " + shell_quote((tmp / "un.fits").string()) + " " +
                          shell_quote((tmp / "out.fz").string()) + " 2>&1");
            ASSERT_EQ(r.exit_code, 0) << r.out;
            const PixelFrame theirs = fits::File::open(tmp / "un.fits").read_frame(0, 0);
            EXPECT_EQ(first_difference(theirs, codec->decode_any(ours, frame.sample(), frame.width, frame.height)), "");
            for (const char* family : {"bitsky", "jpegxl"}) {
                const auto other = codecs::make_codec(family + s.substr(s.find(':')));
                const auto rt = codecs::roundtrip(*other, frame);
                ASSERT_TRUE(rt.ok()) << family << ": " << rt.error;
                EXPECT_EQ(first_difference(theirs, *rt.decoded), "") << family;
            }
            ++compared;
        }
    }
    EXPECT_GE(compared, 60u);
}

// A file `bitsky-cli compress` writes holds the codec's bytes; funpack decodes it to the
// pixels our decoder gives, with the image's header cards (WCS) kept.
TEST(QuantParity, CompressWritesFilesFunpackReads) {
    ASSERT_TRUE(have_program("funpack"));
    TempDir tmp;
    const auto in = shared_data("corpus/hst_acs_hrc_flt.fz");
    const auto out = tmp / "acs q4.fits.fz";
    auto r = run_cli("compress --codec rice:q4 --json " + shell_quote(in.string()) + " " + shell_quote(out.string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["hdus"].size(), 2u);  // SCI and ERR; the int16 DQ plane is not quantized
    EXPECT_NE(j["skipped"][1]["reason"].get<std::string>().find("fpack does not quantize integer images"),
              std::string::npos);
    r = run_shell("funpack -O " + shell_quote((tmp / "un.fits").string()) + " " + shell_quote(out.string()) + " 2>&1");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    auto codec = codecs::make_codec("rice:q4");
    const auto src = fits::File::open(in);
    const auto un = fits::File::open(tmp / "un.fits");
    for (int k = 0; k < 2; ++k) {
        const PixelFrame frame = src.read_frame(1 + k, 0);
        const auto bytes = codec->encode_any(frame);
        EXPECT_EQ(j["hdus"][k]["compressed_bytes"].get<std::size_t>(), bytes.size());
        EXPECT_EQ(first_difference(un.read_frame(1 + k, 0), codec->decode_any(bytes, frame.sample(), frame.width,
                                                                                frame.height)),
                  "");
        EXPECT_EQ(un.hdu(1 + k).card_value("CTYPE1").value_or(""), "RA---TAN");
        EXPECT_EQ(un.hdu(1 + k).extname, k == 0 ? "SCI" : "ERR");
    }
    // Never over an existing file, never over the input, never with a codec that has no FITS form.
    EXPECT_EQ(run_cli("compress --codec rice:q4 " + shell_quote(in.string()) + " " + shell_quote(out.string())).exit_code, 1);
    EXPECT_EQ(run_cli("compress --codec rice:q4 --force " + shell_quote(in.string()) + " " + shell_quote(in.string()))
                  .exit_code,
              1);
    EXPECT_EQ(run_cli("compress --codec jpegls " + shell_quote(in.string()) + " " + shell_quote((tmp / "x").string()))
                  .exit_code,
              2);
    EXPECT_EQ(run_cli("compress --codec rice:q4 " + shell_quote(shared_data("corpus/cfht_megacam_uint16.fits").string()) +
                      " " + shell_quote((tmp / "y").string()))
                  .exit_code,
              1);
    EXPECT_FALSE(std::filesystem::exists(tmp / "y"));
}
