// bitsky-cli roundtrip: encode, decode and compare every frame of FITS files, bit for bit,
// in each frame's own pixel type (HDUs a codec cannot take are listed as skipped, with why).
// Lossy codecs (rice:q4, ...): verified against the codec's own promise and labelled LOSSY
// with their fidelity (analysis::measured_roundtrip), never counted as lossless failures.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/command.h"
#include "app/cli/cube_roundtrip.h"
#include "app/cli/file_argument.h"
#include "engine/analysis/fidelity.h"
#include "engine/analysis/noise_any.h"
#include "engine/codecs/codec.h"
#include "engine/codecs/cube_codec.h"
#include "engine/fits/fits.h"
#include "engine/util/error.h"
#include "engine/util/json.h"

namespace bitsky::cli {
namespace {

std::string fmt(const char* f, double v) {
    char b[64];
    std::snprintf(b, sizeof b, f, v);
    return b;
}

nlohmann::json opt(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

nlohmann::json fidelity_json(const Fidelity& f) {
    return {{"sigma_in", f.sigma_in},
            {"sigma_out", f.sigma_out},
            {"rms_error", f.rms_error},
            {"rms_over_sigma", opt(f.rms_over_sigma)},
            {"max_abs_error", f.max_abs_error},
            {"bias", f.bias},
            {"noise_increase", opt(f.noise_increase)},
            {"noise_increase_exact", opt(f.noise_increase_exact)},
            {"background_shift", f.background_shift},
            {"pixels", f.pixels},
            {"nonfinite_changed", f.nonfinite_changed},
            {"source_origin", f.source_origin},
            {"sources", f.sources},
            {"aperture_radius", f.aperture_radius},
            {"phot_error_rms", opt(f.phot_error_rms)},
            {"phot_error_max", opt(f.phot_error_max)},
            {"phot_bias", opt(f.phot_bias)},
            {"centroid_shift_rms", opt(f.centroid_shift_rms)},
            {"centroid_shift_max", opt(f.centroid_shift_max)}};
}

// "rms/sigma 0.072, max |err| 1.25, noise +0.26%, phot 0.09 sigma (80 sources), centroid 0.01 px"
std::string fidelity_text(const Fidelity& f) {
    std::string s = "LOSSY: rms/sigma " + (f.rms_over_sigma ? fmt("%.4g", *f.rms_over_sigma) : std::string("-")) +
                    ", max |err| " + fmt("%.4g", f.max_abs_error) + ", bias " + fmt("%.3g", f.bias) + ", noise " +
                    (f.noise_increase_exact ? fmt("%+.3g%%", 100 * *f.noise_increase_exact) : std::string("-")) +
                    " (estimator " + (f.noise_increase ? fmt("%+.3g%%", 100 * *f.noise_increase) : std::string("-")) +
                    "), background " + fmt("%+.3g", f.background_shift);
    if (f.phot_error_rms)
        s += ", phot error " + fmt("%.3g", *f.phot_error_rms) + " sigma rms (max " + fmt("%.3g", *f.phot_error_max) +
             ", " + std::to_string(f.sources) + " " + f.source_origin + " sources), centroid " +
             fmt("%.3g", *f.centroid_shift_rms) + " px rms";
    else
        s += ", no sources";
    if (f.nonfinite_changed) s += ", " + std::to_string(f.nonfinite_changed) + " pixels changed finiteness";
    return s;
}

class Roundtrip final : public Command {
public:
    void declare(CLI::App& cmd) override {
        cmd.add_option("--codec", spec_, "Codec spec or comma list, 2D or transform (see bitsky-cli codecs)")
            ->required()
            ->type_name("SPEC[,SPEC...]");
        cmd.add_option("--threads", threads_, "Threads inside one encode/decode")
            ->check(CLI::Range(1, 1024))
            ->capture_default_str();
        cmd.add_flag("--json", json_, "Print JSON instead of text");
        cmd.add_option("FILE", files_, "FITS files; FILE[N] (HDU N, 0 = primary), FILE[NAME] or FILE[NAME,VER] takes one HDU")->required();
    }
    int run() override;

private:
    std::string spec_;
    int threads_ = 1;
    bool json_ = false;
    std::vector<std::string> files_;
};

int Roundtrip::run() {
    // CubeCodec: a plain spec is its 2D codec; a transform spec (tdiff+jpegls) codes whole HDUs.
    std::vector<std::unique_ptr<codecs::CubeCodec>> list;
    for (const auto& s : codecs::parse_cube_codec_list(spec_))
        list.push_back(std::make_unique<codecs::CubeCodec>(s, codecs::CodecOptions{threads_}));

    nlohmann::json files = nlohmann::json::array();
    bool all_ok = true;
    for (const auto& path : files_) {
        for (const auto& codec : list) {
            nlohmann::json jf{{"path", path}, {"codec", codec->spec()}, {"ok", false}};
            nlohmann::json frames = nlohmann::json::array(), skipped = nlohmann::json::array();
            std::size_t raw = 0, packed = 0;
            bool ok = true;
            try {
                const FileArgument arg = open_file_argument(path);
                const fits::File& file = arg.file;
                int usable = 0;
                std::size_t index = 0;
                for (const auto& h : file.hdus()) {
                    if (arg.hdu && h.index != *arg.hdu) continue;
                    std::string why = h.skip_reason();
                    if (why.empty() && h.bitpix == 64) why = "64-bit integer images are not read";
                    // Cube transforms (tdiff+..., bitsky:3d) take 16-bit HDUs; a 2D codec says
                    // which pixel types it takes.
                    if (why.empty() && codec->has_transform() && !h.is_16bit())
                        why = codec->spec() + " takes 16-bit integer images; this HDU is " +
                              codecs::pixel_type_name(h.bitpix);
                    if (why.empty() && !codec->has_transform())
                        why = codec->codec().refusal(h.bitpix, h.axes.at(0), h.axes.at(1));
                    if (!why.empty()) {
                        skipped.push_back({{"hdu", h.index}, {"reason", why}});
                        if (!json_) std::cout << path << " [hdu " << h.index << "] skipped: " << why << "\n";
                        continue;
                    }
                    ++usable;
                    if (codec->has_transform()) {
                        auto c = roundtrip_cube_hdu(*codec, file, h.index, path, index, frames, json_);
                        raw += c.raw_bytes;
                        packed += c.compressed_bytes;
                        ok = ok && c.ok;
                        if (!c.ok) jf["error"] = frames.back()["error"];
                        continue;
                    }
                    std::size_t planes = 1;
                    for (std::size_t a = 2; a < h.axes.size(); ++a) planes *= h.axes[a];
                    for (std::size_t k = 0; k < planes; ++k, ++index) {
                        const PixelFrame frame = file.read_frame(h.index, k);
                        analysis::FidelityOptions fopt;
                        fopt.noise = analysis::any_noise_options_for(h);
                        auto r = analysis::measured_roundtrip(codec->codec(), frame, fopt);
                        raw += r.raw_bytes;
                        packed += r.compressed_bytes;
                        ok = ok && r.ok();
                        nlohmann::json fr{{"index", index},           {"hdu", h.index},
                                          {"plane", k},               {"width", r.width},
                                          {"height", r.height},       {"pixel_type", sample_name(frame.sample())},
                                          {"shifted", frame.sample() == Sample::I16},
                                          {"raw_bytes", r.raw_bytes}, {"compressed_bytes", r.compressed_bytes},
                                          {"ratio", r.ratio()},       {"bpp", r.bpp()},
                                          {"encode_s", r.encode_s},   {"decode_s", r.decode_s},
                                          {"encode_cpu_s", r.encode_cpu_s}, {"decode_cpu_s", r.decode_cpu_s},
                                          {"coding", r.coding},       {"ok", r.ok()},
                                          {"lossy", r.lossy}};
                        if (!r.ok()) fr["error"] = r.error;
                        if (r.fidelity) fr["fidelity"] = fidelity_json(*r.fidelity);
                        frames.push_back(fr);
                        if (!json_)
                            std::cout << path << " [hdu " << h.index << "] frame " << k << " " << r.width << "x"
                                      << r.height << " " << sample_name(frame.sample()) << " " << codec->spec() << ": "
                                      << r.compressed_bytes << " bytes, ratio " << fmt("%.3f", r.ratio()) << ", "
                                      << fmt("%.3f", r.bpp()) << " bpp, encode " << fmt("%.3f", r.encode_s)
                                      << " s, decode " << fmt("%.3f", r.decode_s) << " s  "
                                      << (!r.ok()        ? "FAIL: " + r.error
                                          : r.fidelity ? fidelity_text(*r.fidelity)
                                                       : std::string("OK"))
                                      << (r.coding.empty() ? "" : " [" + r.coding + "]") << "\n";
                    }
                }
                if (usable == 0)
                    throw Error(path + ": no image HDU " + codec->spec() + " can take (" +
                                (skipped.empty() ? std::string("no image data")
                                                 : skipped.back()["reason"].get<std::string>()) +
                                ")");
            } catch (const UsageError&) {
                throw;
            } catch (const std::exception& e) {
                ok = false;
                jf["error"] = e.what();
                if (!json_) std::cerr << "bitsky-cli roundtrip: " << e.what() << "\n";
            }
            jf["ok"] = ok;
            jf["raw_bytes"] = raw;
            jf["compressed_bytes"] = packed;
            jf["ratio"] = packed ? double(raw) / double(packed) : 0.0;
            jf["frames"] = frames;
            jf["skipped"] = skipped;
            const bool lossy = codec->codec().lossy();
            jf["lossy"] = lossy;
            if (!json_ && ok && !frames.empty())
                std::cout << path << " " << codec->spec() << ": total " << packed << " of " << raw << " bytes, ratio "
                          << fmt("%.3f", double(raw) / double(packed))
                          << (lossy ? "  LOSSY (verified against the codec's promise, not bit for bit)\n" : "  OK\n");
            all_ok = all_ok && ok;
            files.push_back(jf);
        }
    }
    if (json_) std::cout << util::dump_json(nlohmann::json{{"files", files}}, 2) << "\n";
    return all_ok ? 0 : 1;
}

Register<Roundtrip> registeredRoundtrip{"roundtrip", "encode, decode and compare every frame bit for bit (any pixel type the codec takes; lossy codecs: verified and their fidelity shown); exit 1 if any frame fails"};

}  // namespace
}  // namespace bitsky::cli
