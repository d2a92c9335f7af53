// The JPEG codecs' lossy modes (issue #22, item 2): jpegls:near<k> keeps every value within k
// (CharLS NEAR), jpeg2000:rate<r> meets its compression ratio (OpenJPEG, irreversible 9/7),
// jpegxl:d<distance> decodes to the frame's size with less error at a smaller distance; all
// are labelled lossy, go through the lossy round trip, and refuse what they cannot take.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "engine/codecs/codec.h"
#include "engine/util/error.h"
#include "tests/engine/test_support.h"

using namespace bitsky;

namespace {

// A 16-bit sky: background 1000, read noise 8, Gaussian stars up to 40,000 ADU.
PixelFrame sky16(std::size_t w, std::size_t h) {
    std::mt19937 rng(11);
    std::normal_distribution<double> noise(0, 8);
    std::vector<double> img(w * h, 1000.0);
    for (int s = 0; s < 12; ++s) {
        const double x0 = double(rng() % w), y0 = double(rng() % h), peak = 200.0 + double(rng() % 40000);
        for (std::size_t y = 0; y < h; ++y)
            for (std::size_t x = 0; x < w; ++x) {
                const double r2 = (double(x) - x0) * (double(x) - x0) + (double(y) - y0) * (double(y) - y0);
                img[y * w + x] += peak * std::exp(-r2 / 4.5);
            }
    }
    std::vector<std::uint16_t> v(w * h);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = std::uint16_t(std::clamp(std::lround(img[i] + noise(rng)), 0L, 65535L));
    return PixelFrame::of(v, w, h);
}

double rms_error(const PixelFrame& a, const PixelFrame& b) {
    const auto& x = a.get<std::uint16_t>();
    const auto& y = b.get<std::uint16_t>();
    double s = 0;
    for (std::size_t i = 0; i < x.size(); ++i) s += (double(x[i]) - double(y[i])) * (double(x[i]) - double(y[i]));
    return std::sqrt(s / double(x.size()));
}

}  // namespace

TEST(JpegLossy, SpecsParseAndRefuse) {
    EXPECT_EQ(codecs::make_codec("jpegls:near3")->spec(), "jpegls:near3");
    EXPECT_EQ(codecs::make_codec("jpeg2000:rate12.5")->spec(), "jpeg2000:rate12.5");
    EXPECT_EQ(codecs::make_codec("jpegxl:d1.5")->spec(), "jpegxl:d1.5");
    for (const char* s : {"jpegls:near3", "jpeg2000:rate8", "jpegxl:d1"}) {
        const auto c = codecs::make_codec(s);
        EXPECT_TRUE(c->lossy()) << s;
        EXPECT_NE(c->refusal(32, 64, 64), "") << s;
        EXPECT_NE(c->refusal(-32, 64, 64), "") << s;
        EXPECT_EQ(c->refusal(16, 64, 64), "") << s;
        EXPECT_EQ(c->refusal(8, 64, 64), "") << s;
    }
    for (const char* s : {"jpegls", "jpeg2000", "jpegxl:e7"}) EXPECT_FALSE(codecs::make_codec(s)->lossy()) << s;
    for (const char* bad : {"jpegls:near0", "jpegls:near256", "jpegls:nearx", "jpeg2000:rate1", "jpeg2000:rate",
                            "jpeg2000:r8", "jpegxl:d0", "jpegxl:d26", "jpegxl:dx"})
        EXPECT_THROW(codecs::make_codec(bad), UsageError) << bad;
}

TEST(JpegLossy, JpegLsNearKeepsEveryValueWithinK) {
    const PixelFrame f = sky16(128, 96);
    std::size_t previous = SIZE_MAX;
    for (int k : {1, 2, 4, 8}) {
        SCOPED_TRACE(k);
        const auto c = codecs::make_codec("jpegls:near" + std::to_string(k));
        const auto r = codecs::roundtrip(*c, f, true);
        ASSERT_TRUE(r.ok()) << r.error;
        ASSERT_TRUE(r.decoded);
        EXPECT_TRUE(r.lossy);
        EXPECT_NE(first_difference(f, *r.decoded), "");  // lossy indeed
        EXPECT_LT(r.compressed_bytes, previous);
        previous = r.compressed_bytes;
        // A value moved past k breaks the promise.
        PixelFrame bad = *r.decoded;
        auto& v = bad.get<std::uint16_t>();
        v[7] = std::uint16_t(f.get<std::uint16_t>()[7] + k + 1);
        EXPECT_NE(c->check_reconstruction(f, bad, r.bytes), "");
        // A lossless decoder refuses the near-lossless stream, and another k's decoder too.
        EXPECT_THROW(codecs::make_codec("jpegls")->decode_any(r.bytes, Sample::U16, f.width, f.height), Error);
        EXPECT_THROW(codecs::make_codec("jpegls:near" + std::to_string(k + 1))->decode_any(r.bytes, Sample::U16, f.width,
                                                                                              f.height),
                     Error);
    }
    // int16 (the +32768 view) and uint8 keep the bound too.
    std::vector<std::int16_t> i16(f.size());
    std::vector<std::uint8_t> u8(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) {
        i16[i] = std::int16_t(int(f.get<std::uint16_t>()[i]) - 3000);
        u8[i] = std::uint8_t(f.get<std::uint16_t>()[i] % 256);
    }
    for (const PixelFrame& g : {PixelFrame::of(i16, f.width, f.height), PixelFrame::of(u8, f.width, f.height)}) {
        const auto r = codecs::roundtrip(*codecs::make_codec("jpegls:near2"), g);
        EXPECT_TRUE(r.ok()) << sample_name(g.sample()) << ": " << r.error;
    }
}

TEST(JpegLossy, Jpeg2000RateMeetsItsRatio) {
    const PixelFrame f = sky16(256, 256);
    double previous_error = 0;
    for (double rate : {4.0, 8.0, 32.0}) {
        SCOPED_TRACE(rate);
        const auto r = codecs::roundtrip(*codecs::make_codec("jpeg2000:rate" + std::to_string(int(rate))), f);
        ASSERT_TRUE(r.ok()) << r.error;
        ASSERT_TRUE(r.decoded);
        // OpenJPEG's rate allocation lands at or under the requested size (plus its headers).
        EXPECT_LE(double(r.compressed_bytes), double(r.raw_bytes) / rate * 1.02 + 200);
        EXPECT_GE(double(r.compressed_bytes), double(r.raw_bytes) / rate * 0.8);
        const double e = rms_error(f, *r.decoded);
        EXPECT_GT(e, previous_error);
        previous_error = e;
    }
}

TEST(JpegLossy, JpegXlDistanceOrdersTheError) {
    const PixelFrame f = sky16(256, 256);
    double previous_error = -1;
    std::size_t previous_bytes = SIZE_MAX;
    for (const char* d : {"0.1", "1", "4"}) {
        SCOPED_TRACE(d);
        const auto r = codecs::roundtrip(*codecs::make_codec(std::string("jpegxl:d") + d), f);
        ASSERT_TRUE(r.ok()) << r.error;
        ASSERT_TRUE(r.decoded);
        EXPECT_EQ(r.decoded->sample(), Sample::U16);
        const double e = rms_error(f, *r.decoded);
        EXPECT_GT(e, previous_error);
        EXPECT_LT(r.compressed_bytes, previous_bytes);
        previous_error = e;
        previous_bytes = r.compressed_bytes;
    }
}
