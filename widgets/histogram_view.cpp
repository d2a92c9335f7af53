#include "widgets/histogram_view.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <tuple>

namespace bitsky {
namespace {
constexpr int kGrab = 6;  // a line can be grabbed this many pixels from it
}

HistogramView::HistogramView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    emptyText_ = tr("Open an image to see the histogram of its values and set the display limits here.");
}

void HistogramView::setValues(std::span<const double> values) {
    sample_.clear();
    const std::size_t stride = std::max<std::size_t>(1, values.size() >> 20);
    sample_.reserve(values.size() / stride + 1);
    for (std::size_t i = 0; i < values.size(); i += stride)
        if (std::isfinite(values[i])) sample_.push_back(values[i]);
    std::sort(sample_.begin(), sample_.end());
    integers_ = std::all_of(sample_.begin(), sample_.end(), [](double v) { return v == std::floor(v); });
    fitRange();
    update();
}

void HistogramView::clearValues() {
    sample_.clear();
    drag_ = Drag::None;
    update();
}

void HistogramView::setEmptyText(const QString& text) {
    emptyText_ = text;
    update();
}

void HistogramView::setLimits(DisplayRange limits) {
    limits_ = limits;
    if (drag_ == Drag::None && (limits.lo < xRange_.lo || limits.hi > xRange_.hi || !(xRange_.hi > xRange_.lo)))
        fitRange();
    update();
}

void HistogramView::fitRange() {
    if (sample_.empty()) {
        xRange_ = limits_;
        return;
    }
    auto at = [this](double q) { return sample_[static_cast<std::size_t>(q * double(sample_.size() - 1))]; };
    const double a = std::min(limits_.lo, at(0.005)), b = std::max(limits_.hi, at(0.995));
    double w = b - a;
    if (!(w > 0)) w = std::max(std::abs(a), 1.0) * 1e-3;
    xRange_.lo = std::min(limits_.lo, std::max(sample_.front(), a - 0.05 * w));
    xRange_.hi = std::max(limits_.hi, std::min(sample_.back(), b + 0.05 * w));
    if (!(xRange_.hi > xRange_.lo)) xRange_ = {a - w, b + w};
}

QRect HistogramView::plotRect() const {
    const int text = fontMetrics().height();
    return rect().adjusted(8, text + 4, -8, -text - 6);
}

double HistogramView::xOf(double value) const {
    const QRect r = plotRect();
    return r.left() + (value - xRange_.lo) / (xRange_.hi - xRange_.lo) * r.width();
}

double HistogramView::valueAt(double x) const {
    const QRect r = plotRect();
    return xRange_.lo + (x - r.left()) / std::max(1, r.width()) * (xRange_.hi - xRange_.lo);
}

void HistogramView::resizeEvent(QResizeEvent*) { update(); }

void HistogramView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    p.setPen(palette().color(QPalette::Text));
    if (sample_.empty()) {
        p.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, emptyText_);
        return;
    }
    const QRect r = plotRect();
    // Bins of about 2 pixels; for integer data whole numbers of values wide and centred on
    // the integers (other bins would alternate between holding one and two values).
    double binWidth = (xRange_.hi - xRange_.lo) / std::max(1, r.width() / 2);
    double start = xRange_.lo;
    if (integers_) {
        binWidth = std::max(1.0, std::ceil(binWidth));
        start = std::floor(xRange_.lo) - 0.5;
    }
    const int bins = std::max(1, int(std::ceil((xRange_.hi - start) / binWidth)));
    std::vector<std::size_t> counts(static_cast<std::size_t>(bins));
    std::size_t most = 1;
    for (int b = 0; b < bins; ++b) {
        const double v0 = start + binWidth * b, v1 = start + binWidth * (b + 1);
        auto from = std::lower_bound(sample_.begin(), sample_.end(), v0);
        auto to = std::lower_bound(sample_.begin(), sample_.end(), v1);
        counts[static_cast<std::size_t>(b)] = static_cast<std::size_t>(to - from);
        most = std::max(most, counts[static_cast<std::size_t>(b)]);
    }
    // The band between the limits, then the bars (log counts), then the limit lines.
    const double xl = std::clamp(xOf(limits_.lo), double(r.left()), double(r.right()));
    const double xh = std::clamp(xOf(limits_.hi), double(r.left()), double(r.right()));
    p.fillRect(QRectF(xl, r.top(), std::max(1.0, xh - xl), r.height()), QColor(255, 200, 0, 45));
    const double norm = std::log1p(double(most));
    const QColor bar = palette().color(QPalette::Text);
    p.save();
    p.setClipRect(r.adjusted(0, 0, 1, 1));
    for (int b = 0; b < bins; ++b) {
        const double h = std::log1p(double(counts[static_cast<std::size_t>(b)])) / norm * r.height();
        const double x0 = xOf(start + binWidth * b), x1 = xOf(start + binWidth * (b + 1));
        if (h > 0) p.fillRect(QRectF(x0, r.bottom() + 1 - h, std::max(1.0, x1 - x0), h), bar);
    }
    p.restore();
    p.drawLine(r.bottomLeft(), r.bottomRight());
    const QFontMetrics fm = p.fontMetrics();
    p.drawText(QRect(r.left(), r.bottom() + 3, r.width(), fm.height()), Qt::AlignLeft,
               QString::number(xRange_.lo, 'g', 5));
    p.drawText(QRect(r.left(), r.bottom() + 3, r.width(), fm.height()), Qt::AlignRight,
               QString::number(xRange_.hi, 'g', 5));
    for (auto [x, v, align] : {std::tuple{xOf(limits_.lo), limits_.lo, Qt::AlignRight},
                               std::tuple{xOf(limits_.hi), limits_.hi, Qt::AlignLeft}}) {
        p.setPen(QPen(QColor(214, 39, 40), 2));
        p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()));
        const QString t = QString::number(v, 'g', 5);
        const int tw = fm.horizontalAdvance(t) + 4;
        QRect box = align == Qt::AlignRight ? QRect(int(x) - tw - 2, 1, tw, fm.height()) : QRect(int(x) + 3, 1, tw, fm.height());
        box.moveLeft(std::clamp(box.left(), 0, std::max(0, width() - tw)));
        p.setPen(QColor(160, 20, 20));
        p.drawText(box, Qt::AlignCenter, t);
    }
}

void HistogramView::mousePressEvent(QMouseEvent* e) {
    if (sample_.empty() || e->button() != Qt::LeftButton) return;
    const double x = e->position().x();
    const double dl = std::abs(x - xOf(limits_.lo)), dh = std::abs(x - xOf(limits_.hi));
    grabValue_ = valueAt(x);
    grabLimits_ = limits_;
    if (std::min(dl, dh) <= kGrab)
        drag_ = dl <= dh ? Drag::Low : Drag::High;
    else if (x > xOf(limits_.lo) && x < xOf(limits_.hi))
        drag_ = Drag::Both;
    else
        drag_ = dl < dh ? Drag::Low : Drag::High;
    moveTo(x);
}

void HistogramView::mouseMoveEvent(QMouseEvent* e) {
    if (drag_ == Drag::None) {
        const double x = e->position().x();
        const bool near = !sample_.empty() && (std::abs(x - xOf(limits_.lo)) <= kGrab || std::abs(x - xOf(limits_.hi)) <= kGrab);
        if (near)
            setCursor(Qt::SizeHorCursor);
        else
            unsetCursor();
        return;
    }
    moveTo(e->position().x());
}

void HistogramView::mouseReleaseEvent(QMouseEvent* e) {
    if (drag_ == Drag::None || e->button() != Qt::LeftButton) return;
    moveTo(e->position().x());
    drag_ = Drag::None;
    emit limitsChosen(limits_);
}

void HistogramView::moveTo(double x) {
    const double v = valueAt(x);
    const double gap = (xRange_.hi - xRange_.lo) * 1e-3;
    DisplayRange l = limits_;
    switch (drag_) {
        case Drag::Low: l.lo = std::min(v, l.hi - gap); break;
        case Drag::High: l.hi = std::max(v, l.lo + gap); break;
        case Drag::Both: {
            const double d = v - grabValue_;
            l = {grabLimits_.lo + d, grabLimits_.hi + d};
            break;
        }
        case Drag::None: return;
    }
    if (l == limits_) return;
    limits_ = l;
    update();
    emit limitsDragged(limits_);
}

}  // namespace bitsky
