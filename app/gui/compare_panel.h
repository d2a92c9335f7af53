#pragma once
// Neural vs classical (issue 23 item 5): two bit-cost maps of the frame shown side by side
// (e.g. neural:<model> and context), in one colour scale, with their difference a - b in a
// diverging colour map ("where does the learned model win?": blue where a costs less), the
// three views' zoom and pan linked; the total bits of each and the share of pixels where each
// costs less. The maps are computed like the Heatmap dock's (cost_maps.h), in the background
// (LatestTask, the latest request wins) and follow the frame shown.
#include <QComboBox>
#include <QLabel>
#include <QWidget>
#include <optional>
#include <vector>

#include "app/gui/latest_task.h"
#include "app/gui/shown_frame.h"
#include "widgets/colour_bar.h"
#include "widgets/image_view.h"

namespace bitsky {

struct CompareResult {
    QString modelA, modelB;
    std::size_t width = 0, height = 0;
    std::vector<float> bitsA, bitsB, difference;  // difference = a - b, pixel by pixel
    double totalA = 0, totalB = 0;                // bits
    double winA = 0, winB = 0;                    // share of pixels where a (b) costs less
    QString error;
};

class ComparePanel : public QWidget {
    Q_OBJECT
public:
    // Model choices are shared with the Heatmap dock's (the same item models).
    ComparePanel(QComboBox* modelsA, QComboBox* modelsB, QWidget* parent = nullptr);

    void frameShown(ShownFrame frame);
    // Starts the comparison of a and b on the frame shown (false if none is shown).
    bool start(const QString& modelA, const QString& modelB);
    bool busy() const { return task_.busy(); }
    const std::optional<CompareResult>& result() const { return result_; }
    QString status() const { return status_->text(); }
    ImageView* view(int i) const { return views_[std::size_t(i)]; }  // 0: a, 1: b, 2: a - b

signals:
    void ready();
    void failed(const QString& message);

private:
    void apply(CompareResult r);

    QComboBox* a_ = nullptr;
    QComboBox* b_ = nullptr;
    std::vector<ImageView*> views_;
    std::vector<QLabel*> captions_;
    ColourBar* barMaps_ = nullptr;
    ColourBar* barDiff_ = nullptr;
    QLabel* status_ = nullptr;
    ShownFrame frame_;
    std::optional<std::pair<QString, QString>> wanted_;
    std::optional<CompareResult> result_;
    LatestTask<CompareResult> task_;
};

}  // namespace bitsky
