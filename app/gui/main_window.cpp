#include "app/gui/main_window.h"
#include "app/gui/pools.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QEventLoop>
#include <QSet>
#include <QSpinBox>
#include <qcustomplot.h>
#include <sqlite3.h>
#include <tuple>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QInputDialog>
#include <QMimeData>
#include <QSettings>
#include <QCheckBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <algorithm>
#include <cmath>

#include "app/gui/dialogs.h"
#include "app/gui/browser_panel.h"
#include "app/gui/inspector.h"
#include "app/gui/jobs_panel.h"
#include "app/gui/plots_panel.h"
#include "engine/store/store.h"
#include "engine/analysis/costmap_fits.h"
#include "engine/codecs/codec.h"
#include "engine/dataset/dataset.h"
#include "engine/util/error.h"

namespace bitsky {
MainWindow::MainWindow(const QString& storePath, QWidget* parent) : QMainWindow(parent), storePath_(storePath) {
    setWindowTitle(tr("BitSky"));
    setDockNestingEnabled(true);

    auto* central = new QWidget(this);
    auto* outer = new QVBoxLayout(central);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(2);
    auto* row = new QHBoxLayout;
    row->setSpacing(2);
    view_ = new ImageView(central);
    bar_ = new ColourBar(central);
    row->addWidget(view_, 1);
    row->addWidget(bar_);
    outer->addLayout(row, 1);

    frameBar_ = new QWidget(central);
    auto* fb = new QHBoxLayout(frameBar_);
    fb->setContentsMargins(4, 0, 4, 2);
    frameLabel_ = new QLabel(frameBar_);
    slider3_ = new QSlider(Qt::Horizontal, frameBar_);
    slider4_ = new QSlider(Qt::Horizontal, frameBar_);
    slider3_->setToolTip(tr("Frame (axis 3)"));
    slider4_->setToolTip(tr("Band or epoch (axis 4)"));
    fb->addWidget(frameLabel_);
    fb->addWidget(slider3_, 1);
    fb->addWidget(slider4_, 1);
    frameBar_->hide();
    outer->addWidget(frameBar_);
    setCentralWidget(central);
    loader_ = new ImageLoader(view_, this);
    connect(loader_, &ImageLoader::loadFinished, this, &MainWindow::imageLoaded);
    connect(loader_, &ImageLoader::errorReported, this,
            [this](const QString& message) { info_->setText(tr("Cannot open: %1").arg(message)); });
    connect(slider3_, &QSlider::valueChanged, this, &MainWindow::frameChanged);
    connect(slider4_, &QSlider::valueChanged, this, &MainWindow::frameChanged);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open FITS file..."), this, [this] {
        if (QString path = Dialogs::openFitsFile(this); !path.isEmpty()) loadFile(path);
    });
    open->setShortcut(QKeySequence::Open);
    QAction* openDir = file->addAction(tr("Open &dataset folder..."), this, [this] {
        if (QString dir = Dialogs::openDatasetFolder(this); !dir.isEmpty()) openDataset(dir);
    });
    openDir->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    recentMenu_ = file->addMenu(tr("&Recent datasets"));
    file->addSeparator();
    QAction* exportPlot = file->addAction(tr("&Export plot..."), this, [this] { Dialogs::exportPlot(this, plots_); });
    exportPlot->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addAction(tr("Save bit-cost map as &FITS..."), this,
                    [this] { Dialogs::saveHeatmap(this, *heat_, currentFile(), loader_->hdu(), statusBar()); });
    file->addSeparator();
    QAction* prefs = file->addAction(tr("&Preferences..."), this, [this] { Dialogs::preferences(this); });
    prefs->setShortcut(QKeySequence::Preferences);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
    QAction* fit = viewMenu->addAction(tr("&Fit to window"), view_, &ImageView::fitToWindow);
    fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    QAction* zin = viewMenu->addAction(tr("Zoom &in"), this, [this] { view_->setZoom(view_->zoom() * 2); });
    zin->setShortcut(QKeySequence::ZoomIn);
    QAction* zout = viewMenu->addAction(tr("Zoom &out"), this, [this] { view_->setZoom(view_->zoom() / 2); });
    zout->setShortcut(QKeySequence::ZoomOut);
    // One image pixel per device pixel (on a high-DPI screen a logical pixel is several).
    QAction* one = viewMenu->addAction(tr("&Actual pixels"), this, [this] { view_->setZoom(1.0 / view_->devicePixelRatioF()); });
    one->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    viewMenu->addSeparator();
    QAction* next = viewMenu->addAction(tr("&Next image"), this, [this] { browser_->activateNeighbour(1); });
    next->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageDown));
    QAction* prev = viewMenu->addAction(tr("&Previous image"), this, [this] { browser_->activateNeighbour(-1); });
    prev->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageUp));
    viewMenu->addSeparator();
    heat_ = new HeatmapController(view_, this);
    connect(heat_, &HeatmapController::ready, this, &MainWindow::heatmapReady);
    connect(heat_, &HeatmapController::failed, this, &MainWindow::heatmapFailed);
    viewMenu->addAction(heat_->showAction());
    viewMenu->addMenu(tr("Bit-cost map &display"))->addActions(heat_->modeActions());
    addDockWidget(Qt::RightDockWidgetArea, heat_->dock());

    buildToolbar();
    if (auto* tb = findChild<QToolBar*>(QStringLiteral("display"))) {
        tb->addSeparator();
        tb->addActions(heat_->modeActions());
    }

    inspector_ = new Inspector(this);
    inspectorDock_ = new QDockWidget(tr("Inspector"), this);
    inspectorDock_->setObjectName(QStringLiteral("inspector"));
    inspectorDock_->setWidget(inspector_);
    addDockWidget(Qt::RightDockWidgetArea, inspectorDock_);
    tabifyDockWidget(heat_->dock(), inspectorDock_);
    heat_->dock()->raise();
    viewMenu->addSeparator();
    viewMenu->addAction(heat_->dock()->toggleViewAction());
    viewMenu->addAction(inspectorDock_->toggleViewAction());
    buildPanels(viewMenu);
    QMenu* benchMenu = menuBar()->addMenu(tr("&Benchmark"));
    QAction* benchSel = benchMenu->addAction(tr("Benchmark &selected..."), this, &MainWindow::benchmarkSelectedDialog);
    benchSel->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    benchMenu->addAction(tr("&Re-run failed items"), this, [this] {
        if (!lastBench_.isEmpty()) jobs_->start(lastBench_, lastBenchCodecs_, true);
        else benchmarkSelectedDialog();
    });
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About BitSky"), this, [this] { Dialogs::about(this); });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    setAcceptDrops(true);

    info_ = new QLabel(this);
    pixel_ = new QLabel(this);
    busyBar_ = new QProgressBar(this);
    busyBar_->setRange(0, 0);  // busy, no percentage
    busyBar_->setMaximumWidth(120);
    busyBar_->setToolTip(tr("Loading the image"));
    busyBar_->hide();
    statusBar()->addWidget(busyBar_);
    statusBar()->addWidget(info_, 1);
    statusBar()->addPermanentWidget(pixel_);
    connect(view_, &ImageView::pixelHovered, this, &MainWindow::showPixel);
    connect(view_, &ImageView::displayChanged, this, &MainWindow::updateColourBar);
    resize(1280, 800);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildToolbar() {
    QToolBar* tb = addToolBar(tr("Display"));
    tb->setObjectName(QStringLiteral("display"));
    limitsBox_ = new QComboBox(tb);
    limitsBox_->addItem(tr("Min/max"), limitsKey(Limits::MinMax));
    limitsBox_->addItem(tr("ZScale"), limitsKey(Limits::ZScale));
    limitsBox_->addItem(tr("99%"), limitsKey(Limits::Percentile99));
    limitsBox_->addItem(tr("99.5%"), limitsKey(Limits::Percentile995));
    limitsBox_->addItem(tr("99.9%"), limitsKey(Limits::Percentile999));
    stretchBox_ = new QComboBox(tb);
    stretchBox_->addItem(tr("Linear"), stretchKey(Stretch::Linear));
    stretchBox_->addItem(tr("Log"), stretchKey(Stretch::Log));
    stretchBox_->addItem(tr("Square root"), stretchKey(Stretch::Sqrt));
    stretchBox_->addItem(tr("Asinh"), stretchKey(Stretch::Asinh));
    stretchBox_->addItem(tr("Histogram equalised"), stretchKey(Stretch::HistEq));
    mapBox_ = new QComboBox(tb);
    const QStringList mapNames{tr("Grey"), tr("Viridis"), tr("Inferno"), tr("Magma"), tr("Cubehelix")};
    auto maps = imageColourMaps();
    for (int i = 0; i < maps.size(); ++i) mapBox_->addItem(mapNames[i], colourMapKey(maps[i]));
    tb->addWidget(new QLabel(tr("Limits "), tb));
    tb->addWidget(limitsBox_);
    tb->addWidget(new QLabel(tr("  Stretch "), tb));
    tb->addWidget(stretchBox_);
    tb->addWidget(new QLabel(tr("  Colours "), tb));
    tb->addWidget(mapBox_);
    tb->addSeparator();
    tb->addAction(tr("Fit"), view_, &ImageView::fitToWindow);
    auto apply = [this] {
        setDisplay(limitsFromKey(limitsBox_->currentData().toString()),
                   stretchFromKey(stretchBox_->currentData().toString()),
                   colourMapFromKey(mapBox_->currentData().toString()));
    };
    connect(limitsBox_, &QComboBox::currentIndexChanged, this, apply);
    connect(stretchBox_, &QComboBox::currentIndexChanged, this, apply);
    connect(mapBox_, &QComboBox::currentIndexChanged, this, apply);
}

void MainWindow::setDisplay(Limits limits, Stretch stretch, ColourMap map) {
    for (auto [box, key] : {std::pair{limitsBox_, limitsKey(limits)}, std::pair{stretchBox_, stretchKey(stretch)},
                            std::pair{mapBox_, colourMapKey(map)}}) {
        QSignalBlocker block(box);
        box->setCurrentIndex(std::max(0, box->findData(key)));
    }
    if (limits != view_->limits() || stretch != view_->stretch())
        view_->setDisplay(limits, stretch, map);
    else if (map != view_->colourMap())
        view_->setColourMap(map);
}

void MainWindow::loadFile(const QString& path, int hdu) { startLoad(path, hdu, false); }

void MainWindow::startLoad(const QString& path, int hdu, bool keepJobTarget) {
    keepJobTarget_ = keepJobTarget;  // the newest load is the one shown
    setLoadingIndicator(tr("Loading %1 ...").arg(QFileInfo(path).fileName()));
    loader_->load(path, hdu);
}

bool MainWindow::openFile(const QString& path, int hdu) {
    bool ok = false;
    QEventLoop loop;
    auto c = connect(this, &MainWindow::loadFinished, &loop, [&](bool shown) {
        ok = shown;
        loop.quit();
    });
    loadFile(path, hdu);
    loop.exec();
    disconnect(c);
    return ok;
}

void MainWindow::setLoadingIndicator(const QString& what) {
    busyBar_->setVisible(!what.isEmpty());
    if (!what.isEmpty()) info_->setText(what);
}

void MainWindow::imageLoaded(bool ok) {
    setLoadingIndicator(QString());
    if (!ok) {
        emit loadFinished(false);
        return;
    }
    const fits::HduInfo& hdu = *loader_->hdu();
    const QString path = QFileInfo(loader_->currentFile()).absoluteFilePath();
    {
        QSignalBlocker b3(slider3_), b4(slider4_);
        std::size_t n3 = hdu.axes.size() > 2 ? hdu.axes[2] : 1, n4 = hdu.axes.size() > 3 ? hdu.axes[3] : 1;
        slider3_->setRange(0, int(n3) - 1);
        slider4_->setRange(0, int(n4) - 1);
        slider3_->setValue(0);
        slider4_->setValue(0);
        slider3_->setVisible(n3 > 1);
        slider4_->setVisible(n4 > 1);
        frameBar_->setVisible(n3 > 1 || n4 > 1);
    }
    inspector_->showHeader(hdu);
    inspector_->showStoreResults(storePath_, path, hdu.index);
    setWindowTitle(tr("BitSky - %1").arg(QFileInfo(path).fileName()));
    afterFrameShown(true);
    if (!keepJobTarget_) jobs_->setTarget(path);
    emit loadFinished(true);
}

void MainWindow::frameChanged() { showFrame(slider3_->value(), slider4_->value()); }

bool MainWindow::showFrame(int i3, int i4) {
    const fits::HduInfo* hdu = loader_->hdu();
    if (!hdu) return false;
    const std::size_t n3 = hdu->axes.size() > 2 ? hdu->axes[2] : 1;
    if (!loader_->showFrame(static_cast<std::size_t>(i3) + n3 * static_cast<std::size_t>(i4))) return false;
    afterFrameShown(false);
    return true;
}

void MainWindow::afterFrameShown(bool newImage) {
    const fits::HduInfo& hdu = *loader_->hdu();
    const std::shared_ptr<const Cube16>& frame16 = loader_->frame16();
    if (frame16)
        inspector_->estimateNoise(frame16);
    else
        inspector_->clearNoise(tr("Noise estimates need a 16-bit integer image (BITPIX %1).").arg(hdu.bitpix));
    if (newImage)
        heat_->imageShown(frame16);
    else
        heat_->frameShown(frame16);  // the map belongs to the previous frame: recompute it
    frameShown();
    frameLabel_->setText(tr("Frame %1 / %2").arg(loader_->frame() + 1).arg(hdu.axes.size() > 2 ? BasicCube<double>::element_count(
                                                                                         {hdu.axes.begin() + 2, hdu.axes.end()})
                                                                                   : 1));
    info_->setText(tr("HDU %1 (%2), %3, BITPIX %4, display %5 .. %6")
                       .arg(hdu.index)
                       .arg(QString::fromStdString(hdu.extname))
                       .arg(QString::fromStdString(shape_string(hdu.axes)))
                       .arg(hdu.bitpix)
                       .arg(view_->displayMin(), 0, 'g', 6)
                       .arg(view_->displayMax(), 0, 'g', 6));
}

void MainWindow::updateColourBar() {
    if (view_->image().isNull()) {
        bar_->clearScale();
        return;
    }
    QString unit;
    if (const fits::HduInfo* hdu = loader_->hdu())
        if (auto u = hdu->card_value("BUNIT")) unit = QString::fromStdString(*u);
    bar_->setScale(view_->colourMap(), view_->displayRange(), view_->stretch(), view_->barLevels(),
                   unit.isEmpty() ? tr("value") : unit);
}


std::optional<wcs::SkyPosition> MainWindow::worldAt(int x, int y) const {
    if (!loader_->wcs()) return std::nullopt;
    return loader_->wcs()->pixel_to_world(x + 1.0, y + 1.0);
}

QString MainWindow::pixelStatus(int x, int y) const {
    auto v = view_->valueAt(x, y);
    if (!v) return {};
    QString s = tr("x %1  y %2  value %3").arg(x + 1).arg(y + 1).arg(*v, 0, 'g', 7);
    if (auto w = worldAt(x, y))
        s += tr("  RA %1  Dec %2").arg(QString::fromStdString(wcs::format_ra_hms(w->ra_deg)),
                                     QString::fromStdString(wcs::format_dec_dms(w->dec_deg)));
    if (auto b = view_->overlayValueAt(x, y)) s += tr("  cost %1 bits").arg(double(*b), 0, 'f', 2);
    return s;
}

void MainWindow::showPixel(int x, int y, double) { pixel_->setText(pixelStatus(x, y)); }

bool MainWindow::showPanel(const QString& name) {
    if (name == QLatin1String("image")) {
        view_->setFocus();
        return true;
    }
    const std::pair<const char*, QDockWidget*> docks[] = {{"heatmap", heat_->dock()},    {"inspector", inspectorDock_},
                                                          {"browser", browserDock_}, {"plots", plotsDock_},
                                                          {"jobs", jobsDock_}};
    QDockWidget* dock = nullptr;
    for (auto [key, d] : docks)
        if (name == QLatin1String(key)) dock = d;
    if (!dock) return false;
    dock->show();
    dock->raise();
    return true;
}

void MainWindow::buildPanels(QMenu* viewMenu) {
    browser_ = new BrowserPanel(this);
    browser_->setStorePath(storePath_);
    browserDock_ = new QDockWidget(tr("Datasets"), this);
    browserDock_->setObjectName(QStringLiteral("browser"));
    browserDock_->setWidget(browser_);
    addDockWidget(Qt::LeftDockWidgetArea, browserDock_);
    connect(browser_, &BrowserPanel::hduActivated, this, [this](const QString& path, int hdu) {
        if (path != currentFile() || hdu != currentHdu()) loadFile(path, hdu);
    });

    plots_ = new PlotsPanel(this);
    plotsDock_ = new QDockWidget(tr("Plots"), this);
    plotsDock_->setObjectName(QStringLiteral("plots"));
    plotsDock_->setWidget(plots_);
    addDockWidget(Qt::RightDockWidgetArea, plotsDock_);
    tabifyDockWidget(inspectorDock_, plotsDock_);
    connect(plots_, &PlotsPanel::imageActivated, this, [this](const QString& path, int hdu) { loadFile(path, hdu); });
    connect(plots_, &PlotsPanel::frameActivated, this, &MainWindow::stepToFrame);

    jobs_ = new JobsPanel(this);
    jobs_->setStorePath(storePath_);
    jobsDock_ = new QDockWidget(tr("Jobs"), this);
    jobsDock_->setObjectName(QStringLiteral("jobs"));
    jobsDock_->setWidget(jobs_);
    addDockWidget(Qt::RightDockWidgetArea, jobsDock_);
    tabifyDockWidget(plotsDock_, jobsDock_);
    heat_->dock()->raise();
    // Plots and tables follow a running benchmark (at most every 2 s) and its end.
    sinceRefresh_.start();
    connect(jobs_, &JobsPanel::progressed, this, [this] {
        if (sinceRefresh_.elapsed() < 2000) return;
        sinceRefresh_.restart();
        refreshFromStore();
    });
    connect(jobs_, &JobsPanel::jobFinished, this, [this] { refreshFromStore(); });
    // The inspector's "Run now": this image, the codecs checked in the jobs dock.
    connect(inspector_, &Inspector::runNowRequested, this, [this](const QString& path) {
        if (jobs_->start({path}, jobs_->checkedCodecs()))
            inspector_->setJobStatus(tr("Benchmark of %1 started (Jobs dock).").arg(QFileInfo(path).fileName()));
        else
            inspector_->setJobStatus(jobs_->statusText());
    });
    connect(jobs_, &JobsPanel::progressed, inspector_, [this](const JobProgress& p) {
        inspector_->setJobStatus(tr("Benchmark: %1 of %2 item(s) done").arg(p.done).arg(p.total));
    });
    connect(jobs_, &JobsPanel::jobFinished, inspector_, [this](const QString& status, int) {
        inspector_->setJobStatus(tr("Benchmark %1; table updated from the store.").arg(status));
    });

    viewMenu->addAction(browserDock_->toggleViewAction());
    viewMenu->addAction(plotsDock_->toggleViewAction());
    viewMenu->addAction(jobsDock_->toggleViewAction());
    resizeDocks({browserDock_, plotsDock_}, {330, 560}, Qt::Horizontal);
    updateRecentMenu();
    plots_->refresh(storePath_);
    heat_->addStoreModels(storePath_);
}

void MainWindow::frameShown() {
    const fits::HduInfo* hdu = loader_->hdu();
    if (!hdu) return;
    const QString abs = QFileInfo(currentFile()).absoluteFilePath();
    const auto frame = qint64(loader_->frame());
    inspector_->setFrameIndex(frame);
    plots_->showFrame(abs, hdu->index, frame, loader_->frame16(), hdu->axes);
}

void MainWindow::stepToFrame(qint64 index) {
    if (!loader_->hdu() || index < 0) return;
    const int n3 = slider3_->maximum() + 1;
    if (index >= qint64(n3) * (slider4_->maximum() + 1)) return;
    {
        QSignalBlocker b3(slider3_), b4(slider4_);
        slider3_->setValue(int(index % n3));
        slider4_->setValue(int(index / n3));
    }
    frameChanged();
}

bool MainWindow::busy() const {
    return loading() || heatmapRunning() || inspector_->noiseRunning() || plots_->loading() || browser_->busy();
}

void MainWindow::refreshFromStore() {
    plots_->refresh(storePath_);
    browser_->refreshStore();
    heat_->addStoreModels(storePath_);
    if (loader_->hdu()) inspector_->showStoreResults(storePath_, QFileInfo(currentFile()).absoluteFilePath(), currentHdu());
}

bool MainWindow::openDataset(const QString& path) {
    if (!QFileInfo::exists(path)) {
        loader_->reportError(tr("%1 does not exist").arg(path));
        return false;
    }
    QString abs = QFileInfo(path).absoluteFilePath();
    browser_->openPath(abs);
    addRecent(abs);
    jobs_->setTarget(abs);  // benchmark the whole dataset, not only the image shown
    startLoad(abs, -1, true);
    return true;
}

QStringList MainWindow::recentDatasets() const {
    return QSettings().value(QStringLiteral("recentDatasets")).toStringList();
}

void MainWindow::addRecent(const QString& path) {
    QStringList list = recentDatasets();
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > 10) list.removeLast();
    QSettings().setValue(QStringLiteral("recentDatasets"), list);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    recentMenu_->clear();
    const QStringList list = recentDatasets();
    for (const QString& p : list) recentMenu_->addAction(p, this, [this, p] { openDataset(p); });
    recentMenu_->setEnabled(!list.isEmpty());
}

void MainWindow::setHeatmapMode(HeatmapMode mode) { heat_->setMode(mode); }

void MainWindow::saveHeatmapFits(const QString& path) const {
    heat_->saveFits(path, loader_->hdu());
}

void MainWindow::benchmarkSelectedDialog() {
    if (auto choice = Dialogs::benchmarkSelected(this, browser_->selectedPaths()))
        benchmarkSelection(choice->codecs, choice->retryFailed);
}

bool MainWindow::benchmarkSelection(const QStringList& codecs, bool retryFailed) {
    const QStringList paths = browser_->selectedPaths();
    if (paths.isEmpty()) {
        jobsDock_->show();
        jobsDock_->raise();
        QMessageBox::information(this, tr("BitSky"), tr("Select images or datasets in the Datasets panel first."));
        return false;
    }
    jobsDock_->show();
    jobsDock_->raise();
    if (!jobs_->start(paths, codecs, retryFailed)) return false;
    lastBench_ = paths;
    lastBenchCodecs_ = codecs;
    return true;
}

void MainWindow::restoreSettings() {
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (auto mode = heatmapModeFromKey(settings.value(QStringLiteral("view/heatmapMode")).toString())) setHeatmapMode(*mode);
    view_->setSplitPosition(settings.value(QStringLiteral("view/split"), 0.5).toDouble());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("view/split"), view_->splitPosition());
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const auto urls = event->mimeData()->urls();
    for (const QUrl& u : urls)
        if (u.isLocalFile()) openDataset(u.toLocalFile());
    event->acceptProposedAction();
}

}  // namespace bitsky
