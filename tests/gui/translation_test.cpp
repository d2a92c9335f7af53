// German under a German system locale: this program starts with LANG, LC_ALL and
// LANGUAGE set to de_DE (as a German desktop session does) and installs the catalogues
// the way bitsky does (language.h): the main window's menus, toolbar, docks, panels,
// plots' axis titles and messages, the dialogs' strings and Qt's own buttons are German;
// the preference "en" gives English under the same locale, and View > Language stores it
// for the next start; the program itself (its built-in catalogue) follows the same rules. The catalogue's contexts must
// be the names tr() uses at run time (namespace-qualified class names,
// bitsky::MainWindow), and every string in it is translated.
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFile>
#include <QMenuBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolBar>
#include <QtTest>
#include <cstdlib>

#include "app/gui/browser_panel.h"
#include "app/gui/dialogs.h"
#include "app/gui/display_toolbar.h"
#include "app/gui/inspector.h"
#include "app/gui/language.h"
#include "app/gui/main_window.h"
#include "app/gui/plots_panel.h"
#include "app/gui/scale_panel.h"
#include "tests/gui/gui_test_support.h"

using namespace bitsky;

namespace {

const QStringList kCatalogues{QStringLiteral(BITSKY_QM_DIR)};

QString dockTitle(const MainWindow& w, const char* name) {
    return w.findChild<QDockWidget*>(QLatin1String(name))->windowTitle();
}

QStringList actionTexts(const QWidget& w) {
    QStringList out;
    for (QAction* a : w.findChildren<QAction*>()) out << a->text();
    return out;
}

}  // namespace

class TranslationTest : public QObject {
    Q_OBJECT
private slots:
    void theSystemLocaleIsGerman() {
        QCOMPARE(QLocale::system().language(), QLocale::German);
        QVERIFY(QLocale::system().uiLanguages().first().startsWith(QStringLiteral("de")));
    }

    void theWindowAndItsPanelsAreGerman() {
        const Translations de(QString(), kCatalogues);  // no preference: the system's
        QCOMPARE(de.language(), QStringLiteral("de"));
        QVERIFY(de.qtTranslated());
        QTemporaryDir dir;
        MainWindow w(dir.filePath(QStringLiteral("none.db")));
        // Menus and the View menu's new entries.
        QStringList menus;
        for (QAction* a : w.menuBar()->actions()) menus << a->text();
        QCOMPARE(menus, (QStringList{QStringLiteral("&Datei"), QStringLiteral("&Ansicht"), QStringLiteral("&Benchmark"),
                                     QStringLiteral("&Neuronal"), QStringLiteral("&Hilfe")}));
        const QStringList actions = actionTexts(w);
        for (const char* t : {"Anordnung &zurücksetzen", "&Farbtabelle", "Bitkosten&karte zeigen", "&Überlagert", "Sperren",
                              "Umkehren", "Anpassen"})
            QVERIFY2(actions.contains(QString::fromUtf8(t)), t);
        // Docks and toolbar.
        QCOMPARE(dockTitle(w, "browser"), QStringLiteral("Datensätze"));
        QCOMPARE(dockTitle(w, "scale"), QStringLiteral("Skalierung"));
        QCOMPARE(dockTitle(w, "neural"), QStringLiteral("Neuronal"));
        QCOMPARE(dockTitle(w, "compare"), QStringLiteral("Vergleich"));
        QCOMPARE(dockTitle(w, "inspector"), QStringLiteral("Inspektor"));
        QCOMPARE(dockTitle(w, "plots"), QStringLiteral("Diagramme"));
        QCOMPARE(dockTitle(w, "jobs"), QStringLiteral("Aufträge"));
        QCOMPARE(w.findChild<QToolBar*>(QStringLiteral("display"))->windowTitle(), QStringLiteral("Anzeige"));
        QCOMPARE(w.displayToolBar()->limitsBox()->itemText(0), QStringLiteral("ZScale"));
        QCOMPARE(w.displayToolBar()->limitsBox()->itemText(5), QStringLiteral("Manuell"));
        QCOMPARE(w.displayToolBar()->stretchBox()->itemText(2), QStringLiteral("Quadratwurzel"));
        QCOMPARE(w.displayToolBar()->colourBox()->itemText(0), QStringLiteral("Grau"));
        QCOMPARE(w.frameSlider(3)->toolTip(), QStringLiteral("Bild (Achse 3)"));
        // Panels: buttons, tabs, plots' axis titles and their messages.
        QStringList buttons;
        for (auto* b : w.findChild<QDockWidget*>(QStringLiteral("heatmap"))->findChildren<QPushButton*>()) buttons << b->text();
        QVERIFY2(buttons.contains(QStringLiteral("Karte berechnen")), qPrintable(buttons.join(QLatin1Char(','))));
        QCOMPARE(w.inspector()->tabText(w.inspector()->count() - 1), QStringLiteral("Codec-Ergebnisse"));
        QCOMPARE(PlotsPanel::plotTitles().at(1), QStringLiteral("Verhältnis gegen Rauschen"));
        PlotCanvas* planes = w.plots()->canvas(QStringLiteral("bitplanes"));
        QCOMPARE(planes->xAxis->label(), QStringLiteral("Bitebene (0 = niedrigstwertige)"));
        QCOMPARE(planes->yAxis->label(), QStringLiteral("Entropie (Bits pro Pixel)"));
        QCOMPARE(w.plots()->canvas(QStringLiteral("frames"))->xAxis->label(), QStringLiteral("Einzelbild (ab 0)"));
        QVERIFY2(planes->message().startsWith(QStringLiteral("Ein 16-Bit-Ganzzahlbild öffnen")), qPrintable(planes->message()));
        QVERIFY2(w.plots()->canvas(QStringLiteral("frames"))->message().startsWith(QStringLiteral("Eine 3-D-Datei öffnen")),
                 qPrintable(w.plots()->canvas(QStringLiteral("frames"))->message()));
        QVERIFY(w.imageView()->hint().startsWith(QStringLiteral("Eine FITS-Datei öffnen")));
        QVERIFY(w.scalePanel()->hint().startsWith(QStringLiteral("Ein Bild öffnen")));
        QVERIFY(w.browser()->status().startsWith(QStringLiteral("Einen Ordner mit FITS-Dateien öffnen")));
        // The dialogs' strings (a class of their own; modal, so checked through its tr()).
        QCOMPARE(Dialogs::tr("Export plot"), QStringLiteral("Diagramm exportieren"));
        QCOMPARE(Dialogs::tr("Preferences"), QStringLiteral("Einstellungen"));
        // Qt's own buttons, as in the export and benchmark dialogs.
        QDialogButtonBox box(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
        QCOMPARE(box.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Abbrechen"));
        // A loaded image: the status line and the inspector's header.
        QVERIFY(w.openFile(QStringLiteral(BITSKY_SHARED_DATA "/real/ngc1316r.fits")));
        QVERIFY2(w.findChild<QStatusBar*>()->findChildren<QLabel*>().first()->text().contains(QStringLiteral("Anzeige")),
                 "status line");
    }

    void theErrorDialogIsGerman() {
        const Translations de(QString(), kCatalogues);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("junk.fits"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(3000, 'x'));
        f.close();
        MainWindow w;
        QVERIFY(!w.openFile(path));
        QVERIFY(w.errorDialog());
        QVERIFY2(w.errorDialog()->text().startsWith(QStringLiteral("Die Datei kann nicht geöffnet werden.")),
                 qPrintable(w.errorDialog()->text()));
    }

    void thePreferenceEnglishWins() {
        const Translations en(QStringLiteral("en"), kCatalogues);
        QCOMPARE(en.language(), QStringLiteral("en"));
        MainWindow w;
        QCOMPARE(w.menuBar()->actions().first()->text(), QStringLiteral("&File"));
        QCOMPARE(dockTitle(w, "scale"), QStringLiteral("Scale"));
        const Translations de(QStringLiteral("de"), kCatalogues);
        QCOMPARE(de.language(), QStringLiteral("de"));
        MainWindow g;
        QCOMPARE(g.menuBar()->actions().first()->text(), QStringLiteral("&Datei"));
    }

    // View > Language: the choices in German, the system's checked; choosing English stores
    // it (QSettings "language", as Preferences does), says when it applies, and the next
    // start (a new window with Translations(preference())) is English with English checked.
    void theLanguageMenuRemembersTheChoice() {
        QSettings().remove(QStringLiteral("language"));
        QStringList checked;
        {
            const Translations de(Translations::preference(), kCatalogues);
            MainWindow w;
            auto* menu = w.findChild<QMenu*>(QStringLiteral("languageMenu"));
            QVERIFY(menu);
            QCOMPARE(menu->title(), QStringLiteral("&Sprache"));
            QStringList names;
            for (QAction* a : menu->actions()) {
                names << a->text();
                if (a->isChecked()) checked << a->text();
            }
            QCOMPARE(names, (QStringList{QStringLiteral("Systemvorgabe"), QStringLiteral("English"), QStringLiteral("Deutsch")}));
            QCOMPARE(checked, QStringList{QStringLiteral("Systemvorgabe")});
            menu->actions().at(1)->trigger();
            QCOMPARE(QSettings().value(QStringLiteral("language")).toString(), QStringLiteral("en"));
            QCOMPARE(w.statusBar()->currentMessage(), QStringLiteral("Die Sprache wechselt beim nächsten Start von BitSky."));
        }
        const Translations next(Translations::preference(), kCatalogues);
        QCOMPARE(next.language(), QStringLiteral("en"));
        MainWindow w;
        QCOMPARE(w.menuBar()->actions().first()->text(), QStringLiteral("&File"));
        checked.clear();
        for (QAction* a : w.findChild<QMenu*>(QStringLiteral("languageMenu"))->actions())
            if (a->isChecked()) checked << a->text();
        QCOMPARE(checked, QStringList{QStringLiteral("English")});
        QSettings().remove(QStringLiteral("language"));
    }

    // The program (bitsky, its catalogue built in) under the German locale: its help is
    // German; with the preference "en" in its settings file it is English.
    void theProgramFollowsLocaleAndPreference() {
        QTemporaryDir config;
        const QByteArray saved = qgetenv("XDG_CONFIG_HOME");
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(config.path()));
        const test::ProcessRun de = test::runGui({QStringLiteral("--help")});
        QVERIFY2(de.ok(), qPrintable(de.describe()));
        QVERIFY2(de.out.contains(QStringLiteral("Zu öffnende FITS-Dateien oder Ordner")),
                 qPrintable(de.out));
        QVERIFY2(!de.out.contains(QStringLiteral("FITS files or folders to open")), qPrintable(de.out));
        {
            QSettings conf(config.filePath(QStringLiteral("bitsky.org/BitSky.conf")), QSettings::IniFormat);
            conf.setValue(QStringLiteral("language"), QStringLiteral("en"));
        }
        const test::ProcessRun en = test::runGui({QStringLiteral("--help")});
        qputenv("XDG_CONFIG_HOME", saved);
        QVERIFY2(en.ok(), qPrintable(en.describe()));
        QVERIFY2(en.out.contains(QStringLiteral("FITS files or folders to open")), qPrintable(en.out));
    }

    // Every string of the catalogue has its German (none unfinished or left over).
    void theCatalogueIsComplete() {
        QFile ts(QStringLiteral(BITSKY_TEST_DATA "/../../translations/bitsky_de.ts"));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(ts.readAll());
        QVERIFY(text.count(QStringLiteral("<message")) > 300);
        QCOMPARE(text.count(QStringLiteral("type=\"unfinished\"")), 0);
        QCOMPARE(text.count(QStringLiteral("type=\"vanished\"")), 0);
        QCOMPARE(text.count(QStringLiteral("type=\"obsolete\"")), 0);
        QCOMPARE(text.count(QStringLiteral("<translation></translation>")), 0);
    }

    // The menu entry and the software centre's listing carry German name and summary.
    void theDesktopEntryAndAppStreamAreGerman() {
        QFile desktop(QStringLiteral(BITSKY_TEST_DATA "/../../packaging/org.bitsky.BitSky.desktop"));
        QVERIFY(desktop.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(desktop.readAll()).split(QLatin1Char('\n'));
        for (const char* key : {"Name[de]=BitSky", "GenericName[de]=Komprimierbarkeit von FITS-Bildern",
                                "Comment[de]=Sehen, wohin die Bits in astronomischen FITS-Bildern gehen"})
            QVERIFY2(lines.contains(QString::fromUtf8(key)), key);
        QFile meta(QStringLiteral(BITSKY_TEST_DATA "/../../packaging/org.bitsky.BitSky.metainfo.xml"));
        QVERIFY(meta.open(QIODevice::ReadOnly));
        const QString xml = QString::fromUtf8(meta.readAll());
        QVERIFY(xml.contains(QStringLiteral("<name xml:lang=\"de\">BitSky</name>")));
        QVERIFY(xml.contains(
            QStringLiteral("<summary xml:lang=\"de\">Sehen, wohin die Bits in astronomischen FITS-Bildern gehen</summary>")));
    }
};

// The session's locale is German before Qt reads it.
int main(int argc, char** argv) {
    qputenv("LANG", "de_DE.UTF-8");
    qputenv("LC_ALL", "de_DE.UTF-8");
    qputenv("LANGUAGE", "de_DE:de");
    QApplication app(argc, argv);
    // Settings (the language preference) in a folder of this run only.
    QTemporaryDir settings;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings.path());
    QCoreApplication::setOrganizationName(QStringLiteral("bitsky-translation-test"));
    TranslationTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "translation_test.moc"
