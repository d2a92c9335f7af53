// The display pipeline and the image view: limits, stretches and colour maps on known
// data, zoom around the cursor, panning, and the open-and-show time of a 4096 x 4096 frame.
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QWheelEvent>
#include <QtTest>
#include <cmath>
#include <ctime>

#include "app/gui/main_window.h"
#include "engine/fits/fits.h"
#include "widgets/image_view.h"
#include "widgets/render.h"

using namespace bitsky;

namespace {

// 256 x 2 ramp: value = x in both rows.
std::vector<double> ramp256() {
    std::vector<double> v(512);
    for (int i = 0; i < 512; ++i) v[static_cast<std::size_t>(i)] = i % 256;
    return v;
}

int greyAt(const ImageView& view, int x, int fitsY) {
    return qGray(view.image().pixel(x, view.frameHeight() - 1 - fitsY));
}

// CPU time of the calling (GUI) thread: what the open costs, independent of how busy
// the machine is.
double threadCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

bool near(QRgb c, int r, int g, int b, int tol) {
    return std::abs(qRed(c) - r) <= tol && std::abs(qGreen(c) - g) <= tol && std::abs(qBlue(c) - b) <= tol;
}

}  // namespace

class ImageViewTest : public QObject {
    Q_OBJECT
private slots:
    void linearMinMaxOnARampIsTheIdentity() {
        ImageView view;
        view.setFrame(ramp256(), 256, 2);
        QCOMPARE(view.displayMin(), 0.0);
        QCOMPARE(view.displayMax(), 255.0);
        for (int x = 0; x < 256; ++x) QCOMPARE(greyAt(view, x, 0), x);
    }

    void stretchesFollowTheirFormulas() {
        ImageView view;
        view.setFrame(ramp256(), 256, 2);
        struct Case {
            Stretch s;
            double (*f)(double);
        };
        const Case cases[] = {
            {Stretch::Sqrt, [](double t) { return std::sqrt(t); }},
            {Stretch::Log, [](double t) { return std::log10(1000 * t + 1) / std::log10(1001.0); }},
            {Stretch::Asinh, [](double t) { return std::asinh(10 * t) / std::asinh(10.0); }},
        };
        for (const auto& c : cases) {
            view.setStretch(c.s);
            for (int x : {0, 1, 5, 32, 100, 200, 255}) {
                int want = int(std::lround(c.f(x / 255.0) * 255.0));
                QVERIFY2(std::abs(greyAt(view, x, 1) - want) <= 1,
                         qPrintable(QStringLiteral("%1 at %2: %3 vs %4").arg(stretchKey(c.s)).arg(x).arg(greyAt(view, x, 1)).arg(want)));
            }
        }
        // Histogram equalisation of a uniform ramp is (nearly) linear.
        view.setStretch(Stretch::HistEq);
        for (int x : {10, 64, 128, 250}) QVERIFY(std::abs(greyAt(view, x, 0) - x) <= 2);
        QCOMPARE(greyAt(view, 0, 0), 0);
        QCOMPARE(greyAt(view, 255, 0), 255);
    }

    // Display changes on a frame big enough for the rows to be split over threads and the
    // images to be rewritten in place: after every stretch, colour, limits and frame change
    // the view shows exactly what a fresh render of the same values gives (limits kept only
    // while frame and limits stay), and an image handed out before a change keeps its pixels.
    void displayChangesEqualAFreshRender() {
        auto file = fits::File::open(BITSKY_SHARED_DATA "/real/ngc1316r.fits");
        const int hdu = file.image_hdus().front();
        CubeF64 frame = file.read_physical_frame(hdu, 0);
        const int w = int(frame.width()), h = int(frame.height());
        QVERIFY(h >= 256);
        std::vector<double> values = frame.data();
        ImageView view;
        view.setFrame(values, w, h);
        auto check = [&](const char* step) {
            RenderedFrame fresh = ImageView::renderFrame(view.values(), w, h, view.display());
            QVERIFY2(view.displayRange() == fresh.range, step);
            QVERIFY2(view.image() == fresh.image, step);
        };
        check("first frame");
        const QImage handedOut = view.image();
        const QImage copy = handedOut.copy();
        for (Stretch s : {Stretch::Log, Stretch::Asinh, Stretch::HistEq, Stretch::Sqrt, Stretch::Linear}) {
            view.setStretch(s);
            check(qPrintable(stretchKey(s)));
        }
        QVERIFY(handedOut == copy);
        view.setColourMap(ColourMap::Viridis);
        check("viridis");
        view.setInverted(true);
        check("inverted");
        view.setLimits(Limits::Percentile995);
        check("99.5%");
        view.setManualLimits({values[0], values[0] + 50});
        check("manual");
        view.setLimits(Limits::ZScale);
        check("zscale again");
        // Another frame (here the values scaled): new limits, not the cached ones.
        for (double& v : values) v = v * 3 + 7;
        const DisplayRange before = view.displayRange();
        view.setFrame(values, w, h);
        QVERIFY(!(view.displayRange() == before));
        check("new frame");
    }

    void percentileAndZscaleLimits() {
        std::vector<double> v(10000);
        for (std::size_t i = 0; i < v.size(); ++i) v[i] = double(i);
        DisplayRange p99 = computeLimits(v, Limits::Percentile99);
        QCOMPARE(p99.lo, 50.0);
        QCOMPARE(p99.hi, 9949.0);
        DisplayRange p999 = computeLimits(v, Limits::Percentile999);
        QCOMPARE(p999.lo, 5.0);
        QCOMPARE(p999.hi, 9994.0);
        // zscale ignores a few extreme outliers on a ramp.
        std::vector<double> r(1000);
        for (std::size_t i = 0; i < r.size(); ++i) r[i] = double(i);
        for (int k = 0; k < 5; ++k) r.push_back(1e6);
        r.push_back(std::nan(""));
        DisplayRange z = computeLimits(r, Limits::ZScale);
        QCOMPARE(z.lo, 0.0);
        QVERIFY2(z.hi >= 999.0 && z.hi < 5000.0, qPrintable(QString::number(z.hi)));
        DisplayRange mm = computeLimits(r, Limits::MinMax);
        QCOMPARE(mm.hi, 1e6);
    }

    void colourMapsEndpoints() {
        const auto& v = colourTable(ColourMap::Viridis);
        QVERIFY(near(v[0], 68, 1, 84, 4));
        QVERIFY(near(v[255], 253, 231, 37, 6));
        QVERIFY(near(colourTable(ColourMap::Inferno)[0], 0, 0, 4, 4));
        QVERIFY(near(colourTable(ColourMap::Inferno)[255], 252, 255, 164, 6));
        QVERIFY(near(colourTable(ColourMap::Magma)[255], 252, 253, 191, 6));
        QVERIFY(near(colourTable(ColourMap::Cubehelix)[0], 0, 0, 0, 0));
        QVERIFY(near(colourTable(ColourMap::Cubehelix)[255], 255, 255, 255, 0));
        ImageView view;
        view.setFrame(ramp256(), 256, 2);
        view.setColourMap(ColourMap::Viridis);
        QCOMPARE(view.image().pixel(200, 0), v[200]);
        QCOMPARE(view.image().pixel(0, 1), v[0]);
    }

    void wheelZoomKeepsThePixelUnderTheCursor() {
        std::vector<double> v(100 * 80, 1.0);
        ImageView view;
        view.resize(400, 300);
        view.show();
        view.setFrame(v, 100, 80);
        const QPointF cursor(123.4, 77.7);
        QPointF before = view.widgetToImage(cursor);
        double z0 = view.zoom();
        for (int i = 0; i < 3; ++i) {
            QWheelEvent e(cursor, view.mapToGlobal(cursor), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
            QApplication::sendEvent(&view, &e);
        }
        QVERIFY(view.zoom() > z0 * 2.5);
        QPointF after = view.widgetToImage(cursor);
        QVERIFY(std::abs(after.x() - before.x()) < 1e-9 && std::abs(after.y() - before.y()) < 1e-9);
        view.setZoom(1000.0, cursor);
        QCOMPARE(view.zoom(), ImageView::kMaxZoom);
        view.setZoom(1e-6, cursor);
        QCOMPARE(view.zoom(), ImageView::kMinZoom);
        view.fitToWindow();
        QCOMPARE(view.zoom(), 3.75);  // min(400/100, 300/80)
    }

    void dragPans() {
        std::vector<double> v(100 * 80, 1.0);
        ImageView view;
        view.resize(400, 300);
        view.show();
        view.setFrame(v, 100, 80);
        QPointF img0 = view.widgetToImage(QPointF(200, 150));
        QMouseEvent press(QEvent::MouseButtonPress, QPointF(200, 150), view.mapToGlobal(QPointF(200, 150)),
                          Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&view, &press);
        QMouseEvent move(QEvent::MouseMove, QPointF(230, 130), view.mapToGlobal(QPointF(230, 130)), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&view, &move);
        QMouseEvent release(QEvent::MouseButtonRelease, QPointF(230, 130), view.mapToGlobal(QPointF(230, 130)),
                            Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(&view, &release);
        // The image point that was at (200, 150) is now at (230, 130).
        QPointF img1 = view.widgetToImage(QPointF(230, 130));
        QVERIFY(std::abs(img1.x() - img0.x()) < 1e-9 && std::abs(img1.y() - img0.y()) < 1e-9);
        QVERIFY(!view.fitMode());
    }

    void opens4096SquareUint16AndReportsTheTime() {
        QTemporaryDir dir;
        const std::size_t n = 4096;
        QString path = dir.filePath(QStringLiteral("big.fits"));
        {
            std::vector<std::uint16_t> data(n * n);
            std::uint32_t s = 12345;
            for (std::size_t i = 0; i < data.size(); ++i) {
                s = s * 1664525u + 1013904223u;
                data[i] = static_cast<std::uint16_t>(1000 + (s >> 28) + (i % n) / 64);
            }
            fits::Writer w(path.toStdString());
            w.write_u16({n, n}, data);
            w.close();
        }
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        double best = 1e9, bestCpu = 1e9;
        for (int rep = 0; rep < 3; ++rep) {
            QElapsedTimer t;
            t.start();
            double c0 = threadCpuSeconds();
            QVERIFY(w.openFile(path));
            w.imageView()->repaint();
            best = std::min(best, t.nsecsElapsed() / 1e9);
            bestCpu = std::min(bestCpu, threadCpuSeconds() - c0);
        }
        QElapsedTimer t;
        t.start();
        double c0 = threadCpuSeconds();
        w.setDisplay(Limits::ZScale, Stretch::Asinh, ColourMap::Viridis);
        w.imageView()->repaint();
        double restretch = t.nsecsElapsed() / 1e9, restretchCpu = threadCpuSeconds() - c0;
        t.start();
        c0 = threadCpuSeconds();
        w.setDisplay(Limits::ZScale, Stretch::Asinh, ColourMap::Inferno);
        w.imageView()->repaint();
        double recolour = t.nsecsElapsed() / 1e9, recolourCpu = threadCpuSeconds() - c0;
        qInfo("GUI 4096x4096 uint16 (wall / GUI-thread CPU): open+show %.3f / %.3f s (best of 3); "
              "zscale+asinh re-render %.3f / %.3f s; colour map change %.3f / %.3f s",
              best, bestCpu, restretch, restretchCpu, recolour, recolourCpu);
        QCOMPARE(w.imageView()->frameWidth(), 4096);
        QCOMPARE(w.imageView()->frameHeight(), 4096);
        // Times are reported, not asserted: the open-time target (0.5 s) is measured by the
        // benchmark `bitsky --measure-open 4096` and reported in docs/performance.md.
    }
};

QTEST_MAIN(ImageViewTest)
#include "image_view_test.moc"
