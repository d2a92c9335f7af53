// Inspector (tile noise map and histogram, predicted vs measured, results table with Run now
// and export), the bit-plane, neural-matrix and cube-frame plots, and the heatmap following
// the frame slider: against real sample-sky files, real stores made by bitsky-cli, and the
// engine's own numbers, on the offscreen platform.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "app/gui/inspector.h"
#include "app/gui/jobs_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/plots_panel.h"
#include "engine/analysis/costmap.h"
#include "engine/analysis/noise.h"
#include "engine/analysis/predict.h"
#include "engine/codecs/cube_codec.h"
#include "engine/fits/fits.h"
#include "engine/store/estimates.h"
#include "engine/store/store.h"
#include "tests/gui/gui_test_support.h"

using namespace bitsky;
using namespace bitsky::test;

namespace {

// RFC 4180 CSV: quoted fields with "" escapes, commas and newlines inside quotes.
QList<QStringList> parseCsv(const QString& text) {
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (int i = 0; i < text.size(); ++i) {
        QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\n')) {
            row << field;
            field.clear();
            rows << row;
            row.clear();
        } else {
            field += c;
        }
    }
    return rows;
}

QString readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

QCPBars* barsWithRole(PlotCanvas* c, const QString& role) {
    for (int i = 0; i < c->plottableCount(); ++i)
        if (auto* b = qobject_cast<QCPBars*>(c->plottable(i)); b && b->property("role").toString() == role) return b;
    return nullptr;
}

bool waitIdle(MainWindow& w, int ms = 120000) {
    QElapsedTimer t;
    t.start();
    while (w.busy() && t.elapsed() < ms) QTest::qWait(20);
    return !w.busy();
}

}  // namespace

class GuiPlotsTest : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString sample_, store_, frame2d_, ramp_;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("bitsky-guiplots-test"));
        QVERIFY(tmp_.isValid());
        sample_ = tmp_.filePath(QStringLiteral("sky"));
        store_ = tmp_.filePath(QStringLiteral("results.db"));
        ProcessRun s = runCli({QStringLiteral("sample"), QStringLiteral("--out"), sample_});
        QVERIFY2(s.ok(), qPrintable(s.describe()));
        frame2d_ = sample_ + QStringLiteral("/data/skyline/skyline_001.fits");
        ramp_ = sample_ + QStringLiteral("/data/orbiter/orbiter_ramp_001.fits");
        QVERIFY(QFileInfo::exists(frame2d_));
        QVERIFY(QFileInfo::exists(ramp_));
        ProcessRun b = runCli({QStringLiteral("bench"), QStringLiteral("--db"), store_, QStringLiteral("--progress"), QStringLiteral("none"),
                        QStringLiteral("--codecs"), QStringLiteral("rice,jpegls"), sample_ + QStringLiteral("/data/skyline")});
        QVERIFY2(b.ok(), qPrintable(b.describe()));
    }

    // The tile noise map is the engine's, cell for cell, and its histogram counts every tile once.
    void tileNoiseMapAndHistogram() {
        MainWindow w(store_);
        QSignalSpy noise(w.inspector(), &Inspector::noiseReady);
        QVERIFY2(w.openFile(frame2d_), qPrintable(w.lastError()));
        if (!w.inspector()->noiseReport()) QVERIFY(noise.wait(60000));
        auto f = fits::File::open(frame2d_.toStdString());
        auto cube = f.read_u16_frame(0, 0);
        const auto tiles = analysis::estimate_noise(cube.frame(0)).tiles;
        QVERIFY(tiles.tiles_x * tiles.tiles_y >= 16);
        QCPColorMap* map = w.inspector()->tileColourMap();
        QVERIFY(map);
        QCOMPARE(map->data()->keySize(), int(tiles.tiles_x));
        QCOMPARE(map->data()->valueSize(), int(tiles.tiles_y));
        for (std::size_t ty = 0; ty < tiles.tiles_y; ++ty)
            for (std::size_t tx = 0; tx < tiles.tiles_x; ++tx)
                QCOMPARE(map->data()->cell(int(tx), int(ty)), double(tiles.at_sigma(tx, ty)));
        QVERIFY(map->colorScale());
        QCPBars* hist = barsWithRole(w.inspector()->tileHistogram(), QStringLiteral("tile-histogram"));
        QVERIFY(hist);
        double total = 0;
        for (auto it = hist->data()->constBegin(); it != hist->data()->constEnd(); ++it) total += it->value;
        QCOMPARE(total, double(tiles.tiles_x * tiles.tiles_y));
    }

    // Predicted (bench), measured (bench) side by side; the results table exports as CSV that
    // parses back to the table, and as LaTeX.
    void predictedVsMeasuredAndTableExport() {
        MainWindow w(store_);
        QVERIFY2(w.openFile(frame2d_), qPrintable(w.lastError()));
        Inspector* in = w.inspector();
        store::ResultsStore st(store_.toStdString(), {.create = false, .read_only = true});
        std::optional<store::ReportRow> rice;
        for (const auto& r : st.report(store::ReportBy::Image))
            if (r.codec == "rice" && canonicalPath(QString::fromStdString(r.image)) == canonicalPath(frame2d_)) rice = r;
        QVERIFY(rice);
        bool measured = false, predicted = false;
        for (const auto& e : in->bppEntries()) {
            if (e.source == store::BppEntry::Source::Measured && e.name == "rice") {
                QVERIFY(std::abs(e.bpp - *rice->bpp) < 1e-12);
                measured = true;
            }
            if (e.source == store::BppEntry::Source::Predicted && e.name == "gaussian-entropy") predicted = true;
        }
        QVERIFY(measured && predicted);
        QCOMPARE(in->bppTable()->rowCount(), int(in->bppEntries().size()));
        // The bar chart holds the same numbers: predicted and measured series.
        int bars = 0;
        for (int i = 0; i < in->bppCanvas()->plottableCount(); ++i)
            if (auto* b = qobject_cast<QCPBars*>(in->bppCanvas()->plottable(i))) bars += b->dataCount();
        QCOMPARE(bars, int(in->bppEntries().size()));

        QTemporaryDir out;
        const QString csv = out.filePath(QStringLiteral("results.csv"));
        QString error;
        QVERIFY2(in->exportResults(csv, &error), qPrintable(error));
        auto rows = parseCsv(readAll(csv));
        QTableWidget* t = in->resultsTable();
        QCOMPARE(rows.size(), t->rowCount() + 1);
        for (int c = 0; c < t->columnCount(); ++c) QCOMPARE(rows[0][c], t->horizontalHeaderItem(c)->text());
        for (int r = 0; r < t->rowCount(); ++r)
            for (int c = 0; c < t->columnCount(); ++c) QCOMPARE(rows[r + 1][c], t->item(r, c)->text());
        QCOMPARE(rows[1][0], QStringLiteral("jpegls"));
        QCOMPARE(rows[2][2], QString::number(*rice->ratio, 'f', 3));
        const QString tex = out.filePath(QStringLiteral("results.tex"));
        QVERIFY(in->exportResults(tex));
        QString latex = readAll(tex);
        QVERIFY2(latex.contains(QStringLiteral("\\begin{tabular}{llrrrrr}")), qPrintable(latex));
        QVERIFY(latex.contains(QStringLiteral("rice & ")));
        QVERIFY(!in->exportResults(out.filePath(QStringLiteral("results.xlsx")), &error));
        QVERIFY(error.contains(QStringLiteral(".csv")));
    }

    // "Run now" benchmarks this image through the jobs dock (a real bitsky-cli child) and the
    // table fills from the store when it ends.
    void runNowBenchmarksThisImageAndRefreshes() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("run.db"));
        MainWindow w(db);
        w.jobs()->setCliPath(cliPath());
        w.jobs()->setCodecs({QStringLiteral("rice")});
        QVERIFY(w.openFile(frame2d_));
        QCOMPARE(w.inspector()->resultsTable()->rowCount(), 1);  // "No results store yet"
        QSignalSpy finished(w.jobs(), &JobsPanel::jobFinished);
        QVERIFY(w.inspector()->runNowButton()->isEnabled());
        QTest::mouseClick(w.inspector()->runNowButton(), Qt::LeftButton);
        QVERIFY(w.jobs()->running());
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.first().at(0).toString(), QStringLiteral("finished"));
        store::ResultsStore st(db.toStdString(), {.create = false, .read_only = true});
        auto report = st.report(store::ReportBy::Image);
        QCOMPARE(int(report.size()), 1);
        QCOMPARE(canonicalPath(QString::fromStdString(report[0].image)), canonicalPath(frame2d_));
        QTableWidget* t = w.inspector()->resultsTable();
        QCOMPARE(t->rowCount(), 1);
        QCOMPARE(t->item(0, 0)->text(), QStringLiteral("rice"));
        QCOMPARE(t->item(0, 2)->text(), QString::number(*report[0].ratio, 'f', 3));
    }

    // A folder with a pixel type no chosen codec takes: the job ends "finished" (not failed),
    // says how many were skipped, and the inspector shows "skipped: <the codec's reason>".
    void skippedItemsAreShownWithTheirReason() {
        QTemporaryDir dir;
        const QString set = dir.filePath(QStringLiteral("set"));
        QVERIFY(QDir().mkpath(set));
        QVERIFY(QFile::copy(frame2d_, set + QStringLiteral("/frame.fits")));
        const QString floatPath = set + QStringLiteral("/float.fits");
        {
            fits::Writer fw(floatPath.toStdString());
            std::vector<float> px(64 * 64);
            for (std::size_t i = 0; i < px.size(); ++i) px[i] = float(i % 97) * 0.25f;
            fw.write_f32({64, 64}, px);
            fw.close();
        }
        const QString db = dir.filePath(QStringLiteral("skip.db"));
        MainWindow w(db);
        w.jobs()->setCliPath(cliPath());
        QSignalSpy finished(w.jobs(), &JobsPanel::jobFinished);
        QVERIFY(w.jobs()->start({set}, {QStringLiteral("rice")}));
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.first().at(0).toString(), QStringLiteral("finished"));
        QCOMPARE(finished.first().at(1).toInt(), 0);  // skips are not failures
        QVERIFY2(w.jobs()->statusText().contains(QStringLiteral("1 image/codec pair(s) skipped")),
                 qPrintable(w.jobs()->statusText()));
        w.inspector()->showStoreResults(db, floatPath, 0);
        QTableWidget* t = w.inspector()->resultsTable();
        QCOMPARE(t->rowCount(), 1);
        QCOMPARE(t->item(0, 0)->text(), QStringLiteral("rice"));
        QVERIFY2(t->item(0, 6)->text().startsWith(QStringLiteral("skipped: Rice takes integer images (8-bit, 16-bit and 32-bit), not BITPIX=-32")),
                 qPrintable(t->item(0, 6)->text()));
        w.inspector()->showStoreResults(db, set + QStringLiteral("/frame.fits"), 0);
        QCOMPARE(t->rowCount(), 1);
        QCOMPARE(t->item(0, 6)->text(), QStringLiteral("ok"));
    }

    // 16 bars equal to the engine's bit-plane entropies, and the noise bits marked at log2 sigma.
    void bitPlanePlotEqualsTheEngine() {
        MainWindow w(store_);
        QSignalSpy planes(w.plots(), &PlotsPanel::planesReady);
        QVERIFY(w.openFile(frame2d_));
        QVERIFY(planes.wait(60000));
        auto f = fits::File::open(frame2d_.toStdString());
        auto cube = f.read_u16_frame(0, 0);
        const auto want = analysis::bit_planes(cube.frame(0).pixels);
        QCPBars* bars = barsWithRole(w.plots()->canvas(QStringLiteral("bitplanes")), QStringLiteral("planes"));
        QVERIFY(bars);
        QCOMPARE(bars->dataCount(), 16);
        for (int b = 0; b < 16; ++b) {
            QCOMPARE(bars->data()->at(b)->key, double(b));
            QCOMPARE(bars->data()->at(b)->value, want.plane_entropy[std::size_t(b)]);
        }
        analysis::NoiseOptions opt;
        opt.tile = 0;
        const double sigma = analysis::estimate_noise(cube.frame(0), opt).sigma();
        QCOMPARE(w.plots()->planes()->sigma, sigma);
        PlotCanvas* c = w.plots()->canvas(QStringLiteral("bitplanes"));
        bool marked = false;
        for (int i = 0; i < c->itemCount(); ++i)
            if (c->item(i)->objectName() == QLatin1String("noise-bits"))
                marked = std::abs(c->item(i)->property("x").toDouble() - std::log2(sigma)) < 1e-12;
        QVERIFY(marked);
        // Its data as a table: 16 rows with the same numbers.
        auto table = w.plots()->plotTable(QStringLiteral("bitplanes"));
        QCOMPARE(int(table.rows.size()), 16);
        QCOMPARE(std::stod(table.rows[3][1]), std::round(want.plane_entropy[3] * 1e6) / 1e6);
    }

    // The heatmap follows the frame slider: after a frame change (and after several quick
    // ones) the overlay is the engine's map of the frame shown, never a previous frame's.
    void heatmapFollowsTheFrameSlider() {
        MainWindow w;
        w.show();
        QVERIFY(w.openFile(ramp_));
        QSignalSpy ready(&w, &MainWindow::heatmapReady);
        QVERIFY(w.startHeatmap(QStringLiteral("iid")));
        QVERIFY(ready.wait(30000));
        auto f = fits::File::open(ramp_.toStdString());
        const int hdu = f.image_hdus().front();
        auto check = [&](std::size_t k) {
            auto cube = f.read_u16_frame(hdu, k);
            auto map = analysis::compute_cost_map("iid", cube.frame(0));
            std::size_t differ = 0;
            for (std::size_t y = 0; y < map.height; ++y)
                for (std::size_t x = 0; x < map.width; ++x) {
                    auto got = w.imageView()->overlayValueAt(int(x), int(y));
                    if (!got || *got != map.bits[y * map.width + x]) ++differ;
                }
            return differ;
        };
        QCOMPARE(check(0), std::size_t(0));
        QVERIFY(check(5) > 0);  // frames differ: the comparison means something
        w.frameSlider(3)->setValue(5);
        QVERIFY(!w.imageView()->hasOverlay());  // the old frame's map is not shown over frame 6
        QVERIFY(waitIdle(w));
        QVERIFY(w.imageView()->hasOverlay());
        QCOMPARE(check(5), std::size_t(0));
        // Quick steps while maps are being computed: the last frame wins.
        for (int k : {1, 2, 3, 7, 4}) w.frameSlider(3)->setValue(k);
        QVERIFY(waitIdle(w));
        QCOMPARE(check(4), std::size_t(0));
        QCOMPARE(w.heatmap()->modelA, QStringLiteral("iid"));
    }

    // Per-frame curves of a cube equal the engine's, and clicking a point shows that frame.
    void cubeCurvesAndClickingAPointStepsTheFrame() {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QSignalSpy curves(w.plots(), &PlotsPanel::curvesReady);
        QVERIFY(w.openFile(ramp_));
        QVERIFY(curves.wait(120000));
        auto f = fits::File::open(ramp_.toStdString());
        auto cube = f.read_u16(f.image_hdus().front());
        std::vector<std::string> specs;
        for (const QString& s : w.plots()->cubeSpecs()) specs.push_back(s.toStdString());
        QVERIFY(specs.size() >= 4);
        auto want = codecs::frame_bits_curves(cube, specs);
        PlotCanvas* c = w.plots()->canvas(QStringLiteral("frames"));
        int compared = 0;
        QCPGraph* tdiff = nullptr;
        for (const auto& curve : want) {
            QVERIFY2(curve.lossless_ok, curve.error.c_str());
            for (int i = 0; i < c->graphCount(); ++i) {
                QCPGraph* g = c->graph(i);
                if (g->property("codec").toString() != QString::fromStdString(curve.codec)) continue;
                QCOMPARE(g->dataCount(), int(cube.frame_count()));
                for (int k = 0; k < g->dataCount(); ++k) {
                    QCOMPARE(g->data()->at(k)->key, double(k));  // frames counted from 0, as bitsky-cli counts
                    QCOMPARE(g->data()->at(k)->value, curve.bpp[std::size_t(k)]);
                }
                QCOMPARE(g->property("cube").toBool(), codecs::is_cube_spec(curve.codec));
                if (curve.codec == "tdiff+jpegls") tdiff = g;
                ++compared;
            }
        }
        QCOMPARE(compared, int(want.size()));
        QVERIFY(tdiff);
        // The ramp's frames are correlated: differences code smaller than frames after the first.
        QVERIFY(want[2].bpp[4] < want[0].bpp[4]);
        w.plots()->showPlot(QStringLiteral("frames"));
        QVERIFY(w.showPanel(QStringLiteral("plots")));
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        c->replot();
        const int k = 5;
        QPoint at(int(c->xAxis->coordToPixel(tdiff->data()->at(k)->key)), int(c->yAxis->coordToPixel(tdiff->data()->at(k)->value)));
        QCOMPARE(c->keyFor(tdiff, k), QStringLiteral("frame:5"));
        QSignalSpy stepped(w.plots(), &PlotsPanel::frameActivated);
        QTest::mouseClick(c, Qt::LeftButton, {}, at);
        QCOMPARE(stepped.count(), 1);
        QCOMPARE(w.frameSlider(3)->value(), k);
        auto frame = f.read_u16_frame(f.image_hdus().front(), std::size_t(k));
        // Physical value = uint16 view - 32768 + BZERO.
        QCOMPARE(*w.imageView()->valueAt(10, 20),
                 double(frame.frame(0).at(10, 20)) - 32768.0 + f.hdu(f.image_hdus().front()).bzero);
        // The table behind the plot: one row per frame, one column per codec.
        auto table = w.plots()->plotTable(QStringLiteral("frames"));
        QCOMPARE(int(table.rows.size()), int(cube.frame_count()));
        QCOMPARE(int(table.columns.size()), 1 + int(want.size()));
        QCOMPARE(table.rows.front().front(), std::string("0"));
        QCOMPARE(table.columns.front(), std::string("Frame (from 0)"));
        // Other codecs: recomputed in the background, one curve each, equal to the engine's.
        curves.clear();
        w.plots()->setCubeSpecs({QStringLiteral("rice"), QStringLiteral("tpred+rice")});
        QVERIFY(curves.wait(120000));
        QCOMPARE(int(w.plots()->curves()->curves.size()), 2);
        auto tpred = codecs::frame_bits_curves(cube, {"tpred+rice"});
        QVERIFY(w.plots()->curves()->curves[1].bpp == tpred[0].bpp);
        QCOMPARE(int(w.plots()->plotTable(QStringLiteral("frames")).columns.size()), 3);
    }

    // Plot data exports: the ratio plot's CSV parses and matches its bars.
    void plotDataExportsMatchThePlot() {
        PlotsPanel p;
        QSignalSpy ready(&p, &PlotsPanel::plotsReady);
        p.refresh(store_);
        QVERIFY(ready.wait(60000));
        QTemporaryDir out;
        const QString csv = out.filePath(QStringLiteral("ratio.csv"));
        QString error;
        QVERIFY2(p.exportData(QStringLiteral("ratio"), csv, &error), qPrintable(error));
        auto rows = parseCsv(readAll(csv));
        QCOMPARE(rows.size(), 3);  // header + rice + jpegls on one dataset
        PlotCanvas* c = p.canvas(QStringLiteral("ratio"));
        for (int r = 1; r < rows.size(); ++r) {
            bool found = false;
            for (int i = 0; i < c->plottableCount(); ++i) {
                auto* b = qobject_cast<QCPBars*>(c->plottable(i));
                if (!b || b->property("codec").toString() != rows[r][1] || b->property("aggregate") != QStringLiteral("total")) continue;
                QVERIFY(std::abs(b->data()->at(0)->value - rows[r][4].toDouble()) < 1e-6);
                found = true;
            }
            QVERIFY2(found, qPrintable(rows[r].join(QLatin1Char(','))));
        }
        for (const QString& name : PlotsPanel::plotNames()) {
            QVERIFY2(p.exportData(name, out.filePath(name + QStringLiteral(".tex"))), qPrintable(name));
            QVERIFY(readAll(out.filePath(name + QStringLiteral(".tex"))).contains(QStringLiteral("\\begin{tabular}")));
        }
        QVERIFY(!p.exportData(QStringLiteral("nonsense"), csv));
    }

    // The cross-dataset matrix: cells equal what bitsky-cli evaluate printed (and stored);
    // the estimates sit in the ratio and noise plots, marked as estimates.
    void neuralMatrixAndEstimatesInThePlots() {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("neural.db"));
        const QString a = dir.filePath(QStringLiteral("skyline.pt")), b = dir.filePath(QStringLiteral("orbiter.pt"));
        const QString x = sample_ + QStringLiteral("/data/skyline"), y = sample_ + QStringLiteral("/data/orbiter");
        for (auto [model, data] : {std::pair{a, x}, std::pair{b, y}}) {
            ProcessRun t = runCli({QStringLiteral("train"), QStringLiteral("--quiet"), QStringLiteral("--epochs"), QStringLiteral("1"),
                            QStringLiteral("--steps"), QStringLiteral("2"), QStringLiteral("--batch"), QStringLiteral("4"),
                            QStringLiteral("--patch"), QStringLiteral("16"), QStringLiteral("--channels"), QStringLiteral("4"),
                            QStringLiteral("--layers"), QStringLiteral("1"), QStringLiteral("--mixtures"), QStringLiteral("2"),
                            QStringLiteral("--max-frames"), QStringLiteral("1"), QStringLiteral("--out"), model, data});
            if (!t.ok() && t.err.contains(QStringLiteral("without LibTorch"))) QSKIP("bitsky-cli is built without LibTorch");
            QVERIFY2(t.ok(), qPrintable(t.describe()));
        }
        ProcessRun ev = runCli({QStringLiteral("evaluate"), QStringLiteral("--json"), QStringLiteral("--max-frames"), QStringLiteral("2"),
                         QStringLiteral("--models"), a, b, QStringLiteral("--data"), x, y,
                         QStringLiteral("--db"), db});
        QVERIFY2(ev.ok(), qPrintable(ev.describe()));
        QJsonObject j = QJsonDocument::fromJson(ev.out.toUtf8()).object();
        QJsonArray bpp = j.value(QStringLiteral("bpp")).toArray();
        QCOMPARE(bpp.size(), 2);
        PlotsPanel p;
        QSignalSpy ready(&p, &PlotsPanel::plotsReady);
        p.refresh(db);
        QVERIFY(ready.wait(60000));
        QCPColorMap* m = p.matrixMap();
        QVERIFY(m);
        const auto& matrix = p.data().matrix;
        QCOMPARE(m->data()->keySize(), 2);    // datasets: skyline, orbiter
        QCOMPARE(m->data()->valueSize(), 2);  // models
        // Columns are datasets by name (evaluate's columns are the --data paths: skyline, orbiter).
        QVERIFY(matrix.datasets == (std::vector<std::string>{"orbiter", "skyline"}));
        QCOMPARE(m->data()->keySize(), int(matrix.datasets.size()));
        for (int row = 0; row < 2; ++row) {
            const int evalRow = matrix.models[std::size_t(row)] == "neural:skyline.pt" ? 0 : 1;
            for (int col = 0; col < 2; ++col) {
                const int evalCol = matrix.datasets[std::size_t(col)] == "skyline" ? 0 : 1;
                const double want = bpp[evalRow].toArray()[evalCol].toDouble();
                QVERIFY2(std::abs(m->data()->cell(col, row) - want) < 1e-9 * want,
                         qPrintable(QStringLiteral("%1 vs %2").arg(m->data()->cell(col, row)).arg(want)));
            }
        }
        // The store's models are offered as heatmap models, and the map drawn is the engine's.
        {
            MainWindow w(db);
            w.show();
            const QString spec = QStringLiteral("neural:") + a;
            QVERIFY2(w.heatmapModelBox()->findText(spec) >= 0, qPrintable(spec));
            const QString file = QDir(x).filePath(QDir(x).entryList({QStringLiteral("*.fits")}, QDir::Files, QDir::Name).front());
            QVERIFY(w.openFile(file));
            QSignalSpy mapReady(&w, &MainWindow::heatmapReady);
            QVERIFY(w.startHeatmap(spec));
            QVERIFY(mapReady.wait(120000));
            QVERIFY(w.heatmap() && w.heatmap()->error.isEmpty());
            auto f = fits::File::open(file.toStdString());
            auto frame = f.read_u16_frame(f.image_hdus().front(), 0);
            auto want = analysis::compute_cost_map(spec.toStdString(), frame.frame(0));
            QCOMPARE(w.heatmap()->bits.size(), want.bits.size());
            QVERIFY(std::abs(w.heatmap()->bppA - want.bpp()) < 1e-6 * want.bpp());
        }
        // Labelled as estimates in the matrix and wherever they are drawn beside measured ratios.
        QVERIFY(m->colorScale()->axis()->label().contains(QStringLiteral("estimated (likelihood, no entropy coder)")));
        int estimated = 0;
        for (const char* plot : {"ratio", "noise"}) {
            PlotCanvas* c = p.canvas(QLatin1String(plot));
            for (int i = 0; i < c->plottableCount(); ++i) {
                QCPAbstractPlottable* pl = c->plottable(i);
                if (!pl->property("estimated").toBool()) continue;
                QVERIFY2(pl->name().contains(QStringLiteral("estimated (likelihood, no entropy coder)")), qPrintable(pl->name()));
                ++estimated;
            }
        }
        QCOMPARE(estimated, 2 * 2 + 2);  // ratio: two bars per model; noise: one point series per model
        auto table = p.plotTable(QStringLiteral("matrix"));
        QCOMPARE(int(table.rows.size()), 2);
        QCOMPARE(int(table.columns.size()), 3);
    }
};

QTEST_MAIN(GuiPlotsTest)
#include "guiplots_test.moc"
