#include "app/gui/plots_panel.h"
#include "app/gui/table_file.h"
#include "app/gui/pools.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonDocument>
#include <QMessageBox>
#include <QPushButton>
#include <QJsonObject>
#include <QSet>
#include <QVBoxLayout>
#include <algorithm>
#include <utility>
#include <cmath>
#include <filesystem>
#include <map>

#include "engine/analysis/noise.h"
#include "engine/analysis/predict.h"
#include "engine/fits/fits.h"
#include "widgets/colour_map.h"

namespace bitsky {
namespace {

// Reads the store and the noise of every image (stored, cached or computed here).
PlotData loadPlotData(const QString& storePath, QHash<QString, double> cache, const std::stop_token& stop) {
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
        d.estByDataset = store::estimated_report(st, store::ReportBy::Dataset);
        d.estByImage = store::estimated_report(st, store::ReportBy::Image);
        d.matrix = store::estimate_matrix(st);
        QSet<QString> measured;
        for (const auto* rows : {&d.byImage, &d.estByImage})
            for (const auto& r : *rows)
                if (r.ratio) measured.insert(PlotsPanel::imageKey(QString::fromStdString(r.image), r.hdu));
        for (const auto& im : st.images()) {
            if (stop.stop_requested()) break;  // the panel is gone
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

// The image's bit planes and noise (a worker thread).
FramePlanes computePlanes(QString path, int hdu, qint64 frame, std::shared_ptr<const Cube16> pixels) {
    FramePlanes p;
    p.path = std::move(path);
    p.hdu = hdu;
    p.frame = frame;
    const Frame16 f = pixels->frame(0);
    p.planes = analysis::bit_planes(f.pixels);
    analysis::NoiseOptions opt;
    opt.tile = 0;
    p.sigma = analysis::estimate_noise(f, opt).sigma();
    return p;
}

// Per-frame bits of the whole cube for each spec (a worker thread; reads the file itself).
// One spec at a time, so a stop (window closed, another cube or other specs asked for)
// ends after the spec being coded instead of after all of them.
CubeCurves computeCurves(const QString& path, int hdu, const QStringList& specs, const std::stop_token& stop) {
    CubeCurves c;
    c.path = path;
    c.hdu = hdu;
    try {
        auto file = fits::File::open(path.toStdString());
        if (stop.stop_requested()) return c;
        Cube16 cube = file.read_u16(hdu);
        c.axes = cube.axes();
        for (const QString& spec : specs) {
            if (stop.stop_requested()) break;
            auto one = codecs::frame_bits_curves(cube, {spec.trimmed().toStdString()});
            c.curves.insert(c.curves.end(), one.begin(), one.end());
        }
    } catch (const std::exception& e) {
        c.error = QString::fromStdString(e.what());
    }
    return c;
}

QString modelLabel(const QString& kind) {
    QString k = kind;
    if (k.startsWith(QLatin1String("neural:"))) k = k.mid(7);
    if (k.endsWith(QLatin1String(":tiled"))) k = PlotsPanel::tr("%1 (tiled context)").arg(k.chopped(6));
    return k;
}

std::string str(const QString& s) { return s.toStdString(); }
std::string num(double v, int prec = 6) { return QString::number(v, 'f', prec).toStdString(); }
std::string optNum(const std::optional<double>& v, int prec = 6) { return v ? num(*v, prec) : std::string(); }

}  // namespace

QString PlotsPanel::imageKey(const QString& path, int hdu) { return path + QLatin1Char('#') + QString::number(hdu); }

QStringList PlotsPanel::plotTitles() {
    return {tr("Ratio"), tr("Ratio vs noise"), tr("Speed"), tr("Histogram"), tr("Bit planes"), tr("Matrix"), tr("Frames")};
}

QStringList PlotsPanel::defaultCubeSpecs(std::size_t naxes) {
    QStringList s{QStringLiteral("jpegls"), QStringLiteral("rice"), QStringLiteral("tdiff+jpegls"), QStringLiteral("tpred+jpegls"),
                  QStringLiteral("tdiff+rice")};
    if (naxes >= 4) s << QStringLiteral("bandpred+jpegls");
    return s;
}

PlotsPanel::PlotsPanel(QWidget* parent)
    : QWidget(parent),
      storeTask_(computePool(), LatestTask<PlotData>::Mode::Coalesce,
                 [this](PlotData d) {
                     data_ = std::move(d);
                     apply();
                 }),
      planesTask_(computePool(), LatestTask<FramePlanes>::Mode::Queue,
                  [this](FramePlanes p) {
                      planes_ = std::move(p);
                      drawPlanes();
                      emit planesReady();
                  }),
      curvesTask_(computePool(), LatestTask<CubeCurves>::Mode::Queue, [this](CubeCurves c) {
          curves_ = std::move(c);
          drawCurves();
          emit curvesReady();
      }) {
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(2, 2, 2, 2);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    tabs_ = new QTabWidget(this);
    const QStringList titles = plotTitles();
    const QStringList tooltips{tr("Ratio per codec and dataset (both aggregates)"),
                               tr("Ratio vs noise sigma per image, with the Gaussian-entropy prediction"),
                               tr("Encode speed vs ratio, with the Pareto front"),
                               tr("Histogram of per-image ratios"),
                               tr("Entropy of the 16 bit planes of the image shown"),
                               tr("Cross-dataset matrix of neural models (estimated)"),
                               tr("Bits per frame of a cube: 2D vs cube-aware codecs")};
    const QStringList names = plotNames();
    for (int i = 0; i < names.size(); ++i) {
        QWidget* page = nullptr;
        auto* c = new PlotCanvas(tabs_);
        if (names[i] == QLatin1String("frames")) {
            // The cube curves: which codecs, editable.
            page = new QWidget(tabs_);
            auto* pl = new QVBoxLayout(page);
            pl->setContentsMargins(0, 0, 0, 0);
            auto* row = new QHBoxLayout;
            specsEdit_ = new QLineEdit(defaultCubeSpecs(3).join(QLatin1Char(',')), page);
            specsEdit_->setToolTip(tr("Codec specs, comma-separated: 2D codecs (jpegls, rice, ...) and cube-aware ones "
                                      "(tdiff+jpegls, tpred+rice, bandpred+jpegls, ...); Enter recomputes"));
            row->addWidget(new QLabel(tr("Codecs"), page));
            row->addWidget(specsEdit_, 1);
            pl->addLayout(row);
            c->setParent(page);
            pl->addWidget(c, 1);
            connect(specsEdit_, &QLineEdit::returnPressed, this,
                    [this] { setCubeSpecs(specsEdit_->text().split(QLatin1Char(','), Qt::SkipEmptyParts)); });
        }
        c->setObjectName(names[i]);
        canvases_.insert(names[i], c);
        pages_.insert(names[i], page ? page : c);
        tabs_->addTab(page ? page : c, titles[i]);
        tabs_->setTabToolTip(i, tooltips.value(i));
        connect(c, &PlotCanvas::pointClicked, this, [this](const QString& key) {
            if (key.startsWith(QLatin1String("frame:"))) {
                emit frameActivated(key.mid(6).toLongLong());
                return;
            }
            int at = int(key.lastIndexOf(QLatin1Char('#')));
            if (at > 0) emit imageActivated(key.left(at), key.mid(at + 1).toInt());
        });
    }
    // The matrix: a colour map with its colour scale.
    PlotCanvas* m = canvases_.value(QStringLiteral("matrix"));
    m->hideLegend();
    matrixScale_ = new QCPColorScale(m);
    m->plotLayout()->addElement(0, 1, matrixScale_);
    matrixScale_->axis()->setLabel(tr("Estimated bits/pixel"));
    auto* margins = new QCPMarginGroup(m);
    m->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    matrixScale_->setMarginGroup(QCP::msBottom | QCP::msTop, margins);

    tabs_->setCurrentIndex(1);  // ratio vs noise: the paper's key finding
    auto* buttons = new QHBoxLayout;
    auto* fig = new QPushButton(tr("Export figure..."), this);
    fig->setToolTip(tr("Save the plot shown as PNG, PDF or SVG"));
    auto* dat = new QPushButton(tr("Export data..."), this);
    dat->setToolTip(tr("Save the numbers behind the plot shown as CSV, LaTeX, Markdown or JSON"));
    buttons->addWidget(status_, 1);
    buttons->addWidget(fig);
    buttons->addWidget(dat);
    connect(fig, &QPushButton::clicked, this, &PlotsPanel::exportFigureDialog);
    connect(dat, &QPushButton::clicked, this, &PlotsPanel::exportDataDialog);
    lay->addLayout(buttons);
    lay->addWidget(tabs_, 1);
    drawPlanes();
    drawCurves();
}

bool PlotsPanel::loading() const { return storeTask_.running() || planesTask_.running() || curvesTask_.running(); }

void PlotsPanel::refresh(const QString& storePath) {
    // Prepared when it runs (after a running read has been drawn), so it starts from the
    // noise values that read found.
    storeTask_.startPrepared([this, path = storePath.trimmed()]() -> LatestTask<PlotData>::Work {
        status_->setText(tr("Reading the results store..."));
        return [path, cache = data_.sigma](std::stop_token stop) { return loadPlotData(path, cache, stop); };
    });
}

PlotCanvas* PlotsPanel::canvas(const QString& name) const { return canvases_.value(name, nullptr); }

void PlotsPanel::showPlot(const QString& name) {
    if (auto* p = pages_.value(name, nullptr)) tabs_->setCurrentWidget(p);
}

QString PlotsPanel::currentPlot() const { return pages_.key(tabs_->currentWidget()); }

bool PlotsPanel::exportPlot(const QString& name, const QString& path, int width, int height) {
    PlotCanvas* c = canvas(name);
    return c && c->exportTo(path, width, height);
}

store::TextTable PlotsPanel::plotTable(const QString& name) const { return tables_.value(name); }

bool PlotsPanel::exportData(const QString& name, const QString& path, QString* error) const {
    if (!tables_.contains(name)) {
        if (error) *error = tr("unknown plot '%1'").arg(name);
        return false;
    }
    return writeTableFile(tables_.value(name), path, error);
}

void PlotsPanel::exportFigureDialog() {
    const QString name = currentPlot();
    QString out = QFileDialog::getSaveFileName(this, tr("Export plot"), name + QStringLiteral(".png"),
                                               tr("PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)"));
    if (out.isEmpty()) return;
    if (!exportPlot(name, out)) QMessageBox::warning(this, tr("BitSky"), tr("Cannot write %1 (use .png, .pdf or .svg).").arg(out));
}

void PlotsPanel::exportDataDialog() {
    const QString name = currentPlot();
    QString out = QFileDialog::getSaveFileName(this, tr("Export plot data"), name + QStringLiteral(".csv"),
                                               tr("CSV (*.csv);;LaTeX (*.tex);;Markdown (*.md);;JSON (*.json)"));
    if (out.isEmpty()) return;
    QString error;
    if (!exportData(name, out, &error)) QMessageBox::warning(this, tr("BitSky"), error);
}

QColor PlotsPanel::colourOf(const QString& codec) const {
    int i = int(codecs_.indexOf(codec));
    if (i < 0) {
        int e = int(estimated_.indexOf(codec));
        i = e < 0 ? 0 : int(codecs_.size()) + e;
    }
    return codecPalette().at(std::max(0, i) % codecPalette().size());
}

void PlotsPanel::apply() {
    codecs_.clear();
    estimated_.clear();
    for (const auto& r : data_.byDataset) {
        QString c = QString::fromStdString(r.codec);
        if (!codecs_.contains(c)) codecs_ << c;
    }
    for (const auto& r : data_.estByDataset) {
        QString c = QString::fromStdString(r.codec);
        if (!estimated_.contains(c)) estimated_ << c;
    }
    codecs_.sort();
    estimated_.sort();
    if (data_.storeMissing)
        status_->setText(tr("No results store yet: run a benchmark from the Jobs panel."));
    else if (!data_.error.isEmpty())
        status_->setText(tr("Cannot read the store: %1").arg(data_.error));
    else if (data_.byDataset.empty() && data_.estByDataset.empty())
        status_->setText(tr("The store has no codec results yet."));
    else
        status_->setText(tr("%n codec(s), %1 image result(s). Drag to pan, wheel to zoom, click a point to open its image.",
                            nullptr, int(codecs_.size()))
                             .arg(data_.byImage.size()) +
                         (estimated_.isEmpty() ? QString()
                                               : QLatin1Char(' ') + tr("%n neural model(s): estimated (likelihood, no entropy coder).",
                                                                       nullptr, int(estimated_.size()))));
    drawRatio();
    drawNoise();
    drawSpeed();
    drawHistogram();
    drawMatrix();
    emit plotsReady();
}

void PlotsPanel::drawRatio() {
    PlotCanvas* c = canvas(QStringLiteral("ratio"));
    c->clearAll();
    QStringList datasets;
    for (const auto* rows : {&data_.byDataset, &data_.estByDataset})
        for (const auto& r : *rows) {
            QString d = QString::fromStdString(r.dataset);
            if (!datasets.contains(d)) datasets << d;
        }
    c->setCategories(datasets);
    c->setAxisLabels(tr("Dataset"), tr("Compression ratio"));
    store::TextTable table;
    table.caption = str(tr("Compression ratio per codec per dataset: total bytes = sum raw / sum compressed; "
                           "mean of images = mean of per-image ratios. Estimated rows are neural likelihoods "
                           "(no entropy coder ran)."));
    table.columns = {str(tr("Dataset")), str(tr("Codec")), str(tr("Kind")), str(tr("Images")), str(tr("Ratio (total bytes)")),
                     str(tr("Ratio (mean of images)")), str(tr("Bits/pixel"))};
    table.numeric = {false, false, false, true, true, true, true};
    // Each dataset is a group: per codec two bars side by side, the total-bytes ratio
    // (solid) and the mean of the per-image ratios (hatched). Neural estimates follow the
    // measured codecs, cross-hatched, with the estimate label in the legend.
    QStringList all = codecs_ + estimated_;
    const int n = int(all.size()) * 2;
    const double group = 0.8, w = n > 0 ? group / n : group;
    for (int j = 0; j < all.size(); ++j) {
        const bool est = j >= codecs_.size();
        const auto& rows = est ? data_.estByDataset : data_.byDataset;
        for (const auto& r : rows) {
            if (QString::fromStdString(r.codec) != all[j]) continue;
            table.rows.push_back({r.dataset, r.codec, str(est ? tr("estimated (likelihood, no entropy coder)") : tr("measured")),
                                  std::to_string(r.images), optNum(r.ratio), optNum(r.mean_image_ratio), optNum(r.bpp)});
        }
        for (int agg = 0; agg < 2; ++agg) {
            QVector<double> x, h;
            QStringList tips;
            for (const auto& r : rows) {
                if (QString::fromStdString(r.codec) != all[j]) continue;
                auto v = agg == 0 ? r.ratio : r.mean_image_ratio;
                if (!v) continue;
                int di = int(datasets.indexOf(QString::fromStdString(r.dataset)));
                x << di + 1 - group / 2 + w * (2 * j + agg + 0.5);
                h << *v;
                QString tip = tr("%1, %2\nratio (total bytes) %3\nmean of per-image ratios %4\n%5 image(s), %6 failure(s)")
                                  .arg(all[j], QString::fromStdString(r.dataset))
                                  .arg(r.ratio ? fmt(*r.ratio) : QStringLiteral("-"))
                                  .arg(r.mean_image_ratio ? fmt(*r.mean_image_ratio) : QStringLiteral("-"))
                                  .arg(r.images)
                                  .arg(r.failures);
                if (est) tip += QLatin1Char('\n') + tr("estimated (likelihood, no entropy coder)");
                tips << tip;
            }
            QString name = agg == 0 ? tr("%1 (total bytes)").arg(all[j]) : tr("%1 (mean of images)").arg(all[j]);
            if (est) name += QStringLiteral(" - ") + tr("estimated (likelihood, no entropy coder)");
            QCPBars* b = c->addBars(name, x, h, colourOf(all[j]), tips, nullptr, w * 0.95);
            b->setProperty("codec", all[j]);
            b->setProperty("estimated", est);
            b->setProperty("aggregate", agg == 0 ? QStringLiteral("total") : QStringLiteral("mean"));
            if (est) {
                b->setBrush(QBrush(colourOf(all[j]), agg == 0 ? Qt::DiagCrossPattern : Qt::CrossPattern));
                b->setPen(QPen(colourOf(all[j]).darker(130), 1.2, Qt::DashLine));
            } else if (agg == 1) {
                b->setBrush(QBrush(colourOf(all[j]).darker(110), Qt::BDiagPattern));
            }
        }
    }
    tables_.insert(QStringLiteral("ratio"), table);
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
    store::TextTable table;
    table.caption = str(tr("Compression ratio vs noise sigma per image; prediction = 16 / log2(sigma sqrt(2 pi e))."));
    table.columns = {str(tr("Image")), str(tr("HDU")), str(tr("Codec")), str(tr("Kind")), str(tr("Noise sigma (ADU)")),
                     str(tr("Ratio")), str(tr("Gaussian-entropy prediction"))};
    table.numeric = {false, true, false, false, true, true, true};
    double smin = 1e300, smax = 0;
    const QStringList all = codecs_ + estimated_;
    for (int j = 0; j < all.size(); ++j) {
        const QString& codec = all[j];
        const bool est = j >= codecs_.size();
        QVector<double> x, y;
        QStringList tips, keys;
        for (const auto& r : est ? data_.estByImage : data_.byImage) {
            if (QString::fromStdString(r.codec) != codec || !r.ratio) continue;
            QString key = imageKey(QString::fromStdString(r.image), r.hdu);
            auto it = data_.sigma.find(key);
            if (it == data_.sigma.end()) continue;
            double s = *it;
            x << s;
            y << *r.ratio;
            keys << key;
            double pred = 16.0 / analysis::gaussian_entropy_bits(s);
            QString tip = tr("%1 [HDU %2]\n%3: ratio %4\nnoise sigma %5 ADU\nGaussian-entropy prediction %6")
                              .arg(QFileInfo(QString::fromStdString(r.image)).fileName())
                              .arg(r.hdu)
                              .arg(codec, fmt(*r.ratio), fmt(s, 2), fmt(pred));
            if (est) tip += QLatin1Char('\n') + tr("estimated (likelihood, no entropy coder)");
            tips << tip;
            table.rows.push_back({r.image, std::to_string(r.hdu), r.codec,
                                  str(est ? tr("estimated (likelihood, no entropy coder)") : tr("measured")), num(s), num(*r.ratio),
                                  num(pred)});
            smin = std::min(smin, s);
            smax = std::max(smax, s);
        }
        if (x.isEmpty()) continue;
        QCPGraph* g = c->addPoints(est ? tr("%1 - estimated (likelihood, no entropy coder)").arg(codec) : codec, x, y,
                                   colourOf(codec), tips, keys, est ? QCPScatterStyle::ssTriangle : QCPScatterStyle::ssCircle);
        g->setProperty("codec", codec);
        g->setProperty("estimated", est);
        g->setProperty("role", est ? QStringLiteral("estimated") : QStringLiteral("points"));
        if (est) {
            // Hollow markers: an estimate, not a measured codestream.
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle, QPen(colourOf(codec), 1.6), QBrush(Qt::white), 9));
            continue;
        }
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
    tables_.insert(QStringLiteral("noise"), table);
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
    store::TextTable table;
    table.caption = str(tr("Encode speed vs compression ratio per codec and dataset (MB = 1e6 raw bytes)."));
    table.columns = {str(tr("Dataset")), str(tr("Codec")), str(tr("Ratio (total bytes)")), str(tr("Encode MB/s")),
                     str(tr("Decode MB/s"))};
    table.numeric = {false, false, true, true, true};
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
            table.rows.push_back({r.dataset, r.codec, optNum(r.ratio), optNum(r.encode_mb_s, 3), optNum(r.decode_mb_s, 3)});
            perDataset[QString::fromStdString(r.dataset)].push_back({*r.ratio, *r.encode_mb_s});
        }
        if (x.isEmpty()) continue;
        any = true;
        c->addPoints(codec, x, y, colourOf(codec), tips, {}, QCPScatterStyle::ssDiamond)->setProperty("codec", codec);
    }
    tables_.insert(QStringLiteral("speed"), table);
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
    store::TextTable table;
    table.caption = str(tr("Histogram of per-image compression ratios (measured codecs)."));
    table.columns = {str(tr("Codec")), str(tr("Ratio from")), str(tr("Ratio to")), str(tr("Images"))};
    table.numeric = {false, true, true, true};
    double lo = 1e300, hi = -1e300;
    for (const auto& r : data_.byImage)
        if (r.ratio) {
            lo = std::min(lo, *r.ratio);
            hi = std::max(hi, *r.ratio);
        }
    if (hi < lo) {
        tables_.insert(QStringLiteral("histogram"), table);
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
            table.rows.push_back({str(codec), num(lo + b * width), num(lo + (b + 1) * width), std::to_string(int(count[b]))});
        }
        c->addBars(codec, x, count, colourOf(codec), tips, nullptr, width)->setProperty("codec", codec);
    }
    tables_.insert(QStringLiteral("histogram"), table);
    c->fitAxes();
    c->yAxis->setRangeLower(0);
    c->replot();
}

// ---------------------------------------------------------------- the shown frame

void PlotsPanel::showFrame(const QString& path, int hdu, qint64 frame, std::shared_ptr<const Cube16> pixels,
                           const std::vector<std::size_t>& axes) {
    const bool newImage = path != framePath_ || hdu != frameHdu_;
    framePath_ = path;
    frameHdu_ = hdu;
    frameIndex_ = frame;
    frameAxes_ = axes;
    if (!pixels) {
        planesTask_.cancel();
        planes_.reset();
        drawPlanes();
    } else {
        planesTask_.start([path, hdu, frame, pixels = std::move(pixels)](std::stop_token) {
            return computePlanes(path, hdu, frame, pixels);
        });
    }
    if (newImage) {
        curvesTask_.cancel();  // a running computation is for the previous image
        curves_.reset();
        if (axes.size() > 2) {
            const QStringList specs = defaultCubeSpecs(axes.size());
            specsEdit_->setText(specs.join(QLatin1Char(',')));
            startCurves();
        }
    }
    drawCurves();
}

void PlotsPanel::setCubeSpecs(const QStringList& specs) {
    QStringList clean;
    for (const QString& s : specs)
        if (!s.trimmed().isEmpty()) clean << s.trimmed();
    specsEdit_->setText(clean.join(QLatin1Char(',')));
    if (frameAxes_.size() > 2) startCurves();  // a running computation (old specs) is stopped
}

QStringList PlotsPanel::cubeSpecs() const { return specsEdit_->text().split(QLatin1Char(','), Qt::SkipEmptyParts); }

void PlotsPanel::startCurves() {
    if (frameAxes_.size() <= 2 || framePath_.isEmpty()) return;
    curvesTask_.start([path = framePath_, hdu = frameHdu_, specs = cubeSpecs()](std::stop_token stop) {
        return computeCurves(path, hdu, specs, stop);
    });
    drawCurves();
}

void PlotsPanel::drawPlanes() {
    PlotCanvas* c = canvas(QStringLiteral("bitplanes"));
    c->clearAll();
    c->setAxisLabels(tr("Bit plane (0 = least significant)"), tr("Entropy (bits per pixel)"));
    store::TextTable table;
    table.columns = {str(tr("Bit plane")), str(tr("Entropy (bits/pixel)")), str(tr("Fraction of ones"))};
    table.numeric = {true, true, true};
    if (!planes_) {
        tables_.insert(QStringLiteral("bitplanes"), table);
        c->setMessage(tr("Show a 16-bit image to see its bit planes."));
        c->xAxis->setRange(-0.5, 15.5);
        c->yAxis->setRange(0, 1.05);
        c->replot();
        return;
    }
    const auto& a = planes_->planes;
    const double noiseBits = planes_->sigma > 0 ? std::log2(planes_->sigma) : 0.0;
    table.caption = str(tr("Entropy of each bit plane of %1 [HDU %2], frame %3; noise sigma %4 ADU, log2 sigma %5; "
                           "%6 low plane(s) nearly random (entropy >= 0.98)")
                            .arg(QFileInfo(planes_->path).fileName())
                            .arg(planes_->hdu)
                            .arg(planes_->frame + 1)
                            .arg(fmt(planes_->sigma, 3), fmt(noiseBits, 3))
                            .arg(a.noise_bits));
    // The noise bits: planes below log2(sigma) are (nearly) random, so no lossless coder
    // can do much with them. Shaded first, so the bars are drawn over it.
    if (noiseBits > 0) {
        auto* band = new QCPItemRect(c);
        band->topLeft->setType(QCPItemPosition::ptPlotCoords);
        band->bottomRight->setType(QCPItemPosition::ptPlotCoords);
        band->topLeft->setCoords(-0.5, 1.16);
        band->bottomRight->setCoords(noiseBits - 0.5, 0);
        band->setPen(Qt::NoPen);
        band->setBrush(QColor(214, 39, 40, 40));
        band->setLayer(QStringLiteral("background"));
        auto* line = new QCPItemStraightLine(c);
        line->point1->setCoords(noiseBits - 0.5, 0);
        line->point2->setCoords(noiseBits - 0.5, 1);
        line->setPen(QPen(QColor(214, 39, 40), 1.5, Qt::DashLine));
        line->setObjectName(QStringLiteral("noise-bits"));
        line->setProperty("x", noiseBits);
        auto* text = new QCPItemText(c);
        text->position->setType(QCPItemPosition::ptPlotCoords);
        text->position->setCoords(noiseBits - 0.5, 1.14);
        text->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        text->setText(tr(" noise bits: log2 sigma = %1 (sigma %2 ADU)").arg(fmt(noiseBits, 2), fmt(planes_->sigma, 2)));
        text->setColor(QColor(160, 20, 20));
    }
    QVector<double> x, h;
    QStringList tips;
    for (int b = 0; b < 16; ++b) {
        x << b;
        h << a.plane_entropy[std::size_t(b)];
        tips << tr("bit plane %1: entropy %2 bits/pixel, %3% ones")
                    .arg(b)
                    .arg(fmt(a.plane_entropy[std::size_t(b)], 4))
                    .arg(fmt(100.0 * a.ones_fraction[std::size_t(b)], 1));
        table.rows.push_back({std::to_string(b), num(a.plane_entropy[std::size_t(b)]), num(a.ones_fraction[std::size_t(b)])});
    }
    QCPBars* bars = c->addBars(tr("Bit-plane entropy (frame %1)").arg(planes_->frame + 1), x, h, QColor(0x1f, 0x77, 0xb4), tips,
                               nullptr, 0.75);
    bars->setProperty("role", QStringLiteral("planes"));
    tables_.insert(QStringLiteral("bitplanes"), table);
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1.0);
    c->xAxis->setTicker(ticker);
    c->xAxis->setRange(-0.6, 15.6);
    c->yAxis->setRange(0, 1.17);
    c->replot();
}

void PlotsPanel::drawMatrix() {
    PlotCanvas* c = canvas(QStringLiteral("matrix"));
    c->clearAll();
    matrixMap_ = nullptr;
    const auto& m = data_.matrix;
    store::TextTable table;
    table.caption = str(tr("Cross-dataset matrix: bits per pixel of each neural model (row) on each dataset (column); "
                           "estimated (likelihood, no entropy coder)."));
    table.columns = {str(tr("Model"))};
    for (const auto& d : m.datasets) table.columns.push_back(d);
    table.numeric.assign(table.columns.size(), true);
    table.numeric[0] = false;
    c->setAxisLabels(tr("Test dataset"), tr("Model (trained on its own data)"));
    if (m.empty()) {
        tables_.insert(QStringLiteral("matrix"), table);
        c->setMessage(tr("No neural evaluations in the store: bitsky-cli evaluate --models A,B --data X,Y --db STORE"));
        c->replot();
        return;
    }
    QStringList cols, rows;
    for (const auto& d : m.datasets) cols << QString::fromStdString(d);
    for (const auto& k : m.models) rows << modelLabel(QString::fromStdString(k));
    c->setCategories(cols);
    QSharedPointer<QCPAxisTickerText> yt(new QCPAxisTickerText);
    for (int i = 0; i < rows.size(); ++i) yt->addTick(i + 1, rows[i]);
    c->yAxis->setTicker(yt);
    matrixMap_ = new QCPColorMap(c->xAxis, c->yAxis);
    matrixMap_->setName(tr("Estimated bits/pixel"));
    matrixMap_->data()->setSize(int(cols.size()), int(rows.size()));
    matrixMap_->data()->setRange(QCPRange(1, std::max<double>(1, cols.size())), QCPRange(1, std::max<double>(1, rows.size())));
    if (cols.size() == 1) matrixMap_->data()->setKeyRange(QCPRange(0.5, 1.5));
    if (rows.size() == 1) matrixMap_->data()->setValueRange(QCPRange(0.5, 1.5));
    double lo = 1e300, hi = -1e300;
    for (int i = 0; i < rows.size(); ++i) {
        std::vector<std::string> line{m.models[std::size_t(i)]};
        for (int j = 0; j < cols.size(); ++j) {
            const auto& v = m.bpp[std::size_t(i)][std::size_t(j)];
            matrixMap_->data()->setCell(j, i, v ? *v : std::nan(""));
            line.push_back(optNum(v));
            if (!v) continue;
            lo = std::min(lo, *v);
            hi = std::max(hi, *v);
            auto* t = new QCPItemText(c);
            t->position->setType(QCPItemPosition::ptPlotCoords);
            t->position->setCoords(j + 1, i + 1);
            t->setText(tr("%1 bpp\nratio %2\n%n frame(s)", nullptr, int(m.frames[std::size_t(i)][std::size_t(j)]))
                           .arg(fmt(*v, 3), fmt(16.0 / *v, 3)));
            t->setColor(Qt::white);
            t->setBrush(QColor(0, 0, 0, 110));
            t->setPadding(QMargins(3, 2, 3, 2));
            t->setSelectable(false);
        }
        table.rows.push_back(std::move(line));
    }
    tables_.insert(QStringLiteral("matrix"), table);
    matrixMap_->setInterpolate(false);
    matrixMap_->setColorScale(matrixScale_);
    QCPColorGradient g;
    g.clearColorStops();
    const ColourTable& ct = colourTable(ColourMap::Viridis);
    for (int i = 0; i <= 16; ++i) g.setColorStopAt(std::min(255, i * 16) / 255.0, QColor::fromRgb(ct[std::size_t(std::min(255, i * 16))]));
    g.setNanHandling(QCPColorGradient::nhNanColor);
    g.setNanColor(QColor(230, 230, 230));
    matrixMap_->setGradient(g);
    matrixMap_->setDataRange(QCPRange(lo, hi > lo ? hi : lo + 1e-3));
    matrixScale_->axis()->setLabel(tr("Bits/pixel, estimated (likelihood, no entropy coder)"));
    c->xAxis->setRange(0.5, cols.size() + 0.5);
    c->yAxis->setRange(0.5, rows.size() + 0.5);
    c->replot();
}

void PlotsPanel::drawCurves() {
    PlotCanvas* c = canvas(QStringLiteral("frames"));
    c->clearAll();
    c->setAxisLabels(tr("Frame"), tr("Bits per pixel"));
    store::TextTable table;
    table.columns = {str(tr("Frame"))};
    table.numeric = {true};
    if (!curves_) {
        tables_.insert(QStringLiteral("frames"), table);
        c->setMessage(curvesTask_.busy() ? tr("Coding every frame with each codec...")
                      : frameAxes_.size() > 2     ? QString()
                                                  : tr("Show a cube (an image with 3 or 4 axes) to see its per-frame bits."));
        c->replot();
        return;
    }
    if (!curves_->error.isEmpty()) {
        tables_.insert(QStringLiteral("frames"), table);
        c->setMessage(tr("Cannot code the cube: %1").arg(curves_->error));
        c->replot();
        return;
    }
    table.caption = str(tr("Bits per pixel of each frame of %1 [HDU %2] (%3) per codec; cube-aware codecs code a frame "
                           "from earlier ones.")
                            .arg(QFileInfo(curves_->path).fileName())
                            .arg(curves_->hdu)
                            .arg(QString::fromStdString(shape_string(curves_->axes))));
    std::size_t frames = 0;
    int k = 0;
    QStringList failed;
    for (const auto& curve : curves_->curves) {
        const QString spec = QString::fromStdString(curve.codec);
        if (!curve.lossless_ok || curve.bpp.empty()) {
            failed << tr("%1: %2").arg(spec, QString::fromStdString(curve.error.empty() ? "not lossless" : curve.error));
            continue;
        }
        const bool cube = codecs::is_cube_spec(curve.codec);
        table.columns.push_back(curve.codec + " bpp");
        table.numeric.push_back(true);
        frames = std::max(frames, curve.bpp.size());
        QVector<double> x, y;
        QStringList tips, keys;
        for (std::size_t f = 0; f < curve.bpp.size(); ++f) {
            x << double(f + 1);
            y << curve.bpp[f];
            keys << QStringLiteral("frame:%1").arg(f);
            tips << tr("%1, frame %2\n%3 bits/pixel (%4 bytes)%5")
                        .arg(spec)
                        .arg(f + 1)
                        .arg(fmt(curve.bpp[f], 4))
                        .arg(qint64(std::llround(curve.bits[f] / 8)))
                        .arg(cube ? (curve.residual[f] ? tr(", coded from earlier frames") : tr(", coded plain")) : QString());
        }
        const QColor colour = codecPalette().at(k++ % codecPalette().size());
        QCPGraph* g = c->addPoints(cube ? tr("%1 (cube-aware)").arg(spec) : tr("%1 (2D, frame by frame)").arg(spec), x, y, colour,
                                   tips, keys, cube ? QCPScatterStyle::ssDiamond : QCPScatterStyle::ssCircle);
        g->setLineStyle(QCPGraph::lsLine);
        g->setPen(QPen(colour, 1.5, cube ? Qt::SolidLine : Qt::DashLine));
        g->setProperty("codec", spec);
        g->setProperty("cube", cube);
    }
    for (std::size_t f = 0; f < frames; ++f) {
        std::vector<std::string> row{std::to_string(f + 1)};
        for (const auto& curve : curves_->curves)
            if (curve.lossless_ok && !curve.bpp.empty()) row.push_back(f < curve.bpp.size() ? num(curve.bpp[f]) : std::string());
        table.rows.push_back(std::move(row));
    }
    tables_.insert(QStringLiteral("frames"), table);
    if (!failed.isEmpty()) c->setMessage(failed.join(QLatin1Char('\n')));
    // The frame shown.
    auto* now = new QCPItemStraightLine(c);
    now->point1->setCoords(double(frameIndex_ + 1), 0);
    now->point2->setCoords(double(frameIndex_ + 1), 1);
    now->setPen(QPen(QColor(90, 90, 90), 1, Qt::DotLine));
    now->setSelectable(false);
    if (frames <= 24) {
        QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
        ticker->setTickStep(1.0);
        c->xAxis->setTicker(ticker);
    }
    c->fitAxes();
}

}  // namespace bitsky
