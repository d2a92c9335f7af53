// bitsky: the BitSky desktop application.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QStandardPaths>
#include <QTimer>
#include <QTranslator>
#include <cstdio>

#include "app/gui/inspector.h"
#include "app/gui/main_window.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("BitSky"));
    QApplication::setOrganizationDomain(QStringLiteral("bitsky.org"));
    QApplication::setApplicationVersion(QStringLiteral(BITSKY_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.bitsky.BitSky"));

    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("bitsky"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "See where the bits go in FITS images."));
    parser.addHelpOption();
    parser.addVersionOption();
    auto tr = [](const char* s) { return QApplication::translate("main", s); };
    QCommandLineOption db(QStringList{QStringLiteral("db")},
                          tr("Results store (default: results.db in the user data folder)."), tr("STORE"));
    QCommandLineOption open(QStringList{QStringLiteral("open")}, tr("Open a FITS file or a folder."), tr("PATH"));
    QCommandLineOption panel(QStringList{QStringLiteral("panel")},
                             tr("Bring a panel to the front: image, heatmap or inspector."), tr("NAME"));
    QCommandLineOption limits(QStringList{QStringLiteral("limits")},
                              tr("Display limits: minmax, zscale, 99, 99.5 or 99.9."), tr("LIMITS"));
    QCommandLineOption stretch(QStringList{QStringLiteral("stretch")},
                               tr("Stretch: linear, log, sqrt, asinh or histeq."), tr("STRETCH"));
    QCommandLineOption cmap(QStringList{QStringLiteral("cmap")},
                            tr("Colour map: grey, viridis, inferno, magma or cubehelix."), tr("MAP"));
    QCommandLineOption heatmap(QStringList{QStringLiteral("heatmap")},
                               tr("Overlay the bit-cost map of a model (iid, context, tile:<codec>)."), tr("MODEL"));
    QCommandLineOption shot(QStringList{QStringLiteral("screenshot")},
                            tr("Render the window to a PNG file once everything is loaded, and exit."),
                            tr("OUT.png"));
    QCommandLineOption size(QStringList{QStringLiteral("size")}, tr("Window size for the screenshot."),
                            tr("WxH"));
    for (auto* o : {&db, &open, &panel, &limits, &stretch, &cmap, &heatmap, &shot, &size}) parser.addOption(*o);
    parser.addPositionalArgument(QStringLiteral("file"), tr("FITS file to open."));
    parser.process(app);

    QString storePath = parser.value(db);
    if (storePath.isEmpty()) {
        QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        storePath = QDir(dir).filePath(QStringLiteral("results.db"));
    }
    bitsky::MainWindow window(storePath);
    if (parser.isSet(size)) {
        QStringList wh = parser.value(size).split(QLatin1Char('x'));
        if (wh.size() == 2) window.resize(wh[0].toInt(), wh[1].toInt());
    }
    window.setDisplay(bitsky::limitsFromKey(parser.value(limits)), bitsky::stretchFromKey(parser.value(stretch)),
                      bitsky::colourMapFromKey(parser.value(cmap)));
    QString path = parser.value(open);
    if (path.isEmpty() && !parser.positionalArguments().isEmpty()) path = parser.positionalArguments().first();
    bool ok = path.isEmpty() || window.openFile(path);
    if (ok && parser.isSet(heatmap)) ok = window.startHeatmap(parser.value(heatmap));
    if (parser.isSet(panel) && !window.showPanel(parser.value(panel))) {
        std::fprintf(stderr, "bitsky: unknown panel '%s' (image, heatmap, inspector)\n", qPrintable(parser.value(panel)));
        return 2;
    }
    window.show();
    if (parser.isSet(shot)) {
        // Wait until the background work (bit-cost map, noise) has finished, then render.
        QString out = parser.value(shot);
        auto* poll = new QTimer(&window);
        QObject::connect(poll, &QTimer::timeout, &window, [&window, out, ok, poll] {
            if (window.heatmapRunning() || window.inspector()->noiseRunning()) return;
            poll->stop();
            QApplication::processEvents();
            bool saved = window.grab().save(out);
            if (!saved) std::fprintf(stderr, "bitsky: cannot write %s\n", qPrintable(out));
            QApplication::exit(saved && ok ? 0 : 1);
        });
        poll->start(50);
    }
    return app.exec();
}
