#pragma once
// The plots dock: codec comparison figures read from the results store, and figures of
// the image shown.
//  - "ratio":     ratio per codec per dataset, grouped bars with both aggregates
//                 (total-bytes ratio and mean of per-image ratios);
//  - "noise":     ratio vs noise sigma per image (log x), a least-squares fit of
//                 bits/pixel against log2(sigma) per codec, and the Gaussian-entropy
//                 prediction ratio = 16 / log2(sigma * sqrt(2 pi e));
//  - "speed":     encode speed vs ratio per codec and dataset, with the Pareto front;
//  - "histogram": per-image ratios per codec;
//  - "bitplanes": entropy of each of the 16 bit planes of the shown frame, with the
//                 noise bits (log2 sigma) marked;
//  - "matrix":    the cross-dataset matrix of neural models (train on A, test on B) that
//                 `bitsky-cli evaluate --db` stores, bits per pixel per cell;
//  - "lossy-noise", "lossy-phot": rate-fidelity of the store's lossy results (issue #22):
//                 per lossy codec family a curve over its settings, bits per pixel against
//                 the mean noise increase or the photometric error (plots_lossy.cpp), the
//                 best lossless codec as a reference line; labelled lossy, never in the
//                 lossless plots;
//  - "frames":    for a cube, bits per pixel of every frame for 2D and cube-aware codecs
//                 (codecs::frame_bits_curves, computed in the background); clicking a
//                 point shows that frame.
// The store plots show one pixel type at a time (the "Pixel type" choice, listing the types
// the store holds; the most common first): ratios of 16-bit, 32-bit and float images mean
// different things, and noise sigmas of floats are in the data's units, not ADU.
// Neural likelihoods stored as predictions ("neural:<model>") appear in the ratio and noise
// plots beside the measured codecs, drawn hatched / hollow and labelled
// "estimated (likelihood, no entropy coder)".
// The store is read and missing noise estimates are computed in the background; noise
// is taken from the store's images.noise_json when the benchmark recorded it. Every plot's
// data can be exported as a table (CSV, JSON, Markdown, LaTeX).
// Sources: plots_panel.cpp (the dock, store read, export), plots_store.cpp (the plots
// from the store), plots_lossy.cpp (rate-fidelity), plots_frame.cpp (bit planes and cube frames of the frame shown).
#include <QComboBox>
#include <QHash>
#include <QSet>
#include <QLabel>
#include <QLineEdit>
#include <QTabWidget>
#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

#include "app/gui/latest_task.h"
#include "engine/analysis/predict.h"
#include "engine/codecs/cube_codec.h"
#include "engine/image/cube.h"
#include "engine/store/estimates.h"
#include "engine/store/rate_fidelity.h"
#include "engine/store/report.h"
#include "engine/store/store.h"
#include "widgets/plot_canvas.h"

namespace bitsky {

struct PlotData {
    QString error;  // the store could not be read
    bool storeMissing = false;
    std::vector<store::ReportRow> byDataset, byImage;
    // Neural likelihood estimates (codec = prediction kind), never measured results.
    std::vector<store::ReportRow> estByDataset, estByImage;
    store::EstimateMatrix matrix;
    // Lossy results as rate-fidelity curves, with the lossless references (never ranked).
    store::RateFidelity rate;
    QHash<QString, double> sigma;  // imageKey(path, hdu) -> noise sigma (ADU) of frame 0
    QSet<QString> correlated;      // images whose noise is flagged correlated (not in the fits)
};

// Bit planes of one frame.
struct FramePlanes {
    QString path;
    int hdu = -1;
    qint64 frame = 0;
    analysis::BitPlaneAnalysis planes;
    double sigma = 0;  // NoiseEstimate::sigma() of the frame
};

// Per-frame bits of a cube for several codec specs.
struct CubeCurves {
    QString path;
    int hdu = -1;
    std::vector<std::size_t> axes;
    std::vector<codecs::BitsCurve> curves;
    QString error;
};

class PlotsPanel : public QWidget {
    Q_OBJECT
public:
    explicit PlotsPanel(QWidget* parent = nullptr);

    // Re-reads the store (in the background); plotsReady when the plots are redrawn.
    void refresh(const QString& storePath);
    // Any background work running (store, bit planes, cube curves).
    bool loading() const;

    static QStringList plotNames() {
        return {QStringLiteral("ratio"),     QStringLiteral("noise"),  QStringLiteral("speed"), QStringLiteral("histogram"),
                QStringLiteral("bitplanes"), QStringLiteral("matrix"), QStringLiteral("frames"),
                QStringLiteral("lossy-noise"), QStringLiteral("lossy-phot")};
    }
    // Titles in the order of plotNames() (translated).
    static QStringList plotTitles();
    PlotCanvas* canvas(const QString& name) const;
    void showPlot(const QString& name);
    QString currentPlot() const;
    // Exports one plot (PNG, PDF or SVG by suffix) at a size on paper (default 3.5 x 2.6 in,
    // PNG at 300 dpi: 1050 x 780 pixels), text in print sizes. False on an unknown name or failure.
    bool exportPlot(const QString& name, const QString& path, const PlotSize& size = {});
    // The numbers behind a plot as a table (empty table for an unknown name).
    store::TextTable plotTable(const QString& name) const;
    // Writes plotTable(name) as CSV, JSON, Markdown or LaTeX (by suffix .csv/.json/.md/.tex).
    bool exportData(const QString& name, const QString& path, QString* error = nullptr) const;
    // The rows of the pixel type shown (data()), and of every type (allData()).
    const PlotData& data() const { return data_; }
    const PlotData& allData() const { return all_; }
    // The pixel types the store holds (FITS BITPIX), the one shown, and choosing it.
    QList<int> pixelTypes() const;
    int pixelType() const { return bitpix_; }
    void setPixelType(int bitpix);
    QString status() const { return status_->text(); }

    // The frame shown in the image view (uint16 pixels; null for other BITPIX): the
    // bit-plane plot follows it; for a cube (axes beyond 2) the per-frame curves are
    // computed once per (path, hdu) in the background.
    void showFrame(const QString& path, int hdu, qint64 frame, std::shared_ptr<const Cube16> pixels,
                   const std::vector<std::size_t>& axes);
    const std::optional<FramePlanes>& planes() const { return planes_; }
    const std::optional<CubeCurves>& curves() const { return curves_; }
    // Codec specs of the per-frame curves (2D and cube-aware); changing them recomputes.
    void setCubeSpecs(const QStringList& specs);
    QStringList cubeSpecs() const;
    static QStringList defaultCubeSpecs(std::size_t naxes);
    QCPColorMap* matrixMap() const { return matrixMap_; }

    static QString imageKey(const QString& path, int hdu);

signals:
    void plotsReady();
    void planesReady();
    void curvesReady();
    // A point of an image was clicked.
    void imageActivated(const QString& path, int hdu);
    // A point of the per-frame curves was clicked: show frame `index` (flat, storage order).
    void frameActivated(qint64 index);

private:
    void apply();
    void drawRatio();
    void drawNoise();
    void drawSpeed();
    void drawHistogram();
    void drawPlanes();
    void drawMatrix();
    void drawCurves();
    // The rate-fidelity plot `name` ("lossy-noise" or "lossy-phot").
    void drawLossy(const QString& name);
    void startCurves();
    void exportFigureDialog();
    void exportDataDialog();
    QColor colourOf(const QString& codec) const;
    void fillPixelTypes();
    void selectRows();

    QTabWidget* tabs_ = nullptr;
    QLabel* status_ = nullptr;
    QLineEdit* specsEdit_ = nullptr;
    QHash<QString, PlotCanvas*> canvases_;
    QHash<QString, QWidget*> pages_;
    QHash<QString, store::TextTable> tables_;
    PlotData all_;   // the store as read
    PlotData data_;  // its rows of the pixel type shown
    int bitpix_ = 16;
    QComboBox* typeBox_ = nullptr;
    QStringList codecs_, estimated_;
    std::optional<FramePlanes> planes_;
    std::optional<CubeCurves> curves_;
    QCPColorMap* matrixMap_ = nullptr;
    QCPColorScale* matrixScale_ = nullptr;
    // What is shown: the curves follow (path, hdu).
    QString framePath_;
    int frameHdu_ = -1;
    qint64 frameIndex_ = 0;
    std::vector<std::size_t> frameAxes_;
    // Store reads: every finished read is drawn, the latest refresh asked for meanwhile
    // runs after it. Bit planes and curves: one at a time, the latest frame or image wins.
    LatestTask<PlotData> storeTask_;
    LatestTask<FramePlanes> planesTask_;
    LatestTask<CubeCurves> curvesTask_;
};

}  // namespace bitsky
