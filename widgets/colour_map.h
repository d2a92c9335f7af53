#pragma once
// Colour maps as 256-entry lookup tables (index 0 = lowest value).
#include <QRgb>
#include <QString>
#include <QStringList>
#include <array>

namespace bitsky {

enum class ColourMap { Grey, Viridis, Inferno, Magma, Cubehelix, Diverging };

using ColourTable = std::array<QRgb, 256>;

// The table of a map. Viridis, inferno and magma are 6th-order polynomial fits to
// matplotlib's tables (CC0, by Matt Zucconi; within about 2% of the originals);
// cubehelix is Green (2011) with start 0.5, rotations -1.5, hue 1, gamma 1;
// diverging is blue - white - red for signed maps (difference of two models).
const ColourTable& colourTable(ColourMap map);

// Stable keys ("grey", "viridis", ...) for settings and the command line.
QString colourMapKey(ColourMap map);
ColourMap colourMapFromKey(const QString& key, ColourMap fallback = ColourMap::Grey);
// The maps offered for images, in menu order (Diverging is for difference maps only).
QList<ColourMap> imageColourMaps();

}  // namespace bitsky
