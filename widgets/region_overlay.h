#pragma once
// Regions over an ImageView: drawn with the mouse (a box from corner to corner, a circle
// from its centre outwards) while a drawing tool is on, selected and moved by dragging,
// deleted with Delete/Backspace; Esc cancels the shape being drawn, or turns the tool off.
// No business logic: the owner reads regions() and computes what is inside.
// Coordinates are pixel-centre positions: 0-based FITS storage order (y up) with pixel
// (i, j) centred at (i, j) (the view's continuous coordinates minus 0.5).
#include <QObject>
#include <QPointF>
#include <QPolygonF>
#include <QSizeF>
#include <QString>
#include <QVector>
#include <optional>

class QPainter;

namespace bitsky {

class ImageView;

struct ViewRegion {
    enum class Shape { Box, Circle, Polygon };
    Shape shape = Shape::Box;
    QPointF centre;
    QSizeF size;         // box: width, height along its own axes
    double angle = 0;    // box: degrees, counter-clockwise from +x
    double radius = 0;   // circle
    QPolygonF vertices;  // polygon
    bool exclude = false;
    QString label;  // shown beside the region's number (DS9's text={...})

    bool contains(QPointF p) const;
    void translate(QPointF d);
    // The outline in pixel-centre coordinates (a circle as 72 segments).
    QPolygonF outline() const;
};

class RegionOverlay : public QObject {
    Q_OBJECT
public:
    enum class Tool { None, Box, Circle };
    explicit RegionOverlay(ImageView* view);

    void setTool(Tool tool);
    Tool tool() const { return tool_; }
    bool drawing() const { return drawing_; }

    const QVector<ViewRegion>& regions() const { return regions_; }
    void setRegions(QVector<ViewRegion> regions);
    void addRegion(const ViewRegion& r);
    void removeRegion(int index);
    void moveRegion(int index, QPointF delta);
    void clear();
    int selected() const { return selected_; }
    void setSelected(int index);
    // The region under a widget point (the selected one first, then the newest), or -1.
    int regionAt(QPointF widgetPos) const;

signals:
    void regionsChanged();
    void selectionChanged(int index);
    void toolChanged(Tool tool);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void paint(QPainter* p, int pane);
    QPointF toPixel(QPointF widgetPos) const;
    ViewRegion drawn() const;  // the shape being drawn

    ImageView* view_;
    QVector<ViewRegion> regions_;
    int selected_ = -1;
    Tool tool_ = Tool::None;
    bool drawing_ = false, moving_ = false, moved_ = false;
    QPointF anchor_, current_;  // pixel-centre coordinates
};

}  // namespace bitsky
