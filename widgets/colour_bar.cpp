#include "widgets/colour_bar.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

namespace bitsky {
namespace {
constexpr int kBarX = 6, kBarW = 18, kTick = 4, kGap = 3;
}

ColourBar::ColourBar(QWidget* parent) : QWidget(parent) {}

void ColourBar::setScale(ColourMap map, DisplayRange range, Stretch stretch, std::vector<unsigned char> levels,
                         const QString& title, bool inverted) {
    map_ = map;
    inverted_ = inverted;
    range_ = range;
    stretch_ = stretch;
    levels_ = std::move(levels);
    title_ = title;
    updateGeometry();
    update();
}

void ColourBar::clearScale() {
    levels_.clear();
    title_.clear();
    updateGeometry();
    update();
}

std::vector<double> ColourBar::ticks(DisplayRange range, int wanted) {
    std::vector<double> out;
    if (!std::isfinite(range.lo) || !std::isfinite(range.hi)) return out;
    if (!(range.hi > range.lo)) return {range.lo};
    const double raw = (range.hi - range.lo) / std::max(1, wanted - 1);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * mag >= raw * 0.75) {
            step = m * mag;
            break;
        }
    const double first = std::ceil(range.lo / step - 1e-9) * step;
    for (double v = first; v <= range.hi + step * 1e-9 && out.size() < 50; v += step)
        out.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    return out;
}

QString ColourBar::label(double v) const { return QString::number(v, 'g', 5); }

QSize ColourBar::sizeHint() const {
    const QFontMetrics fm = fontMetrics();
    int labels = fm.horizontalAdvance(QStringLiteral("-0.0000"));
    for (double v : ticks(range_)) labels = std::max(labels, fm.horizontalAdvance(label(v)));
    const int width = std::max(kBarX + kBarW + kTick + kGap + labels + 4, fm.horizontalAdvance(title_) + 8);
    return {width, 300};
}

QSize ColourBar::minimumSizeHint() const { return {sizeHint().width(), 120}; }

void ColourBar::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window));
    if (levels_.empty()) return;
    const QFontMetrics fm = p.fontMetrics();
    const int top = fm.height() + 8, bottom = height() - fm.height() / 2 - 4;
    const int barH = bottom - top;
    if (barH < 10) return;
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(0, 2, width(), fm.height()), Qt::AlignHCenter, fm.elidedText(title_, Qt::ElideRight, width()));
    const ColourTable& ct = colourTable(map_, inverted_);
    for (int i = 0; i < barH; ++i) {
        // Row i from the bottom shows fraction i / (barH - 1) of the value range.
        std::size_t k = static_cast<std::size_t>(std::lround(double(i) / (barH - 1) * double(levels_.size() - 1)));
        p.setPen(QColor(ct[levels_[k]]));
        p.drawLine(kBarX, bottom - i, kBarX + kBarW - 1, bottom - i);
    }
    p.setPen(palette().color(QPalette::WindowText));
    p.drawRect(kBarX - 1, top - 1, kBarW + 1, barH + 1);
    const double span = range_.hi - range_.lo;
    for (double v : ticks(range_)) {
        const double f = span > 0 ? (v - range_.lo) / span : 0.5;
        const int y = bottom - static_cast<int>(std::lround(f * (barH - 1)));
        p.drawLine(kBarX + kBarW, y, kBarX + kBarW + kTick, y);
        const int x = kBarX + kBarW + kTick + kGap;
        p.drawText(QRect(x, y - fm.height() / 2, width() - x, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, label(v));
    }
}

}  // namespace bitsky
