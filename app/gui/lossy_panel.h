#pragma once
// The Lossy panel (issue #22, item 4): what a lossy setting does to the frame shown.
//  - Difference map: the user picks a lossy codec setting (default rice:q4; any spec of a
//    codec whose lossy() is true); the frame is encoded and decoded in the background
//    (codecs::roundtrip, the engine's lossy round trip) and original - decoded is drawn over
//    the image with the diverging colour map, symmetric about 0, and a colour bar in the
//    data's units. The panel's table gives the difference's statistics over the frame and
//    over each region of the Regions panel (N, mean = bias, RMS, max |error|, RMS / sigma),
//    and the fidelity of that encoding (noise increase, photometric error, bpp, ratio).
//  - Science-safe suggestion: runs a ladder of settings (one family's fpack levels q1..q32)
//    on the frame in the background through analysis::suggest_safe_setting and reports the
//    coarsest setting whose photometric error stays under the threshold (default 1% of
//    the photometric sigma; editable, remembered in QSettings lossy/photThreshold) and
//    whose noise increase stays under 1% (lossy/noiseThreshold), with its bpp and its
//    gain over the best lossless codec; or that none qualifies.
// Sources: lossy_panel.cpp (the panel, the difference map), lossy_suggest_view.cpp (the
// suggestion).
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QWidget>
#include <optional>
#include <string>
#include <vector>

#include "app/gui/latest_task.h"
#include "app/gui/shown_frame.h"
#include "engine/analysis/lossy_suggest.h"
#include "widgets/colour_bar.h"

namespace bitsky {

class ImageView;
class RegionsPanel;

// The difference map of one lossy setting on the frame shown.
struct DifferenceResult {
    QString spec;
    QString error;  // empty when the round trip was verified and measured
    std::size_t width = 0, height = 0;
    std::vector<double> diff;  // original - decoded (NaN where either is not finite)
    std::optional<Fidelity> fidelity;
    std::size_t rawBytes = 0, compressedBytes = 0;
    double bpp = 0;
    double ratio() const { return compressedBytes ? double(rawBytes) / double(compressedBytes) : 0.0; }
};

// One row of the statistics table: the frame, or a region.
struct DifferenceRow {
    QString area;
    analysis::DifferenceStats stats;
};

struct SuggestionResult {
    QString family;
    analysis::SafetyThresholds thresholds;
    analysis::SafeSuggestion suggestion;
    QString error;
};

class LossyPanel : public QWidget {
    Q_OBJECT
public:
    LossyPanel(ImageView* view, RegionsPanel* regions, QWidget* parent = nullptr);

    // Another image or frame is shown: results of the previous one are dropped (and the
    // difference map removed from the view).
    void frameShown(ShownFrame frame);
    // Starts the difference map of `spec` on the frame shown; false (with the reason in
    // status()) if no frame is shown or the spec is not a lossy codec. Ends with
    // differenceReady or failed.
    bool startDifference(const QString& spec);
    // Starts the suggestion over the ladder of `family` (rice, gzip, gzip2, hcompress, or
    // any lossy codec name taking q<level>); ends with suggestionReady or failed.
    bool startSuggestion(const QString& family);
    bool busy() const { return diffTask_.running() || suggestTask_.running(); }

    // The thresholds, as fractions (0.01 = 1%); remembered in QSettings.
    void setThresholds(double photError, double noiseIncrease);
    analysis::SafetyThresholds thresholds() const;

    const std::optional<DifferenceResult>& difference() const { return diff_; }
    // The statistics table's rows (frame first, then each region), recomputed when the
    // regions change.
    const std::vector<DifferenceRow>& rows() const { return rows_; }
    const std::optional<SuggestionResult>& suggestion() const { return suggestion_; }
    QString status() const { return status_->text(); }
    QString suggestionText() const { return suggestText_->text(); }
    ColourBar* bar() const { return bar_; }
    // True while the view's overlay is this panel's difference map (not a bit-cost map).
    bool overlayShown() const { return overlayShown_; }
    // Another overlay (a bit-cost map) replaced the difference map.
    void overlayReplaced() { overlayShown_ = false; }
    // The lossy settings offered (lossy_codec_specs and the fpack levels of rice).
    static QStringList offeredSpecs();
    // The lossless codecs the suggestion compares with: fpack's (rice, gzip2, hcompress;
    // the ones refusing the frame's type are skipped by the engine).
    static std::vector<std::string> losslessSpecs();

signals:
    void differenceReady();
    void suggestionReady();
    void failed(const QString& message);

private:
    QWidget* buildSuggestion();
    void applyDifference(DifferenceResult r);
    void applySuggestion(SuggestionResult r);
    void updateRows();
    void saveThresholds() const;

    ImageView* view_;
    RegionsPanel* regions_;
    QComboBox* spec_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* fidelity_ = nullptr;
    QTableWidget* table_ = nullptr;
    ColourBar* bar_ = nullptr;
    QComboBox* family_ = nullptr;
    QDoubleSpinBox* photPct_ = nullptr;
    QDoubleSpinBox* noisePct_ = nullptr;
    QLabel* suggestText_ = nullptr;
    QTableWidget* ladder_ = nullptr;

    ShownFrame frame_;
    std::optional<DifferenceResult> diff_;
    std::vector<DifferenceRow> rows_;
    std::optional<SuggestionResult> suggestion_;
    bool overlayShown_ = false;
    LatestTask<DifferenceResult> diffTask_;
    LatestTask<SuggestionResult> suggestTask_;
};

}  // namespace bitsky
