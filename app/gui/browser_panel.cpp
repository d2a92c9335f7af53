#include "app/gui/browser_panel.h"
#include "app/gui/fs_path.h"
#include "app/gui/pools.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <filesystem>

#include "engine/dataset/dataset.h"
#include "engine/fits/fits.h"
#include "engine/image/cube.h"
#include "engine/store/store.h"

namespace bitsky {
namespace {

QString canonical(const std::string& p) {
    std::error_code ec;
    auto c = std::filesystem::weakly_canonical(p, ec);
    return fromFsBytes(ec ? p : c.string());
}

BrowserScan scanPath(const QString& path) {
    BrowserScan s;
    s.path = path;
    try {
        auto ds = dataset::discover(toFsPath(path));
        BrowserDataset d;
        d.name = QString::fromStdString(ds.name);
        d.root = canonical(ds.root.string());
        for (const auto& ref : ds.images) {
            BrowserFile f;
            f.path = canonical(ref.path.string());
            try {
                auto file = fits::File::open(ref.path);
                for (const auto& h : file.hdus()) {
                    BrowserHdu bh;
                    bh.index = h.index;
                    bh.extname = QString::fromStdString(h.extname);
                    bh.shape = QString::fromStdString(shape_string(h.axes));
                    bh.bitpix = h.bitpix;
                    bh.image = h.is_image() && h.axes.size() >= 2 && h.axes.size() <= 4;
                    f.hdus.push_back(bh);
                }
            } catch (const std::exception& e) {
                f.error = QString::fromStdString(e.what());
            }
            d.files.push_back(std::move(f));
        }
        s.datasets.push_back(std::move(d));
    } catch (const std::exception& e) {
        s.error = QString::fromStdString(e.what());
    }
    return s;
}

BrowserBest readBest(const QString& storePath) {
    BrowserBest b;
    if (storePath.isEmpty() || !std::filesystem::exists(toFsPath(storePath))) return b;
    try {
        store::ResultsStore st(toFsBytes(storePath), store::OpenOptions{.create = false, .read_only = true});
        for (const auto& r : st.report(store::ReportBy::Image)) {
            if (!r.ratio) continue;
            auto& best = b.hdus[{canonical(r.image), r.hdu}];
            if (*r.ratio > best.ratio) best = {QString::fromStdString(r.codec), *r.ratio};
        }
        for (const auto& r : st.report(store::ReportBy::Dataset)) {
            if (!r.ratio) continue;
            auto& best = b.datasets[QString::fromStdString(r.dataset)];
            if (*r.ratio > best.ratio) best = {QString::fromStdString(r.codec), *r.ratio};
        }
    } catch (const std::exception&) {
        // An unreadable store shows no results; the plots panel reports why.
    }
    return b;
}

QStandardItem* cell(const QString& text, const QVariant& sort = {}) {
    auto* item = new QStandardItem(text);
    item->setEditable(false);
    item->setData(sort.isValid() ? sort : QVariant(text.toLower()), BrowserPanel::SortRole);
    return item;
}

}  // namespace

BrowserPanel::BrowserPanel(QWidget* parent)
    : QWidget(parent), bestTask_(computePool(), LatestTask<BrowserBest>::Mode::Coalesce, [this](BrowserBest best) {
          applyBest(best);
          if (!bestTask_.busy()) emit storeRefreshed();  // else a newer lookup runs next
      }) {
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(2, 2, 2, 2);
    filter_ = new QLineEdit(this);
    filter_->setPlaceholderText(tr("Filter by name, codec, BITPIX..."));
    filter_->setClearButtonEnabled(true);
    model_ = new QStandardItemModel(0, ColumnCount, this);
    model_->setHorizontalHeaderLabels({tr("Name"), tr("Shape"), tr("BITPIX"), tr("Best codec"), tr("Best ratio")});
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(SortRole);
    proxy_->setFilterKeyColumn(-1);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setRecursiveFilteringEnabled(true);
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
    view_ = new QTreeView(this);
    view_->setModel(proxy_);
    view_->setSortingEnabled(true);
    view_->sortByColumn(Name, Qt::AscendingOrder);
    view_->setUniformRowHeights(true);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view_->header()->setStretchLastSection(true);
    status_ = new QLabel(tr("Open a folder of FITS files (File > Open dataset folder, Ctrl+Shift+O) or drop one "
                            "on the window to list its images here."),
                         this);
    status_->setWordWrap(true);
    lay->addWidget(filter_);
    lay->addWidget(view_, 1);
    lay->addWidget(status_);
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &BrowserPanel::onSelection);

}

BrowserPanel::~BrowserPanel() {
    for (auto* w : scans_) w->waitForFinished();
}

QString BrowserPanel::status() const { return status_->text(); }

bool BrowserPanel::busy() const { return !scans_.isEmpty() || bestTask_.running(); }

QStringList BrowserPanel::roots() const {
    QStringList out;
    for (int r = 0; r < model_->rowCount(); ++r) out << model_->item(r, Name)->data(PathRole).toString();
    return out;
}

void BrowserPanel::openPath(const QString& path) {
    status_->setText(tr("Reading %1 ...").arg(path));
    auto* w = new QFutureWatcher<BrowserScan>(this);
    scans_ << w;
    connect(w, &QFutureWatcher<BrowserScan>::finished, this, [this, w] {
        scans_.removeAll(w);
        BrowserScan s = w->result();
        w->deleteLater();
        addScan(s);
        refreshStore();
        emit scanFinished(s.path);
    });
    w->setFuture(QtConcurrent::run(computePool(), scanPath, path));
}

void BrowserPanel::addScan(const BrowserScan& scan) {
    if (!scan.error.isEmpty()) {
        error_ = scan.error;
        status_->setText(tr("Cannot open: %1").arg(scan.error));
        return;
    }
    error_.clear();
    int files = 0;
    for (const auto& d : scan.datasets) {
        // Opening the same root again replaces its rows.
        for (int r = model_->rowCount() - 1; r >= 0; --r)
            if (model_->item(r, Name)->data(PathRole).toString() == d.root) model_->removeRow(r);
        QList<QStandardItem*> row{cell(d.name), cell(QString()), cell(QString()), cell(QString()),
                                  cell(QString(), 0.0)};
        row[Name]->setData(d.root, PathRole);
        row[Name]->setData(-1, HduRole);
        row[Name]->setToolTip(d.root);
        for (const auto& f : d.files) {
            ++files;
            QList<QStandardItem*> frow{cell(QFileInfo(f.path).fileName()), cell(QString()), cell(QString()),
                                       cell(QString()), cell(QString(), 0.0)};
            frow[Name]->setData(f.path, PathRole);
            frow[Name]->setData(-1, HduRole);
            frow[Name]->setToolTip(f.error.isEmpty() ? f.path : f.error);
            if (!f.error.isEmpty()) frow[Shape]->setText(tr("unreadable"));
            for (const auto& h : f.hdus) {
                QString name = h.extname.isEmpty() ? tr("HDU %1").arg(h.index) : tr("HDU %1 %2").arg(h.index).arg(h.extname);
                QList<QStandardItem*> hrow{cell(name, h.index), cell(h.shape), cell(QString::number(h.bitpix), h.bitpix),
                                           cell(QString()), cell(QString(), 0.0)};
                hrow[Name]->setData(f.path, PathRole);
                hrow[Name]->setData(h.index, HduRole);
                hrow[Name]->setData(h.image, ImageRole);
                hrow[Name]->setToolTip(tr("%1[%2]: HDUs count from 0 = the primary, as in bitsky-cli and FILE[N] names")
                                           .arg(QFileInfo(f.path).fileName())
                                           .arg(h.index));
                if (!h.image)
                    for (auto* it : hrow) it->setForeground(QBrush(Qt::gray));
                frow[Name]->appendRow(hrow);
                // The file row shows its first image HDU's shape and BITPIX.
                if (h.image && frow[Shape]->text().isEmpty()) {
                    frow[Shape]->setText(h.shape);
                    frow[Shape]->setData(h.shape, SortRole);
                    frow[Bitpix]->setText(QString::number(h.bitpix));
                    frow[Bitpix]->setData(h.bitpix, SortRole);
                }
            }
            row[Name]->appendRow(frow);
        }
        row[Shape]->setText(tr("%n file(s)", nullptr, int(d.files.size())));
        row[Shape]->setData(double(d.files.size()), SortRole);
        model_->appendRow(row);
        view_->expand(proxy_->mapFromSource(row[Name]->index()));
    }
    for (int c = 0; c < ColumnCount; ++c) view_->resizeColumnToContents(c);
    status_->setText(tr("%n FITS file(s) found.", nullptr, files));
}

void BrowserPanel::refreshStore() {
    bestTask_.start([path = storePath_](std::stop_token) { return readBest(path); });
}

void BrowserPanel::applyBest(const BrowserBest& best) {
    auto set = [](QStandardItem* codec, QStandardItem* ratio, const BestResult* b) {
        codec->setText(b ? b->codec : QString());
        codec->setData(b ? b->codec.toLower() : QString(), SortRole);
        ratio->setText(b ? QString::number(b->ratio, 'f', 3) : QString());
        ratio->setData(b ? b->ratio : 0.0, SortRole);
    };
    for (int r = 0; r < model_->rowCount(); ++r) {
        QStandardItem* ds = model_->item(r, Name);
        auto it = best.datasets.find(ds->text());
        set(model_->item(r, BestCodec), model_->item(r, BestRatio), it == best.datasets.end() ? nullptr : &it->second);
        for (int f = 0; f < ds->rowCount(); ++f) {
            QStandardItem* file = ds->child(f, Name);
            const BestResult* fileBest = nullptr;
            for (int h = 0; h < file->rowCount(); ++h) {
                QStandardItem* hdu = file->child(h, Name);
                auto hit = best.hdus.find({hdu->data(PathRole).toString(), hdu->data(HduRole).toInt()});
                const BestResult* b = hit == best.hdus.end() ? nullptr : &hit->second;
                set(file->child(h, BestCodec), file->child(h, BestRatio), b);
                if (b && (!fileBest || b->ratio > fileBest->ratio)) fileBest = b;
            }
            set(ds->child(f, BestCodec), ds->child(f, BestRatio), fileBest);
        }
    }
}

QStringList BrowserPanel::selectedPaths() const {
    // Walk the tree in display order so the result does not depend on click order.
    QStringList datasets, files;
    const QItemSelectionModel* sel = view_->selectionModel();
    for (int d = 0; d < proxy_->rowCount(); ++d) {
        QModelIndex ds = proxy_->index(d, Name);
        const QString root = ds.data(PathRole).toString();
        if (sel->isRowSelected(d, QModelIndex())) {
            if (!datasets.contains(root)) datasets << root;
            continue;
        }
        for (int f = 0; f < proxy_->rowCount(ds); ++f) {
            QModelIndex file = proxy_->index(f, Name, ds);
            bool picked = sel->isRowSelected(f, ds);
            for (int h = 0; !picked && h < proxy_->rowCount(file); ++h) picked = sel->isRowSelected(h, file);
            const QString path = file.data(PathRole).toString();
            if (picked && !files.contains(path)) files << path;
        }
    }
    return datasets + files;
}

bool BrowserPanel::activateNeighbour(int step) {
    // Every image HDU row in display order.
    QModelIndexList rows;
    for (int d = 0; d < proxy_->rowCount(); ++d) {
        QModelIndex ds = proxy_->index(d, Name);
        for (int f = 0; f < proxy_->rowCount(ds); ++f) {
            QModelIndex file = proxy_->index(f, Name, ds);
            for (int h = 0; h < proxy_->rowCount(file); ++h) {
                QModelIndex hdu = proxy_->index(h, Name, file);
                if (hdu.data(ImageRole).toBool()) rows << hdu;
            }
        }
    }
    if (rows.isEmpty()) return false;
    QModelIndex current = view_->selectionModel()->currentIndex().siblingAtColumn(Name);
    if (!current.isValid()) {
        QModelIndexList selected = view_->selectionModel()->selectedRows(Name);
        if (!selected.isEmpty()) current = selected.last();
    }
    qsizetype at = rows.indexOf(current);
    if (at < 0 && current.isValid()) {
        // A file row: its first image HDU counts as the current one.
        for (qsizetype i = 0; i < rows.size() && at < 0; ++i)
            if (rows[i].parent() == current) at = i;
    }
    qsizetype next = at < 0 ? (step > 0 ? 0 : rows.size() - 1) : at + step;
    if (next < 0 || next >= rows.size()) return false;
    view_->expand(rows[next].parent());
    view_->selectionModel()->setCurrentIndex(rows[next],
                                             QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view_->scrollTo(rows[next]);
    return true;
}

void BrowserPanel::onSelection() {
    QModelIndexList rows = view_->selectionModel()->selectedRows(Name);
    if (rows.isEmpty()) return;
    // Several rows (a multi-selection for a benchmark): show the one clicked last.
    QModelIndex shown = view_->selectionModel()->currentIndex().siblingAtColumn(Name);
    if (!shown.isValid() || !view_->selectionModel()->isRowSelected(shown.row(), shown.parent())) shown = rows.first();
    QModelIndex src = proxy_->mapToSource(shown);
    QStandardItem* item = model_->itemFromIndex(src);
    if (!item) return;
    int hdu = item->data(HduRole).toInt();
    QString path = item->data(PathRole).toString();
    if (hdu < 0) {
        // A file: its first image HDU; a dataset: nothing to open.
        if (!item->parent()) return;
        for (int h = 0; h < item->rowCount(); ++h)
            if (item->child(h, Name)->data(ImageRole).toBool()) {
                hdu = item->child(h, Name)->data(HduRole).toInt();
                break;
            }
        if (hdu < 0) return;
    }
    emit hduActivated(path, hdu);
}

}  // namespace bitsky
