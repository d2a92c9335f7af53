// The main window's docks, their default layout, and what the window remembers between
// sessions (QSettings).
#include <QCloseEvent>
#include <QScrollArea>
#include <QSettings>
#include <QToolBar>

#include "app/gui/browser_panel.h"
#include "app/gui/dialogs.h"
#include "app/gui/inspector.h"
#include "app/gui/jobs_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/plots_panel.h"
#include "app/gui/lossy_panel.h"
#include "app/gui/regions_panel.h"
#include "app/gui/scale_panel.h"
#include "app/gui/compare_panel.h"
#include "app/gui/fs_path.h"
#include "app/gui/neural_panel.h"
#include "app/gui/plots_panel.h"

namespace bitsky {
namespace {

// Bumped when the docks change, so a layout saved by an older BitSky is not restored.
constexpr int kLayoutVersion = 5;  // 4: the Lossy dock; 5: the Neural and Compare docks

// A panel in a scroll area, so its minimum size does not set the dock column's (tall panels
// in the tabbed column would make the window taller than its default size).
QScrollArea* scrolled(QWidget* panel) {
    auto* area = new QScrollArea;
    area->setWidget(panel);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

}  // namespace

QDockWidget* MainWindow::addPanel(QWidget* panel, const QString& title, const char* name, Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(QLatin1String(name));
    dock->setWidget(panel);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::buildPanels() {
    browser_ = new BrowserPanel(this);
    browser_->setStorePath(storePath_);
    browserDock_ = addPanel(browser_, tr("Datasets"), "browser", Qt::RightDockWidgetArea);
    scale_ = new ScalePanel(view_, display_->lockAction(), this);
    scaleDock_ = addPanel(scale_, tr("Scale"), "scale", Qt::RightDockWidgetArea);
    addDockWidget(Qt::RightDockWidgetArea, heat_->dock());
    regions_ = new RegionsPanel(view_, this);
    regionsDock_ = addPanel(regions_, tr("Regions"), "regions", Qt::RightDockWidgetArea);
    lossy_ = new LossyPanel(view_, regions_, this);
    lossyDock_ = addPanel(lossy_, tr("Lossy"), "lossy", Qt::RightDockWidgetArea);
    inspector_ = new Inspector(this);
    inspectorDock_ = addPanel(inspector_, tr("Inspector"), "inspector", Qt::RightDockWidgetArea);
    plots_ = new PlotsPanel(this);
    plotsDock_ = addPanel(plots_, tr("Plots"), "plots", Qt::RightDockWidgetArea);
    jobs_ = new JobsPanel(this);
    jobs_->setStorePath(storePath_);
    jobsDock_ = addPanel(jobs_, tr("Jobs"), "jobs", Qt::RightDockWidgetArea);
    neural_ = new NeuralPanel(this);
    neural_->setStorePath(storePath_);
    neuralDock_ = addPanel(scrolled(neural_), tr("Neural"), "neural", Qt::RightDockWidgetArea);
    compare_ = new ComparePanel(heat_->modelBox(), heat_->minusModelBox(), this);
    compareDock_ = addPanel(compare_, tr("Compare"), "compare", Qt::BottomDockWidgetArea);
}

void MainWindow::buildNeuralMenu(QMenu* menu) {
    auto raise = [](QDockWidget* d) {
        d->show();
        d->raise();
    };
    menu->addAction(tr("&Train neural model..."), this, [this, raise] {
        raise(neuralDock_);
        neural_->trainDialog();
    });
    menu->addAction(tr("Cross-dataset &matrix..."), this, [this, raise] {
        raise(neuralDock_);
        neural_->matrixDialog();
    });
    menu->addAction(tr("Neural vs &classical maps"), this, [this] { showPanel(QStringLiteral("compare")); });
    // A trained model is offered by the Heatmap and Compare docks; a stored matrix is plotted.
    connect(neural_, &NeuralPanel::modelTrained, this, [this](const QString& path) {
        heat_->addNeuralModel(path);
        refreshFromStore();
    });
    connect(neural_, &NeuralPanel::matrixFinished, this, [this](bool ok) {
        refreshFromStore();
        if (ok) {
            plotsDock_->show();
            plotsDock_->raise();
            plots_->showPlot(QStringLiteral("matrix"));
        }
    });
}

QList<QDockWidget*> MainWindow::docks() const {
    return {browserDock_, scaleDock_,  heat_->dock(), regionsDock_, lossyDock_,
            inspectorDock_, plotsDock_, jobsDock_,      neuralDock_,  compareDock_};
}

void MainWindow::applyDefaultLayout() {
    QList<QDockWidget*> all = docks();
    for (QDockWidget* d : all) {
        d->setFloating(false);
        removeDockWidget(d);
    }
    // The Compare dock (three maps in a row) is a strip below the image, hidden until asked
    // for (Neural menu, --panel compare); the others make the column.
    all.removeAll(compareDock_);
    addDockWidget(Qt::BottomDockWidgetArea, compareDock_);
    compareDock_->hide();
    addToolBar(Qt::TopToolBarArea, display_);
    display_->show();
    // One column right of the image: the datasets above, the other panels as tabs below.
    addDockWidget(Qt::RightDockWidgetArea, browserDock_);
    splitDockWidget(browserDock_, scaleDock_, Qt::Vertical);
    for (int i = 2; i < all.size(); ++i) tabifyDockWidget(all[i - 1], all[i]);
    for (QDockWidget* d : all) d->show();
    scaleDock_->raise();
    // The column takes 30% of the width (image view and colour bar the rest: at 1280 x
    // 800 the view is about 57% of the window).
    resizeDocks({browserDock_}, {std::max(300, width() * 3 / 10)}, Qt::Horizontal);
    resizeDocks({browserDock_, scaleDock_}, {height() * 35 / 100, height() * 65 / 100}, Qt::Vertical);
}

void MainWindow::restoreSettings() {
    persistSettings_ = true;
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray(), kLayoutVersion))
        applyDefaultLayout();
    if (auto mode = heatmapModeFromKey(settings.value(QStringLiteral("view/heatmapMode")).toString()))
        setHeatmapMode(*mode);
    view_->setSplitPosition(settings.value(QStringLiteral("view/split"), 0.5).toDouble());
    heat_->setOpacity(settings.value(QStringLiteral("heatmap/opacity"), heat_->opacity()).toDouble());
    DisplaySettings d;
    d.limits = limitsFromKey(settings.value(QStringLiteral("display/limits")).toString(), d.limits);
    d.manual = {settings.value(QStringLiteral("display/manualLow"), 0.0).toDouble(),
                settings.value(QStringLiteral("display/manualHigh"), 0.0).toDouble()};
    if (d.limits == Limits::Manual && !(d.manual.hi > d.manual.lo)) d.limits = Limits::ZScale;
    d.stretch = stretchFromKey(settings.value(QStringLiteral("display/stretch")).toString(), d.stretch);
    d.map = colourMapFromKey(settings.value(QStringLiteral("display/colourMap")).toString(), d.map);
    d.inverted = settings.value(QStringLiteral("display/inverted"), false).toBool();
    display_->setAutoLimits(limitsFromKey(settings.value(QStringLiteral("display/autoLimits")).toString()));
    setDisplay(d);
}

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState(kLayoutVersion));
    settings.setValue(QStringLiteral("view/split"), view_->splitPosition());
    settings.setValue(QStringLiteral("heatmap/opacity"), heat_->opacity());
    const DisplaySettings& d = view_->display();
    settings.setValue(QStringLiteral("display/limits"), limitsKey(d.limits));
    settings.setValue(QStringLiteral("display/autoLimits"), limitsKey(display_->autoLimits()));
    settings.setValue(QStringLiteral("display/manualLow"), d.manual.lo);
    settings.setValue(QStringLiteral("display/manualHigh"), d.manual.hi);
    settings.setValue(QStringLiteral("display/stretch"), stretchKey(d.stretch));
    settings.setValue(QStringLiteral("display/colourMap"), colourMapKey(d.map));
    settings.setValue(QStringLiteral("display/inverted"), d.inverted);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (persistSettings_) saveSettings();
    QMainWindow::closeEvent(event);
}

}  // namespace bitsky
