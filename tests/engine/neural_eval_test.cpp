// The cross-dataset matrix (bench::evaluate_models, bitsky-cli evaluate) on real 16-bit files:
// a cancel stops between frames, and the store then holds every model's prediction of each
// frame finished, equal to the uninterrupted run's, and nothing else; every model and data
// path is its own argument (names with commas and spaces), the old comma list is refused
// with the spelling to use; a path without 16-bit frames is refused naming its pixel types.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/bench/neural_eval.h"
#include "engine/store/estimates.h"
#include "engine/store/store.h"
#include "engine/util/error.h"
#include "tests/engine/test_support.h"

namespace bitsky::bench {
namespace {

#ifdef BITSKY_HAVE_TORCH

namespace fs = std::filesystem;

// Real frames: 4 files, 8 16-bit frames, in a folder whose name has a comma and a space.
fs::path real_folder(const test::TempDir& dir) {
    const fs::path folder = dir / "real, night 1";
    fs::create_directories(folder);
    for (const char* f : {"dss_plate.fits", "hst_stis_raw.fits", "mef_4x40x40.fits", "ngc1316r.fits"})
        fs::copy_file(test::shared_data(std::string("real/") + f), folder / f);
    return folder;
}

// (image path, hdu, frame) -> {kind -> bpp} of the store's neural predictions.
std::map<std::string, std::map<std::string, double>> stored(store::ResultsStore& st) {
    std::map<std::string, std::map<std::string, double>> out;
    for (const auto& img : st.images()) {
        const auto preds = st.predictions(img.id);
        EXPECT_FALSE(preds.empty()) << img.path << ": an image row without predictions";
        for (const auto& p : preds)
            out[img.path + "[" + std::to_string(img.hdu) + "]#" + std::to_string(p.frame)][p.kind] = p.bpp;
    }
    return out;
}

TEST(NeuralEval, CancelStopsBetweenFramesAndKeepsWholeFrames) {
    test::TempDir dir;
    const fs::path folder = real_folder(dir);
    fs::copy_file(test::data("neural/sky_direct.pt"), dir / "a, 1.pt");
    fs::copy_file(test::data("neural/sky_direct.pt"), dir / "b.pt");
    const std::vector<fs::path> models{dir / "a, 1.pt", dir / "b.pt"};

    store::ResultsStore whole_db((dir / "whole.db").string());
    std::size_t planned = 0;
    NeuralEvalOptions opt;
    opt.on_start = [&](std::size_t total) { planned = total; };
    const auto whole = evaluate_models(models, {folder}, opt, &whole_db);
    EXPECT_FALSE(whole.cancelled);
    EXPECT_EQ(whole.frames[0], 8u);
    EXPECT_EQ(planned, 16u);
    EXPECT_EQ(whole.evaluations, 16u);
    const auto all = stored(whole_db);
    ASSERT_EQ(all.size(), 8u);

    // Asked before every frame; true on the fourth: three frames evaluated by both models.
    store::ResultsStore part_db((dir / "part.db").string());
    int asked = 0;
    opt.cancel = [&] { return ++asked >= 4; };
    std::vector<std::size_t> done;
    const auto part = evaluate_models(models, {folder}, opt, &part_db, [&](const NeuralEvalFrame& f) {
        done.push_back(f.done);
        EXPECT_EQ(f.total, 16u);
    });
    EXPECT_TRUE(part.cancelled);
    EXPECT_EQ(part.frames[0], 3u);
    EXPECT_EQ(part.evaluations, 6u);
    EXPECT_EQ(done, (std::vector<std::size_t>{1, 2, 3, 4, 5, 6}));
    const auto kept = stored(part_db);
    ASSERT_EQ(kept.size(), 3u);
    for (const auto& [frame, kinds] : kept) {
        ASSERT_EQ(kinds.size(), 2u) << frame;
        EXPECT_EQ(kinds, all.at(frame)) << frame;  // the uninterrupted run's values
    }
    EXPECT_EQ(part.bpp(0, 0), part.bpp(1, 0));  // the same model twice

    // Cancelled before the first frame: nothing but the models is stored.
    store::ResultsStore none_db((dir / "none.db").string());
    opt.cancel = [] { return true; };
    EXPECT_EQ(evaluate_models(models, {folder}, opt, &none_db).evaluations, 0u);
    EXPECT_TRUE(none_db.images().empty());
}

TEST(NeuralEval, EachPathIsItsOwnArgument) {
    test::TempDir dir;
    const fs::path folder = real_folder(dir);
    fs::copy_file(test::data("neural/sky_direct.pt"), dir / "a, 1.pt");
    fs::copy_file(test::data("neural/sky_direct.pt"), dir / "b.pt");
    const std::string a = test::shell_quote((dir / "a, 1.pt").string()), b = test::shell_quote((dir / "b.pt").string());
    const std::string db = (dir / "m.db").string();
    auto r = test::run_cli("evaluate --models " + a + " " + b + " --data " + test::shell_quote(folder.string()) +
                           " --db " + test::shell_quote(db) + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["models"], (std::vector<std::string>{"a, 1.pt", "b.pt"}));
    EXPECT_EQ(j["data"], std::vector<std::string>{folder.string()});
    EXPECT_EQ(j["frames"][0], 8);
    store::ResultsStore st(db);
    ASSERT_EQ(st.datasets().size(), 1u);
    EXPECT_EQ(st.datasets()[0].root, fs::absolute(folder).string());
    EXPECT_EQ(store::estimate_matrix(st).models.size(), 2u);

    // The option repeated is the same list.
    r = test::run_cli("evaluate --models " + a + " --models " + b + " --data " + test::shell_quote(folder.string()) +
                      " --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["models"].size(), 2u);

    // The old comma list: usage error naming the spelling to use.
    const std::string b_path = (dir / "b.pt").string();
    r = test::run_cli("evaluate --models " + test::shell_quote(b_path + "," + b_path) + " --data " +
                      test::shell_quote(folder.string()));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("give each path as its own argument (--models " + b_path + " " + b_path + ")"),
              std::string::npos)
        << r.err;

    // A folder of float images only: refused before any model runs, naming it and its types.
    fs::create_directories(dir / "floats");
    fs::copy_file(test::shared_data("corpus/soho_eit_f64.fits"), dir / "floats" / "soho_eit_f64.fits");
    r = test::run_cli("evaluate --models " + b + " --data " + test::shell_quote((dir / "floats").string()));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find((dir / "floats").string() + "' has no 16-bit frames"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("BITPIX -64"), std::string::npos) << r.err;
}

#endif

}  // namespace
}  // namespace bitsky::bench
