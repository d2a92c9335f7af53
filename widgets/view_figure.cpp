#include "widgets/view_figure.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <algorithm>
#include <cmath>

#include "widgets/colour_bar.h"

namespace bitsky {
namespace {

// Sizes in points (1/72 in); fonts in points, sized for print at 3.5 in.
constexpr double kMargin = 4, kTitlePt = 8.5, kSubtitlePt = 7, kLabelPt = 7, kRegionPt = 6.5;
constexpr double kBarW = 8, kTickLen = 2.5, kTickGap = 1.5, kImageBarGap = 7, kBarGap = 5;

QFont figureFont(double pt, bool bold = false) {
    QFont f;
    f.setPointSizeF(pt);
    f.setBold(bold);
    f.setHintingPreference(QFont::PreferNoHinting);  // the same shapes at every resolution
    return f;
}

// A reference device for measuring text in points (72 dpi, so 1 unit = 1 pt).
QImage& measureDevice() {
    static QImage device = [] {
        QImage d(1, 1, QImage::Format_RGB32);
        d.setDotsPerMeterX(qRound(72 / 0.0254));
        d.setDotsPerMeterY(qRound(72 / 0.0254));
        return d;
    }();
    return device;
}
QFontMetricsF metrics(double pt, bool bold = false) {
    return QFontMetricsF(figureFont(pt, bold), &measureDevice());
}

QString tickLabel(double v) {
    return QString::number(v, 'g', 5);
}

// Where everything goes, in points.
struct Layout {
    QSizeF page;
    QRectF image;
    double titleBase = 0, subtitleBase = 0;
    std::vector<double> barX;  // left edge of each bar
    double barLabelsW = 0;     // widest tick label of each bar (max over bars)
};

Layout layout(const ViewFigure& f, double widthIn) {
    Layout l;
    const double W = widthIn * 72.0;
    const QFontMetricsF title = metrics(kTitlePt, true), sub = metrics(kSubtitlePt), label = metrics(kLabelPt);
    double top = kMargin + title.height();
    l.titleBase = kMargin + title.ascent();
    if (!f.subtitle.isEmpty()) {
        l.subtitleBase = top + sub.ascent();
        top += sub.height();
    }
    top += 3;
    // Grid labels outside the frame, on the edges where lines leave it.
    double left = 0, right = 0, above = 0, below = 0;
    for (const auto& g : f.grid) {
        if (!g.tick) continue;
        const double w = label.horizontalAdvance(g.label) + 3, h = label.height() + 1;
        switch (g.edge) {
            case FigureGridLine::Edge::Left:
                left = std::max(left, w);
                break;
            case FigureGridLine::Edge::Right:
                right = std::max(right, w);
                break;
            case FigureGridLine::Edge::Top:
                above = std::max(above, h);
                break;
            case FigureGridLine::Edge::Bottom:
                below = std::max(below, h);
                break;
        }
    }
    // Bars: the strip, ticks, labels, and the title turned along the bar.
    for (const auto& b : f.bars)
        for (double v : ColourBar::ticks(b.range))
            l.barLabelsW = std::max(l.barLabelsW, label.horizontalAdvance(tickLabel(v)));
    const double barBlock = kBarW + kTickLen + kTickGap + l.barLabelsW + 2 + label.height();
    const double barsW =
        f.bars.empty() ? 0 : kImageBarGap + double(f.bars.size()) * barBlock + double(f.bars.size() - 1) * kBarGap;
    const double overhang = label.height() / 2;  // tick labels at the ends of a bar
    top = std::max(top + above, kMargin + overhang);
    const double x0 = kMargin + left;
    double iw = W - x0 - right - barsW - kMargin;
    const double aspect = f.pixels.width() > 0 ? f.pixels.height() / f.pixels.width() : 1.0;
    double ih = iw * aspect;
    if (ih > 1.4 * W) {  // a tall strip: limit the page's height
        ih = 1.4 * W;
        iw = ih / aspect;
    }
    l.image = QRectF(x0, top, std::max(iw, 1.0), std::max(ih, 1.0));
    double x = l.image.right() + right + kImageBarGap;
    for (std::size_t i = 0; i < f.bars.size(); ++i, x += barBlock + kBarGap) l.barX.push_back(x);
    const double H = l.image.bottom() + std::max(below, overhang) + kMargin;
    l.page = QSizeF(W, std::ceil(H));
    return l;
}

void drawBar(QPainter& p, const FigureBar& b, QRectF strip, double u, double labelsW) {
    const ColourTable& ct = colourTable(b.map, b.inverted);
    if (!b.levels.empty()) {
        // Bottom (lowest value) to top: one stop per level of the bar, a vector gradient.
        QLinearGradient g(strip.bottomLeft(), strip.topLeft());
        const std::size_t n = b.levels.size();
        for (std::size_t k = 0; k < n; ++k)
            g.setColorAt(n > 1 ? double(k) / double(n - 1) : 0.0, QColor::fromRgb(ct[b.levels[k]]));
        p.fillRect(strip, g);
    }
    p.setPen(QPen(Qt::black, 0.5 * u));
    p.setBrush(Qt::NoBrush);
    p.drawRect(strip);
    const QFont font = figureFont(kLabelPt);
    p.setFont(font);
    const QFontMetricsF fm(font, p.device());
    const double span = b.range.hi - b.range.lo;
    for (double v : ColourBar::ticks(b.range)) {
        const double f = span > 0 ? (v - b.range.lo) / span : 0.5;
        const double y = strip.bottom() - f * strip.height();
        p.drawLine(QPointF(strip.right(), y), QPointF(strip.right() + kTickLen * u, y));
        p.drawText(QPointF(strip.right() + (kTickLen + kTickGap) * u, y + (fm.ascent() - fm.descent()) / 2),
                   tickLabel(v));
    }
    // The unit, along the bar, right of the labels.
    p.save();
    p.translate(strip.right() + (kTickLen + kTickGap + 2) * u + labelsW * u + fm.ascent(), strip.center().y());
    p.rotate(90);
    const QString title = fm.elidedText(b.title, Qt::ElideRight, strip.height());
    p.drawText(QPointF(-fm.horizontalAdvance(title) / 2, 0), title);
    p.restore();
}

}  // namespace

QSizeF figurePageSize(const ViewFigure& figure, double widthIn) {
    return layout(figure, widthIn).page;
}

void paintFigure(QPainter& p, QPaintDevice& device, const ViewFigure& f, double widthIn) {
    const Layout l = layout(f, widthIn);
    const double u = device.logicalDpiY() / 72.0;  // device pixels per point
    const bool raster = device.devType() == QInternal::Image;
    auto px = [u](QRectF r) { return QRectF(r.x() * u, r.y() * u, r.width() * u, r.height() * u); };
    const QRectF img = px(l.image);
    p.fillRect(QRectF(0, 0, l.page.width() * u, l.page.height() * u), Qt::white);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    p.setRenderHint(QPainter::LosslessImageRendering, true);  // PDF: Flate, never JPEG, for the pixels

    // Title and subtitle.
    p.setPen(Qt::black);
    p.setFont(figureFont(kTitlePt, true));
    p.drawText(
        QPointF(kMargin * u, l.titleBase * u),
        QFontMetricsF(p.font(), &device).elidedText(f.title, Qt::ElideMiddle, (l.page.width() - 2 * kMargin) * u));
    if (!f.subtitle.isEmpty()) {
        p.setPen(QColor(70, 70, 70));
        p.setFont(figureFont(kSubtitlePt));
        p.drawText(QPointF(kMargin * u, l.subtitleBase * u),
                   QFontMetricsF(p.font(), &device)
                       .elidedText(f.subtitle, Qt::ElideRight, (l.page.width() - 2 * kMargin) * u));
    }

    // The image (and the map over it): the part shown, flipped so FITS row 0 is at the bottom.
    const QRectF source(f.pixels.x(), f.image.height() - f.pixels.y() - f.pixels.height(), f.pixels.width(),
                        f.pixels.height());
    auto drawRaster = [&](const QImage& image) {
        if (raster) {
            // Nearest pixel when enlarging (pixels stay pixels), smooth when reducing.
            p.setRenderHint(QPainter::SmoothPixmapTransform, img.width() < source.width());
            p.drawImage(img, image, source);
            return;
        }
        // Vector formats embed the part shown, at most twice the resolution of a 300 dpi print.
        QImage part = image.copy(source.toAlignedRect());
        const QSize most(int(std::ceil(l.image.width() / 72.0 * 600)), int(std::ceil(l.image.height() / 72.0 * 600)));
        if (part.width() > most.width() || part.height() > most.height())
            part = part.scaled(most, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        p.drawImage(img, part);
    };
    p.save();
    p.setClipRect(img);
    drawRaster(f.image);
    if (!f.overlay.isNull()) {
        p.setOpacity(std::clamp(f.overlayOpacity, 0.0, 1.0));
        drawRaster(f.overlay);
        p.setOpacity(1.0);
    }
    // Pixel-centre coordinates -> device.
    const auto toDevice = [&](QPointF c) {
        return QPointF(img.left() + (c.x() + 0.5 - f.pixels.x()) / f.pixels.width() * img.width(),
                       img.bottom() - (c.y() + 0.5 - f.pixels.y()) / f.pixels.height() * img.height());
    };
    const auto polyToDevice = [&](const QPolygonF& poly) {
        QPolygonF out;
        for (const QPointF& q : poly) out << toDevice(q);
        return out;
    };
    // The grid: a dark line under a light one, visible on any colour map.
    for (const QColor& c : {QColor(0, 0, 0, 110), QColor(255, 255, 255, 210)}) {
        p.setPen(QPen(c, (c.red() ? 0.5 : 1.1) * u));
        for (const auto& g : f.grid)
            for (const QPolygonF& piece : g.pieces) p.drawPolyline(polyToDevice(piece));
    }
    // Regions, numbered as in the Regions panel.
    p.setFont(figureFont(kRegionPt));
    for (int i = 0; i < f.regions.size(); ++i) {
        const ViewRegion& r = f.regions[i];
        const QPolygonF w = polyToDevice(r.outline());
        p.setPen(QPen(QColor(0, 0, 0, 160), 1.8 * u));
        p.drawPolygon(w);
        QPen pen(QColor(0, 255, 120), 0.9 * u);
        if (r.exclude) pen.setStyle(Qt::DashLine);
        p.setPen(pen);
        p.drawPolygon(w);
        const QString text =
            r.label.isEmpty() ? QString::number(i + 1) : QString::number(i + 1) + QLatin1Char(' ') + r.label;
        const QPointF at = w.boundingRect().topLeft() + QPointF(0, -1.5 * u);
        QPainterPath path;
        path.addText(at, p.font(), text);
        p.strokePath(path, QPen(QColor(0, 0, 0, 180), 1.2 * u));
        p.fillPath(path, QColor(0, 255, 120));
    }
    p.restore();

    // The frame, the grid's ticks and labels outside it (a label that would overlap
    // another is left out).
    p.setPen(QPen(Qt::black, 0.6 * u));
    p.setBrush(Qt::NoBrush);
    p.drawRect(img);
    const QFont labelFont = figureFont(kLabelPt);
    p.setFont(labelFont);
    const QFontMetricsF fm(labelFont, &device);
    QVector<QRectF> placed;
    for (const auto& g : f.grid) {
        if (!g.tick) continue;
        const QPointF t = toDevice(*g.tick);
        const double w = fm.horizontalAdvance(g.label), h = fm.height(), len = 2 * u;
        QRectF box;
        QLineF mark;
        switch (g.edge) {
            case FigureGridLine::Edge::Bottom:
                mark = QLineF(t.x(), img.bottom(), t.x(), img.bottom() + len);
                box = QRectF(t.x() - w / 2, img.bottom() + len, w, h);
                break;
            case FigureGridLine::Edge::Top:
                mark = QLineF(t.x(), img.top(), t.x(), img.top() - len);
                box = QRectF(t.x() - w / 2, img.top() - len - h, w, h);
                break;
            case FigureGridLine::Edge::Left:
                mark = QLineF(img.left(), t.y(), img.left() - len, t.y());
                box = QRectF(img.left() - len - w - 0.5 * u, t.y() - h / 2, w, h);
                break;
            case FigureGridLine::Edge::Right:
                mark = QLineF(img.right(), t.y(), img.right() + len, t.y());
                box = QRectF(img.right() + len + 0.5 * u, t.y() - h / 2, w, h);
                break;
        }
        p.drawLine(mark);
        if (std::any_of(placed.begin(), placed.end(), [&](const QRectF& r) { return r.intersects(box); })) continue;
        placed << box;
        p.drawText(QPointF(box.left(), box.top() + fm.ascent()), g.label);
    }

    for (std::size_t i = 0; i < f.bars.size(); ++i)
        drawBar(p, f.bars[i], QRectF(l.barX[i] * u, img.top(), kBarW * u, img.height()), u, l.barLabelsW);
}

bool saveFigure(const ViewFigure& figure, const QString& path, double widthIn, int dpi, QString* error) {
    auto fail = [&](const QString& why) {
        if (error) *error = why;
        return false;
    };
    if (!(widthIn > 0) || dpi <= 0)
        return fail(
            QCoreApplication::translate("bitsky::ViewFigure", "%1: the width and the resolution must be positive")
                .arg(path));
    const QSizeF page = figurePageSize(figure, widthIn);
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png")) {
        const QSize size(int(std::lround(page.width() / 72.0 * dpi)), int(std::lround(page.height() / 72.0 * dpi)));
        if (qint64(size.width()) * size.height() > 400'000'000)
            return fail(QCoreApplication::translate("bitsky::ViewFigure", "%1: %2 x %3 pixels is too large")
                            .arg(path)
                            .arg(size.width())
                            .arg(size.height()));
        QImage out(size, QImage::Format_RGB32);
        out.setDotsPerMeterX(qRound(dpi / 0.0254));
        out.setDotsPerMeterY(qRound(dpi / 0.0254));
        {
            QPainter p(&out);
            paintFigure(p, out, figure, widthIn);
        }
        if (!out.save(path, "PNG"))
            return fail(QCoreApplication::translate("bitsky::ViewFigure", "%1: cannot write the file").arg(path));
        return true;
    }
    if (suffix == QLatin1String("pdf")) {
        QPdfWriter pdf(path);
        pdf.setResolution(dpi);
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        if (!pdf.setPageSize(QPageSize(page, QPageSize::Point, QString(), QPageSize::ExactMatch)))
            return fail(QCoreApplication::translate("bitsky::ViewFigure", "%1: cannot set the page size").arg(path));
        pdf.setTitle(figure.title);
        pdf.setCreator(QStringLiteral("BitSky"));
        QPainter p;
        if (!p.begin(&pdf))
            return fail(QCoreApplication::translate("bitsky::ViewFigure", "%1: cannot write the file").arg(path));
        paintFigure(p, pdf, figure, widthIn);
        if (!p.end())
            return fail(QCoreApplication::translate("bitsky::ViewFigure", "%1: cannot write the file").arg(path));
        return QFileInfo(path).size() > 0 ||
               fail(QCoreApplication::translate("bitsky::ViewFigure", "%1: nothing was written").arg(path));
    }
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setResolution(72);  // one SVG unit per point
        svg.setSize(page.toSize());
        svg.setViewBox(QRectF(QPointF(0, 0), page));
        svg.setTitle(figure.title);
        svg.setDescription(figure.subtitle);
        QPainter p;
        if (!p.begin(&svg))
            return fail(QCoreApplication::translate("bitsky::ViewFigure", "%1: cannot write the file").arg(path));
        paintFigure(p, svg, figure, widthIn);
        if (!p.end())
            return fail(QCoreApplication::translate("bitsky::ViewFigure", "%1: cannot write the file").arg(path));
        return QFileInfo(path).size() > 0 ||
               fail(QCoreApplication::translate("bitsky::ViewFigure", "%1: nothing was written").arg(path));
    }
    return fail(QCoreApplication::translate("bitsky::ViewFigure", "%1: use .png, .pdf or .svg").arg(path));
}

}  // namespace bitsky
