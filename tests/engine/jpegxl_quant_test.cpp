// jpegxl:q<level> (engine/codecs/jpegxl_quant_codec.cpp): lossless JPEG XL on fpack-quantized
// floats decodes to exactly what rice:q<level> (= funpack of fpack -q, quant_parity_test)
// decodes on every float frame 0 of the corpus, with the same options and tilings, and the
// integers it codes are bitsky:q's (the side table is shared: quant_integers.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "engine/codecs/codec.h"
#include "engine/util/error.h"
#include "tests/engine/edge_frames.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::test;

namespace {

std::size_t le32(const std::vector<std::uint8_t>& b, std::size_t at) {
    return std::size_t(b[at]) | std::size_t(b[at + 1]) << 8 | std::size_t(b[at + 2]) << 16 | std::size_t(b[at + 3]) << 24;
}

}  // namespace

TEST(JpegXlQuant, SpecsParseAndRefuse) {
    EXPECT_EQ(codecs::make_codec("jpegxl:q4")->spec(), "jpegxl:q4");
    EXPECT_EQ(codecs::make_codec("jpegxl:q4:e7")->spec(), "jpegxl:q4");
    EXPECT_EQ(codecs::make_codec("jpegxl:q-0.5:e3:d2:seed7")->spec(), "jpegxl:q-0.5:d2:seed7:e3");
    EXPECT_EQ(codecs::make_codec("jpegxl:q4:tframe")->spec(), "jpegxl:q4:tframe");
    EXPECT_EQ(codecs::make_codec("jpegxl:q1:t16:nodither")->spec(), "jpegxl:q1:nodither:t16");
    const auto c = codecs::make_codec("jpegxl:q4");
    EXPECT_TRUE(c->lossy());
    EXPECT_EQ(c->name(), "jpegxl");
    EXPECT_FALSE(c->writes_fits_tiles());
    EXPECT_FALSE(codecs::make_codec("jpegxl")->lossy());
    for (const char* bad : {"jpegxl:q0", "jpegxl:q4:e0", "jpegxl:q4:e3:e4", "jpegxl:q4:d3", "jpegxl:q4:t0",
                            "jpegxl:q4:t16:tframe", "jpegxl:q4:max"})
        EXPECT_THROW(codecs::make_codec(bad), UsageError) << bad;
    EXPECT_NE(c->refusal(16, 10, 10), "");
    EXPECT_NE(c->refusal(32, 10, 10), "");
    EXPECT_EQ(c->refusal(-64, 10, 10), "");  // the integers are int32 whatever the float type
    const auto lossy = codecs::parse_codec_list("lossy");
    EXPECT_NE(std::find(lossy.begin(), lossy.end(), "jpegxl:q4"), lossy.end());
    const auto lossless = codecs::parse_codec_list("all");
    EXPECT_EQ(std::find(lossless.begin(), lossless.end(), "jpegxl:q4"), lossless.end());
}

// Every corpus float frame: the same decoded bits as rice:q4 (so as funpack's) and a verified
// lossy round trip; other dither methods, levels, absolute steps, seeds and tilings on the
// frames under 400 kB. The integer plane coded is bitsky:q's: the two streams' side tables
// are the same bytes.
TEST(JpegXlQuant, CorpusFloatFramesDecodeAsRice) {
    const auto frames = corpus_float_frames();
    ASSERT_EQ(frames.size(), 21u) << "the corpus's float HDUs changed";
    std::size_t rice_total = 0, jxl_total = 0, bitsky_total = 0;
    for (const auto& f : frames) {
        for (const char* opt : {"q4", "q1:d2", "q16:nodither", "q-0.5:seed77", "q4:t16", "q4:tframe"}) {
            const bool small = f.frame.raw_bytes() <= 400000;
            if (std::string(opt) != "q4" && !small) continue;
            SCOPED_TRACE(f.name + " " + opt);
            const auto rice = codecs::make_codec(std::string("rice:") + opt);
            const auto jxl = codecs::make_codec(std::string("jpegxl:") + opt);
            const auto a = codecs::roundtrip(*rice, f.frame);
            const auto b = codecs::roundtrip(*jxl, f.frame, true);
            ASSERT_TRUE(a.ok()) << a.error;
            ASSERT_TRUE(b.ok()) << b.error;
            ASSERT_TRUE(a.decoded && b.decoded);
            EXPECT_EQ(first_difference(*a.decoded, *b.decoded), "");
            EXPECT_TRUE(b.lossy);
            if (std::string(opt) == "q4" && small) {
                const auto bs = codecs::make_codec("bitsky:q4")->encode_any(f.frame);
                ASSERT_GT(b.bytes.size(), 12u);
                const std::size_t table = le32(b.bytes, 8);
                EXPECT_TRUE(std::equal(b.bytes.begin() + 4, b.bytes.begin() + 12 + std::ptrdiff_t(table),
                                       bs.begin() + 4))
                    << "side tables differ";
                rice_total += a.compressed_bytes;
                jxl_total += b.compressed_bytes;
                bitsky_total += bs.size();
                std::printf("%-40s rice:q4 %8zu  jpegxl:q4 %8zu  bitsky:q4 %8zu\n", f.name.c_str(), a.compressed_bytes,
                            b.compressed_bytes, bs.size());
            }
        }
    }
    std::printf("frames under 400 kB: rice:q4 %zu, jpegxl:q4 %zu (%.1f%% smaller), bitsky:q4 %zu bytes\n", rice_total,
                jxl_total, 100.0 * (1 - double(jxl_total) / double(rice_total)), bitsky_total);
    // Lossless JPEG XL on the same integers beats Rice's per-32-pixel coding in all.
    EXPECT_LT(jxl_total, rice_total);
}
