// The main window on the offscreen platform: opens real FITS files and renders them.
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include "app/gui/fs_path.h"
#include "app/gui/inspector.h"
#include "app/gui/main_window.h"
#include "engine/analysis/costmap.h"
#include "engine/analysis/noise.h"
#include "engine/fits/fits.h"
#include "engine/store/store.h"
#include "tests/gui/gui_test_support.h"
#include <cmath>
#include <filesystem>
#include <numbers>

using bitsky::MainWindow;
using namespace bitsky;
using namespace bitsky::test;

namespace {

// The first file of the sample sky (made once per test program by bitsky-cli sample);
// empty, with the reason in `error`, if it could not be made.
QString sampleFile(QString* error = nullptr) {
    static QTemporaryDir dir;
    static QString file, why;
    if (file.isEmpty() && why.isEmpty()) {
        const QStringList all = makeSampleSky(dir.path(), &why);
        if (!all.isEmpty()) file = all.first();
    }
    if (error) *error = why;
    return file;
}

// TAN by the spherical route of Calabretta & Greisen (2002), independent of the
// implementation's direct formula: native (phi, theta), then the rotation to (ra, dec)
// with the native pole at (crval1, crval2) and phi_p = 180 deg.
std::pair<double, double> handTan(double x, double y, double crval1, double crval2, double crpix1, double crpix2,
                                  double cd11, double cd12, double cd21, double cd22) {
    const double d = std::numbers::pi / 180.0;
    double xx = cd11 * (x - crpix1) + cd12 * (y - crpix2);
    double yy = cd21 * (x - crpix1) + cd22 * (y - crpix2);
    double r = std::hypot(xx, yy);
    double phi = std::atan2(xx, -yy);
    double theta = std::atan2(180.0 / std::numbers::pi, r);
    double dp = crval2 * d;
    double a = std::atan2(-std::cos(theta) * std::sin(phi - std::numbers::pi),
                          std::sin(theta) * std::cos(dp) - std::cos(theta) * std::sin(dp) * std::cos(phi - std::numbers::pi));
    double dec = std::asin(std::sin(theta) * std::sin(dp) + std::cos(theta) * std::cos(dp) * std::cos(phi - std::numbers::pi));
    double ra = std::fmod(crval1 + a / d + 360.0, 360.0);
    return {ra, dec / d};
}

}  // namespace

class MainWindowTest : public QObject {
    Q_OBJECT
private slots:
    void worldCoordinatesOfATanHeader() {
        QTemporaryDir dir;
        QString path = dir.filePath(QStringLiteral("tan.fits"));
        {
            fits::Writer wr(path.toStdString());
            wr.write_u16({64, 48}, std::vector<std::uint16_t>(64 * 48, 100));
            wr.set_key("CTYPE1", std::string("RA---TAN"), "");
            wr.set_key("CTYPE2", std::string("DEC--TAN"), "");
            wr.set_key("CRVAL1", 150.0, "");
            wr.set_key("CRVAL2", 30.0, "");
            wr.set_key("CRPIX1", 32.5, "");
            wr.set_key("CRPIX2", 24.5, "");
            wr.set_key("CD1_1", -0.01, "");
            wr.set_key("CD1_2", 0.002, "");
            wr.set_key("CD2_1", 0.001, "");
            wr.set_key("CD2_2", 0.01, "");
            wr.close();
        }
        MainWindow w;
        QVERIFY2(w.openFile(path), qPrintable(w.lastError()));
        for (auto [x, y] : {std::pair{0, 0}, std::pair{63, 47}, std::pair{31, 23}, std::pair{10, 40}}) {
            auto world = w.worldAt(x, y);
            QVERIFY(world);
            auto [ra, dec] = handTan(x + 1.0, y + 1.0, 150, 30, 32.5, 24.5, -0.01, 0.002, 0.001, 0.01);
            QVERIFY2(std::abs(world->lon_deg() - ra) < 1e-9 && std::abs(world->lat_deg() - dec) < 1e-9,
                     qPrintable(QStringLiteral("%1 %2 vs %3 %4").arg(world->lon_deg(), 0, 'f', 10).arg(world->lat_deg(), 0, 'f', 10)
                                    .arg(ra, 0, 'f', 10).arg(dec, 0, 'f', 10)));
        }
        QString status = w.pixelStatus(0, 0);
        QVERIFY2(status.contains(QStringLiteral("RA ")) && status.contains(QStringLiteral("Dec ")), qPrintable(status));
        auto [ra0, dec0] = handTan(1.0, 1.0, 150, 30, 32.5, 24.5, -0.01, 0.002, 0.001, 0.01);
        QVERIFY2(status.contains(QString::fromStdString(wcs::format_ra_hms(ra0))) &&
                     status.contains(QString::fromStdString(wcs::format_dec_dms(dec0))),
                 qPrintable(status));
        // A header without a WCS shows no world coordinates.
        QVERIFY(w.openFile(QStringLiteral(BITSKY_TEST_DATA "/odd_axes_mixed.fits")));
        QVERIFY(!w.worldAt(10, 10));
        QVERIFY2(!w.pixelStatus(10, 10).contains(QStringLiteral("RA ")), qPrintable(w.pixelStatus(10, 10)));
    }

    void iidHeatmapMatchesTheEngineMap() {
        QString error;
        QString file = sampleFile(&error);
        QVERIFY2(!file.isEmpty(), qPrintable(error));
        MainWindow w;
        w.show();
        QVERIFY2(w.openFile(file), qPrintable(w.lastError()));
        QSignalSpy ready(&w, &MainWindow::heatmapReady);
        QVERIFY(w.startHeatmap(QStringLiteral("iid")));
        QVERIFY(ready.wait(30000));
        auto f = fits::File::open(file.toStdString());
        auto cube = f.read_u16_frame(f.image_hdus().front(), 0);
        auto map = analysis::compute_cost_map("iid", cube.frame(0));
        auto* view = w.imageView();
        QVERIFY(view->hasOverlay());
        for (auto [x, y] : {std::pair{0, 0}, std::pair{17, 93}, std::pair{int(map.width) - 1, int(map.height) - 1}}) {
            auto got = view->overlayValueAt(x, y);
            QVERIFY(got);
            QCOMPARE(*got, map.bits[std::size_t(y) * map.width + std::size_t(x)]);
        }
        QVERIFY(w.pixelStatus(17, 93).contains(QStringLiteral("bits")));
        QCOMPARE(w.heatmapBar()->title(), QStringLiteral("bits/pixel"));
        // Difference of a model with itself is zero everywhere.
        QVERIFY(w.startHeatmap(QStringLiteral("iid"), QStringLiteral("iid")));
        QVERIFY(ready.wait(30000));
        QCOMPARE(*view->overlayValueAt(17, 93), 0.0f);
        view->setOverlayOpacity(0.25);
        QCOMPARE(view->overlayOpacity(), 0.25);
    }

    void inspectorShowsHeaderNoiseAndStoreResults() {
        QString error;
        QString file = sampleFile(&error);
        QVERIFY2(!file.isEmpty(), qPrintable(error));
        QTemporaryDir dir;
        QString db = dir.filePath(QStringLiteral("results.db"));
        auto f = fits::File::open(file.toStdString());
        int hdu = f.image_hdus().front();
        auto cube = f.read_u16_frame(hdu, 0);
        {
            store::ResultsStore st(db.toStdString());
            auto ds = st.upsert_dataset("sky", QFileInfo(file).absolutePath().toStdString());
            store::ImageRecord im;
            im.dataset_id = ds;
            im.path = QFileInfo(file).absoluteFilePath().toStdString();
            im.hdu = hdu;
            im.shape = "[" + std::to_string(cube.width()) + ", " + std::to_string(cube.height()) + "]";
            im.content_hash = "test";
            auto id = st.upsert_image(im).id;
            auto codec = st.upsert_codec("rice", "cfitsio", "4.2.0");
            store::ResultRow r;
            r.image_id = id;
            r.codec_id = codec;
            r.raw_bytes = 2000;
            r.compressed_bytes = 800;
            r.lossless_ok = true;
            st.insert_results({r});
        }
        MainWindow w(db);
        QVERIFY(w.openFile(file));
        Inspector* in = w.inspector();
        // Header: every card is there and the filter narrows it down.
        int all = in->headerModel()->rowCount();
        QVERIFY(all > 5);
        in->headerFilter()->setText(QStringLiteral("naxis"));
        QVERIFY(in->headerModel()->rowCount() >= 3 && in->headerModel()->rowCount() < all);
        QCOMPARE(in->headerModel()->index(0, 0).data().toString().left(5), QStringLiteral("NAXIS"));
        // Noise: the numbers are the engine's.
        if (!in->noiseReport()) {
            QSignalSpy noise(in, &Inspector::noiseReady);
            QVERIFY(noise.wait(30000));
        }
        auto expected = analysis::estimate_noise(cube.frame(0));
        QCOMPARE(in->noiseReport()->noise.sigma(), expected.sigma());
        QCOMPARE(in->noiseTable()->item(0, 1)->text(), QString::number(expected.sigma(), 'f', 4));
        // Store: the codec result of this image.
        QCOMPARE(in->resultsTable()->item(0, 0)->text(), QStringLiteral("rice"));
        QCOMPARE(in->resultsTable()->item(0, 2)->text(), QStringLiteral("2.500"));
    }

    void screenshotOptionWritesAPngOfTheWindowSize() {
        QString error;
        QString file = sampleFile(&error);
        QVERIFY2(!file.isEmpty(), qPrintable(error));
        QTemporaryDir dir;
        QString out = dir.filePath(QStringLiteral("shot.png"));
        ProcessRun p = runGui({QStringLiteral("--db"), dir.filePath(QStringLiteral("none.db")), QStringLiteral("--open"), file,
                               QStringLiteral("--panel"), QStringLiteral("inspector"), QStringLiteral("--size"),
                               QStringLiteral("900x600"), QStringLiteral("--screenshot"), out});
        QVERIFY2(p.ok(), qPrintable(p.describe()));
        QImage img(out);
        QCOMPARE(img.size(), QSize(900, 600));
        ProcessRun bad = runGui({QStringLiteral("--panel"), QStringLiteral("nonsense"), QStringLiteral("--screenshot"), out});
        QVERIFY2(bad.finished && !bad.crashed, qPrintable(bad.describe()));
        QVERIFY(bad.exitCode != 0);
    }

    void cubeFrameSliderShowsOtherFrames() {
        QTemporaryDir dir;
        QString path = dir.filePath(QStringLiteral("cube.fits"));
        {
            std::vector<std::uint16_t> data(4 * 3 * 5);
            for (std::size_t k = 0; k < 5; ++k)
                for (std::size_t i = 0; i < 12; ++i) data[k * 12 + i] = static_cast<std::uint16_t>(100 * k + i);
            fits::Writer wr(path.toStdString());
            wr.write_u16({4, 3, 5}, data);
            wr.close();
        }
        MainWindow w;
        QVERIFY(w.openFile(path));
        QCOMPARE(w.frameSlider(3)->maximum(), 4);
        QCOMPARE(*w.imageView()->valueAt(1, 0), 1.0);
        w.frameSlider(3)->setValue(3);
        QCOMPARE(*w.imageView()->valueAt(1, 0), 301.0);
    }

    void opensSignedInt16Galaxy() {
        MainWindow w;
        w.show();
        QVERIFY(w.openFile(QStringLiteral(BITSKY_TEST_DATA "/ngc1316r.fits")));
        const QImage& img = w.imageView()->image();
        QCOMPARE(img.width(), 440);
        QCOMPARE(img.height(), 300);
        // A linear min/max stretch uses the full grey range.
        int lo = 255, hi = 0;
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x) {
                int g = qGray(img.pixel(x, y));
                lo = std::min(lo, g);
                hi = std::max(hi, g);
            }
        QCOMPARE(lo, 0);
        QCOMPARE(hi, 255);
        QImage shot = w.grab().toImage();
        QVERIFY(!shot.isNull());
        QVERIFY(shot.width() > 0);
    }

    void brightestPixelIsWhiteAndFlippedLikeDs9() {
        // A tiny known image: the maximum is at FITS (x=1, y=0), i.e. the bottom row on screen.
        QTemporaryDir dir;
        QString path = dir.filePath(QStringLiteral("tiny [x+y].fits"));
        {
            bitsky::fits::Writer wr(path.toStdString());
            wr.write_u16({3, 2}, {10, 1000, 10, 10, 10, 10});
            wr.close();
        }
        MainWindow w;
        QVERIFY(w.openFile(path));
        const QImage& img = w.imageView()->image();
        QCOMPARE(qGray(img.pixel(1, 1)), 255);
        QCOMPARE(qGray(img.pixel(1, 0)), 0);
    }

    void opensAFolderOfTheSampleSky() {
        QTemporaryDir dir;
        QString error;
        QVERIFY2(!makeSampleSky(dir.path(), &error).isEmpty(), qPrintable(error));
        MainWindow w;
        QVERIFY2(w.openFile(dir.path()), qPrintable(w.lastError()));
        QVERIFY(w.currentFile().endsWith(QStringLiteral(".fits")));
        QVERIFY(w.imageView()->frameWidth() > 100);
    }

    void opensFilesWhoseNamesAreNotUtf8() {
        // A Latin-1 name: the bytes must survive every conversion between Qt and the engine.
        QTemporaryDir dir;
        const std::filesystem::path folder = std::filesystem::path(dir.path().toStdString()) / std::string("m\xfcnchen");
        std::filesystem::create_directories(folder);
        const std::filesystem::path file = folder / std::string("caf\xe9.fits");
        std::filesystem::copy_file(BITSKY_TEST_DATA "/dss_plate.fits", file);
        QCOMPARE(toFsPath(fromFsPath(file)), file);
        MainWindow w;
        QVERIFY2(w.openFile(fromFsPath(file)), qPrintable(w.lastError()));
        QCOMPARE(toFsPath(w.currentFile()), file);
        QVERIFY(w.imageView()->frameWidth() > 0);
        // A folder with such a name opens too (its first FITS file).
        MainWindow w2;
        QVERIFY2(w2.openFile(fromFsPath(folder)), qPrintable(w2.lastError()));
        QCOMPARE(toFsPath(w2.currentFile()), file);
    }

    void reportsBadFileInWindow() {
        QTemporaryDir dir;
        QString path = dir.filePath(QStringLiteral("junk.fits"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(5000, 'x'));
        f.close();
        MainWindow w;
        QVERIFY(!w.openFile(path));
        QVERIFY(w.lastError().contains(QStringLiteral("junk.fits")));
    }
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
