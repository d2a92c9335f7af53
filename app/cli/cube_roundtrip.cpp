// Cube round trip of one HDU for `bitsky-cli roundtrip` (cube_roundtrip.h).
#include "app/cli/cube_roundtrip.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace bitsky::cli {

CubeHduOutcome roundtrip_cube_hdu(const codecs::CubeCodec& codec, const fits::File& file, int hdu,
                                  const std::string& path, std::size_t& index, nlohmann::json& frames, bool json) {
    Cube16 cube = file.read_u16(hdu);
    codecs::CubeRoundtrip r = codecs::cube_roundtrip(codec, cube);
    CubeHduOutcome out;
    out.raw_bytes = r.raw_bytes;
    out.compressed_bytes = r.compressed_bytes;
    out.ok = r.lossless_ok;
    const std::size_t n = cube.frame_pixels(), count = std::max<std::size_t>(cube.frame_count(), 1);
    auto line = [](const char* f, double v) {
        char b[64];
        std::snprintf(b, sizeof b, f, v);
        return std::string(b);
    };
    if (!r.lossless_ok) {
        nlohmann::json fr{{"index", index}, {"hdu", hdu}, {"width", cube.width()}, {"height", cube.height()},
                          {"ok", false}, {"error", r.error}};
        frames.push_back(fr);
        index += cube.frame_count();
        if (!json) std::cout << path << " [hdu " << hdu << "] " << codec.spec() << ": FAIL: " << r.error << "\n";
        return out;
    }
    for (const auto& f : r.frames) {
        const std::size_t bytes = f.payload_bytes + (codec.has_transform() ? f.side_bytes : 0);
        nlohmann::json fr{{"index", index + f.index},
                          {"hdu", hdu},
                          {"plane", f.index},
                          {"width", cube.width()},
                          {"height", cube.height()},
                          {"shifted", cube.shifted},
                          {"raw_bytes", 2 * n},
                          {"compressed_bytes", bytes},
                          {"side_bytes", codec.has_transform() ? f.side_bytes : 0},
                          {"residual", f.residual},
                          {"ratio", bytes ? double(2 * n) / double(bytes) : 0.0},
                          {"bpp", n ? 8.0 * double(bytes) / double(n) : 0.0},
                          // The cube is timed as a whole; frames get the cube's mean.
                          {"encode_s", r.encode_s / double(count)},
                          {"decode_s", r.decode_s / double(count)},
                          {"time_is_cube_mean", true},
                          {"ok", true}};
        frames.push_back(fr);
        if (!json)
            std::cout << path << " [hdu " << hdu << "] frame " << f.index << " " << cube.width() << "x" << cube.height()
                      << " " << codec.spec() << ": " << bytes << " bytes" << (f.residual ? " (residual)" : " (plain)")
                      << ", " << line("%.3f", fr["bpp"].get<double>()) << " bpp\n";
    }
    if (!json)
        std::cout << path << " [hdu " << hdu << "] " << codec.spec() << ": cube " << shape_string(cube.axes()) << " "
                  << r.compressed_bytes << " of " << r.raw_bytes << " bytes, ratio " << line("%.3f", r.ratio())
                  << ", encode " << line("%.3f", r.encode_s) << " s, decode " << line("%.3f", r.decode_s) << " s  OK\n";
    index += cube.frame_count();
    return out;
}

}  // namespace bitsky::cli
