#pragma once
// A QCustomPlot with the interactions BitSky's plots share: drag and wheel-zoom on both
// axes, a legend, a tooltip for the data point under the cursor, a signal when a point
// that carries a key is clicked, and export to PNG, PDF or SVG. No business logic: the
// controller (app/gui/plots_panel) decides what is drawn.
#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>
#include <functional>
#include <qcustomplot.h>

namespace bitsky {

// The size of an exported plot: inches on paper and the PNG resolution. The plot is laid
// out at kLayoutDpi (so 3.5 in is 336 units wide, text in points as on paper) and drawn
// scaled to widthIn x dpi pixels for PNG; PDF and SVG pages are widthIn x heightIn.
struct PlotSize {
    double widthIn = 3.5, heightIn = 2.6;
    int dpi = 300;
    static constexpr double kLayoutDpi = 96;
    QSize layout() const;  // the layout size (units of 1/96 in)
    QSize pixels() const;  // the PNG size: round(inches x dpi)
};

class PlotCanvas : public QCustomPlot {
    Q_OBJECT
public:
    explicit PlotCanvas(QWidget* parent = nullptr);

    // No legend: it leaves the grid under the plot (an empty legend there would limit the
    // width of the plot column) for the axis rect's inset layout, hidden.
    void hideLegend();
    // Removes every plottable, item and tooltip; resets the axes to linear.
    void clearAll();
    void setAxisLabels(const QString& x, const QString& y);
    void setLogX(bool log);
    void setLogY(bool log);
    // Category axis: labels at x = 1, 2, ...
    void setCategories(const QStringList& labels);
    // A message drawn in the middle of an empty plot (empty: none).
    void setMessage(const QString& text);
    QString message() const { return message_ ? message_->property("message").toString() : QString(); }

    // Bars at x positions (one bar per category); `group` puts bars side by side.
    QCPBars* addBars(const QString& name, const QVector<double>& x, const QVector<double>& height, const QColor& colour,
                     const QStringList& tooltips, QCPBarsGroup* group = nullptr, double width = 0.8);
    // Scatter points; keys (may be empty) are sent by pointClicked.
    QCPGraph* addPoints(const QString& name, const QVector<double>& x, const QVector<double>& y, const QColor& colour,
                        const QStringList& tooltips, const QStringList& keys = {},
                        QCPScatterStyle::ScatterShape shape = QCPScatterStyle::ssCircle);
    // A line through the points (x sorted), e.g. a fit or a model curve.
    QCPGraph* addCurve(const QString& name, const QVector<double>& x, const QVector<double>& y, const QPen& pen);

    // Fits the axes to the data (with a margin) and replots.
    void fitAxes();

    // Tooltip of data point `index` of a plottable (empty if none).
    QString tooltipFor(QCPAbstractPlottable* p, int index) const;
    QString keyFor(QCPAbstractPlottable* p, int index) const;
    // Key of the nearest keyed point within the selection tolerance of pos (empty: none).
    QString keyAt(const QPointF& pos) const;

    // Writes the plot as PNG, PDF or SVG (by the file suffix) at width x height pixels
    // (0: the widget's size, or 800 x 500 if it has never been shown). False on failure.
    // dpi > 0 (PNG only): the PNG records that resolution and is drawn at scale dpi / 96
    // (text and lines keep their size on paper), still width x height pixels.
    bool exportTo(const QString& path, int width = 0, int height = 0, int dpi = 0);
    // Writes the plot as PNG, PDF or SVG (by the suffix) at a size on paper, with text in
    // print sizes (printFontPt; tick labels and annotations a point smaller).
    bool exportFigure(const QString& path, const PlotSize& size);
    static constexpr double printFontPt = 8;
    // Lays the plot out as exportFigure draws it (print fonts, the layout size), calls
    // `inspect` (e.g. to compare the legend's rect with its minimum size), then restores
    // the on-screen layout.
    void withPrintLayout(const PlotSize& size, const std::function<void()>& inspect);
    // The suffixes exportTo understands.
    static QStringList exportFormats() { return {QStringLiteral("png"), QStringLiteral("pdf"), QStringLiteral("svg")}; }

signals:
    // A point with a key was clicked.
    void pointClicked(const QString& key);

protected:
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    struct Meta {
        QStringList tooltips;
        QStringList keys;
    };
    QHash<QCPAbstractPlottable*, Meta> meta_;
    QCPItemText* message_ = nullptr;
};

}  // namespace bitsky
