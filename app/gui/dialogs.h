#pragma once
// The main window's dialogs (File, Benchmark and Help menus): each asks the user, then acts
// through the panel or controller it is given, or returns what was chosen.
#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <optional>

#include "engine/fits/fits.h"
#include "widgets/plot_canvas.h"

class QStatusBar;
class QWidget;

namespace bitsky {

class HeatmapController;
class PlotsPanel;

class Dialogs {
    Q_DECLARE_TR_FUNCTIONS(Dialogs)
public:
    // A FITS file to open, or a dataset folder (empty: cancelled).
    static QString openFitsFile(QWidget* parent);
    static QString openDatasetFolder(QWidget* parent);
    // Which plot, the file (PNG, PDF or SVG) and for PNG its size and resolution; writes it.
    static void exportPlot(QWidget* parent, PlotsPanel* plots);
    // The size of an exported plot: width and height in inches and the PNG resolution
    // (3.5 x 2.6 in at 300 dpi to start with); nullopt if cancelled.
    static std::optional<PlotSize> plotSize(QWidget* parent);
    // Where to save the map shown as FITS (next to the source file); writes it and says so
    // in `status`, or explains why not.
    static void saveHeatmap(QWidget* parent, const HeatmapController& heatmap, const QString& sourceFile,
                            const fits::HduInfo* source, QStatusBar* status);
    // The codecs for "Benchmark selected" over `paths` (nothing if none is selected or the
    // dialog was cancelled).
    struct BenchChoice {
        QStringList codecs;
        bool retryFailed = false;
    };
    static std::optional<BenchChoice> benchmarkSelected(QWidget* parent, const QStringList& paths);
    // The version and the libraries' versions.
    static void about(QWidget* parent);
    // The language (applied at the next start).
    static void preferences(QWidget* parent);
    // The folder the open dialogs start in: the folder of the last file or dataset opened
    // (QSettings "files/lastFolder"; empty: the working folder).
    static QString lastFolder();
    static void rememberFolder(const QString& folder);
};

}  // namespace bitsky
