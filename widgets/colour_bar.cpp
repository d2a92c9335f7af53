#include "widgets/colour_bar.h"

#include <QPainter>
#include <cmath>

namespace bitsky {

ColourBar::ColourBar(QWidget* parent) : QWidget(parent) {}

void ColourBar::setScale(ColourMap map, DisplayRange range, Stretch stretch, std::vector<unsigned char> levels,
                         const QString& title) {
    map_ = map;
    range_ = range;
    stretch_ = stretch;
    levels_ = std::move(levels);
    title_ = title;
    update();
}

void ColourBar::clearScale() {
    levels_.clear();
    title_.clear();
    update();
}

void ColourBar::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window));
    if (levels_.empty()) return;
    const QFontMetrics fm = p.fontMetrics();
    const int top = fm.height() + 8, bottom = height() - fm.height() / 2 - 4;
    const int barX = 6, barW = 18;
    const int barH = bottom - top;
    if (barH < 10) return;
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(0, 2, width(), fm.height()), Qt::AlignHCenter, title_);
    const ColourTable& ct = colourTable(map_);
    for (int i = 0; i < barH; ++i) {
        // Row i from the bottom shows fraction i / (barH - 1) of the value range.
        std::size_t k = static_cast<std::size_t>(std::lround(double(i) / (barH - 1) * double(levels_.size() - 1)));
        p.setPen(QColor(ct[levels_[k]]));
        p.drawLine(barX, bottom - i, barX + barW - 1, bottom - i);
    }
    p.setPen(palette().color(QPalette::WindowText));
    p.drawRect(barX - 1, top - 1, barW + 1, barH + 1);
    const int ticks = 5;
    for (int t = 0; t < ticks; ++t) {
        double f = double(t) / (ticks - 1);
        double v = range_.lo + f * (range_.hi - range_.lo);
        int y = bottom - static_cast<int>(std::lround(f * (barH - 1)));
        p.drawLine(barX + barW, y, barX + barW + 4, y);
        p.drawText(QRect(barX + barW + 6, y - fm.height() / 2, width() - barX - barW - 6, fm.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, QString::number(v, 'g', 4));
    }
}

}  // namespace bitsky
