#include "app/gui/inspector.h"
#include "app/gui/fs_path.h"
#include "app/gui/table_file.h"
#include "app/gui/pools.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "engine/store/store.h"
#include "widgets/colour_map.h"

namespace bitsky {
namespace {

QTableWidget* makeTable(QStringList headers, QWidget* parent) {
    auto* t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->setVisible(false);
    t->horizontalHeader()->setStretchLastSection(true);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    return t;
}

void addRow(QTableWidget* t, const QStringList& cells) {
    int r = t->rowCount();
    t->insertRow(r);
    for (int c = 0; c < cells.size(); ++c) t->setItem(r, c, new QTableWidgetItem(cells[c]));
}

QString num(double v, int prec = 4) { return QString::number(v, 'f', prec); }

std::string canonical(const std::string& p) {
    std::error_code ec;
    auto c = std::filesystem::weakly_canonical(p, ec);
    return ec ? p : c.string();
}

// A QCustomPlot gradient from one of BitSky's colour tables.
QCPColorGradient gradientOf(ColourMap map) {
    QCPColorGradient g;
    g.clearColorStops();
    const ColourTable& t = colourTable(map);
    for (int i = 0; i <= 16; ++i) {
        int k = std::min(255, i * 16);
        g.setColorStopAt(double(k) / 255.0, QColor::fromRgb(t[std::size_t(k)]));
    }
    g.setNanHandling(QCPColorGradient::nhTransparent);
    return g;
}

NoiseReport computeNoise(const ShownFrame& frame) {
    NoiseReport r;
    r.bitpix = frame.bitpix;
    const analysis::AnyNoise an = analysis::estimate_noise_any(frame.values(), frame.noise);
    r.noise = an.estimate;
    r.view = an.view;
    r.floorBpp = an.floor_bpp;
    r.units = an.floating ? (frame.bunit.empty() ? std::string("data units") : frame.bunit) : std::string("ADU");
    if (an.u16) r.prediction = analysis::predict_compressibility(r.noise);
    return r;
}

store::TextTable tableOf(const QTableWidget* t, const QString& caption) {
    store::TextTable out;
    out.caption = caption.toStdString();
    for (int c = 0; c < t->columnCount(); ++c) {
        auto* h = t->horizontalHeaderItem(c);
        out.columns.push_back(h ? h->text().toStdString() : std::string());
        out.numeric.push_back(t->property(QByteArray("numeric") + QByteArray::number(c)).toBool());
    }
    for (int r = 0; r < t->rowCount(); ++r) {
        std::vector<std::string> row;
        for (int c = 0; c < t->columnCount(); ++c) {
            auto* it = t->item(r, c);
            row.push_back(it ? it->text().toStdString() : std::string());
        }
        out.rows.push_back(std::move(row));
    }
    return out;
}

}  // namespace

Inspector::Inspector(QWidget* parent)
    : QTabWidget(parent), noiseTask_(computePool(), LatestTask<NoiseReport>::Mode::Restart, [this](NoiseReport r) {
          report_ = std::move(r);
          fillNoise();
          drawTiles();
          emit noiseReady();
      }) {
    auto* headerPage = new QWidget(this);
    auto* lay = new QVBoxLayout(headerPage);
    lay->setContentsMargins(2, 2, 2, 2);
    filter_ = new QLineEdit(headerPage);
    filter_->setPlaceholderText(tr("Search keywords, values, comments"));
    filter_->setClearButtonEnabled(true);
    header_ = new QStandardItemModel(0, 3, this);
    header_->setHorizontalHeaderLabels({tr("Keyword"), tr("Value"), tr("Comment")});
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(header_);
    proxy_->setFilterKeyColumn(-1);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
    auto* view = new QTableView(headerPage);
    view->setModel(proxy_);
    view->verticalHeader()->setVisible(false);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    lay->addWidget(filter_);
    lay->addWidget(view);
    addTab(headerPage, tr("Header"));

    // Noise: the estimates, the tile noise map and its histogram.
    auto* noiseSplit = new QSplitter(Qt::Vertical, this);
    noise_ = makeTable({tr("Quantity"), tr("Value")}, noiseSplit);
    tileMap_ = new PlotCanvas(noiseSplit);
    tileMap_->setObjectName(QStringLiteral("tilemap"));
    tileMap_->hideLegend();
    tileMap_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    tileScale_ = new QCPColorScale(tileMap_);
    tileMap_->plotLayout()->addElement(0, 1, tileScale_);
    tileScale_->setType(QCPAxis::atRight);
    tileScale_->axis()->setLabel(tr("Tile noise sigma (ADU)"));
    tileScale_->setGradient(gradientOf(ColourMap::Viridis));
    auto* margins = new QCPMarginGroup(tileMap_);
    tileMap_->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    tileScale_->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    tileHist_ = new PlotCanvas(noiseSplit);
    tileHist_->setObjectName(QStringLiteral("tilehistogram"));
    tileHist_->hideLegend();
    noiseSplit->addWidget(noise_);
    noiseSplit->addWidget(tileMap_);
    noiseSplit->addWidget(tileHist_);
    noiseSplit->setSizes({220, 260, 200});
    // Three panes in one dock tab: smaller minimum heights than a plot alone, so the
    // window still fits a 600-pixel-high screen with the Datasets dock above them.
    for (PlotCanvas* c : {tileMap_, tileHist_}) c->setMinimumSize(200, 100);
    addTab(noiseSplit, tr("Noise"));

    // Predicted vs measured bits per pixel of the shown frame.
    auto* bppSplit = new QSplitter(Qt::Vertical, this);
    bpp_ = makeTable({tr("Kind"), tr("Name"), tr("Bits/pixel"), tr("Ratio")}, bppSplit);
    bpp_->setProperty("numeric2", true);
    bpp_->setProperty("numeric3", true);
    bppPlot_ = new PlotCanvas(bppSplit);
    bppPlot_->setObjectName(QStringLiteral("predicted"));
    bppSplit->addWidget(bppPlot_);
    bppSplit->addWidget(bpp_);
    bppSplit->setSizes({320, 200});
    bppPlot_->setMinimumSize(200, 100);
    addTab(bppSplit, tr("Predicted vs measured"));

    // Codec results of this image, with Run now and Export.
    auto* resultsPage = new QWidget(this);
    auto* rl = new QVBoxLayout(resultsPage);
    rl->setContentsMargins(2, 2, 2, 2);
    auto* buttons = new QHBoxLayout;
    runNow_ = new QPushButton(tr("Run now"), resultsPage);
    runNow_->setToolTip(tr("Benchmark this image with the codecs checked in the Jobs dock"));
    runNow_->setEnabled(false);
    export_ = new QPushButton(tr("Export table..."), resultsPage);
    export_->setToolTip(tr("Save this table as CSV, JSON, Markdown or LaTeX"));
    jobStatus_ = new QLabel(resultsPage);
    jobStatus_->setWordWrap(true);
    buttons->addWidget(runNow_);
    buttons->addWidget(export_);
    buttons->addWidget(jobStatus_, 1);
    results_ = makeTable({tr("Codec"), tr("Version"), tr("Ratio"), tr("Bits/pixel"), tr("Encode MB/s"),
                          tr("Decode MB/s"), tr("Status")},
                         resultsPage);
    for (int c = 2; c <= 6; ++c) results_->setProperty(QByteArray("numeric") + QByteArray::number(c), true);
    rl->addLayout(buttons);
    rl->addWidget(results_, 1);
    addTab(resultsPage, tr("Codec results"));
    connect(runNow_, &QPushButton::clicked, this, [this] {
        if (!imagePath_.isEmpty()) emit runNowRequested(imagePath_);
    });
    connect(export_, &QPushButton::clicked, this, &Inspector::exportDialog);
    showEmpty();
}

void Inspector::showEmpty() {
    header_->removeRows(0, header_->rowCount());
    header_->appendRow({new QStandardItem(tr("Open a FITS file (File > Open, Ctrl+O) to see its header.")),
                        new QStandardItem(), new QStandardItem()});
    clearNoise(tr("Open an image to see its noise estimates and tile noise map."));
    results_->setRowCount(0);
    addRow(results_, {tr("Open an image to see its codec results from the store.")});
    readBpp();
}

void Inspector::showHeader(const fits::HduInfo& hdu) {
    header_->removeRows(0, header_->rowCount());
    for (const auto& c : hdu.cards) {
        if (c.keyword.empty() && c.comment.empty()) continue;
        header_->appendRow({new QStandardItem(QString::fromStdString(c.keyword)),
                            new QStandardItem(QString::fromStdString(c.value)),
                            new QStandardItem(QString::fromStdString(c.comment))});
    }
}

void Inspector::clearNoise(const QString& why) {
    noiseTask_.cancel();
    report_.reset();
    noise_->setRowCount(0);
    addRow(noise_, {why, QString()});
    drawTiles();
}

void Inspector::estimateNoise(ShownFrame frame) {
    report_.reset();
    noise_->setRowCount(0);
    addRow(noise_, {tr("Estimating noise..."), QString()});
    noiseTask_.start([frame = std::move(frame)](std::stop_token) { return computeNoise(frame); });
}

void Inspector::fillNoise() {
    noise_->setRowCount(0);
    if (!report_) return;
    const auto& n = report_->noise;
    const QString units = QString::fromStdString(report_->units);
    addRow(noise_, {tr("Noise sigma used (%1)").arg(units), num(n.sigma())});
    addRow(noise_, {tr("CFITSIO noise2 / noise3 / noise5"),
                    QStringLiteral("%1 / %2 / %3").arg(num(n.cfitsio.noise2), num(n.cfitsio.noise3), num(n.cfitsio.noise5))});
    addRow(noise_, {tr("MAD of pixel differences"), num(n.mad)});
    addRow(noise_, {tr("Sigma-clipped std"), num(n.clipped.std)});
    addRow(noise_, {tr("Sigma-clipped background"), num(n.clipped.background, 2)});
    addRow(noise_, {tr("Tile noise map"), tr("%1 x %2 tiles of %3 px").arg(n.tiles.tiles_x).arg(n.tiles.tiles_y).arg(n.tiles.tile)});
    addRow(noise_, {tr("Measured on"), QString::fromStdString(report_->view)});
    const double bits = std::abs(report_->bitpix);
    if (report_->prediction) {
        // On the 16-bit values (the frame's own or its view): ratios of the frame's own width.
        const auto& p = *report_->prediction;
        addRow(noise_, {tr("Predicted bpp (Gaussian entropy)"), num(p.entropy_bpp)});
        addRow(noise_, {tr("Predicted ratio (Gaussian entropy)"), num(p.entropy_bpp > 0 ? bits / p.entropy_bpp : 0.0, 3)});
        addRow(noise_, {tr("Predicted Rice bpp (k = %1)").arg(p.rice_k), num(p.rice_bpp)});
        addRow(noise_, {tr("fpack Nbits / MaxR"),
                        QStringLiteral("%1 / %2").arg(num(p.fpack_nbits, 3), num(p.fpack_nbits > 0 ? bits / p.fpack_nbits : 0.0, 3))});
    } else {
        // Floats (and integers spanning more than 65535 values): what coding the noise to the
        // values' last bit costs at least.
        addRow(noise_, {tr("Noise floor of lossless coding (bpp)"), num(report_->floorBpp)});
        addRow(noise_, {tr("Best lossless ratio (noise floor)"), num(report_->floorBpp > 0 ? bits / report_->floorBpp : 0.0, 3)});
    }
    noise_->resizeColumnToContents(0);
}

void Inspector::drawTiles() {
    tileMap_->clearAll();
    tileColour_ = nullptr;
    tileHist_->clearAll();
    tileMap_->setAxisLabels(tr("x (pixels)"), tr("y (pixels)"));
    tileHist_->setAxisLabels(tr("Tile noise sigma (%1)").arg(report_ ? QString::fromStdString(report_->units) : tr("ADU")),
                             tr("Tiles"));
    const analysis::TileNoiseMap* t = report_ ? &report_->noise.tiles : nullptr;
    if (!t || t->tiles_x == 0 || t->tiles_y == 0) {
        // Why there is no map: the reason in the noise table (no image, not 16-bit,
        // still estimating), else a frame too small for tiles.
        const QString why = !report_ && noise_->item(0, 0) ? noise_->item(0, 0)->text()
                                                           : tr("No tile noise map: the frame is smaller than one tile.");
        tileMap_->setMessage(why);
        tileHist_->setMessage(why);
        tileMap_->replot();
        tileHist_->replot();
        return;
    }
    // The map: one cell per tile, centred on the tile, in FITS pixel coordinates.
    const double size = double(t->tile);
    tileColour_ = new QCPColorMap(tileMap_->xAxis, tileMap_->yAxis);
    tileColour_->setName(tr("Tile noise"));
    tileColour_->data()->setSize(int(t->tiles_x), int(t->tiles_y));
    tileColour_->data()->setRange(QCPRange(size / 2, size * (double(t->tiles_x) - 0.5)),
                                  QCPRange(size / 2, size * (double(t->tiles_y) - 0.5)));
    std::vector<double> finite;
    for (std::size_t ty = 0; ty < t->tiles_y; ++ty)
        for (std::size_t tx = 0; tx < t->tiles_x; ++tx) {
            double v = t->at_sigma(tx, ty);
            tileColour_->data()->setCell(int(tx), int(ty), std::isfinite(v) ? v : std::nan(""));
            if (std::isfinite(v)) finite.push_back(v);
        }
    tileColour_->setInterpolate(false);
    tileColour_->setColorScale(tileScale_);
    tileColour_->setGradient(gradientOf(ColourMap::Viridis));
    tileColour_->removeFromLegend();
    if (!finite.empty()) {
        // Colours span the 2nd..98th percentile: one hot tile (a bright star) would
        // otherwise make the rest one colour.
        std::vector<double> s = finite;
        std::sort(s.begin(), s.end());
        double lo = s[std::size_t(0.02 * double(s.size() - 1))], hi = s[std::size_t(0.98 * double(s.size() - 1))];
        if (hi <= lo) hi = lo + 1e-3;
        tileColour_->setDataRange(QCPRange(lo, hi));
    }
    tileMap_->xAxis->setRange(0, size * double(t->tiles_x));
    tileMap_->yAxis->setRange(0, size * double(t->tiles_y));
    tileMap_->replot();

    // Histogram of the tile values: every tile with an estimate counted once.
    if (finite.empty()) {
        tileHist_->setMessage(tr("No tile has enough pixels for an estimate"));
        tileHist_->replot();
        return;
    }
    const auto [mn, mx] = std::minmax_element(finite.begin(), finite.end());
    const int bins = std::clamp(int(std::sqrt(double(finite.size()))) + 1, 5, 40);
    const double lo = *mn, width = std::max((*mx - *mn) / bins, 1e-6);
    QVector<double> x, count(bins, 0.0);
    for (double v : finite) count[std::clamp(int((v - lo) / width), 0, bins - 1)] += 1;
    QStringList tips;
    for (int b = 0; b < bins; ++b) {
        x << lo + (b + 0.5) * width;
        tips << tr("%n tile(s) with sigma %1 .. %2 ADU", nullptr, int(count[b])).arg(num(lo + b * width, 2), num(lo + (b + 1) * width, 2));
    }
    QCPBars* bars = tileHist_->addBars(tr("Tiles"), x, count, QColor(0x1f, 0x77, 0xb4), tips, nullptr, width);
    bars->setProperty("role", QStringLiteral("tile-histogram"));
    if (finite.size() < t->sigma.size())
        tileHist_->setMessage(tr("%n tile(s) without an estimate", nullptr, int(t->sigma.size() - finite.size())));
    tileHist_->fitAxes();
    tileHist_->yAxis->setRangeLower(0);
    tileHist_->replot();
}

void Inspector::showStoreResults(const QString& storePath, const QString& imagePath, int hdu) {
    if (imagePath != imagePath_ || hdu != hdu_) frame_ = 0;
    storePath_ = storePath;
    imagePath_ = imagePath;
    hdu_ = hdu;
    runNow_->setEnabled(!imagePath.isEmpty());
    results_->setRowCount(0);
    if (storePath.isEmpty() || !std::filesystem::exists(toFsPath(storePath))) {
        addRow(results_, {tr("No results store yet: press Run now to benchmark this image.")});
        readBpp();
        return;
    }
    try {
        store::ResultsStore st(toFsBytes(storePath), store::OpenOptions{.create = false, .read_only = true});
        const std::string want = canonical(toFsBytes(imagePath));
        // Why an item failed or was skipped (a codec that cannot take this pixel type or size).
        std::map<std::string, std::string> failed, skipped;
        for (const auto& f : st.failures()) {
            if (f.hdu != hdu || canonical(f.path) != want) continue;
            auto& m = f.status == "skipped" ? skipped : failed;
            if (!m.count(f.codec)) m[f.codec] = f.error;
        }
        for (const auto& r : st.report(store::ReportBy::Image)) {
            if (r.hdu != hdu || canonical(r.image) != want) continue;
            auto opt = [](const std::optional<double>& v, int prec) { return v ? num(*v, prec) : QStringLiteral("-"); };
            QString status = tr("ok");
            if (r.skipped > 0)
                status = tr("skipped: %1").arg(QString::fromStdString(skipped.count(r.codec) ? skipped[r.codec] : std::string()));
            else if (r.failures > 0)
                status = tr("%n failed: %1", nullptr, int(r.failures))
                             .arg(QString::fromStdString(failed.count(r.codec) ? failed[r.codec] : std::string()));
            addRow(results_, {QString::fromStdString(r.codec), QString::fromStdString(r.codec_version),
                              opt(r.ratio, 3), opt(r.bpp, 3), opt(r.encode_mb_s, 1), opt(r.decode_mb_s, 1), status});
            results_->item(results_->rowCount() - 1, 6)->setToolTip(status);
        }
        if (results_->rowCount() == 0)
            addRow(results_, {tr("No codec results for this image in the store: press Run now to benchmark it.")});
    } catch (const std::exception& e) {
        addRow(results_, {tr("Cannot read the store: %1").arg(QString::fromStdString(e.what()))});
    }
    readBpp();
}

void Inspector::setFrameIndex(std::int64_t frame) {
    if (frame == frame_) return;
    frame_ = frame;
    readBpp();
}

void Inspector::setJobStatus(const QString& text) { jobStatus_->setText(text); }

bool Inspector::showPage(const QString& key) {
    const int i = int(pageKeys().indexOf(key));
    if (i < 0 || i >= count()) return false;
    setCurrentIndex(i);
    return true;
}

void Inspector::readBpp() {
    entries_.clear();
    QString why;
    if (imagePath_.isEmpty()) {
        why = tr("Open an image to compare the bits per pixel predicted from its noise with those measured.");
    } else if (storePath_.isEmpty() || !std::filesystem::exists(toFsPath(storePath_))) {
        why = tr("No results store yet: benchmark this image (Codec results > Run now) to measure it.");
    } else {
        try {
            store::ResultsStore st(toFsBytes(storePath_), store::OpenOptions{.create = false, .read_only = true});
            entries_ = store::frame_bpp(st, canonical(toFsBytes(imagePath_)), hdu_, frame_);
            if (entries_.empty()) why = tr("Nothing stored for this frame yet: run a benchmark (Run now).");
        } catch (const std::exception& e) {
            why = tr("Cannot read the store: %1").arg(QString::fromStdString(e.what()));
        }
    }
    bpp_->setRowCount(0);
    const QString kinds[] = {tr("predicted"), tr("estimated"), tr("measured")};
    for (const auto& e : entries_) {
        QString kind = kinds[int(e.source)];
        if (e.source == store::BppEntry::Source::Estimated) kind = tr("estimated (likelihood, no entropy coder)");
        else if (e.name.rfind("costmap ", 0) == 0) kind = tr("bit-cost map");
        addRow(bpp_, {kind, QString::fromStdString(e.name), num(e.bpp, 4), e.bpp > 0 ? num(e.ratio(), 3) : QStringLiteral("-")});
    }
    if (entries_.empty()) addRow(bpp_, {why});
    drawBpp();
}

void Inspector::drawBpp() {
    PlotCanvas* c = bppPlot_;
    c->clearAll();
    c->setAxisLabels(QString(), tr("Bits per pixel (frame %1)").arg(frame_));
    if (entries_.empty()) {
        c->setMessage(bpp_->item(0, 0) ? bpp_->item(0, 0)->text() : QString());
        c->replot();
        return;
    }
    // One bar per entry, grouped: predictions, estimates, then measured codecs.
    QStringList labels;
    for (const auto& e : entries_) labels << QString::fromStdString(e.name);
    c->setCategories(labels);
    c->xAxis->setTickLabelRotation(35);
    const QColor colours[] = {QColor(0x7f, 0x7f, 0x7f), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c)};
    const QString names[] = {tr("predicted (noise or bit-cost model)"), tr("estimated (likelihood, no entropy coder)"),
                             tr("measured (codestream bytes)")};
    for (int s = 0; s < 3; ++s) {
        QVector<double> x, h;
        QStringList tips;
        for (int i = 0; i < int(entries_.size()); ++i) {
            const auto& e = entries_[std::size_t(i)];
            if (int(e.source) != s) continue;
            x << i + 1;
            h << e.bpp;
            tips << tr("%1 (%2)\n%3 bits/pixel, ratio %4").arg(labels[i], names[s], num(e.bpp, 4), num(e.ratio(), 3));
        }
        if (x.isEmpty()) continue;
        QCPBars* b = c->addBars(names[s], x, h, colours[s], tips, nullptr, 0.7);
        b->setProperty("source", s);
        if (s == 1) b->setBrush(QBrush(colours[s], Qt::BDiagPattern));
    }
    c->fitAxes();
    c->xAxis->setRange(0.4, double(entries_.size()) + 0.6);
    c->yAxis->setRangeLower(0);
    c->replot();
}

store::TextTable Inspector::resultsAsTable() const {
    return tableOf(results_, tr("Codec results of %1 [HDU %2] from %3").arg(QFileInfo(imagePath_).fileName()).arg(hdu_).arg(storePath_));
}

store::TextTable Inspector::bppAsTable() const {
    return tableOf(bpp_, tr("Predicted vs measured bits per pixel of %1 [HDU %2], frame %3")
                             .arg(QFileInfo(imagePath_).fileName())
                             .arg(hdu_)
                             .arg(frame_));
}

bool Inspector::exportResults(const QString& path, QString* error) const {
    return writeTableFile(resultsAsTable(), path, error);
}

void Inspector::exportDialog() {
    QString out = QFileDialog::getSaveFileName(this, tr("Export table"), QStringLiteral("codec-results.csv"),
                                               tr("CSV (*.csv);;LaTeX (*.tex);;Markdown (*.md);;JSON (*.json)"));
    if (out.isEmpty()) return;
    QString error;
    if (!exportResults(out, &error)) QMessageBox::warning(this, tr("BitSky"), error);
}

}  // namespace bitsky
