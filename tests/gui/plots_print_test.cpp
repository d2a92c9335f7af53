// Plots for paper: --export-plot writes 3.5 x 2.6 in at 300 dpi (1050 x 780 pixels) by
// default and the sizes asked for otherwise; PDF pages are the size in points. In the print
// layout (8 pt text at 3.5 x 2.6 in) every plot kind of the plots panel, drawn from a real
// store and a real cube, keeps its legend and every legend entry at least at their minimum
// size (nothing clipped), its text items inside the plot, and room for the data.
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "app/gui/main_window.h"
#include "app/gui/plots_panel.h"
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
                PlotCanvas* c = panel->canvas(name);
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
