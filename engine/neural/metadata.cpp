// Names of the neural model's options and the checks of its metadata (see metadata.h).
// Torch-free; linked into both bitsky_engine and the neural module.
#include "engine/neural/metadata.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "engine/util/error.h"

namespace bitsky::neural {

std::string split_name(Split s) { return s == Split::Direct ? "direct" : "msb-lsb"; }

Split parse_split(std::string_view name) {
    if (name == "direct") return Split::Direct;
    if (name == "msb-lsb") return Split::MsbLsb;
    throw UsageError("unknown split '" + std::string(name) + "'; valid: direct, msb-lsb");
}

std::string predictor_name(Predictor p) { return p == Predictor::Med ? "med" : "context"; }

Predictor parse_predictor(std::string_view name) {
    if (name == "med") return Predictor::Med;
    if (name == "context") return Predictor::Context;
    throw UsageError("unknown predictor '" + std::string(name) + "'; valid: context, med");
}

std::string context_name(Context c) {
    return c == Context::FullFrame ? "full" : c == Context::Tiled ? "tiled" : "coded";
}

namespace detail {

namespace {

std::string range(int lo, int hi) { return std::to_string(lo) + ".." + std::to_string(hi); }

// A metadata reader that names the file and the field in every error.
class Fields {
public:
    Fields(const nlohmann::json& j, const std::string& file) : j_(j), file_(file) {}

    [[noreturn]] void fail(const std::string& key, const std::string& why) const {
        throw Error("neural model '" + file_ + "': metadata field '" + key + "' " + why);
    }
    // The value as written. (JSON has no inf or NaN; the parser refuses numbers beyond double.)
    std::string shown(const std::string& key) const { return j_.at(key).dump(); }

    std::string text(const std::string& key) const {
        if (!j_.contains(key)) fail(key, "is missing");
        if (!j_.at(key).is_string()) fail(key, "is " + shown(key) + "; must be a string");
        return j_.at(key).get<std::string>();
    }
    // An integer in [lo, hi]; `fallback` when absent and optional.
    int integer(const std::string& key, int lo, int hi, bool optional = false, int fallback = 0) const {
        if (!j_.contains(key)) {
            if (optional) return fallback;
            fail(key, "is missing");
        }
        const auto& v = j_.at(key);
        bool ok = false;
        if (v.is_number_unsigned()) {
            const auto u = v.get<std::uint64_t>();
            ok = u <= std::uint64_t(hi) && std::int64_t(u) >= lo;
        } else if (v.is_number_integer()) {
            const auto i = v.get<std::int64_t>();
            ok = i >= lo && i <= hi;
        }
        if (!ok) fail(key, "is " + shown(key) + "; must be an integer in " + range(lo, hi));
        return int(v.get<std::int64_t>());
    }
    // A finite number in [lo, hi] (above lo if lo_open); `fallback` when absent.
    double number(const std::string& key, double lo, double hi, bool lo_open, double fallback) const {
        if (!j_.contains(key)) return fallback;
        const auto& v = j_.at(key);
        const double x = v.is_number() ? v.get<double>() : std::nan("");
        if (!std::isfinite(x) || x > hi || (lo_open ? x <= lo : x < lo)) {
            const std::string bounds = (lo_open ? "> " : ">= ") + nlohmann::json(lo).dump() + " and <= " +
                                       nlohmann::json(hi).dump();
            fail(key, "is " + shown(key) + "; must be a finite number " + bounds);
        }
        return x;
    }
    void array(const std::string& key) const {
        if (j_.contains(key) && !j_.at(key).is_array()) fail(key, "is " + shown(key) + "; must be an array");
    }

private:
    const nlohmann::json& j_;
    const std::string& file_;
};

}  // namespace

void check_config(const ModelConfig& c) {
    if (c.channels < 1 || c.channels > kMaxChannels)
        throw UsageError("neural model: channels must be in " + range(1, kMaxChannels));
    if (c.layers < 0 || c.layers > kMaxLayers) throw UsageError("neural model: layers must be in " + range(0, kMaxLayers));
    if (c.mixtures < 1 || c.mixtures > kMaxMixtures)
        throw UsageError("neural model: mixtures must be in " + range(1, kMaxMixtures));
}

void check_patch(int patch) {
    if (patch < kMinPatch || patch > kMaxPatch) throw UsageError("--patch must be in " + range(kMinPatch, kMaxPatch));
}

ModelInfo parse_metadata(std::string_view json_text, const std::string& file) {
    nlohmann::json j;
    std::string key;  // the last top-level field begun, to name it if its value is not JSON
    try {
        j = nlohmann::json::parse(json_text, [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
            if (depth == 1 && event == nlohmann::json::parse_event_t::key) key = parsed.get<std::string>();
            return true;
        });
    } catch (const nlohmann::json::exception& e) {
        throw Error("neural model '" + file + "': the metadata is not JSON" +
                    (key.empty() ? std::string() : " (at field '" + key + "')") + ": " + e.what());
    }
    if (!j.is_object()) throw Error("neural model '" + file + "': the metadata is not a JSON object");
    const Fields f(j, file);
    ModelInfo info;
    // Format 4 gave the network the frame's constants (and masks) as inputs: models of formats
    // 2 and 3 take other inputs and are refused (train them again). Format 5 added the
    // predictor field; a format-4 model predicts with MED.
    const std::string format = f.text("format");
    if (format == "bitsky-neural-2" || format == "bitsky-neural-3")
        throw Error("neural model '" + file + "' has format '" + format +
                    "' (an older BitSky: its network takes other inputs); this BitSky reads " + kFormat +
                    " and bitsky-neural-4: train the model again");
    if (format != kFormat && format != "bitsky-neural-4")
        f.fail("format", "is '" + format + "', unknown to this BitSky (" + kFormat + ")");
    if (format == kFormat) {
        const std::string predictor = f.text("predictor");
        if (predictor != "med" && predictor != "context")
            f.fail("predictor", "is '" + predictor + "'; must be context or med");
        info.config.predictor = parse_predictor(predictor);
    } else {
        info.config.predictor = Predictor::Med;
    }
    const std::string split = f.text("split");
    if (split != "direct" && split != "msb-lsb") f.fail("split", "is '" + split + "'; must be direct or msb-lsb");
    info.config.split = parse_split(split);
    info.config.channels = f.integer("channels", 1, kMaxChannels);
    info.config.layers = f.integer("layers", 0, kMaxLayers);
    info.config.mixtures = f.integer("mixtures", 1, kMaxMixtures);
    info.offset = f.number("offset", 0.0, 65535.0, false, 0.0);
    info.scale = f.number("scale", 0.0, 65535.0, true, 1.0);
    info.patch = f.integer("patch", kMinPatch, kMaxPatch, true, 32);
    f.integer("epochs", 0, 1 << 30, true);
    f.array("loss_curve");
    f.array("training");
    return info;
}

}  // namespace detail
}  // namespace bitsky::neural
