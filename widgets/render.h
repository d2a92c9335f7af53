#pragma once
// The display pipeline of one frame, as in DS9: raw values -> limits (min/max, zscale,
// percentile) -> stretch (linear, log, sqrt, asinh, histogram-equalised) -> 8-bit level
// -> colour table -> QImage. Levels are kept separately from colours, so changing the
// colour map only re-applies the table.
#include <QImage>
#include <QString>
#include <span>
#include <vector>

#include "widgets/colour_map.h"

namespace bitsky {

enum class Limits { MinMax, ZScale, Percentile99, Percentile995, Percentile999 };
enum class Stretch { Linear, Log, Sqrt, Asinh, HistEq };

struct DisplayRange {
    double lo = 0, hi = 0;
};

// Limits over the finite values. MinMax scans every pixel; ZScale follows IRAF/astropy
// (1000 samples on a regular stride, line fit with 2.5-sigma rejection, contrast 0.25);
// percentiles keep the central p% (e.g. 99.5: 0.25% .. 99.75%) of at most 2^20 samples
// taken on a regular stride. Empty or all-NaN input gives {0, 0}.
DisplayRange computeLimits(std::span<const double> values, Limits limits);

// A stretch of t in [0, 1] onto [0, 1] (HistEq is not a pointwise function: see
// StretchTable). log: log10(1000 t + 1) / log10(1001); asinh: asinh(10 t) / asinh(10).
double applyStretch(Stretch stretch, double t);

// Value -> 8-bit level through a fine table over [lo, hi] (16384 steps).
class StretchTable {
public:
    // values are only read for HistEq (the histogram of the values within [lo, hi]).
    StretchTable(Stretch stretch, DisplayRange range, std::span<const double> values = {});
    unsigned char level(double v) const {
        if (!(v == v)) return 0;  // NaN: lowest level
        double t = (v - lo_) * scale_;
        int i = t <= 0 ? 0 : t >= kSteps - 1 ? kSteps - 1 : static_cast<int>(t + 0.5);
        return table_[static_cast<std::size_t>(i)];
    }
    static constexpr int kSteps = 16384;

private:
    double lo_ = 0, scale_ = 0;
    std::vector<unsigned char> table_;
};

// Levels of a frame (FITS storage order, row 0 first) as an Indexed8 image flipped so
// that FITS row 0 is the bottom row, as DS9 shows it. The colour table is the map's.
QImage renderLevels(std::span<const double> values, int width, int height, const StretchTable& table,
                    ColourMap map);
// The same levels in colour (Format_RGB32), cheap to draw at any zoom.
QImage colourise(const QImage& levels, ColourMap map);

QString limitsKey(Limits l);
Limits limitsFromKey(const QString& key, Limits fallback = Limits::MinMax);
QString stretchKey(Stretch s);
Stretch stretchFromKey(const QString& key, Stretch fallback = Stretch::Linear);

}  // namespace bitsky
