#pragma once
// The display pipeline of one frame, as in DS9 and astropy.visualization: raw values ->
// limits (zscale, min/max, percentile or manual) -> stretch (linear, log, sqrt, asinh,
// histogram-equalised) -> 8-bit level -> colour table -> QImage. Levels are kept
// separately from colours, so changing the colour map only re-applies the table.
#include <QImage>
#include <QString>
#include <span>
#include <vector>

#include "widgets/colour_map.h"

namespace bitsky {

enum class Limits { ZScale, MinMax, Percentile99, Percentile995, Percentile999, Manual };
enum class Stretch { Linear, Log, Sqrt, Asinh, HistEq };

struct DisplayRange {
    double lo = 0, hi = 0;
    bool operator==(const DisplayRange&) const = default;
};

// Everything the pipeline needs besides the values. The defaults are the first view of
// every image: zscale limits, linear stretch, grey (as DS9 and astropy users expect).
struct DisplaySettings {
    Limits limits = Limits::ZScale;
    DisplayRange manual;  // the limits when limits == Manual
    Stretch stretch = Stretch::Linear;
    ColourMap map = ColourMap::Grey;
    bool inverted = false;
    bool operator==(const DisplaySettings&) const = default;
    // Same levels (limits and stretch); only the colours may differ.
    bool sameLevels(const DisplaySettings& o) const {
        return limits == o.limits && stretch == o.stretch && (limits != Limits::Manual || manual == o.manual);
    }
};

// IRAF's zscale exactly as astropy.visualization.ZScaleInterval computes it (astropy 5.2):
// the finite values, every stride-th of them (stride = max(1, n / nsamples), at most
// nsamples), sorted; a line fitted to the sorted samples with krej-sigma rejection
// (rejected samples grown by max(1, npix / 100) as numpy.convolve(mode='same') does), at
// most maxIterations times while the good samples shrink and stay >= max(minNpixels,
// maxReject * npix); then the slope divided by the contrast around the median gives the
// limits, clipped to the samples' range. Too few good samples: the samples' min and max.
struct ZScaleParams {
    std::size_t nsamples = 1000;
    double contrast = 0.25;
    double maxReject = 0.5;
    std::size_t minNpixels = 5;
    double krej = 2.5;
    int maxIterations = 5;
};
DisplayRange zscaleLimits(std::span<const double> values, const ZScaleParams& params = {});

// Limits over the finite values. MinMax scans every pixel; ZScale: zscaleLimits;
// percentiles keep the central p% (e.g. 99.5: 0.25% .. 99.75%) of at most 2^20 samples
// taken on a regular stride; Manual returns `manual`. Empty or all-NaN input gives {0, 0}.
DisplayRange computeLimits(std::span<const double> values, Limits limits, DisplayRange manual = {});

// A stretch of t in [0, 1] onto [0, 1] (HistEq is not a pointwise function: see
// StretchTable). log: log10(1000 t + 1) / log10(1001); asinh: asinh(10 t) / asinh(10).
double applyStretch(Stretch stretch, double t);

// Value -> 8-bit level through a fine table over [lo, hi] (16384 steps). A range with
// hi <= lo (a flag map or sparse counts, where zscale collapses onto the most common
// value) is the limit of a linear stretch whose width goes to zero: values <= lo get the
// lowest level, values above it the highest. NaN gets the lowest level.
class StretchTable {
public:
    // values are only read for HistEq (the histogram of the values within [lo, hi]).
    StretchTable(Stretch stretch, DisplayRange range, std::span<const double> values = {});
    unsigned char level(double v) const {
        if (!(v == v)) return 0;  // NaN: lowest level
        if (scale_ == 0) return v > lo_ ? table_.back() : table_.front();
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
// that FITS row 0 is the bottom row, as DS9 shows it. The colour table is `colours`.
// `reuse`: an image of the same size and format to write into (no new allocation).
// Rows are split over up to 4 threads.
QImage renderLevels(std::span<const double> values, int width, int height, const StretchTable& table,
                    const ColourTable& colours, QImage reuse = QImage());
// The same levels in colour (Format_RGB32), cheap to draw at any zoom.
QImage colourise(const QImage& levels, const ColourTable& colours, QImage reuse = QImage());

// Keys for settings and the command line ("zscale", "minmax", "99", "99.5", "99.9",
// "manual"; "linear", "log", "sqrt", "asinh", "histeq").
QString limitsKey(Limits l);
Limits limitsFromKey(const QString& key, Limits fallback = Limits::ZScale);
bool isLimitsKey(const QString& key);
QString stretchKey(Stretch s);
Stretch stretchFromKey(const QString& key, Stretch fallback = Stretch::Linear);
bool isStretchKey(const QString& key);

}  // namespace bitsky
