// bitsky: the BitSky desktop application.
#include <QApplication>
#include <QCommandLineParser>

#include "app/gui/fs_path.h"
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QMouseEvent>
#include <QTimer>
#include <cstdio>
#include <cstring>
#include <optional>
#include <utility>

#include "app/gui/inspector.h"
#include "app/gui/language.h"
#include "app/gui/compare_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/measure.h"
#include "app/gui/plots_panel.h"
#include "app/gui/regions_panel.h"
#include "app/gui/view_export.h"

int main(int argc, char** argv) {
    // --render never shows a window: it runs on the offscreen platform unless
    // QT_QPA_PLATFORM says otherwise, so it works without a display and gives the same
    // figure with or without one. --export-plot does so when there is no display.
    const bool noDisplay = qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
    for (int i = 1; i < argc && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"); ++i)
        if (std::strcmp(argv[i], "--render") == 0 || std::strncmp(argv[i], "--render=", 9) == 0 ||
            (noDisplay && std::strcmp(argv[i], "--export-plot") == 0))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    // No display and no platform asked for: Qt would abort with a platform-plugin message.
    // Only the modes that show no window can run (--help, --version, --render,
    // --export-plot, --screenshot and the measurements, on the offscreen platform); anything
    // else is refused below with a message saying why.
    const bool headless = noDisplay && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
    if (headless) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("BitSky"));
    QApplication::setOrganizationDomain(QStringLiteral("bitsky.org"));
    QApplication::setApplicationVersion(QStringLiteral(BITSKY_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.bitsky.BitSky"));

    // The language chosen in Preferences, else the system's (language.h).
    const bitsky::Translations translations(bitsky::Translations::preference());

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "See where the bits go in FITS images."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption db(QStringList{QStringLiteral("db")},
                          QApplication::translate("main", "Results store (default: results.db in the user data folder)."), QApplication::translate("main", "STORE"));
    QCommandLineOption open(QStringList{QStringLiteral("open")}, QApplication::translate("main", "Open a FITS file or a folder."), QApplication::translate("main", "PATH"));
    QCommandLineOption panel(QStringList{QStringLiteral("panel")},
                             QApplication::translate("main", "Bring a panel to the front: browser, image, scale, heatmap, regions, lossy, inspector, plots, jobs, neural or compare."), QApplication::translate("main", "NAME"));
    QCommandLineOption tab(QStringList{QStringLiteral("tab")},
                           QApplication::translate("main", "Page of the panel brought to the front: for plots ratio, noise, speed, histogram, "
                                                           "bitplanes, matrix, frames, lossy-noise or lossy-phot; for the inspector header, noise, predicted or results."),
                           QApplication::translate("main", "TAB"));
    QCommandLineOption limits(QStringList{QStringLiteral("limits")},
                              QApplication::translate("main", "Display limits: zscale (the default), minmax, 99, 99.5, 99.9, or LOW:HIGH (fixed values)."),
                              QApplication::translate("main", "LIMITS"));
    QCommandLineOption stretch(QStringList{QStringLiteral("stretch")},
                               QApplication::translate("main", "Stretch: linear (the default), log, sqrt, asinh or histeq."), QApplication::translate("main", "STRETCH"));
    QStringList mapKeys;
    for (bitsky::ColourMap m : bitsky::imageColourMaps()) mapKeys << bitsky::colourMapKey(m);
    QCommandLineOption cmap(QStringList{QStringLiteral("cmap")},
                            QApplication::translate("main", "Colour map: %1.").arg(mapKeys.join(QStringLiteral(", "))),
                            QApplication::translate("main", "MAP"));
    QCommandLineOption invert(QStringList{QStringLiteral("invert")}, QApplication::translate("main", "Invert the colour map."));
    QCommandLineOption heatmap(QStringList{QStringLiteral("heatmap")},
                               QApplication::translate("main", "Overlay the bit-cost map of a model (iid, context, bitsky, tile:<codec>)."), QApplication::translate("main", "MODEL"));
    QCommandLineOption compareOpt(QStringList{QStringLiteral("compare")},
                                  QApplication::translate("main", "Compare two models' bit-cost maps of the frame side by side (Compare panel), e.g. neural:sky.pt,context."),
                                  QApplication::translate("main", "A,B"));
    QCommandLineOption heatmapMode(QStringList{QStringLiteral("heatmap-mode")},
                                   QApplication::translate("main", "How the map is shown: overlay, side (side by side) or split."),
                                   QApplication::translate("main", "MODE"));
    QCommandLineOption split(QStringList{QStringLiteral("split")},
                             QApplication::translate("main", "Split line position for --heatmap-mode split, 0 to 1."),
                             QApplication::translate("main", "FRACTION"));
    QCommandLineOption measure(QStringList{QStringLiteral("measure-open")},
                               QApplication::translate("main", "Benchmark: open an N x N synthetic frame, toggle the map; print the times and exit."),
                               QApplication::translate("main", "N"));
    QCommandLineOption frameOpt(QStringList{QStringLiteral("frame")},
                                QApplication::translate("main", "Frame of a cube to show, counted from 0 (axis 3 fastest, then axis 4) as "
                                                                "bitsky-cli counts; FILE[N] (0 = primary), FILE[NAME] or FILE[NAME,VER] "
                                                                "chooses the HDU."),
                                QApplication::translate("main", "N"));
    QCommandLineOption opacity(QStringList{QStringLiteral("opacity")}, QApplication::translate("main", "Heatmap opacity, 0 to 1."), QApplication::translate("main", "ALPHA"));
    QCommandLineOption shot(QStringList{QStringLiteral("screenshot")},
                            QApplication::translate("main", "Render the window to a PNG file once everything is loaded, and exit."),
                            QApplication::translate("main", "OUT.png"));
    QCommandLineOption size(QStringList{QStringLiteral("size")}, QApplication::translate("main", "Window size for the screenshot."),
                            QApplication::translate("main", "WxH"));
    QCommandLineOption firstPaint(QStringList{QStringLiteral("exit-after-paint")},
                                  QApplication::translate("main", "Benchmark: exit once the window has been painted; print the time since start."));
    QCommandLineOption regionsOpt(QStringList{QStringLiteral("regions")},
                                  QApplication::translate("main", "Load a DS9 region file over the image (its statistics and bit budgets in the Regions panel)."),
                                  QApplication::translate("main", "FILE.reg"));
    QCommandLineOption splitOpt(QStringList{QStringLiteral("split-sources")},
                                QApplication::translate("main", "Split the frame into sources above background + K sigma and background (Regions panel)."),
                                QApplication::translate("main", "K"));
    QCommandLineOption cursorOpt(QStringList{QStringLiteral("cursor")},
                                 QApplication::translate("main", "For --screenshot: put the mouse over pixel X,Y (counted from 1, as the status line shows) so the status line reads it out."),
                                 QApplication::translate("main", "X,Y"));
    QCommandLineOption renderOpt(QStringList{QStringLiteral("render")},
                                 QApplication::translate("main", "Write a figure of FILE (FILE[N] chooses the HDU) to --out without showing a window: "
                                                                 "the image with its colour bar and title, and --overlay, --regions, --grid as asked; then exit."),
                                 QApplication::translate("main", "FILE"));
    QCommandLineOption overlayOpt(QStringList{QStringLiteral("overlay")},
                                  QApplication::translate("main", "For --render: the bit-cost map of a model over the image (as --heatmap)."),
                                  QApplication::translate("main", "MODEL"));
    QCommandLineOption gridOpt(QStringList{QStringLiteral("grid")},
                               QApplication::translate("main", "For --render: draw the celestial coordinate grid of the image's WCS."));
    QCommandLineOption outOpt(QStringList{QStringLiteral("out")},
                              QApplication::translate("main", "For --render: the figure to write (.png, .pdf or .svg)."),
                              QApplication::translate("main", "FIG"));
    QCommandLineOption widthInOpt(QStringList{QStringLiteral("width-in")},
                                  QApplication::translate("main", "For --render: width of the figure in inches (default 3.5); the height follows the image."),
                                  QApplication::translate("main", "W"));
    QCommandLineOption dpiOpt(QStringList{QStringLiteral("dpi")},
                              QApplication::translate("main", "Resolution of PNG figures and plots, pixels per inch (default 300)."),
                              QApplication::translate("main", "D"));
    QCommandLineOption plotWidthOpt(QStringList{QStringLiteral("plot-width-in")},
                                    QApplication::translate("main", "For --export-plot: width in inches (default 3.5)."),
                                    QApplication::translate("main", "W"));
    QCommandLineOption plotHeightOpt(QStringList{QStringLiteral("plot-height-in")},
                                     QApplication::translate("main", "For --export-plot: height in inches (default 2.6)."),
                                     QApplication::translate("main", "H"));
    for (auto* o : {&renderOpt, &overlayOpt, &gridOpt, &outOpt, &widthInOpt, &dpiOpt, &plotWidthOpt, &plotHeightOpt}) parser.addOption(*o);
    for (auto* o : {&cursorOpt, &regionsOpt, &splitOpt, &db, &open, &panel, &tab, &limits, &stretch, &cmap, &invert, &heatmap, &compareOpt, &heatmapMode, &split, &measure, &frameOpt, &opacity, &shot, &size, &firstPaint}) parser.addOption(*o);
    parser.addPositionalArgument(QStringLiteral("files"), QApplication::translate("main", "FITS files or folders to open (each one is listed; the last is shown)."),
                                 QStringLiteral("[files...]"));
    // --export-plot NAME OUT takes two values, which QCommandLineParser cannot express:
    // take it out of the arguments first.
    // The raw arguments, so file names that are not UTF-8 survive (fs_path.h); Qt's own
    // arguments() replaces such bytes.
    QStringList arguments;
    for (int i = 0; i < argc; ++i) arguments << bitsky::fromFsBytes(argv[i]);
    QString exportName, exportOut;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        if (arguments[i] != QLatin1String("--export-plot")) continue;
        if (i + 2 >= arguments.size()) {
            std::fprintf(stderr, "bitsky: --export-plot needs NAME and OUT.(png|pdf|svg)\n");
            return 2;
        }
        exportName = arguments[i + 1];
        exportOut = arguments[i + 2];
        arguments.remove(i, 3);
        break;
    }
    parser.setApplicationDescription(parser.applicationDescription() + QLatin1Char('\n') +
                                     QApplication::translate("main", "--export-plot NAME OUT.(png|pdf|svg): write one plot "
                                                                     "(ratio, noise, speed, histogram, bitplanes, matrix or frames) and exit."));
    parser.process(arguments);
    if (!exportName.isEmpty() && !bitsky::PlotsPanel::plotNames().contains(exportName)) {
        std::fprintf(stderr, "bitsky: unknown plot '%s' (%s)\n", qPrintable(exportName),
                     qPrintable(bitsky::PlotsPanel::plotNames().join(QStringLiteral(", "))));
        return 2;
    }

    // --render: its options checked before any window exists (bad usage: exit 2).
    const bool render = parser.isSet(renderOpt);
    if (headless && !render && exportName.isEmpty() && !parser.isSet(shot) && !parser.isSet(measure) &&
        !parser.isSet(firstPaint)) {
        std::fprintf(stderr, "bitsky: no display to show a window on (DISPLAY and WAYLAND_DISPLAY are not set): run it "
                             "in a desktop session or over ssh -X; without a display, bitsky --render, --export-plot and "
                             "--screenshot write figures, and bitsky-cli does the rest\n");
        return 2;
    }
    bitsky::ViewExportOptions renderOptions;
    renderOptions.wholeFrame = true;
    renderOptions.grid = parser.isSet(gridOpt);
    if (render) {
        const QString out = parser.value(outOpt);
        if (out.isEmpty() || !QStringList{QStringLiteral("png"), QStringLiteral("pdf"), QStringLiteral("svg")}.contains(
                                 QFileInfo(out).suffix().toLower())) {
            std::fprintf(stderr, "bitsky: --render needs --out FIG.png, FIG.pdf or FIG.svg\n");
            return 2;
        }
    }
    if (parser.isSet(widthInOpt)) {
        bool isNumber = false;
        renderOptions.widthIn = parser.value(widthInOpt).toDouble(&isNumber);
        if (!isNumber || !(renderOptions.widthIn >= 0.5 && renderOptions.widthIn <= 100)) {
            std::fprintf(stderr, "bitsky: --width-in needs inches from 0.5 to 100 (got '%s')\n", qPrintable(parser.value(widthInOpt)));
            return 2;
        }
    }
    if (parser.isSet(dpiOpt)) {
        bool isNumber = false;
        renderOptions.dpi = parser.value(dpiOpt).toInt(&isNumber);
        if (!isNumber || renderOptions.dpi < 10 || renderOptions.dpi > 2400) {
            std::fprintf(stderr, "bitsky: --dpi needs a whole number from 10 to 2400 (got '%s')\n", qPrintable(parser.value(dpiOpt)));
            return 2;
        }
    }
    bitsky::PlotSize plotSize;
    plotSize.dpi = renderOptions.dpi;
    for (auto [opt, target] : {std::pair{&plotWidthOpt, &plotSize.widthIn}, std::pair{&plotHeightOpt, &plotSize.heightIn}}) {
        if (!parser.isSet(*opt)) continue;
        bool isNumber = false;
        *target = parser.value(*opt).toDouble(&isNumber);
        if (!isNumber || !(*target >= 0.5 && *target <= 100)) {
            std::fprintf(stderr, "bitsky: --%s needs inches from 0.5 to 100 (got '%s')\n", qPrintable(opt->names().first()),
                         qPrintable(parser.value(*opt)));
            return 2;
        }
    }

    QString storePath = parser.value(db);
    if (storePath.isEmpty()) {
        QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        storePath = QDir(dir).filePath(QStringLiteral("results.db"));
    }
    std::optional<bitsky::HeatmapMode> mode;
    if (parser.isSet(heatmapMode)) {
        mode = bitsky::heatmapModeFromKey(parser.value(heatmapMode));
        if (!mode) {
            std::fprintf(stderr, "bitsky: unknown --heatmap-mode '%s' (overlay, side, split)\n",
                         qPrintable(parser.value(heatmapMode)));
            return 2;
        }
    }
    bitsky::MainWindow window(storePath);
    if (parser.isSet(measure)) {
        int n = parser.value(measure).toInt();
        if (n < 16 || n > 16384) {
            std::fprintf(stderr, "bitsky: --measure-open N needs 16 <= N <= 16384\n");
            return 2;
        }
        return bitsky::measureOpen(window, n, 5);
    }
    // A screenshot or export does not depend on the last session's window layout.
    if (!parser.isSet(shot) && exportName.isEmpty() && !render) window.restoreSettings();
    if (mode) window.setHeatmapMode(*mode);
    if (parser.isSet(split)) window.imageView()->setSplitPosition(parser.value(split).toDouble());
    if (parser.isSet(size)) {
        QStringList wh = parser.value(size).split(QLatin1Char('x'));
        if (wh.size() == 2) window.resize(wh[0].toInt(), wh[1].toInt());
    }
    // The display: the remembered settings (or the defaults), with what the command line sets.
    bitsky::DisplaySettings display = window.display();
    if (parser.isSet(limits)) {
        const QString v = parser.value(limits);
        QStringList lohi = v.split(QLatin1Char(':'));
        if (lohi.size() != 2) lohi = v.split(QLatin1Char(','));  // LO,HI as bitsky-cli render takes it
        bool okLo = false, okHi = false;
        const double lo = lohi.size() == 2 ? lohi[0].toDouble(&okLo) : 0, hi = lohi.size() == 2 ? lohi[1].toDouble(&okHi) : 0;
        if (okLo && okHi && hi > lo) {
            display.limits = bitsky::Limits::Manual;
            display.manual = {lo, hi};
        } else if (bitsky::isLimitsKey(v) && v != QLatin1String("manual")) {
            display.limits = bitsky::limitsFromKey(v);
        } else {
            std::fprintf(stderr, "bitsky: unknown --limits '%s' (zscale, minmax, 99, 99.5, 99.9 or LOW:HIGH or LOW,HIGH with LOW < HIGH)\n",
                         qPrintable(v));
            return 2;
        }
    }
    if (parser.isSet(stretch)) {
        if (!bitsky::isStretchKey(parser.value(stretch))) {
            std::fprintf(stderr, "bitsky: unknown --stretch '%s' (linear, log, sqrt, asinh, histeq)\n",
                         qPrintable(parser.value(stretch)));
            return 2;
        }
        display.stretch = bitsky::stretchFromKey(parser.value(stretch));
    }
    if (parser.isSet(cmap)) {
        if (!mapKeys.contains(parser.value(cmap))) {
            std::fprintf(stderr, "bitsky: unknown --cmap '%s' (%s)\n", qPrintable(parser.value(cmap)),
                         qPrintable(mapKeys.join(QStringLiteral(", "))));
            return 2;
        }
        display.map = bitsky::colourMapFromKey(parser.value(cmap));
    }
    if (parser.isSet(invert)) display.inverted = true;
    window.setDisplay(display);
    // --open and every positional (a file manager passes several files: Exec=bitsky %F).
    QStringList paths = parser.positionalArguments();
    if (parser.isSet(open)) paths.prepend(parser.value(open));
    bool ok = true;
    if (parser.isSet(frameOpt)) {
        bool isNumber = false;
        const qint64 n = parser.value(frameOpt).toLongLong(&isNumber);
        if (!isNumber || n < 0) {
            std::fprintf(stderr, "bitsky: --frame needs a frame number, counted from 0 (got '%s')\n",
                         qPrintable(parser.value(frameOpt)));
            return 2;
        }
        // Shown once the image is (before a --heatmap starts, so the map is of this frame).
        QObject::connect(&window, &bitsky::MainWindow::loadFinished, &window, [&window, &ok, n](bool loaded) {
            static bool done = false;
            if (!loaded || std::exchange(done, true)) return;
            if (!window.showFrameNumber(n)) ok = false;
        });
    }
    if (parser.isSet(heatmap) || parser.isSet(overlayOpt)) {
        // The map needs the image: start it once the (background) load has finished.
        const QString model = parser.isSet(overlayOpt) ? parser.value(overlayOpt) : parser.value(heatmap);
        QObject::connect(&window, &bitsky::MainWindow::loadFinished, &window, [&window, &ok, model](bool loaded) {
            static bool started = false;
            if (!loaded || std::exchange(started, true)) return;
            if (!window.startHeatmap(model)) ok = false;
        });
    }
    if (parser.isSet(compareOpt)) {
        const QStringList models = parser.value(compareOpt).split(QLatin1Char(','));
        if (models.size() != 2 || models[0].isEmpty() || models[1].isEmpty()) {
            std::fprintf(stderr, "bitsky: --compare needs two models A,B (got '%s')\n", qPrintable(parser.value(compareOpt)));
            return 2;
        }
        QObject::connect(&window, &bitsky::MainWindow::loadFinished, &window, [&window, &ok, models](bool loaded) {
            static bool started = false;
            if (!loaded || std::exchange(started, true)) return;
            window.showPanel(QStringLiteral("compare"));
            if (!window.compare()->start(models[0], models[1])) ok = false;
        });
    }
    if (parser.isSet(regionsOpt) || parser.isSet(splitOpt)) {
        bool isNumber = true;
        const double k = parser.isSet(splitOpt) ? parser.value(splitOpt).toDouble(&isNumber) : 0.0;
        if (!isNumber || k < 0) {
            std::fprintf(stderr, "bitsky: --split-sources needs a number K >= 0 (got '%s')\n", qPrintable(parser.value(splitOpt)));
            return 2;
        }
        // Once the image (and the frame asked for) is shown.
        QObject::connect(&window, &bitsky::MainWindow::loadFinished, &window,
                         [&window, &ok, regs = parser.value(regionsOpt), split = parser.isSet(splitOpt), k](bool loaded) {
                             static bool done = false;
                             if (!loaded || std::exchange(done, true)) return;
                             if (!regs.isEmpty() && !window.regions()->loadRegions(regs)) {
                                 std::fprintf(stderr, "bitsky: %s\n", qPrintable(window.regions()->lastError()));
                                 ok = false;
                             }
                             if (split) window.regions()->splitSources(k);
                         });
    }
    if (render) {
        // Not through the browser: a render leaves the recent datasets as they are.
        QObject::connect(&window, &bitsky::MainWindow::heatmapFailed, &window, [&ok](const QString& message) {
            std::fprintf(stderr, "bitsky: %s\n", qPrintable(message));
            ok = false;
        });
        window.loadFile(parser.value(renderOpt));
    }
    for (const QString& path : paths) ok = window.openDataset(path) && ok;
    if (parser.isSet(opacity)) window.imageView()->setOverlayOpacity(parser.value(opacity).toDouble());
    if (parser.isSet(panel) && !window.showPanel(parser.value(panel))) {
        std::fprintf(stderr, "bitsky: unknown panel '%s' (browser, image, scale, heatmap, regions, lossy, inspector, plots, jobs, neural, compare)\n", qPrintable(parser.value(panel)));
        return 2;
    }
    if (parser.isSet(tab)) {
        const QString t = parser.value(tab);
        bool shown = false;
        if (parser.value(panel) == QLatin1String("inspector"))
            shown = window.inspector()->showPage(t);
        else if (bitsky::PlotsPanel::plotNames().contains(t)) {
            window.plots()->showPlot(t);
            shown = true;
        }
        if (!shown) {
            std::fprintf(stderr, "bitsky: unknown tab '%s' (plots: %s; inspector: %s)\n", qPrintable(t),
                         qPrintable(bitsky::PlotsPanel::plotNames().join(QStringLiteral(", "))),
                         qPrintable(bitsky::Inspector::pageKeys().join(QStringLiteral(", "))));
            return 2;
        }
    }
    if (parser.isSet(firstPaint)) bitsky::exitAfterFirstPaint(window);
    if (render) {
        // Once the image, its frame, the map and the regions are in: the figure, then exit.
        auto* poll = new QTimer(&window);
        QObject::connect(poll, &QTimer::timeout, &window, [&window, &ok, poll, renderOptions, out = parser.value(outOpt)] {
            if (window.busy()) return;
            poll->stop();
            if (!window.lastError().isEmpty()) {
                std::fprintf(stderr, "bitsky: %s\n", qPrintable(window.lastError()));
                QApplication::exit(1);
                return;
            }
            QString error;
            const bool saved = ok && bitsky::exportView(window, out, renderOptions, &error);
            if (!error.isEmpty()) std::fprintf(stderr, "bitsky: %s\n", qPrintable(error));
            QApplication::exit(saved ? 0 : 1);
        });
        poll->start(20);
        return app.exec();
    }
    window.show();
    if (!exportName.isEmpty()) {
        // Wait until the store has been read (and the noise estimated), then export.
        auto* poll = new QTimer(&window);
        QObject::connect(poll, &QTimer::timeout, &window, [&window, exportName, exportOut, poll, plotSize] {
            if (window.busy()) return;
            poll->stop();
            bool saved = window.plots()->exportPlot(exportName, exportOut, plotSize);
            if (!saved) std::fprintf(stderr, "bitsky: cannot write %s\n", qPrintable(exportOut));
            QApplication::exit(saved ? 0 : 1);
        });
        poll->start(50);
    } else if (parser.isSet(shot)) {
        // Wait until the background work (bit-cost map, noise) has finished, then render.
        QString out = parser.value(shot);
        const QStringList cursor = parser.value(cursorOpt).split(QLatin1Char(','));
        auto* poll = new QTimer(&window);
        QObject::connect(poll, &QTimer::timeout, &window, [&window, out, &ok, poll, cursor] {
            if (window.busy()) return;
            poll->stop();
            if (cursor.size() == 2) {
                // A mouse move over the pixel: the status line reads it out as on hover.
                bitsky::ImageView* v = window.imageView();
                const QPointF at = v->imageToWidget(QPointF(cursor[0].toDouble() - 0.5, cursor[1].toDouble() - 0.5));
                QMouseEvent move(QEvent::MouseMove, at, v->mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
                QApplication::sendEvent(v, &move);
            }
            QApplication::processEvents();
            bool saved = window.grab().save(out);
            if (!saved) std::fprintf(stderr, "bitsky: cannot write %s\n", qPrintable(out));
            if (!window.lastError().isEmpty()) std::fprintf(stderr, "bitsky: %s\n", qPrintable(window.lastError()));
            QApplication::exit(saved && ok && window.lastError().isEmpty() ? 0 : 1);
        });
        poll->start(50);
    }
    return app.exec();
}
