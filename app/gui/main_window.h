#pragma once
// The main window: the image view with its colour bar and frame bar, menus, the display
// toolbar, the docks (datasets, scale, heatmap, inspector, plots, jobs) and the status
// bar, and the wiring between them. The work is done by ImageLoader (the image shown),
// HeatmapController (the bit-cost map), the panels and Dialogs. Dock layout and the
// remembered settings: main_window_layout.cpp.
#include <QComboBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QSlider>
#include <QString>
#include <optional>

#include "app/gui/display_toolbar.h"
#include "app/gui/frame_bar.h"
#include "app/gui/heatmap_controller.h"
#include "app/gui/image_loader.h"
#include "engine/wcs/wcs.h"
#include "widgets/colour_bar.h"
#include "widgets/image_view.h"

namespace bitsky {

class Inspector;
class BrowserPanel;
class PlotsPanel;
class JobsPanel;
class ScalePanel;
class RegionsPanel;
class LossyPanel;
class NeuralPanel;
class ComparePanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // storePath: the results store (empty: none).
    explicit MainWindow(const QString& storePath = QString(), QWidget* parent = nullptr);
    ~MainWindow() override;

    // Starts loading a FITS file (or the first FITS file of a folder) in the background
    // (read, limits, stretch and colours off the GUI thread) and shows its first image
    // HDU (first frame of a cube) when done; hdu >= 0: that HDU. A newer load makes an
    // older one stale: its result is dropped. Ends with loadFinished; an unreadable file
    // shows a (non-modal) error dialog naming the file and the reason.
    void loadFile(const QString& path, int hdu = -1);
    bool loading() const { return loader_->loading(); }
    // loadFile and wait (running the event loop) until it is shown; false (with the
    // reason in lastError()) if it cannot be shown. For scripts and tests.
    bool openFile(const QString& path, int hdu = -1);
    // Adds a folder or file to the dataset browser (and recent datasets) and starts
    // loading its first image; false if the path does not exist. A file may name its HDU
    // as CFITSIO does (file[N] with 0 = primary, file[NAME], file[NAME,VER]; loadFile too).
    bool openDataset(const QString& path);
    // The error dialog of the last failed open (null if none was shown).
    QMessageBox* errorDialog() const { return loader_->errorDialog(); }
    // How the bit-cost map is shown; remembered in QSettings (view/heatmapMode).
    void setHeatmapMode(HeatmapMode mode) { heat_->setMode(mode); }
    // Writes the shown bit-cost map (or difference map) as a float32 FITS image with the
    // source HDU's WCS cards and BUNIT 'bit/pixel'. Throws bitsky::Error on failure.
    void saveHeatmapFits(const QString& path) const { heat_->saveFits(path, loader_->hdu()); }
    // Starts one jobs-panel benchmark over exactly the browser's selected files and
    // datasets (false, with the reason in the Jobs dock, if none is selected or a job runs).
    bool benchmarkSelection(const QStringList& codecs, bool retryFailed = false);
    // Window geometry, dock layout, display settings (limits, manual limits, stretch,
    // colour map, inversion), overlay opacity and map display mode from QSettings, and
    // from then on remembers them (saveSettings on close; the folder of each file opened).
    // Not called for --screenshot, so pictures do not depend on the user's last session.
    void restoreSettings();
    void saveSettings() const;
    // The docks where they start: one column right of the image (Datasets above; Scale,
    // Heatmap, Inspector, Plots and Jobs as tabs below), the image view at least half of
    // a 1280 x 800 window. View > Reset layout.
    void applyDefaultLayout();
    // Shows frame (i3, i4) of the current HDU (axes 3 and 4; 0 for missing axes).
    bool showFrame(int i3, int i4 = 0);
    // Shows frame `frame` of the current HDU, counted from 0 over axes 3 and 4 (axis 3
    // fastest), as bitsky-cli numbers frames; out of range: reported, false.
    bool showFrameNumber(qint64 frame);
    ImageView* imageView() const { return view_; }
    ColourBar* colourBar() const { return bar_; }
    ColourBar* heatmapBar() const { return heat_->bar(); }
    Inspector* inspector() const { return inspector_; }
    ScalePanel* scalePanel() const { return scale_; }
    DisplayToolBar* displayToolBar() const { return display_; }
    HeatmapController* heatmapController() const { return heat_; }
    BrowserPanel* browser() const { return browser_; }
    PlotsPanel* plots() const { return plots_; }
    JobsPanel* jobs() const { return jobs_; }
    RegionsPanel* regions() const { return regions_; }
    // Difference maps of lossy settings and the science-safe suggestion for the frame shown.
    LossyPanel* lossy() const { return lossy_; }
    // Training neural models on the user's folders and the cross-dataset matrix (Neural dock).
    NeuralPanel* neural() const { return neural_; }
    // Two cost maps of the frame shown side by side and their difference (Compare dock).
    ComparePanel* compare() const { return compare_; }
    int currentHdu() const { return loader_->hduIndex(); }
    // The HDU shown (null before the first image), its frame (flat over axes 3 and 4) and WCS.
    const fits::HduInfo* currentHduInfo() const { return loader_->hdu(); }
    std::size_t currentFrame() const { return loader_->frame(); }
    const wcs::Wcs* currentWcs() const { return loader_->wcs(); }
    // Background work still running (maps, noise, store reads, folder scans).
    bool busy() const;
    // Re-reads the store into the inspector, plots and browser.
    void refreshFromStore();
    QStringList recentDatasets() const;
    QString lastError() const { return loader_->lastError(); }
    QString currentFile() const { return loader_->currentFile(); }
    QString storePath() const { return storePath_; }
    QSlider* frameSlider(int axis) const { return frameBar_->slider(axis); }
    // The heatmap's model choice (iid, context, tile:<codec>, and the store's neural models).
    QComboBox* heatmapModelBox() const { return heat_->modelBox(); }

    // Display settings (also reachable from the toolbar).
    void setDisplay(Limits limits, Stretch stretch, ColourMap map) { display_->setDisplay(limits, stretch, map); }
    void setDisplay(const DisplaySettings& display) { display_->setDisplay(display); }
    const DisplaySettings& display() const { return view_->display(); }

    // Starts a bit-cost map of the shown frame in the background (model b non-empty: the
    // difference a - b). Emits heatmapReady (or heatmapFailed) on the GUI thread. The map
    // follows the frame: a frame change recomputes it for the new frame, and a map that
    // finishes after the frame changed is dropped, never drawn over another frame. While a
    // map is computed, a new request is queued (the latest wins).
    bool startHeatmap(const QString& modelA, const QString& modelB = QString()) { return heat_->start(modelA, modelB); }
    bool heatmapRunning() const { return heat_->running(); }
    const std::optional<HeatmapResult>& heatmap() const { return heat_->result(); }

    // The status text for a pixel (0-based FITS storage coordinates), as on hover.
    QString pixelStatus(int x, int y) const;
    // World coordinates of a pixel in the frame shown (all WCS axes; nullopt without a WCS).
    std::optional<wcs::WorldCoordinates> worldAt(int x, int y) const;
    // Brings a panel to the front: browser|image|scale|heatmap|regions|lossy|inspector|plots|jobs|
    // neural|compare (false
    // if the name is unknown or the panel does not exist in this build).
    bool showPanel(const QString& name);

signals:
    // A loadFile ended (ok: the image is shown).
    void loadFinished(bool ok);
    void heatmapReady();
    void heatmapFailed(const QString& message);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void buildPanels();
    // The Neural menu and the wiring of the Neural and Compare docks (main_window_layout.cpp).
    void buildNeuralMenu(QMenu* menu);
    void connectPanels();
    QList<QDockWidget*> docks() const;
    void buildStatusBar();
    // A dock holding `panel`, added to `area` (named for saveState and showPanel).
    QDockWidget* addPanel(QWidget* panel, const QString& title, const char* name, Qt::DockWidgetArea area);
    void benchmarkSelectedDialog();
    void addRecent(const QString& path);
    void updateRecentMenu();
    void updateColourBar();
    void startLoad(const QString& path, int hdu, bool keepJobTarget);
    void setLoadingIndicator(const QString& what);
    // The end of a load (ok: its first frame is shown): the window follows the new image.
    void imageLoaded(bool ok);
    // Noise, heatmap, plots, frame label and status line follow the frame shown
    // (newImage: the first frame of another image, the heatmap starts afresh).
    void afterFrameShown(bool newImage);
    // The status line for the image shown: HDU, shape, BITPIX and the display limits.
    QString imageInfo() const;

    QString storePath_;
    ImageView* view_ = nullptr;
    ColourBar* bar_ = nullptr;
    FrameBar* frameBar_ = nullptr;
    DisplayToolBar* display_ = nullptr;
    QLabel* info_ = nullptr;
    QLabel* pixel_ = nullptr;
    QProgressBar* busyBar_ = nullptr;
    QMenu* recentMenu_ = nullptr;

    ImageLoader* loader_ = nullptr;
    bool keepJobTarget_ = false;  // of the newest load: the jobs dock keeps its target
    HeatmapController* heat_ = nullptr;

    bool persistSettings_ = false;  // restoreSettings was called: remember the session
    QDockWidget* scaleDock_ = nullptr;
    ScalePanel* scale_ = nullptr;
    QDockWidget* inspectorDock_ = nullptr;
    Inspector* inspector_ = nullptr;
    QDockWidget* browserDock_ = nullptr;
    BrowserPanel* browser_ = nullptr;
    QDockWidget* plotsDock_ = nullptr;
    PlotsPanel* plots_ = nullptr;
    QDockWidget* jobsDock_ = nullptr;
    QDockWidget* regionsDock_ = nullptr;
    RegionsPanel* regions_ = nullptr;
    QDockWidget* lossyDock_ = nullptr;
    LossyPanel* lossy_ = nullptr;
    JobsPanel* jobs_ = nullptr;
    QDockWidget* neuralDock_ = nullptr;
    NeuralPanel* neural_ = nullptr;
    QDockWidget* compareDock_ = nullptr;
    ComparePanel* compare_ = nullptr;
    QElapsedTimer sinceRefresh_;
    QStringList lastBench_, lastBenchCodecs_;  // the last "Benchmark selected" job
};

}  // namespace bitsky
