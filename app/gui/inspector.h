#pragma once
// The inspector dock's contents: the FITS header of the shown HDU (searchable), noise
// estimates and predicted bits per pixel of the shown frame, and the codec results of
// this image from the results store.
#include <QFutureWatcher>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QTabWidget>
#include <memory>
#include <optional>

#include "engine/analysis/noise.h"
#include "engine/analysis/predict.h"
#include "engine/fits/fits.h"

namespace bitsky {

struct NoiseReport {
    analysis::NoiseEstimate noise;
    analysis::CompressibilityPrediction prediction;
};

class Inspector : public QTabWidget {
    Q_OBJECT
public:
    explicit Inspector(QWidget* parent = nullptr);

    void showHeader(const fits::HduInfo& hdu);
    // Starts the noise estimate of a uint16 frame in the background (any running one is
    // left to finish and its result dropped). Emits noiseReady when done.
    void estimateNoise(std::shared_ptr<const Cube16> frame);
    void clearNoise(const QString& why);
    // Codec results of (path, hdu) from the store at storePath (nothing if it is missing).
    void showStoreResults(const QString& storePath, const QString& imagePath, int hdu);

    QLineEdit* headerFilter() const { return filter_; }
    QSortFilterProxyModel* headerModel() const { return proxy_; }
    QTableWidget* noiseTable() const { return noise_; }
    QTableWidget* resultsTable() const { return results_; }
    const std::optional<NoiseReport>& noiseReport() const { return report_; }
    bool noiseRunning() const { return watcher_->isRunning(); }

signals:
    void noiseReady();

private:
    void fillNoise();

    QLineEdit* filter_ = nullptr;
    QStandardItemModel* header_ = nullptr;
    QSortFilterProxyModel* proxy_ = nullptr;
    QTableWidget* noise_ = nullptr;
    QTableWidget* results_ = nullptr;
    QFutureWatcher<NoiseReport>* watcher_ = nullptr;
    int generation_ = 0;
    std::optional<NoiseReport> report_;
};

}  // namespace bitsky
