#pragma once
// File > Export view... and `bitsky --render`: the figure (widgets/view_figure.h) of what
// the window shows: the image with its display settings, the bit-cost map over it at its
// opacity (when the map is shown), the regions, the colour bars (image, then map), the
// title "file[HDU] frame N" and, on request, the celestial coordinate grid of the HDU's
// WCS (engine/wcs/grid.h) with its labels.
#include <QString>

#include "widgets/view_figure.h"

class QWidget;

namespace bitsky {

class MainWindow;

struct ViewExportOptions {
    double widthIn = 3.5;     // the figure's width; the height follows the image
    int dpi = 300;            // PNG pixels per inch (PDF/SVG: vectors, the image embedded)
    bool grid = false;        // draw the coordinate grid (needs a celestial WCS)
    bool wholeFrame = false;  // the whole frame, else the part the view shows
};

// The figure of the window's image (empty image if nothing is shown).
ViewFigure viewFigure(const MainWindow& window, const ViewExportOptions& options);
// Writes it (PNG, PDF or SVG by suffix); false with the reason in *error.
bool exportView(const MainWindow& window, const QString& path, const ViewExportOptions& options, QString* error);
// The dialog of File > Export view...: size, resolution, grid, part shown; then the file.
void exportViewDialog(MainWindow* window);

}  // namespace bitsky
