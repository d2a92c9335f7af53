#include "widgets/image_view.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace bitsky {

QString heatmapModeKey(HeatmapMode m) {
    switch (m) {
        case HeatmapMode::SideBySide: return QStringLiteral("side");
        case HeatmapMode::Split: return QStringLiteral("split");
        case HeatmapMode::Overlay: break;
    }
    return QStringLiteral("overlay");
}

std::optional<HeatmapMode> heatmapModeFromKey(const QString& key) {
    for (HeatmapMode m : {HeatmapMode::Overlay, HeatmapMode::SideBySide, HeatmapMode::Split})
        if (key == heatmapModeKey(m)) return m;
    return std::nullopt;
}

namespace {
constexpr int kPaneGap = 4;        // pixels between the two panes side by side
constexpr int kSplitGrab = 6;      // the split line can be grabbed this far from it
}  // namespace

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
    ++frameSerial_;
    if (!sameSize) {
        clearOverlay();
        fit_ = true;
    }
    render();
    if (fit_) applyFit();
    update();
}

RenderedFrame ImageView::renderFrame(std::vector<double> values, int width, int height,
                                     const DisplaySettings& display) {
    RenderedFrame f;
    f.values = std::move(values);
    f.width = width;
    f.height = height;
    f.display = display;
    if (f.values.empty()) return f;
    const ColourTable& colours = colourTable(display.map, display.inverted);
    f.range = computeLimits(f.values, display.limits, display.manual);
    f.table.emplace(display.stretch, f.range, f.values);
    f.levels = renderLevels(f.values, width, height, *f.table, colours);
    f.image = colourise(f.levels, colours);
    return f;
}

void ImageView::setRenderedFrame(RenderedFrame f) {
    bool sameSize = f.width == width_ && f.height == height_;
    values_ = std::move(f.values);
    width_ = f.width;
    height_ = f.height;
    ++frameSerial_;
    if (!sameSize) {
        clearOverlay();
        fit_ = true;
    }
    if (!f.display.sameLevels(display_) || !f.table) {
        render();  // the display settings changed while the frame was rendered
    } else {
        range_ = f.range;
        rangeKey_ = currentRangeKey();
        table_ = std::move(f.table);
        levels_ = std::move(f.levels);
        if (f.display == display_) {
            image_ = std::move(f.image);
            emit displayChanged();
        } else {
            recolour();
        }
    }
    if (fit_) applyFit();
    update();
}

void ImageView::clear() {
    values_.clear();
    width_ = height_ = 0;
    ++frameSerial_;
    image_ = levels_ = QImage();
    table_.reset();
    range_ = {};
    rangeKey_.reset();
    clearOverlay();
    update();
}

void ImageView::setDisplay(const DisplaySettings& display) {
    if (display == display_) return;
    const bool levels = !display.sameLevels(display_);
    display_ = display;
    if (levels)
        render();
    else
        recolour();
    update();
}

void ImageView::setDisplay(Limits limits, Stretch stretch, ColourMap map) {
    DisplaySettings d = display_;
    d.limits = limits;
    d.stretch = stretch;
    d.map = map;
    setDisplay(d);
}

void ImageView::setLimits(Limits limits) {
    DisplaySettings d = display_;
    if (limits == Limits::Manual && d.limits != Limits::Manual) d.manual = range_;  // fix what is shown
    d.limits = limits;
    setDisplay(d);
}

void ImageView::setManualLimits(DisplayRange range) {
    DisplaySettings d = display_;
    d.limits = Limits::Manual;
    d.manual = range;
    setDisplay(d);
}

void ImageView::setStretch(Stretch stretch) {
    DisplaySettings d = display_;
    d.stretch = stretch;
    setDisplay(d);
}

void ImageView::setColourMap(ColourMap map) {
    DisplaySettings d = display_;
    d.map = map;
    setDisplay(d);
}

void ImageView::setInverted(bool inverted) {
    DisplaySettings d = display_;
    d.inverted = inverted;
    setDisplay(d);
}

void ImageView::render() {
    if (values_.empty()) {
        emit displayChanged();
        return;
    }
    if (rangeKey_ != currentRangeKey()) {
        range_ = computeLimits(values_, display_.limits, display_.manual);
        rangeKey_ = currentRangeKey();
    }
    table_.emplace(display_.stretch, range_, values_);
    levels_ = renderLevels(values_, width_, height_, *table_, colourTable(display_.map, display_.inverted), std::move(levels_));
    recolour();
}

void ImageView::recolour() {
    if (!levels_.isNull()) {
        const ColourTable& colours = colourTable(display_.map, display_.inverted);
        levels_.setColorTable(QList<QRgb>(colours.begin(), colours.end()));
        image_ = colourise(levels_, colours, std::move(image_));
    }
    emit displayChanged();
}

std::vector<unsigned char> ImageView::barLevels(int steps) const {
    std::vector<unsigned char> out;
    if (!table_ || steps < 2) return out;
    out.reserve(static_cast<std::size_t>(steps));
    for (int i = 0; i < steps; ++i) out.push_back(table_->level(range_.lo + (range_.hi - range_.lo) * i / (steps - 1)));
    return out;
}

QString ImageView::hint() const {
    if (!image_.isNull()) return {};
    return tr("Open a FITS file to see it here: File > Open (Ctrl+O), or drop a file or folder on the window.");
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

QRect ImageView::paneRect(int pane) const {
    if (mode_ != HeatmapMode::SideBySide) return rect();
    int left = std::max(1, (width() - kPaneGap) / 2);
    if (pane == 0) return QRect(0, 0, left, height());
    return QRect(left + kPaneGap, 0, std::max(1, width() - left - kPaneGap), height());
}

int ImageView::paneAt(QPointF w) const {
    return mode_ == HeatmapMode::SideBySide && w.x() >= paneRect(1).left() ? 1 : 0;
}

QPointF ImageView::widgetToImage(QPointF w) const {
    QPointF local = w - QPointF(paneRect(paneAt(w)).topLeft());
    double ix = (local.x() - offset_.x()) / zoom_;
    double row = (local.y() - offset_.y()) / zoom_;  // screen rows from the top
    return {ix, height_ - row};
}

QPointF ImageView::imageToWidget(QPointF img, int pane) const {
    QPointF origin = paneRect(pane).topLeft();
    return {origin.x() + offset_.x() + img.x() * zoom_, origin.y() + offset_.y() + (height_ - img.y()) * zoom_};
}

void ImageView::setZoom(double z) { setZoom(z, QRectF(paneRect(0)).center()); }

void ImageView::setZoom(double z, QPointF anchor) {
    z = std::clamp(z, kMinZoom, kMaxZoom);
    QPointF img = widgetToImage(anchor);
    QPointF local = anchor - QPointF(paneRect(paneAt(anchor)).topLeft());
    zoom_ = z;
    // Put the same image point back under the anchor (in its pane; the other pane
    // follows, as both share the transform).
    offset_ = QPointF(local.x() - img.x() * zoom_, local.y() - (height_ - img.y()) * zoom_);
    fit_ = false;
    update();
    emit zoomChanged(zoom_);
}

void ImageView::setHeatmapMode(HeatmapMode mode) {
    if (mode == mode_) return;
    // Keep the image point at the centre of the first pane where it is, in the new pane.
    QPointF centre = widgetToImage(QRectF(paneRect(0)).center());
    mode_ = mode;
    cursor_.reset();
    if (fit_) {
        applyFit();
    } else if (width_ > 0) {
        QPointF c = QRectF(paneRect(0)).center() - QPointF(paneRect(0).topLeft());
        offset_ = QPointF(c.x() - centre.x() * zoom_, c.y() - (height_ - centre.y()) * zoom_);
    }
    update();
    emit heatmapModeChanged(mode_);
}

void ImageView::setSplitPosition(double fraction) {
    split_ = std::clamp(fraction, 0.0, 1.0);
    update();
    emit splitMoved(split_);
}

int ImageView::splitX() const { return static_cast<int>(std::lround(split_ * width())); }

bool ImageView::nearSplit(QPointF w) const {
    return mode_ == HeatmapMode::Split && hasOverlay() && overlayVisible_ && std::abs(w.x() - splitX()) <= kSplitGrab;
}

void ImageView::fitToWindow() {
    fit_ = true;
    applyFit();
    update();
    emit zoomChanged(zoom_);
}

void ImageView::applyFit() {
    if (width_ <= 0 || height_ <= 0) return;
    const QRect pane = paneRect(0);
    zoom_ = std::clamp(std::min(double(pane.width()) / width_, double(pane.height()) / height_), kMinZoom, kMaxZoom);
    offset_ = QPointF((pane.width() - width_ * zoom_) / 2.0, (pane.height() - height_ * zoom_) / 2.0);
}

void ImageView::resizeEvent(QResizeEvent*) {
    if (fit_) applyFit();
}

void ImageView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Dark));
    if (image_.isNull()) {
        p.setPen(palette().color(QPalette::BrightText));
        p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, hint());
        return;
    }
    for (int pane = 0; pane < paneCount(); ++pane) {
        paintPane(p, pane);
        p.save();
        p.setClipRect(paneRect(pane));
        emit decorate(&p, pane);
        p.restore();
    }
    const bool mapShown = hasOverlay() && overlayVisible_;
    if (mode_ == HeatmapMode::Split && mapShown) {
        // The split line with a grip in the middle.
        const int x = splitX();
        p.setPen(QPen(Qt::white, 1));
        p.drawLine(x, 0, x, height());
        p.setPen(QPen(Qt::black, 1));
        p.drawLine(x + 1, 0, x + 1, height());
        QRect grip(x - 4, height() / 2 - 14, 10, 28);
        p.fillRect(grip, Qt::white);
        p.setPen(Qt::black);
        p.drawRect(grip.adjusted(0, 0, -1, -1));
    }
    emit painted();
}

void ImageView::paintPane(QPainter& p, int pane) {
    const QRect pr = paneRect(pane);
    p.save();
    p.setClipRect(pr);
    p.translate(pr.topLeft());
    // Draw only the visible part: the source rectangle in image pixels (whole pixels, so
    // the nearest-neighbour scaling stays aligned) and its place on screen.
    QRectF full(offset_, QSizeF(width_ * zoom_, height_ * zoom_));
    QRectF visible = full.intersected(QRectF(0, 0, pr.width(), pr.height()));
    if (!visible.isEmpty()) {
        double sx0 = std::floor((visible.left() - offset_.x()) / zoom_);
        double sy0 = std::floor((visible.top() - offset_.y()) / zoom_);
        double sx1 = std::min<double>(width_, std::ceil((visible.right() - offset_.x()) / zoom_));
        double sy1 = std::min<double>(height_, std::ceil((visible.bottom() - offset_.y()) / zoom_));
        QRectF source(sx0, sy0, sx1 - sx0, sy1 - sy0);
        QRectF target(offset_.x() + sx0 * zoom_, offset_.y() + sy0 * zoom_, source.width() * zoom_,
                      source.height() * zoom_);
        p.setRenderHint(QPainter::SmoothPixmapTransform, zoom_ < 1.0);
        const bool mapShown = hasOverlay() && overlayVisible_;
        if (pane == 1) {
            // The map pane: the map alone (NaN pixels show the background).
            if (mapShown) p.drawImage(target, overlayImage_, source);
            else {
                p.setPen(palette().color(QPalette::BrightText));
                p.drawText(QRect(0, 0, pr.width(), pr.height()), Qt::AlignCenter | Qt::TextWordWrap,
                           hasOverlay() ? tr("Bit-cost map hidden") : tr("Compute a bit-cost map to see it here"));
            }
        } else {
            p.drawImage(target, image_, source);
            if (mapShown && mode_ == HeatmapMode::Overlay && overlayOpacity_ > 0) {
                p.setOpacity(overlayOpacity_);
                p.drawImage(target, overlayImage_, source);
                p.setOpacity(1.0);
            } else if (mapShown && mode_ == HeatmapMode::Split) {
                // Right of the split line: the map, opaque.
                p.setClipRect(QRect(splitX(), 0, pr.width() - splitX(), pr.height()), Qt::IntersectClip);
                p.drawImage(target, overlayImage_, source);
            }
        }
    }
    if (cursor_ && paneCount() > 1) {
        // The same pixel marked in both panes.
        QPointF c((cursor_->x() + 0.5) * zoom_ + offset_.x(), (height_ - cursor_->y() - 0.5) * zoom_ + offset_.y());
        double r = std::max(6.0, zoom_);
        p.setClipRect(QRect(0, 0, pr.width(), pr.height()));
        p.setPen(QPen(Qt::green, 1));
        p.drawLine(QPointF(c.x() - 2 * r, c.y()), QPointF(c.x() - r / 2, c.y()));
        p.drawLine(QPointF(c.x() + r / 2, c.y()), QPointF(c.x() + 2 * r, c.y()));
        p.drawLine(QPointF(c.x(), c.y() - 2 * r), QPointF(c.x(), c.y() - r / 2));
        p.drawLine(QPointF(c.x(), c.y() + r / 2), QPointF(c.x(), c.y() + 2 * r));
    }
    p.restore();
}

void ImageView::mousePressEvent(QMouseEvent* e) {
    if (e->button() == Qt::LeftButton && nearSplit(e->position())) {
        draggingSplit_ = true;
        return;
    }
    if (e->button() == Qt::LeftButton && !image_.isNull()) {
        dragging_ = true;
        dragStart_ = e->position();
        offsetStart_ = offset_;
        setCursor(Qt::ClosedHandCursor);
    }
}

void ImageView::mouseReleaseEvent(QMouseEvent* e) {
    if (e->button() == Qt::LeftButton && draggingSplit_) draggingSplit_ = false;
    if (e->button() == Qt::LeftButton && dragging_) {
        dragging_ = false;
        unsetCursor();
    }
}

void ImageView::mouseDoubleClickEvent(QMouseEvent*) { fitToWindow(); }

void ImageView::mouseMoveEvent(QMouseEvent* e) {
    if (draggingSplit_) {
        setSplitPosition(width() > 0 ? e->position().x() / width() : 0.5);
        return;
    }
    if (!dragging_) {
        if (nearSplit(e->position())) setCursor(Qt::SplitHCursor);
        else unsetCursor();
    }
    if (dragging_) {
        offset_ = offsetStart_ + (e->position() - dragStart_);
        fit_ = false;
        update();
        emit transformChanged();
    }
    if (image_.isNull()) return;
    QPointF img = widgetToImage(e->position());
    int x = static_cast<int>(std::floor(img.x())), y = static_cast<int>(std::floor(img.y()));
    auto v = valueAt(x, y);
    std::optional<QPoint> c = v ? std::optional<QPoint>(QPoint(x, y)) : std::nullopt;
    if (c != cursor_) {
        cursor_ = c;
        if (paneCount() > 1) update();
    }
    if (v) emit pixelHovered(x, y, *v);
}

void ImageView::leaveEvent(QEvent*) {
    if (cursor_) {
        cursor_.reset();
        update();
    }
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
