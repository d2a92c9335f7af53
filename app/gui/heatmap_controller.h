#pragma once
// The bit-cost map of the frame shown: the Heatmap dock (model choice, including the
// store's neural models, difference maps, opacity, colour bar, status), the actions that
// show or hide the map and choose how it is drawn (overlay, side by side, split), the
// computation in the background (one map at a time, the latest request wins), the map
// drawn by the ImageView, and saving it as FITS.
#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QObject>
#include <QSlider>
#include <QString>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "app/gui/latest_task.h"
#include "app/gui/shown_frame.h"
#include "engine/fits/fits.h"
#include "engine/image/cube.h"
#include "widgets/colour_bar.h"
#include "widgets/image_view.h"

namespace bitsky {

// A computed heatmap: one model's bit-cost map, or the difference of two (a - b).
struct HeatmapResult {
    QString modelA, modelB;  // modelB empty: a plain map
    std::vector<float> bits;
    std::size_t width = 0, height = 0;
    double bppA = 0, bppB = 0;
    double totalBitsA = 0;
    bool estimated = false;
    int bitpix = 16;  // of the frame mapped (the ratio is |BITPIX| / bpp)
    QString error;
};

class HeatmapController : public QObject {
    Q_OBJECT
public:
    // The dock and the actions are children of `window`; the map is drawn by `view`.
    HeatmapController(ImageView* view, QWidget* window);

    QDockWidget* dock() const { return dock_; }
    QComboBox* modelBox() const { return modelA_; }
    ColourBar* bar() const { return bar_; }
    // View menu: show the map (checkable, mirrors the dock's check box) and the display modes.
    QAction* showAction() const { return showAction_; }
    QList<QAction*> modeActions() const { return modes_->actions(); }

    // How the map is shown; remembered in QSettings (view/heatmapMode).
    void setMode(HeatmapMode mode);
    // Opacity of the map over the image, 0..1 (the dock's slider).
    void setOpacity(double opacity);
    double opacity() const;
    // The dock's status line: what to do, what is computed, or why not.
    QString status() const { return status_->text(); }

    // Another image is shown (any pixel type; empty: none): the map and the models asked
    // for are forgotten, and the model choices become those that map this pixel type
    // (modelsFor).
    void imageShown(ShownFrame frame);
    // Another frame of the same image: a map still being computed belongs to the previous
    // frame and is dropped; a map that was asked for is recomputed for this one.
    void frameShown(ShownFrame frame);
    // The cost models offered for frames of this BITPIX and size, in menu order: integers
    // iid, context (on their 16-bit view), bitsky and tile:<codec> for every codec that
    // takes the type; floats bitsky (BitSky's lossless coding, pixel by pixel) and the
    // tile:<codec> of the codecs that take floats.
    static QStringList modelsFor(int bitpix, std::size_t width, std::size_t height);

    // Starts a map of the frame shown (model b non-empty: the difference a - b); false if
    // no frame is shown. A model that cannot map the frame's type ends in failed with the
    // reason. A request made while a map runs waits for it (that map is dropped), the
    // latest wins. Ends with ready or failed.
    bool start(const QString& modelA, const QString& modelB = QString());
    bool running() const { return task_.running(); }
    const std::optional<HeatmapResult>& result() const { return result_; }

    // Adds the store's neural models (files that exist) to the model choices.
    void addStoreModels(const QString& storePath);
    // Adds one model (e.g. "neural:<file>" of a model just trained) to both model choices.
    void addModel(const QString& spec);
    // A trained neural model file: offered as neural:<file> (what the codec codes) and
    // neural-net:<file> (the network alone).
    void addNeuralModel(const QString& path);
    QComboBox* minusModelBox() const { return modelB_; }
    // Writes the map shown as a float32 FITS image with the source HDU's WCS cards and
    // BUNIT 'bit/pixel'. Throws bitsky::Error if there is no map (or no source).
    void saveFits(const QString& path, const fits::HduInfo* source) const;

signals:
    void ready();
    void failed(const QString& message);

private:
    void buildDock(QWidget* window);
    void buildModes(QWidget* window);
    void apply(HeatmapResult r);

    ImageView* view_;
    QDockWidget* dock_ = nullptr;
    QComboBox* modelA_ = nullptr;
    QComboBox* modelB_ = nullptr;
    QSlider* opacity_ = nullptr;
    QLabel* status_ = nullptr;
    ColourBar* bar_ = nullptr;
    QAction* showAction_ = nullptr;
    QActionGroup* modes_ = nullptr;

    void offerModels(const QStringList& models);

    ShownFrame frame_;                                   // the frame shown
    std::optional<std::pair<QString, QString>> wanted_;  // the map asked for (models a, b)
    std::optional<HeatmapResult> result_;
    LatestTask<HeatmapResult> task_;
};

}  // namespace bitsky
