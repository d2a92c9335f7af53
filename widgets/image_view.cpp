#include "widgets/image_view.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <limits>

namespace bitsky {

ImageView::ImageView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setMinimumSize(200, 150);
    setAutoFillBackground(false);
}

void ImageView::setFrame(std::vector<double> values, int width, int height) {
    values_ = std::move(values);
    width_ = width;
    height_ = height;
    render();
    update();
}

void ImageView::clear() {
    values_.clear();
    width_ = height_ = 0;
    image_ = QImage();
    update();
}

void ImageView::render() {
    lo_ = std::numeric_limits<double>::infinity();
    hi_ = -lo_;
    for (double v : values_)
        if (std::isfinite(v)) {
            lo_ = std::min(lo_, v);
            hi_ = std::max(hi_, v);
        }
    if (!(hi_ >= lo_)) lo_ = hi_ = 0;
    image_ = QImage(width_, height_, QImage::Format_Grayscale8);
    const double scale = hi_ > lo_ ? 255.0 / (hi_ - lo_) : 0.0;
    for (int y = 0; y < height_; ++y) {
        // FITS row 0 is the bottom row on screen.
        uchar* line = image_.scanLine(height_ - 1 - y);
        const double* row = values_.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width_);
        for (int x = 0; x < width_; ++x) {
            double v = row[x];
            line[x] = std::isfinite(v) ? static_cast<uchar>(std::clamp((v - lo_) * scale, 0.0, 255.0) + 0.5) : 0;
        }
    }
}

QRectF ImageView::imageRect() const {
    if (width_ <= 0 || height_ <= 0) return {};
    double s = std::min(double(width()) / width_, double(height()) / height_);
    double w = width_ * s, h = height_ * s;
    return {(width() - w) / 2.0, (height() - h) / 2.0, w, h};
}

void ImageView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Dark));
    if (image_.isNull()) {
        p.setPen(palette().color(QPalette::BrightText));
        p.drawText(rect(), Qt::AlignCenter, tr("Open a FITS file to see it here"));
        return;
    }
    p.drawImage(imageRect(), image_);
}

void ImageView::mouseMoveEvent(QMouseEvent* e) {
    QRectF r = imageRect();
    if (r.isEmpty() || !r.contains(e->position())) return;
    int x = static_cast<int>((e->position().x() - r.left()) / r.width() * width_);
    int yScreen = static_cast<int>((e->position().y() - r.top()) / r.height() * height_);
    x = std::clamp(x, 0, width_ - 1);
    int y = std::clamp(height_ - 1 - yScreen, 0, height_ - 1);
    emit pixelHovered(x, y, values_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(x)]);
}

}  // namespace bitsky
