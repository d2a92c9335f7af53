// The Regions panel in the real window (offscreen) on a real corpus frame: a box drawn with
// synthetic mouse events lands on the pixels dragged over and its statistics are the
// engine's; Esc cancels a drawing and then the tool; a region moves by dragging and goes
// with Delete; the bit budget uses the Heatmap panel's maps and partitions their bits
// exactly; a DS9 file in fk5 lands where astropy puts the position; the source split and
// the CSV export.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "app/gui/main_window.h"
#include "app/gui/regions_panel.h"
#include "engine/analysis/region.h"

using namespace bitsky;

namespace {

const QString kFile = QStringLiteral(BITSKY_SHARED_DATA "/corpus/ccd_uint16_tansip.fits.gz");

// The widget point of pixel-centre position (x, y).
QPoint at(const ImageView* v, double x, double y) { return v->imageToWidget(QPointF(x + 0.5, y + 0.5)).toPoint(); }

}  // namespace

class RegionsTest : public QObject {
    Q_OBJECT
private slots:
    void drawMeasureMoveDelete() {
        QVERIFY2(QFileInfo::exists(kFile), qPrintable(kFile + QStringLiteral(" is missing: the shared corpus must be "
                                                                             "checked out beside the repository")));
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY2(w.openFile(kFile), qPrintable(w.lastError()));
        QVERIFY(w.showPanel(QStringLiteral("regions")));
        ImageView* v = w.imageView();
        RegionsPanel* panel = w.regions();
        RegionOverlay* overlay = panel->overlay();
        QVERIFY(v->zoom() > 1.0);  // 256 x 256 fitted into the view

        // Draw a box by dragging from (100, 80) to (140, 110).
        overlay->setTool(RegionOverlay::Tool::Box);
        QTest::mousePress(v, Qt::LeftButton, {}, at(v, 100, 80));
        QTest::mouseMove(v, at(v, 120, 95));
        QVERIFY(overlay->drawing());
        QTest::mouseMove(v, at(v, 140, 110));
        QTest::mouseRelease(v, Qt::LeftButton, {}, at(v, 140, 110));
        QCOMPARE(overlay->regions().size(), 1);
        const ViewRegion box = overlay->regions().at(0);
        const double tol = 1.0 / v->zoom();  // one screen pixel
        QVERIFY(std::abs(box.centre.x() - 120) <= tol && std::abs(box.centre.y() - 95) <= tol);
        QVERIFY(std::abs(box.size.width() - 40) <= 2 * tol && std::abs(box.size.height() - 30) <= 2 * tol);
        QTRY_VERIFY(panel->results() && panel->results()->regions.size() == 1);
        // The panel's statistics are the engine's over the same pixels.
        const auto mask = RegionsPanel::toEngine(box).mask(256, 256);
        const auto expect = analysis::pixel_stats(v->values(), mask);
        const auto& got = panel->results()->regions[0].stats;
        QCOMPARE(got.n, expect.n);
        QVERIFY(got.n > 1000);
        QCOMPARE(got.median, expect.median);
        QCOMPARE(got.mean, expect.mean);

        // Esc cancels the circle being drawn, a second Esc turns the tool off.
        overlay->setTool(RegionOverlay::Tool::Circle);
        QTest::mousePress(v, Qt::LeftButton, {}, at(v, 50, 50));
        QTest::mouseMove(v, at(v, 60, 60));
        QVERIFY(overlay->drawing());
        QTest::keyClick(v, Qt::Key_Escape);
        QVERIFY(!overlay->drawing());
        QTest::mouseRelease(v, Qt::LeftButton, {}, at(v, 60, 60));
        QCOMPARE(overlay->regions().size(), 1);
        QTest::keyClick(v, Qt::Key_Escape);
        QCOMPARE(overlay->tool(), RegionOverlay::Tool::None);

        // Bit budget: the map the Heatmap panel computes is used; inside + outside = all.
        QSignalSpy ready(&w, &MainWindow::heatmapReady);
        QVERIFY(w.startHeatmap(QStringLiteral("context")));
        QVERIFY(ready.wait(60000));
        QCOMPARE(panel->maps(), QStringList{QStringLiteral("context")});
        QTRY_VERIFY(panel->results() && panel->results()->regions.at(0).budgets.size() == 1);
        const auto& budget = panel->results()->regions[0].budgets[0].second;
        analysis::BitSum all;
        for (float b : w.heatmap()->bits) all.add(b);
        QVERIFY(budget.bits_in + budget.bits_out == all);
        QCOMPARE(budget.pixels_in, expect.n);
        QVERIFY(std::abs(budget.total().bits() - w.heatmap()->totalBitsA) < 1e-5 * w.heatmap()->totalBitsA);

        // Move the box by dragging it 10 image pixels right, then delete it.
        QTest::mousePress(v, Qt::LeftButton, {}, at(v, 120, 95));
        QTest::mouseMove(v, at(v, 125, 95));
        QTest::mouseMove(v, at(v, 130, 95));
        QTest::mouseRelease(v, Qt::LeftButton, {}, at(v, 130, 95));
        QVERIFY(std::abs(overlay->regions().at(0).centre.x() - box.centre.x() - 10) <= 2 * tol);
        QCOMPARE(overlay->regions().at(0).centre.y(), box.centre.y());
        QTest::keyClick(v, Qt::Key_Delete);
        QCOMPARE(overlay->regions().size(), 0);
    }

    void ds9SplitAndCsv() {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY2(w.openFile(kFile), qPrintable(w.lastError()));
        QFile f(QStringLiteral(BITSKY_TEST_DATA "/region/reference.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject s0 =
            QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("sky")).toArray().at(0).toObject();
        QTemporaryDir dir;
        const QString reg = dir.filePath(QStringLiteral("sky.reg"));
        QFile out(reg);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QStringLiteral("# Region file format: DS9 version 4.1\nglobal color=green width=1\nfk5\n"
                                 "circle(%1,%2,10\") # text={star}\nimage;box(40,50,20,10,0)\n")
                      .arg(s0.value(QStringLiteral("ra_hms")).toString(), s0.value(QStringLiteral("dec_dms")).toString())
                      .toUtf8());
        out.close();
        RegionsPanel* panel = w.regions();
        QVERIFY2(panel->loadRegions(reg), qPrintable(panel->lastError()));
        const auto& regions = panel->overlay()->regions();
        QCOMPARE(regions.size(), 2);
        QVERIFY(std::abs(regions[0].centre.x() - s0.value(QStringLiteral("x")).toDouble()) < 0.01);
        QVERIFY(std::abs(regions[0].centre.y() - s0.value(QStringLiteral("y")).toDouble()) < 0.01);
        QCOMPARE(regions[1].centre, QPointF(39, 49));

        panel->splitSources(3.0);
        QTRY_VERIFY(panel->results() && panel->results()->split && panel->results()->regions.size() == 2);
        QVERIFY(panel->results()->split->source_pixels > 0);
        const QString csv = dir.filePath(QStringLiteral("regions.csv"));
        QVERIFY2(panel->exportTable(csv), qPrintable(panel->lastError()));
        QFile c(csv);
        QVERIFY(c.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(c.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(lines.size() >= 4);  // header, two regions, the sources
        QVERIFY(lines[0].startsWith(QStringLiteral("region,definition,pixels,invalid,mean,median,robust_sigma")));
        QVERIFY(lines[1].startsWith(QStringLiteral("region 1,")));
        QVERIFY(lines.last().startsWith(QStringLiteral("sources,")));
    }
};

QTEST_MAIN(RegionsTest)
#include "regions_test.moc"
