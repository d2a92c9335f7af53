#pragma once
// The dataset browser dock: a tree dataset > image file > HDU with the columns shape,
// BITPIX, best codec and best ratio (from the results store), sortable and filterable.
// Discovery and header reading run in the background (big folders never freeze the UI);
// so does the store lookup. Selecting an HDU (or a file: its first image HDU) emits
// hduActivated.
#include <QFutureWatcher>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTreeView>
#include <QWidget>
#include <map>
#include <vector>

#include "app/gui/latest_task.h"

namespace bitsky {

struct BrowserHdu {
    int index = 0;
    QString extname, shape;
    int bitpix = 0;
    bool image = false;  // an image HDU with 2 to 4 axes
};
struct BrowserFile {
    QString path;  // absolute, canonical
    QString error;
    std::vector<BrowserHdu> hdus;
};
struct BrowserDataset {
    QString name, root;
    std::vector<BrowserFile> files;
};
struct BrowserScan {
    QString path;
    QString error;
    std::vector<BrowserDataset> datasets;
};
struct BestResult {
    QString codec;
    double ratio = 0;
};
struct BrowserBest {
    std::map<std::pair<QString, int>, BestResult> hdus;  // (canonical path, hdu)
    std::map<QString, BestResult> datasets;              // by dataset name
};

class BrowserPanel : public QWidget {
    Q_OBJECT
public:
    enum Column { Name, Shape, Bitpix, BestCodec, BestRatio, ColumnCount };
    explicit BrowserPanel(QWidget* parent = nullptr);
    ~BrowserPanel() override;

    void setStorePath(const QString& path) { storePath_ = path; }
    // Adds a dataset (folder) or single file to the tree; discovery runs in the background.
    void openPath(const QString& path);
    // Re-reads best codec / ratio from the store (in the background).
    void refreshStore();
    bool busy() const;
    QStringList roots() const;
    // The selected rows as paths for `bitsky-cli bench`: a dataset row gives its folder,
    // a file or HDU row its file (a file inside a selected dataset is left out: the
    // dataset covers it). In tree order, without duplicates.
    QStringList selectedPaths() const;
    // Selects the next (step 1) or previous (-1) image HDU row in the shown order and
    // activates it; false at the end of the list.
    bool activateNeighbour(int step);

    QStandardItemModel* model() const { return model_; }
    QSortFilterProxyModel* proxy() const { return proxy_; }
    QTreeView* view() const { return view_; }
    QLineEdit* filter() const { return filter_; }
    QString lastError() const { return error_; }
    // The status line: what was found, or (before anything is opened) what to do.
    QString status() const;

    // Item roles: the file path and HDU index of a row (HDU -1 for files and datasets).
    static constexpr int PathRole = Qt::UserRole + 1;
    static constexpr int HduRole = Qt::UserRole + 2;
    static constexpr int SortRole = Qt::UserRole + 3;
    static constexpr int ImageRole = Qt::UserRole + 4;  // an HDU row that can be shown

signals:
    void hduActivated(const QString& path, int hdu);
    // A scan was added to the tree (or failed: see lastError()).
    void scanFinished(const QString& path);
    void storeRefreshed();

private:
    void addScan(const BrowserScan& scan);
    void applyBest(const BrowserBest& best);
    void onSelection();

    QString storePath_;
    QLineEdit* filter_ = nullptr;
    QStandardItemModel* model_ = nullptr;
    QSortFilterProxyModel* proxy_ = nullptr;
    QTreeView* view_ = nullptr;
    QLabel* status_ = nullptr;
    QString error_;
    // Every scan is added to the tree (several may run at once), so they are not a
    // "latest wins" task.
    QList<QFutureWatcher<BrowserScan>*> scans_;
    // Store lookups: every finished one is shown, the latest asked for meanwhile runs after it.
    LatestTask<BrowserBest> bestTask_;
};

}  // namespace bitsky
