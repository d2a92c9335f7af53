#pragma once
// The inspector dock's contents: the FITS header of the shown HDU (searchable); noise
// estimates of the shown frame with its per-tile noise map (a small colour image with a
// colour bar) and the histogram of the tile noise values; predicted vs measured bits per
// pixel of the frame (noise-based predictions and neural estimates stored by the CLI, beside
// the measured codec results); and the codec results of this image from the results store,
// with "Run now" (a benchmark of this image through the jobs dock) and table export.
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QTabWidget>
#include <memory>
#include <optional>

#include "app/gui/latest_task.h"
#include "app/gui/shown_frame.h"
#include "engine/analysis/noise.h"
#include "engine/analysis/predict.h"
#include "engine/fits/fits.h"
#include "engine/store/estimates.h"
#include "engine/store/report.h"
#include "widgets/plot_canvas.h"

namespace bitsky {

// The noise estimates of the frame shown, of any pixel type (analysis::estimate_noise_any
// with the HDU's BLANK / SATURATE: 16-bit frames exactly as estimate_noise on their uint16
// view; sigmas in stored units, ADU for integers, BUNIT for floats).
struct NoiseReport {
    analysis::NoiseEstimate noise;
    // Rice / Gaussian-entropy predictions, where the values have a 16-bit view (integers
    // spanning at most 65535 values): computed on it.
    std::optional<analysis::CompressibilityPrediction> prediction;
    int bitpix = 16;
    std::string view;       // "uint16 view", "int32 - 1043 as a 16-bit view", "float32 values"
    std::string units;      // "ADU", or the BUNIT of float data ("data units" without one)
    double floorBpp = 0;    // the noise floor of a lossless code (analysis::AnyNoise::floor_bpp)
};

class Inspector : public QTabWidget {
    Q_OBJECT
public:
    explicit Inspector(QWidget* parent = nullptr);

    void showHeader(const fits::HduInfo& hdu);
    // Starts the noise estimate of the frame shown (any pixel type) in the background (a
    // running one is left to finish and its result dropped). Emits noiseReady when done.
    void estimateNoise(ShownFrame frame);
    void clearNoise(const QString& why);
    // Codec results of (path, hdu) from the store at storePath (nothing if it is missing),
    // and predicted vs measured bpp of the current frame (setFrameIndex).
    void showStoreResults(const QString& storePath, const QString& imagePath, int hdu);
    // The frame shown (flat index over the axes beyond 2): re-reads predicted vs measured.
    void setFrameIndex(std::int64_t frame);
    // Brings a page to the front: header, noise, predicted or results (false if unknown).
    bool showPage(const QString& key);
    static QStringList pageKeys() {
        return {QStringLiteral("header"), QStringLiteral("noise"), QStringLiteral("predicted"), QStringLiteral("results")};
    }
    // A line about the benchmark started by "Run now" (progress, end).
    void setJobStatus(const QString& text);
    // Every page says what to open or do (no image shown).
    void showEmpty();

    // The results table as a plain table (what Export writes).
    store::TextTable resultsAsTable() const;
    store::TextTable bppAsTable() const;
    // Writes the codec results table as CSV, JSON, Markdown or LaTeX (by suffix:
    // .csv/.json/.md/.tex). False (with the reason in `error`) on failure.
    bool exportResults(const QString& path, QString* error = nullptr) const;

    QLineEdit* headerFilter() const { return filter_; }
    QSortFilterProxyModel* headerModel() const { return proxy_; }
    QTableWidget* noiseTable() const { return noise_; }
    QTableWidget* resultsTable() const { return results_; }
    QTableWidget* bppTable() const { return bpp_; }
    PlotCanvas* tileMapCanvas() const { return tileMap_; }
    QCPColorMap* tileColourMap() const { return tileColour_; }
    PlotCanvas* tileHistogram() const { return tileHist_; }
    PlotCanvas* bppCanvas() const { return bppPlot_; }
    QPushButton* runNowButton() const { return runNow_; }
    const std::optional<NoiseReport>& noiseReport() const { return report_; }
    const std::vector<store::BppEntry>& bppEntries() const { return entries_; }
    bool noiseRunning() const { return noiseTask_.busy(); }
    QString imagePath() const { return imagePath_; }

signals:
    void noiseReady();
    // "Run now": benchmark this image (path) with the codecs chosen in the jobs dock.
    void runNowRequested(const QString& path);

private:
    void fillNoise();
    void drawTiles();
    void readBpp();
    void drawBpp();
    void exportDialog();

    QLineEdit* filter_ = nullptr;
    QStandardItemModel* header_ = nullptr;
    QSortFilterProxyModel* proxy_ = nullptr;
    QTableWidget* noise_ = nullptr;
    PlotCanvas* tileMap_ = nullptr;
    QCPColorMap* tileColour_ = nullptr;
    QCPColorScale* tileScale_ = nullptr;
    PlotCanvas* tileHist_ = nullptr;
    QTableWidget* results_ = nullptr;
    QTableWidget* bpp_ = nullptr;
    PlotCanvas* bppPlot_ = nullptr;
    QPushButton* runNow_ = nullptr;
    QPushButton* export_ = nullptr;
    QLabel* jobStatus_ = nullptr;
    std::optional<NoiseReport> report_;
    QString storePath_, imagePath_;
    int hdu_ = -1;
    std::int64_t frame_ = 0;
    std::vector<store::BppEntry> entries_;
    LatestTask<NoiseReport> noiseTask_;  // the newest frame's estimate wins
};

}  // namespace bitsky
