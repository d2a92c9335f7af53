#include "widgets/region_overlay.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QTransform>
#include <cmath>
#include <numbers>

#include "widgets/image_view.h"

namespace bitsky {

bool ViewRegion::contains(QPointF p) const {
    switch (shape) {
        case Shape::Circle: {
            const QPointF d = p - centre;
            return d.x() * d.x() + d.y() * d.y() <= radius * radius;
        }
        case Shape::Box: {
            const double a = angle * std::numbers::pi / 180.0;
            const QPointF d = p - centre;
            const double u = std::cos(a) * d.x() + std::sin(a) * d.y(), v = -std::sin(a) * d.x() + std::cos(a) * d.y();
            return std::abs(u) <= size.width() / 2 && std::abs(v) <= size.height() / 2;
        }
        case Shape::Polygon: return vertices.containsPoint(p, Qt::OddEvenFill);
    }
    return false;
}

void ViewRegion::translate(QPointF d) {
    centre += d;
    vertices.translate(d);
}

QPolygonF ViewRegion::outline() const {
    QPolygonF poly;
    if (shape == Shape::Polygon) return vertices;
    if (shape == Shape::Circle) {
        for (int i = 0; i < 72; ++i) {
            const double t = 2 * std::numbers::pi * i / 72.0;
            poly << centre + QPointF(radius * std::cos(t), radius * std::sin(t));
        }
        return poly;
    }
    const double w = size.width() / 2, h = size.height() / 2;
    QTransform t;
    t.translate(centre.x(), centre.y());
    t.rotate(angle);
    return t.map(QPolygonF({QPointF(-w, -h), QPointF(w, -h), QPointF(w, h), QPointF(-w, h)}));
}

RegionOverlay::RegionOverlay(ImageView* view) : QObject(view), view_(view) {
    view_->installEventFilter(this);
    connect(view_, &ImageView::decorate, this, &RegionOverlay::paint);
}

void RegionOverlay::setTool(Tool tool) {
    drawing_ = false;
    if (tool == tool_) return;
    tool_ = tool;
    if (tool_ == Tool::None) view_->unsetCursor();
    else view_->setCursor(Qt::CrossCursor);
    view_->update();
    emit toolChanged(tool_);
}

void RegionOverlay::setRegions(QVector<ViewRegion> regions) {
    regions_ = std::move(regions);
    selected_ = regions_.isEmpty() ? -1 : 0;
    view_->update();
    emit regionsChanged();
    emit selectionChanged(selected_);
}

void RegionOverlay::addRegion(const ViewRegion& r) {
    regions_.append(r);
    selected_ = int(regions_.size()) - 1;
    view_->update();
    emit regionsChanged();
    emit selectionChanged(selected_);
}

void RegionOverlay::removeRegion(int index) {
    if (index < 0 || index >= regions_.size()) return;
    regions_.removeAt(index);
    selected_ = regions_.isEmpty() ? -1 : std::min(index, int(regions_.size()) - 1);
    view_->update();
    emit regionsChanged();
    emit selectionChanged(selected_);
}

void RegionOverlay::moveRegion(int index, QPointF delta) {
    if (index < 0 || index >= regions_.size()) return;
    regions_[index].translate(delta);
    view_->update();
    emit regionsChanged();
}

void RegionOverlay::clear() { setRegions({}); }

void RegionOverlay::setSelected(int index) {
    if (index < -1 || index >= regions_.size() || index == selected_) return;
    selected_ = index;
    view_->update();
    emit selectionChanged(selected_);
}

int RegionOverlay::regionAt(QPointF widgetPos) const {
    const QPointF p = toPixel(widgetPos);
    if (selected_ >= 0 && regions_[selected_].contains(p)) return selected_;
    for (int i = int(regions_.size()) - 1; i >= 0; --i)
        if (regions_[i].contains(p)) return i;
    return -1;
}

QPointF RegionOverlay::toPixel(QPointF widgetPos) const { return view_->widgetToImage(widgetPos) - QPointF(0.5, 0.5); }

ViewRegion RegionOverlay::drawn() const {
    ViewRegion r;
    if (tool_ == Tool::Circle) {
        r.shape = ViewRegion::Shape::Circle;
        r.centre = anchor_;
        const QPointF d = current_ - anchor_;
        r.radius = std::hypot(d.x(), d.y());
    } else {
        r.shape = ViewRegion::Shape::Box;
        r.centre = (anchor_ + current_) / 2;
        r.size = QSizeF(std::abs(current_.x() - anchor_.x()), std::abs(current_.y() - anchor_.y()));
    }
    return r;
}

bool RegionOverlay::eventFilter(QObject* watched, QEvent* event) {
    if (watched != view_ || view_->image().isNull()) return false;
    switch (event->type()) {
        case QEvent::MouseButtonPress: {
            auto* e = static_cast<QMouseEvent*>(event);
            if (e->button() != Qt::LeftButton) return false;
            view_->setFocus();
            if (tool_ != Tool::None) {
                drawing_ = true;
                anchor_ = current_ = toPixel(e->position());
                return true;
            }
            const int hit = regionAt(e->position());
            if (hit < 0) return false;  // the view pans
            setSelected(hit);
            moving_ = true;
            moved_ = false;
            anchor_ = toPixel(e->position());
            return true;
        }
        case QEvent::MouseMove: {
            auto* e = static_cast<QMouseEvent*>(event);
            if (drawing_) {
                current_ = toPixel(e->position());
                view_->update();
            } else if (moving_) {
                const QPointF p = toPixel(e->position());
                regions_[selected_].translate(p - anchor_);
                anchor_ = p;
                moved_ = true;
                view_->update();
            }
            return false;  // the view still reports the pixel under the cursor
        }
        case QEvent::MouseButtonRelease: {
            auto* e = static_cast<QMouseEvent*>(event);
            if (e->button() != Qt::LeftButton) return false;
            if (drawing_) {
                drawing_ = false;
                current_ = toPixel(e->position());
                const ViewRegion r = drawn();
                // A click without a drag draws nothing.
                if (r.radius >= 0.5 || (r.size.width() >= 1 && r.size.height() >= 1)) addRegion(r);
                view_->update();
                return true;
            }
            if (moving_) {
                moving_ = false;
                if (moved_) emit regionsChanged();
                return true;
            }
            return false;
        }
        case QEvent::MouseButtonDblClick: return drawing_ || tool_ != Tool::None;
        case QEvent::KeyPress: {
            auto* e = static_cast<QKeyEvent*>(event);
            if (e->key() == Qt::Key_Escape) {
                if (drawing_) {
                    drawing_ = false;
                    view_->update();
                } else if (tool_ != Tool::None) {
                    setTool(Tool::None);
                } else {
                    return false;
                }
                return true;
            }
            if ((e->key() == Qt::Key_Delete || e->key() == Qt::Key_Backspace) && selected_ >= 0 && !drawing_) {
                removeRegion(selected_);
                return true;
            }
            return false;
        }
        default: return false;
    }
}

void RegionOverlay::paint(QPainter* p, int pane) {
    const auto toWidget = [&](const QPolygonF& poly) {
        QPolygonF w;
        for (const QPointF& q : poly) w << view_->imageToWidget(q + QPointF(0.5, 0.5), pane);
        return w;
    };
    p->setRenderHint(QPainter::Antialiasing, true);
    for (int i = 0; i < regions_.size(); ++i) {
        const ViewRegion& r = regions_[i];
        const QPolygonF w = toWidget(r.outline());
        const bool sel = i == selected_;
        // A dark halo under the line keeps it visible on any colour map.
        p->setPen(QPen(QColor(0, 0, 0, 160), sel ? 4.0 : 3.0));
        p->drawPolygon(w);
        QPen pen(sel ? QColor(255, 230, 0) : QColor(0, 255, 120), sel ? 2.0 : 1.5);
        if (r.exclude) pen.setStyle(Qt::DashLine);
        p->setPen(pen);
        p->drawPolygon(w);
        // The number (and label) above the region's top left corner.
        const QRectF box = w.boundingRect();
        const QString text = r.label.isEmpty() ? QString::number(i + 1) : QString::number(i + 1) + QLatin1Char(' ') + r.label;
        p->setPen(Qt::black);
        p->drawText(box.topLeft() + QPointF(1, -3), text);
        p->setPen(pen.color());
        p->drawText(box.topLeft() + QPointF(0, -4), text);
    }
    if (drawing_) {
        p->setPen(QPen(Qt::white, 1.5, Qt::DashLine));
        p->drawPolygon(toWidget(drawn().outline()));
    }
}

}  // namespace bitsky
