// The image view's map display modes (overlay, side by side, split), background file
// loading (stale loads dropped, corrupt files reported), maps saved as FITS, plot PNGs
// with size and DPI, and benchmarks of a multi-selection in the dataset browser: real
// FITS files (the sample sky made by bitsky-cli), a real store, offscreen.
#include <QFile>
#include <QImage>
#include <QMouseEvent>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QWheelEvent>
#include <QtTest>
#include <algorithm>
#include <cmath>

#include "app/gui/bench_dialog.h"
#include "app/gui/browser_panel.h"
#include "app/gui/jobs_panel.h"
#include "app/gui/main_window.h"
#include "engine/analysis/costmap.h"
#include "engine/codecs/codec.h"
#include "engine/fits/fits.h"
#include "engine/store/store.h"
#include "engine/util/error.h"
#include "tests/gui/gui_test_support.h"
#include "widgets/plot_canvas.h"

using namespace bitsky;
using namespace bitsky::test;

namespace {

// Colour of the image pixel (FITS x, y) in the view's rendered image / map image.
QRgb imageColour(const ImageView& v, int x, int y) { return v.image().pixel(x, v.frameHeight() - 1 - y); }
QRgb mapColour(const ImageView& v, int x, int y) { return v.overlayImage().pixel(x, v.frameHeight() - 1 - y); }

// The image pixel under a widget point.
QPoint pixelAt(const ImageView& v, QPointF w) {
    QPointF p = v.widgetToImage(w);
    return {int(std::floor(p.x())), int(std::floor(p.y()))};
}

QString card(const fits::HduInfo& h, const char* keyword) {
    auto v = h.card_value(keyword);
    return v ? QString::fromStdString(*v).trimmed() : QStringLiteral("<missing>");
}

void sendMouse(QWidget* w, QEvent::Type type, QPointF pos, Qt::MouseButton button, Qt::MouseButtons buttons) {
    QMouseEvent e(type, pos, w->mapToGlobal(pos), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

}  // namespace

class ViewsTest : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString sample_;
    QStringList files_;

    // A window showing the first sample frame with its iid map.
    bool showWithMap(MainWindow& w) {
        w.resize(1200, 800);
        w.show();
        if (!QTest::qWaitForWindowExposed(&w)) return false;
        if (!w.openFile(files_.first())) return false;
        QSignalSpy ready(&w, &MainWindow::heatmapReady);
        return w.startHeatmap(QStringLiteral("iid")) && ready.wait(30000) && w.imageView()->hasOverlay();
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("bitsky-views-test"));
        QSettings().clear();
        QVERIFY(tmp_.isValid());
        sample_ = tmp_.filePath(QStringLiteral("sample"));
        QString error;
        files_ = makeSampleSky(sample_, &error);
        QVERIFY2(files_.size() > 3, qPrintable(error));
    }

    void splitShowsTheImageLeftAndTheMapRightAndIsDraggable() {
        MainWindow w;
        QVERIFY(showWithMap(w));
        ImageView* v = w.imageView();
        w.setHeatmapMode(HeatmapMode::Split);
        QCOMPARE(v->heatmapMode(), HeatmapMode::Split);
        v->setSplitPosition(0.5);
        v->setZoom(4.0);  // whole screen pixels per image pixel: no smoothing
        const QImage shot = v->grab().toImage();
        const int y = v->height() / 3, split = v->splitX();  // above the grip in the middle
        int differing = 0;
        for (int dx : {8, 21, 40, 77}) {
            QPointF left(split - dx, y), right(split + dx, y);
            QPoint pl = pixelAt(*v, left), pr = pixelAt(*v, right);
            QCOMPARE(shot.pixel(left.toPoint()), imageColour(*v, pl.x(), pl.y()));
            QCOMPARE(shot.pixel(right.toPoint()), mapColour(*v, pr.x(), pr.y()));
            if (imageColour(*v, pr.x(), pr.y()) != mapColour(*v, pr.x(), pr.y())) ++differing;
        }
        QVERIFY(differing > 0);  // the test would not see the map otherwise
        // Drag the split line to a quarter of the width.
        sendMouse(v, QEvent::MouseButtonPress, QPointF(split, y), Qt::LeftButton, Qt::LeftButton);
        sendMouse(v, QEvent::MouseMove, QPointF(v->width() / 4.0, y), Qt::NoButton, Qt::LeftButton);
        sendMouse(v, QEvent::MouseButtonRelease, QPointF(v->width() / 4.0, y), Qt::LeftButton, Qt::NoButton);
        QVERIFY(std::abs(v->splitPosition() - 0.25) < 0.01);
        // Hidden map (Ctrl+H's action): the whole view is the image again.
        v->setOverlayVisible(false);
        const QImage plain = v->grab().toImage();
        QPointF right(v->splitX() + 30, y);
        QPoint pr = pixelAt(*v, right);
        QCOMPARE(plain.pixel(right.toPoint()), imageColour(*v, pr.x(), pr.y()));
        // The mode is remembered.
        QCOMPARE(QSettings().value(QStringLiteral("view/heatmapMode")).toString(), QStringLiteral("split"));
        MainWindow again;
        again.restoreSettings();
        QCOMPARE(again.imageView()->heatmapMode(), HeatmapMode::Split);
        w.setHeatmapMode(HeatmapMode::Overlay);
    }

    void sideBySideViewsStaySynchronisedAfterAZoom() {
        MainWindow w;
        QVERIFY(showWithMap(w));
        ImageView* v = w.imageView();
        w.setHeatmapMode(HeatmapMode::SideBySide);
        QCOMPARE(v->paneCount(), 2);
        const QRect left = v->paneRect(0), right = v->paneRect(1);
        QVERIFY(right.left() > left.right());
        // Zoom with the wheel in the right pane: the pixel under the cursor stays there,
        // and the left pane shows the same pixel at the same place in its pane.
        v->setZoom(2.0);  // whole screen pixels per image pixel: no smoothing
        const QPointF anchor(right.left() + right.width() * 0.3, right.height() * 0.6);
        const QPointF before = v->widgetToImage(anchor);
        QWheelEvent wheel(anchor, v->mapToGlobal(anchor), QPoint(), QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(v, &wheel);
        QCOMPARE(v->zoom(), 4.0);
        const QPointF after = v->widgetToImage(anchor);
        QVERIFY(std::abs(after.x() - before.x()) < 1e-6 && std::abs(after.y() - before.y()) < 1e-6);
        const QPointF inLeft = anchor - QPointF(right.left() - left.left(), 0);
        const QPointF same = v->widgetToImage(inLeft);
        QVERIFY(std::abs(same.x() - before.x()) < 1e-6 && std::abs(same.y() - before.y()) < 1e-6);
        // Pan (drag in the left pane): both panes move together.
        sendMouse(v, QEvent::MouseButtonPress, inLeft, Qt::LeftButton, Qt::LeftButton);
        sendMouse(v, QEvent::MouseMove, inLeft + QPointF(25, -10), Qt::NoButton, Qt::LeftButton);
        sendMouse(v, QEvent::MouseButtonRelease, inLeft + QPointF(25, -10), Qt::LeftButton, Qt::NoButton);
        QPointF l = v->imageToWidget(before, 0), r = v->imageToWidget(before, 1);
        QVERIFY(std::abs((r.x() - right.left()) - (l.x() - left.left())) < 1e-9 && std::abs(r.y() - l.y()) < 1e-9);
        // Left pane: image colours; right pane: map colours, for the same image pixel.
        const QImage shot = v->grab().toImage();
        QPoint px = pixelAt(*v, l + QPointF(1, 1));
        QCOMPARE(shot.pixel((l + QPointF(1, 1)).toPoint()), imageColour(*v, px.x(), px.y()));
        QCOMPARE(shot.pixel((r + QPointF(1, 1)).toPoint()), mapColour(*v, px.x(), px.y()));
        // Cursor readout: hovering the right pane reports the pixel and its cost, and
        // marks it in both panes.
        QSignalSpy hovered(v, &ImageView::pixelHovered);
        sendMouse(v, QEvent::MouseMove, r + QPointF(1, 1), Qt::NoButton, Qt::NoButton);
        QCOMPARE(hovered.count(), 1);
        QCOMPARE(hovered.first().at(0).toInt(), px.x());
        QCOMPARE(hovered.first().at(1).toInt(), px.y());
        QVERIFY(v->cursorPixel() == px);
        QVERIFY(w.pixelStatus(px.x(), px.y()).contains(QStringLiteral("cost")));
        w.setHeatmapMode(HeatmapMode::Overlay);
    }

    void loadingRunsInTheBackgroundAndStaleLoadsAreDropped() {
        MainWindow w;
        w.show();
        QVERIFY(w.openFile(files_.first()));
        const int oldWidth = w.imageView()->frameWidth();
        QSignalSpy finished(&w, &MainWindow::loadFinished);
        // loadFile returns at once: nothing is shown until the event loop delivers the result.
        const QString galaxy = QStringLiteral(BITSKY_TEST_DATA "/ngc1316r.fits");
        w.loadFile(files_.at(1));
        w.loadFile(galaxy);  // makes the first load stale
        QVERIFY(w.loading() && w.busy());
        QCOMPARE(w.imageView()->frameWidth(), oldWidth);
        QVERIFY(finished.wait(30000));
        QTest::qWait(300);  // a stale result arriving late must not replace the new one
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().at(0).toBool(), true);
        QCOMPARE(w.currentFile(), galaxy);
        QCOMPARE(w.imageView()->frameWidth(), 440);
        QVERIFY(!w.loading());
    }

    void aCorruptFitsShowsAnErrorDialogAndTheWindowStaysUsable() {
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("broken.fits"));
        {
            // A valid primary header that promises more data than the file holds.
            fits::Writer wr(bad.toStdString());
            wr.write_u16({300, 200}, std::vector<std::uint16_t>(300 * 200, 7));
            wr.close();
            std::filesystem::resize_file(bad.toStdString(), 2880 + 4000);
        }
        MainWindow w;
        w.show();
        QVERIFY(w.openFile(files_.first()));
        QVERIFY(!w.openFile(bad));
        QVERIFY(w.errorDialog());
        QVERIFY(w.errorDialog()->isVisible());
        QVERIFY(!w.errorDialog()->isModal());
        QVERIFY2(w.errorDialog()->text().contains(QStringLiteral("broken.fits")), qPrintable(w.errorDialog()->text()));
        QVERIFY(w.lastError().size() > QStringLiteral("broken.fits").size() + bad.size());  // a reason, not only the name
        // The previous image is still shown and the window opens the next file.
        QCOMPARE(w.currentFile(), files_.first());
        QVERIFY(w.openFile(QStringLiteral(BITSKY_TEST_DATA "/ngc1316r.fits")));
        QCOMPARE(w.imageView()->frameWidth(), 440);
        QVERIFY(!w.errorDialog()->isVisible());
    }

    void savedMapFitsHasTheWcsCardsAndTheEnginesMap() {
        QTemporaryDir dir;
        const QString src = dir.filePath(QStringLiteral("wcs.fits"));
        const std::size_t W = 96, H = 64;
        std::vector<std::uint16_t> data(W * H);
        std::uint32_t s = 99;
        for (std::size_t i = 0; i < data.size(); ++i) {
            s = s * 1664525u + 1013904223u;
            data[i] = static_cast<std::uint16_t>(1000 + (s >> 26) + (i % W));
        }
        {
            fits::Writer wr(src.toStdString());
            wr.write_u16({W, H}, data);
            wr.set_key("CTYPE1", std::string("RA---TAN"), "");
            wr.set_key("CTYPE2", std::string("DEC--TAN"), "");
            wr.set_key("CRVAL1", 150.25, "");
            wr.set_key("CRVAL2", -30.5, "");
            wr.set_key("CRPIX1", 48.5, "");
            wr.set_key("CRPIX2", 32.5, "");
            wr.set_key("CD1_1", -0.001, "");
            wr.set_key("CD2_2", 0.001, "");
            wr.set_key("OBSERVER", std::string("nobody"), "");
            wr.close();
        }
        MainWindow w;
        QVERIFY(w.openFile(src));
        const QString out = dir.filePath(QStringLiteral("map.fits"));
        QVERIFY_THROWS_EXCEPTION(Error, w.saveHeatmapFits(out));  // no map yet
        QSignalSpy ready(&w, &MainWindow::heatmapReady);
        QVERIFY(w.startHeatmap(QStringLiteral("context")));
        QVERIFY(ready.wait(30000));
        w.saveHeatmapFits(out);

        auto in = fits::File::open(src.toStdString());
        auto expected = analysis::compute_cost_map("context", in.read_u16_frame(0, 0).frame(0));
        auto map = fits::File::open(out.toStdString());
        const fits::HduInfo& h = map.hdu(0);
        QCOMPARE(h.bitpix, -32);
        QVERIFY(h.axes == (std::vector<std::size_t>{W, H}));
        QCOMPARE(card(h, "BUNIT"), QStringLiteral("bit/pixel"));
        QCOMPARE(card(h, "BSKYMODL"), QStringLiteral("context"));
        QVERIFY(!h.card_value("OBSERVER"));  // only the WCS is copied
        const auto wcs = fits::wcs_cards(in.hdu(0).cards);
        QVERIFY(wcs.size() >= 8);
        for (const auto& c : wcs) QCOMPARE(card(h, c.keyword.c_str()), card(in.hdu(0), c.keyword.c_str()));
        QCOMPARE(card(h, "CTYPE1"), QStringLiteral("RA---TAN"));
        QCOMPARE(card(h, "CRVAL2").toDouble(), -30.5);
        CubeF64 got = map.read_physical(0);
        QCOMPARE(got.data().size(), expected.bits.size());
        for (std::size_t i = 0; i < expected.bits.size(); ++i)
            if (float(got.data()[i]) != expected.bits[i]) QFAIL(qPrintable(QStringLiteral("pixel %1 differs").arg(i)));

        // A difference map: a - b per pixel, both models named.
        QVERIFY(w.startHeatmap(QStringLiteral("context"), QStringLiteral("iid")));
        QVERIFY(ready.wait(30000));
        const QString diffOut = dir.filePath(QStringLiteral("diff.fits"));
        w.saveHeatmapFits(diffOut);
        auto iid = analysis::compute_cost_map("iid", in.read_u16_frame(0, 0).frame(0));
        auto diff = fits::File::open(diffOut.toStdString());
        QCOMPARE(card(diff.hdu(0), "BSKYMODB"), QStringLiteral("iid"));
        CubeF64 d = diff.read_physical(0);
        for (std::size_t i : {std::size_t(0), std::size_t(777), expected.bits.size() - 1})
            QCOMPARE(float(d.data()[i]), expected.bits[i] - iid.bits[i]);
    }

    void plotPngHasTheChosenSizeAndDpi() {
        PlotCanvas c;
        c.addGraph();
        c.graph(0)->setData({1, 2, 3}, {2, 3, 1});
        c.rescaleAxes();
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("p.png"));
        QVERIFY(c.exportTo(out, 1200, 800, 300));
        QImage img(out);
        QCOMPARE(img.size(), QSize(1200, 800));
        QCOMPARE(img.dotsPerMeterX(), qRound(300 / 0.0254));
        // Higher DPI draws text and lines larger on the same pixels: more ink.
        const QString low = dir.filePath(QStringLiteral("low.png"));
        QVERIFY(c.exportTo(low, 1200, 800, 96));
        auto ink = [](const QImage& im) {
            qint64 n = 0;
            for (int y = 0; y < im.height(); ++y)
                for (int x = 0; x < im.width(); ++x) n += qGray(im.pixel(x, y)) < 128;
            return n;
        };
        QVERIFY(ink(img) > ink(QImage(low)));
    }

    void benchmarkOfAMultiSelectionStoresExactlyTheSelectedImages() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("sel.db"));
        MainWindow w(db);
        w.jobs()->setCliPath(cliPath());
        QSignalSpy scanned(w.browser(), &BrowserPanel::scanFinished);
        QVERIFY(w.openDataset(sample_));
        QVERIFY(scanned.wait(60000));
        BrowserPanel* b = w.browser();
        // Two files of the dataset (rows 1 and 3 of its first dataset), Ctrl-click style.
        QModelIndex ds = b->proxy()->index(0, 0);
        QVERIFY(b->proxy()->rowCount(ds) >= 4);
        QStringList chosen;
        for (int row : {1, 3}) {
            QModelIndex file = b->proxy()->index(row, 0, ds);
            b->view()->selectionModel()->select(file, QItemSelectionModel::Select | QItemSelectionModel::Rows);
            chosen << file.data(BrowserPanel::PathRole).toString();
        }
        QCOMPARE(b->selectedPaths(), chosen);
        // The dialog offers the registry's codecs with the default set checked.
        BenchDialog dialog(b->selectedPaths(), &w);
        QStringList defaults;
        for (const auto& spec : codecs::default_codec_specs()) defaults << QString::fromStdString(spec);
        QCOMPARE(dialog.codecs(), defaults);
        QCOMPARE(dialog.codecList()->count(), int(codecs::codec_specs().size()));

        QSignalSpy done(w.jobs(), &JobsPanel::jobFinished);
        QVERIFY(w.benchmarkSelection({QStringLiteral("rice")}));
        QVERIFY(done.wait(120000));
        QCOMPARE(done.first().at(0).toString(), QStringLiteral("finished"));
        store::ResultsStore st(db.toStdString());
        QStringList stored;
        for (const auto& im : st.images()) stored << canonicalPath(QString::fromStdString(im.path));
        stored.removeDuplicates();
        stored.sort();
        QStringList want;
        for (const QString& c : chosen) want << canonicalPath(c);
        want.sort();
        QCOMPARE(stored, want);
        QVERIFY(!st.results().empty());

        // Next image (Ctrl+PgDown) walks the image HDU rows in the shown order.
        b->view()->selectionModel()->clearSelection();
        b->view()->selectionModel()->clearCurrentIndex();
        QSignalSpy loaded(&w, &MainWindow::loadFinished);
        auto shownRow = [b] {
            QModelIndexList rows = b->view()->selectionModel()->selectedRows();
            return rows.size() == 1 ? std::pair{canonicalPath(rows.first().data(BrowserPanel::PathRole).toString()),
                                                rows.first().data(BrowserPanel::HduRole).toInt()}
                                    : std::pair{QString(), -1};
        };
        QVERIFY(b->activateNeighbour(1));
        if (w.loading()) QVERIFY(loaded.wait(30000));
        auto first = shownRow();
        QCOMPARE(std::pair(canonicalPath(w.currentFile()), w.currentHdu()), first);
        QVERIFY(b->activateNeighbour(1));
        QVERIFY(loaded.wait(30000));
        auto second = shownRow();
        QVERIFY(second != first);
        QCOMPARE(std::pair(canonicalPath(w.currentFile()), w.currentHdu()), second);
        QVERIFY(b->activateNeighbour(-1));
        QVERIFY(loaded.wait(30000));
        QCOMPARE(shownRow(), first);
    }
};

QTEST_MAIN(ViewsTest)
#include "views_test.moc"
