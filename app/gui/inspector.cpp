#include "app/gui/inspector.h"

#include <QHeaderView>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <filesystem>

#include "engine/store/store.h"

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

}  // namespace

Inspector::Inspector(QWidget* parent) : QTabWidget(parent) {
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

    noise_ = makeTable({tr("Quantity"), tr("Value")}, this);
    addTab(noise_, tr("Noise"));
    results_ = makeTable({tr("Codec"), tr("Version"), tr("Ratio"), tr("Bits/pixel"), tr("Encode MB/s"),
                          tr("Decode MB/s"), tr("Failures")},
                         this);
    addTab(results_, tr("Codec results"));

    watcher_ = new QFutureWatcher<NoiseReport>(this);
    connect(watcher_, &QFutureWatcher<NoiseReport>::finished, this, [this] {
        if (watcher_->property("generation").toInt() != generation_) return;
        report_ = watcher_->result();
        fillNoise();
        emit noiseReady();
    });
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
    ++generation_;
    report_.reset();
    noise_->setRowCount(0);
    addRow(noise_, {why, QString()});
}

void Inspector::estimateNoise(std::shared_ptr<const Cube16> frame) {
    int gen = ++generation_;
    report_.reset();
    noise_->setRowCount(0);
    addRow(noise_, {tr("Estimating noise..."), QString()});
    if (watcher_->isRunning()) {
        // Let the running estimate finish in the background; its result is dropped.
        auto* old = watcher_;
        disconnect(old, nullptr, this, nullptr);
        connect(old, &QFutureWatcher<NoiseReport>::finished, old, &QObject::deleteLater);
        watcher_ = new QFutureWatcher<NoiseReport>(this);
        connect(watcher_, &QFutureWatcher<NoiseReport>::finished, this, [this] {
            if (watcher_->property("generation").toInt() != generation_) return;
            report_ = watcher_->result();
            fillNoise();
            emit noiseReady();
        });
    }
    watcher_->setProperty("generation", gen);
    watcher_->setFuture(QtConcurrent::run([frame] {
        NoiseReport r;
        r.noise = analysis::estimate_noise(frame->frame(0));
        r.prediction = analysis::predict_compressibility(r.noise);
        return r;
    }));
}

void Inspector::fillNoise() {
    noise_->setRowCount(0);
    if (!report_) return;
    const auto& n = report_->noise;
    const auto& p = report_->prediction;
    addRow(noise_, {tr("Noise sigma used (ADU)"), num(n.sigma())});
    addRow(noise_, {tr("CFITSIO noise2 / noise3 / noise5"),
                    QStringLiteral("%1 / %2 / %3").arg(num(n.cfitsio.noise2), num(n.cfitsio.noise3), num(n.cfitsio.noise5))});
    addRow(noise_, {tr("MAD of pixel differences"), num(n.mad)});
    addRow(noise_, {tr("Sigma-clipped std"), num(n.clipped.std)});
    addRow(noise_, {tr("Sigma-clipped background"), num(n.clipped.background, 2)});
    addRow(noise_, {tr("Tile noise map"), tr("%1 x %2 tiles of %3 px").arg(n.tiles.tiles_x).arg(n.tiles.tiles_y).arg(n.tiles.tile)});
    addRow(noise_, {tr("Predicted bpp (Gaussian entropy)"), num(p.entropy_bpp)});
    addRow(noise_, {tr("Predicted ratio (Gaussian entropy)"), num(p.entropy_ratio, 3)});
    addRow(noise_, {tr("Predicted Rice bpp (k = %1)").arg(p.rice_k), num(p.rice_bpp)});
    addRow(noise_, {tr("fpack Nbits / MaxR"), QStringLiteral("%1 / %2").arg(num(p.fpack_nbits, 3), num(p.fpack_max_ratio, 3))});
    noise_->resizeColumnToContents(0);
}

void Inspector::showStoreResults(const QString& storePath, const QString& imagePath, int hdu) {
    results_->setRowCount(0);
    if (storePath.isEmpty() || !std::filesystem::exists(storePath.toStdString())) {
        addRow(results_, {tr("No results store yet")});
        return;
    }
    try {
        store::ResultsStore st(storePath.toStdString(), store::OpenOptions{.create = false, .read_only = true});
        const std::string want = canonical(imagePath.toStdString());
        for (const auto& r : st.report(store::ReportBy::Image)) {
            if (r.hdu != hdu || canonical(r.image) != want) continue;
            auto opt = [](const std::optional<double>& v, int prec) { return v ? num(*v, prec) : QStringLiteral("-"); };
            addRow(results_, {QString::fromStdString(r.codec), QString::fromStdString(r.codec_version),
                              opt(r.ratio, 3), opt(r.bpp, 3), opt(r.encode_mb_s, 1), opt(r.decode_mb_s, 1),
                              QString::number(r.failures)});
        }
        if (results_->rowCount() == 0) addRow(results_, {tr("No codec results for this image in the store")});
    } catch (const std::exception& e) {
        addRow(results_, {tr("Cannot read the store: %1").arg(QString::fromStdString(e.what()))});
    }
}

}  // namespace bitsky
