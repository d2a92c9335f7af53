#include "engine/bench/measure.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "engine/analysis/fidelity.h"
#include "engine/analysis/noise.h"
#include "engine/analysis/noise_any.h"
#include "engine/analysis/predict.h"
#include "engine/util/json.h"
#include "engine/util/stats.h"
#include "engine/util/timing.h"

namespace bitsky::bench {

using store::ResultRow;

namespace {

double cpu_now(CpuClock clock) {
    return clock == CpuClock::Process ? util::process_cpu_seconds() : util::thread_cpu_seconds();
}

// Minimum and median wall times of the repeats.
void set_times(ResultRow& row, const std::vector<double>& enc, const std::vector<double>& dec, double divide = 1) {
    row.repeats = static_cast<int>(std::max<std::size_t>(enc.size(), 1));
    if (enc.empty()) return;
    row.encode_s = *std::min_element(enc.begin(), enc.end()) / divide;
    row.decode_s = *std::min_element(dec.begin(), dec.end()) / divide;
    row.encode_median_s = util::median(enc) / divide;
    row.decode_median_s = util::median(dec) / divide;
}

// CPU seconds of one repeat split between encode and decode in proportion to their wall times.
std::pair<double, double> split_cpu(double cpu, double encode_s, double decode_s) {
    const double wall = encode_s + decode_s;
    const double encode_cpu = cpu * (wall > 0 ? encode_s / wall : 0.5);
    return {encode_cpu, cpu - encode_cpu};
}

bool cancelled(const std::atomic<int>* cancel) { return cancel && cancel->load() != 0; }

}  // namespace

ResultRow measure_frame(const CodecEntry& ce, const PixelFrame& frame, int repeat, CpuClock clock,
                        const std::atomic<int>* cancel, const analysis::FidelityOptions& fidelity) {
    ResultRow row;
    row.codec_id = ce.id;
    row.raw_bytes = static_cast<std::int64_t>(frame.raw_bytes());
    std::vector<double> enc, dec;
    double cpu_e = 0, cpu_d = 0;
    for (int r = 0; r < repeat; ++r) {
        if (r > 0 && cancelled(cancel)) break;  // keep what was measured
        const double t0 = util::thread_cpu_seconds();
        codecs::CodecResult res = codecs::roundtrip(*ce.codec, frame);
        const double thread_cpu = util::thread_cpu_seconds() - t0;
        if (r == 0) {
            row.compressed_bytes = static_cast<std::int64_t>(res.compressed_bytes);
            row.coding = res.coding;
            row.lossy = res.lossy;
            if (res.lossy && res.ok() && res.decoded) {  // fidelity once, outside the timed round trip
                try {
                    row.fidelity = analysis::measure_fidelity(frame, *res.decoded, fidelity);
                } catch (const std::exception& e) {
                    res.error = "codec " + ce.spec + ": fidelity not measured: " + e.what();
                }
            }
        }
        if (!res.ok()) {
            row.lossless_ok = false;
            row.fidelity.reset();
            row.error = res.error.empty() ? "codec " + ce.spec + ": round trip failed" : res.error;
            row.compressed_bytes = static_cast<std::int64_t>(res.compressed_bytes);
            enc.push_back(res.encode_s);
            dec.push_back(res.decode_s);
            break;
        }
        if (static_cast<std::int64_t>(res.compressed_bytes) != row.compressed_bytes) {
            row.lossless_ok = false;
            row.fidelity.reset();
            row.error = "codec " + ce.spec + ": compressed size differs between repeats (" +
                        std::to_string(row.compressed_bytes) + " then " + std::to_string(res.compressed_bytes) +
                        " bytes)";
            break;
        }
        auto [ce_s, cd_s] = clock == CpuClock::Process ? std::pair{res.encode_cpu_s, res.decode_cpu_s}
                                                       : split_cpu(thread_cpu, res.encode_s, res.decode_s);
        cpu_e = r == 0 ? ce_s : std::min(cpu_e, ce_s);
        cpu_d = r == 0 ? cd_s : std::min(cpu_d, cd_s);
        enc.push_back(res.encode_s);
        dec.push_back(res.decode_s);
        row.lossless_ok = res.lossless_ok;  // false for a verified lossy result (row.lossy)
    }
    set_times(row, enc, dec);
    row.encode_cpu_s = cpu_e;
    row.decode_cpu_s = cpu_d;
    row.peak_rss_kib = util::peak_rss_kib();
    return row;
}

std::vector<ResultRow> measure_cube(const CodecEntry& ce, const Cube16& cube, std::size_t rows, int repeat,
                                    CpuClock clock, const std::atomic<int>* cancel) {
    std::vector<std::int64_t> bytes;
    bool ok = false;
    std::string error;
    std::vector<double> enc, dec;
    double cpu_e = 0, cpu_d = 0;
    for (int r = 0; r < repeat; ++r) {
        if (r > 0 && cancelled(cancel)) break;
        const double t0 = cpu_now(clock);
        codecs::CubeRoundtrip rt = codecs::cube_roundtrip(*ce.cube, cube);
        const double cpu = cpu_now(clock) - t0;
        enc.push_back(rt.encode_s);
        dec.push_back(rt.decode_s);
        if (!rt.lossless_ok) {
            ok = false;
            error = rt.error.empty() ? "codec " + ce.spec + ": round trip failed" : rt.error;
            break;
        }
        std::vector<std::int64_t> b;
        std::size_t framed = 0;
        for (const auto& f : rt.frames) {
            b.push_back(static_cast<std::int64_t>(f.payload_bytes + f.side_bytes));
            framed += f.payload_bytes + f.side_bytes;
        }
        if (b.size() != rows || framed > rt.compressed_bytes) {
            ok = false;
            error = "codec " + ce.spec + ": cube encoder reported " + std::to_string(b.size()) + " frame(s) of " +
                    std::to_string(framed) + " bytes for " + std::to_string(rows) + " frame(s) and a stream of " +
                    std::to_string(rt.compressed_bytes) + " bytes";
            break;
        }
        b.front() += static_cast<std::int64_t>(rt.compressed_bytes - framed);
        if (r == 0) {
            bytes = b;
        } else if (b != bytes) {
            ok = false;
            error = "codec " + ce.spec + ": compressed size differs between repeats";
            break;
        }
        auto [ce_s, cd_s] = split_cpu(cpu, rt.encode_s, rt.decode_s);
        cpu_e = r == 0 ? ce_s : std::min(cpu_e, ce_s);
        cpu_d = r == 0 ? cd_s : std::min(cpu_d, cd_s);
        ok = true;
    }
    const double n = double(std::max<std::size_t>(rows, 1));
    std::vector<ResultRow> out(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        ResultRow& row = out[i];
        row.codec_id = ce.id;
        row.raw_bytes = static_cast<std::int64_t>(2 * cube.frame_pixels());
        row.compressed_bytes = ok ? bytes[i] : 0;
        row.lossless_ok = ok;
        if (!ok) row.error = error;
        set_times(row, enc, dec, n);
        row.encode_cpu_s = ok ? cpu_e / n : 0;
        row.decode_cpu_s = ok ? cpu_d / n : 0;
        row.peak_rss_kib = util::peak_rss_kib();
    }
    return out;
}

namespace {

nlohmann::json noise_json(const analysis::NoiseEstimate& ne) {
    return {{"frame", 0},
            {"sigma", ne.sigma()},
            {"estimator", ne.estimator},
            {"reason", ne.reason},
            {"correlated", ne.correlated},
            {"mask_fraction", ne.mask.fraction()},
            {"noise1", ne.masked.noise1},
            {"noise2", ne.masked.noise2},
            {"noise3", ne.masked.noise3},
            {"noise5", ne.masked.noise5},
            {"fpack_noise3", ne.cfitsio.noise3},
            {"mad", ne.mad},
            {"clipped_std", ne.clipped.std},
            {"background", ne.clipped.background}};
}

}  // namespace

FramePredictions predict_frame(std::int64_t image_id, std::int64_t frame_index, const Frame16& frame,
                               const analysis::NoiseOptions& options) {
    FramePredictions out;
    try {
        analysis::NoiseOptions nopt = options;
        nopt.tile = 0;  // no tile map: the per-image numbers are what the store keeps
        const analysis::NoiseEstimate ne = analysis::estimate_noise(frame, nopt);
        const analysis::CompressibilityPrediction p = analysis::predict_compressibility(ne);
        out.predictions = {{image_id, frame_index, "gaussian-entropy", p.entropy_bpp},
                           {image_id, frame_index, "context-model", analysis::structure_bpp(frame)},
                           {image_id, frame_index, "rice-predicted", p.rice_bpp},
                           {image_id, frame_index, "fpack-nbits", p.fpack_nbits}};
        if (frame_index == 0) out.noise_json = util::dump_json(noise_json(ne));
    } catch (const std::exception&) {
        return {};  // a frame the estimators cannot use has no prediction
    }
    return out;
}

FramePredictions predict_frame(std::int64_t image_id, std::int64_t frame_index, const PixelFrame& frame,
                               const analysis::AnyNoiseOptions& options) {
    FramePredictions out;
    try {
        analysis::AnyNoiseOptions nopt = options;
        nopt.tile = 0;
        const analysis::AnyNoise an = analysis::estimate_noise_any(frame, nopt);
        out.predictions = {{image_id, frame_index, "gaussian-entropy", an.floor_bpp}};
        if (an.u16) {
            const analysis::CompressibilityPrediction p = analysis::predict_compressibility(an.estimate);
            out.predictions.push_back({image_id, frame_index, "context-model", analysis::structure_bpp(an.u16->frame(0))});
            out.predictions.push_back({image_id, frame_index, "rice-predicted", p.rice_bpp});
            out.predictions.push_back({image_id, frame_index, "fpack-nbits", p.fpack_nbits});
        }
        if (frame_index == 0) {
            nlohmann::json j = noise_json(an.estimate);
            j["pixel_type"] = sample_name(frame.sample());
            j["view"] = an.view;
            out.noise_json = util::dump_json(j);
        }
    } catch (const std::exception&) {
        return {};
    }
    return out;
}

}  // namespace bitsky::bench
