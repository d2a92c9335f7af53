// Bit-cost maps: shapes, sums, honest costs on known inputs.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include "engine/analysis/costmap.h"
#include "engine/analysis/predict.h"
#include "engine/util/error.h"
#include "tests/engine/analysis_synthetic.h"

using namespace bitsky;
using namespace bitsky::analysis;

namespace {
double float_sum(const BitCostMap& m) { return std::accumulate(m.bits.begin(), m.bits.end(), 0.0); }
}  // namespace

TEST(CostMap, IidSumsToOrderZeroEntropy) {
    auto f = test::synthetic_sky(300, 200, 6.0, 3u, 20);
    auto m = compute_cost_map("iid", f.frame());
    ASSERT_EQ(m.width, 300u);
    ASSERT_EQ(m.height, 200u);
    ASSERT_EQ(m.bits.size(), 300u * 200u);
    auto planes = bit_planes(f.pixels);
    EXPECT_NEAR(m.total_bits, 300.0 * 200.0 * planes.order0_entropy, 1e-6 * m.total_bits);
    EXPECT_NEAR(float_sum(m), m.total_bits, 1e-5 * m.total_bits);
    EXPECT_EQ(m.model, "iid");
}

TEST(CostMap, ContextShapeAndSum) {
    auto f = test::synthetic_sky(257, 131, 4.0, 8u, 15);
    auto m = compute_cost_map("context", f.frame());
    ASSERT_EQ(m.bits.size(), 257u * 131u);
    EXPECT_NEAR(float_sum(m), m.total_bits, 1e-4 * m.total_bits);
    for (float b : m.bits) ASSERT_GE(b, 0.0f);
}

TEST(CostMap, ConstantImageCostsAlmostNothing) {
    std::vector<std::uint16_t> flat(256 * 256, 1234);
    Frame16 f{flat, 256, 256};
    EXPECT_LT(compute_cost_map("context", f).bpp(), 0.01);
    EXPECT_EQ(compute_cost_map("iid", f).total_bits, 0.0);
}

TEST(CostMap, GaussianNoiseWithin2PercentOfTheBound) {
    // Measured on 512x512: sigma 3 +2.1%, 5 +1.8%, 20 +1.4% over the bound (the excess
    // is mostly the predictor blend mixing in MED/plane on pure noise).
    for (auto [sigma, tolerance] : {std::pair{3.0, 0.025}, std::pair{5.0, 0.02}, std::pair{20.0, 0.02}}) {
        auto f = test::synthetic_sky(512, 512, sigma, 21u, 0);
        double bound = discrete_gaussian_entropy(sigma);
        double bpp = compute_cost_map("context", f.frame()).bpp();
        EXPECT_GT(bpp, bound - 0.01) << sigma;  // cannot beat the entropy of the noise
        EXPECT_LT(bpp, (1.0 + tolerance) * bound) << sigma;
    }
}

TEST(CostMap, SaturatedRegionsCostLessThanBackground) {
    auto f = test::synthetic_sky(256, 256, 8.0, 4u, 0);
    for (std::size_t y = 100; y < 160; ++y)
        for (std::size_t x = 100; x < 160; ++x) f.pixels[y * 256 + x] = 65535;
    auto m = compute_cost_map("context", f.frame());
    double sat = 0, bg = 0;
    for (std::size_t y = 110; y < 150; ++y)
        for (std::size_t x = 110; x < 150; ++x) sat += m.bits[y * 256 + x];
    for (std::size_t y = 10; y < 50; ++y)
        for (std::size_t x = 10; x < 50; ++x) bg += m.bits[y * 256 + x];
    EXPECT_LT(sat, 0.05 * bg);
}

TEST(CostMap, MonotonicRampIsCheap) {
    std::vector<std::uint16_t> ramp(200 * 100);
    for (std::size_t y = 0; y < 100; ++y)
        for (std::size_t x = 0; x < 200; ++x) ramp[y * 200 + x] = static_cast<std::uint16_t>(100 + 3 * x + 7 * y);
    auto m = compute_cost_map("context", Frame16{ramp, 200, 100});
    EXPECT_LT(m.bpp(), 0.2);
    EXPECT_GT(compute_cost_map("iid", Frame16{ramp, 200, 100}).bpp(), 8.0);
}

TEST(CostMap, TinyFrames) {
    std::vector<std::uint16_t> one{40000};
    for (const char* spec : {"iid", "context"}) {
        auto m = compute_cost_map(spec, Frame16{one, 1, 1});
        EXPECT_EQ(m.bits.size(), 1u);
        EXPECT_GE(m.total_bits, 0.0);
    }
    std::vector<std::uint16_t> col{1, 2, 3, 4, 5};
    EXPECT_EQ(compute_cost_map("context", Frame16{col, 1, 5}).bits.size(), 5u);
    EXPECT_EQ(compute_cost_map("context", Frame16{col, 5, 1}).bits.size(), 5u);
}

TEST(CostMap, TileModelUsesARealCodec) {
    auto f = test::synthetic_sky(150, 100, 5.0, 6u, 5);
    auto m = compute_cost_map("tile:bitsky", f.frame());
    EXPECT_EQ(m.model, "tile:bitsky");
    ASSERT_EQ(m.bits.size(), 150u * 100u);
    // Pixels of one tile share one value; the edge tiles are smaller.
    EXPECT_EQ(m.bits[0], m.bits[63 * 150 + 63]);
    EXPECT_NEAR(float_sum(m), m.total_bits, 1e-4 * m.total_bits);
    // 6 tiles, each bitsky stream has a 16-byte header on top of the model's cost.
    EXPECT_GT(m.total_bits, compute_cost_map("context", f.frame()).total_bits);
}

TEST(CostMap, BadSpecs) {
    EXPECT_THROW(make_cost_model("nope"), UsageError);
    EXPECT_THROW(make_cost_model("iid:x"), UsageError);
    EXPECT_THROW(make_cost_model("tile:"), UsageError);
    EXPECT_THROW(make_cost_model("tile:nosuchcodec"), UsageError);
    try {
        make_cost_model("neural:sdss");
        FAIL() << "neural: with a missing model file must be refused";
    } catch (const UsageError& e) {
#ifdef BITSKY_HAVE_TORCH
        FAIL() << "neural: is a known name, not a usage error";
#else
        // Without LibTorch the registry has no neural entry: a usage error that says why.
        EXPECT_NE(std::string(e.what()).find("built without neural support"), std::string::npos) << e.what();
#endif
    } catch (const Error& e) {
#ifdef BITSKY_HAVE_TORCH
        EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
#else
        FAIL() << "without LibTorch neural: is a usage error: " << e.what();
#endif
    }
    EXPECT_THROW(make_cost_model("neural:"), UsageError);
}
