// The `neural` codec (engine/neural/neural_codec.cpp): refused without a model or without
// neural support; with LibTorch, a small direct model trained on the sample sky (checked in) codes
// every 16-bit frame of ../shared/data/real and a sample-sky frame bit-exactly, in bytes
// within 0.5% of the model's cost map on the sample sky (and never 0.5% above it on the
// real frames, where the map's far-outlier costs exceed the coder's cap); corrupt, truncated and other-model streams are
// errors; the CLI's roundtrip takes it.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

#include "engine/analysis/costmap.h"
#include "engine/codecs/codec.h"
#include "engine/fits/fits.h"
#include "engine/neural/features.h"
#include "engine/neural/neural.h"
#include "engine/neural/pixel_coder.h"
#include "engine/sample/sample_sky.h"
#include "engine/util/error.h"
#include "engine/util/random.h"
#include "tests/engine/test_support.h"

namespace bitsky::neural {
namespace {

TEST(NeuralCodec, NeedsAModel) {
    try {
        codecs::make_codec("neural");
        FAIL() << "neural without a model was accepted";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("needs a model file"), std::string::npos) << e.what();
    }
    // Never in the codec lists ("all" would need a model).
    for (const auto& s : codecs::codec_specs()) EXPECT_NE(s.rfind("neural", 0), 0u) << s;
}

#ifndef BITSKY_HAVE_TORCH
TEST(NeuralCodec, RefusedWithoutNeuralSupport) {
    try {
        codecs::make_codec("neural:model.pt");
        FAIL() << "accepted without neural support";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("without LibTorch"), std::string::npos) << e.what();
    }
}
#else

Frame16 view(const TrainFrame& f) { return {f.pixels, f.width, f.height}; }

TrainOptions quick(int epochs, int steps, std::uint64_t seed) {
    TrainOptions o;
    o.epochs = epochs;
    o.steps_per_epoch = steps;
    o.batch = 8;
    o.seed = seed;
    o.threads = 1;
    return o;
}

// One small model for the whole program: docs/performance.md's sample-sky model, checked in
// as tests/data/neural/sky_direct.pt (tests/data/README.md: the command that made it), and
// the sample sky it was trained on.
struct Trained {
    test::TempDir dir;
    std::vector<TrainFrame> sky;
    std::string path;
};
const Trained& trained() {
    static const std::unique_ptr<Trained> t = [] {
        auto t = std::make_unique<Trained>();
        sample::write_sample_sky(t->dir.path() / "sky", 1);
        t->sky = load_frames({t->dir.path() / "sky" / "data" / "skyline"});
        t->path = test::data("neural/sky_direct.pt").string();
        return t;
    }();
    return *t;
}

// Every 16-bit frame of ../shared/data/real and the first sample-sky frame.
std::vector<TrainFrame> test_frames() {
    auto frames = load_frames({test::shared_data("real")});
    EXPECT_GE(frames.size(), 8u);
    frames.push_back(trained().sky.front());
    return frames;
}

constexpr std::size_t kHeader = 16;  // the stream's header (the section runs to its end)

TEST(NeuralCodec, RoundTripIsExactAndFollowsTheCostMap) {
    const auto codec = codecs::make_codec("neural:" + trained().path);
    EXPECT_EQ(codec->name(), "neural");
    EXPECT_EQ(codec->library_version(), "model " + Model::load(trained().path).content_hash());
    const auto map_model = analysis::make_cost_model("neural:" + trained().path);
    double coded_bits = 0, map_bits = 0;
    const auto frames = test_frames();
    for (const auto& f : frames) {
        const auto r = codecs::roundtrip(*codec, view(f), true);
        ASSERT_TRUE(r.ok()) << f.source << ": " << r.error;
        ASSERT_TRUE(r.lossless_ok) << f.source;
        const double map = map_model->compute(view(f)).total_bits;
        const double payload = 8.0 * double(r.bytes.size() - kHeader);
        std::printf("%-60s %4zux%-4zu coded %8zu bytes (payload %.4f bpp), cost map %.4f bpp: %+.3f%%\n",
                    f.source.c_str(), f.width, f.height, r.bytes.size(), payload / double(f.pixels.size()),
                    map / double(f.pixels.size()), 100.0 * (payload - map) / map);
        // Never more than 0.5% above the model's ideal cost (+ the range coder's final
        // digits); below it where the model gives a decision less than the 16-bit floor
        // (32/65536): far outliers under a model trained on other data, which the map
        // charges up to thousands of bits and the coder at most 11 bits per decision.
        EXPECT_LE(payload, 1.005 * map + 64.0) << f.source;
        // On the data the model was trained on, within 0.5% either way.
        if (&f == &frames.back()) {
            EXPECT_LE(std::abs(payload - map), 0.005 * map + 64.0) << f.source;
        }
        coded_bits += 8.0 * double(r.bytes.size());
        map_bits += map;
    }
    std::printf("all frames: coded %.0f bits (with headers), cost map %.0f bits: %+.3f%%\n", coded_bits, map_bits,
                100.0 * (coded_bits - map_bits) / map_bits);
    EXPECT_LE(std::abs(coded_bits - map_bits), 0.005 * map_bits);  // whole streams, headers included
}

// `neural-net:<model>` maps the network alone (its full-frame likelihood, what `evaluate`
// reports), `neural:<model>` the codec's mixture: the GUI compares them to show where the
// learned model itself wins.
TEST(NeuralCodec, NeuralNetCostModelIsTheNetworkAlone) {
    const auto net = analysis::make_cost_model("neural-net:" + trained().path);
    const auto coded = analysis::make_cost_model("neural:" + trained().path);
    EXPECT_EQ(net->spec(), "neural-net:" + trained().path);
    const Model m = Model::load(trained().path);
    const auto cube = fits::File::open(test::data("ngc1316r.fits")).read_u16(0);
    const double a = net->compute(cube.frame(0)).total_bits, b = coded->compute(cube.frame(0)).total_bits;
    EXPECT_EQ(a, m.cost_map(cube.frame(0), Context::FullFrame).total_bits);
    std::printf("ngc1316r: network alone %.0f bytes, the codec's mixture %.0f bytes\n", a / 8, b / 8);
    EXPECT_LT(b, a);  // the mixture's other experts know this galaxy better than the sample-sky network
    EXPECT_THROW(analysis::make_cost_model("neural-net:"), UsageError);
}

TEST(NeuralCodec, CorruptOrTruncatedStreamsAreErrors) {
    const auto codec = codecs::make_codec("neural:" + trained().path);
    const auto frames = load_frames({test::shared_data("real/dss_plate.fits")});
    ASSERT_EQ(frames.size(), 1u);
    const auto& f = frames.front();
    const auto bytes = codec->encode(view(f));
    auto decode = [&](std::vector<std::uint8_t> b) { return codec->decode(b, f.width, f.height); };
    ASSERT_EQ(decode(bytes), f.pixels);
    for (std::size_t n : {std::size_t(0), std::size_t(3), std::size_t(27), kHeader - 1, kHeader, bytes.size() / 2,
                          bytes.size() - 1}) {
        const std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + std::ptrdiff_t(n));
        EXPECT_NE(test::error_of([&] { decode(cut); }), "") << "truncated to " << n;
    }
    // Bytes beyond what the decoder reads are an error (zero bytes within it are the
    // digits the encoder leaves unwritten: the same stream).
    auto longer = bytes;
    longer.insert(longer.end(), 16, 0x55);
    EXPECT_NE(test::error_of([&] { decode(longer); }).find("after its range-coded section"), std::string::npos);
    for (std::size_t i = 0; i < kHeader; ++i) {  // every header byte matters
        auto bad = bytes;
        bad[i] ^= 0x01;
        EXPECT_NE(test::error_of([&] { decode(bad); }), "") << "header byte " << i;
    }
    // A changed byte anywhere: an error, or (in the range coder's last digits) the frame.
    std::size_t errors = 0, tried = 0;
    for (std::size_t i = 0; i < bytes.size(); i += 1 + bytes.size() / 97) {
        auto bad = bytes;
        bad[i] ^= 0x5A;
        ++tried;
        const std::string e = test::error_of([&] {
            if (decode(bad) != f.pixels) ADD_FAILURE() << "byte " << i << " changed: wrong pixels without an error";
        });
        if (!e.empty()) ++errors;
        if (i + 8 < bytes.size()) {
            EXPECT_NE(e, "") << "byte " << i;
        }
    }
    EXPECT_GE(errors + 1, tried);
    EXPECT_THROW(codec->decode(bytes, f.width + 1, f.height), Error);
    // Streams of older versions are refused, saying so: version 1 (before the value set and
    // the mixture), 2 (before the frame's constants, with a model of format 3), 3 (spikes on
    // the west and north neighbours only) and 4 (before the bitsky coder's model was an expert).
    const std::vector<std::pair<char, std::string>> older{{'N', "1"}, {'2', "2"}, {'3', "3"}, {'4', "4"}};
    for (const auto& [tag, version] : older) {
        auto old = bytes;
        old[3] = std::uint8_t(tag);
        EXPECT_NE(test::error_of([&] { decode(old); }).find("stream version " + version), std::string::npos) << tag;
    }
}

// Tiny and thin frames (one pixel, one row, one column, two values, extremes) round-trip
// with the context predictor, whose predictions start from row 0's west neighbours, and with
// MED; the coded map follows them too.
TEST(NeuralCodec, TinyAndThinFramesRoundTrip) {
    util::Random rng(11);
    std::vector<Frame16> frames;
    std::vector<std::vector<std::uint16_t>> own;
    for (const auto& [w, h] : std::vector<std::pair<std::size_t, std::size_t>>{
             {1, 1}, {1, 9}, {9, 1}, {2, 2}, {3, 200}, {200, 3}, {17, 13}}) {
        for (int kind = 0; kind < 3; ++kind) {
            std::vector<std::uint16_t> px(w * h);
            for (auto& v : px)
                v = kind == 0 ? std::uint16_t(1000 + rng.next() % 7)
                              : kind == 1 ? std::uint16_t(rng.next() % 2 ? 65535 : 0) : std::uint16_t(rng.next());
            own.push_back(std::move(px));
            frames.push_back({own.back(), w, h});
        }
    }
    for (const std::string& model : {trained().path, test::data("neural/format4_sky_direct.pt").string()}) {
        const auto codec = codecs::make_codec("neural:" + model);
        const auto map = analysis::make_cost_model("neural:" + model);
        for (const auto& f : frames) {
            const auto r = codecs::roundtrip(*codec, f, true);
            ASSERT_TRUE(r.lossless_ok) << f.width << "x" << f.height << ": " << r.error;
            const double bits = map->compute(f).total_bits;
            EXPECT_LE(8.0 * double(r.bytes.size()), bits + 8.0 * double(kHeader) + 64.0) << f.width << "x" << f.height;
        }
    }
}

// The frame's constants (background, robust sigma, lowest and highest value) travel in the
// stream after the value set: the decoder reads back exactly what the encoder and the cost
// map computed from the frame.
TEST(NeuralCodec, FrameConstantsRoundTrip) {
    const auto codec = codecs::make_codec("neural:" + test::data("neural/sky_direct.pt").string());
    for (const auto& f : load_frames({test::shared_data("real")})) {
        const auto bytes = codec->encode(view(f));
        const auto got = detail::stream_constants(std::span(bytes).subspan(16));
        const auto want = detail::frame_stats(f.pixels.data(), f.width, f.height);
        EXPECT_EQ(got.lo, want.lo) << f.source;
        EXPECT_EQ(got.hi, want.hi) << f.source;
        ASSERT_LT(want.lo, want.hi) << f.source;  // no constant frame here: its constants are not coded
        EXPECT_EQ(got.background, want.background) << f.source;
        EXPECT_EQ(got.sigma_q, want.sigma_q) << f.source;
        EXPECT_EQ(got.sigma, want.sigma) << f.source;
    }
}

// Models of the formats before the network's frame-constant inputs (bitsky-neural-2 and -3)
// are refused, naming the file and its format: tests/data/neural/format3_sky_direct.pt is
// the sample-sky model of format 3 that this BitSky replaced.
TEST(NeuralCodec, OlderModelFormatsAreRefusedNamingFileAndFormat) {
    const std::string old = test::data("neural/format3_sky_direct.pt").string();
    for (const std::string& e : {test::error_of([&] { Model::load(old); }),
                                 test::error_of([&] { codecs::make_codec("neural:" + old); })}) {
        EXPECT_NE(e.find(old), std::string::npos) << e;
        EXPECT_NE(e.find("'bitsky-neural-3'"), std::string::npos) << e;
        EXPECT_NE(e.find("train the model again"), std::string::npos) << e;
    }
}

// Models of format 4 (before the predictor field) still load, predict with MED and code
// bit-exactly; tests/data/neural/format4_sky_direct.pt is the same recipe's model of format
// 4. On the real frames with structure, the context predictor's network alone (the full-frame
// map, without the codec's other experts) costs less.
TEST(NeuralCodec, Format4ModelsPredictWithMedAndTheContextPredictorCodesSmaller) {
    const std::string f4 = test::data("neural/format4_sky_direct.pt").string();
    EXPECT_EQ(Model::load(f4).config().predictor, Predictor::Med);
    EXPECT_EQ(Model::load(trained().path).config().predictor, Predictor::Context);
    // The same weights with the other predictor compute other bits: another hash.
    ModelConfig with_context{Split::Direct, 8, 1, 3, Predictor::Context}, with_med = with_context;
    with_med.predictor = Predictor::Med;
    EXPECT_NE(Model(with_context, 7).content_hash(), Model(with_med, 7).content_hash());
    const auto med = codecs::make_codec("neural:" + f4), ctx = codecs::make_codec("neural:" + trained().path);
    for (const char* name : {"ngc1316r.fits", "dss_plate.fits"}) {
        const auto cube = fits::File::open(test::data(name)).read_u16(0);
        const auto a = codecs::roundtrip(*med, cube.frame(0), true), b = codecs::roundtrip(*ctx, cube.frame(0), true);
        ASSERT_TRUE(a.lossless_ok && b.lossless_ok) << name << ": " << a.error << b.error;
        const double net_med = Model::load(f4).cost_map(cube.frame(0), Context::FullFrame, 1).total_bits;
        const double net_ctx = Model::load(trained().path).cost_map(cube.frame(0), Context::FullFrame, 1).total_bits;
        std::printf("%s: med %zu bytes, context %zu bytes; networks alone %.0f and %.0f bytes\n", name,
                    a.bytes.size(), b.bytes.size(), net_med / 8, net_ctx / 8);
        if (name[0] == 'n') {
            EXPECT_LT(net_ctx, 0.9 * net_med) << name;
        }
    }
}

TEST(NeuralCodec, OtherModelIsRefusedNamingBothHashes) {
    const Trained& t = trained();
    Model other({Split::Direct, 8, 1, 3}, 2);
    other.train(t.sky, quick(0, 1, 2));
    const auto other_path = (t.dir / "other.pt").string();
    other.save(other_path);
    const auto a = codecs::make_codec("neural:" + t.path), b = codecs::make_codec("neural:" + other_path);
    const std::string ha = Model::load(t.path).content_hash(), hb = other.content_hash();
    ASSERT_NE(ha, hb);
    EXPECT_EQ(ha.size(), 16u);
    const auto& f = t.sky.front();
    const Frame16 crop{std::span(f.pixels).first(64 * f.width), f.width, 64};
    const auto bytes = a->encode(crop);
    const std::string e = test::error_of([&] { b->decode(bytes, crop.width, crop.height); });
    EXPECT_NE(e.find(ha), std::string::npos) << e;
    EXPECT_NE(e.find(hb), std::string::npos) << e;
    // The same weights in another file have the same hash and decode the stream.
    const auto copy = (t.dir / "copy.pt").string();
    Model::load(t.path).save(copy);
    EXPECT_EQ(codecs::make_codec("neural:" + copy)->decode(bytes, crop.width, crop.height),
              std::vector<std::uint16_t>(crop.pixels.begin(), crop.pixels.end()));
}

TEST(NeuralCodec, RefusesMsbLsbModelsAndMissingFiles) {
    Model m({Split::MsbLsb, 8, 1, 2}, 1);
    const auto path = (trained().dir / "bytes.pt").string();
    m.save(path);
    try {
        codecs::make_codec("neural:" + path);
        FAIL() << "msb-lsb model accepted";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("msb-lsb"), std::string::npos) << e.what();
    }
    EXPECT_NE(test::error_of([&] { codecs::make_codec("neural:" + (trained().dir / "none.pt").string()); }).find("does not exist"),
              std::string::npos);
}

TEST(NeuralCodec, CliRoundtripTakesIt) {
    const std::string fits = test::shared_data("real/ngc1316r.fits").string();
    auto r = test::run_cli("roundtrip --codec " + test::shell_quote("neural:" + trained().path) + " " +
                           test::shell_quote(fits));
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("neural"), std::string::npos) << r.out;
    auto bad = test::run_cli("roundtrip --codec neural " + test::shell_quote(fits));
    EXPECT_EQ(bad.exit_code, 2) << bad.out << bad.err;
    EXPECT_NE(bad.err.find("needs a model file"), std::string::npos) << bad.err;
}

#endif

}  // namespace
}  // namespace bitsky::neural
