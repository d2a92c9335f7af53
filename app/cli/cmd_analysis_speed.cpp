// bitsky-cli analysis-speed: speed of the bit-cost maps (iid, context) and of the bitsky
// codec on one core, on a synthetic sample-sky frame, beside JPEG-LS measured in the
// same run (the machine may be shared: compare the ratios), and of bitsky's coder of the
// other integer types on the same pixels as int32 and uint8; then bits per pixel of
// bitsky and the comparison codecs (JPEG-XL e7/e9, JPEG-LS by default) on every 16-bit
// frame of the sample sky (with the gap to its BSKYHLIM noise-entropy limit) and of any
// FITS files named on the command line, and bitsky's speed on those files' integer frames
// (BITPIX 8, 16, 32). Every codec result is a verified round trip.
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "app/cli/command.h"
#include "engine/analysis/costmap.h"
#include "engine/codecs/codec.h"
#include "engine/fits/fits.h"
#include "engine/image/pixel_frame.h"
#include "engine/sample/sample_sky.h"
#include "engine/util/error.h"
#include "engine/util/stats.h"
#include "engine/util/timing.h"
#include "engine/util/json.h"

namespace bitsky::cli {
namespace {

namespace fs = std::filesystem;

// Wall time, and the calling thread's CPU time: unlike wall time it does not count the
// time the thread waits for a core on a loaded machine.
using util::wall_seconds;
using util::thread_cpu_seconds;

struct Timing {
    double wall = -1, cpu = -1;  // best of the runs, each
};

// Best wall time and best thread CPU time of fn over `repeat` runs.
template <class Fn>
Timing best_of(int repeat, Fn&& fn) {
    Timing best;
    for (int i = 0; i < repeat; ++i) {
        double t0 = wall_seconds(), c0 = thread_cpu_seconds();
        fn();
        double t = wall_seconds() - t0, c = thread_cpu_seconds() - c0;
        if (best.wall < 0 || t < best.wall) best.wall = t;
        if (best.cpu < 0 || c < best.cpu) best.cpu = c;
    }
    return best;
}

// The speed frame as other integer types, for bitsky's any-type coder: int32 of the same
// range (its plane is the 16-bit frame itself), int32 with 3 more noise bits (a 19-bit
// range: the palette/split path) and an 8-bit camera frame (the values above 1000, capped).
std::vector<std::pair<std::string, PixelFrame>> typed_frames(const std::vector<std::uint16_t>& px, std::size_t n) {
    std::vector<std::int32_t> narrow(px.size()), wide(px.size());
    std::vector<std::uint8_t> u8(px.size());
    std::uint32_t lcg = 12345;
    for (std::size_t i = 0; i < px.size(); ++i) {
        lcg = lcg * 1664525u + 1013904223u;
        narrow[i] = std::int32_t(px[i]) - 32768;
        wide[i] = std::int32_t(px[i]) * 8 + std::int32_t(lcg >> 29);
        u8[i] = std::uint8_t(std::clamp(int(px[i]) - 1000, 0, 255));
    }
    std::vector<std::pair<std::string, PixelFrame>> out;
    out.emplace_back("int32 (16-bit range)", PixelFrame::of(std::move(narrow), n, n));
    out.emplace_back("int32 (19-bit range)", PixelFrame::of(std::move(wide), n, n));
    out.emplace_back("uint8", PixelFrame::of(std::move(u8), n, n));
    return out;
}

// Bits per pixel of every codec on every 16-bit frame of a file; BSKYHLIM if present.
nlohmann::json frames_of(const fs::path& path, const std::string& label, const std::vector<std::string>& specs,
                         const std::vector<std::unique_ptr<codecs::Codec>>& codecs, bool quiet) {
    nlohmann::json rows = nlohmann::json::array();
    auto file = fits::File::open(path);
    for (const auto& h : file.hdus()) {
        if (!h.is_16bit()) continue;
        std::optional<double> hlim;
        if (auto c = h.card_value("BSKYHLIM")) hlim = std::stod(*c);
        auto cube = file.read_u16(h.index);
        for (std::size_t k = 0; k < cube.frame_count(); ++k) {
            auto f = cube.frame(k);
            nlohmann::json row{{"file", label}, {"hdu", h.index}, {"frame", k}, {"width", f.width}, {"height", f.height}};
            nlohmann::json bpp;
            for (std::size_t c = 0; c < codecs.size(); ++c) {
                auto r = codecs::roundtrip(*codecs[c], f);
                if (!r.ok()) throw Error(label + ": " + r.error);
                bpp[specs[c]] = r.bpp();
            }
            bpp["context-map"] = analysis::context_cost_map(f).bpp();
            row["bpp"] = bpp;
            if (hlim) {
                row["hlim_bpp"] = *hlim;
                row["bitsky_gap_bpp"] = bpp["bitsky"].get<double>() - *hlim;
            }
            if (!quiet) {
                std::printf("%-28s %3d %3zu %5zux%-5zu", label.c_str(), h.index, k, f.width, f.height);
                for (const auto& s : specs) std::printf(" %9.4f", bpp[s].get<double>());
                if (hlim) std::printf("  hlim %.4f gap %+.4f", *hlim, row["bitsky_gap_bpp"].get<double>());
                std::printf("\n");
                std::fflush(stdout);
            }
            rows.push_back(row);
        }
    }
    return rows;
}

// bitsky's encode and decode speed on every integer frame of a file (BITPIX 8 and 32: the
// any-type coder, "BSX1"; BITPIX 16: the 16-bit coder, "BSK5", through the same
// encode_any a bench takes): thread CPU time of `repeat` runs (median and best), each run
// verified bit for bit.
nlohmann::json integer_speeds(const fs::path& path, const std::string& label, const codecs::Codec& bitsky,
                              int repeat, bool quiet) {
    nlohmann::json rows = nlohmann::json::array();
    auto file = fits::File::open(path);
    for (const auto& h : file.hdus()) {
        if (!h.is_image() || (h.bitpix != 8 && h.bitpix != 16 && h.bitpix != 32)) continue;
        std::size_t planes = 1;
        for (std::size_t a = 2; a < h.axes.size(); ++a) planes *= h.axes[a];
        for (std::size_t k = 0; k < planes; ++k) {
            const PixelFrame f = file.read_frame(h.index, k);
            std::vector<double> enc, dec;
            std::vector<std::uint8_t> bytes;
            PixelFrame back;
            for (int i = 0; i < repeat; ++i) {
                double c0 = thread_cpu_seconds();
                bytes = bitsky.encode_any(f);
                enc.push_back(thread_cpu_seconds() - c0);
                c0 = thread_cpu_seconds();
                back = bitsky.decode_any(bytes, f.sample(), f.width, f.height);
                dec.push_back(thread_cpu_seconds() - c0);
                if (const auto d = first_difference(f, back); !d.empty())
                    throw Error(label + ": bitsky round trip failed on HDU " + std::to_string(h.index) + ": " + d);
            }
            const double mpx = static_cast<double>(f.size()) / 1e6;
            const double bpp = 8.0 * static_cast<double>(bytes.size()) / static_cast<double>(f.size());
            nlohmann::json row{{"file", label},
                               {"hdu", h.index},
                               {"frame", k},
                               {"pixel_type", sample_name(f.sample())},
                               {"width", f.width},
                               {"height", f.height},
                               {"coding", bitsky.coding(f)},
                               {"bpp", bpp},
                               {"encode_cpu_mpx_s", mpx / util::median(enc)},
                               {"encode_cpu_mpx_s_best", mpx / *std::min_element(enc.begin(), enc.end())},
                               {"decode_cpu_mpx_s", mpx / util::median(dec)}};
            if (!quiet) {
                std::printf("%-28s %3d %3zu %5zux%-5zu %-7s encode %6.2f Mpx/s (best %6.2f) decode %6.2f %8.4f bpp\n",
                            label.c_str(), h.index, k, f.width, f.height, sample_name(f.sample()),
                            row["encode_cpu_mpx_s"].get<double>(), row["encode_cpu_mpx_s_best"].get<double>(),
                            row["decode_cpu_mpx_s"].get<double>(), bpp);
                std::fflush(stdout);
            }
            rows.push_back(row);
        }
    }
    return rows;
}

class AnalysisSpeed final : public Command {
public:
    void declare(CLI::App& cmd) override {
        cmd.add_option("--size", size_, "Side of the synthetic speed frame (pixels)")
            ->check(CLI::Range(16, 16384))
            ->capture_default_str();
        cmd.add_option("--repeat", repeat_, "Runs of each measurement (the best counts)")
            ->check(at_least(1))
            ->capture_default_str();
        cmd.add_option("--codecs", codecs_, "Codecs compared with bitsky, comma-separated (see bitsky-cli codecs)")
            ->type_name("LIST")
            ->capture_default_str();
        cmd.add_option("--sample", sample_dir_, "Write the sample sky here and keep it (default: a temporary folder)")
            ->type_name("DIR");
        cmd.add_flag("--no-sample", no_sample_, "Skip the sample sky (only the speed frame and FILEs)");
        cmd.add_flag("--json", json_, "Print JSON instead of text");
        cmd.add_flag("--quiet", quiet_, "No text output");
        cmd.add_option("FILE", files_,
                       "More FITS files to measure bits per pixel on (16-bit frames) and bitsky's speed on (8-, 16- "
                       "and 32-bit integer frames: CPU time, median of --repeat runs)");
    }
    int run() override;

private:
    long long size_ = 4096, repeat_ = 2;
    std::string codecs_ = "jpegxl:e7,jpegxl:e9,jpegls";
    std::optional<std::string> sample_dir_;
    bool no_sample_ = false, json_ = false, quiet_ = false;
    std::vector<std::string> files_;
};

int AnalysisSpeed::run() {
    const long long size = size_, repeat = repeat_;
    std::vector<std::string> specs{"bitsky"};
    for (const auto& s : codecs::parse_codec_list(codecs_))
        if (s != "bitsky") specs.push_back(s);
    std::vector<std::unique_ptr<codecs::Codec>> cs;
    for (const auto& s : specs) cs.push_back(codecs::make_codec(s, {1}));
    const bool json = json_, quiet = json || quiet_;

    // 1. Speed on one synthetic frame (read noise 5 ADU, sky 100 e-, stars and galaxies).
    const std::size_t n = static_cast<std::size_t>(size);
    auto synth = sample::synthetic_frame(n, n, 5.0, 100.0, 1);
    Frame16 frame{synth.pixels, n, n};
    const double mpx = static_cast<double>(n * n) / 1e6;
    auto bitsky = codecs::make_codec("bitsky", {1});
    auto jpegls = codecs::make_codec("jpegls", {1});
    analysis::BitCostMap iid, ctx;
    std::vector<std::uint8_t> bs, ls;
    std::vector<std::uint16_t> back;
    const Timing t_iid = best_of(static_cast<int>(repeat), [&] { iid = analysis::compute_cost_map("iid", frame); });
    const Timing t_ctx = best_of(static_cast<int>(repeat), [&] { ctx = analysis::context_cost_map(frame); });
    const Timing t_benc = best_of(static_cast<int>(repeat), [&] { bs = bitsky->encode(frame); });
    const Timing t_bdec = best_of(static_cast<int>(repeat), [&] { back = bitsky->decode(bs, n, n); });
    if (back != synth.pixels) throw Error("bitsky round trip failed on the synthetic frame");
    const Timing t_lenc = best_of(static_cast<int>(repeat), [&] { ls = jpegls->encode(frame); });
    const Timing t_ldec = best_of(static_cast<int>(repeat), [&] { back = jpegls->decode(ls, n, n); });
    if (back != synth.pixels) throw Error("jpegls round trip failed on the synthetic frame");
    // Each run times the 16-bit coder on the frame right before the other type (paired
    // CPU-time ratios, their median reported: the machine's speed drifts between runs).
    nlohmann::json types = nlohmann::json::array();
    for (const auto& [label, f] : typed_frames(synth.pixels, n)) {
        std::vector<std::uint8_t> tb, b16;
        PixelFrame tf;
        std::vector<double> enc_ratio, dec_ratio;
        Timing te, td, te16, td16;
        for (long long i = 0; i < repeat; ++i) {
            const Timing e16 = best_of(1, [&] { b16 = bitsky->encode(frame); });
            const Timing e = best_of(1, [&] { tb = bitsky->encode_any(f); });
            const Timing d16 = best_of(1, [&] { back = bitsky->decode(b16, n, n); });
            const Timing d = best_of(1, [&] { tf = bitsky->decode_any(tb, f.sample(), n, n); });
            enc_ratio.push_back(e16.cpu / e.cpu);
            dec_ratio.push_back(d16.cpu / d.cpu);
            if (i == 0 || e.cpu < te.cpu) te = e;
            if (i == 0 || d.cpu < td.cpu) td = d;
            if (i == 0 || e16.cpu < te16.cpu) te16 = e16;
            if (i == 0 || d16.cpu < td16.cpu) td16 = d16;
        }
        if (const auto d = first_difference(f, tf); !d.empty()) throw Error("bitsky round trip failed on " + label + ": " + d);
        types.push_back({{"frame", label}, {"coding", bitsky->coding(f)},
                         {"bpp", 8.0 * static_cast<double>(tb.size()) / static_cast<double>(n * n)},
                         {"encode_cpu_mpx_s", mpx / te.cpu}, {"decode_cpu_mpx_s", mpx / td.cpu},
                         {"paired_bitsky16_encode_cpu_mpx_s", mpx / te16.cpu},
                         {"paired_bitsky16_decode_cpu_mpx_s", mpx / td16.cpu},
                         {"vs_bitsky16_encode_cpu", util::median(enc_ratio)},
                         {"vs_bitsky16_decode_cpu", util::median(dec_ratio)},
                         {"vs_jpegls_encode_cpu", t_lenc.cpu / te.cpu}, {"vs_jpegls_decode_cpu", t_ldec.cpu / td.cpu}});
    }
    auto speed = [&](const Timing& t) { return mpx / t.wall; };
    auto cpu_speed = [&](const Timing& t) { return mpx / t.cpu; };
    const double ls_enc = speed(t_lenc);
    nlohmann::json sp{
        {"size", n},
        {"repeat", repeat},
        {"threads", 1},
        {"entropy_limit_bpp", synth.entropy_limit_bpp},
        {"iid_map", {{"mpx_s", speed(t_iid)}, {"vs_jpegls_encode", speed(t_iid) / ls_enc}, {"bpp", iid.bpp()}}},
        {"context_map", {{"mpx_s", speed(t_ctx)}, {"vs_jpegls_encode", speed(t_ctx) / ls_enc}, {"bpp", ctx.bpp()}}},
        {"bitsky_encode",
         {{"mpx_s", speed(t_benc)}, {"vs_jpegls_encode", speed(t_benc) / ls_enc},
          {"bpp", 8.0 * static_cast<double>(bs.size()) / static_cast<double>(n * n)}}},
        {"bitsky_decode", {{"mpx_s", speed(t_bdec)}, {"vs_jpegls_decode", t_ldec.wall / t_bdec.wall}}},
        {"jpegls_encode",
         {{"mpx_s", ls_enc}, {"bpp", 8.0 * static_cast<double>(ls.size()) / static_cast<double>(n * n)}}},
        {"jpegls_decode", {{"mpx_s", speed(t_ldec)}}},
        {"cpu_mpx_s",
         {{"iid_map", cpu_speed(t_iid)}, {"context_map", cpu_speed(t_ctx)}, {"bitsky_encode", cpu_speed(t_benc)},
          {"bitsky_decode", cpu_speed(t_bdec)}, {"jpegls_encode", cpu_speed(t_lenc)}, {"jpegls_decode", cpu_speed(t_ldec)}}},
        {"bitsky_types", types}};
    if (!quiet) {
        std::printf("speed, one core, %zux%zu synthetic frame (best of %lld; JPEG-LS in the same run)\n", n, n, repeat);
        std::printf("  %-14s %8s %9s %8s\n", "", "Mpx/s", "x JPEG-LS", "bpp");
        std::printf("  %-14s %8.2f %9.3f %8.4f\n", "iid map", speed(t_iid), speed(t_iid) / ls_enc, iid.bpp());
        std::printf("  %-14s %8.2f %9.3f %8.4f\n", "context map", speed(t_ctx), speed(t_ctx) / ls_enc, ctx.bpp());
        std::printf("  %-14s %8.2f %9.3f %8.4f\n", "bitsky encode", speed(t_benc), speed(t_benc) / ls_enc,
                    sp["bitsky_encode"]["bpp"].get<double>());
        std::printf("  %-14s %8.2f %9.3f\n", "bitsky decode", speed(t_bdec), t_ldec.wall / t_bdec.wall);
        std::printf("  %-14s %8.2f %9.3f %8.4f\n", "jpegls encode", ls_enc, 1.0, sp["jpegls_encode"]["bpp"].get<double>());
        std::printf("  %-14s %8.2f %9.3f\n", "jpegls decode", speed(t_ldec), 1.0);
        std::printf("  by thread CPU time (load-independent), Mpx/s and x JPEG-LS encode/decode:\n");
        std::printf("    context map %.2f (%.3f), bitsky encode %.2f (%.3f), decode %.2f (%.3f), jpegls %.2f / %.2f\n",
                    cpu_speed(t_ctx), cpu_speed(t_ctx) / cpu_speed(t_lenc), cpu_speed(t_benc),
                    cpu_speed(t_benc) / cpu_speed(t_lenc), cpu_speed(t_bdec), cpu_speed(t_bdec) / cpu_speed(t_ldec),
                    cpu_speed(t_lenc), cpu_speed(t_ldec));
        std::printf("  noise-entropy limit of the frame: %.4f bpp\n", synth.entropy_limit_bpp);
        std::printf("  bitsky on the same pixels as other types, by thread CPU time (median x the 16-bit coder, paired):\n");
        for (const auto& t : types)
            std::printf("    %-22s encode %6.2f (%.3f; %.3f JPEG-LS) decode %6.2f (%.3f) %7.4f bpp  %s\n",
                        t["frame"].get<std::string>().c_str(), t["encode_cpu_mpx_s"].get<double>(),
                        t["vs_bitsky16_encode_cpu"].get<double>(), t["vs_jpegls_encode_cpu"].get<double>(),
                        t["decode_cpu_mpx_s"].get<double>(), t["vs_bitsky16_decode_cpu"].get<double>(),
                        t["bpp"].get<double>(), t["coding"].get<std::string>().c_str());
        std::printf("\n");
        std::printf("%-28s %3s %3s %11s", "bits per pixel", "hdu", "fr", "shape");
        for (const auto& s : specs) std::printf(" %9s", s.c_str());
        std::printf("\n");
        std::fflush(stdout);
    }

    // 2. Ratios: the sample sky (unless --no-sample) and the named files.
    nlohmann::json rows = nlohmann::json::array();
    if (!no_sample_) {
        fs::path dir;
        std::optional<fs::path> tmp;
        if (sample_dir_) {
            dir = *sample_dir_;
        } else {
            tmp = fs::temp_directory_path() / ("bitsky-analysis-speed-" + std::to_string(::getpid()));
            dir = *tmp;
        }
        try {
            for (const auto& f : sample::write_sample_sky(dir))
                for (auto& r : frames_of(dir / f.path, f.path.filename().string(), specs, cs, quiet)) rows.push_back(r);
        } catch (...) {
            if (tmp) fs::remove_all(*tmp);
            throw;
        }
        if (tmp) fs::remove_all(*tmp);
    }
    for (const auto& p : files_)
        for (auto& r : frames_of(p, fs::path(p).filename().string(), specs, cs, quiet)) rows.push_back(r);
    // 3. bitsky's speed on the named files' 8-, 16- and 32-bit integer frames.
    nlohmann::json ints = nlohmann::json::array();
    if (!files_.empty() && !quiet) std::printf("\nbitsky on the files' 8/16/32-bit integer frames, by thread CPU time:\n");
    for (const auto& p : files_)
        for (auto& r : integer_speeds(p, fs::path(p).filename().string(), *bitsky, static_cast<int>(repeat), quiet))
            ints.push_back(r);

    if (json)
        std::cout << util::dump_json(
                         nlohmann::json{{"speed", sp}, {"codecs", specs}, {"frames", rows}, {"integer_frames", ints}}, 2)
                  << "\n";
    return 0;
}

Register<AnalysisSpeed> registeredAnalysisSpeed{"analysis-speed",
                            "one-core speed of the iid/context maps and the bitsky codec beside JPEG-LS; bpp of bitsky "
                            "vs other codecs per frame with the gap to BSKYHLIM"};

}  // namespace
}  // namespace bitsky::cli
