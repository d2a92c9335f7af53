// Every panel without data says what to do: a new window with no file and no results
// store, then a 2D floating-point image (no bit planes, no cube), then
// a cube. Each text is checked for being there and for naming the action, not for
// its exact wording.
#include <QDockWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/gui/browser_panel.h"
#include "app/gui/inspector.h"
#include "app/gui/jobs_panel.h"
#include "app/gui/lossy_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/plots_panel.h"
#include "app/gui/scale_panel.h"

using namespace bitsky;

namespace {

const QString kShared = QStringLiteral(BITSKY_SHARED_DATA);

// The first cell's text of a table (a hint row), or of a model.
QString firstCell(const QAbstractItemModel* m) { return m->rowCount() ? m->index(0, 0).data().toString() : QString(); }

#define EXPECT_HINT(text, word)                                                                                   \
    QVERIFY2((text).contains(QStringLiteral(word), Qt::CaseInsensitive),                                       \
             qPrintable(QStringLiteral(#text " = '%1' does not say '%2'").arg(text, QStringLiteral(word))))

void waitIdle(MainWindow& w) {
    for (int i = 0; i < 600 && w.busy(); ++i) QTest::qWait(50);
}

}  // namespace

class EmptyStatesTest : public QObject {
    Q_OBJECT
private slots:
    void aNewWindowSaysWhatToOpen() {
        QTemporaryDir dir;
        MainWindow w(dir.filePath(QStringLiteral("none.db")));  // no store yet
        w.resize(1280, 800);
        w.show();
        waitIdle(w);
        EXPECT_HINT(w.imageView()->hint(), "Open a FITS file");
        EXPECT_HINT(w.browser()->status(), "Open a folder");
        EXPECT_HINT(w.scalePanel()->hint(), "Open an image");
        EXPECT_HINT(w.heatmapController()->status(), "Open an image");
        Inspector* in = w.inspector();
        EXPECT_HINT(firstCell(in->headerModel()), "Open a FITS file");
        EXPECT_HINT(firstCell(in->noiseTable()->model()), "Open an image");
        EXPECT_HINT(in->tileMapCanvas()->message(), "Open an image");
        EXPECT_HINT(in->tileHistogram()->message(), "Open an image");
        EXPECT_HINT(firstCell(in->bppTable()->model()), "Open an image");
        EXPECT_HINT(in->bppCanvas()->message(), "Open an image");
        EXPECT_HINT(firstCell(in->resultsTable()->model()), "Open an image");
        PlotsPanel* plots = w.plots();
        for (const QString& name : {QStringLiteral("ratio"), QStringLiteral("noise"), QStringLiteral("speed"),
                                   QStringLiteral("histogram")})
            EXPECT_HINT(plots->canvas(name)->message(), "benchmark");
        EXPECT_HINT(plots->canvas(QStringLiteral("matrix"))->message(), "evaluate");
        EXPECT_HINT(plots->canvas(QStringLiteral("bitplanes"))->message(), "Open a 16-bit");
        EXPECT_HINT(plots->canvas(QStringLiteral("frames"))->message(), "Open a 3-D file");
        for (const QString& name : {QStringLiteral("lossy-noise"), QStringLiteral("lossy-phot")})
            EXPECT_HINT(plots->canvas(name)->message(), "Run a benchmark with lossy codecs");
        EXPECT_HINT(w.lossy()->status(), "Open an image");
        EXPECT_HINT(w.jobs()->statusText(), "Start benchmark");
        QCOMPARE(w.colourBar()->title(), QString());  // nothing to scale yet
    }

    void aFloatImageSaysWhatItLacks() {
        QTemporaryDir dir;
        MainWindow w(dir.filePath(QStringLiteral("none.db")));
        w.show();
        QVERIFY(w.openFile(kShared + QStringLiteral("/corpus/sfd_dust_zea.fits")));  // BITPIX -32, 2D
        waitIdle(w);
        QCOMPARE(w.imageView()->hint(), QString());
        QCOMPARE(w.scalePanel()->hint(), QString());
        // A float frame has noise estimates and bit-cost maps of its lossless coding
        // (tests/gui/pixel_types_gui_test.cpp checks their numbers).
        EXPECT_HINT(w.heatmapController()->status(), "bitsky");
        EXPECT_HINT(firstCell(w.inspector()->resultsTable()->model()), "Run now");
        EXPECT_HINT(w.inspector()->bppCanvas()->message(), "Run now");
        EXPECT_HINT(w.plots()->canvas(QStringLiteral("bitplanes"))->message(), "need a 16-bit");
        EXPECT_HINT(w.plots()->canvas(QStringLiteral("frames"))->message(), "Open a 3-D file");
        EXPECT_HINT(w.lossy()->status(), "Press Difference map");
        QVERIFY(!firstCell(w.inspector()->headerModel()).startsWith(QStringLiteral("Open")));  // the header
    }

    void aSixteenBitImageInvitesAMap() {
        QTemporaryDir dir;
        MainWindow w(dir.filePath(QStringLiteral("none.db")));
        w.show();
        QVERIFY(w.openFile(kShared + QStringLiteral("/real/ngc1316r.fits")));
        waitIdle(w);
        EXPECT_HINT(w.heatmapController()->status(), "Compute map");
        QCOMPARE(w.plots()->canvas(QStringLiteral("bitplanes"))->message(), QString());
    }
};

QTEST_MAIN(EmptyStatesTest)
#include "empty_states_test.moc"
