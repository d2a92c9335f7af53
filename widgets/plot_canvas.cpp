#include "widgets/plot_canvas.h"

#include <QFileInfo>
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
    message_->setText(text);
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
