#include "engine/analysis/lossy_suggest.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <variant>

#include "engine/codecs/codec.h"
#include "engine/util/error.h"

namespace bitsky::analysis {

double SafeSuggestion::gain_over_lossless() const {
    if (!choice || lossless_bytes == 0 || rungs[*choice].compressed_bytes == 0) return 0.0;
    return double(lossless_bytes) / double(rungs[*choice].compressed_bytes);
}

void judge_rung(LadderRung& rung, const SafetyThresholds& thresholds) {
    rung.phot_error.reset();
    rung.noise_increase.reset();
    rung.phot_from_sources = false;
    rung.safe = false;
    if (!rung.error.empty() || !rung.fidelity) return;
    const Fidelity& f = *rung.fidelity;
    if (f.phot_error_rms) {
        rung.phot_error = *f.phot_error_rms;
        rung.phot_from_sources = true;
    } else if (f.rms_over_sigma) {
        rung.phot_error = *f.rms_over_sigma;
    }
    if (f.noise_increase || f.noise_increase_exact)
        rung.noise_increase = std::max(f.noise_increase.value_or(-1e300), f.noise_increase_exact.value_or(-1e300));
    rung.safe = rung.phot_error && rung.noise_increase && *rung.phot_error <= thresholds.phot_error &&
                *rung.noise_increase <= thresholds.noise_increase && f.nonfinite_changed == 0;
}

SafeSuggestion suggest_safe_setting(const PixelFrame& frame, const std::vector<std::string>& ladder,
                                    const SafetyThresholds& thresholds, const std::vector<std::string>& lossless,
                                    const FidelityOptions& options, std::stop_token stop) {
    // Every spec is checked before anything runs: a typo is bad usage, not a failed rung.
    std::vector<std::unique_ptr<codecs::Codec>> coders;
    for (const auto& spec : ladder) {
        coders.push_back(codecs::make_codec(spec));
        if (!coders.back()->lossy()) throw UsageError("'" + spec + "' is a lossless codec: the ladder takes lossy settings");
    }
    SafeSuggestion out;
    for (std::size_t i = 0; i < ladder.size(); ++i) {
        if (stop.stop_requested()) {
            out.stopped = true;
            return out;
        }
        LadderRung rung;
        rung.spec = ladder[i];
        rung.raw_bytes = frame.raw_bytes();
        const std::string refused = coders[i]->refusal(frame.bitpix(), frame.width, frame.height);
        if (!refused.empty()) {
            rung.error = refused;
        } else {
            const codecs::CodecResult r = measured_roundtrip(*coders[i], frame, options);
            rung.error = r.error;
            rung.compressed_bytes = r.compressed_bytes;
            rung.bpp = r.bpp();
            rung.fidelity = r.fidelity;
            if (rung.error.empty() && !rung.fidelity) rung.error = ladder[i] + ": no fidelity measured";
        }
        judge_rung(rung, thresholds);
        out.rungs.push_back(std::move(rung));
    }
    for (std::size_t i = 0; i < out.rungs.size(); ++i)
        if (out.rungs[i].safe && (!out.choice || out.rungs[i].compressed_bytes < out.rungs[*out.choice].compressed_bytes))
            out.choice = i;
    for (const auto& spec : lossless) {
        if (stop.stop_requested()) {
            out.stopped = true;
            break;
        }
        const auto codec = codecs::make_codec(spec);
        if (codec->lossy() || !codec->refusal(frame.bitpix(), frame.width, frame.height).empty()) continue;
        const codecs::CodecResult r = codecs::roundtrip(*codec, frame);
        if (!r.ok() || !r.lossless_ok) continue;
        if (out.lossless_codec.empty() || r.compressed_bytes < out.lossless_bytes) {
            out.lossless_codec = spec;
            out.lossless_bytes = r.compressed_bytes;
            out.lossless_bpp = r.bpp();
        }
    }
    return out;
}

std::vector<double> difference_map(const PixelFrame& original, const PixelFrame& decoded) {
    if (original.sample() != decoded.sample() || original.width != decoded.width || original.height != decoded.height)
        throw Error("difference map: the decoded frame differs from the original in type or size");
    std::vector<double> out(original.size());
    std::visit(
        [&](const auto& a) {
            using V = std::decay_t<decltype(a)>;
            const V& b = std::get<V>(decoded.values);
            for (std::size_t i = 0; i < out.size(); ++i) {
                const double x = double(a[i]), y = double(b[i]);
                out[i] = std::isfinite(x) && std::isfinite(y) ? x - y : std::numeric_limits<double>::quiet_NaN();
            }
        },
        original.values);
    return out;
}

DifferenceStats difference_stats(std::span<const double> diff, std::span<const std::uint8_t> mask, double sigma) {
    DifferenceStats s;
    double sum = 0, sum2 = 0;
    for (std::size_t i = 0; i < diff.size(); ++i) {
        if ((!mask.empty() && !mask[i]) || !std::isfinite(diff[i])) continue;
        ++s.n;
        sum += diff[i];
        sum2 += diff[i] * diff[i];
        s.max_abs = std::max(s.max_abs, std::fabs(diff[i]));
    }
    if (s.n == 0) return s;
    s.mean = sum / double(s.n);
    s.rms = std::sqrt(sum2 / double(s.n));
    if (sigma > 0) s.rms_over_sigma = s.rms / sigma;
    return s;
}

std::vector<std::string> quantization_ladder(const std::string& family) {
    std::vector<std::string> out;
    for (const char* q : {"q1", "q2", "q4", "q8", "q16", "q32"}) out.push_back(family + ":" + q);
    return out;
}

}  // namespace bitsky::analysis
