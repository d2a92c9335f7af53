// engine/util: order statistics, spec strings, byte streams, clocks.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/util/bytes.h"
#include "engine/util/error.h"
#include "engine/util/json.h"
#include "engine/util/spec.h"
#include "engine/util/stats.h"
#include "engine/util/timing.h"

using namespace bitsky;

TEST(Util, MedianOfOddEvenAndEmpty) {
    EXPECT_DOUBLE_EQ(util::median({}), 0.0);
    EXPECT_DOUBLE_EQ(util::median({7}), 7.0);
    EXPECT_DOUBLE_EQ(util::median({3, 1, 2}), 2.0);
    EXPECT_DOUBLE_EQ(util::median({4, 1, 3, 2}), 2.5);
    EXPECT_DOUBLE_EQ(util::median({5, 5, 1, 9, 9, 9}), 7.0);
}

TEST(Util, LineFitOnKnownPoints) {
    // y = 1 + 2x exactly: slope 2, intercept 1, no residual.
    auto f = util::fit_line({0, 1, 2, 3}, {1, 3, 5, 7});
    ASSERT_TRUE(f);
    EXPECT_NEAR(f->slope, 2.0, 1e-12);
    EXPECT_NEAR(f->intercept, 1.0, 1e-12);
    EXPECT_NEAR(f->rms_residual, 0.0, 1e-12);
    EXPECT_EQ(f->n, 4u);
    // numpy.polyfit([0,1,2,3], [2,1,2,3], 1): slope 0.4, intercept 1.4, residuals .6 -.8 -.2 .4.
    auto g = util::fit_line({0, 1, 2, 3}, {2, 1, 2, 3});
    ASSERT_TRUE(g);
    EXPECT_NEAR(g->slope, 0.4, 1e-12);
    EXPECT_NEAR(g->intercept, 1.4, 1e-12);
    EXPECT_NEAR(g->rms_residual, std::sqrt((0.36 + 0.64 + 0.04 + 0.16) / 4), 1e-12);
    EXPECT_FALSE(util::fit_line({1}, {1}));
    EXPECT_FALSE(util::fit_line({2, 2, 2}, {1, 2, 3}));  // no spread in x
}

TEST(Util, SplitSpecAtTheFirstColon) {
    auto a = util::split_spec("jpegxl:e7");
    EXPECT_EQ(a.name, "jpegxl");
    EXPECT_EQ(a.option, "e7");
    auto b = util::split_spec("tile:jpegxl:e3");
    EXPECT_EQ(b.name, "tile");
    EXPECT_EQ(b.option, "jpegxl:e3");
    auto c = util::split_spec("rice");
    EXPECT_EQ(c.name, "rice");
    EXPECT_TRUE(c.option.empty());
    auto d = util::split_spec("neural:");
    EXPECT_EQ(d.name, "neural");
    EXPECT_TRUE(d.option.empty());
}

TEST(Util, SplitListTrimsAndDropsEmptyItems) {
    EXPECT_EQ(util::split_list(" a, b,,c ,"), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_TRUE(util::split_list("").empty());
    EXPECT_TRUE(util::split_list(" , ").empty());
    EXPECT_EQ(util::split_list("x:y", ':'), (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(util::trim("\t ab c \t"), "ab c");
}

TEST(Util, BytesRoundTripBothEndians) {
    std::vector<std::uint8_t> out;
    util::put_le32(out, 0x12345678u);
    util::put_be32(out, 0x9ABCDEF0u);
    ASSERT_EQ(out.size(), 8u);
    EXPECT_EQ(out[0], 0x78);
    EXPECT_EQ(out[4], 0x9A);
    EXPECT_EQ(util::get_le32(out, 0), 0x12345678u);
    EXPECT_EQ(util::get_be32_or_zero(out, 4), 0x9ABCDEF0u);
    // Bytes past the end read as zeros (a coder's last word may be cut short).
    EXPECT_EQ(util::get_be32_or_zero(out, 6), 0xDEF00000u);
    EXPECT_EQ(util::get_be32_or_zero(out, 8), 0u);
}

TEST(Util, ByteReaderRefusesToReadPastTheEnd) {
    std::vector<std::uint8_t> in{1, 0, 0, 0, 7};
    util::ByteReader r(in, "test stream");
    EXPECT_EQ(r.u32("count"), 1u);
    EXPECT_EQ(r.u8("flag"), 7);
    EXPECT_EQ(r.left(), 0u);
    try {
        r.u32("length");
        FAIL() << "reading past the end must throw";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("test stream truncated"), std::string::npos) << what;
        EXPECT_NE(what.find("length"), std::string::npos) << what;
    }
}

TEST(Util, ClocksMoveForwardAndMeasureWork) {
    const double w0 = util::wall_seconds(), t0 = util::thread_cpu_seconds(), p0 = util::process_cpu_seconds();
    volatile double x = 0;
    for (int i = 0; i < 5'000'000; ++i) x = x + 1e-9 * i;
    EXPECT_GT(util::wall_seconds(), w0);
    EXPECT_GT(util::thread_cpu_seconds(), t0);
    EXPECT_GE(util::process_cpu_seconds(), util::thread_cpu_seconds() - t0 + p0 - 1e-3);
    EXPECT_GT(util::peak_rss_kib(), 0);
}

TEST(Util, JsonEscapesInvalidUtf8AsSurrogateEscapes) {
    nlohmann::json j = {{"path", std::string("a/\xc3\xa9/b\xff\xe9.fits")}, {"n", 3}, {std::string("k\x80"), "v"}};
    const std::string text = util::dump_json(j);
    EXPECT_NE(text.find("a/\xc3\xa9/b\\udcff\\udce9.fits"), std::string::npos) << text;
    EXPECT_NE(text.find("\"k\\udc80\":\"v\""), std::string::npos) << text;
    // Valid documents are exactly nlohmann's.
    nlohmann::json ok = {{"x", "caf\xc3\xa9"}, {"y", {1, 2}}};
    EXPECT_EQ(util::dump_json(ok, 2), ok.dump(2));
}
