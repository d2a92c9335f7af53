#pragma once
// What the Heatmap dock and the neural-vs-classical view share: one model's bit-cost map of
// the frame shown, and the display range of a map or of a difference of maps.
#include <QString>
#include <vector>

#include "app/gui/shown_frame.h"
#include "engine/analysis/costmap.h"
#include "widgets/render.h"

namespace bitsky {

// One model's map of the frame: 16-bit frames on their uint16 view (as the codecs code
// them), every other type through the model's compute_any. Throws on failure.
analysis::BitCostMap costMapOf(const QString& spec, const ShownFrame& frame);

// Display range of a bit-cost map: 0 .. 99.5th percentile (a few very expensive pixels,
// e.g. stars, would otherwise make the background one colour); a difference map is
// symmetric about 0 (for the diverging colour map).
DisplayRange costMapRange(const std::vector<float>& bits, bool difference);

// The bar levels of a linear map (0..255), for a ColourBar beside a map or difference map.
std::vector<unsigned char> linearBarLevels();

}  // namespace bitsky
