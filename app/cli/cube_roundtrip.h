#pragma once
// `bitsky-cli roundtrip` for cube-aware specs (`tdiff+jpegls`, ...): one HDU is encoded
// as a whole cube (engine/codecs/cube_codec.h), decoded and compared; per-frame sizes
// are reported in the same JSON shape as 2D frames, plus "residual" (coded as a
// residual) and "side_bytes" (framing and side information of that frame).
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/codecs/cube_codec.h"
#include "engine/fits/fits.h"

namespace bitsky::cli {

struct CubeHduOutcome {
    std::size_t raw_bytes = 0, compressed_bytes = 0;
    bool ok = false;
};

// `index` counts frames across HDUs of the file (advanced by the HDU's frame count).
// A transform on a 2D HDU fails with the codec's clear message (ok = false, "error").
CubeHduOutcome roundtrip_cube_hdu(const codecs::CubeCodec& codec, const fits::File& file, int hdu,
                                  const std::string& path, std::size_t& index, nlohmann::json& frames, bool json);

}  // namespace bitsky::cli
