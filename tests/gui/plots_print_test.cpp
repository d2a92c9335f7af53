// Plots for paper: --export-plot writes 3.5 x 2.6 in at 300 dpi (1050 x 780 pixels) by
// default and the sizes asked for otherwise; PDF pages are the size in points. In the print
// layout (8 pt text at 3.5 x 2.6 in) every plot kind of the plots panel, drawn from a real
// store and a real cube, keeps its legend and every legend entry at least at their minimum
// size (nothing clipped), its text items inside the plot, and room for the data; the
// rate-fidelity plots with the lossy results of a real bench of fpack's quantization on
// the sample sky's calibrated float product (several codec families and a lossless
// reference line in the legend).
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "app/gui/main_window.h"
#include "app/gui/plots_panel.h"
#include "engine/store/rate_fidelity.h"
#include "tests/gui/gui_test_support.h"

using namespace bitsky;
using namespace bitsky::test;

namespace {

bool waitIdle(MainWindow& w, int ms = 180000) {
    QElapsedTimer t;
    t.start();
    while (w.busy() && t.elapsed() < ms) QTest::qWait(20);
    return !w.busy();
}

}  // namespace

class PlotsPrintTest : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString sample_, store_, ramp_;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("bitsky-plots-print-test"));
        QVERIFY(tmp_.isValid());
        sample_ = tmp_.filePath(QStringLiteral("sky"));
        store_ = tmp_.filePath(QStringLiteral("results.db"));
        ProcessRun s = runCli({QStringLiteral("sample"), QStringLiteral("--out"), sample_});
        QVERIFY2(s.ok(), qPrintable(s.describe()));
        ramp_ = sample_ + QStringLiteral("/data/orbiter/orbiter_ramp_001.fits");
        ProcessRun b = runCli({QStringLiteral("bench"), QStringLiteral("--db"), store_, QStringLiteral("--progress"),
                               QStringLiteral("none"), QStringLiteral("--codecs"), QStringLiteral("rice,jpegls,gzip"),
                               sample_ + QStringLiteral("/data")});
        QVERIFY2(b.ok(), qPrintable(b.describe()));
        ProcessRun l = runCli({QStringLiteral("bench"), QStringLiteral("--db"), store_, QStringLiteral("--progress"),
                               QStringLiteral("none"), QStringLiteral("--codecs"),
                               QStringLiteral("gzip2,rice:q1,rice:q4,rice:q16,hcompress:q1,hcompress:q4,hcompress:q16,"
                                              "gzip2:q4,rice:q4:d2"),
                               sample_ + QStringLiteral("/calibrated")});
        QVERIFY2(l.ok(), qPrintable(l.describe()));
    }

    // The rate-fidelity plots hold the store's lossy rows (store::rate_fidelity) of the pixel
    // type shown, one labelled curve per family, the lossless codec only as a reference line;
    // the lossless plots never show a lossy codec; the empty state says what to run.
    void lossyPlotsFromARealBench() {
        PlotsPanel p;
        QSignalSpy ready(&p, &PlotsPanel::plotsReady);
        p.refresh(store_);
        QVERIFY(ready.wait(120000));
        QVERIFY(p.pixelTypes().contains(-32));
        p.setPixelType(-32);
        bitsky::store::ResultsStore st(store_.toStdString(), {.create = false, .read_only = true});
        const auto rf = bitsky::store::rate_fidelity(st);
        QCOMPARE(rf.curves.size(), std::size_t(4));  // gzip2, hcompress, rice, rice:d2
        for (const QString& name : {QStringLiteral("lossy-noise"), QStringLiteral("lossy-phot")}) {
            PlotCanvas* c = p.canvas(name);
            int curves = 0, refs = 0;
            for (int i = 0; i < c->plottableCount(); ++i) {
                auto* g = qobject_cast<QCPGraph*>(c->plottable(i));
                QVERIFY(g);
                if (g->property("role") == QStringLiteral("lossless")) {
                    ++refs;
                    QCOMPARE(g->property("codec").toString(), QStringLiteral("gzip2"));
                    QVERIFY(g->name().startsWith(QStringLiteral("lossless: gzip2")));
                    continue;
                }
                QCOMPARE(g->property("role").toString(), QStringLiteral("lossy"));
                QVERIFY2(g->name().contains(QStringLiteral("(lossy)")), qPrintable(g->name()));
                ++curves;
                const std::string family = g->property("family").toString().toStdString();
                const bitsky::store::RateFidelityCurve* curve = nullptr;
                for (const auto& cv : rf.curves)
                    if (cv.family == family) curve = &cv;
                QVERIFY(curve);
                QCOMPARE(g->data()->size(), int(curve->points.size()));
                for (int k = 0; k < g->data()->size(); ++k) {
                    const auto& pt = curve->points[std::size_t(k)];
                    QCOMPARE(g->data()->at(k)->key, pt.bpp);
                    const double y = name == QLatin1String("lossy-phot") ? *pt.phot_error_rms : *pt.noise_increase;
                    QVERIFY(std::abs(g->data()->at(k)->value - 100 * y) < 1e-9);
                }
            }
            QCOMPARE(curves, 4);
            QCOMPARE(refs, 1);
            QVERIFY(c->message().isEmpty());
        }
        // The rice curve over its settings: coarser settings cost fewer bits and add more noise.
        for (const auto& cv : rf.curves)
            if (cv.family == "rice") {
                QCOMPARE(cv.points.size(), std::size_t(3));
                QCOMPARE(cv.points[0].codec, std::string("rice:q1"));
                QVERIFY(*cv.points[0].noise_increase_exact > *cv.points[2].noise_increase_exact);
            }
        // Lossless plots: no lossy codec anywhere.
        for (const QString& name : {QStringLiteral("ratio"), QStringLiteral("noise"), QStringLiteral("speed"),
                                   QStringLiteral("histogram")}) {
            PlotCanvas* c = p.canvas(name);
            for (int i = 0; i < c->plottableCount(); ++i)
                for (const QString& lossy : {QStringLiteral("rice:q"), QStringLiteral("hcompress:q"), QStringLiteral("gzip2:q")})
                    QVERIFY2(!c->plottable(i)->name().contains(lossy),
                             qPrintable(name + QStringLiteral(": ") + c->plottable(i)->name()));
        }
        const auto table = p.plotTable(QStringLiteral("lossy-noise"));
        QCOMPARE(table.rows.size(), std::size_t(3 + 3 + 1 + 1 + 1));  // 8 lossy settings, 1 lossless reference
        // The 16-bit images have no lossy results: the empty state says what to run.
        p.setPixelType(16);
        QCOMPARE(p.canvas(QStringLiteral("lossy-noise"))->message(),
                 QStringLiteral("Run a benchmark with lossy codecs (e.g. rice:q4) to see rate-fidelity curves"));
        QCOMPARE(p.canvas(QStringLiteral("lossy-noise"))->plottableCount(), 0);
    }

    void defaultSizeFromTheCommandLine() {
        const QString png = tmp_.filePath(QStringLiteral("noise.png")),
                      pdf = tmp_.filePath(QStringLiteral("noise.pdf"));
        ProcessRun p =
            runGui({QStringLiteral("--db"), store_, QStringLiteral("--export-plot"), QStringLiteral("noise"), png});
        QVERIFY2(p.ok(), qPrintable(p.describe()));
        QImage img(png);
        QCOMPARE(img.size(), QSize(1050, 780));
        QCOMPARE(qRound(img.dotsPerMeterX() * 0.0254), 300);
        ProcessRun q = runGui({QStringLiteral("--db"), store_, QStringLiteral("--export-plot"), QStringLiteral("ratio"),
                               pdf, QStringLiteral("--plot-width-in"), QStringLiteral("7"),
                               QStringLiteral("--plot-height-in"), QStringLiteral("4")});
        QVERIFY2(q.ok(), qPrintable(q.describe()));
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromLatin1(f.readAll());
        QVERIFY(text.startsWith(QStringLiteral("%PDF-")));
        const auto m =
            QRegularExpression(QStringLiteral("/MediaBox\\s*\\[\\s*0\\s+0\\s+([0-9.]+)\\s+([0-9.]+)")).match(text);
        QVERIFY(m.hasMatch());
        QVERIFY(std::abs(m.captured(1).toDouble() - 504) < 0.5);
        QVERIFY(std::abs(m.captured(2).toDouble() - 288) < 0.5);
        ProcessRun bad =
            runGui({QStringLiteral("--db"), store_, QStringLiteral("--export-plot"), QStringLiteral("ratio"), pdf,
                    QStringLiteral("--plot-width-in"), QStringLiteral("-1")});
        QCOMPARE(bad.exitCode, 2);
    }

    void everyPlotFitsAtPrintSize() {
        MainWindow w(store_);
        QVERIFY2(w.openFile(ramp_), qPrintable(w.lastError()));
        QVERIFY(waitIdle(w));
        const PlotSize size;
        QCOMPARE(size.pixels(), QSize(1050, 780));
        // With data (the store, the cube shown) and empty (no store, no image: messages only).
        PlotsPanel empty;
        for (PlotsPanel* panel : {w.plots(), &empty})
            for (const QString& name : PlotsPanel::plotNames()) {
                // The lossy results are the float product's: its pixel type for their plots.
                if (name.startsWith(QLatin1String("lossy")) && panel == w.plots()) panel->setPixelType(-32);
                PlotCanvas* c = panel->canvas(name);
                if (name.startsWith(QLatin1String("lossy")) && panel == w.plots())
                    QVERIFY2(c->plottableCount() == 5, qPrintable(name));
                QVERIFY(c);
                c->withPrintLayout(size, [&] {
                    const QString what = name + QLatin1Char(':');
                    // Room for the data: the axis rect keeps at least a third of each dimension.
                    const QRect plot = c->axisRect()->rect();
                    QVERIFY2(
                        plot.width() > size.layout().width() / 3 && plot.height() > size.layout().height() / 3,
                        qPrintable(what + QStringLiteral(" axis rect %1x%2").arg(plot.width()).arg(plot.height())));
                    if (c->legend->visible() && c->legend->itemCount() > 0) {
                        const QSize need = c->legend->minimumOuterSizeHint();
                        const QRect got = c->legend->outerRect();
                        QVERIFY2(got.width() >= need.width() && got.height() >= need.height(),
                                 qPrintable(what + QStringLiteral(" legend %1x%2 < %3x%4")
                                                       .arg(got.width())
                                                       .arg(got.height())
                                                       .arg(need.width())
                                                       .arg(need.height())));
                        QVERIFY2(got.right() <= size.layout().width() && got.bottom() <= size.layout().height(),
                                 qPrintable(what));
                        for (int i = 0; i < c->legend->itemCount(); ++i) {
                            QCPAbstractLegendItem* item = c->legend->item(i);
                            if (!item) continue;  // an empty cell of the last row
                            QVERIFY2(item->outerRect().width() >= item->minimumOuterSizeHint().width(),
                                     qPrintable(what + QStringLiteral(" legend entry %1 clipped").arg(i)));
                        }
                    }
                    // Text items (messages, annotations, matrix cells) inside the plot.
                    for (int i = 0; i < c->itemCount(); ++i) {
                        auto* t = qobject_cast<QCPItemText*>(c->item(i));
                        if (!t || !t->visible()) continue;
                        const QFontMetrics fm(t->font());
                        QRectF box = fm.boundingRect(QRect(0, 0, 10000, 10000), int(t->textAlignment()), t->text());
                        QVERIFY2(box.width() <= plot.width() && box.height() <= plot.height(),
                                 qPrintable(what + QStringLiteral(" text '%1' is wider than the plot").arg(t->text())));
                    }
                });
            }
    }
};

QTEST_MAIN(PlotsPrintTest)
#include "plots_print_test.moc"
