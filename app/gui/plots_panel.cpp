#include "app/gui/plots_panel.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "engine/analysis/noise.h"
#include "engine/analysis/predict.h"
#include "engine/fits/fits.h"

namespace bitsky {
namespace {

// Reads the store and the noise of every image (stored, cached or computed here).
PlotData loadPlotData(const QString& storePath, QHash<QString, double> cache) {
    PlotData d;
    d.sigma = std::move(cache);
    if (storePath.isEmpty() || !std::filesystem::exists(storePath.toStdString())) {
        d.storeMissing = true;
        return d;
    }
    try {
        store::ResultsStore st(storePath.toStdString(), store::OpenOptions{.create = false, .read_only = true});
        d.byDataset = st.report(store::ReportBy::Dataset);
        d.byImage = st.report(store::ReportBy::Image);
        QSet<QString> measured;
        for (const auto& r : d.byImage)
            if (r.ratio) measured.insert(PlotsPanel::imageKey(QString::fromStdString(r.image), r.hdu));
        for (const auto& im : st.images()) {
            QString key = PlotsPanel::imageKey(QString::fromStdString(im.path), im.hdu);
            if (!measured.contains(key) || d.sigma.contains(key)) continue;
            if (im.noise_json) {
                QJsonObject j = QJsonDocument::fromJson(QByteArray::fromStdString(*im.noise_json)).object();
                if (j.value(QStringLiteral("sigma")).toDouble() > 0) {
                    d.sigma.insert(key, j.value(QStringLiteral("sigma")).toDouble());
                    continue;
                }
            }
            try {
                auto f = fits::File::open(im.path);
                if (!f.hdu(im.hdu).is_16bit()) continue;
                analysis::NoiseOptions opt;
                opt.tile = 0;
                double s = analysis::estimate_noise(f.read_u16_frame(im.hdu, 0).frame(0), opt).sigma();
                if (s > 0) d.sigma.insert(key, s);
            } catch (const std::exception&) {
                // The file moved or changed since the benchmark: no point for it.
            }
        }
    } catch (const std::exception& e) {
        d.error = QString::fromStdString(e.what());
    }
    return d;
}

QString fmt(double v, int prec = 3) { return QString::number(v, 'f', prec); }

const QList<QColor>& codecPalette() {
    static const QList<QColor> p{QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                                 QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                 QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
                                 QColor(0x17, 0xbe, 0xcf)};
    return p;
}

}  // namespace

QString PlotsPanel::imageKey(const QString& path, int hdu) { return path + QLatin1Char('#') + QString::number(hdu); }

PlotsPanel::PlotsPanel(QWidget* parent) : QWidget(parent) {
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(2, 2, 2, 2);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    tabs_ = new QTabWidget(this);
    const QStringList titles{tr("Ratio per codec"), tr("Ratio vs noise"), tr("Speed vs ratio"), tr("Ratio histogram")};
    const QStringList names = plotNames();
    for (int i = 0; i < names.size(); ++i) {
        auto* c = new PlotCanvas(tabs_);
        c->setObjectName(names[i]);
        canvases_.insert(names[i], c);
        tabs_->addTab(c, titles[i]);
        connect(c, &PlotCanvas::pointClicked, this, [this](const QString& key) {
            int at = int(key.lastIndexOf(QLatin1Char('#')));
            if (at > 0) emit imageActivated(key.left(at), key.mid(at + 1).toInt());
        });
    }
    tabs_->setCurrentIndex(1);  // ratio vs noise: the paper's key finding
    lay->addWidget(status_);
    lay->addWidget(tabs_, 1);
    watcher_ = new QFutureWatcher<PlotData>(this);
    connect(watcher_, &QFutureWatcher<PlotData>::finished, this, [this] {
        data_ = watcher_->result();
        apply();
        if (!pendingStore_.isEmpty()) {
            QString next = std::exchange(pendingStore_, QString());
            refresh(next);
        }
    });
}

PlotsPanel::~PlotsPanel() { watcher_->waitForFinished(); }

bool PlotsPanel::loading() const { return watcher_->isRunning() || !pendingStore_.isEmpty(); }

void PlotsPanel::refresh(const QString& storePath) {
    if (watcher_->isRunning()) {
        pendingStore_ = storePath.isEmpty() ? QStringLiteral(" ") : storePath;
        return;
    }
    status_->setText(tr("Reading the results store..."));
    watcher_->setFuture(QtConcurrent::run(loadPlotData, storePath.trimmed(), data_.sigma));
}

PlotCanvas* PlotsPanel::canvas(const QString& name) const { return canvases_.value(name, nullptr); }

void PlotsPanel::showPlot(const QString& name) {
    if (auto* c = canvas(name)) tabs_->setCurrentWidget(c);
}

bool PlotsPanel::exportPlot(const QString& name, const QString& path, int width, int height) {
    PlotCanvas* c = canvas(name);
    return c && c->exportTo(path, width, height);
}

QColor PlotsPanel::colourOf(const QString& codec) const {
    int i = int(codecs_.indexOf(codec));
    return codecPalette().at(std::max(0, i) % codecPalette().size());
}

void PlotsPanel::apply() {
    codecs_.clear();
    for (const auto& r : data_.byDataset) {
        QString c = QString::fromStdString(r.codec);
        if (!codecs_.contains(c)) codecs_ << c;
    }
    codecs_.sort();
    if (data_.storeMissing)
        status_->setText(tr("No results store yet: run a benchmark from the Jobs panel."));
    else if (!data_.error.isEmpty())
        status_->setText(tr("Cannot read the store: %1").arg(data_.error));
    else if (data_.byDataset.empty())
        status_->setText(tr("The store has no codec results yet."));
    else
        status_->setText(tr("%n codec(s), %1 image result(s). Drag to pan, wheel to zoom, click a point to open its image.",
                            nullptr, int(codecs_.size()))
                             .arg(data_.byImage.size()));
    drawRatio();
    drawNoise();
    drawSpeed();
    drawHistogram();
    emit plotsReady();
}

void PlotsPanel::drawRatio() {
    PlotCanvas* c = canvas(QStringLiteral("ratio"));
    c->clearAll();
    QStringList datasets;
    for (const auto& r : data_.byDataset) {
        QString d = QString::fromStdString(r.dataset);
        if (!datasets.contains(d)) datasets << d;
    }
    c->setCategories(datasets);
    c->setAxisLabels(tr("Dataset"), tr("Compression ratio"));
    // Each dataset is a group: per codec two bars side by side, the total-bytes ratio
    // (solid) and the mean of the per-image ratios (hatched).
    const int n = int(codecs_.size()) * 2;
    const double group = 0.8, w = n > 0 ? group / n : group;
    for (int j = 0; j < codecs_.size(); ++j) {
        for (int agg = 0; agg < 2; ++agg) {
            QVector<double> x, h;
            QStringList tips;
            for (const auto& r : data_.byDataset) {
                if (QString::fromStdString(r.codec) != codecs_[j]) continue;
                auto v = agg == 0 ? r.ratio : r.mean_image_ratio;
                if (!v) continue;
                int di = int(datasets.indexOf(QString::fromStdString(r.dataset)));
                x << di + 1 - group / 2 + w * (2 * j + agg + 0.5);
                h << *v;
                tips << tr("%1, %2\nratio (total bytes) %3\nmean of per-image ratios %4\n%5 image(s), %6 failure(s)")
                            .arg(codecs_[j], QString::fromStdString(r.dataset))
                            .arg(r.ratio ? fmt(*r.ratio) : QStringLiteral("-"))
                            .arg(r.mean_image_ratio ? fmt(*r.mean_image_ratio) : QStringLiteral("-"))
                            .arg(r.images)
                            .arg(r.failures);
            }
            QString name = agg == 0 ? tr("%1 (total bytes)").arg(codecs_[j]) : tr("%1 (mean of images)").arg(codecs_[j]);
            QCPBars* b = c->addBars(name, x, h, colourOf(codecs_[j]), tips, nullptr, w * 0.95);
            b->setProperty("codec", codecs_[j]);
            b->setProperty("aggregate", agg == 0 ? QStringLiteral("total") : QStringLiteral("mean"));
            if (agg == 1) {
                b->setBrush(QBrush(colourOf(codecs_[j]).darker(110), Qt::BDiagPattern));
            }
        }
    }
    if (datasets.isEmpty()) c->setMessage(status_->text());
    c->fitAxes();
    c->xAxis->setRange(0.4, datasets.size() + 0.6);
    c->yAxis->setRangeLower(0);
    c->replot();
}

void PlotsPanel::drawNoise() {
    PlotCanvas* c = canvas(QStringLiteral("noise"));
    c->clearAll();
    c->setLogX(true);
    c->setAxisLabels(tr("Noise sigma (ADU, log scale)"), tr("Compression ratio"));
    double smin = 1e300, smax = 0;
    for (const QString& codec : codecs_) {
        QVector<double> x, y;
        QStringList tips, keys;
        for (const auto& r : data_.byImage) {
            if (QString::fromStdString(r.codec) != codec || !r.ratio) continue;
            QString key = imageKey(QString::fromStdString(r.image), r.hdu);
            auto it = data_.sigma.find(key);
            if (it == data_.sigma.end()) continue;
            double s = *it;
            x << s;
            y << *r.ratio;
            keys << key;
            double pred = 16.0 / analysis::gaussian_entropy_bits(s);
            tips << tr("%1 [HDU %2]\n%3: ratio %4\nnoise sigma %5 ADU\nGaussian-entropy prediction %6")
                        .arg(QFileInfo(QString::fromStdString(r.image)).fileName())
                        .arg(r.hdu)
                        .arg(codec, fmt(*r.ratio), fmt(s, 2), fmt(pred));
            smin = std::min(smin, s);
            smax = std::max(smax, s);
        }
        if (x.isEmpty()) continue;
        QCPGraph* g = c->addPoints(codec, x, y, colourOf(codec), tips, keys);
        g->setProperty("codec", codec);
        g->setProperty("role", QStringLiteral("points"));
        // Least squares of bits/pixel = a + b log2(sigma): a line in bpp, drawn as ratio.
        double n = 0, st = 0, sb = 0, stt = 0, stb = 0;
        for (int i = 0; i < x.size(); ++i) {
            double t = std::log2(x[i]), b = 16.0 / y[i];
            n += 1;
            st += t;
            sb += b;
            stt += t * t;
            stb += t * b;
        }
        double den = n * stt - st * st;
        if (n >= 2 && std::fabs(den) > 1e-12) {
            double slope = (n * stb - st * sb) / den, icpt = (sb - slope * st) / n;
            QVector<double> fx, fy;
            double lo = *std::min_element(x.begin(), x.end()), hi = *std::max_element(x.begin(), x.end());
            for (int k = 0; k <= 60; ++k) {
                double s = lo * std::pow(hi / lo, k / 60.0);
                double bpp = icpt + slope * std::log2(s);
                if (bpp <= 0) continue;
                fx << s;
                fy << 16.0 / bpp;
            }
            QPen pen(colourOf(codec), 1.5, Qt::DashLine);
            QCPGraph* fit = c->addCurve(tr("%1 fit: bpp = %2 + %3 log2(sigma)").arg(codec, fmt(icpt, 2), fmt(slope, 2)),
                                        fx, fy, pen);
            fit->setProperty("codec", codec);
            fit->setProperty("role", QStringLiteral("fit"));
        }
    }
    if (smax > 0) {
        QVector<double> px, py;
        double lo = smin / 1.5, hi = smax * 1.5;
        for (int k = 0; k <= 120; ++k) {
            double s = lo * std::pow(hi / lo, k / 120.0);
            double bits = analysis::gaussian_entropy_bits(s);
            if (bits <= 0) continue;
            px << s;
            py << 16.0 / bits;
        }
        QCPGraph* pred = c->addCurve(tr("Gaussian entropy: 16 / log2(sigma sqrt(2 pi e))"), px, py, QPen(Qt::black, 2));
        pred->setProperty("role", QStringLiteral("prediction"));
        c->fitAxes();
    } else {
        c->setMessage(data_.byImage.empty() ? status_->text() : tr("Estimating the noise of the images..."));
        c->replot();
    }
}

void PlotsPanel::drawSpeed() {
    PlotCanvas* c = canvas(QStringLiteral("speed"));
    c->clearAll();
    c->setLogY(true);
    c->setAxisLabels(tr("Compression ratio (total bytes)"), tr("Encode speed (MB/s, log scale)"));
    std::map<QString, std::vector<std::pair<double, double>>> perDataset;
    bool any = false;
    for (const QString& codec : codecs_) {
        QVector<double> x, y;
        QStringList tips;
        for (const auto& r : data_.byDataset) {
            if (QString::fromStdString(r.codec) != codec || !r.ratio || !r.encode_mb_s || *r.encode_mb_s <= 0) continue;
            x << *r.ratio;
            y << *r.encode_mb_s;
            tips << tr("%1, %2\nratio %3\nencode %4 MB/s, decode %5 MB/s")
                        .arg(codec, QString::fromStdString(r.dataset), fmt(*r.ratio), fmt(*r.encode_mb_s, 1))
                        .arg(r.decode_mb_s ? fmt(*r.decode_mb_s, 1) : QStringLiteral("-"));
            perDataset[QString::fromStdString(r.dataset)].push_back({*r.ratio, *r.encode_mb_s});
        }
        if (x.isEmpty()) continue;
        any = true;
        c->addPoints(codec, x, y, colourOf(codec), tips, {}, QCPScatterStyle::ssDiamond)->setProperty("codec", codec);
    }
    // Pareto front per dataset: no other codec is both faster and compresses better.
    bool first = true;
    for (auto& [dataset, pts] : perDataset) {
        std::sort(pts.begin(), pts.end(), [](auto a, auto b) { return a.first > b.first; });
        QVector<double> fx, fy;
        double best = 0;
        for (auto [ratio, speed] : pts) {
            if (speed <= best) continue;
            best = speed;
            fx.prepend(ratio);
            fy.prepend(speed);
        }
        QCPGraph* g = c->addCurve(perDataset.size() > 1 ? tr("Pareto front (%1)").arg(dataset) : tr("Pareto front"), fx, fy,
                                  QPen(QColor(60, 60, 60), 1.2, Qt::DotLine));
        g->setLineStyle(QCPGraph::lsStepRight);
        g->setProperty("role", QStringLiteral("pareto"));
        if (!first) g->removeFromLegend();
        first = false;
    }
    if (!any) c->setMessage(status_->text());
    c->fitAxes();
}

void PlotsPanel::drawHistogram() {
    PlotCanvas* c = canvas(QStringLiteral("histogram"));
    c->clearAll();
    c->setAxisLabels(tr("Per-image compression ratio"), tr("Images"));
    double lo = 1e300, hi = -1e300;
    for (const auto& r : data_.byImage)
        if (r.ratio) {
            lo = std::min(lo, *r.ratio);
            hi = std::max(hi, *r.ratio);
        }
    if (hi < lo) {
        c->setMessage(status_->text());
        c->fitAxes();
        return;
    }
    const int bins = 20;
    double width = std::max((hi - lo) / bins, 1e-3);
    for (const QString& codec : codecs_) {
        QVector<double> count(bins, 0.0);
        for (const auto& r : data_.byImage)
            if (QString::fromStdString(r.codec) == codec && r.ratio)
                count[std::clamp(int((*r.ratio - lo) / width), 0, bins - 1)] += 1;
        QVector<double> x;
        QStringList tips;
        for (int b = 0; b < bins; ++b) {
            x << lo + (b + 0.5) * width;
            tips << tr("%1: %n image(s) with ratio %2 .. %3", nullptr, int(count[b]))
                        .arg(codec, fmt(lo + b * width), fmt(lo + (b + 1) * width));
        }
        c->addBars(codec, x, count, colourOf(codec), tips, nullptr, width)->setProperty("codec", codec);
    }
    c->fitAxes();
    c->yAxis->setRangeLower(0);
    c->replot();
}

}  // namespace bitsky
