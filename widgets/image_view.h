#pragma once
// Shows one image frame through the display pipeline (render.h) with an optional
// bit-cost map (the "overlay"), zoom 1/16x..32x around the cursor with the mouse wheel,
// pan by dragging, and fit. Rows are shown with the first FITS row at the bottom, as DS9
// does. Only the visible part of the image is drawn.
// The map is shown in one of three modes: semi-transparent over the image (Overlay), in
// a second pane beside the image with the same zoom and pan (SideBySide: two synchronised
// views, one transform, the cursor marked in both), or opaque right of a draggable split
// line with the image left of it (Split).
#include <QImage>
#include <QPainter>
#include <QPointF>
#include <QWidget>
#include <algorithm>
#include <optional>
#include <vector>

#include "widgets/render.h"

namespace bitsky {

enum class HeatmapMode { Overlay, SideBySide, Split };
QString heatmapModeKey(HeatmapMode m);  // "overlay", "side", "split"
std::optional<HeatmapMode> heatmapModeFromKey(const QString& key);

// A frame rendered through the display pipeline, made off the GUI thread (all pure
// functions of render.h) and handed to ImageView::setRenderedFrame.
struct RenderedFrame {
    std::vector<double> values;
    int width = 0, height = 0;
    DisplaySettings display;
    DisplayRange range;
    std::optional<StretchTable> table;
    QImage levels, image;
};

class ImageView : public QWidget {
    Q_OBJECT
public:
    explicit ImageView(QWidget* parent = nullptr);

    static constexpr double kMinZoom = 1.0 / 16.0, kMaxZoom = 32.0;

    // Values in FITS storage order (row 0 first); NaN pixels get the lowest colour.
    // Keeps the zoom and pan if the new frame has the same size (frame slider).
    void setFrame(std::vector<double> values, int width, int height);
    // Thread-safe: limits, stretch and colours of a frame, for setRenderedFrame.
    static RenderedFrame renderFrame(std::vector<double> values, int width, int height,
                                     const DisplaySettings& display);
    // As setFrame, without the rendering (re-rendered only if the display settings
    // changed since renderFrame was called).
    void setRenderedFrame(RenderedFrame frame);
    void clear();
    // The display settings (render.h); a change of colours alone only recolours.
    void setDisplay(const DisplaySettings& display);
    void setDisplay(Limits limits, Stretch stretch, ColourMap map);
    void setLimits(Limits limits);
    // Fixed limits (Limits::Manual): kept for every frame and file until changed.
    void setManualLimits(DisplayRange range);
    void setStretch(Stretch stretch);
    void setColourMap(ColourMap map);
    void setInverted(bool inverted);
    const DisplaySettings& display() const { return display_; }
    Limits limits() const { return display_.limits; }
    Stretch stretch() const { return display_.stretch; }
    ColourMap colourMap() const { return display_.map; }
    bool inverted() const { return display_.inverted; }
    // The frame's values (FITS storage order) and a number that changes with every frame set.
    const std::vector<double>& values() const { return values_; }
    quint64 frameSerial() const { return frameSerial_; }

    // The image as displayed (RGB32, full frame, FITS row 0 at the bottom).
    const QImage& image() const { return image_; }
    int frameWidth() const { return width_; }
    int frameHeight() const { return height_; }
    double displayMin() const { return range_.lo; }
    double displayMax() const { return range_.hi; }
    DisplayRange displayRange() const { return range_; }
    // Bar levels (bottom to top) of the current stretch, for a ColourBar.
    std::vector<unsigned char> barLevels(int steps = 256) const;
    std::optional<double> valueAt(int x, int y) const;
    // What the view says while it shows nothing (empty once an image is shown).
    QString hint() const;

    // Overlay: values per pixel (FITS order, same size as the frame) shown with `map`
    // over [range.lo, range.hi]; NaN is transparent.
    void setOverlay(std::vector<float> values, DisplayRange range, ColourMap map);
    void clearOverlay();
    bool hasOverlay() const { return !overlayImage_.isNull(); }
    void setOverlayOpacity(double opacity);  // 0..1
    double overlayOpacity() const { return overlayOpacity_; }
    void setOverlayVisible(bool visible);
    bool overlayVisible() const { return overlayVisible_; }
    const QImage& overlayImage() const { return overlayImage_; }
    std::optional<float> overlayValueAt(int x, int y) const;

    // How the map is shown (see the top of this file). The split position is a fraction
    // of the widget width (0..1); pixels left of it show the image, right of it the map.
    void setHeatmapMode(HeatmapMode mode);
    HeatmapMode heatmapMode() const { return mode_; }
    void setSplitPosition(double fraction);
    double splitPosition() const { return split_; }
    int splitX() const;
    // Panes: 1, or 2 side by side (0: image, 1: map). Each pane shows the same image
    // region: widget = paneRect(pane).topLeft() + the pane-local transform.
    int paneCount() const { return mode_ == HeatmapMode::SideBySide ? 2 : 1; }
    QRect paneRect(int pane) const;
    int paneAt(QPointF w) const;
    // The pixel under the cursor (marked in both panes side by side).
    std::optional<QPoint> cursorPixel() const { return cursor_; }

    // View transform. zoom = screen pixels per image pixel.
    double zoom() const { return zoom_; }
    // Zooms to z (clamped to 1/16..32) keeping the image point under `anchor` (widget
    // coordinates) where it is.
    void setZoom(double z, QPointF anchor);
    void setZoom(double z);  // around the centre of the (first) pane
    void fitToWindow();
    bool fitMode() const { return fit_; }
    // The whole view transform (zoom and the image's top-left corner in the pane), to link
    // views of frames of the same size: one view's transformChanged -> the others' setTransform
    // (which does not emit it, so links never loop).
    QPointF panOffset() const { return offset_; }
    void setTransform(double zoom, QPointF offset) {
        zoom_ = std::clamp(zoom, kMinZoom, kMaxZoom);
        offset_ = offset;
        fit_ = false;
        update();
    }
    // Continuous FITS pixel coordinates (0-based, storage order: y up) of a widget point,
    // and back. Pixel (i, j) covers [i, i+1) x [j, j+1). widgetToImage works in the pane
    // that contains w; imageToWidget gives the point in the given pane.
    QPointF widgetToImage(QPointF w) const;
    QPointF imageToWidget(QPointF img, int pane = 0) const;
    QSize sizeHint() const override { return {640, 480}; }

signals:
    // FITS pixel coordinates (0-based, storage order) under the cursor and the value there.
    void pixelHovered(int x, int y, double value);
    void zoomChanged(double zoom);
    // Zoom or pan changed by the user or zoom/fit calls (not by setTransform).
    void transformChanged();
    void displayChanged();
    void heatmapModeChanged(HeatmapMode mode);
    void splitMoved(double fraction);
    // After a paint that showed an image (for open-to-pixels timing).
    void painted();
    // During a paint, once per pane after the image and map: draw decorations (regions)
    // on top, in widget coordinates (imageToWidget(..., pane)), clipped to the pane.
    void decorate(QPainter* painter, int pane);

protected:
    void paintEvent(QPaintEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;
    void mouseDoubleClickEvent(QMouseEvent*) override;
    void wheelEvent(QWheelEvent*) override;
    void resizeEvent(QResizeEvent*) override;
    void keyPressEvent(QKeyEvent*) override;
    void leaveEvent(QEvent*) override;

private:
    void render();       // limits + stretch + colours
    void recolour();     // colours only
    void applyFit();
    void paintPane(QPainter& p, int pane);
    bool nearSplit(QPointF w) const;

    std::vector<double> values_;
    int width_ = 0, height_ = 0;
    quint64 frameSerial_ = 0;
    DisplaySettings display_;
    DisplayRange range_;
    // What range_ was computed for (frame, limits, manual limits): a stretch or colour
    // change keeps it instead of recomputing the limits over the whole frame.
    struct RangeKey {
        quint64 frame = 0;
        Limits limits = Limits::ZScale;
        DisplayRange manual;
        bool operator==(const RangeKey&) const = default;
    };
    std::optional<RangeKey> rangeKey_;
    RangeKey currentRangeKey() const { return {frameSerial_, display_.limits, display_.manual}; }
    std::optional<StretchTable> table_;
    QImage levels_;  // Indexed8
    QImage image_;   // RGB32

    std::vector<float> overlay_;
    QImage overlayImage_;  // ARGB32_Premultiplied
    double overlayOpacity_ = 0.6;
    bool overlayVisible_ = true;

    double zoom_ = 1.0;
    QPointF offset_;  // widget position of the image's top-left corner
    bool fit_ = true;
    bool dragging_ = false;
    bool draggingSplit_ = false;
    HeatmapMode mode_ = HeatmapMode::Overlay;
    double split_ = 0.5;
    std::optional<QPoint> cursor_;
    QPointF dragStart_, offsetStart_;
};

}  // namespace bitsky
