// The neural module (issue #20): bitsky-cli and the engine do not link LibTorch; only neural
// work loads it, through libbitsky_neural.so; a module that cannot be loaded is named with
// the reason (exit 2); training can be cancelled. Without LibTorch every neural command
// exits 2 saying "built without neural support".
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "engine/neural/neural.h"
#include "engine/sample/sample_sky.h"
#include "engine/util/error.h"
#include "tests/engine/test_support.h"

namespace bitsky::neural {
namespace {

// The shared objects mapped into this process whose path contains `name`.
std::string mapped(const std::string& name) {
    std::ifstream maps("/proc/self/maps");
    std::string line, found;
    while (std::getline(maps, line))
        if (auto at = line.find('/'); at != std::string::npos && line.find(name, at) != std::string::npos) {
            found = line.substr(at);
            break;
        }
    return found;
}

TEST(NeuralModule, CliAndEngineDoNotLinkLibTorch) {
    ASSERT_TRUE(test::have_program("ldd")) << "ldd (libc-bin) is needed to list bitsky-cli's libraries";
    const auto ldd = test::run_shell("ldd " + test::shell_quote(BITSKY_CLI));
    ASSERT_EQ(ldd.exit_code, 0) << ldd.err;
    EXPECT_EQ(ldd.out.find("libtorch"), std::string::npos) << ldd.out;
    EXPECT_EQ(ldd.out.find("libc10"), std::string::npos) << ldd.out;
    // This program links the engine: nothing of LibTorch is mapped before any neural work.
    EXPECT_EQ(mapped("libtorch"), "");
    EXPECT_EQ(mapped("libc10"), "");
    EXPECT_EQ(test::run_cli("--version").exit_code, 0);
}

#ifdef BITSKY_HAVE_TORCH

TEST(NeuralModule, LoadedOnFirstNeuralUse) {
    EXPECT_EQ(mapped("libbitsky_neural"), "");
    EXPECT_EQ(mapped("libtorch_cpu"), "");
    EXPECT_TRUE(built_with_torch());
    EXPECT_NE(mapped("libbitsky_neural"), "");
    EXPECT_NE(mapped("libtorch_cpu"), "");
}

// $BITSKY_NEURAL_MODULE names the module to use; when it cannot be used, the neural commands
// exit 2 naming it and why, and the other commands do not notice.
TEST(NeuralModule, AModuleThatCannotBeLoadedIsNamed) {
    test::TempDir dir;
    const std::string fits = test::data("hst_stis_raw.fits").string();
    auto with_module = [&](const std::string& module, const std::string& args) {
        return test::run_shell("BITSKY_NEURAL_MODULE=" + test::shell_quote(module) + " " + test::shell_quote(BITSKY_CLI) +
                               " " + args);
    };
    const std::string missing = (dir / "no" / "libbitsky_neural.so").string();
    for (const std::string& args : {"train --out " + test::shell_quote((dir / "m.pt").string()) + " --epochs 1 " +
                                       test::shell_quote(fits),
                                   "costmap --model " + test::shell_quote("neural:" + fits) + " " + test::shell_quote(fits),
                                   "evaluate --models " + test::shell_quote(fits) + " --data " + test::shell_quote(fits),
                                   "neural-speed --model " + test::shell_quote(fits)}) {
        const auto r = with_module(missing, args);
        EXPECT_EQ(r.exit_code, 2) << args << ": " << r.err;
        EXPECT_NE(r.err.find(missing + " ($BITSKY_NEURAL_MODULE): no such file"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("cannot load the neural module"), std::string::npos) << r.err;
    }
    // A real shared library that is not the module (zlib, which this program links).
    const std::string maps_line = mapped("libz.so");
    ASSERT_NE(maps_line, "") << "libz is not mapped into this test program";
    const auto other = with_module(maps_line, "costmap --model " + test::shell_quote("neural:" + fits) + " " +
                                                  test::shell_quote(fits));
    EXPECT_EQ(other.exit_code, 2) << other.err;
    EXPECT_NE(other.err.find("not a BitSky neural module"), std::string::npos) << other.err;
    EXPECT_EQ(with_module(missing, "info " + test::shell_quote(fits)).exit_code, 0);
    EXPECT_EQ(with_module(missing, "costmap --model iid " + test::shell_quote(fits)).exit_code, 0);
}

TrainFrame sky(std::size_t w, std::size_t h, std::uint64_t seed) {
    auto s = sample::synthetic_frame(w, h, 5.0, 20.0, seed);
    return {s.pixels, s.width, s.height, "synthetic"};
}

TrainOptions options(int epochs, int steps) {
    TrainOptions o;
    o.epochs = epochs;
    o.steps_per_epoch = steps;
    o.batch = 2;
    o.patch = 16;
    o.seed = 4;
    o.threads = 1;
    return o;
}

// cancel() is asked before every step: the model keeps the steps done, the report and the
// metadata say so; a cancel that never fires changes nothing.
TEST(NeuralModule, TrainingCanBeCancelled) {
    const auto frame = sky(40, 40, 2);
    Model plain({Split::Direct, 4, 1, 2}, 3), never({Split::Direct, 4, 1, 2}, 3), cut({Split::Direct, 4, 1, 2}, 3);
    const auto a = plain.train({frame}, options(3, 4));
    auto o = options(3, 4);
    o.cancel = [] { return false; };
    const auto b = never.train({frame}, o);
    EXPECT_FALSE(a.cancelled);
    EXPECT_FALSE(b.cancelled);
    EXPECT_EQ(a.loss_curve, b.loss_curve);

    int steps = 0;
    o.progress = [&](const TrainProgress&) { ++steps; };
    o.cancel = [&] { return steps == 6; };
    const auto c = cut.train({frame}, o);
    EXPECT_TRUE(c.cancelled);
    EXPECT_EQ(steps, 6);
    ASSERT_EQ(c.loss_curve.size(), 2u);  // epoch 1 (4 steps) and the 2 steps of epoch 2
    EXPECT_EQ(c.loss_curve[0], a.loss_curve[0]);
    EXPECT_EQ(c.patches, 6u * 2u);
    const auto meta = cut.metadata_json();
    EXPECT_NE(meta.find("\"cancelled_after_steps\": 6"), std::string::npos) << meta;
    EXPECT_NE(meta.find("\"epochs\": 2"), std::string::npos) << meta;
    const Frame16 view{frame.pixels, frame.width, frame.height};
    EXPECT_GT(cut.cost_map(view, Context::FullFrame).bpp(), 0.0);
}

#else

TEST(NeuralModule, NeuralCommandsSayBuiltWithoutNeuralSupport) {
    const std::string fits = test::shell_quote(test::data("hst_stis_raw.fits").string());
    for (const std::string& args : {"train --out x.pt --epochs 1 " + fits, "evaluate --models x.pt --data " + fits,
                                   std::string("neural-speed --model x.pt"), "costmap --model neural:x.pt " + fits}) {
        const auto r = test::run_cli(args);
        EXPECT_EQ(r.exit_code, 2) << args << ": " << r.err;
        EXPECT_NE(r.err.find("built without neural support"), std::string::npos) << args << ": " << r.err;
    }
    EXPECT_FALSE(built_with_torch());
    EXPECT_THROW(Model({}, 1), UsageError);
    EXPECT_THROW(Model::load(test::data("hst_stis_raw.fits")), UsageError);
}

#endif

}  // namespace
}  // namespace bitsky::neural
