#pragma once
// The cross-dataset matrix of neural models (AstroCompress's generalisation table): every
// model evaluated on every data path (FITS files or dataset folders), each cell total bits /
// total pixels over the path's 16-bit frames (dataset rules of select_frames). Figures are
// likelihoods (neural::kEstimatedLabel). With a store: the models, datasets, images and one
// prediction per (image, frame) of kind "neural:<model file name>" (":tiled" appended for
// the tiled context), from which store::estimate_matrix rebuilds the matrix. Used by
// `bitsky-cli evaluate` (which the GUI's matrix job runs).
// The frames are listed first (every data path's files opened, a path without 16-bit frames
// refused before any model runs), then evaluated frame by frame, every model on a frame before
// the next; a cancel request stops between frames: each stored prediction is a whole frame's,
// each stored image has all models' predictions of the frames finished.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "engine/neural/neural.h"
#include "engine/store/store.h"

namespace bitsky::bench {

struct NeuralEvalOptions {
    neural::Context context = neural::Context::FullFrame;
    std::size_t max_frames = 0;  // per data path, 0: all
    int threads = 1;             // inference threads
    // Asked before every frame: true stops there (NeuralMatrix::cancelled; the rows stored stay).
    std::function<bool()> cancel;
    // Called once the frames are listed: the number of (model, frame) evaluations to come.
    std::function<void(std::size_t total)> on_start;
};

// One model on one frame, as it is evaluated.
struct NeuralEvalFrame {
    std::size_t model = 0, data = 0;  // indices into the lists given
    std::string source;               // "path[hdu]#frame"
    double bpp = 0;
    std::size_t done = 0, total = 0;  // (model, frame) evaluations done, this one included, and planned
};

struct NeuralMatrix {
    std::vector<std::string> names;                  // model file names
    std::vector<std::vector<double>> bits;           // [model][data path]
    std::vector<double> pixels;                      // [data path]
    std::vector<std::size_t> frames;                 // [data path]
    std::vector<double> seconds;                     // [model]: inference time
    std::size_t evaluations = 0, planned = 0;        // (model, frame) pairs done and listed
    bool cancelled = false;                          // stopped by options.cancel (frames done are counted)
    double bpp(std::size_t m, std::size_t d) const { return pixels[d] > 0 ? bits[m][d] / pixels[d] : 0.0; }
};

// Errors name the path: a missing data path, one without 16-bit frames (with the pixel types it
// has), an unreadable model, an unreadable FITS file.
NeuralMatrix evaluate_models(const std::vector<std::filesystem::path>& models,
                             const std::vector<std::filesystem::path>& data, const NeuralEvalOptions& options,
                             store::ResultsStore* st = nullptr,
                             const std::function<void(const NeuralEvalFrame&)>& on_frame = {});

}  // namespace bitsky::bench
