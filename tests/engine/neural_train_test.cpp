// Training on the user's data (issue 23 item 2): held-out frames measured per epoch, cancel
// and a checkpoint, and a resumed run that ends with exactly the weights of an uninterrupted
// one (through the model in memory and through a checkpoint file); the train command's
// --holdout, --progress json and --resume, and its periodic checkpoints, from which a run
// killed with SIGKILL resumes.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/bench/neural_eval.h"
#include "engine/neural/infer.h"
#include "engine/neural/neural.h"
#include "engine/sample/sample_sky.h"
#include "engine/store/estimates.h"
#include "engine/store/store.h"
#include "engine/util/error.h"
#include "tests/engine/child_process.h"
#include "tests/engine/test_support.h"

namespace bitsky::neural {
namespace {

TEST(NeuralHoldout, FractionIsChosenBySeedAndNeverTakesEverything) {
    std::vector<TrainFrame> frames(10);
    for (std::size_t i = 0; i < frames.size(); ++i) frames[i].source = std::to_string(i);
    auto [train, held] = split_holdout(frames, {0.3, false}, 7);
    EXPECT_EQ(train.size(), 7u);
    EXPECT_EQ(held.size(), 3u);
    auto [train2, held2] = split_holdout(frames, {0.3, false}, 7);
    for (std::size_t i = 0; i < held.size(); ++i) EXPECT_EQ(held[i].source, held2[i].source);
    auto [one, rest] = split_holdout(std::vector<TrainFrame>(2), {0.9, false}, 1);
    EXPECT_EQ(one.size(), 1u);
    EXPECT_EQ(rest.size(), 1u);
    EXPECT_THROW(split_holdout(std::vector<TrainFrame>(1), {0.5, false}, 1), Error);
    EXPECT_THROW(split_holdout(frames, {0, true}, 1), Error);  // no frame is in a test split
    frames[4].test_split = true;
    auto [t3, h3] = split_holdout(frames, {0, true}, 1);
    ASSERT_EQ(h3.size(), 1u);
    EXPECT_EQ(h3[0].source, "4");
}

#ifdef BITSKY_HAVE_TORCH

TrainFrame sky_frame(std::size_t w, std::size_t h, std::uint64_t seed, const std::string& name) {
    auto s = sample::synthetic_frame(w, h, 5.0, 20.0, seed);
    return {s.pixels, s.width, s.height, name};
}

TrainOptions small_run(const std::vector<TrainFrame>* held) {
    TrainOptions o;
    o.epochs = 3;
    o.steps_per_epoch = 4;
    o.batch = 4;
    o.patch = 16;
    o.seed = 11;
    o.threads = 1;
    o.holdout = held;
    return o;
}

bool same_weights(const Model& a, const Model& b) {
    const auto &x = a.kernel_weights(), &y = b.kernel_weights();
    return x.in_w == y.in_w && x.in_b == y.in_b && x.head_w == y.head_w && x.head_b == y.head_b && x.lin_w == y.lin_w &&
           x.a_w == y.a_w && x.b_w == y.b_w && a.content_hash() == b.content_hash();
}

// Cancelled after 6 of 12 steps (mid-epoch), then continued: in memory and from a checkpoint
// file, the weights, the loss curve and the held-out curve equal the uninterrupted run's.
TEST(NeuralCheckpoint, ResumedRunEqualsTheUninterruptedOne) {
    const std::vector<TrainFrame> frames{sky_frame(64, 48, 1, "a"), sky_frame(48, 64, 2, "b")};
    const std::vector<TrainFrame> held{sky_frame(40, 40, 3, "held")};
    const ModelConfig cfg{Split::Direct, 8, 1, 2};

    Model whole(cfg, 5);
    const auto full = whole.train(frames, small_run(&held));
    ASSERT_FALSE(full.cancelled);
    ASSERT_EQ(full.loss_curve.size(), 3u);
    ASSERT_EQ(full.holdout_curve.size(), 3u);
    for (std::size_t e = 0; e < 3; ++e) {
        std::printf("epoch %zu: training %.3f, held-out %.3f bits/pixel\n", e + 1, full.loss_curve[e], full.holdout_curve[e]);
        EXPECT_TRUE(std::isfinite(full.holdout_curve[e]) && full.holdout_curve[e] > 0);
    }

    Model part(cfg, 5);
    auto opt = small_run(&held);
    int asked = 0;
    opt.cancel = [&] { return asked++ >= 6; };
    const auto first = part.train(frames, opt);
    EXPECT_TRUE(first.cancelled);
    EXPECT_EQ(first.patches, 6u * 4u);
    EXPECT_EQ(first.holdout_curve.size(), 1u);  // epoch 1 finished, epoch 2 half
    ASSERT_TRUE(part.training_pending());
    EXPECT_FALSE(same_weights(part, whole));

    test::TempDir dir;
    part.save_checkpoint(dir / "run.ckpt");
    Model from_file = Model::load_checkpoint(dir / "run.ckpt");
    EXPECT_TRUE(from_file.training_pending());
    EXPECT_TRUE(same_weights(from_file, part));

    // A different run is refused, naming what differs; the state stays pending.
    auto other = small_run(&held);
    other.epochs = 4;
    EXPECT_THROW(from_file.train(frames, other), UsageError);
    const std::string why = test::error_of([&] { from_file.train(frames, other); });
    EXPECT_NE(why.find("epochs"), std::string::npos) << why;
    EXPECT_TRUE(from_file.training_pending());

    const auto resumed = from_file.train(frames, small_run(&held));
    EXPECT_FALSE(resumed.cancelled);
    EXPECT_FALSE(from_file.training_pending());
    EXPECT_TRUE(same_weights(from_file, whole));
    EXPECT_EQ(resumed.loss_curve, full.loss_curve);
    EXPECT_EQ(resumed.holdout_curve, full.holdout_curve);
    EXPECT_EQ(resumed.patches, full.patches);

    part.train(frames, small_run(&held));  // continued in memory
    EXPECT_TRUE(same_weights(part, whole));

    // The finished model's metadata records one run of 3 epochs with its held-out curve.
    const auto meta = nlohmann::json::parse(from_file.metadata_json());
    EXPECT_EQ(meta["epochs"], 3);
    ASSERT_EQ(meta["training"].size(), 1u);
    EXPECT_EQ(meta["training"][0]["holdout_curve"].get<std::vector<double>>(), full.holdout_curve);
    EXPECT_THROW(whole.save_checkpoint(dir / "none.ckpt"), Error);  // nothing pending
    EXPECT_NE(test::error_of([&] { Model::load_checkpoint(dir / "missing.ckpt"); }).find("missing.ckpt"),
              std::string::npos);
    std::ofstream(dir / "junk.ckpt") << "not an archive";
    EXPECT_NE(test::error_of([&] { Model::load_checkpoint(dir / "junk.ckpt"); }).find("junk.ckpt"), std::string::npos);
}

std::vector<nlohmann::json> json_lines(const std::string& out, const std::string& event) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_object() && j.value("event", "") == event) lines.push_back(j);
    }
    return lines;
}

// The command on the sample sky's AstroCompress layout: --holdout split holds out the test
// splits' frames and reports their bpp per epoch; a checkpoint run resumed by the command
// ends with the uninterrupted command's model (the same content hash).
TEST(NeuralCheckpoint, TrainCommandHoldsOutAndResumes) {
    test::TempDir dir;
    sample::write_sample_sky(dir / "sky", 1);
    const std::string sky = test::shell_quote((dir / "sky").string());
    const std::string common = " --epochs 2 --steps 3 --batch 4 --patch 16 --channels 8 --layers 1 --mixtures 2 "
                               "--seed 3 --progress json ";
    auto r = test::run_cli("train --out " + test::shell_quote((dir / "whole.pt").string()) + common +
                           "--holdout split " + sky);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto epochs = json_lines(r.out, "epoch");
    ASSERT_EQ(epochs.size(), 2u) << r.out;
    for (const auto& e : epochs) EXPECT_TRUE(e["holdout_bpp"].is_number()) << e.dump();
    EXPECT_EQ(json_lines(r.out, "step").size(), 6u);
    ASSERT_EQ(json_lines(r.out, "summary").size(), 1u);
    EXPECT_EQ(json_lines(r.out, "summary")[0]["status"], "finished");
    EXPECT_NE(r.err.find("held out"), std::string::npos) << r.err;

    // No test split in a plain folder: refused naming the reason.
    auto bad = test::run_cli("train --out " + test::shell_quote((dir / "x.pt").string()) + common + "--holdout split " +
                             test::shell_quote((dir / "sky" / "data").string()));
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_NE(bad.err.find("test split"), std::string::npos) << bad.err;
    EXPECT_EQ(test::run_cli("train --out x.pt --epochs 1 --holdout 1.5 " + sky).exit_code, 2);

    // Resume from a checkpoint made by the engine after 4 steps, through the command.
    std::vector<std::string> names;
    auto all = load_frames({dir / "sky"}, 0, &names);
    auto [frames, held] = split_holdout(std::move(all), {0, true}, 3);
    Model m({Split::Direct, 8, 1, 2}, 3);
    TrainOptions o = small_run(&held);
    o.epochs = 2;
    o.steps_per_epoch = 3;
    o.seed = 3;
    o.datasets = names;
    int asked = 0;
    o.cancel = [&] { return asked++ >= 4; };
    ASSERT_TRUE(m.train(frames, o).cancelled);
    m.save_checkpoint(dir / "part.ckpt");
    r = test::run_cli("train --out " + test::shell_quote((dir / "resumed.pt").string()) + common + "--holdout split " +
                      "--resume " + test::shell_quote((dir / "part.ckpt").string()) + " " + sky);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(Model::load(dir / "resumed.pt").content_hash(), Model::load(dir / "whole.pt").content_hash());
    EXPECT_EQ(json_lines(r.out, "step").size(), 2u);  // only the steps left

    // Fine-tuning: --init starts from a trained model (its shape, predictor and normalisation)
    // and records a second run; a shape option beside it is refused.
    const std::string init = " --init " + test::shell_quote((dir / "whole.pt").string());
    const std::string tune = " --epochs 1 --steps 2 --batch 4 --patch 16 --seed 4 --quiet ";
    r = test::run_cli("train --out " + test::shell_quote((dir / "tuned.pt").string()) + init + tune + sky);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Model whole = Model::load(dir / "whole.pt"), tuned = Model::load(dir / "tuned.pt");
    EXPECT_EQ(tuned.config().channels, 8);
    EXPECT_EQ(tuned.config().mixtures, 2);
    EXPECT_EQ(tuned.config().predictor, whole.config().predictor);
    EXPECT_NE(tuned.content_hash(), whole.content_hash());
    EXPECT_EQ(nlohmann::json::parse(tuned.metadata_json())["training"].size(), 2u);
    auto mixed = test::run_cli("train --out " + test::shell_quote((dir / "bad.pt").string()) + init + tune +
                               "--channels 16 " + sky);
    EXPECT_EQ(mixed.exit_code, 2);
    EXPECT_NE(mixed.err.find("--channels"), std::string::npos) << mixed.err;

    // The matrix code the evaluate command and the GUI's matrix job run: what it stores is
    // what it returns (one prediction per frame, the store's matrix cell = bits / pixels).
    std::filesystem::path folder;
    for (const auto& e : std::filesystem::directory_iterator(dir / "sky" / "data"))
        if (folder.empty() || e.path() < folder) folder = e.path();
    store::ResultsStore st((dir / "m.db").string());
    std::size_t seen = 0;
    bench::NeuralEvalOptions three;
    three.max_frames = 3;
    const auto result = bench::evaluate_models({dir / "whole.pt"}, {folder}, three, &st,
                                               [&](const bench::NeuralEvalFrame& f) {
                                                   EXPECT_GT(f.bpp, 0);
                                                   ++seen;
                                               });
    EXPECT_EQ(seen, 3u);
    EXPECT_EQ(result.frames[0], 3u);
    const auto matrix = store::estimate_matrix(st);
    ASSERT_EQ(matrix.models.size(), 1u);
    EXPECT_EQ(matrix.models[0], "neural:whole.pt");
    ASSERT_TRUE(matrix.bpp[0][0].has_value());
    EXPECT_NEAR(*matrix.bpp[0][0], result.bpp(0, 0), 1e-9);
    EXPECT_THROW(bench::evaluate_models({dir / "whole.pt"}, {dir / "nothing"}, {}), Error);
}

std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// The command writes its checkpoint after every epoch and every --checkpoint-every minutes; a
// run killed with SIGKILL (no handler runs) after a periodic mid-epoch checkpoint resumes from
// it to exactly the weights of an uninterrupted run (trained here by the engine, without any
// stop), and the finished run removes its checkpoint.
TEST(NeuralCheckpoint, KilledRunResumesFromItsPeriodicCheckpoint) {
    test::TempDir dir;
    sample::write_sample_sky(dir / "sky", 1);
    const auto data = dir / "sky" / "data";
    const int epochs = 2, steps = 40;
    const std::vector<std::string> common{"--epochs", std::to_string(epochs), "--steps", std::to_string(steps), "--batch",
                                          "4", "--patch", "16", "--channels", "8", "--layers", "1", "--mixtures", "2",
                                          "--seed", "7", "--max-frames", "4", "--holdout", "0.25", "--progress", "json"};
    // The uninterrupted run, in memory.
    std::vector<std::string> names;
    auto [frames, held] = split_holdout(load_frames({data}, 4, &names), {0.25, false}, 7);
    Model whole({Split::Direct, 8, 1, 2}, 7);
    TrainOptions o = small_run(&held);
    o.epochs = epochs;
    o.steps_per_epoch = steps;
    o.seed = 7;
    o.datasets = names;
    ASSERT_FALSE(whole.train(frames, o).cancelled);

    // The command, checkpointing about every 6 ms, killed after its second mid-epoch checkpoint.
    const auto model = dir / "killed.pt", ckpt = dir / "killed.pt.ckpt", out = dir / "out.jsonl";
    std::vector<std::string> args{"train", "--out", model.string(), "--checkpoint-every", "0.0001"};
    args.insert(args.end(), common.begin(), common.end());
    args.push_back(data.string());
    test::Child child(args, out, dir / "err.txt");
    long long at = -1;
    for (int waited = 0, mid = 0; waited < 120000 && mid < 2; waited += 2) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        const std::string text = read_text(out);
        mid = 0;
        for (const auto& c : json_lines(text.substr(0, text.rfind('\n') + 1), "checkpoint")) {
            EXPECT_EQ(c["checkpoint"], ckpt.string());
            if (c["steps_done"].get<long long>() % steps != 0) {
                at = c["steps_done"].get<long long>();
                ++mid;
            }
        }
    }
    child.signal(SIGKILL);
    const auto status = child.wait(30);
    ASSERT_TRUE(status.has_value());
    ASSERT_TRUE(WIFSIGNALED(*status) && WTERMSIG(*status) == SIGKILL) << "the run ended before it was killed";
    ASSERT_GT(at, 0) << read_text(out);
    ASSERT_LT(at, epochs * steps);
    std::printf("killed after the checkpoint at step %lld of %d\n", at, epochs * steps);
    ASSERT_TRUE(std::filesystem::exists(ckpt));
    EXPECT_FALSE(std::filesystem::exists(model));
    EXPECT_TRUE(Model::load_checkpoint(ckpt).training_pending());  // whole, whatever the kill interrupted

    std::string resume = "train --out " + test::shell_quote(model.string()) + " --resume " + test::shell_quote(ckpt.string());
    for (const auto& a : common) resume += " " + a;
    auto r = test::run_cli(resume + " " + test::shell_quote(data.string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_LE(json_lines(r.out, "step").size(), std::size_t(epochs * steps - at));  // only the steps left
    EXPECT_EQ(Model::load(model).content_hash(), whole.content_hash());
    EXPECT_TRUE(same_weights(Model::load(model), whole));
    EXPECT_FALSE(std::filesystem::exists(ckpt));  // finished: nothing to resume

    // Uninterrupted through the command (checkpoints after each epoch only, in-process
    // continues): the same weights; its epoch checkpoint was written and then removed.
    std::string plain = "train --out " + test::shell_quote((dir / "plain.pt").string()) + " --checkpoint-every 0";
    for (const auto& a : common) plain += " " + a;
    r = test::run_cli(plain + " " + test::shell_quote(data.string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(json_lines(r.out, "checkpoint").size(), std::size_t(epochs - 1));
    EXPECT_EQ(json_lines(r.out, "step").size(), std::size_t(epochs * steps));
    EXPECT_EQ(Model::load(dir / "plain.pt").content_hash(), whole.content_hash());
    EXPECT_FALSE(std::filesystem::exists(dir / "plain.pt.ckpt"));
    EXPECT_EQ(test::run_cli("train --out x.pt --epochs 1 --checkpoint-every -1 " + test::shell_quote(data.string())).exit_code, 2);
    // A model file in a folder that does not exist: refused before any frame is read.
    r = test::run_cli("train --out " + test::shell_quote((dir / "no folder" / "m.pt").string()) + " --epochs 1 " +
                      test::shell_quote(data.string()));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("cannot create a file in " + (dir / "no folder").string()), std::string::npos) << r.err;
}

#endif

}  // namespace
}  // namespace bitsky::neural
