// The German catalogue reaches the window: its contexts must be the names tr() uses at
// run time (namespace-qualified class names, bitsky::MainWindow), so a string shows in
// German only if its .ts context follows the class it lives in.
#include <QDockWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QTemporaryDir>
#include <QToolBar>
#include <QTranslator>
#include <QtTest>

#include "app/gui/dialogs.h"
#include "app/gui/inspector.h"
#include "app/gui/main_window.h"
#include "app/gui/plots_panel.h"

using namespace bitsky;

class TranslationTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(translator_.load(QStringLiteral(BITSKY_QM_DIR "/bitsky_de.qm")));
        QVERIFY(QCoreApplication::installTranslator(&translator_));
    }

    void theWindowAndItsPanelsAreGerman() {
        MainWindow w;
        QCOMPARE(w.menuBar()->actions().first()->text(), QStringLiteral("&Datei"));
        auto dock = [&w](const char* name) { return w.findChild<QDockWidget*>(QLatin1String(name)); };
        QCOMPARE(dock("inspector")->windowTitle(), QStringLiteral("Inspektor"));
        QCOMPARE(dock("browser")->windowTitle(), QStringLiteral("Datensätze"));
        // The heatmap dock, its actions and the panels' own strings.
        QStringList buttons;
        for (auto* b : dock("heatmap")->findChildren<QPushButton*>()) buttons << b->text();
        QVERIFY2(buttons.contains(QStringLiteral("Karte berechnen")), qPrintable(buttons.join(QLatin1Char(','))));
        QStringList actions;
        for (QAction* a : w.findChildren<QAction*>()) actions << a->text();
        QVERIFY(actions.contains(QStringLiteral("Bitkosten&karte zeigen")));
        QVERIFY(actions.contains(QStringLiteral("&Überlagert")));
        QCOMPARE(w.findChild<QToolBar*>(QStringLiteral("display"))->windowTitle(), QStringLiteral("Anzeige"));
        QCOMPARE(w.frameSlider(3)->toolTip(), QStringLiteral("Bild (Achse 3)"));
        QCOMPARE(PlotsPanel::plotTitles().at(1), QStringLiteral("Verhältnis gegen Rauschen"));
        QCOMPARE(w.inspector()->tabText(w.inspector()->count() - 1), QStringLiteral("Codec-Ergebnisse"));
        // The dialogs' strings (a class of their own; modal, so checked through its tr()).
        QCOMPARE(Dialogs::tr("Export plot"), QStringLiteral("Diagramm exportieren"));
        QCOMPARE(Dialogs::tr("Preferences"), QStringLiteral("Einstellungen"));
    }

    void theErrorDialogIsGerman() {
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

private:
    QTranslator translator_;
};

QTEST_MAIN(TranslationTest)
#include "translation_test.moc"
