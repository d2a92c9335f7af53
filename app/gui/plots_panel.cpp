// The plots dock itself: its tabs, the background store read, navigation, export and
// the redraw of the store-backed plots (drawn in plots_store.cpp); the plots that follow
// the frame shown are in plots_frame.cpp.
#include "app/gui/plots_panel.h"
#include "app/gui/fs_path.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>
#include <QVBoxLayout>
#include <algorithm>
#include <filesystem>
#include <map>
#include <utility>

#include "app/gui/dialogs.h"
#include "app/gui/plots_panel_detail.h"
#include "app/gui/pools.h"
#include "app/gui/table_file.h"
#include "engine/analysis/noise_any.h"
#include "engine/fits/fits.h"

namespace bitsky {
using namespace plots_detail;
namespace {

// Reads the store and the noise of every image (stored, cached or computed here).
PlotData loadPlotData(const QString& storePath, QHash<QString, double> cache, QSet<QString> correlated,
                      const std::stop_token& stop) {
    PlotData d;
    d.sigma = std::move(cache);
    d.correlated = std::move(correlated);
    if (storePath.isEmpty() || !std::filesystem::exists(toFsPath(storePath))) {
        d.storeMissing = true;
        return d;
    }
    try {
        store::ResultsStore st(toFsBytes(storePath), store::OpenOptions{.create = false, .read_only = true});
        d.byDataset = st.report(store::ReportBy::Dataset);
        d.byImage = st.report(store::ReportBy::Image);
        d.estByDataset = store::estimated_report(st, store::ReportBy::Dataset);
        d.estByImage = store::estimated_report(st, store::ReportBy::Image);
        d.matrix = store::estimate_matrix(st);
        d.rate = store::rate_fidelity(st);
        QSet<QString> measured;
        for (const auto* rows : {&d.byImage, &d.estByImage})
            for (const auto& r : *rows)
                if (r.ratio) measured.insert(PlotsPanel::imageKey(fromFsBytes(r.image), r.hdu));
        for (const auto& im : st.images()) {
            if (stop.stop_requested()) break;  // the panel is gone
            QString key = PlotsPanel::imageKey(fromFsBytes(im.path), im.hdu);
            if (!measured.contains(key) || d.sigma.contains(key)) continue;
            if (im.noise_json) {
                QJsonObject j = QJsonDocument::fromJson(QByteArray::fromStdString(*im.noise_json)).object();
                if (j.value(QStringLiteral("sigma")).toDouble() > 0) {
                    d.sigma.insert(key, j.value(QStringLiteral("sigma")).toDouble());
                    if (j.value(QStringLiteral("correlated")).toBool()) d.correlated.insert(key);
                    continue;
                }
            }
            try {
                auto f = fits::File::open(im.path);
                if (f.hdu(im.hdu).bitpix == 64) continue;
                analysis::AnyNoiseOptions opt = analysis::any_noise_options_for(f.hdu(im.hdu));
                opt.tile = 0;
                const auto ne = analysis::estimate_noise_any(f.read_frame(im.hdu, 0), opt).estimate;
                if (ne.sigma() > 0) d.sigma.insert(key, ne.sigma());
                if (ne.correlated) d.correlated.insert(key);
            } catch (const std::exception&) {
                // The file moved or changed since the benchmark: no point for it.
            }
        }
    } catch (const std::exception& e) {
        d.error = QString::fromStdString(e.what());
    }
    return d;
}

}  // namespace

QString PlotsPanel::imageKey(const QString& path, int hdu) { return path + QLatin1Char('#') + QString::number(hdu); }

QStringList PlotsPanel::plotTitles() {
    return {tr("Ratio"), tr("Ratio vs noise"), tr("Speed"), tr("Histogram"), tr("Bit planes"), tr("Matrix"), tr("Frames"),
            tr("Lossy: noise"), tr("Lossy: photometry")};
}

PlotsPanel::PlotsPanel(QWidget* parent)
    : QWidget(parent),
      storeTask_(computePool(), LatestTask<PlotData>::Mode::Coalesce,
                 [this](PlotData d) {
                     all_ = std::move(d);
                     fillPixelTypes();
                     selectRows();
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
                               tr("Bits per frame of a cube: 2D vs cube-aware codecs"),
                               tr("Lossy codecs: bits/pixel vs noise increase, one curve per codec over its settings"),
                               tr("Lossy codecs: bits/pixel vs photometric error, one curve per codec over its settings")};
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
    typeBox_ = new QComboBox(this);
    typeBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    typeBox_->setToolTip(tr("The pixel type whose results the store plots show (ratios of different types are not "
                            "comparable)"));
    connect(typeBox_, &QComboBox::activated, this, [this](int i) { setPixelType(typeBox_->itemData(i).toInt()); });
    // Beside the tabs: it chooses what the store plots show without taking room from them.
    auto* corner = new QWidget(this);
    auto* cl = new QHBoxLayout(corner);
    cl->setContentsMargins(4, 0, 0, 0);
    cl->addWidget(new QLabel(tr("Pixel type"), corner));
    cl->addWidget(typeBox_);
    tabs_->setCornerWidget(corner, Qt::TopRightCorner);
    buttons->addWidget(status_, 1);
    buttons->addWidget(fig);
    buttons->addWidget(dat);
    connect(fig, &QPushButton::clicked, this, &PlotsPanel::exportFigureDialog);
    connect(dat, &QPushButton::clicked, this, &PlotsPanel::exportDataDialog);
    lay->addLayout(buttons);
    lay->addWidget(tabs_, 1);
    // Until the store has been read.
    for (const QString& name : {QStringLiteral("ratio"), QStringLiteral("noise"), QStringLiteral("speed"),
                                QStringLiteral("histogram"), QStringLiteral("matrix"), QStringLiteral("lossy-noise"),
                                QStringLiteral("lossy-phot")})
        canvases_.value(name)->setMessage(tr("Reading the results store..."));
    drawPlanes();
    drawCurves();
}

bool PlotsPanel::loading() const { return storeTask_.running() || planesTask_.running() || curvesTask_.running(); }

void PlotsPanel::refresh(const QString& storePath) {
    // Prepared when it runs (after a running read has been drawn), so it starts from the
    // noise values that read found.
    storeTask_.startPrepared([this, path = storePath.trimmed()]() -> LatestTask<PlotData>::Work {
        status_->setText(tr("Reading the results store..."));
        return [path, cache = all_.sigma, corr = all_.correlated](std::stop_token stop) {
            return loadPlotData(path, cache, corr, stop);
        };
    });
}

PlotCanvas* PlotsPanel::canvas(const QString& name) const { return canvases_.value(name, nullptr); }

void PlotsPanel::showPlot(const QString& name) {
    if (auto* p = pages_.value(name, nullptr)) tabs_->setCurrentWidget(p);
}

QString PlotsPanel::currentPlot() const { return pages_.key(tabs_->currentWidget()); }

bool PlotsPanel::exportPlot(const QString& name, const QString& path, const PlotSize& size) {
    PlotCanvas* c = canvas(name);
    return c && c->exportFigure(path, size);
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
    const auto size = Dialogs::plotSize(this);
    if (!size) return;
    QString out = QFileDialog::getSaveFileName(this, tr("Export plot"), name + QStringLiteral(".pdf"),
                                               tr("PDF document (*.pdf);;SVG drawing (*.svg);;PNG image (*.png)"));
    if (out.isEmpty()) return;
    if (!exportPlot(name, out, *size)) QMessageBox::warning(this, tr("BitSky"), tr("Cannot write %1 (use .png, .pdf or .svg).").arg(out));
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

QList<int> PlotsPanel::pixelTypes() const {
    QList<int> out;
    for (int i = 0; i < typeBox_->count(); ++i) out << typeBox_->itemData(i).toInt();
    return out;
}

void PlotsPanel::fillPixelTypes() {
    // Types by the number of images measured in them, most first (ties: integers first).
    std::map<int, int> images;
    for (const auto* rows : {&all_.byImage, &all_.estByImage})
        for (const auto& r : *rows) ++images[r.bitpix];
    for (const auto& c : all_.rate.curves)  // a store of lossy results only still has its types
        if (!images.contains(c.bitpix)) images[c.bitpix] = 0;
    QList<int> types;
    for (const auto& [bitpix, n] : images) types << bitpix;
    std::stable_sort(types.begin(), types.end(), [&](int a, int b) { return images[a] > images[b]; });
    const QList<int> before = pixelTypes();
    typeBox_->clear();
    for (int t : types) typeBox_->addItem(QString::fromStdString(store::pixel_type_label(t)), t);
    typeBox_->setEnabled(types.size() > 1);
    // The choice stays while the store still holds that type; a new store shows its main type.
    if (!types.contains(bitpix_) || before.isEmpty()) bitpix_ = types.isEmpty() ? 16 : types.front();
    typeBox_->setCurrentIndex(std::max(0, int(types.indexOf(bitpix_))));
}

void PlotsPanel::selectRows() {
    data_ = all_;
    for (auto* rows : {&data_.byDataset, &data_.byImage, &data_.estByDataset, &data_.estByImage})
        std::erase_if(*rows, [this](const store::ReportRow& r) { return r.bitpix != bitpix_; });
    std::erase_if(data_.rate.curves, [this](const auto& c) { return c.bitpix != bitpix_; });
    std::erase_if(data_.rate.lossless, [this](const auto& l) { return l.bitpix != bitpix_; });
}

void PlotsPanel::setPixelType(int bitpix) {
    bitpix_ = bitpix;
    typeBox_->setCurrentIndex(std::max(0, int(pixelTypes().indexOf(bitpix))));
    selectRows();
    apply();
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
        status_->setText(tr("No results store yet: benchmark a file or folder in the Jobs panel (or bitsky-cli bench "
                            "--db STORE) to see the codecs compared here."));
    else if (!data_.error.isEmpty())
        status_->setText(tr("Cannot read the store: %1").arg(data_.error));
    else if (data_.byDataset.empty() && data_.estByDataset.empty())
        status_->setText(tr("The store has no codec results yet: benchmark a file or folder in the Jobs panel to see "
                            "the codecs compared here."));
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
    drawLossy(QStringLiteral("lossy-noise"));
    drawLossy(QStringLiteral("lossy-phot"));
    emit plotsReady();
}

}  // namespace bitsky
