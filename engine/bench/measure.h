#pragma once
// One measurement (internal to engine/bench): `repeat` verified round trips of a frame
// (or of a whole HDU with a cube spec) with one codec, as store rows; and what the
// frame's noise predicts, stored beside them.
#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "engine/analysis/fidelity.h"
#include "engine/analysis/noise.h"
#include "engine/analysis/noise_any.h"
#include "engine/bench/plan.h"
#include "engine/image/cube.h"
#include "engine/image/pixel_frame.h"
#include "engine/store/store.h"

namespace bitsky::bench {

// How CPU seconds are counted: with one worker, the process's CPU time (includes
// codec-internal threads and helper processes); with several, the worker thread's,
// split between encode and decode in proportion to their wall times.
enum class CpuClock { Process, Thread };

// `repeat` round trips of one frame of any pixel type (each decoded and verified bit for
// bit, codecs::roundtrip; a lossy codec's against its own promise, the row marked lossy with
// the fidelity of the first repeat, analysis::measured_roundtrip with `fidelity`);
// raw_bytes = bytes per pixel x pixels; times are the minimum and median over repeats.
// Stops repeating (keeping what was measured) on *cancel.
store::ResultRow measure_frame(const CodecEntry& codec, const PixelFrame& frame, int repeat, CpuClock clock,
                               const std::atomic<int>* cancel, const analysis::FidelityOptions& fidelity = {});

// `repeat` verified cube round trips of one HDU, one row per frame (`rows` frames).
// Bytes: frame k's row holds its 2D codestream plus its framing and side information;
// the stream's own header and trailing checksum go to the first frame's row, so the rows
// sum to the stream size. Times are the cube's, split evenly over its frames. Every row
// carries the cube's lossless_ok and error.
std::vector<store::ResultRow> measure_cube(const CodecEntry& codec, const Cube16& cube, std::size_t rows, int repeat,
                                           CpuClock clock, const std::atomic<int>* cancel);

// What a frame's noise predicts: the noise floor (entropy of the rounded Gaussian of the
// robust sigma), the structure-inclusive prediction (the context model's bits), the Rice and
// fpack predictions, and (for frame 0) the noise estimates as the image row's JSON.
struct FramePredictions {
    std::vector<store::Prediction> predictions;
    std::optional<std::string> noise_json;
};
// `options`: the HDU's BLANK and SATURATE (analysis::noise_options_for). Empty for a frame
// the estimators cannot use (e.g. constant).
FramePredictions predict_frame(std::int64_t image_id, std::int64_t frame_index, const Frame16& frame,
                               const analysis::NoiseOptions& options);
// The same for a frame of any other pixel type (analysis::estimate_noise_any): sigma in the
// frame's units, the noise floor of its lossless coding ("gaussian-entropy"; for floats the
// bits of the noise at the values' precision); the context-model, Rice and fpack predictions
// only where the frame has a 16-bit view (integers spanning at most 65535 values).
FramePredictions predict_frame(std::int64_t image_id, std::int64_t frame_index, const PixelFrame& frame,
                               const analysis::AnyNoiseOptions& options);

}  // namespace bitsky::bench
