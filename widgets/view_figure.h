#pragma once
// A figure of the image view for papers: the image as displayed (limits, stretch, colour
// map) with the bit-cost map over it at its opacity, the regions, an optional coordinate
// grid with its labels, a title, and colour bars with their value scales. Written as PNG
// (width in inches x dpi pixels, the resolution recorded), PDF or SVG (the page in points;
// the image embedded as a raster, bars, grid, regions and text as vectors).
// No business logic: the caller fills ViewFigure (app/gui/view_export.h).
#include <QImage>
#include <QPolygonF>
#include <QRectF>
#include <QString>
#include <QVector>
#include <optional>
#include <vector>

#include "widgets/colour_map.h"
#include "widgets/region_overlay.h"
#include "widgets/render.h"

class QPainter;
class QPaintDevice;

namespace bitsky {

// A colour bar: the colours of `map` over `range`; levels bottom to top (ColourBar::levels).
struct FigureBar {
    ColourMap map = ColourMap::Grey;
    bool inverted = false;
    DisplayRange range;
    std::vector<unsigned char> levels;
    QString title;  // the unit, e.g. "ADU" or "bits/pixel"
};

// One coordinate line: polylines in pixel-centre coordinates (0-based, y up) and where its
// label goes (a point on the edge of ViewFigure::pixels, pixel-centre coordinates).
struct FigureGridLine {
    enum class Edge { Bottom, Left, Top, Right };
    QVector<QPolygonF> pieces;
    QString label;
    std::optional<QPointF> tick;
    Edge edge = Edge::Bottom;
};

struct ViewFigure {
    QImage image;    // the frame as displayed: RGB32, FITS row 0 at the bottom
    QRectF pixels;   // the part shown: continuous FITS coordinates (pixel i covers [i, i+1)), y up
    QImage overlay;  // the map drawn over the image (same size and orientation), or null
    double overlayOpacity = 0.6;
    std::vector<FigureBar> bars;  // the image's, then the map's
    QString title, subtitle;
    QVector<ViewRegion> regions;
    std::vector<FigureGridLine> grid;
};

// Size of the page in points (1/72 in) for a width in inches: the image keeps its aspect
// ratio, the height follows.
QSizeF figurePageSize(const ViewFigure& figure, double widthIn);
// Draws the figure filling a page of figurePageSize(figure, widthIn) on `device` whose
// painter is `p` (device pixels; the device's logical DPI sets the scale of points).
void paintFigure(QPainter& p, QPaintDevice& device, const ViewFigure& figure, double widthIn);
// Writes the figure as PNG, PDF or SVG (by the suffix): PNG round(widthIn x dpi) pixels
// wide. False (with the reason in *error) on an unknown suffix or a write failure.
bool saveFigure(const ViewFigure& figure, const QString& path, double widthIn, int dpi, QString* error = nullptr);

}  // namespace bitsky
