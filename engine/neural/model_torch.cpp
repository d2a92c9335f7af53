// The neural module's model (TorchModel, net_torch.h) and its entry point: fresh models,
// model files, and LibTorch's errors turned into bitsky::Error. A model file is one
// LibTorch archive: the network's parameters and buffers plus the metadata JSON as a byte
// buffer ("bitsky_metadata"). Loading checks every metadata field (metadata.h) before the
// network is built, then every tensor the archive gave it (shape and type that the metadata's
// network needs, finite values, the causal masks): LibTorch's loader takes a tensor's shape
// from the file, so without these checks a file could hand the kernel arrays of any size.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>

#include "engine/neural/metadata.h"
#include "engine/neural/net_torch.h"
#include "engine/util/error.h"
#include "engine/util/files.h"

namespace bitsky::neural::libtorch {

namespace {

constexpr const char* kCheckpointFormat = "bitsky-training-checkpoint-1";

// Runs fn, turning LibTorch's errors into bitsky::Error prefixed with `what`.
template <class Fn>
auto guard(const std::string& what, Fn&& fn) -> decltype(fn()) {
    try {
        return fn();
    } catch (const c10::Error& e) {
        throw Error(what + ": " + e.what_without_backtrace());
    }
}

std::string shape_text(torch::IntArrayRef sizes) {
    std::string s = "[";
    for (std::size_t i = 0; i < sizes.size(); ++i) s += (i ? ", " : "") + std::to_string(sizes[i]);
    return s + "]";
}

std::string config_text(const ModelConfig& c) {
    return split_name(c.split) + ", " + std::to_string(c.channels) + " channels, " + std::to_string(c.layers) +
           " layers, " + std::to_string(c.mixtures) + " mixtures";
}

// Every parameter and buffer of a network by name, in the order LibTorch saves them.
std::vector<std::pair<std::string, torch::Tensor>> tensors(const Net& net) {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& p : net->named_parameters(true)) out.emplace_back(p.key(), p.value());
    for (const auto& b : net->named_buffers(true)) out.emplace_back(b.key(), b.value());
    return out;
}

// The metadata bytes of an archive.
std::string read_metadata(torch::serialize::InputArchive& ar, const std::string& file) {
    torch::Tensor bytes;
    if (!ar.try_read("bitsky_metadata", bytes, /*is_buffer=*/true))
        throw Error("'" + file + "' is not a BitSky neural model (no metadata)");
    bytes = bytes.contiguous();
    if (bytes.scalar_type() != torch::kUInt8 || bytes.dim() != 1)
        throw Error("neural model '" + file + "': the metadata is not a byte string");
    return std::string(reinterpret_cast<const char*>(bytes.data_ptr<std::uint8_t>()), std::size_t(bytes.numel()));
}

// The archive's names at every level (parameters, buffers, submodules) against those of the
// network the metadata describes, before loading: a missing or extra one is named.
void check_names(torch::serialize::InputArchive& ar, const nn::Module& m, const std::string& prefix,
                 const ModelConfig& cfg, const std::string& file) {
    std::set<std::string> want, have;
    for (const auto& p : m.named_parameters(false)) want.insert(p.key());
    for (const auto& b : m.named_buffers(false)) want.insert(b.key());
    for (const auto& c : m.named_children()) want.insert(c.key());
    for (auto& k : ar.keys())
        if (k != "training" && (!prefix.empty() || k != "bitsky_metadata")) have.insert(k);
    const std::string where = "neural model '" + file + "': ", net = "the metadata's network (" + config_text(cfg) + ")";
    for (const auto& k : want)
        if (!have.count(k)) throw Error(where + "the file has no '" + prefix + k + "', which " + net + " needs");
    for (const auto& k : have)
        if (!want.count(k)) throw Error(where + "the file holds '" + prefix + k + "', which " + net + " does not have");
    for (const auto& c : m.named_children()) {
        torch::serialize::InputArchive sub;
        if (!ar.try_read(c.key(), sub)) throw Error(where + "'" + prefix + c.key() + "' is not a module in the file");
        check_names(sub, *c.value(), prefix + c.key() + ".", cfg, file);
    }
}

// The network's tensors after loading against those the metadata's network was built with.
void check_tensors(const std::vector<std::pair<std::string, torch::Tensor>>& built, const Net& net,
                   const std::string& file) {
    const auto loaded = tensors(net);
    const std::string where = "neural model '" + file + "': ";
    if (loaded.size() != built.size()) throw Error(where + "the network's tensors changed while loading");
    for (std::size_t i = 0; i < built.size(); ++i) {
        const auto& [name, want] = built[i];
        const torch::Tensor& have = loaded[i].second;
        if (have.sizes() != want.sizes() || have.scalar_type() != want.scalar_type())
            throw Error(where + "weight '" + name + "' is " + shape_text(have.sizes()) + " " +
                        std::string(c10::toString(have.scalar_type())) + "; the metadata's network (" +
                        config_text(net->cfg) + ") needs " + shape_text(want.sizes()) + " " +
                        c10::toString(want.scalar_type()));
        if (!torch::isfinite(have).all().item<bool>())
            throw Error(where + "weight '" + name + "' holds values that are not finite");
        if (name.size() >= 4 && name.compare(name.size() - 4, 4, "mask") == 0 && !torch::equal(have, want))
            throw Error(where + "'" + name + "' is not the causal mask of its convolution");
    }
}

}  // namespace

TorchModel::TorchModel(const ModelConfig& config, std::uint64_t seed) : cfg_(config) {
    detail::check_config(config);
    guard("neural model", [&] {
        torch::manual_seed(seed);
        net_ = Net(config);
    });
    meta_ = {{"format", detail::kFormat},
             {"split", split_name(config.split)},
             {"predictor", predictor_name(config.predictor)},
             {"channels", config.channels},
             {"layers", config.layers},
             {"mixtures", config.mixtures},
             {"init_seed", seed},
             {"offset", 0.0},
             {"scale", 1.0},
             {"patch", 32},
             {"epochs", 0},
             {"loss_curve", nlohmann::json::array()},
             {"training", nlohmann::json::array()},
             {"label", kEstimatedLabel}};
}

std::unique_ptr<TorchModel> TorchModel::load(const std::filesystem::path& path) {
    const std::string file = path.string();
    std::unique_ptr<TorchModel> m(new TorchModel());
    torch::serialize::InputArchive ar;
    try {
        ar.load_from(file);
    } catch (const c10::Error& e) {
        std::string why = e.what_without_backtrace();
        why = why.substr(0, why.find('\n'));
        throw Error("neural model '" + file + "' is not a readable model archive (" + why + ")");
    }
    const std::string text = guard("cannot read neural model '" + file + "'", [&] { return read_metadata(ar, file); });
    m->cfg_ = detail::parse_metadata(text, file).config;  // every field checked before the network is built
    m->meta_ = nlohmann::json::parse(text);
    guard("cannot read neural model '" + file + "'", [&] {
        m->net_ = Net(m->cfg_);
        std::vector<std::pair<std::string, torch::Tensor>> built;
        for (const auto& [name, t] : tensors(m->net_)) built.emplace_back(name, t.detach().clone());
        check_names(ar, *m->net_, "", m->cfg_, file);
        m->net_->load(ar);
        check_tensors(built, m->net_, file);
    });
    m->net_->eval();
    return m;
}

void TorchModel::save(const std::filesystem::path& path) const {
    const std::string text = meta_.dump();
    guard("cannot write neural model '" + path.string() + "'", [&] {
        torch::serialize::OutputArchive ar;
        net_->save(ar);
        auto bytes = torch::from_blob(const_cast<char*>(text.data()), {std::int64_t(text.size())}, torch::kUInt8).clone();
        ar.write("bitsky_metadata", bytes, /*is_buffer=*/true);
        ar.save_to(path.string());
    });
}

std::size_t TorchModel::parameter_count() const {
    std::size_t n = 0;
    for (const auto& p : net_->parameters()) n += std::size_t(p.numel());
    return n;
}

detail::NetWeights TorchModel::weights() const {
    return guard("neural model", [&] { return export_weights(net_); });
}

// A checkpoint is one LibTorch archive: "net" (the network's tensors), "optimizer" (Adam's
// moments and step counts) and "bitsky_checkpoint", the TrainState as JSON (doubles are
// written so that they read back exactly). The file is flushed to the disk before it returns
// (Model::save_checkpoint writes a temporary file and renames it over the previous
// checkpoint: after a power loss either the old or the new one is there, whole).
void TorchModel::save_checkpoint(const std::filesystem::path& path) const {
    if (!pending_) throw Error("cannot write checkpoint '" + path.string() + "': no cancelled training to continue");
    const TrainState& st = *pending_;
    const nlohmann::json j{{"format", kCheckpointFormat},   {"run", st.run},
                           {"metadata", st.meta_before},    {"steps_done", st.t},
                           {"epoch", st.epoch},             {"step", st.step},
                           {"epoch_sum", st.epoch_sum},     {"rng", st.rng},
                           {"loss_curve", st.loss_curve},   {"holdout_curve", st.holdout_curve},
                           {"seconds", st.seconds}};
    const std::string text = j.dump();
    guard("cannot write checkpoint '" + path.string() + "'", [&] {
        torch::serialize::OutputArchive ar, net_ar, opt_ar;
        net_->save(net_ar);
        st.adam->save(opt_ar);
        ar.write("net", net_ar);
        ar.write("optimizer", opt_ar);
        auto bytes = torch::from_blob(const_cast<char*>(text.data()), {std::int64_t(text.size())}, torch::kUInt8).clone();
        ar.write("bitsky_checkpoint", bytes, /*is_buffer=*/true);
        ar.save_to(path.string());
    });
    const util::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0 || ::fsync(fd.get()) != 0)
        throw Error("cannot write checkpoint '" + path.string() + "': " + std::strerror(errno));
}

std::unique_ptr<TorchModel> TorchModel::load_checkpoint(const std::filesystem::path& path) {
    const std::string file = path.string(), where = "training checkpoint '" + file + "'";
    torch::serialize::InputArchive ar;
    try {
        ar.load_from(file);
    } catch (const c10::Error& e) {
        std::string why = e.what_without_backtrace();
        throw Error(where + " is not a readable archive (" + why.substr(0, why.find('\n')) + ")");
    }
    nlohmann::json j;
    guard("cannot read " + where, [&] {
        torch::Tensor bytes;
        if (!ar.try_read("bitsky_checkpoint", bytes, /*is_buffer=*/true))
            throw Error(where + " is not a BitSky training checkpoint");
        bytes = bytes.contiguous();
        if (bytes.scalar_type() != torch::kUInt8 || bytes.dim() != 1) throw Error(where + ": the state is not a byte string");
        j = nlohmann::json::parse(
            std::string(reinterpret_cast<const char*>(bytes.data_ptr<std::uint8_t>()), std::size_t(bytes.numel())),
            nullptr, /*allow_exceptions=*/false);
    });
    if (!j.is_object() || j.value("format", std::string()) != kCheckpointFormat)
        throw Error(where + " is not a BitSky training checkpoint of format " + kCheckpointFormat);
    auto st = std::make_shared<TrainState>();
    try {
        st->run = j.at("run");
        st->meta_before = j.at("metadata");
        st->t = j.at("steps_done").get<std::int64_t>();
        st->epoch = j.at("epoch").get<int>();
        st->step = j.at("step").get<int>();
        st->epoch_sum = j.at("epoch_sum").get<double>();
        st->rng = j.at("rng").get<std::array<std::uint64_t, 4>>();
        st->loss_curve = j.at("loss_curve").get<std::vector<double>>();
        st->holdout_curve = j.at("holdout_curve").get<std::vector<double>>();
        st->seconds = j.at("seconds").get<double>();
        (void)st->run.at("learning_rate").get<double>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(where + ": bad training state (" + e.what() + ")");
    }
    if (st->t < 0 || st->epoch < 1 || st->step < 1) throw Error(where + ": bad training state (step counts)");
    std::unique_ptr<TorchModel> m(new TorchModel());
    m->cfg_ = detail::parse_metadata(st->meta_before.dump(), file).config;  // checked before the network is built
    m->meta_ = st->meta_before;
    guard("cannot read " + where, [&] {
        m->net_ = Net(m->cfg_);
        std::vector<std::pair<std::string, torch::Tensor>> built;
        for (const auto& [name, t] : tensors(m->net_)) built.emplace_back(name, t.detach().clone());
        torch::serialize::InputArchive net_ar, opt_ar;
        if (!ar.try_read("net", net_ar)) throw Error(where + " holds no network");
        check_names(net_ar, *m->net_, "", m->cfg_, file);
        m->net_->load(net_ar);
        check_tensors(built, m->net_, file);
        if (!ar.try_read("optimizer", opt_ar)) throw Error(where + " holds no optimizer state");
        st->adam = std::make_shared<torch::optim::Adam>(
            m->net_->parameters(), torch::optim::AdamOptions(st->run.at("learning_rate").get<double>()));
        st->adam->load(opt_ar);
    });
    m->net_->eval();
    m->pending_ = st;
    return m;
}

TrainReport TorchModel::train(const std::vector<TrainFrame>& frames, const TrainOptions& options) {
    return guard("training the neural model", [&] { return run_training(frames, options); });
}

NeuralCostMap TorchModel::reference_cost_map(const Frame16& frame, Context context, int threads) const {
    return guard("neural model (LibTorch forward pass)", [&] { return forward_cost_map(frame, context, threads); });
}

std::vector<double> TorchModel::pixel_distribution(const Frame16& frame, std::size_t x, std::size_t y) const {
    return guard("neural model (pixel distribution)", [&] { return forward_distribution(frame, x, y); });
}

namespace {

class TorchModule final : public detail::Module {
public:
    std::unique_ptr<detail::ModelBackend> create(const ModelConfig& config, std::uint64_t seed) const override {
        return std::make_unique<TorchModel>(config, seed);
    }
    std::unique_ptr<detail::ModelBackend> load(const std::filesystem::path& path) const override {
        return TorchModel::load(path);
    }
    std::unique_ptr<detail::ModelBackend> load_checkpoint(const std::filesystem::path& path) const override {
        return TorchModel::load_checkpoint(path);
    }
};

}  // namespace
}  // namespace bitsky::neural::libtorch

// The module's only exported symbol (module.h: detail::ModuleEntry, detail::kModuleEntry).
extern "C" __attribute__((visibility("default"))) const bitsky::neural::detail::Module* bitsky_neural_module(
    int abi, const char* version) {
    if (abi != bitsky::neural::detail::kModuleAbi || !version || std::strcmp(version, BITSKY_VERSION) != 0) return nullptr;
    static const bitsky::neural::libtorch::TorchModule module;
    return &module;
}
