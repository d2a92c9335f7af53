#include "widgets/plot_canvas.h"

#include <QFileInfo>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace bitsky {

PlotCanvas::PlotCanvas(QWidget* parent) : QCustomPlot(parent) {
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom | QCP::iSelectPlottables | QCP::iSelectLegend);
    axisRect()->setRangeDrag(Qt::Horizontal | Qt::Vertical);
    axisRect()->setRangeZoom(Qt::Horizontal | Qt::Vertical);
    legend->setVisible(true);
    // The legend sits under the plot (never over the data), in two columns.
    plotLayout()->addElement(1, 0, legend);
    plotLayout()->setRowStretchFactor(1, 0.001);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(2);
    legend->setBrush(QColor(255, 255, 255, 220));
    QFont lf = font();
    lf.setPointSizeF(lf.pointSizeF() * 0.85);
    legend->setFont(lf);
    setMouseTracking(true);
    setMinimumSize(240, 180);
    connect(this, &QCustomPlot::plottableClick, this, [this](QCPAbstractPlottable* p, int index, QMouseEvent* e) {
        QString key = keyFor(p, index);
        if (key.isEmpty()) key = keyAt(e->position());  // a curve drawn over the points took the click
        if (!key.isEmpty()) emit pointClicked(key);
    });
}

void PlotCanvas::hideLegend() {
    if (plotLayout()->take(legend)) {
        plotLayout()->simplify();
        axisRect()->insetLayout()->addElement(legend, Qt::AlignTop | Qt::AlignRight);
    }
    legend->setVisible(false);
}

void PlotCanvas::clearAll() {
    clearPlottables();
    clearItems();
    message_ = nullptr;
    meta_.clear();
    setLogX(false);
    setLogY(false);
    xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
}

void PlotCanvas::setAxisLabels(const QString& x, const QString& y) {
    xAxis->setLabel(x);
    yAxis->setLabel(y);
}

static void setLog(QCPAxis* axis, bool log) {
    axis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (log)
        axis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog));
    else
        axis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
}

void PlotCanvas::setLogX(bool log) { setLog(xAxis, log); }
void PlotCanvas::setLogY(bool log) { setLog(yAxis, log); }

void PlotCanvas::setCategories(const QStringList& labels) {
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < labels.size(); ++i) ticker->addTick(i + 1, labels[i]);
    xAxis->setTicker(ticker);
}

void PlotCanvas::setMessage(const QString& text) {
    if (text.isEmpty()) {
        if (message_) removeItem(message_);
        message_ = nullptr;
        return;
    }
    if (!message_) {
        message_ = new QCPItemText(this);
        message_->position->setType(QCPItemPosition::ptAxisRectRatio);
        message_->position->setCoords(0.5, 0.5);
        message_->setPositionAlignment(Qt::AlignCenter);
        message_->setSelectable(false);
    }
    // Lines of at most ~48 characters, so the message fits a plot printed 3.5 in wide.
    QStringList lines;
    for (const QString& paragraph : text.split(QLatin1Char('\n'))) {
        QString line;
        for (const QString& word : paragraph.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (!line.isEmpty() && line.size() + 1 + word.size() > 48) {
                lines << line;
                line.clear();
            }
            line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
        }
        lines << line;
    }
    message_->setText(lines.join(QLatin1Char('\n')));
    message_->setProperty("message", text);
}

QCPBars* PlotCanvas::addBars(const QString& name, const QVector<double>& x, const QVector<double>& height,
                             const QColor& colour, const QStringList& tooltips, QCPBarsGroup* group, double width) {
    auto* bars = new QCPBars(xAxis, yAxis);
    bars->setName(name);
    bars->setWidth(width);
    QColor fill = colour;
    fill.setAlpha(group ? 230 : 150);
    bars->setBrush(fill);
    bars->setPen(QPen(colour.darker(130)));
    if (group) bars->setBarsGroup(group);
    bars->setData(x, height, true);
    meta_.insert(bars, {tooltips, {}});
    return bars;
}

QCPGraph* PlotCanvas::addPoints(const QString& name, const QVector<double>& x, const QVector<double>& y,
                                const QColor& colour, const QStringList& tooltips, const QStringList& keys,
                                QCPScatterStyle::ScatterShape shape) {
    // QCPGraph keeps its data sorted by x: sort here so data index i matches tooltips[i].
    std::vector<int> order(static_cast<std::size_t>(x.size()));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return x[a] < x[b]; });
    QVector<double> sx, sy;
    QStringList st, sk;
    for (int i : order) {
        sx << x[i];
        sy << y[i];
        st << tooltips.value(i);
        sk << keys.value(i);
    }
    auto* g = addGraph();
    g->setName(name);
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(shape, colour.darker(120), colour, 8));
    g->setPen(QPen(colour));
    g->setData(sx, sy, true);
    meta_.insert(g, {st, sk});
    return g;
}

QCPGraph* PlotCanvas::addCurve(const QString& name, const QVector<double>& x, const QVector<double>& y, const QPen& pen) {
    auto* g = addGraph();
    g->setName(name);
    g->setPen(pen);
    g->setLineStyle(QCPGraph::lsLine);
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssNone));
    g->setSelectable(QCP::stNone);
    g->setData(x, y);
    return g;
}

void PlotCanvas::fitAxes() {
    rescaleAxes(true);
    for (QCPAxis* a : {xAxis, yAxis}) {
        QCPRange r = a->range();
        if (a->scaleType() == QCPAxis::stLogarithmic) {
            if (r.lower <= 0) r.lower = r.upper > 0 ? r.upper / 10 : 0.1;
            a->setRange(r.lower / 1.25, r.upper * 1.25);
        } else {
            double m = std::max(r.size() * 0.06, 1e-9);
            a->setRange(r.lower - m, r.upper + m);
        }
    }
    replot();
}

QString PlotCanvas::tooltipFor(QCPAbstractPlottable* p, int index) const {
    auto it = meta_.find(p);
    return it == meta_.end() ? QString() : it->tooltips.value(index);
}

QString PlotCanvas::keyFor(QCPAbstractPlottable* p, int index) const {
    auto it = meta_.find(p);
    return it == meta_.end() ? QString() : it->keys.value(index);
}

QString PlotCanvas::keyAt(const QPointF& pos) const {
    QString best;
    double bestDistance = selectionTolerance();
    for (auto it = meta_.constBegin(); it != meta_.constEnd(); ++it) {
        if (it->keys.isEmpty() || !it.key()->visible()) continue;
        QVariant details;
        double d = it.key()->selectTest(pos, false, &details);
        auto sel = details.value<QCPDataSelection>();
        if (d >= 0 && d < bestDistance && !sel.isEmpty()) {
            bestDistance = d;
            best = it->keys.value(sel.dataRange().begin());
        }
    }
    return best;
}

void PlotCanvas::mouseMoveEvent(QMouseEvent* event) {
    QCustomPlot::mouseMoveEvent(event);
    if (event->buttons() != Qt::NoButton) return;
    int index = -1;
    QCPAbstractPlottable* p = plottableAt(event->position(), true, &index);
    QString tip = p ? tooltipFor(p, index) : QString();
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), tip, this);
}

QSize PlotSize::layout() const {
    return {int(std::lround(widthIn * kLayoutDpi)), int(std::lround(heightIn * kLayoutDpi))};
}
QSize PlotSize::pixels() const {
    return {int(std::lround(widthIn * dpi)), int(std::lround(heightIn * dpi))};
}

namespace {

// Print fonts on every text of a plot while it lives; the on-screen fonts come back after.
class PrintFonts {
public:
    PrintFonts(QCustomPlot& plot, int width) {
        const auto sized = [](QFont f, double pt) {
            f.setPointSizeF(pt);
            return f;
        };
        const double main = PlotCanvas::printFontPt, small = PlotCanvas::printFontPt - 1;
        QList<QCPAxis*> axes;
        for (QCPAxisRect* r : plot.axisRects()) axes += r->axes();
        for (int i = 0; i < plot.plotLayout()->elementCount(); ++i)
            if (auto* scale = qobject_cast<QCPColorScale*>(plot.plotLayout()->elementAt(i))) axes << scale->axis();
        for (QCPAxis* a : axes) {
            keep([a, f = a->labelFont()] { a->setLabelFont(f); });
            keep([a, f = a->tickLabelFont()] { a->setTickLabelFont(f); });
            a->setLabelFont(sized(a->labelFont(), main));
            a->setTickLabelFont(sized(a->tickLabelFont(), small));
        }
        QCPLegend* legend = plot.legend;
        keep([legend, f = legend->font()] { legend->setFont(f); });
        legend->setFont(sized(legend->font(), small));
        for (int i = 0; i < legend->itemCount(); ++i) {
            QCPAbstractLegendItem* item = legend->item(i);
            if (!item) continue;  // an empty cell of the last row
            keep([item, f = item->font()] { item->setFont(f); });
            item->setFont(sized(item->font(), small));
        }
        // An empty legend under the plot would still narrow the plot's column: out of the
        // layout while printing.
        if (legend->itemCount() == 0 && legend->layout() == plot.plotLayout() && plot.plotLayout()->take(legend)) {
            plot.plotLayout()->simplify();
            keep([&plot, legend] {
                plot.plotLayout()->addElement(1, 0, legend);
                plot.plotLayout()->setRowStretchFactor(1, 0.001);
            });
            legend->setVisible(false);
            keep([legend] { legend->setVisible(true); });
        }
        // A compact legend: small icons, tight rows (every entry one line of 7 pt text).
        keep([legend, icon = legend->iconSize(), pad = legend->iconTextPadding(), rows = legend->rowSpacing(),
              cols = legend->columnSpacing(), margins = legend->margins()] {
            legend->setIconSize(icon);
            legend->setIconTextPadding(pad);
            legend->setRowSpacing(rows);
            legend->setColumnSpacing(cols);
            legend->setMargins(margins);
        });
        legend->setIconSize(18, 9);
        legend->setIconTextPadding(4);
        legend->setRowSpacing(0);
        legend->setColumnSpacing(8);
        legend->setMargins(QMargins(4, 2, 4, 2));
        for (int i = 0; i < legend->itemCount(); ++i)
            if (QCPAbstractLegendItem* item = legend->item(i)) {
                keep([item, m = item->margins()] { item->setMargins(m); });
                item->setMargins(QMargins(2, 1, 2, 1));
            }
        // Two legend columns where they fit the width, else one; a smaller font if even one does not.
        const int wrap = legend->wrap();
        keep([legend, wrap] {
            legend->setWrap(wrap);
            legend->setFillOrder(legend->fillOrder(), true);
        });
        for (int columns = wrap; columns >= 1 && legend->minimumOuterSizeHint().width() > width; --columns) {
            legend->setWrap(columns);
            legend->setFillOrder(legend->fillOrder(), true);
        }
        for (double pt = small - 0.5; pt >= 5.5 && legend->minimumOuterSizeHint().width() > width; pt -= 0.5)
            for (int i = 0; i < legend->itemCount(); ++i)
                if (QCPAbstractLegendItem* item = legend->item(i)) item->setFont(sized(item->font(), pt));
        for (int i = 0; i < plot.itemCount(); ++i)
            if (auto* text = qobject_cast<QCPItemText*>(plot.item(i))) {
                keep([text, f = text->font()] { text->setFont(f); });
                text->setFont(sized(text->font(), small));
            }
    }
    ~PrintFonts() {
        for (auto it = restore_.rbegin(); it != restore_.rend(); ++it) (*it)();
    }
    PrintFonts(const PrintFonts&) = delete;
    PrintFonts& operator=(const PrintFonts&) = delete;

private:
    void keep(std::function<void()> f) { restore_.push_back(std::move(f)); }
    std::vector<std::function<void()>> restore_;
};

}  // namespace

void PlotCanvas::withPrintLayout(const PlotSize& size, const std::function<void()>& inspect) {
    PrintFonts fonts(*this, size.layout().width());
    const QRect old = viewport();
    setViewport(QRect(QPoint(0, 0), size.layout()));
    updateLayout();
    inspect();
    setViewport(old);
    updateLayout();
}

bool PlotCanvas::exportFigure(const QString& path, const PlotSize& size) {
    const QSize layout = size.layout();
    if (layout.width() < 50 || layout.height() < 50 || size.dpi <= 0) return false;
    bool ok = false;
    {
        PrintFonts fonts(*this, size.layout().width());
        const QString suffix = QFileInfo(path).suffix().toLower();
        if (suffix == QLatin1String("png")) {
            // Laid out at 96 dpi (the image's resolution while drawing, so points are points),
            // drawn scaled to the pixels asked for; the file records the resolution.
            const QSize px = size.pixels();
            QImage image(px, QImage::Format_ARGB32_Premultiplied);
            image.fill(Qt::white);
            {
                QCPPainter painter(&image);
                painter.setRenderHint(QPainter::Antialiasing);
                painter.scale(double(px.width()) / layout.width(), double(px.height()) / layout.height());
                toPainter(&painter, layout.width(), layout.height());
            }
            image.setDotsPerMeterX(qRound(size.dpi / 0.0254));
            image.setDotsPerMeterY(qRound(size.dpi / 0.0254));
            ok = image.convertToFormat(QImage::Format_RGB32).save(path, "PNG");
        } else if (suffix == QLatin1String("pdf")) {
            QPdfWriter pdf(path);
            pdf.setResolution(int(PlotSize::kLayoutDpi));
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
            pdf.setPageSize(QPageSize(QSizeF(size.widthIn * 72, size.heightIn * 72), QPageSize::Point, QString(),
                                      QPageSize::ExactMatch));
            pdf.setCreator(QStringLiteral("BitSky"));
            pdf.setTitle(xAxis->label() + QStringLiteral(" / ") + yAxis->label());
            QCPPainter painter;
            if (painter.begin(&pdf)) {
                painter.setRenderHint(QPainter::LosslessImageRendering);  // colour maps as Flate, not JPEG
                painter.setMode(QCPPainter::pmVectorized);
                painter.setMode(QCPPainter::pmNoCaching);
                toPainter(&painter, layout.width(), layout.height());
                ok = painter.end();
            }
        } else if (suffix == QLatin1String("svg")) {
            QSvgGenerator svg;
            svg.setFileName(path);
            svg.setResolution(int(PlotSize::kLayoutDpi));
            svg.setSize(layout);
            svg.setViewBox(QRect(QPoint(0, 0), layout));
            svg.setTitle(xAxis->label() + QStringLiteral(" / ") + yAxis->label());
            QCPPainter painter;
            if (painter.begin(&svg)) {
                painter.setMode(QCPPainter::pmVectorized);
                painter.setMode(QCPPainter::pmNoCaching);
                toPainter(&painter, layout.width(), layout.height());
                ok = painter.end();
            }
        }
    }
    replot(QCustomPlot::rpQueuedReplot);  // the on-screen fonts and size again
    return ok && QFileInfo(path).size() > 0;
}

bool PlotCanvas::exportTo(const QString& path, int width, int height, int dpi) {
    if (width <= 0 || height <= 0) {
        bool shown = testAttribute(Qt::WA_WState_Created) && this->width() > 100 && this->height() > 100;
        width = shown ? this->width() : 800;
        height = shown ? this->height() : 500;
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png")) {
        if (dpi <= 0) return savePng(path, width, height);
        // savePng's width/height are before scaling: render (w, h) / scale at scale.
        const double scale = dpi / 96.0;
        return savePng(path, int(std::lround(width / scale)), int(std::lround(height / scale)), scale, -1, dpi,
                       QCP::ruDotsPerInch);
    }
    if (suffix == QLatin1String("pdf")) return savePdf(path, width, height);
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(QSize(width, height));
        svg.setViewBox(QRect(0, 0, width, height));
        svg.setTitle(xAxis->label() + QStringLiteral(" / ") + yAxis->label());
        QCPPainter painter;
        if (!painter.begin(&svg)) return false;
        painter.setMode(QCPPainter::pmVectorized);
        painter.setMode(QCPPainter::pmNoCaching);
        toPainter(&painter, width, height);
        return painter.end() && QFileInfo(path).size() > 0;
    }
    return false;
}

}  // namespace bitsky
