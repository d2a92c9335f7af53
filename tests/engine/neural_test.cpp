// Neural bit-cost model: names and build info (always), and with LibTorch: normalised
// distributions that match the map, causal masking, strips = whole frame, save/load,
// determinism, the Gaussian entropy bound, beating the iid map and the classical codecs on
// the sample sky, the neural: cost map, the train and evaluate commands.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <numeric>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/analysis/costmap.h"
#include "engine/codecs/codec.h"
#include "engine/fits/fits.h"
#include "engine/neural/features.h"
#include "engine/neural/neural.h"
#include "engine/store/store.h"
#include "engine/util/random.h"
#include "engine/sample/sample_sky.h"
#include "engine/util/error.h"
#include "tests/engine/test_support.h"

namespace bitsky::neural {
namespace {

TEST(NeuralNames, SplitsParseAndPrint) {
    EXPECT_EQ(parse_split("direct"), Split::Direct);
    EXPECT_EQ(parse_split("msb-lsb"), Split::MsbLsb);
    EXPECT_EQ(split_name(Split::MsbLsb), "msb-lsb");
    EXPECT_THROW(parse_split("bytes"), UsageError);
    EXPECT_EQ(context_name(Context::Tiled), "tiled");
}

TEST(NeuralNames, BuildInfo) {
#ifdef BITSKY_HAVE_TORCH
    EXPECT_TRUE(built_with_torch());
#else
    EXPECT_FALSE(built_with_torch());
#endif
    EXPECT_NE(without_torch_message().find("without LibTorch"), std::string::npos);
}

// The local background (median of the causal window), computed with a window that slides
// along each row, equals the plain definition on every pixel; strips of rows equal the
// whole image (with many tied values, and widths around the window's 7 columns).
TEST(NeuralFeatures, BackgroundIsTheCausalWindowMedian) {
    util::Random rng(41);
    for (std::size_t w : {1u, 6u, 7u, 8u, 53u})
        for (std::size_t h : {1u, 4u, 19u}) {
            std::vector<std::uint16_t> x(w * h);
            for (auto& v : x) v = std::uint16_t(100 + rng.next() % 9);
            std::vector<double> got(w * h);
            detail::background_rows(x.data(), w, 0, h, 77.0, got.data());
            for (std::size_t r = 0; r < h; ++r)
                for (std::size_t c = 0; c < w; ++c) {
                    std::vector<std::uint16_t> win;
                    for (std::size_t rr = r >= 3 ? r - 3 : 0; rr < r; ++rr)
                        for (std::size_t cc = c >= 3 ? c - 3 : 0; cc <= std::min(w - 1, c + 3); ++cc) win.push_back(x[rr * w + cc]);
                    const std::size_t left = r == 0 ? 8 : 3;
                    for (std::size_t cc = c >= left ? c - left : 0; cc < c; ++cc) win.push_back(x[r * w + cc]);
                    std::sort(win.begin(), win.end());
                    const double want = win.empty() ? 77.0 : win[(win.size() - 1) / 2];
                    ASSERT_EQ(got[r * w + c], want) << w << "x" << h << " at " << c << "," << r;
                }
            if (h > 5) {
                std::vector<double> part((h - 5) * w), noise_all(h), noise_part(h - 5);
                detail::background_rows(x.data(), w, 5, h, 77.0, part.data());
                EXPECT_TRUE(std::equal(part.begin(), part.end(), got.begin() + std::ptrdiff_t(5 * w)));
                detail::row_noise_rows(x.data(), w, 0, h, 3.0, noise_all.data());
                detail::row_noise_rows(x.data(), w, 5, h, 3.0, noise_part.data());
                EXPECT_TRUE(std::equal(noise_part.begin(), noise_part.end(), noise_all.begin() + 5));
            }
        }
}

#ifdef BITSKY_HAVE_TORCH

// Order-0 (iid) entropy of a frame in bits per pixel: what the `iid` cost map sums to.
double iid_bpp(const std::vector<std::uint16_t>& px) {
    std::vector<std::size_t> hist(65536, 0);
    for (auto v : px) ++hist[v];
    double bits = 0;
    for (auto c : hist)
        if (c) bits -= double(c) * std::log2(double(c) / double(px.size()));
    return bits / double(px.size());
}

TrainFrame noise_frame(std::size_t w, std::size_t h, double mean, double sigma, std::uint64_t seed) {
    util::Random rng(seed);
    TrainFrame f;
    f.width = w;
    f.height = h;
    f.pixels.resize(w * h);
    for (auto& p : f.pixels) p = std::uint16_t(std::clamp(std::lround(mean + sigma * rng.normal()), 0L, 65535L));
    f.source = "noise";
    return f;
}

TrainFrame sky_frame(std::size_t w, std::size_t h, std::uint64_t seed) {
    auto s = sample::synthetic_frame(w, h, 5.0, 20.0, seed);
    return {s.pixels, s.width, s.height, "synthetic"};
}

Frame16 view(const TrainFrame& f) { return {f.pixels, f.width, f.height}; }

TrainOptions quick(int epochs, int steps, int batch, std::uint64_t seed) {
    TrainOptions o;
    o.epochs = epochs;
    o.steps_per_epoch = steps;
    o.batch = batch;
    o.seed = seed;
    o.threads = 1;  // 2 threads only pay off on an idle machine (OpenMP spin-waits under load)
    return o;
}

class NeuralSplit : public ::testing::TestWithParam<Split> {};

TEST_P(NeuralSplit, DistributionIsNormalisedAndMatchesTheMap) {
    auto frame = sky_frame(48, 40, 3);
    Model m({GetParam(), 8, 1, 2}, 1);
    m.train({frame}, quick(1, 5, 8, 1));
    auto map = m.cost_map(view(frame), Context::FullFrame);
    for (auto [x, y] : std::vector<std::pair<std::size_t, std::size_t>>{{0, 0}, {5, 0}, {0, 7}, {17, 21}, {47, 39}}) {
        auto pmf = m.pixel_distribution(view(frame), x, y);
        ASSERT_EQ(pmf.size(), 65536u);
        const double sum = std::accumulate(pmf.begin(), pmf.end(), 0.0);
        EXPECT_NEAR(sum, 1.0, 1e-6) << x << "," << y;
        EXPECT_GE(*std::min_element(pmf.begin(), pmf.end()), 0.0);
        const double bits = -std::log2(pmf[frame.pixels[y * frame.width + x]]);
        EXPECT_NEAR(map.bits[y * frame.width + x], bits, 1e-3 * std::max(1.0, bits)) << x << "," << y;
    }
}

TEST_P(NeuralSplit, MaskIsCausal) {
    auto frame = sky_frame(32, 24, 5);
    Model m({GetParam(), 8, 2, 2}, 2);
    auto opt = quick(1, 3, 4, 2);
    opt.patch = 16;
    m.train({frame}, opt);
    // The frame's constants (background, sigma, lowest and highest value: side information the
    // codec sends first) come from the whole frame; causality holds within a frame's
    // constants. Pixel k becomes W + E - itself: its two horizontal differences trade places,
    // so sigma stays; k is the first pixel from (11, 13) on where that changes the value and
    // leaves every constant equal.
    const auto stats = [](const TrainFrame& f) {
        const auto s = detail::frame_stats(f.pixels.data(), f.width, f.height);
        return std::make_tuple(s.background, s.sigma, s.lo, s.hi);
    };
    auto changed = frame;
    std::size_t k = 13 * 32 + 11;
    for (; k < 20 * 32; ++k) {
        if (k % 32 == 0 || k % 32 == 31) continue;
        const int v = int(frame.pixels[k - 1]) + int(frame.pixels[k + 1]) - int(frame.pixels[k]);
        if (v < 0 || v > 65535 || std::abs(v - int(frame.pixels[k])) < 20) continue;
        changed = frame;
        changed.pixels[k] = std::uint16_t(v);
        if (stats(changed) == stats(frame)) break;
    }
    ASSERT_LT(k, std::size_t(20 * 32));
    const std::size_t kx = k % 32, ky = k / 32;
    auto before = m.cost_map(view(frame), Context::FullFrame);
    auto pmf_before = m.pixel_distribution(view(frame), kx, ky);
    auto after = m.cost_map(view(changed), Context::FullFrame);
    for (std::size_t i = 0; i < k; ++i) ASSERT_EQ(before.bits[i], after.bits[i]) << "pixel " << i;
    EXPECT_EQ(pmf_before, m.pixel_distribution(view(changed), kx, ky));
    double later = 0;
    for (std::size_t i = k + 1; i < frame.pixels.size(); ++i) later += std::abs(before.bits[i] - after.bits[i]);
    EXPECT_GT(later, 0.0);  // pixels after k do see it
}

TEST_P(NeuralSplit, MapSumsToTotalInBothContexts) {
    auto frame = sky_frame(70, 45, 7);  // not a multiple of the tile size: reflect padding
    Model m({GetParam(), 8, 1, 2}, 3);
    m.train({frame}, quick(1, 3, 4, 3));
    for (auto ctx : {Context::FullFrame, Context::Tiled}) {
        auto map = m.cost_map(view(frame), ctx);
        ASSERT_EQ(map.bits.size(), frame.pixels.size());
        double sum = 0;
        for (float b : map.bits) sum += b;
        EXPECT_NEAR(sum, map.total_bits, 1e-6 * map.total_bits);
        EXPECT_NEAR(map.ratio(), 16.0 / map.bpp(), 1e-9);
    }
}

TEST_P(NeuralSplit, SaveLoadGivesIdenticalBits) {
    auto frame = sky_frame(40, 36, 9);
    Model m({GetParam(), 8, 1, 2}, 4);
    m.train({frame}, quick(2, 3, 4, 4));
    test::TempDir dir;
    m.save(dir / "m.pt");
    EXPECT_TRUE(std::filesystem::exists(dir / "m.pt.json"));
    auto loaded = Model::load(dir / "m.pt");
    EXPECT_EQ(loaded.metadata_json(), m.metadata_json());
    EXPECT_EQ(loaded.config().split, GetParam());
    for (auto ctx : {Context::FullFrame, Context::Tiled}) {
        auto a = m.cost_map(view(frame), ctx), b = loaded.cost_map(view(frame), ctx);
        EXPECT_EQ(a.bits, b.bits);
        EXPECT_EQ(a.total_bits, b.total_bits);
    }
}

INSTANTIATE_TEST_SUITE_P(Splits, NeuralSplit, ::testing::Values(Split::Direct, Split::MsbLsb),
                         [](const auto& info) { return info.param == Split::Direct ? "direct" : "msb_lsb"; });

// The kernel (cost_map) against LibTorch's own forward pass (reference_cost_map) on every
// pixel, in both contexts: the two implementations agree to float rounding.
TEST_P(NeuralSplit, KernelMatchesLibTorchOnEveryPixel) {
    auto frame = sky_frame(70, 45, 15);
    Model m({GetParam(), 12, 2, 3}, 8);
    m.train({frame}, quick(1, 4, 4, 8));
    for (auto ctx : {Context::FullFrame, Context::Tiled}) {
        auto fast = m.cost_map(view(frame), ctx, 1), ref = m.reference_cost_map(view(frame), ctx, 1);
        ASSERT_EQ(fast.bits.size(), ref.bits.size());
        double worst = 0;
        for (std::size_t i = 0; i < ref.bits.size(); ++i) worst = std::max(worst, double(std::abs(fast.bits[i] - ref.bits[i])));
        EXPECT_LT(worst, 2e-3) << context_name(ctx);
        EXPECT_NEAR(fast.total_bits, ref.total_bits, 1e-5 * ref.total_bits) << context_name(ctx);
    }
}

// Row strips of any height (down to one row) and any thread count give exactly the bits of
// one unstripped pass; a frame of exactly one tile gives the same bits tiled and full.
TEST_P(NeuralSplit, StripsAndThreadsGiveIdenticalBits) {
    auto frame = sky_frame(41, 37, 17);
    Model m({GetParam(), 8, 2, 2}, 9);
    auto opt = quick(1, 3, 4, 9);
    opt.patch = 16;
    m.train({frame}, opt);
    const auto whole = m.cost_map(view(frame), Context::FullFrame, 1, frame.height);
    for (std::size_t strip : {1u, 2u, 5u, 16u, 0u})
        for (int threads : {1, 3}) {
            auto map = m.cost_map(view(frame), Context::FullFrame, threads, strip);
            EXPECT_EQ(map.bits, whole.bits) << "strip " << strip << ", threads " << threads;
            EXPECT_EQ(map.total_bits, whole.total_bits) << "strip " << strip << ", threads " << threads;
        }
    const auto tiled = m.cost_map(view(frame), Context::Tiled, 1);
    EXPECT_EQ(m.cost_map(view(frame), Context::Tiled, 3).bits, tiled.bits);

    auto tile = sky_frame(16, 16, 18);  // exactly one 16x16 tile: no padding, no cut context
    EXPECT_EQ(m.cost_map(view(tile), Context::Tiled, 1).bits, m.cost_map(view(tile), Context::FullFrame, 1).bits);
}

// msb-lsb factorises the anchored mixture into the two bytes: before training (corrections
// zero) its bits equal those of the direct model with the same initial weights, pixel by pixel.
TEST(Neural, UntrainedMsbLsbIsItsMixture) {
    auto frame = sky_frame(45, 38, 19);
    Model d({Split::Direct, 8, 1, 3}, 12), b({Split::MsbLsb, 8, 1, 3}, 12);
    for (auto ctx : {Context::FullFrame, Context::Tiled}) {
        auto md = d.cost_map(view(frame), ctx, 1), mb = b.cost_map(view(frame), ctx, 1);
        double worst = 0;
        for (std::size_t i = 0; i < md.bits.size(); ++i) worst = std::max(worst, double(std::abs(md.bits[i] - mb.bits[i])));
        EXPECT_LT(worst, 1e-3) << context_name(ctx);
    }
}

TEST(Neural, StripsGiveTheWholeFrameResult) {
    // Strips of 16 rows on two threads: every checked pixel equals LibTorch's distribution.
    auto frame = sky_frame(1100, 250, 11);
    Model m({Split::Direct, 8, 2, 2}, 5);
    m.train({frame}, quick(1, 3, 4, 5));
    auto map = m.cost_map(view(frame), Context::FullFrame, 2, 16);
    for (auto [x, y] : std::vector<std::pair<std::size_t, std::size_t>>{{3, 15}, {500, 16}, {1099, 17}, {10, 249}, {7, 128}}) {
        auto pmf = m.pixel_distribution(view(frame), x, y);
        EXPECT_NEAR(map.bits[y * frame.width + x], -std::log2(pmf[frame.pixels[y * frame.width + x]]), 1e-3);
    }
}

TEST(Neural, LoadRefusesOtherFiles) {
    test::TempDir dir;
    EXPECT_THROW(Model::load(dir / "missing.pt"), Error);
    std::ofstream(dir / "junk.pt") << "not a model";
    EXPECT_THROW(Model::load(dir / "junk.pt"), Error);
}

TEST(Neural, TrainingIsDeterministicForASeed) {
    auto frame = sky_frame(64, 64, 13);
    auto run = [&](std::uint64_t seed) {
        Model m({Split::Direct, 8, 1, 2}, seed);
        auto rep = m.train({frame}, quick(2, 4, 8, seed));
        return std::make_pair(rep.loss_curve, m.cost_map(view(frame), Context::FullFrame).bits);
    };
    auto a = run(7), b = run(7), c = run(8);
    EXPECT_EQ(a.first, b.first);
    EXPECT_EQ(a.second, b.second);
    EXPECT_NE(a.first, c.first);
}

// Pure Gaussian noise: nothing to learn but the mean and sigma, so a trained model gets
// close to the entropy of the discretised Gaussian, and an untrained one is not below it.
TEST(Neural, GaussianNoiseApproachesTheEntropyBound) {
    const double mean = 1000, sigma = 10;
    const double bound = sample::discretised_gaussian_entropy(mean, sigma);
    auto train = noise_frame(256, 256, mean, sigma, 21);
    auto test_frame = noise_frame(128, 128, mean, sigma, 22);

    Model untrained({Split::Direct, 16, 1, 2}, 6);
    const double raw = untrained.cost_map(view(test_frame), Context::FullFrame).bpp();
    EXPECT_GE(raw, bound);
    untrained.train({train}, quick(0, 1, 1, 6));  // normalisation only
    const double normalised = untrained.cost_map(view(test_frame), Context::FullFrame).bpp();
    EXPECT_GE(normalised, bound - 0.01);

    Model m({Split::Direct, 16, 1, 2}, 6);
    auto rep = m.train({train}, quick(4, 40, 16, 6));
    const double full = m.cost_map(view(test_frame), Context::FullFrame).bpp();
    const double tiled = m.cost_map(view(test_frame), Context::Tiled).bpp();
    std::printf("gaussian sigma %.0f: bound %.4f, untrained %.3f / %.3f, trained full %.4f tiled %.4f (%.0f patches/s)\n",
                sigma, bound, raw, normalised, full, tiled, rep.patches_per_second);
    EXPECT_GE(full, bound - 0.02);  // a likelihood cannot beat the true entropy (beyond sampling noise)
    EXPECT_LT(full - bound, 0.15);
    EXPECT_LT(tiled - bound, 0.2);
}

// The sample sky: brief training (3840 patches of 32x32 from the four skyline frames, under
// a minute on one core) beats the frame's own iid (order-0) cost and the measured classical
// codecs on the same frame. The frame's true limit (entropy of the simulated noise, header
// BSKYHLIM) is 4.973 bpp and iid is 5.114 bpp, so the room below iid is only ~0.14 bpp.
TEST(Neural, SampleSkyBeatsIidAndClassicalCodecs) {
    test::TempDir dir;
    sample::write_sample_sky(dir.path() / "sky", 1);
    auto frames = load_frames({dir.path() / "sky" / "data" / "skyline"});
    ASSERT_FALSE(frames.empty());
    const TrainFrame& target = frames.front();
    Model m({Split::Direct, 16, 2, 3}, 1);
    auto opt = quick(6, 40, 16, 1);
    opt.learning_rate = 5e-3;
    auto rep = m.train(frames, opt);
    auto map = m.cost_map(view(target), Context::FullFrame);
    const double iid = iid_bpp(target.pixels);
    auto codec_bpp = [&](const char* spec) {
        return 8.0 * double(codecs::make_codec(spec)->encode(view(target)).size()) / double(target.pixels.size());
    };
    const double rice = codec_bpp("rice"), jpegls = codec_bpp("jpegls");
    const double tiled = m.cost_map(view(target), Context::Tiled).bpp();
    std::printf("sample %s: iid %.3f, rice %.3f, jpegls %.3f bpp; neural full %.3f, tiled %.3f bpp (estimated); "
                "loss %.3f -> %.3f\n",
                target.source.c_str(), iid, rice, jpegls, map.bpp(), tiled, rep.loss_curve.front(), rep.loss_curve.back());
    EXPECT_LT(map.bpp(), iid);
    EXPECT_LT(map.bpp(), jpegls);
    EXPECT_LT(map.bpp(), rice);
    EXPECT_LT(tiled, jpegls);  // the paper's protocol (no context across 32x32 tiles) too
    EXPECT_LT(rep.loss_curve.back(), rep.loss_curve.front());

    // What the codec codes (value set, spikes, histogram mixture): below the network alone
    // here, and never above the better expert by more than the mixture's bit and the value set.
    const auto coded = m.cost_map(view(target), Context::Coded);
    EXPECT_LT(coded.bpp(), map.bpp());
    EXPECT_LT(coded.bpp(), iid);

    // The same model through the cost-map registry and the CLI (the coded map), labelled as an
    // estimate.
    const auto path = (dir / "sky.pt").string();
    m.save(path);
    auto cm = analysis::make_cost_model("neural:" + path);
    EXPECT_TRUE(cm->estimated());
    auto via = cm->compute(view(target));
    EXPECT_EQ(via.bits, coded.bits);
    EXPECT_EQ(via.total_bits, coded.total_bits);
    EXPECT_TRUE(via.estimated);
    EXPECT_EQ(via.label, kEstimatedLabel);
    const std::string fits = (dir / "sky" / "data" / "skyline" / "skyline_001.fits").string();
    auto r = test::run_cli("costmap --json --model " + test::shell_quote("neural:" + path) + " " + test::shell_quote(fits));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_TRUE(j["estimated"].get<bool>());
    EXPECT_EQ(j["label"], kEstimatedLabel);
    EXPECT_NEAR(j["bpp"].get<double>(), coded.bpp(), 1e-9);
    auto text = test::run_cli("costmap --model " + test::shell_quote("neural:" + path) + " " + test::shell_quote(fits));
    EXPECT_NE(text.out.find(kEstimatedLabel), std::string::npos) << text.out;
    auto iid_cli = nlohmann::json::parse(test::run_cli("costmap --json --model iid " + test::shell_quote(fits)).out);
    EXPECT_FALSE(iid_cli["estimated"].get<bool>());

    // evaluate: the train-on / test-on matrix, stored as predictions.
    const std::string db = (dir / "r.db").string();
    auto ev = test::run_cli("evaluate --json --models " + test::shell_quote(path) + " --data " + test::shell_quote(fits) +
                            " --db " + test::shell_quote(db));
    ASSERT_EQ(ev.exit_code, 0) << ev.err;
    auto e = nlohmann::json::parse(ev.out);
    EXPECT_TRUE(e["estimated"].get<bool>());
    ASSERT_EQ(e["bpp"].size(), 1u);
    EXPECT_NEAR(e["bpp"][0][0].get<double>(), map.bpp(), 1e-9);
    store::ResultsStore st(db);
    auto img = st.find_image(std::filesystem::weakly_canonical(fits).string(), 0);
    ASSERT_TRUE(img.has_value());
    auto preds = st.predictions(img->id);
    ASSERT_EQ(preds.size(), 1u);
    EXPECT_EQ(preds[0].kind, "neural:sky.pt");
    EXPECT_NEAR(preds[0].bpp, map.bpp(), 1e-9);
    ASSERT_EQ(st.models().size(), 1u);
    EXPECT_EQ(st.models()[0].name, "sky.pt");
}

TEST(NeuralCli, EvaluateMatrixAndErrors) {
    test::TempDir dir;
    // Two small single-frame files and two tiny models, each trained on one of them.
    const std::string x = (dir / "x.fits").string(), y = (dir / "y.fits").string();
    const auto a = (dir / "a.pt").string(), b = (dir / "b.pt").string();
    for (const auto& [file, model, seed] : {std::tuple{x, a, 31}, std::tuple{y, b, 32}}) {
        auto f = sky_frame(48, 40, std::uint64_t(seed));
        {
            fits::Writer w(file);
            w.write_u16({f.width, f.height}, f.pixels);
            w.close();
        }
        Model m({Split::Direct, 4, 1, 2}, std::uint64_t(seed));
        auto opt = quick(1, 2, 4, std::uint64_t(seed));
        opt.patch = 16;
        m.train({f}, opt);
        m.save(model);
    }
    auto r = test::run_cli("evaluate --quiet --context tiled --models " + test::shell_quote(a) + " " + test::shell_quote(b) +
                           " --data " + test::shell_quote(x) + " " + test::shell_quote(y) + " --db " + test::shell_quote((dir / "r.db").string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("a.pt"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("b.pt"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(kEstimatedLabel), std::string::npos) << r.out;
    store::ResultsStore st((dir / "r.db").string());
    EXPECT_EQ(st.models().size(), 2u);
    std::size_t preds = 0;
    for (const auto& im : st.images())
        for (const auto& p : st.predictions(im.id)) {
            EXPECT_EQ(p.kind.substr(0, 7), "neural:");
            EXPECT_EQ(p.kind.substr(p.kind.size() - 6), ":tiled");
            ++preds;
        }
    EXPECT_EQ(preds, 4u);  // 2 models x 2 single-frame files

    EXPECT_EQ(test::run_cli("evaluate --models " + test::shell_quote(a)).exit_code, 2);
    EXPECT_EQ(test::run_cli("evaluate --models " + test::shell_quote(a) + " --data " + test::shell_quote(x) +
                            " --context half")
                  .exit_code,
              2);
    EXPECT_EQ(test::run_cli("evaluate --models /no/such.pt --data " + test::shell_quote(x)).exit_code, 1);
}

TEST(NeuralCli, TrainWritesModelAndMetadata) {
    test::TempDir dir;
    auto s = test::run_cli("sample --out " + test::shell_quote((dir / "sky").string()));
    ASSERT_EQ(s.exit_code, 0) << s.err;
    auto model = (dir / "m.pt").string();
    auto r = test::run_cli("train --quiet --out " + test::shell_quote(model) +
                           " --epochs 1 --steps 3 --batch 4 --channels 8 --layers 1 --max-frames 2 --seed 3 --db " +
                           test::shell_quote((dir / "r.db").string()) + " " + test::shell_quote((dir / "sky").string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("patches/s"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(model));
    std::ifstream js(model + ".json");
    std::string text((std::istreambuf_iterator<char>(js)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("\"loss_curve\""), std::string::npos);
    EXPECT_NE(text.find("\"split\": \"direct\""), std::string::npos);
    auto loaded = Model::load(model);
    EXPECT_EQ(loaded.config().channels, 8);

    auto bad = test::run_cli("train --out x.pt --epochs 1 --split bytes " + test::shell_quote((dir / "sky").string()));
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("msb-lsb"), std::string::npos);
}

#else

// (neural_module_test.cpp checks every neural command's exit 2 in this build.)
TEST(NeuralCli, TrainSaysBuiltWithoutTorch) {
    auto r = test::run_cli("train --out x.pt --epochs 1 .");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("built without neural support"), std::string::npos);
    EXPECT_THROW(analysis::make_cost_model("neural:x.pt"), UsageError);
}

#endif

}  // namespace
}  // namespace bitsky::neural
