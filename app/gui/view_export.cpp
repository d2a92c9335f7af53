#include "app/gui/view_export.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QMessageBox>
#include <QSpinBox>
#include <QStatusBar>
#include <algorithm>
#include <cmath>

#include "app/gui/dialogs.h"
#include "app/gui/display_toolbar.h"
#include "app/gui/main_window.h"
#include "app/gui/regions_panel.h"
#include "engine/wcs/grid.h"

namespace bitsky {
namespace {

// The part of the frame the view shows, whole pixels (the whole frame if it shows all of
// it, or has never been laid out).
QRectF visiblePixels(const ImageView& v) {
    const QRectF frame(0, 0, v.frameWidth(), v.frameHeight());
    const QRect pane = v.paneRect(0);
    if (pane.width() < 2 || pane.height() < 2) return frame;
    const QPointF a = v.widgetToImage(pane.topLeft()), b = v.widgetToImage(pane.bottomRight() + QPoint(1, 1));
    QRectF shown(QPointF(std::floor(std::min(a.x(), b.x())), std::floor(std::min(a.y(), b.y()))),
                 QPointF(std::ceil(std::max(a.x(), b.x())), std::ceil(std::max(a.y(), b.y()))));
    shown = shown.intersected(frame);
    return shown.width() >= 1 && shown.height() >= 1 ? shown : frame;
}

FigureBar barOf(const ColourBar& b) {
    return {b.colourMap(), b.inverted(), b.range(), b.levels(), b.title()};
}

std::vector<FigureGridLine> gridOf(const wcs::Wcs& w, QRectF px, double i3, double i4) {
    // The grid works in pixel-centre coordinates: the continuous edges minus a half pixel.
    const wcs::SkyGrid g =
        wcs::sky_grid(w, px.left() - 0.5, px.top() - 0.5, px.right() - 0.5, px.bottom() - 0.5, i3, i4);
    std::vector<FigureGridLine> out;
    for (const auto& line : g.lines) {
        FigureGridLine f;
        f.label = QString::fromStdString(line.label);
        for (const auto& piece : line.pieces) {
            QPolygonF poly;
            for (const auto& p : piece) poly << QPointF(p.x, p.y);
            f.pieces << poly;
        }
        if (line.tick) {
            f.tick = QPointF(line.tick->at.x, line.tick->at.y);
            switch (line.tick->edge) {
                case wcs::Edge::Bottom:
                    f.edge = FigureGridLine::Edge::Bottom;
                    break;
                case wcs::Edge::Left:
                    f.edge = FigureGridLine::Edge::Left;
                    break;
                case wcs::Edge::Top:
                    f.edge = FigureGridLine::Edge::Top;
                    break;
                case wcs::Edge::Right:
                    f.edge = FigureGridLine::Edge::Right;
                    break;
            }
        }
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace

ViewFigure viewFigure(const MainWindow& window, const ViewExportOptions& options) {
    ViewFigure f;
    const ImageView& v = *window.imageView();
    const fits::HduInfo* hdu = window.currentHduInfo();
    if (v.image().isNull() || !hdu) return f;
    f.image = v.image();
    f.pixels = options.wholeFrame ? QRectF(0, 0, v.frameWidth(), v.frameHeight()) : visiblePixels(v);
    std::size_t frames = 1;
    for (std::size_t a = 2; a < hdu->axes.size(); ++a) frames *= hdu->axes[a];
    const std::size_t frame = window.currentFrame();
    f.title = frames > 1 ? QCoreApplication::translate("bitsky::ViewExport", "%1[%2] frame %3")
                               .arg(QFileInfo(window.currentFile()).fileName())
                               .arg(hdu->index)
                               .arg(frame)
                         : QCoreApplication::translate("bitsky::ViewExport", "%1[%2]")
                               .arg(QFileInfo(window.currentFile()).fileName())
                               .arg(hdu->index);
    f.subtitle = QCoreApplication::translate("bitsky::ViewExport", "%1 limits, %2 stretch, %3")
                     .arg(DisplayToolBar::limitsName(v.limits()), DisplayToolBar::stretchName(v.stretch()),
                          DisplayToolBar::colourMapName(v.colourMap()));
    if (hdu->index > 0 && !hdu->extname.empty()) f.title += QStringLiteral(" ") + QString::fromStdString(hdu->extname);
    f.bars.push_back(barOf(*window.colourBar()));
    const auto& map = window.heatmap();
    if (v.hasOverlay() && v.overlayVisible() && map) {
        f.overlay = v.overlayImage();
        f.overlayOpacity = v.overlayOpacity();
        f.bars.push_back(barOf(*window.heatmapBar()));
        const QString model = map->modelB.isEmpty() ? map->modelA : map->modelA + QStringLiteral(" - ") + map->modelB;
        f.subtitle +=
            QStringLiteral("; ") + QCoreApplication::translate("bitsky::ViewExport", "bit-cost map %1 at %2% opacity")
                                       .arg(model)
                                       .arg(std::lround(v.overlayOpacity() * 100));
    }
    f.regions = window.regions()->overlay()->regions();
    if (options.grid)
        if (const wcs::Wcs* w = window.currentWcs(); w && w->celestial()) {
            const std::size_t n3 = hdu->axes.size() > 2 ? hdu->axes[2] : 1;
            f.grid = gridOf(*w, f.pixels, double(frame % n3), double(frame / n3));
        }
    return f;
}

bool exportView(const MainWindow& window, const QString& path, const ViewExportOptions& options, QString* error) {
    const ViewFigure f = viewFigure(window, options);
    if (f.image.isNull()) {
        if (error) *error = QCoreApplication::translate("bitsky::ViewExport", "%1: no image is shown").arg(path);
        return false;
    }
    if (options.grid && f.grid.empty()) {
        const wcs::Wcs* w = window.currentWcs();
        if (error)
            *error = QCoreApplication::translate("bitsky::ViewExport", "%1: no coordinate grid: %2")
                         .arg(path, w && !w->celestial()
                                        ? QString::fromStdString(w->reason())
                                        : QCoreApplication::translate("bitsky::ViewExport", "no celestial WCS"));
        return false;
    }
    return saveFigure(f, path, options.widthIn, options.dpi, error);
}

void exportViewDialog(MainWindow* window) {
    if (!window->currentHduInfo()) {
        QMessageBox::information(window, QCoreApplication::translate("bitsky::ViewExport", "BitSky"),
                                 QCoreApplication::translate("bitsky::ViewExport", "Open an image first."));
        return;
    }
    QDialog dialog(window);
    dialog.setWindowTitle(QCoreApplication::translate("bitsky::ViewExport", "Export view"));
    auto* form = new QFormLayout(&dialog);
    auto* width = new QDoubleSpinBox(&dialog);
    width->setRange(1.0, 20.0);
    width->setDecimals(2);
    width->setSingleStep(0.25);
    width->setValue(3.5);
    width->setSuffix(QCoreApplication::translate("bitsky::ViewExport", " in"));
    width->setToolTip(QCoreApplication::translate(
        "bitsky::ViewExport",
        "Width of the figure; its height follows the image (3.5 in: one column of a journal page)"));
    auto* dpi = new QSpinBox(&dialog);
    dpi->setRange(72, 1200);
    dpi->setValue(300);
    dpi->setSuffix(QCoreApplication::translate("bitsky::ViewExport", " dpi"));
    dpi->setToolTip(QCoreApplication::translate(
        "bitsky::ViewExport", "Resolution of a PNG; PDF and SVG keep the bar, grid and text as vectors"));
    auto* grid = new QCheckBox(
        QCoreApplication::translate("bitsky::ViewExport", "Coordinate grid (RA/Dec or the image's celestial system)"),
        &dialog);
    const wcs::Wcs* w = window->currentWcs();
    grid->setEnabled(w && w->celestial());
    if (!grid->isEnabled())
        grid->setToolTip(QCoreApplication::translate("bitsky::ViewExport", "The image has no celestial WCS"));
    auto* whole =
        new QCheckBox(QCoreApplication::translate("bitsky::ViewExport", "Whole frame (else the part shown)"), &dialog);
    form->addRow(QCoreApplication::translate("bitsky::ViewExport", "Width"), width);
    form->addRow(QCoreApplication::translate("bitsky::ViewExport", "Resolution"), dpi);
    form->addRow(grid);
    form->addRow(whole);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted) return;
    const QString base = QFileInfo(window->currentFile()).completeBaseName();
    const QString out = QFileDialog::getSaveFileName(
        window, QCoreApplication::translate("bitsky::ViewExport", "Export view"),
        QFileInfo(Dialogs::lastFolder(), base + QStringLiteral(".pdf")).filePath(),
        QCoreApplication::translate("bitsky::ViewExport",
                                    "PDF document (*.pdf);;SVG drawing (*.svg);;PNG image (*.png)"));
    if (out.isEmpty()) return;
    ViewExportOptions options;
    options.widthIn = width->value();
    options.dpi = dpi->value();
    options.grid = grid->isChecked();
    options.wholeFrame = whole->isChecked();
    QString error;
    if (exportView(*window, out, options, &error))
        window->statusBar()->showMessage(QCoreApplication::translate("bitsky::ViewExport", "Wrote %1").arg(out), 5000);
    else
        QMessageBox::warning(window, QCoreApplication::translate("bitsky::ViewExport", "BitSky"), error);
}

}  // namespace bitsky
