#pragma once
// The plots dock: codec comparison figures read from the results store.
//  - "ratio":     ratio per codec per dataset, grouped bars with both aggregates
//                 (total-bytes ratio and mean of per-image ratios);
//  - "noise":     ratio vs noise sigma per image (log x), a least-squares fit of
//                 bits/pixel against log2(sigma) per codec, and the Gaussian-entropy
//                 prediction ratio = 16 / log2(sigma * sqrt(2 pi e));
//  - "speed":     encode speed vs ratio per codec and dataset, with the Pareto front;
//  - "histogram": per-image ratios per codec.
// The store is read and missing noise estimates are computed in the background; noise
// is taken from the store's images.noise_json when the benchmark recorded it.
#include <QComboBox>
#include <QFutureWatcher>
#include <QHash>
#include <QLabel>
#include <QTabWidget>
#include <QWidget>
#include <vector>

#include "engine/store/store.h"
#include "widgets/plot_canvas.h"

namespace bitsky {

struct PlotData {
    QString error;  // the store could not be read
    bool storeMissing = false;
    std::vector<store::ReportRow> byDataset, byImage;
    QHash<QString, double> sigma;  // imageKey(path, hdu) -> noise sigma (ADU) of frame 0
};

class PlotsPanel : public QWidget {
    Q_OBJECT
public:
    explicit PlotsPanel(QWidget* parent = nullptr);
    ~PlotsPanel() override;

    // Re-reads the store (in the background); plotsReady when the plots are redrawn.
    void refresh(const QString& storePath);
    bool loading() const;

    static QStringList plotNames() {
        return {QStringLiteral("ratio"), QStringLiteral("noise"), QStringLiteral("speed"), QStringLiteral("histogram")};
    }
    PlotCanvas* canvas(const QString& name) const;
    void showPlot(const QString& name);
    // Exports one plot (PNG, PDF or SVG by suffix). False on an unknown name or failure.
    bool exportPlot(const QString& name, const QString& path, int width = 0, int height = 0);
    const PlotData& data() const { return data_; }
    QString status() const { return status_->text(); }

    static QString imageKey(const QString& path, int hdu);

signals:
    void plotsReady();
    // A point of an image was clicked.
    void imageActivated(const QString& path, int hdu);

private:
    void apply();
    void drawRatio();
    void drawNoise();
    void drawSpeed();
    void drawHistogram();
    QColor colourOf(const QString& codec) const;

    QTabWidget* tabs_ = nullptr;
    QLabel* status_ = nullptr;
    QHash<QString, PlotCanvas*> canvases_;
    QFutureWatcher<PlotData>* watcher_ = nullptr;
    QString pendingStore_;  // a refresh asked for while one was running
    PlotData data_;
    QStringList codecs_;
};

}  // namespace bitsky
