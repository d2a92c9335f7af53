// bitsky-cli roundtrip: encode, decode and compare every 16-bit frame of FITS files.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/command.h"
#include "app/cli/cube_roundtrip.h"
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
        cmd.add_option("FILE", files_, "FITS files")->required();
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
                auto file = fits::File::open(path);
                int usable = 0;
                std::size_t index = 0;
                for (const auto& h : file.hdus()) {
                    if (!h.is_16bit()) {
                        std::string why = h.skip_reason();
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
                        Cube16 cube = file.read_u16_frame(h.index, k);
                        auto r = codecs::roundtrip(codec->codec(), cube.frame(0));
                        raw += r.raw_bytes;
                        packed += r.compressed_bytes;
                        ok = ok && r.lossless_ok;
                        nlohmann::json fr{{"index", index},           {"hdu", h.index},
                                          {"plane", k},               {"width", r.width},
                                          {"height", r.height},       {"shifted", cube.shifted},
                                          {"raw_bytes", r.raw_bytes}, {"compressed_bytes", r.compressed_bytes},
                                          {"ratio", r.ratio()},       {"bpp", r.bpp()},
                                          {"encode_s", r.encode_s},   {"decode_s", r.decode_s},
                                          {"encode_cpu_s", r.encode_cpu_s}, {"decode_cpu_s", r.decode_cpu_s},
                                          {"ok", r.lossless_ok}};
                        if (!r.lossless_ok) fr["error"] = r.error;
                        frames.push_back(fr);
                        if (!json_)
                            std::cout << path << " [hdu " << h.index << "] frame " << k << " " << r.width << "x"
                                      << r.height << " " << codec->spec() << ": " << r.compressed_bytes << " bytes, ratio "
                                      << fmt("%.3f", r.ratio()) << ", " << fmt("%.3f", r.bpp()) << " bpp, encode "
                                      << fmt("%.3f", r.encode_s) << " s, decode " << fmt("%.3f", r.decode_s) << " s  "
                                      << (r.lossless_ok ? "OK" : "FAIL: " + r.error) << "\n";
                    }
                }
                if (usable == 0) throw Error(path + ": no 16-bit integer image HDU (BITPIX=16, NAXIS>=2) to compress");
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
            if (!json_ && ok && !frames.empty())
                std::cout << path << " " << codec->spec() << ": total " << packed << " of " << raw << " bytes, ratio "
                          << fmt("%.3f", double(raw) / double(packed)) << "  OK\n";
            all_ok = all_ok && ok;
            files.push_back(jf);
        }
    }
    if (json_) std::cout << util::dump_json(nlohmann::json{{"files", files}}, 2) << "\n";
    return all_ok ? 0 : 1;
}

Register<Roundtrip> reg{"roundtrip", "encode, decode and compare every 16-bit frame; exit 1 if any frame fails"};

}  // namespace
}  // namespace bitsky::cli
