#include "app/gui/main_window.h"

#include <QApplication>
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

#include "app/gui/browser_panel.h"
#include "app/gui/inspector.h"
#include "app/gui/jobs_panel.h"
#include "app/gui/plots_panel.h"
#include "engine/dataset/dataset.h"
#include "engine/util/error.h"

namespace bitsky {
namespace {

// Display range of a bit-cost map: 0 .. 99.5th percentile (a few very expensive pixels,
// e.g. stars, would otherwise make the background one colour); a difference map is
// symmetric about 0.
DisplayRange heatRange(const std::vector<float>& bits, bool difference) {
    std::vector<double> s;
    std::size_t stride = std::max<std::size_t>(1, bits.size() / (1u << 18));
    for (std::size_t i = 0; i < bits.size(); i += stride)
        if (std::isfinite(bits[i])) s.push_back(difference ? std::fabs(bits[i]) : bits[i]);
    if (s.empty()) return {0, 1};
    auto k = static_cast<std::ptrdiff_t>(0.995 * double(s.size() - 1));
    std::nth_element(s.begin(), s.begin() + k, s.end());
    double top = std::max(s[static_cast<std::size_t>(k)], 1e-3);
    return difference ? DisplayRange{-top, top} : DisplayRange{0.0, top};
}

HeatmapResult computeHeatmap(std::shared_ptr<const Cube16> frame, QString a, QString b) {
    HeatmapResult r;
    r.modelA = a;
    r.modelB = b;
    try {
        Frame16 f = frame->frame(0);
        analysis::BitCostMap ma = analysis::compute_cost_map(a.toStdString(), f);
        r.width = ma.width;
        r.height = ma.height;
        r.bppA = ma.bpp();
        r.bits = std::move(ma.bits);
        if (!b.isEmpty()) {
            analysis::BitCostMap mb = analysis::compute_cost_map(b.toStdString(), f);
            r.bppB = mb.bpp();
            for (std::size_t i = 0; i < r.bits.size(); ++i) r.bits[i] -= mb.bits[i];
        }
    } catch (const std::exception& e) {
        r.error = QString::fromStdString(e.what());
    }
    return r;
}

}  // namespace

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
    connect(slider3_, &QSlider::valueChanged, this, &MainWindow::frameChanged);
    connect(slider4_, &QSlider::valueChanged, this, &MainWindow::frameChanged);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open FITS file..."), this, &MainWindow::chooseFile);
    open->setShortcut(QKeySequence::Open);
    QAction* openDir = file->addAction(tr("Open &dataset folder..."), this, &MainWindow::chooseFolder);
    openDir->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    recentMenu_ = file->addMenu(tr("&Recent datasets"));
    file->addSeparator();
    QAction* exportPlot = file->addAction(tr("&Export plot..."), this, &MainWindow::exportPlotDialog);
    exportPlot->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
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
    QAction* one = viewMenu->addAction(tr("&Actual pixels"), this, [this] { view_->setZoom(1.0); });
    one->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));

    buildToolbar();
    buildHeatmapDock();

    inspector_ = new Inspector(this);
    inspectorDock_ = new QDockWidget(tr("Inspector"), this);
    inspectorDock_->setObjectName(QStringLiteral("inspector"));
    inspectorDock_->setWidget(inspector_);
    addDockWidget(Qt::RightDockWidgetArea, inspectorDock_);
    tabifyDockWidget(heatDock_, inspectorDock_);
    heatDock_->raise();
    viewMenu->addSeparator();
    viewMenu->addAction(heatDock_->toggleViewAction());
    viewMenu->addAction(inspectorDock_->toggleViewAction());
    buildPanels(viewMenu);
    setAcceptDrops(true);

    info_ = new QLabel(this);
    pixel_ = new QLabel(this);
    statusBar()->addWidget(info_, 1);
    statusBar()->addPermanentWidget(pixel_);
    connect(view_, &ImageView::pixelHovered, this, &MainWindow::showPixel);
    connect(view_, &ImageView::displayChanged, this, &MainWindow::updateColourBar);
    resize(1280, 800);
}

MainWindow::~MainWindow() {
    // Do not leave a background map writing into a destroyed window.
    if (heatWatcher_) heatWatcher_->waitForFinished();
}

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

void MainWindow::buildHeatmapDock() {
    heatDock_ = new QDockWidget(tr("Heatmap"), this);
    heatDock_->setObjectName(QStringLiteral("heatmap"));
    auto* w = new QWidget(heatDock_);
    auto* lay = new QVBoxLayout(w);
    auto* form = new QFormLayout;
    modelA_ = new QComboBox(w);
    modelB_ = new QComboBox(w);
    modelA_->setEditable(true);
    modelB_->setEditable(true);
    QStringList models{QStringLiteral("iid"), QStringLiteral("context")};
    for (const char* c : {"rice", "hcompress", "gzip", "jpegls", "jpeg2000", "jpegxl:e3"})
        models << QStringLiteral("tile:") + QLatin1String(c);
    modelA_->addItems(models);
    modelB_->addItem(QString());
    modelB_->addItems(models);
    modelA_->setToolTip(tr("Bit-cost model: iid, context or tile:<codec>"));
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
    heatStatus_ = new QLabel(w);
    heatStatus_->setWordWrap(true);
    lay->addWidget(heatStatus_);
    heatBar_ = new ColourBar(w);
    lay->addWidget(heatBar_, 1);
    heatDock_->setWidget(w);
    addDockWidget(Qt::RightDockWidgetArea, heatDock_);

    connect(opacity_, &QSlider::valueChanged, this, [this](int v) { view_->setOverlayOpacity(v / 100.0); });
    connect(show, &QCheckBox::toggled, view_, &ImageView::setOverlayVisible);
    connect(compute, &QPushButton::clicked, this,
            [this] { startHeatmap(modelA_->currentText().trimmed(), modelB_->currentText().trimmed()); });
    heatWatcher_ = new QFutureWatcher<HeatmapResult>(this);
    connect(heatWatcher_, &QFutureWatcher<HeatmapResult>::finished, this, &MainWindow::applyHeatmap);
}

// In flight until applyHeatmap has run: the future finishes before its finished signal is
// delivered, and a queued map is launched only then.
bool MainWindow::heatmapRunning() const { return heatInFlight_ || heatWatcher_->isRunning(); }

bool MainWindow::startHeatmap(const QString& modelA, const QString& modelB) {
    if (!frame16_) {
        heatStatus_->setText(tr("Bit-cost maps need a 16-bit integer image."));
        return false;
    }
    modelA_->setCurrentText(modelA);
    modelB_->setCurrentText(modelB);
    heatWanted_ = std::pair{modelA, modelB};
    if (heatmapRunning()) {
        // Started when the running map is done (that one is then dropped).
        heatPending_ = true;
        heatStatus_->setText(tr("Queued: %1").arg(modelA));
        return true;
    }
    launchHeatmap();
    return true;
}

void MainWindow::launchHeatmap() {
    if (!heatWanted_ || !frame16_) return;
    const QString a = heatWanted_->first, b = heatWanted_->second;
    heatStatus_->setText(b.isEmpty() ? tr("Computing %1 ...").arg(a) : tr("Computing %1 minus %2 ...").arg(a, b));
    const std::uint64_t token = frameToken_;
    heatInFlight_ = true;
    heatWatcher_->setFuture(QtConcurrent::run([frame = frame16_, a, b, token] {
        HeatmapResult r = computeHeatmap(frame, a, b);
        r.token = token;
        return r;
    }));
}

void MainWindow::applyHeatmap() {
    HeatmapResult r = heatWatcher_->result();
    heatInFlight_ = false;
    if (heatPending_ || r.token != frameToken_) {
        // Another frame (or another model) by now: compute what is wanted for what is shown.
        heatPending_ = false;
        if (heatWanted_ && frame16_) launchHeatmap();
        return;
    }
    if (!r.error.isEmpty()) {
        heatStatus_->setText(tr("Cannot compute the map: %1").arg(r.error));
        emit heatmapFailed(r.error);
        return;
    }
    if (int(r.width) != view_->frameWidth() || int(r.height) != view_->frameHeight()) {
        heatStatus_->setText(tr("The image changed while the map was computed."));
        emit heatmapFailed(heatStatus_->text());
        return;
    }
    bool diff = !r.modelB.isEmpty();
    DisplayRange range = heatRange(r.bits, diff);
    ColourMap map = diff ? ColourMap::Diverging : ColourMap::Inferno;
    std::vector<unsigned char> levels(256);
    for (int i = 0; i < 256; ++i) levels[static_cast<std::size_t>(i)] = static_cast<unsigned char>(i);
    heatBar_->setScale(map, range, Stretch::Linear, levels, diff ? tr("Δ bits/pixel") : tr("bits/pixel"));
    heatStatus_->setText(diff ? tr("%1: %2 bpp, %3: %4 bpp; red: %1 costs more")
                                    .arg(r.modelA)
                                    .arg(r.bppA, 0, 'f', 3)
                                    .arg(r.modelB)
                                    .arg(r.bppB, 0, 'f', 3)
                              : tr("%1: %2 bits/pixel (ratio %3)")
                                    .arg(r.modelA)
                                    .arg(r.bppA, 0, 'f', 3)
                                    .arg(r.bppA > 0 ? 16.0 / r.bppA : 0.0, 0, 'f', 3));
    view_->setOverlay(r.bits, range, map);
    heatmap_ = std::move(r);
    emit heatmapReady();
}

void MainWindow::chooseFile() {
    QString path = QFileDialog::getOpenFileName(this, tr("Open FITS file"), QString(),
                                                tr("FITS files (*.fits *.fit *.fts *.fits.gz *.fz);;All files (*)"));
    if (!path.isEmpty()) openFile(path);
}

bool MainWindow::openFile(const QString& requested, int wantHdu) {
    QString path = requested;
    try {
        // A folder (a dataset): show its first image.
        if (QFileInfo(path).isDir()) {
            auto ds = dataset::discover(path.toStdString());
            if (ds.images.empty()) throw Error(path.toStdString() + ": no FITS files in this folder");
            path = QString::fromStdString(ds.images.front().path.string());
        }
        auto file = fits::File::open(path.toStdString());
        auto images = file.image_hdus();
        if (images.empty()) throw Error(path.toStdString() + ": no image HDU with 2 to 4 axes");
        if (wantHdu >= 0 && std::find(images.begin(), images.end(), wantHdu) == images.end())
            throw Error(path.toStdString() + ": HDU " + std::to_string(wantHdu) + " is not an image with 2 to 4 axes");
        file_.emplace(std::move(file));
        hdu_ = wantHdu >= 0 ? wantHdu : images.front();
        const fits::HduInfo& hdu = file_->hdu(hdu_);
        wcs_ = wcs::TanWcs::from_cards(hdu.cards);
        currentFile_ = path;
        lastError_.clear();
        heatmap_.reset();
        heatWanted_.reset();
        heatPending_ = false;
        view_->clearOverlay();
        heatBar_->clearScale();
        heatStatus_->clear();
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
        inspector_->showStoreResults(storePath_, QFileInfo(path).absoluteFilePath(), hdu_);
        setWindowTitle(tr("BitSky - %1").arg(QFileInfo(path).fileName()));
        if (!showFrame(0, 0)) return false;
        jobs_->setTarget(QFileInfo(path).absoluteFilePath());
        return true;
    } catch (const std::exception& e) {
        reportError(QString::fromStdString(e.what()));
        return false;
    }
}

void MainWindow::frameChanged() { showFrame(slider3_->value(), slider4_->value()); }

bool MainWindow::showFrame(int i3, int i4) {
    if (!file_) return false;
    try {
        const fits::HduInfo& hdu = file_->hdu(hdu_);
        std::size_t n3 = hdu.axes.size() > 2 ? hdu.axes[2] : 1;
        frame_ = static_cast<std::size_t>(i3) + n3 * static_cast<std::size_t>(i4);
        frame16_.reset();
        ++frameToken_;
        if (hdu.is_16bit()) {
            frame16_ = std::make_shared<const Cube16>(file_->read_u16_frame(hdu_, frame_));
            if (hdu.bscale == 1.0 && !hdu.card_value("BLANK")) {
                // The uint16 view is stored + 32768, so physical = u16 - 32768 + BZERO:
                // one read of the file instead of two.
                const double offset = hdu.bzero - 32768.0;
                std::vector<double> values(frame16_->data().size());
                std::transform(frame16_->data().begin(), frame16_->data().end(), values.begin(),
                               [offset](std::uint16_t v) { return double(v) + offset; });
                view_->setFrame(std::move(values), int(frame16_->width()), int(frame16_->height()));
            } else {
                CubeF64 frame = file_->read_physical_frame(hdu_, frame_);
                view_->setFrame(std::move(frame.data()), int(frame.width()), int(frame.height()));
            }
            inspector_->estimateNoise(frame16_);
        } else {
            CubeF64 frame = file_->read_physical_frame(hdu_, frame_);
            view_->setFrame(std::move(frame.data()), int(frame.width()), int(frame.height()));
            inspector_->clearNoise(tr("Noise estimates need a 16-bit integer image (BITPIX %1).").arg(hdu.bitpix));
        }
        if (heatWanted_) {
            // The map belongs to the previous frame: recompute it for this one.
            view_->clearOverlay();
            heatmap_.reset();
            startHeatmap(heatWanted_->first, heatWanted_->second);
        }
        frameShown();
        frameLabel_->setText(tr("Frame %1 / %2").arg(frame_ + 1).arg(hdu.axes.size() > 2 ? BasicCube<double>::element_count(
                                                                                             {hdu.axes.begin() + 2, hdu.axes.end()})
                                                                                       : 1));
        info_->setText(tr("HDU %1 (%2), %3, BITPIX %4, display %5 .. %6")
                           .arg(hdu.index)
                           .arg(QString::fromStdString(hdu.extname))
                           .arg(QString::fromStdString(shape_string(hdu.axes)))
                           .arg(hdu.bitpix)
                           .arg(view_->displayMin(), 0, 'g', 6)
                           .arg(view_->displayMax(), 0, 'g', 6));
        return true;
    } catch (const std::exception& e) {
        reportError(QString::fromStdString(e.what()));
        return false;
    }
}

void MainWindow::updateColourBar() {
    if (view_->image().isNull()) {
        bar_->clearScale();
        return;
    }
    QString unit;
    if (file_ && hdu_ >= 0)
        if (auto u = file_->hdu(hdu_).card_value("BUNIT")) unit = QString::fromStdString(*u);
    bar_->setScale(view_->colourMap(), view_->displayRange(), view_->stretch(), view_->barLevels(),
                   unit.isEmpty() ? tr("value") : unit);
}

void MainWindow::reportError(const QString& message) {
    lastError_ = message;
    info_->setText(tr("Cannot open: %1").arg(message));
    if (QGuiApplication::platformName() != QLatin1String("offscreen"))
        QMessageBox::warning(this, tr("BitSky"), tr("Cannot open the file.\n\n%1").arg(message));
}

std::optional<wcs::SkyPosition> MainWindow::worldAt(int x, int y) const {
    if (!wcs_) return std::nullopt;
    return wcs_->pixel_to_world(x + 1.0, y + 1.0);
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
    const std::pair<const char*, QDockWidget*> docks[] = {{"heatmap", heatDock_},    {"inspector", inspectorDock_},
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
        if (path != currentFile_ || hdu != hdu_) openFile(path, hdu);
    });

    plots_ = new PlotsPanel(this);
    plotsDock_ = new QDockWidget(tr("Plots"), this);
    plotsDock_->setObjectName(QStringLiteral("plots"));
    plotsDock_->setWidget(plots_);
    addDockWidget(Qt::RightDockWidgetArea, plotsDock_);
    tabifyDockWidget(inspectorDock_, plotsDock_);
    connect(plots_, &PlotsPanel::imageActivated, this, [this](const QString& path, int hdu) { openFile(path, hdu); });
    connect(plots_, &PlotsPanel::frameActivated, this, &MainWindow::stepToFrame);

    jobs_ = new JobsPanel(this);
    jobs_->setStorePath(storePath_);
    jobsDock_ = new QDockWidget(tr("Jobs"), this);
    jobsDock_->setObjectName(QStringLiteral("jobs"));
    jobsDock_->setWidget(jobs_);
    addDockWidget(Qt::RightDockWidgetArea, jobsDock_);
    tabifyDockWidget(plotsDock_, jobsDock_);
    heatDock_->raise();
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
}

void MainWindow::frameShown() {
    if (!file_ || hdu_ < 0) return;
    const QString abs = QFileInfo(currentFile_).absoluteFilePath();
    inspector_->setFrameIndex(qint64(frame_));
    plots_->showFrame(abs, hdu_, qint64(frame_), frame16_, file_->hdu(hdu_).axes);
}

void MainWindow::stepToFrame(qint64 index) {
    if (!file_ || hdu_ < 0 || index < 0) return;
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
    return heatmapRunning() || inspector_->noiseRunning() || plots_->loading() || browser_->busy();
}

void MainWindow::refreshFromStore() {
    plots_->refresh(storePath_);
    browser_->refreshStore();
    if (file_ && hdu_ >= 0) inspector_->showStoreResults(storePath_, QFileInfo(currentFile_).absoluteFilePath(), hdu_);
}

bool MainWindow::openDataset(const QString& path) {
    if (!QFileInfo::exists(path)) {
        reportError(tr("%1 does not exist").arg(path));
        return false;
    }
    QString abs = QFileInfo(path).absoluteFilePath();
    browser_->openPath(abs);
    addRecent(abs);
    jobs_->setTarget(abs);
    bool ok = openFile(abs);
    jobs_->setTarget(abs);  // benchmark the whole dataset, not only the image shown
    return ok;
}

void MainWindow::chooseFolder() {
    QString dir = QFileDialog::getExistingDirectory(this, tr("Open dataset folder"));
    if (!dir.isEmpty()) openDataset(dir);
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

void MainWindow::exportPlotDialog() {
    const QStringList names = PlotsPanel::plotNames();
    const QStringList labels = PlotsPanel::plotTitles();
    bool ok = false;
    QString label = QInputDialog::getItem(this, tr("Export plot"), tr("Plot"), labels, 0, false, &ok);
    if (!ok) return;
    QString name = names.value(int(labels.indexOf(label)));
    QString out = QFileDialog::getSaveFileName(this, tr("Export plot"), name + QStringLiteral(".png"),
                                               tr("PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)"));
    if (out.isEmpty()) return;
    if (!plots_->exportPlot(name, out))
        QMessageBox::warning(this, tr("BitSky"), tr("Cannot write %1 (use .png, .pdf or .svg).").arg(out));
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
