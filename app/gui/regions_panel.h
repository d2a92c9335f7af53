#pragma once
// The Regions panel: regions drawn on the image (RegionOverlay: box, circle; Esc cancels;
// drag to move, Delete removes) or loaded from a DS9 region file (image, physical and sky
// coordinates through the image's WCS), the pixel statistics of the selected region, its
// bit budget under every bit-cost map computed for the frame shown (the Heatmap panel's
// plain maps are collected as they arrive), "where do the bits go" (sources above
// background + k sigma vs the rest, per map), and the CSV export of all of it
// (engine/analysis/region.h computes everything; the work runs through LatestTask).
#include <QDoubleSpinBox>
#include <QLabel>
#include <QString>
#include <QTableWidget>
#include <QToolButton>
#include <QWidget>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "app/gui/latest_task.h"
#include "engine/analysis/region.h"
#include "engine/fits/fits.h"
#include "engine/wcs/wcs.h"
#include "widgets/region_overlay.h"

namespace bitsky {

class ImageView;

// What the worker computed: a report per region (in order), and the split if asked for.
struct RegionResults {
    std::vector<analysis::RegionReport> regions;
    std::optional<analysis::RegionReport> sources;
    std::optional<analysis::SourceSplit> split;  // without its mask
    quint64 frame = 0;
    QString error;
};

class RegionsPanel : public QWidget {
    Q_OBJECT
public:
    RegionsPanel(ImageView* view, QWidget* parent = nullptr);

    RegionOverlay* overlay() const { return overlay_; }
    // The image shown (its header for physical coordinates, its WCS for sky regions, the
    // frame of a cube); called after every frame shown. Maps of another frame are dropped.
    void frameShown(const fits::HduInfo* hdu, const wcs::Wcs* wcs, double i3, double i4);
    // A plain bit-cost map of the frame shown (the Heatmap panel's result).
    void addMap(const QString& model, const std::vector<float>& bits, std::size_t width, std::size_t height);
    QStringList maps() const;

    // Loads a DS9 region file: replaces the regions (false with the reason in lastError()).
    bool loadRegions(const QString& path);
    bool saveRegions(const QString& path);
    // Sources vs background with k sigma (the k box), per map.
    void splitSources(double k);
    // The table the CSV export writes (regions, then the split's sources if computed).
    store::TextTable table() const;
    bool exportTable(const QString& path);
    QString lastError() const { return error_; }
    bool busy() const { return task_.running(); }
    const std::optional<RegionResults>& results() const { return results_; }
    // The engine's regions for the overlay's (pixel-centre coordinates are the same).
    static analysis::Region toEngine(const ViewRegion& r);
    static ViewRegion fromEngine(const analysis::Region& r);

signals:
    void updated();  // new results are shown

private:
    void recompute();
    void show(RegionResults r);
    void showSelected();

    ImageView* view_;
    RegionOverlay* overlay_;
    QToolButton* boxTool_ = nullptr;
    QToolButton* circleTool_ = nullptr;
    QDoubleSpinBox* k_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* stats_ = nullptr;
    QTableWidget* budget_ = nullptr;
    QLabel* splitStatus_ = nullptr;
    QTableWidget* splitTable_ = nullptr;

    const fits::HduInfo* hdu_ = nullptr;
    const wcs::Wcs* wcs_ = nullptr;
    double i3_ = 0, i4_ = 0;
    quint64 frame_ = 0;  // ImageView::frameSerial of values_ and maps_
    std::shared_ptr<const std::vector<double>> values_;
    std::map<QString, std::shared_ptr<const std::vector<float>>> maps_;
    std::optional<double> splitK_;  // the split asked for
    std::optional<RegionResults> results_;
    QString error_;
    LatestTask<RegionResults> task_;
};

}  // namespace bitsky
