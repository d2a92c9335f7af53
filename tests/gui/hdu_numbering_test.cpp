// One numbering for HDUs and frames: the window opens CFITSIO's extended file names
// (file[N] with 0 = primary, file[NAME], file[NAME,VER]) at the HDU CFITSIO would, shows
// frames counted from 0 as bitsky-cli does (`bitsky FILE[ext] --frame N`), says so in its
// labels, and refuses filter syntax and frames that do not exist. Real FITS files, the real
// window (offscreen) and the real program.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "app/gui/browser_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/plots_panel.h"
#include "engine/fits/fits.h"
#include "tests/gui/gui_test_support.h"
#include "widgets/plot_canvas.h"

using namespace bitsky;

namespace {

const QString kStis = QStringLiteral(BITSKY_SHARED_DATA "/real/hst_stis_raw.fits");
const QString kMef = QStringLiteral(BITSKY_SHARED_DATA "/real/mef_4x40x40.fits");
const QString kCube = QStringLiteral(BITSKY_SHARED_DATA "/corpus/vlt_visir_cube.fits");

QString statusInfo(const MainWindow& w) { return w.findChild<QStatusBar*>()->findChildren<QLabel*>().first()->text(); }

QString frameLabel(const MainWindow& w) {
    for (QLabel* l : w.findChildren<QLabel*>())
        if (l->text().startsWith(QStringLiteral("Frame "))) return l->text();
    return {};
}

// NaN-aware equality of two frames of values.
bool sameValues(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
    return true;
}

}  // namespace

class HduNumberingTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY2(QFile::exists(kStis) && QFile::exists(kCube), "shared/data is missing"); }

    // [NAME,VER], [NAME] and [N] open the HDU CFITSIO numbers so; labels say how they count.
    void extendedNamesOpenTheirHdu() {
        QTemporaryDir dir;
        MainWindow w(dir.filePath(QStringLiteral("none.db")));
        QVERIFY2(w.openFile(kStis + QStringLiteral("[SCI,2]")), qPrintable(w.lastError()));
        QCOMPARE(w.currentHdu(), 4);
        QCOMPARE(w.currentFile(), kStis);
        QCOMPARE(w.windowTitle(), QStringLiteral("BitSky - hst_stis_raw.fits[4]"));
        QVERIFY2(statusInfo(w).startsWith(QStringLiteral("HDU 4 SCI (0 = primary), 62x44, BITPIX 16")), qPrintable(statusInfo(w)));
        // bitsky-cli names the same HDU with the same number.
        const test::ProcessRun cli = test::runCli({QStringLiteral("info"), QStringLiteral("--json"), kStis + QStringLiteral("[SCI,2]")});
        QVERIFY2(cli.ok(), qPrintable(cli.describe()));
        const QJsonObject file = QJsonDocument::fromJson(cli.out.toUtf8()).object()[QStringLiteral("files")].toArray().at(0).toObject();
        QCOMPARE(file[QStringLiteral("selected_hdu")].toInt(), w.currentHdu());
        QCOMPARE(file[QStringLiteral("hdus")].toArray().at(0).toObject()[QStringLiteral("index")].toInt(), w.currentHdu());
        QVERIFY(w.openFile(kStis + QStringLiteral("[sci]")));
        QCOMPARE(w.currentHdu(), 1);
        // The same pixels as choosing HDU 3 in the browser.
        QVERIFY(w.openFile(kMef, 3));
        const std::vector<double> byIndex = w.imageView()->values();
        QVERIFY(w.openFile(kMef + QStringLiteral("[3]")));
        QCOMPARE(w.currentHdu(), 3);
        QVERIFY(w.imageView()->values() == byIndex);
        QVERIFY(w.openFile(kMef + QStringLiteral("[SCI,3]")));
        QVERIFY(w.imageView()->values() == byIndex);
        // openDataset (the command line, drops): the browser lists the file, the view is at the HDU.
        QSignalSpy loaded(&w, &MainWindow::loadFinished);
        QVERIFY(w.openDataset(kStis + QStringLiteral("[ERR,1]")));  // no image data: refused below
        QVERIFY(loaded.wait(30000));
        QCOMPARE(loaded.takeFirst().at(0).toBool(), false);
        QVERIFY2(w.lastError().contains(QStringLiteral("HDU 2 is not an image with 2 to 4 axes")), qPrintable(w.lastError()));
        QVERIFY(w.openDataset(kStis + QStringLiteral("[SCI,2]")));
        QVERIFY(loaded.wait(30000));
        QCOMPARE(loaded.takeFirst().at(0).toBool(), true);
        QCOMPARE(w.currentHdu(), 4);
        QCOMPARE(w.recentDatasets().first(), kStis);
        // The browser's HDU rows say how they count.
        const QStandardItemModel* model = w.browser()->model();
        auto fileRow = [model] { return model->index(0, 0, model->index(0, 0)); };
        QTRY_VERIFY_WITH_TIMEOUT(fileRow().isValid() && model->rowCount(fileRow()) == 7, 30000);
        const QModelIndex hdu4 = model->index(4, 0, fileRow());
        QCOMPARE(hdu4.data().toString(), QStringLiteral("HDU 4 SCI"));
        QCOMPARE(hdu4.data(Qt::ToolTipRole).toString(),
                 QStringLiteral("hst_stis_raw.fits[4]: HDUs count from 0 = the primary, as in bitsky-cli and FILE[N] names"));
    }

    // Filter syntax is refused (never handed to CFITSIO), as are HDUs the file lacks; a file
    // whose own name ends in "]" opens as itself.
    void filtersAreRefusedAndBracketNamesOpen() {
        QTemporaryDir dir;
        MainWindow w(dir.filePath(QStringLiteral("none.db")));
        QVERIFY(!w.openFile(kStis + QStringLiteral("[bin x]")));
        QVERIFY2(w.lastError().contains(QStringLiteral("\"[bin x]\" is not an HDU selector")), qPrintable(w.lastError()));
        QVERIFY(!w.openFile(kStis + QStringLiteral("[1:10,1:10]")));
        QVERIFY(!w.openFile(kStis + QStringLiteral("[9]")));
        QVERIFY2(w.lastError().contains(QStringLiteral("[9]: no such HDU (the file has HDUs 0 to 6, 0 = primary)")),
                 qPrintable(w.lastError()));
        QVERIFY(!w.openDataset(kStis + QStringLiteral("[col X]")));
        const QString odd = dir.filePath(QStringLiteral("stis[4]"));
        QVERIFY(QFile::copy(kStis, odd));
        QVERIFY2(w.openFile(odd), qPrintable(w.lastError()));
        QCOMPARE(w.currentFile(), odd);
        QCOMPARE(w.currentHdu(), 1);  // the file itself: its first image HDU
    }

    // Frames count from 0, as bitsky-cli and the engine count them: frame 5 is the engine's
    // frame 5; the frame bar, the frames plot and the window say so.
    void framesCountFromZero() {
        QTemporaryDir dir;
        MainWindow w(dir.filePath(QStringLiteral("none.db")));
        QVERIFY(w.openFile(kCube + QStringLiteral("[0]")));
        QCOMPARE(frameLabel(w), QStringLiteral("Frame 0 (0 to 16)"));
        QVERIFY(w.showFrameNumber(5));
        QCOMPARE(w.frameSlider(3)->value(), 5);
        QCOMPARE(frameLabel(w), QStringLiteral("Frame 5 (0 to 16)"));
        const auto file = fits::File::open(kCube.toStdString());
        QVERIFY(sameValues(w.imageView()->values(), file.read_physical_frame(0, 5).data()));
        QVERIFY(!sameValues(w.imageView()->values(), file.read_physical_frame(0, 4).data()));
        QCOMPARE(w.plots()->canvas(QStringLiteral("frames"))->xAxis->label(), QStringLiteral("Frame (from 0)"));
        QVERIFY(w.showFrameNumber(16));
        QVERIFY(!w.showFrameNumber(17));
        QVERIFY2(w.lastError().contains(QStringLiteral("vlt_visir_cube.fits[0] has frames 0 to 16 (counted from 0), not 17")),
                 qPrintable(w.lastError()));
        QCOMPARE(w.frameSlider(3)->value(), 16);
    }

    // The program: `bitsky 'FILE[ext]' --frame N` opens there, or says why not.
    void theProgramOpensThere() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("r.db"));
        const QString shot = dir.filePath(QStringLiteral("a.png"));
        auto ok = test::runGui({QStringLiteral("--db"), db, kCube + QStringLiteral("[PRIMARY]"), QStringLiteral("--frame"),
                                QStringLiteral("5"), QStringLiteral("--screenshot"), shot});
        QVERIFY2(ok.ok(), qPrintable(ok.describe()));
        QVERIFY(QFile::exists(shot));
        auto past = test::runGui({QStringLiteral("--db"), db, kCube + QStringLiteral("[0]"), QStringLiteral("--frame"),
                                  QStringLiteral("17"), QStringLiteral("--screenshot"), shot});
        QCOMPARE(past.exitCode, 1);
        QVERIFY2(past.err.contains(QStringLiteral("has frames 0 to 16 (counted from 0), not 17")), qPrintable(past.err));
        auto filter = test::runGui({QStringLiteral("--db"), db, kStis + QStringLiteral("[bin x]"), QStringLiteral("--screenshot"), shot});
        QCOMPARE(filter.exitCode, 1);
        QVERIFY2(filter.err.contains(QStringLiteral("is not an HDU selector")), qPrintable(filter.err));
        auto usage = test::runGui({kCube, QStringLiteral("--frame"), QStringLiteral("-1")});
        QCOMPARE(usage.exitCode, 2);
        QVERIFY2(usage.err.contains(QStringLiteral("--frame needs a frame number, counted from 0")), qPrintable(usage.err));
    }
};

QTEST_MAIN(HduNumberingTest)
#include "hdu_numbering_test.moc"
