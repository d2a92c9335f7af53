#pragma once
// Regions of an image and what is inside them: pixel statistics over the valid pixels and
// the bit budget of a bit-cost map (bits inside vs outside, bpp, the region's share), and
// the split of a frame into sources and background ("where do the bits go").
// Coordinates are 0-based pixel positions with pixel (i, j) centred at (i, j), as numpy
// and astropy count (DS9's image coordinates are these plus 1). A pixel belongs to a
// region when its centre does (points on the edge included).
// DS9 region files: region_ds9.h.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/store/report.h"

namespace bitsky::analysis {

enum class RegionShape { Box, Circle, Polygon };

struct Region {
    RegionShape shape = RegionShape::Box;
    double cx = 0, cy = 0;                 // centre (box, circle; polygon: mean of its vertices)
    double width = 0, height = 0;          // box: full sizes along its own axes
    double angle_deg = 0;                  // box: counter-clockwise from +x
    double radius = 0;                     // circle
    std::vector<std::pair<double, double>> vertices;  // polygon, in order
    bool exclude = false;                  // DS9 "-shape(...)": an exclusion region
    std::string text;                      // DS9 text={...}, if any

    static Region box(double cx, double cy, double width, double height, double angle_deg = 0);
    static Region circle(double cx, double cy, double radius);
    static Region polygon(std::vector<std::pair<double, double>> vertices);

    bool contains(double x, double y) const;
    // Moves the region by (dx, dy) pixels.
    void translate(double dx, double dy);
    // 1 for the pixels of a width x height frame (row-major) whose centres are inside.
    std::vector<std::uint8_t> mask(std::size_t width, std::size_t height) const;
    // DS9 image-coordinate syntax (1-based): "box(101,121,40,30,0)", "circle(101,121,20)".
    std::string ds9() const;
    const char* shape_name() const;  // "box", "circle", "polygon"
};

// Statistics of the valid (finite) values: count, mean, median (mean of the two middle
// values for an even count, as numpy), robust sigma 1.4826 * MAD, min, max.
struct PixelStats {
    std::size_t n = 0;        // valid pixels
    std::size_t invalid = 0;  // NaN or infinite pixels among those selected
    double mean = 0, median = 0, robust_sigma = 0, min = 0, max = 0;
};
// Over the pixels where mask == select (every pixel if mask is empty).
PixelStats pixel_stats(std::span<const double> values, std::span<const std::uint8_t> mask = {}, bool select = true);

// Bits summed exactly: each pixel's cost in units of 2^-32 bit (rounded once per pixel),
// so sums do not depend on their order and inside + outside == total exactly.
class BitSum {
public:
    static constexpr double kUnit = 1.0 / 4294967296.0;  // 2^-32 bit
    void add(float bits);
    BitSum& operator+=(const BitSum& o) {
        units_ += o.units_;
        return *this;
    }
    friend BitSum operator+(BitSum a, const BitSum& b) { return a += b; }
    bool operator==(const BitSum&) const = default;
    double bits() const { return static_cast<double>(units_) * kUnit; }

private:
    __int128 units_ = 0;
};

// The bits of a map (row-major, same size as the mask) inside (mask != 0) and outside.
struct BitBudget {
    std::size_t pixels_in = 0, pixels_out = 0;
    BitSum bits_in, bits_out;
    BitSum total() const { return bits_in + bits_out; }
    double bpp_in() const { return pixels_in ? bits_in.bits() / double(pixels_in) : 0.0; }
    double bpp_out() const { return pixels_out ? bits_out.bits() / double(pixels_out) : 0.0; }
    // The inside's share of all the map's bits (0..1) and of its pixels.
    double bit_share() const;
    double pixel_share() const;
};
// Throws bitsky::Error if the sizes differ.
BitBudget bit_budget(std::span<const float> bits, std::span<const std::uint8_t> mask);

// Sources vs background: background and sigma are the median and 1.4826 * MAD of the valid
// pixels after iterative 3-sigma clipping (up to 10 rounds, until nothing more is clipped);
// sources are the valid pixels above background + k * sigma.
struct SourceSplit {
    double background = 0, sigma = 0, k = 3, threshold = 0;
    std::vector<std::uint8_t> sources;  // 1 for a source pixel (row-major)
    std::size_t source_pixels = 0, background_pixels = 0, invalid_pixels = 0;
};
SourceSplit split_sources(std::span<const double> values, double k = 3.0);

// ---- reports (the GUI's Regions panel and its CSV export) ------------------------------
struct MapBits {
    std::string model;  // the cost map's spec, e.g. "context", "tile:rice"
    std::span<const float> bits;
};
struct RegionReport {
    std::string name;        // "region 1", "sources", ...
    std::string definition;  // DS9 syntax, or the split's rule
    PixelStats stats;
    std::vector<std::pair<std::string, BitBudget>> budgets;  // per map, in the order given
};
// Statistics of `values` where mask != 0, and each map's budget for the mask.
RegionReport region_report(std::string name, std::string definition, std::span<const double> values,
                           std::span<const std::uint8_t> mask, const std::vector<MapBits>& maps);
// One row per (region, map) (one row with empty map columns for a region without maps):
// region, definition, pixels, invalid, mean, median, robust_sigma, min, max, model,
// bits_in, bits_out, bpp_in, bpp_out, bit_share, pixel_share (shares 0..1).
store::TextTable region_table(const std::vector<RegionReport>& reports);

}  // namespace bitsky::analysis
