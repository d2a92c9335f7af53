#include "widgets/image_view.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace bitsky {

ImageView::ImageView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setMinimumSize(200, 150);
    setAutoFillBackground(false);
    setFocusPolicy(Qt::StrongFocus);
}

void ImageView::setFrame(std::vector<double> values, int width, int height) {
    bool sameSize = width == width_ && height == height_;
    values_ = std::move(values);
    width_ = width;
    height_ = height;
    if (!sameSize) {
        clearOverlay();
        fit_ = true;
    }
    render();
    if (fit_) applyFit();
    update();
}

void ImageView::clear() {
    values_.clear();
    width_ = height_ = 0;
    image_ = levels_ = QImage();
    table_.reset();
    range_ = {};
    clearOverlay();
    update();
}

void ImageView::setDisplay(Limits limits, Stretch stretch, ColourMap map) {
    limits_ = limits;
    stretch_ = stretch;
    map_ = map;
    render();
    update();
}

void ImageView::setLimits(Limits limits) { setDisplay(limits, stretch_, map_); }
void ImageView::setStretch(Stretch stretch) { setDisplay(limits_, stretch, map_); }

void ImageView::setColourMap(ColourMap map) {
    map_ = map;
    recolour();
    update();
}

void ImageView::render() {
    if (values_.empty()) {
        emit displayChanged();
        return;
    }
    range_ = computeLimits(values_, limits_);
    table_.emplace(stretch_, range_, values_);
    levels_ = renderLevels(values_, width_, height_, *table_, map_);
    recolour();
}

void ImageView::recolour() {
    if (!levels_.isNull()) image_ = colourise(levels_, map_);
    emit displayChanged();
}

std::vector<unsigned char> ImageView::barLevels(int steps) const {
    std::vector<unsigned char> out;
    if (!table_ || steps < 2) return out;
    out.reserve(static_cast<std::size_t>(steps));
    for (int i = 0; i < steps; ++i) out.push_back(table_->level(range_.lo + (range_.hi - range_.lo) * i / (steps - 1)));
    return out;
}

std::optional<double> ImageView::valueAt(int x, int y) const {
    if (x < 0 || y < 0 || x >= width_ || y >= height_ || values_.empty()) return std::nullopt;
    return values_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(x)];
}

void ImageView::setOverlay(std::vector<float> values, DisplayRange range, ColourMap map) {
    if (values.size() != static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_)) return;
    overlay_ = std::move(values);
    overlayImage_ = QImage(width_, height_, QImage::Format_ARGB32_Premultiplied);
    const ColourTable& ct = colourTable(map);
    const double scale = range.hi > range.lo ? 255.0 / (range.hi - range.lo) : 0.0;
    for (int y = 0; y < height_; ++y) {
        auto* line = reinterpret_cast<QRgb*>(overlayImage_.scanLine(height_ - 1 - y));
        const float* row = overlay_.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width_);
        for (int x = 0; x < width_; ++x) {
            double v = row[x];
            if (!std::isfinite(v)) {
                line[x] = 0;
                continue;
            }
            line[x] = ct[static_cast<std::size_t>(std::clamp((v - range.lo) * scale + 0.5, 0.0, 255.0))];
        }
    }
    update();
}

void ImageView::clearOverlay() {
    overlay_.clear();
    overlayImage_ = QImage();
    update();
}

void ImageView::setOverlayOpacity(double opacity) {
    overlayOpacity_ = std::clamp(opacity, 0.0, 1.0);
    update();
}

void ImageView::setOverlayVisible(bool visible) {
    overlayVisible_ = visible;
    update();
}

std::optional<float> ImageView::overlayValueAt(int x, int y) const {
    if (overlay_.empty() || x < 0 || y < 0 || x >= width_ || y >= height_) return std::nullopt;
    return overlay_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(x)];
}

QPointF ImageView::widgetToImage(QPointF w) const {
    double ix = (w.x() - offset_.x()) / zoom_;
    double row = (w.y() - offset_.y()) / zoom_;  // screen rows from the top
    return {ix, height_ - row};
}

QPointF ImageView::imageToWidget(QPointF img) const {
    return {offset_.x() + img.x() * zoom_, offset_.y() + (height_ - img.y()) * zoom_};
}

void ImageView::setZoom(double z, QPointF anchor) {
    z = std::clamp(z, kMinZoom, kMaxZoom);
    QPointF img = widgetToImage(anchor);
    zoom_ = z;
    // Put the same image point back under the anchor.
    offset_ = QPointF(anchor.x() - img.x() * zoom_, anchor.y() - (height_ - img.y()) * zoom_);
    fit_ = false;
    update();
    emit zoomChanged(zoom_);
}

void ImageView::fitToWindow() {
    fit_ = true;
    applyFit();
    update();
    emit zoomChanged(zoom_);
}

void ImageView::applyFit() {
    if (width_ <= 0 || height_ <= 0) return;
    zoom_ = std::clamp(std::min(double(width()) / width_, double(height()) / height_), kMinZoom, kMaxZoom);
    offset_ = QPointF((width() - width_ * zoom_) / 2.0, (height() - height_ * zoom_) / 2.0);
}

void ImageView::resizeEvent(QResizeEvent*) {
    if (fit_) applyFit();
}

void ImageView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Dark));
    if (image_.isNull()) {
        p.setPen(palette().color(QPalette::BrightText));
        p.drawText(rect(), Qt::AlignCenter, tr("Open a FITS file to see it here"));
        return;
    }
    // Draw only the visible part: the source rectangle in image pixels (whole pixels, so
    // the nearest-neighbour scaling stays aligned) and its place on screen.
    QRectF full(offset_, QSizeF(width_ * zoom_, height_ * zoom_));
    QRectF visible = full.intersected(QRectF(rect()));
    if (visible.isEmpty()) return;
    double sx0 = std::floor((visible.left() - offset_.x()) / zoom_);
    double sy0 = std::floor((visible.top() - offset_.y()) / zoom_);
    double sx1 = std::min<double>(width_, std::ceil((visible.right() - offset_.x()) / zoom_));
    double sy1 = std::min<double>(height_, std::ceil((visible.bottom() - offset_.y()) / zoom_));
    QRectF source(sx0, sy0, sx1 - sx0, sy1 - sy0);
    QRectF target(offset_.x() + sx0 * zoom_, offset_.y() + sy0 * zoom_, source.width() * zoom_,
                  source.height() * zoom_);
    p.setRenderHint(QPainter::SmoothPixmapTransform, zoom_ < 1.0);
    p.drawImage(target, image_, source);
    if (!overlayImage_.isNull() && overlayVisible_ && overlayOpacity_ > 0) {
        p.setOpacity(overlayOpacity_);
        p.drawImage(target, overlayImage_, source);
    }
}

void ImageView::mousePressEvent(QMouseEvent* e) {
    if (e->button() == Qt::LeftButton && !image_.isNull()) {
        dragging_ = true;
        dragStart_ = e->position();
        offsetStart_ = offset_;
        setCursor(Qt::ClosedHandCursor);
    }
}

void ImageView::mouseReleaseEvent(QMouseEvent* e) {
    if (e->button() == Qt::LeftButton && dragging_) {
        dragging_ = false;
        unsetCursor();
    }
}

void ImageView::mouseDoubleClickEvent(QMouseEvent*) { fitToWindow(); }

void ImageView::mouseMoveEvent(QMouseEvent* e) {
    if (dragging_) {
        offset_ = offsetStart_ + (e->position() - dragStart_);
        fit_ = false;
        update();
    }
    if (image_.isNull()) return;
    QPointF img = widgetToImage(e->position());
    int x = static_cast<int>(std::floor(img.x())), y = static_cast<int>(std::floor(img.y()));
    if (auto v = valueAt(x, y)) emit pixelHovered(x, y, *v);
}

void ImageView::wheelEvent(QWheelEvent* e) {
    if (image_.isNull()) return;
    double notches = e->angleDelta().y() / 120.0;
    if (notches == 0) return;
    setZoom(zoom_ * std::pow(2.0, notches / 2.0), e->position());
    e->accept();
}

void ImageView::keyPressEvent(QKeyEvent* e) {
    switch (e->key()) {
        case Qt::Key_Plus:
        case Qt::Key_Equal: setZoom(zoom_ * 2.0); break;
        case Qt::Key_Minus: setZoom(zoom_ / 2.0); break;
        case Qt::Key_0: fitToWindow(); break;
        default: QWidget::keyPressEvent(e);
    }
}

}  // namespace bitsky
