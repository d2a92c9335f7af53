// Bit-cost maps of every pixel type (CostModel::compute_any): tile:<codec> maps code the
// frame's own values (the sum is what the codec produced, tile by tile), the context and
// iid models map integers through their exact 16-bit view, and frames without one are
// refused with the way to map them.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/analysis/costmap.h"
#include "engine/codecs/codec.h"
#include "engine/fits/fits.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::analysis;
using bitsky::test::shared_data;

TEST(CostmapTypes, TileMapOfAFloatFrameIsTheCodecsBytesPerTile) {
    auto f = fits::File::open(shared_data("corpus/sdo_hmi_nan_f64.fits"));
    const PixelFrame frame = f.read_frame(0, 0);  // 100 x 100 float64 with NaNs
    const BitCostMap map = make_cost_model("tile:gzip2")->compute_any(frame);
    ASSERT_EQ(map.bits.size(), frame.size());
    EXPECT_EQ(map.raw_bpp, 64.0);
    // The sum is the codec's own bytes over the 64x64 tiles.
    auto codec = codecs::make_codec("gzip2");
    double expected = 0;
    for (std::size_t y = 0; y < frame.height; y += 64)
        for (std::size_t x = 0; x < frame.width; x += 64) {
            const PixelFrame tile = crop(frame, x, y, std::min<std::size_t>(64, frame.width - x),
                                         std::min<std::size_t>(64, frame.height - y));
            expected += 8.0 * double(codec->encode_any(tile).size());
        }
    EXPECT_EQ(map.total_bits, expected);
    EXPECT_GT(map.bpp(), 40.0);  // exact float64 noise costs most of its 64 bits
    EXPECT_NEAR(map.ratio(), 64.0 / map.bpp(), 1e-12);
}

TEST(CostmapTypes, ContextMapOfIntegersIsTheMapOfTheirExactSixteenBitView) {
    auto f = fits::File::open(shared_data("corpus/ukirt_wfcam_zpn_int32.fits"));
    const PixelFrame frame = f.read_frame(1, 0);
    const auto view = exact_view16(frame);
    ASSERT_TRUE(view.has_value());
    const auto& v = frame.get<std::int32_t>();
    for (std::size_t i = 0; i < v.size(); i += 997) ASSERT_EQ(double(view->view.data()[i]) + view->offset, double(v[i]));
    const BitCostMap any = make_cost_model("context")->compute_any(frame);
    const BitCostMap direct = make_cost_model("context")->compute(view->view.frame(0));
    EXPECT_EQ(any.total_bits, direct.total_bits);
    EXPECT_EQ(any.bits, direct.bits);
    EXPECT_EQ(any.raw_bpp, 32.0);
    // The codec coding the same values through its own path agrees with the map.
    const auto r = codecs::roundtrip(*codecs::make_codec("rice"), frame);
    ASSERT_TRUE(r.lossless_ok) << r.error;
}

TEST(CostmapTypes, FramesWithoutASixteenBitViewAreRefusedWithTheWayToMapThem) {
    auto f = fits::File::open(shared_data("corpus/vlt_isaac_ir_tan.fits"));
    const PixelFrame frame = f.read_frame(0, 0);
    EXPECT_FALSE(exact_view16(frame).has_value());
    const std::string why = bitsky::test::error_of([&] { make_cost_model("context")->compute_any(frame); });
    EXPECT_NE(why.find("float32"), std::string::npos) << why;
    EXPECT_NE(why.find("tile:gzip2"), std::string::npos) << why;
    const std::string rice = bitsky::test::error_of([&] { make_cost_model("tile:rice")->compute_any(frame); });
    EXPECT_NE(rice.find("cost model tile:rice"), std::string::npos) << rice;
    // The CLI maps it with a codec that takes floats, and says it cannot otherwise.
    const auto ok = bitsky::test::run_cli("costmap " + shared_data("corpus/vlt_isaac_ir_tan.fits").string() +
                                          " --model tile:gzip2 --json");
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_NE(ok.out.find("\"bitpix\": -32"), std::string::npos) << ok.out;
    const auto refused = bitsky::test::run_cli("costmap " + shared_data("corpus/vlt_isaac_ir_tan.fits").string() +
                                               " --model context");
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("tile:gzip2"), std::string::npos) << refused.err;
}

// The bitsky model maps BitSky's own coding of a float frame: the sum is the codec's
// stream within 0.5%; ISAAC's floats (multiples of 0.04) cost ~10 bits, where the grid
// puts the noise's entropy (the fpack GZIP_2 coding of the same bytes: 20 bits).
TEST(CostmapTypes, BitskyMapOfAFloatFrameIsItsCodingPixelByPixel) {
    auto f = fits::File::open(shared_data("corpus/vlt_isaac_ir_tan.fits"));
    const PixelFrame frame = f.read_frame(0, 0);
    const BitCostMap map = make_cost_model("bitsky")->compute_any(frame);
    ASSERT_EQ(map.bits.size(), frame.size());
    EXPECT_EQ(map.raw_bpp, 32.0);
    const auto r = codecs::roundtrip(*codecs::make_codec("bitsky"), frame);
    ASSERT_TRUE(r.lossless_ok) << r.error;
    EXPECT_NEAR(map.total_bits, 8.0 * double(r.compressed_bytes), 0.005 * 8.0 * double(r.compressed_bytes));
    EXPECT_GT(map.bpp(), 9.5);
    EXPECT_LT(map.bpp(), 11.0);
    // A 16-bit frame's bitsky map is the context model's map plus the header.
    auto g = fits::File::open(shared_data("corpus/ccd_uint16_tansip.fits.gz"));
    const PixelFrame s16 = g.read_frame(0, 0);
    const BitCostMap b16 = make_cost_model("bitsky")->compute_any(s16);
    const BitCostMap ctx = make_cost_model("context")->compute_any(s16);
    EXPECT_NEAR(b16.total_bits, ctx.total_bits, 12 * 8 + 1e-3 * ctx.total_bits);
}
