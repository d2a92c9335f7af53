// The GUI analyses every FITS pixel type, with the engine's numbers: a float32 frame, an
// int32 frame and a uint8 frame of the corpus get their noise estimates (in the data's
// units, the view they were measured on) and bit-cost maps from the models that take
// their type (bitsky maps BitSky's lossless coding of floats pixel by pixel; context
// needs a 16-bit view); models that cannot map the type are not offered.
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTableWidget>
#include <QtTest>

#include "app/gui/heatmap_controller.h"
#include "app/gui/inspector.h"
#include "app/gui/main_window.h"
#include "app/gui/plots_panel.h"
#include "tests/gui/gui_test_support.h"
#include "engine/analysis/costmap.h"
#include "engine/analysis/noise_any.h"
#include "engine/fits/fits.h"

using namespace bitsky;
using bitsky::test::ProcessRun;
using bitsky::test::runCli;

namespace {

const QString kCorpus = QStringLiteral(BITSKY_SHARED_DATA "/corpus/");

void waitIdle(MainWindow& w) {
    for (int i = 0; i < 1200 && w.busy(); ++i) QTest::qWait(50);
}

QStringList offered(const QComboBox* box) {
    QStringList out;
    for (int i = 0; i < box->count(); ++i) out << box->itemText(i);
    return out;
}

}  // namespace

class PixelTypesTest : public QObject {
    Q_OBJECT
private slots:
    void everyTypeHasNoiseAndAMap_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("floating");
        QTest::newRow("float32") << QStringLiteral("sfd_dust_zea.fits") << QStringLiteral("bitsky") << true;
        QTest::newRow("int32") << QStringLiteral("xmm_emos1_counts_int32.fits") << QStringLiteral("context") << false;
        QTest::newRow("uint8") << QStringLiteral("xmm_epn_badpix_uint8.fits") << QStringLiteral("tile:rice") << false;
        QTest::newRow("float64") << QStringLiteral("irsa_dust_ebv_f64.fits") << QStringLiteral("tile:zstd") << true;
    }

    void everyTypeHasNoiseAndAMap() {
        QFETCH(QString, file);
        QFETCH(QString, model);
        QFETCH(bool, floating);
        const QString path = kCorpus + file;
        MainWindow w;
        w.show();
        QSignalSpy noise(w.inspector(), &Inspector::noiseReady);
        QVERIFY2(w.openFile(path), qPrintable(w.lastError()));
        if (!w.inspector()->noiseReport()) QVERIFY(noise.wait(60000));

        // The engine's estimate of the same frame with the HDU's BLANK / SATURATE.
        const auto f = fits::File::open(path.toStdString());
        const int hdu = f.image_hdus().front();
        const PixelFrame frame = f.read_frame(hdu, 0);
        const analysis::AnyNoise expected = analysis::estimate_noise_any(frame, analysis::any_noise_options_for(f.hdu(hdu)));
        const NoiseReport& got = *w.inspector()->noiseReport();
        QCOMPARE(got.noise.sigma(), expected.estimate.sigma());
        QCOMPARE(got.bitpix, f.hdu(hdu).bitpix);
        QCOMPARE(QString::fromStdString(got.view), QString::fromStdString(expected.view));
        QCOMPARE(got.floorBpp, expected.floor_bpp);
        QCOMPARE(got.prediction.has_value(), expected.u16.has_value());
        QVERIFY(std::isfinite(got.noise.sigma()));  // 0 on sparse counts and flag maps
        const QTableWidget* table = w.inspector()->noiseTable();
        QVERIFY2(table->item(0, 0)->text().contains(floating ? QStringLiteral("(") : QStringLiteral("(ADU)")),
                 qPrintable(table->item(0, 0)->text()));
        QCOMPARE(table->item(0, 1)->text(), QString::number(expected.estimate.sigma(), 'f', 4));

        // Only models that map this type are offered; the map is the engine's, pixel by pixel.
        const QStringList models = offered(w.heatmapController()->modelBox());
        QVERIFY2(models.contains(model) && models.contains(QStringLiteral("bitsky")), qPrintable(models.join(' ')));
        QCOMPARE(models.contains(QStringLiteral("context")), !floating);
        QCOMPARE(models.contains(QStringLiteral("tile:jpegls")), !floating);
        QSignalSpy ready(&w, &MainWindow::heatmapReady);
        QVERIFY(w.startHeatmap(model));
        QVERIFY2(ready.wait(120000), qPrintable(w.heatmapController()->status()));
        const analysis::BitCostMap map = analysis::make_cost_model(model.toStdString())->compute_any(frame);
        const auto& result = *w.heatmapController()->result();
        QCOMPARE(result.width, map.width);
        QCOMPARE(result.height, map.height);
        QCOMPARE(result.bppA, map.bpp());
        for (auto [x, y] : {std::pair{0, 0}, std::pair{int(map.width) / 2, int(map.height) / 3},
                            std::pair{int(map.width) - 1, int(map.height) - 1}}) {
            const auto v = w.imageView()->overlayValueAt(x, y);
            QVERIFY(v);
            QCOMPARE(*v, map.bits[std::size_t(y) * map.width + std::size_t(x)]);
        }
        // The ratio in the status is the frame's own bits over the map's bits per pixel.
        const double ratio = std::abs(f.hdu(hdu).bitpix) / map.bpp();
        QVERIFY2(w.heatmapController()->status().contains(QString::number(ratio, 'f', 3)),
                 qPrintable(w.heatmapController()->status()));
        waitIdle(w);
    }

    // The store plots show one pixel type at a time: a folder of a 16-bit and two float32
    // frames benchmarked together gives two types; each type's ratios are its own (the
    // engine's report rows of that type), and the float noise plot has sigma in data units
    // and no 16-bit Gaussian curve.
    void storePlotsAreGroupedByPixelType() {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("mixed"));
        QVERIFY(QDir().mkpath(data));
        for (const char* f : {"cfht_megacam_uint16.fits", "sfd_dust_zea.fits", "parkes_azp_nan.fits"})
            QVERIFY(QFile::copy(kCorpus + QLatin1String(f), data + QLatin1Char('/') + QLatin1String(f)));
        const QString db = dir.filePath(QStringLiteral("s.db"));
        ProcessRun b = runCli({QStringLiteral("bench"), QStringLiteral("--db"), db, QStringLiteral("--progress"),
                               QStringLiteral("none"), QStringLiteral("--codecs"), QStringLiteral("zstd,gzip2"), data});
        QVERIFY2(b.ok(), qPrintable(b.describe()));
        PlotsPanel p;
        QSignalSpy ready(&p, &PlotsPanel::plotsReady);
        p.refresh(db);
        QVERIFY(ready.wait(60000));
        // Most images first: float32 (2) before 16-bit (1).
        QCOMPARE(p.pixelTypes(), (QList<int>{-32, 16}));
        QCOMPARE(p.pixelType(), -32);
        for (const auto& r : p.data().byImage) QCOMPARE(r.bitpix, -32);
        QCOMPARE(int(p.data().byImage.size()), 4);  // 2 images x 2 codecs
        QCOMPARE(int(p.allData().byImage.size()), 6);
        store::ResultsStore st(db.toStdString(), store::OpenOptions{.create = false, .read_only = true});
        const auto rows = st.report(store::ReportBy::Dataset);
        auto expectRatio = [&](int bitpix, const QString& codec, double got) {
            for (const auto& r : rows)
                if (r.bitpix == bitpix && QString::fromStdString(r.codec) == codec) {
                    QVERIFY2(std::abs(got - *r.ratio) <= 1e-3 * *r.ratio, qPrintable(QStringLiteral("%1 vs %2").arg(got).arg(*r.ratio)));
                    return;
                }
            QFAIL("no report row");
        };
        auto checkRatioTable = [&](int bitpix) {
            const store::TextTable t = p.plotTable(QStringLiteral("ratio"));
            QCOMPARE(int(t.rows.size()), 2);
            for (const auto& row : t.rows) expectRatio(bitpix, QString::fromStdString(row[1]), std::stod(row[4]));
        };
        checkRatioTable(-32);
        PlotCanvas* noise = p.canvas(QStringLiteral("noise"));
        QVERIFY2(noise->xAxis->label().contains(QStringLiteral("data units")), qPrintable(noise->xAxis->label()));
        for (int i = 0; i < noise->plottableCount(); ++i)
            QVERIFY(noise->plottable(i)->property("role").toString() != QStringLiteral("prediction"));
        p.setPixelType(16);
        for (const auto& r : p.data().byImage) QCOMPARE(r.bitpix, 16);
        checkRatioTable(16);
        QVERIFY(noise->xAxis->label().contains(QStringLiteral("ADU")));
    }

    // A model that cannot map a type says why (typed by hand: context on float values).
    void aModelThatCannotMapTheTypeSaysWhy() {
        MainWindow w;
        w.show();
        QVERIFY2(w.openFile(kCorpus + QStringLiteral("sfd_dust_zea.fits")), qPrintable(w.lastError()));
        QSignalSpy failed(&w, &MainWindow::heatmapFailed);
        QVERIFY(w.startHeatmap(QStringLiteral("context")));
        QVERIFY(failed.wait(60000));
        QVERIFY2(w.heatmapController()->status().contains(QStringLiteral("float32")),
                 qPrintable(w.heatmapController()->status()));
        QVERIFY(!w.imageView()->hasOverlay());
        waitIdle(w);
    }
};

QTEST_MAIN(PixelTypesTest)
#include "pixel_types_gui_test.moc"
