#pragma once
// The histogram of a frame's values (counts on a log scale) with the display limits as
// two lines that can be dragged (DS9's "Scale Parameters"): drag a line to move that
// limit, drag between the lines to move both, click elsewhere to move the nearer one.
// The x range spans the limits and the central 99% of the values (within the data).
#include <QWidget>
#include <span>
#include <vector>

#include "widgets/render.h"

namespace bitsky {

class HistogramView : public QWidget {
    Q_OBJECT
public:
    explicit HistogramView(QWidget* parent = nullptr);

    // The values of a frame (NaN ignored; a regular sample of at most 2^20 is kept).
    void setValues(std::span<const double> values);
    void clearValues();
    bool hasData() const { return !sample_.empty(); }
    // The limits drawn; the x range is refitted when they leave it (never during a drag).
    void setLimits(DisplayRange limits);
    DisplayRange limits() const { return limits_; }
    DisplayRange xRange() const { return xRange_; }
    // Widget x of a value and back (inside the plot area).
    double xOf(double value) const;
    double valueAt(double x) const;
    // The text shown while there are no values.
    void setEmptyText(const QString& text);
    QString emptyText() const { return emptyText_; }
    bool dragging() const { return drag_ != Drag::None; }

    QSize sizeHint() const override { return {300, 150}; }
    QSize minimumSizeHint() const override { return {160, 90}; }

signals:
    // While dragging (often), and once when the mouse is released.
    void limitsDragged(DisplayRange limits);
    void limitsChosen(DisplayRange limits);

protected:
    void paintEvent(QPaintEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;
    void resizeEvent(QResizeEvent*) override;

private:
    enum class Drag { None, Low, High, Both };
    QRect plotRect() const;
    void fitRange();
    void moveTo(double x);

    std::vector<double> sample_;  // sorted
    bool integers_ = false;       // every value a whole number
    DisplayRange limits_, xRange_;
    QString emptyText_;
    Drag drag_ = Drag::None;
    double grabValue_ = 0;
    DisplayRange grabLimits_;
};

}  // namespace bitsky
