#pragma once
// bandpred: for (W, H, bands[, epochs]) cubes, band b > 0 of an epoch is predicted from
// band b - 1 of the same epoch by a per-frame least-squares gain and offset:
//   p = clamp((G * y + (O << 8) + 2^15) >> 16, 0, 65535)
// with y the previous band, G the gain in Q16 and O the offset in Q8 (both int32, stored
// little-endian in the stream: 8 bytes per predicted frame). Integer arithmetic (int64)
// on both sides, so the prediction is exactly reversible. Band 0 is coded as is.
#include <cstdint>

#include "engine/codecs/transform_common.h"

namespace bitsky::codecs {

struct BandGain {
    std::int32_t gain_q16 = 65536;
    std::int32_t offset_q8 = 0;
};
// Least-squares fit of x ~ g*y + o, quantised (exposed for tests).
BandGain fit_band_gain(std::span<const std::uint16_t> x, std::span<const std::uint16_t> y);

}  // namespace bitsky::codecs
