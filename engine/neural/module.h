#pragma once
// The interface between bitsky_engine and the neural module (internal to engine/neural,
// Torch-free). The module, libbitsky_neural.so, is built from engine/neural/*_torch.cpp
// and is the only binary that links LibTorch; module_loader.cpp opens it on first use
// (dlopen), so no other command pays for LibTorch's start-up (about a second, 150 MB).
//
// Both sides are compiled from this header by the same build, so the interface is plain
// C++: abstract classes, std types, and bitsky::Error / UsageError thrown through it. The
// entry point checks kModuleAbi and the BitSky version, refusing a module of another build.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "engine/neural/infer.h"
#include "engine/neural/neural.h"

namespace bitsky::neural::detail {

inline constexpr int kModuleAbi = 4;  // bump when this header, infer.h's NetWeights or the structs of neural.h change
inline constexpr const char* kModuleFile = "libbitsky_neural.so";
inline constexpr const char* kModuleEntry = "bitsky_neural_module";
// Environment variable naming the module file to use instead of the installed one.
inline constexpr const char* kModuleEnv = "BITSKY_NEURAL_MODULE";

// One model inside the module: the network (LibTorch) and its metadata.
class ModelBackend {
public:
    virtual ~ModelBackend() = default;
    virtual std::string metadata_json() const = 0;  // what the file stores (metadata.h checks it)
    virtual std::size_t parameter_count() const = 0;
    virtual NetWeights weights() const = 0;  // the trained weights in eval_rows' layout
    virtual void save(const std::filesystem::path& path) const = 0;
    // Options are checked by the engine (Model::train).
    virtual TrainReport train(const std::vector<TrainFrame>& frames, const TrainOptions& options) = 0;
    virtual bool training_pending() const = 0;  // a cancelled train() to continue
    virtual void save_checkpoint(const std::filesystem::path& path) const = 0;
    virtual NeuralCostMap reference_cost_map(const Frame16& frame, Context context, int threads) const = 0;
    virtual std::vector<double> pixel_distribution(const Frame16& frame, std::size_t x, std::size_t y) const = 0;
};

class Module {
public:
    // A fresh model (config already checked by the engine).
    virtual std::unique_ptr<ModelBackend> create(const ModelConfig& config, std::uint64_t seed) const = 0;
    // A model file; every field and weight is checked, errors name the file.
    virtual std::unique_ptr<ModelBackend> load(const std::filesystem::path& path) const = 0;
    // A training checkpoint (save_checkpoint): the model with its training pending.
    virtual std::unique_ptr<ModelBackend> load_checkpoint(const std::filesystem::path& path) const = 0;

protected:
    ~Module() = default;
};

// The module's one exported symbol (kModuleEntry, extern "C"): its Module, or null when
// abi / version are not its own.
using ModuleEntry = const Module* (*)(int abi, const char* version);

// The loaded module, opened on the first call (thread-safe, once per process): from
// $BITSKY_NEURAL_MODULE if set, else <executable dir>/<bin-to-lib path>/bitsky/, else the
// build tree. UsageError without one: without_torch_message() in a build without LibTorch,
// else every file tried and why it failed.
const Module& module();

}  // namespace bitsky::neural::detail
