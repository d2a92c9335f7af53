// bitsky: the BitSky desktop application.
#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

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
    QCommandLineOption open(QStringList{QStringLiteral("open")}, QApplication::translate("main", "Open a FITS file."),
                            QApplication::translate("main", "PATH"));
    QCommandLineOption shot(QStringList{QStringLiteral("screenshot")},
                            QApplication::translate("main", "Render the window to a PNG file and exit."),
                            QApplication::translate("main", "OUT.png"));
    parser.addOption(open);
    parser.addOption(shot);
    parser.addPositionalArgument(QStringLiteral("file"), QApplication::translate("main", "FITS file to open."));
    parser.process(app);

    bitsky::MainWindow window;
    QString path = parser.value(open);
    if (path.isEmpty() && !parser.positionalArguments().isEmpty()) path = parser.positionalArguments().first();
    bool ok = path.isEmpty() || window.openFile(path);
    window.show();
    if (parser.isSet(shot)) {
        QString out = parser.value(shot);
        QTimer::singleShot(0, &window, [&window, out, ok] {
            bool saved = window.grab().save(out);
            QApplication::exit(saved && ok ? 0 : 1);
        });
    }
    return app.exec();
}
