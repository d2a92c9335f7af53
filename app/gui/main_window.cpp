#include "app/gui/main_window.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QEventLoop>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QVBoxLayout>

#include <filesystem>

#include "app/gui/browser_panel.h"
#include "app/gui/compare_panel.h"
#include "app/gui/dialogs.h"
#include "app/gui/fs_path.h"
#include "app/gui/inspector.h"
#include "app/gui/jobs_panel.h"
#include "app/gui/language.h"
#include "app/gui/plots_panel.h"
#include "app/gui/lossy_panel.h"
#include "app/gui/regions_panel.h"
#include "app/gui/view_export.h"
#include "engine/fits/extended_name.h"

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
    bar_->hide();
    outer->addLayout(row, 1);
    frameBar_ = new FrameBar(central);
    outer->addWidget(frameBar_);
    setCentralWidget(central);
    connect(frameBar_, &FrameBar::frameChosen, this, &MainWindow::showFrame);

    loader_ = new ImageLoader(view_, this);
    connect(loader_, &ImageLoader::loadFinished, this, &MainWindow::imageLoaded);
    connect(loader_, &ImageLoader::errorReported, this,
            [this](const QString& message) { info_->setText(tr("Cannot open: %1").arg(message)); });
    heat_ = new HeatmapController(view_, this);
    connect(heat_, &HeatmapController::ready, this, &MainWindow::heatmapReady);
    connect(heat_, &HeatmapController::failed, this, &MainWindow::heatmapFailed);

    display_ = new DisplayToolBar(view_, this);
    display_->addSeparator();
    display_->addActions(heat_->modeActions());
    addToolBar(display_);
    buildPanels();
    connectPanels();
    buildMenus();
    buildStatusBar();
    setAcceptDrops(true);
    connect(view_, &ImageView::pixelHovered, this, [this](int x, int y) { pixel_->setText(pixelStatus(x, y)); });
    connect(view_, &ImageView::displayChanged, this, &MainWindow::updateColourBar);
    connect(view_, &ImageView::displayChanged, this, [this] {
        if (loader_->hdu()) info_->setText(imageInfo());
    });
    resize(1280, 800);
    applyDefaultLayout();
    updateRecentMenu();
    plots_->refresh(storePath_);
    heat_->addStoreModels(storePath_);
    // Every plain map computed for the frame shown counts in the regions' bit budgets.
    connect(heat_, &HeatmapController::ready, this, [this] {
        lossy_->overlayReplaced();  // the bit-cost map is drawn over the difference map
        if (const auto& r = heat_->result(); r && r->modelB.isEmpty()) regions_->addMap(r->modelA, r->bits, r->width, r->height);
    });
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
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
    QAction* exportImage = file->addAction(tr("Export &view..."), this, [this] { exportViewDialog(this); });
    exportImage->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    exportImage->setToolTip(tr("Write the image shown as a figure (PNG, PDF or SVG) with its colour bar, regions and an optional coordinate grid"));
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
    QAction* one =
        viewMenu->addAction(tr("&Actual pixels"), this, [this] { view_->setZoom(1.0 / view_->devicePixelRatioF()); });
    one->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    viewMenu->addSeparator();
    QAction* next = viewMenu->addAction(tr("&Next image"), this, [this] { browser_->activateNeighbour(1); });
    next->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageDown));
    QAction* prev = viewMenu->addAction(tr("&Previous image"), this, [this] { browser_->activateNeighbour(-1); });
    prev->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageUp));
    viewMenu->addSeparator();
    viewMenu->addAction(heat_->showAction());
    viewMenu->addMenu(tr("Bit-cost map &display"))->addActions(heat_->modeActions());
    viewMenu->addAction(tr("Lossy &difference map..."), this, [this] { showPanel(QStringLiteral("lossy")); })
        ->setStatusTip(tr("Choose a lossy setting and see original - decoded over the frame shown (Lossy panel)"));
    viewMenu->addSeparator();
    QMenu* colours = viewMenu->addMenu(tr("&Colour map"));
    for (ColourMap m : imageColourMaps()) {
        QAction* a = colours->addAction(DisplayToolBar::colourMapName(m), this, [this, m] { view_->setColourMap(m); });
        a->setCheckable(true);
        connect(view_, &ImageView::displayChanged, a, [this, a, m] { a->setChecked(view_->colourMap() == m); });
        a->setChecked(view_->colourMap() == m);
    }
    colours->addSeparator();
    colours->addAction(display_->invertAction());
    viewMenu->addAction(display_->lockAction());
    viewMenu->addSeparator();
    for (QDockWidget* d : docks()) viewMenu->addAction(d->toggleViewAction());
    viewMenu->addSeparator();
    viewMenu->addAction(tr("&Reset layout"), this, &MainWindow::applyDefaultLayout)
        ->setToolTip(tr("Put every panel back where it starts, the image view taking most of the window"));
    // The language: remembered (QSettings "language", as in Preferences), used from the next start.
    QMenu* languages = viewMenu->addMenu(tr("&Language"));
    languages->setObjectName(QStringLiteral("languageMenu"));
    auto* languageGroup = new QActionGroup(languages);
    for (const auto& [key, name] : Translations::choices()) {
        QAction* a = languages->addAction(name, this, [this, key] {
            Translations::setPreference(key);
            statusBar()->showMessage(tr("The language changes when BitSky is started again."));
        });
        a->setCheckable(true);
        a->setData(key);
        a->setChecked(Translations::preference() == key);
        languageGroup->addAction(a);
    }

    QMenu* benchMenu = menuBar()->addMenu(tr("&Benchmark"));
    QAction* benchSel = benchMenu->addAction(tr("Benchmark &selected..."), this, &MainWindow::benchmarkSelectedDialog);
    benchSel->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    benchMenu->addAction(tr("&Re-run failed items"), this, [this] {
        if (!lastBench_.isEmpty())
            jobs_->start(lastBench_, lastBenchCodecs_, true);
        else
            benchmarkSelectedDialog();
    });
    buildNeuralMenu(menuBar()->addMenu(tr("&Neural")));
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About BitSky"), this, [this] { Dialogs::about(this); });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::connectPanels() {
    connect(browser_, &BrowserPanel::hduActivated, this, [this](const QString& path, int hdu) {
        if (path != currentFile() || hdu != currentHdu()) loadFile(path, hdu);
    });
    connect(plots_, &PlotsPanel::imageActivated, this, [this](const QString& path, int hdu) { loadFile(path, hdu); });
    connect(plots_, &PlotsPanel::frameActivated, frameBar_, &FrameBar::stepTo);
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
}

void MainWindow::buildStatusBar() {
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
}

void MainWindow::loadFile(const QString& path, int hdu) {
    startLoad(path, hdu, false);
}

void MainWindow::startLoad(const QString& path, int hdu, bool keepJobTarget) {
    keepJobTarget_ = keepJobTarget;  // only the newest load is shown
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

bool MainWindow::openDataset(const QString& path) {
    // A file may name one HDU (CFITSIO's file[N], file[NAME], file[NAME,VER]): the browser
    // lists the file, the view opens at that HDU.
    QString file = path;
    try {
        file = fromFsPath(fits::parse_file_argument(toFsBytes(path)).path);
    } catch (const std::exception& e) {
        loader_->reportError(QString::fromStdString(e.what()));
        return false;
    }
    std::error_code ec;
    if (!std::filesystem::exists(toFsPath(file), ec)) {
        loader_->reportError(tr("%1 does not exist").arg(file));
        return false;
    }
    QString abs = QFileInfo(file).absoluteFilePath();
    browser_->openPath(abs);
    addRecent(abs);
    jobs_->setTarget(abs);  // benchmark the whole dataset, not only the image shown
    startLoad(abs + path.mid(file.size()), -1, true);
    return true;
}

bool MainWindow::showFrameNumber(qint64 frame) {
    const fits::HduInfo* hdu = loader_->hdu();
    if (!hdu) return false;
    qint64 frames = 1;
    for (std::size_t a = 2; a < hdu->axes.size(); ++a) frames *= qint64(hdu->axes[a]);
    if (frame < 0 || frame >= frames) {
        loader_->reportError(tr("%1[%2] has frames 0 to %3 (counted from 0), not %4")
                                 .arg(QFileInfo(currentFile()).fileName())
                                 .arg(hdu->index)
                                 .arg(frames - 1)
                                 .arg(frame));
        return false;
    }
    frameBar_->stepTo(frame);
    return qint64(loader_->frame()) == frame;
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
    const QString path = QFileInfo(currentFile()).absoluteFilePath();
    frameBar_->setAxes(hdu.axes);
    inspector_->showHeader(hdu);
    inspector_->showStoreResults(storePath_, path, hdu.index);
    setWindowTitle(tr("BitSky - %1[%2]").arg(QFileInfo(path).fileName()).arg(hdu.index));
    if (persistSettings_) Dialogs::rememberFolder(QFileInfo(path).absolutePath());
    afterFrameShown(true);
    if (!keepJobTarget_) jobs_->setTarget(path);
    emit loadFinished(true);
}

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
    const ShownFrame& shown = loader_->shown();
    if (hdu.bitpix == 64)
        inspector_->clearNoise(tr("Noise estimates are not made for 64-bit integer images."));
    else
        inspector_->estimateNoise(shown);
    if (newImage)
        heat_->imageShown(shown);
    else
        heat_->frameShown(shown);  // the map belongs to the previous frame: recompute it
    lossy_->frameShown(shown);
    compare_->frameShown(shown);
    // Plots and inspector follow the frame shown (bit planes, cube curves, predicted bpp).
    const auto frame = qint64(loader_->frame());
    inspector_->setFrameIndex(frame);
    plots_->showFrame(QFileInfo(currentFile()).absoluteFilePath(), hdu.index, frame, shown.frame16, hdu.axes);
    frameBar_->showFrame(loader_->frame());
    const std::size_t n3 = hdu.axes.size() > 2 ? hdu.axes[2] : 1;
    regions_->frameShown(&hdu, loader_->wcs(), double(loader_->frame() % n3), double(loader_->frame() / n3));
    info_->setText(imageInfo());
}

QString MainWindow::imageInfo() const {
    const fits::HduInfo* hdu = loader_->hdu();
    if (!hdu) return {};
    return tr("HDU %1 %2 (0 = primary), %3, BITPIX %4, display %5 .. %6 (%7)")
        .arg(hdu->index)
        .arg(QString::fromStdString(hdu->extname))
        .arg(QString::fromStdString(shape_string(hdu->axes)))
        .arg(hdu->bitpix)
        .arg(view_->displayMin(), 0, 'g', 6)
        .arg(view_->displayMax(), 0, 'g', 6)
        .arg(DisplayToolBar::limitsName(view_->limits()));
}

void MainWindow::updateColourBar() {
    if (view_->image().isNull()) {
        bar_->clearScale();
        bar_->hide();  // nothing to scale: the view says what to open
        return;
    }
    bar_->show();
    QString unit;
    if (const fits::HduInfo* hdu = loader_->hdu())
        if (auto u = hdu->card_value("BUNIT")) unit = QString::fromStdString(*u);
    bar_->setScale(view_->colourMap(), view_->displayRange(), view_->stretch(), view_->barLevels(),
                   unit.isEmpty() ? tr("value") : unit, view_->inverted());
}

std::optional<wcs::WorldCoordinates> MainWindow::worldAt(int x, int y) const {
    const wcs::Wcs* w = loader_->wcs();
    const fits::HduInfo* hdu = loader_->hdu();
    if (!w || !hdu) return std::nullopt;
    // The flat frame index over axes 3 and 4 (axis 3 fastest), as showFrame builds it.
    const std::size_t n3 = hdu->axes.size() > 2 ? hdu->axes[2] : 1;
    return w->world(x, y, double(loader_->frame() % n3), double(loader_->frame() / n3));
}

QString MainWindow::pixelStatus(int x, int y) const {
    auto v = view_->valueAt(x, y);
    if (!v) return {};
    QString s = tr("x %1  y %2  value %3").arg(x + 1).arg(y + 1).arg(*v, 0, 'g', 7);
    // Axis names and units are the coordinate systems' symbols (RA, Dec, l, b, CTYPEs).
    if (auto w = worldAt(x, y)) s += tr("  %1").arg(QString::fromStdString(wcs::format_world(*w)));
    if (auto b = view_->overlayValueAt(x, y))
        s += lossy_->overlayShown() ? tr("  original - decoded %1").arg(double(*b), 0, 'g', 5)
                                    : tr("  cost %1 bits").arg(double(*b), 0, 'f', 2);
    return s;
}

bool MainWindow::showPanel(const QString& name) {
    if (name == QLatin1String("image")) {
        view_->setFocus();
        return true;
    }
    const std::pair<const char*, QDockWidget*> docks[] = {{"scale", scaleDock_},
                                                          {"heatmap", heat_->dock()},
                                                          {"regions", regionsDock_},
                                                          {"lossy", lossyDock_},
                                                          {"inspector", inspectorDock_},
                                                          {"browser", browserDock_},
                                                          {"plots", plotsDock_},
                                                          {"jobs", jobsDock_},
                                                          {"neural", neuralDock_},
                                                          {"compare", compareDock_}};
    QDockWidget* dock = nullptr;
    for (auto [key, d] : docks)
        if (name == QLatin1String(key)) dock = d;
    if (!dock) return false;
    dock->show();
    dock->raise();
    if (dock == compareDock_) resizeDocks({dock}, {height() * 2 / 5}, Qt::Vertical);  // a strip below the image
    return true;
}

bool MainWindow::busy() const {
    return loading() || heatmapRunning() || inspector_->noiseRunning() || plots_->loading() || browser_->busy() || regions_->busy() ||
           lossy_->busy() || compare_->busy();
}

void MainWindow::refreshFromStore() {
    plots_->refresh(storePath_);
    browser_->refreshStore();
    heat_->addStoreModels(storePath_);
    if (loader_->hdu())
        inspector_->showStoreResults(storePath_, QFileInfo(currentFile()).absoluteFilePath(), currentHdu());
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

void MainWindow::benchmarkSelectedDialog() {
    if (auto choice = Dialogs::benchmarkSelected(this, browser_->selectedPaths()))
        benchmarkSelection(choice->codecs, choice->retryFailed);
}

bool MainWindow::benchmarkSelection(const QStringList& codecs, bool retryFailed) {
    const QStringList paths = browser_->selectedPaths();
    jobsDock_->show();
    jobsDock_->raise();
    if (paths.isEmpty()) {
        QMessageBox::information(this, tr("BitSky"), tr("Select images or datasets in the Datasets panel first."));
        return false;
    }
    if (!jobs_->start(paths, codecs, retryFailed)) return false;
    lastBench_ = paths;
    lastBenchCodecs_ = codecs;
    return true;
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
