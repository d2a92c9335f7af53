// Plots, jobs and dataset browser docks against a real store made by the real bitsky-cli
// (sample + bench), on the offscreen platform.
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <numbers>

#include "engine/analysis/predict.h"
#include "app/gui/browser_panel.h"
#include "app/gui/jobs_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/plots_panel.h"
#include "engine/store/noise_fit.h"
#include "engine/store/store.h"
#include "tests/gui/gui_test_support.h"

using namespace bitsky;
using namespace bitsky::test;

namespace {

QList<QCPBars*> barsOf(PlotCanvas* c) {
    QList<QCPBars*> out;
    for (int i = 0; i < c->plottableCount(); ++i)
        if (auto* b = qobject_cast<QCPBars*>(c->plottable(i))) out << b;
    return out;
}

QCPGraph* graphWith(PlotCanvas* c, const QString& role, const QString& codec = {}) {
    for (int i = 0; i < c->graphCount(); ++i) {
        QCPGraph* g = c->graph(i);
        if (g->property("role").toString() == role && (codec.isEmpty() || g->property("codec").toString() == codec))
            return g;
    }
    return nullptr;
}

}  // namespace

class PanelsTest : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString sample_, store_;
    QStringList files_;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("bitsky-panels-test"));
        QVERIFY(tmp_.isValid());
        sample_ = tmp_.filePath(QStringLiteral("sample"));
        store_ = tmp_.filePath(QStringLiteral("results.db"));
        QString err;
        files_ = makeSampleSky(sample_, &err);
        QVERIFY2(!files_.isEmpty(), qPrintable(err));
        ProcessRun bench = runCli({QStringLiteral("bench"), QStringLiteral("--db"), store_, QStringLiteral("--progress"),
                                   QStringLiteral("none"), QStringLiteral("--codecs"), QStringLiteral("rice,jpegls"), sample_});
        QVERIFY2(bench.ok(), qPrintable(bench.describe()));
        QCOMPARE(files_.size(), 11);
    }

    void ratioBarsEqualTheStoreReport() {
        PlotsPanel p;
        QSignalSpy ready(&p, &PlotsPanel::plotsReady);
        p.refresh(store_);
        QVERIFY(ready.wait(60000));
        store::ResultsStore st(store_.toStdString(), {.create = false, .read_only = true});
        auto report = st.report(store::ReportBy::Dataset);
        QCOMPARE(int(report.size()), 2);  // one dataset, two codecs
        auto bars = barsOf(p.canvas(QStringLiteral("ratio")));
        QCOMPARE(bars.size(), 4);  // per codec: total-bytes ratio and mean of per-image ratios
        for (const auto& r : report) {
            int found = 0;
            for (QCPBars* b : bars) {
                if (b->property("codec").toString() != QString::fromStdString(r.codec)) continue;
                QCOMPARE(b->data()->size(), 1);  // one bar per dataset
                bool total = b->property("aggregate").toString() == QLatin1String("total");
                QCOMPARE(b->data()->at(0)->value, total ? *r.ratio : *r.mean_image_ratio);
                ++found;
            }
            QCOMPARE(found, 2);
        }
        QVERIFY(*report[0].ratio != *report[0].mean_image_ratio);
        // Histogram: every per-image ratio of a codec is counted once.
        auto hist = barsOf(p.canvas(QStringLiteral("histogram")));
        QCOMPARE(hist.size(), 2);
        double sum = 0;
        for (auto it = hist[0]->data()->constBegin(); it != hist[0]->data()->constEnd(); ++it) sum += it->value;
        QCOMPARE(sum, 11.0);
        // Speed vs ratio: one point per codec, and a Pareto front.
        PlotCanvas* speed = p.canvas(QStringLiteral("speed"));
        QVERIFY(graphWith(speed, QStringLiteral("pareto")));
        QCOMPARE(speed->graphCount(), 3);
    }

    void ratioVsNoiseHasOnePointPerImageAndThePrediction() {
        PlotsPanel p;
        QSignalSpy ready(&p, &PlotsPanel::plotsReady);
        p.refresh(store_);
        QVERIFY(ready.wait(60000));
        PlotCanvas* c = p.canvas(QStringLiteral("noise"));
        QCOMPARE(c->xAxis->scaleType(), QCPAxis::stLogarithmic);
        for (const char* codec : {"rice", "jpegls"}) {
            QCPGraph* pts = graphWith(c, QStringLiteral("points"), QLatin1String(codec));
            QVERIFY(pts);
            QCOMPARE(pts->dataCount(), 11);
            QVERIFY(graphWith(c, QStringLiteral("fit"), QLatin1String(codec)));
            // Tooltips and keys follow the sorted data.
            QString key = c->keyFor(pts, 0);
            QVERIFY(key.contains(QStringLiteral(".fits#")));
            double sigma = pts->data()->at(0)->key;
            QCOMPARE(sigma, p.data().sigma.value(key));
        }
        QCPGraph* pred = graphWith(c, QStringLiteral("prediction"));
        QVERIFY(pred);
        QVERIFY(pred->dataCount() > 50);
        int checked = 0;
        for (auto it = pred->data()->constBegin(); it != pred->data()->constEnd(); ++it) {
            if (it->key < 2) continue;
            // The entropy of the rounded Gaussian (the noise floor), exact at every sigma.
            QVERIFY(std::abs(it->value - 16.0 / analysis::gaussian_entropy_bits(it->key)) < 1e-9);
            ++checked;
        }
        QVERIFY(checked > 10);
        // The sample sky's noisiest images compress worst: the fit falls with sigma.
        QCPGraph* fit = graphWith(c, QStringLiteral("fit"), QStringLiteral("rice"));
        QVERIFY(fit->data()->constBegin()->value > (fit->data()->constEnd() - 1)->value);
        // The fit is the engine's (`bitsky-cli report --noise-fit`): same robust sigma, same
        // points, same line and residuals; about one bit per doubling of sigma on the sample.
        store::ResultsStore st(store_.toStdString(), {.create = false, .read_only = true});
        const auto fits = store::noise_fits(st);
        auto rice = std::find_if(fits.fits.begin(), fits.fits.end(), [](const auto& f) { return f.codec == "rice"; });
        QVERIFY(rice != fits.fits.end());
        QCOMPARE(fit->property("slope").toDouble(), rice->line.slope);
        QCOMPARE(fit->property("intercept").toDouble(), rice->line.intercept);
        QCOMPARE(fit->property("rmsResidual").toDouble(), rice->line.rms_residual);
        QVERIFY2(rice->line.slope > 0.7 && rice->line.slope < 1.3, qPrintable(QString::number(rice->line.slope)));
        QVERIFY(fit->name().contains(QStringLiteral("rms residual")));
        const auto table = p.plotTable(QStringLiteral("noise"));
        QCOMPARE(table.columns[9], std::string("Residual (bits/pixel)"));
        int residuals = 0;
        for (const auto& row : table.rows)
            if (row[2] == "rice" && !row[9].empty()) {
                QVERIFY(std::abs(std::stod(row[7]) - std::stod(row[8]) - std::stod(row[9])) < 1e-5);
                ++residuals;
            }
        QCOMPARE(residuals, 11);
    }

    void clickingAPointOpensThatImage() {
        MainWindow w(store_);
        w.resize(1400, 900);
        w.show();
        QVERIFY(w.showPanel(QStringLiteral("plots")));
        QSignalSpy ready(w.plots(), &PlotsPanel::plotsReady);
        w.plots()->refresh(store_);
        QVERIFY(ready.wait(60000));
        w.plots()->showPlot(QStringLiteral("noise"));
        PlotCanvas* c = w.plots()->canvas(QStringLiteral("noise"));
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        c->replot();
        QCPGraph* pts = graphWith(c, QStringLiteral("points"), QStringLiteral("rice"));
        int i = pts->dataCount() / 2;
        QPoint at(int(c->xAxis->coordToPixel(pts->data()->at(i)->key)), int(c->yAxis->coordToPixel(pts->data()->at(i)->value)));
        QString key = c->keyFor(pts, i);
        QVERIFY(c->tooltipFor(pts, i).contains(QStringLiteral("rice")));
        QTest::mouseClick(c, Qt::LeftButton, {}, at);
        QString path = key.left(key.lastIndexOf(QLatin1Char('#')));
        QTRY_COMPARE_WITH_TIMEOUT(canonicalPath(w.currentFile()), canonicalPath(path), 5000);
        QCOMPARE(w.currentHdu(), key.mid(key.lastIndexOf(QLatin1Char('#')) + 1).toInt());
        for (const char* panel : {"browser", "plots", "jobs", "inspector", "heatmap", "image"})
            QVERIFY2(w.showPanel(QLatin1String(panel)), panel);
        QVERIFY(!w.showPanel(QStringLiteral("nonsense")));
    }

    void exportsPngSvgAndPdf() {
        PlotsPanel p;
        QSignalSpy ready(&p, &PlotsPanel::plotsReady);
        p.refresh(store_);
        QVERIFY(ready.wait(60000));
        QTemporaryDir out;
        for (const QString& name : PlotsPanel::plotNames()) {
            QString png = out.filePath(name + QStringLiteral(".png"));
            QVERIFY(p.exportPlot(name, png, PlotSize{4.0, 2.5, 160}));
            QImage img(png);
            QCOMPARE(img.size(), QSize(640, 400));
            // Not blank: more than a handful of distinct colours.
            QSet<QRgb> colours;
            for (int y = 0; y < img.height(); y += 4)
                for (int x = 0; x < img.width(); x += 4) colours.insert(img.pixel(x, y));
            QVERIFY2(colours.size() > 4, qPrintable(name));
            QString svg = out.filePath(name + QStringLiteral(".svg"));
            QVERIFY(p.exportPlot(name, svg));
            QFile s(svg);
            QVERIFY(s.open(QIODevice::ReadOnly));
            QByteArray head = s.read(64).trimmed();
            QVERIFY2(head.startsWith("<?xml") || head.startsWith("<svg"), head.constData());
            QVERIFY(s.size() > 1000);
            QString pdf = out.filePath(name + QStringLiteral(".pdf"));
            QVERIFY(p.exportPlot(name, pdf));
            QFile f(pdf);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY(f.read(5) == "%PDF-");
            QVERIFY(f.size() > 1000);
        }
        QVERIFY(!p.exportPlot(QStringLiteral("ratio"), out.filePath(QStringLiteral("x.bmp"))));
        QVERIFY(!p.exportPlot(QStringLiteral("nonsense"), out.filePath(QStringLiteral("x.png"))));
    }

    void exportPlotOptionWritesAFile() {
        QTemporaryDir out;
        QString svg = out.filePath(QStringLiteral("noise.svg"));
        ProcessRun p = runGui({QStringLiteral("--db"), store_, QStringLiteral("--export-plot"), QStringLiteral("noise"), svg});
        QVERIFY2(p.ok(), qPrintable(p.describe()));
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("<svg"));
        ProcessRun bad =
            runGui({QStringLiteral("--db"), store_, QStringLiteral("--export-plot"), QStringLiteral("nonsense"), svg});
        QVERIFY2(bad.finished && !bad.crashed, qPrintable(bad.describe()));
        QCOMPARE(bad.exitCode, 2);
    }

    void jobRunsARealBenchAndTheStoreGainsRows() {
        QTemporaryDir dir;
        QString db = dir.filePath(QStringLiteral("job.db"));
        JobsPanel jobs;
        jobs.setStorePath(db);
        jobs.setCliPath(cliPath());
        QSignalSpy finished(&jobs, &JobsPanel::jobFinished);
        QSignalSpy progressed(&jobs, &JobsPanel::progressed);
        QVERIFY(jobs.start({files_.first()}, {QStringLiteral("rice")}));
        QVERIFY(jobs.running());
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().at(0).toString(), QStringLiteral("finished"));
        QCOMPARE(finished.first().at(1).toInt(), 0);
        QVERIFY(progressed.count() >= 1);
        QVERIFY(jobs.progress().total >= 1);
        QCOMPARE(jobs.progress().done, jobs.progress().total);
        QCOMPARE(jobs.progressBar()->value(), jobs.progressBar()->maximum());
        store::ResultsStore st(db.toStdString(), {.create = false, .read_only = true});
        QCOMPARE(st.result_count(), jobs.progress().total);
        // A child that fails shows its stderr in the dock.
        QVERIFY(jobs.start({dir.filePath(QStringLiteral("missing.fits"))}, {QStringLiteral("rice")}));
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.last().at(0).toString(), QStringLiteral("crashed"));
        QVERIFY2(jobs.log().contains(QStringLiteral("missing.fits")), qPrintable(jobs.log()));
    }

    void cancelStopsALongerRunAndTheStoreStaysConsistent() {
        QTemporaryDir dir;
        QString db = dir.filePath(QStringLiteral("cancel.db"));
        JobsPanel jobs;
        jobs.setStorePath(db);
        jobs.setCliPath(cliPath());
        QSignalSpy finished(&jobs, &JobsPanel::jobFinished);
        QSignalSpy progressed(&jobs, &JobsPanel::progressed);
        QVERIFY(jobs.start({sample_}, {QStringLiteral("jpegxl:e7")}));
        QVERIFY(progressed.wait(60000));
        jobs.cancel();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().at(0).toString(), QStringLiteral("cancelled"));
        QCOMPARE(finished.first().at(1).toInt(), 143);
        QVERIFY(jobs.progress().done < jobs.progress().total);
        store::ResultsStore st(db.toStdString(), {.create = false, .read_only = true});
        QVERIFY(st.integrity_ok());
        QCOMPARE(st.result_count(), jobs.progress().done);
        QCOMPARE(QString::fromStdString(st.runs().back().status), QStringLiteral("cancelled"));
        for (const auto& r : st.results()) QVERIFY(r.lossless_ok);
    }

    void browserListsTheSampleWithBestRatios() {
        BrowserPanel b;
        b.setStorePath(store_);
        QSignalSpy scanned(&b, &BrowserPanel::scanFinished);
        QSignalSpy refreshed(&b, &BrowserPanel::storeRefreshed);
        b.openPath(sample_);
        QVERIFY(scanned.wait(60000));
        QVERIFY(refreshed.wait(60000));
        QVERIFY(b.lastError().isEmpty());
        QStandardItemModel* m = b.model();
        QCOMPARE(m->rowCount(), 1);  // one dataset
        QStandardItem* ds = m->item(0, BrowserPanel::Name);
        QCOMPARE(ds->rowCount(), 11);
        store::ResultsStore st(store_.toStdString(), {.create = false, .read_only = true});
        auto rows = st.report(store::ReportBy::Image);
        for (int f = 0; f < ds->rowCount(); ++f) {
            QStandardItem* file = ds->child(f, BrowserPanel::Name);
            QString path = file->data(BrowserPanel::PathRole).toString();
            QVERIFY(file->rowCount() >= 1);
            QStandardItem* hdu = file->child(0, BrowserPanel::Name);
            int h = hdu->data(BrowserPanel::HduRole).toInt();
            double best = 0;
            QString codec;
            for (const auto& r : rows)
                if (r.hdu == h && canonicalPath(QString::fromStdString(r.image)) == path && r.ratio && *r.ratio > best) {
                    best = *r.ratio;
                    codec = QString::fromStdString(r.codec);
                }
            QVERIFY2(best > 0, qPrintable(path));
            QCOMPARE(file->child(0, BrowserPanel::BestRatio)->text(), QString::number(best, 'f', 3));
            QCOMPARE(file->child(0, BrowserPanel::BestCodec)->text(), codec);
            QCOMPARE(file->child(0, BrowserPanel::Bitpix)->text(), QStringLiteral("16"));
        }
        // Filter: only matching files stay (their dataset row with them).
        b.filter()->setText(QStringLiteral("survey_008"));
        QCOMPARE(b.proxy()->rowCount(), 1);
        QCOMPARE(b.proxy()->rowCount(b.proxy()->index(0, 0)), 1);
        b.filter()->clear();
        // Sort by best ratio, descending: the first file has the highest ratio.
        b.proxy()->sort(BrowserPanel::BestRatio, Qt::DescendingOrder);
        QModelIndex first = b.proxy()->index(0, BrowserPanel::BestRatio, b.proxy()->index(0, 0));
        QModelIndex second = b.proxy()->index(1, BrowserPanel::BestRatio, b.proxy()->index(0, 0));
        QVERIFY(first.data().toDouble() >= second.data().toDouble());
        // Selecting an HDU row asks for that image.
        QSignalSpy activated(&b, &BrowserPanel::hduActivated);
        QModelIndex fileIdx = b.proxy()->index(0, 0, b.proxy()->index(0, 0));
        b.view()->selectionModel()->select(b.proxy()->index(0, 0, fileIdx),
                                           QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.first().at(1).toInt(), 0);
    }

    void openingADatasetFillsTheBrowserAndRecentList() {
        MainWindow w(store_);
        QSignalSpy scanned(w.browser(), &BrowserPanel::scanFinished);
        QVERIFY2(w.openDataset(sample_), qPrintable(w.lastError()));
        QVERIFY(scanned.wait(60000));
        QCOMPARE(w.browser()->model()->rowCount(), 1);
        QCOMPARE(w.recentDatasets().value(0), QFileInfo(sample_).absoluteFilePath());
        QCOMPARE(w.jobs()->target(), QFileInfo(sample_).absoluteFilePath());
    }
};

QTEST_MAIN(PanelsTest)
#include "panels_test.moc"
