#pragma once
// A neural model's metadata (the JSON its file stores) and the limits every model is held
// to (internal to engine/neural, Torch-free). Compiled into both bitsky_engine and the
// neural module: the module checks a file's metadata before it builds the network, the
// engine checks it again before its kernel runs.
#include <string>
#include <string_view>

#include "engine/neural/infer.h"
#include "engine/neural/neural.h"

namespace bitsky::neural::detail {

// Limits of a model (kMaxMixtures, the kernel's, is in infer.h). Far above any useful model
// (the default is 16 channels, 2 layers, 3 mixtures, patch 32); they keep a bad file from
// asking for absurd amounts of memory.
inline constexpr int kMaxChannels = 512;
inline constexpr int kMaxLayers = 64;
inline constexpr int kMinPatch = 4, kMaxPatch = 4096;

inline constexpr const char* kFormat = "bitsky-neural-5";  // 4 is read too (predictor med)

// What the engine needs from a model's metadata, checked.
struct ModelInfo {
    ModelConfig config;
    double offset = 0.0;  // the training frames' median level, ADU (metadata; the kernel uses each frame's)
    double scale = 1.0;   // the training frames' noise, ADU (idem)
    int patch = 32;       // training patch side = tile side of Context::Tiled
};

// A configuration for a new model: UsageError naming the option outside its limits.
void check_config(const ModelConfig& config);
// A training patch side: UsageError outside kMinPatch..kMaxPatch.
void check_patch(int patch);

// Parses and checks every field of a model's metadata: format, split, predictor, channels, layers,
// mixtures (integers within the limits), offset (finite, 0..65535), scale (finite,
// 0 < scale <= 65535), patch, epochs and the training history's types. Error naming `file`
// and the field otherwise.
ModelInfo parse_metadata(std::string_view json_text, const std::string& file);

}  // namespace bitsky::neural::detail
