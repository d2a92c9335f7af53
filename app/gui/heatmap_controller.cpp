#include "app/gui/heatmap_controller.h"
#include "app/gui/fs_path.h"

#include <filesystem>
#include <QCheckBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <tuple>

#include "app/gui/cost_maps.h"
#include "app/gui/pools.h"
#include "engine/analysis/costmap.h"
#include "engine/analysis/costmap_fits.h"
#include "engine/codecs/codec.h"
#include "engine/store/store.h"
#include "engine/util/error.h"

namespace bitsky {
namespace {

// The worker: map a, and map b subtracted (skipped once the request is stale).
HeatmapResult computeHeatmap(const ShownFrame& frame, const QString& a, const QString& b, const std::stop_token& stop) {
    HeatmapResult r;
    r.modelA = a;
    r.modelB = b;
    r.bitpix = frame.bitpix;
    try {
        analysis::BitCostMap ma = costMapOf(a, frame);
        r.width = ma.width;
        r.height = ma.height;
        r.bppA = ma.bpp();
        r.totalBitsA = ma.total_bits;
        r.estimated = ma.estimated;
        r.bits = std::move(ma.bits);
        if (!b.isEmpty() && !stop.stop_requested()) {
            analysis::BitCostMap mb = costMapOf(b, frame);
            r.bppB = mb.bpp();
            for (std::size_t i = 0; i < r.bits.size(); ++i) r.bits[i] -= mb.bits[i];
        }
    } catch (const std::exception& e) {
        r.error = QString::fromStdString(e.what());
    }
    return r;
}

}  // namespace

HeatmapController::HeatmapController(ImageView* view, QWidget* window)
    : QObject(window),
      view_(view),
      task_(computePool(), LatestTask<HeatmapResult>::Mode::Queue, [this](HeatmapResult r) { apply(std::move(r)); }) {
    showAction_ = new QAction(tr("Show bit-cost &map"), window);
    showAction_->setCheckable(true);
    showAction_->setChecked(true);
    showAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    buildModes(window);
    buildDock(window);
}

void HeatmapController::buildModes(QWidget* window) {
    modes_ = new QActionGroup(window);
    const std::tuple<HeatmapMode, QString, QString> modes[] = {
        {HeatmapMode::Overlay, tr("&Overlay"), tr("The map over the image, semi-transparent")},
        {HeatmapMode::SideBySide, tr("&Side by side"), tr("Image and map in two views with the same zoom and pan")},
        {HeatmapMode::Split, tr("S&plit"), tr("Image left of a draggable line, map right of it")}};
    int key = Qt::Key_1;
    for (const auto& [mode, label, tip] : modes) {
        auto* a = new QAction(label, window);
        a->setCheckable(true);
        a->setToolTip(tip);
        a->setStatusTip(tip);
        a->setData(heatmapModeKey(mode));
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key(key++)));
        a->setChecked(mode == HeatmapMode::Overlay);
        modes_->addAction(a);
        connect(a, &QAction::triggered, this, [this, mode = mode] { setMode(mode); });
    }
}

void HeatmapController::buildDock(QWidget* window) {
    dock_ = new QDockWidget(tr("Heatmap"), window);
    dock_->setObjectName(QStringLiteral("heatmap"));
    auto* w = new QWidget(dock_);
    auto* lay = new QVBoxLayout(w);
    auto* form = new QFormLayout;
    modelA_ = new QComboBox(w);
    modelB_ = new QComboBox(w);
    modelA_->setEditable(true);
    modelB_->setEditable(true);
    offerModels(modelsFor(16, 1024, 1024));
    modelA_->setToolTip(tr("Bit-cost model: iid, context, bitsky, tile:<codec>, neural:<model file> (what the neural "
                           "codec codes: the network mixed with its other experts) or neural-net:<model file> (the "
                           "network alone; models trained with --db are listed); the list offers the models that map "
                           "this image's pixel type"));
    modelB_->setToolTip(tr("Optional second model: the map shows the first minus the second"));
    form->addRow(tr("Model"), modelA_);
    form->addRow(tr("Minus model"), modelB_);
    opacity_ = new QSlider(Qt::Horizontal, w);
    opacity_->setRange(0, 100);
    opacity_->setValue(60);
    form->addRow(tr("Opacity"), opacity_);
    auto* show = new QCheckBox(tr("Show overlay"), w);
    show->setChecked(true);
    form->addRow(QString(), show);
    lay->addLayout(form);
    auto* compute = new QPushButton(tr("Compute map"), w);
    lay->addWidget(compute);
    status_ = new QLabel(tr("Open an image, choose a model and press Compute map to see how many bits each pixel costs."),
                         w);
    status_->setWordWrap(true);
    lay->addWidget(status_);
    bar_ = new ColourBar(w);
    lay->addWidget(bar_, 1);
    dock_->setWidget(w);

    connect(opacity_, &QSlider::valueChanged, this, [this](int v) { view_->setOverlayOpacity(v / 100.0); });
    connect(show, &QCheckBox::toggled, view_, &ImageView::setOverlayVisible);
    connect(show, &QCheckBox::toggled, showAction_, &QAction::setChecked);
    connect(showAction_, &QAction::toggled, show, &QCheckBox::setChecked);
    connect(compute, &QPushButton::clicked, this,
            [this] { start(modelA_->currentText().trimmed(), modelB_->currentText().trimmed()); });
}

void HeatmapController::setMode(HeatmapMode mode) {
    view_->setHeatmapMode(mode);
    for (QAction* a : modes_->actions())
        if (a->data().toString() == heatmapModeKey(mode)) a->setChecked(true);
    QSettings().setValue(QStringLiteral("view/heatmapMode"), heatmapModeKey(mode));
}

void HeatmapController::setOpacity(double opacity) { opacity_->setValue(int(std::lround(std::clamp(opacity, 0.0, 1.0) * 100))); }

double HeatmapController::opacity() const { return opacity_->value() / 100.0; }

QStringList HeatmapController::modelsFor(int bitpix, std::size_t width, std::size_t height) {
    QStringList models;
    if (bitpix > 0) models << QStringLiteral("iid") << QStringLiteral("context");
    models << QStringLiteral("bitsky");
    for (const char* c : {"rice", "hcompress", "gzip", "gzip2", "zstd", "jpegls", "jpeg2000", "jpegxl:e3"}) {
        try {
            if (codecs::make_codec(c)->refusal(bitpix, width, height).empty())
                models << QStringLiteral("tile:") + QLatin1String(c);
        } catch (const std::exception&) {
            // a codec this build does not have is not offered
        }
    }
    return models;
}

void HeatmapController::offerModels(const QStringList& models) {
    // The user's choice stays when it maps this type (or was typed: neural models, options).
    const QString a = modelA_->currentText(), b = modelB_->currentText();
    QStringList stored;  // neural models from the store, kept at the end of both lists
    for (int i = 0; i < modelA_->count(); ++i)
        if (modelA_->itemText(i).startsWith(QLatin1String("neural:")) ||
            modelA_->itemText(i).startsWith(QLatin1String("neural-net:")))
            stored << modelA_->itemText(i);
    modelA_->clear();
    modelB_->clear();
    modelA_->addItems(models + stored);
    modelB_->addItem(QString());
    modelB_->addItems(models + stored);
    if (!a.isEmpty() && (models.contains(a) || stored.contains(a))) modelA_->setCurrentText(a);
    if (models.contains(b) || stored.contains(b)) modelB_->setCurrentText(b);
}

void HeatmapController::imageShown(ShownFrame frame) {
    frame_ = std::move(frame);
    task_.cancel();
    result_.reset();
    wanted_.reset();
    view_->clearOverlay();
    bar_->clearScale();
    if (frame_.empty()) {
        status_->setText(frame_.bitpix == 64 ? tr("Bit-cost maps are not made for 64-bit integer images.")
                                             : tr("Open an image, choose a model and press Compute map to see how many "
                                                  "bits each pixel costs."));
        return;
    }
    const std::size_t w = frame_.frame16 ? frame_.frame16->width() : frame_.pixels->width;
    const std::size_t h = frame_.frame16 ? frame_.frame16->height() : frame_.pixels->height;
    offerModels(modelsFor(frame_.bitpix, w, h));
    status_->setText(frame_.bitpix < 0
                         ? tr("Choose a model and press Compute map to see how many bits each pixel costs. Floating-point "
                              "values are coded to their last bit: bitsky maps BitSky's lossless coding of them.")
                         : tr("Choose a model and press Compute map to see how many bits each pixel costs."));
}

void HeatmapController::frameShown(ShownFrame frame) {
    frame_ = std::move(frame);
    task_.cancel();  // a map still running is for the previous frame
    if (!wanted_) return;
    view_->clearOverlay();
    result_.reset();
    start(wanted_->first, wanted_->second);
}

bool HeatmapController::start(const QString& modelA, const QString& modelB) {
    if (frame_.empty()) {
        status_->setText(frame_.bitpix == 64 ? tr("Bit-cost maps are not made for 64-bit integer images.")
                                             : tr("Open an image first: bit-cost maps are computed on the frame shown."));
        return false;
    }
    modelA_->setCurrentText(modelA);
    modelB_->setCurrentText(modelB);
    wanted_ = std::pair{modelA, modelB};
    if (task_.running()) status_->setText(tr("Queued: %1").arg(modelA));
    // Prepared when it runs (at once, or when the running map is done): the status says so then.
    task_.startPrepared([this, frame = frame_, a = modelA, b = modelB] {
        status_->setText(b.isEmpty() ? tr("Computing %1 ...").arg(a) : tr("Computing %1 minus %2 ...").arg(a, b));
        return [frame, a, b](std::stop_token stop) { return computeHeatmap(frame, a, b, stop); };
    });
    return true;
}

void HeatmapController::apply(HeatmapResult r) {
    if (!r.error.isEmpty()) {
        status_->setText(tr("Cannot compute the map: %1").arg(r.error));
        emit failed(r.error);
        return;
    }
    if (int(r.width) != view_->frameWidth() || int(r.height) != view_->frameHeight()) {
        status_->setText(tr("The image changed while the map was computed."));
        emit failed(status_->text());
        return;
    }
    bool diff = !r.modelB.isEmpty();
    DisplayRange range = costMapRange(r.bits, diff);
    ColourMap map = diff ? ColourMap::Diverging : ColourMap::Inferno;
    bar_->setScale(map, range, Stretch::Linear, linearBarLevels(), diff ? tr("Δ bits/pixel") : tr("bits/pixel"));
    status_->setText(diff ? tr("%1: %2 bpp, %3: %4 bpp; red: %1 costs more")
                                .arg(r.modelA)
                                .arg(r.bppA, 0, 'f', 3)
                                .arg(r.modelB)
                                .arg(r.bppB, 0, 'f', 3)
                          : tr("%1: %2 bits/pixel (ratio %3)")
                                .arg(r.modelA)
                                .arg(r.bppA, 0, 'f', 3)
                                .arg(r.bppA > 0 ? std::abs(r.bitpix) / r.bppA : 0.0, 0, 'f', 3));
    view_->setOverlay(r.bits, range, map);
    result_ = std::move(r);
    emit ready();
}

void HeatmapController::addStoreModels(const QString& storePath) {
    if (storePath.isEmpty() || !std::filesystem::exists(toFsPath(storePath))) return;
    std::vector<store::ModelRecord> models;
    try {
        store::OpenOptions o;
        o.create = false;
        o.read_only = true;
        models = store::ResultsStore(toFsBytes(storePath), o).models();
    } catch (const std::exception&) {
        return;  // an unreadable store is reported by the panels that read it
    }
    // Neural models trained with `bitsky-cli train --db` (whose file still exists).
    for (const auto& m : models) {
        if (m.kind.rfind("neural", 0) != 0 || m.path.empty() || !std::filesystem::exists(m.path))
            continue;
        addNeuralModel(fromFsBytes(m.path));
    }
}

void HeatmapController::addNeuralModel(const QString& path) {
    addModel(QStringLiteral("neural:") + path);
    addModel(QStringLiteral("neural-net:") + path);
}

void HeatmapController::addModel(const QString& spec) {
    for (QComboBox* box : {modelA_, modelB_})
        if (box->findText(spec) < 0) box->addItem(spec);
}

void HeatmapController::saveFits(const QString& path, const fits::HduInfo* source) const {
    if (!result_ || !source)
        throw Error(toFsBytes(path) + ": no bit-cost map to save (compute one in the Heatmap panel first)");
    analysis::CostMapFitsInfo info;
    info.model = result_->modelA.toStdString();
    info.minus_model = result_->modelB.toStdString();
    info.bpp = result_->bppA;
    info.minus_bpp = result_->bppB;
    info.total_bits = result_->totalBitsA;
    info.source_hdu = source->index;
    info.estimated = result_->estimated;
    analysis::write_cost_map_fits(toFsPath(path), result_->width, result_->height, 1, result_->bits, source->cards,
                                  info);
}

}  // namespace bitsky
