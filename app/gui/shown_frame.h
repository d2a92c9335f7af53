#pragma once
// The frame the image view shows, as the panels that analyse it (noise, bit-cost map,
// bit planes) need it: the exact values of any FITS pixel type, with the 16-bit HDUs'
// uint16 view kept as read (no copy for the common case).
#include <memory>
#include <string>

#include "engine/analysis/noise_any.h"
#include "engine/image/cube.h"
#include "engine/image/pixel_frame.h"

namespace bitsky {

struct ShownFrame {
    std::shared_ptr<const Cube16> frame16;     // 16-bit HDUs: the uint16 view as read
    std::shared_ptr<const PixelFrame> pixels;  // every other pixel type: the values exactly
    int bitpix = 0;                            // the HDU's BITPIX
    std::string bunit;                         // the HDU's BUNIT ("" if none)
    analysis::AnyNoiseOptions noise;           // the HDU's BLANK / SATURATE

    bool empty() const { return !frame16 && !pixels; }
    // The values as a PixelFrame (a 16-bit frame is copied back from its uint16 view: call
    // it off the GUI thread). Error if empty().
    PixelFrame values() const;
};

}  // namespace bitsky
