// The Lossy panel in the real window (offscreen) on a real corpus float frame (VLT ISAAC,
// 1024 x 1024, BITPIX -32): the difference map of rice:q4 drawn over the image holds, pixel
// for pixel, original - decoded of the engine's own lossy round trip of the same frame
// (the round trip is deterministic: the dither seed is part of the spec), symmetric about 0
// with the diverging colour map; the statistics over the frame and a region are the
// engine's; the science-safe suggestion equals analysis::suggest_safe_setting on the frame
// with the panel's thresholds (25% / 1%: rice:q4; the default 1% / 1%: none on this frame),
// and the thresholds are remembered in QSettings.
#include <QSettings>
#include <QSignalSpy>
#include <QtTest>
#include <cmath>

#include "app/gui/lossy_panel.h"
#include "app/gui/main_window.h"
#include "app/gui/regions_panel.h"
#include "engine/analysis/fidelity.h"
#include "engine/analysis/noise_any.h"
#include "engine/codecs/codec.h"
#include "engine/fits/fits.h"

using namespace bitsky;

namespace {

const QString kFile = QStringLiteral(BITSKY_SHARED_DATA "/corpus/vlt_isaac_ir_tan.fits");

}  // namespace

class LossyGuiTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("bitsky-lossy-gui-test"));
        QSettings().clear();
        QVERIFY2(QFileInfo::exists(kFile), qPrintable(kFile + QStringLiteral(" is missing: the shared corpus must be "
                                                                             "checked out beside the repository")));
    }

    void differenceMapIsOriginalMinusDecoded() {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY2(w.openFile(kFile), qPrintable(w.lastError()));
        QVERIFY(w.showPanel(QStringLiteral("lossy")));
        LossyPanel* p = w.lossy();
        QVERIFY(p);
        // A region first: its row appears with the map.
        ViewRegion box;
        box.shape = ViewRegion::Shape::Box;
        box.centre = QPointF(500, 400);
        box.size = QSizeF(120, 80);
        w.regions()->overlay()->addRegion(box);

        QVERIFY(!p->startDifference(QStringLiteral("gzip2")));  // lossless: refused with the reason
        QVERIFY(p->status().contains(QStringLiteral("gzip2")));
        QSignalSpy ready(p, &LossyPanel::differenceReady);
        QVERIFY(p->startDifference(QStringLiteral("rice:q4")));
        QVERIFY(ready.wait(120000));
        QVERIFY(p->difference());
        const DifferenceResult& d = *p->difference();

        // The engine's own round trip of the same frame.
        auto file = fits::File::open(kFile.toStdString());
        const PixelFrame frame = file.read_frame(0, 0);
        const auto codec = codecs::make_codec("rice:q4");
        const codecs::CodecResult rt = codecs::roundtrip(*codec, frame);
        QVERIFY2(rt.ok() && rt.decoded, rt.error.c_str());
        QCOMPARE(d.compressedBytes, rt.compressed_bytes);
        const auto& a = frame.get<float>();
        const auto& b = rt.decoded->get<float>();
        QCOMPARE(d.diff.size(), a.size());
        std::size_t nonzero = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            const double expect = double(a[i]) - double(b[i]);
            if (std::isfinite(expect)) {
                QVERIFY2(d.diff[i] == expect, qPrintable(QStringLiteral("pixel %1").arg(i)));
                nonzero += expect != 0;
            } else {
                QVERIFY(std::isnan(d.diff[i]));
            }
        }
        QVERIFY(nonzero > a.size() / 2);  // lossy: most pixels changed
        // Drawn over the image: the view's overlay values are those differences (as floats),
        // the colour bar symmetric about 0 with the diverging map, the status line says so.
        ImageView* v = w.imageView();
        QVERIFY(v->hasOverlay());
        QVERIFY(p->overlayShown());
        for (int y : {0, 17, 511, 1023})
            for (int x : {0, 300, 1023}) {
                const auto got = v->overlayValueAt(x, y);
                QVERIFY(got);
                QCOMPARE(*got, float(double(a[std::size_t(y) * 1024 + std::size_t(x)]) - double(b[std::size_t(y) * 1024 + std::size_t(x)])));
            }
        QCOMPARE(p->bar()->colourMap(), ColourMap::Diverging);
        QCOMPARE(p->bar()->range().lo, -p->bar()->range().hi);
        QVERIFY(p->bar()->range().hi > 0);
        QVERIFY(w.pixelStatus(300, 511).contains(QStringLiteral("original - decoded")));

        // Statistics: the frame and the region, as the engine computes them.
        analysis::FidelityOptions o;
        o.noise = analysis::any_noise_options_for(file.hdu(0));
        const Fidelity fid = analysis::measure_fidelity(frame, *rt.decoded, o);
        QCOMPARE(p->rows().size(), std::size_t(2));
        const auto diff = analysis::difference_map(frame, *rt.decoded);
        const auto all = analysis::difference_stats(diff, {}, d.fidelity->sigma_in);
        QCOMPARE(p->rows()[0].stats.n, all.n);
        QCOMPARE(p->rows()[0].stats.rms, all.rms);
        QCOMPARE(p->rows()[0].stats.mean, all.mean);
        QCOMPARE(p->rows()[0].stats.max_abs, all.max_abs);
        // Dithered quantization, step sigma_tile / 4: RMS / sigma = 1 / (4 sqrt 12) with the
        // frame's sigma, 1.0..1.4x that with fpack's per-row noise (lossy_suggest_test).
        QVERIFY(*all.rms_over_sigma >= 1 / (4 * std::sqrt(12.0)) && *all.rms_over_sigma <= 1.4 / (4 * std::sqrt(12.0)));
        QVERIFY(std::abs(p->rows()[0].stats.mean) < 0.01 * d.fidelity->sigma_in);
        const auto mask = RegionsPanel::toEngine(box).mask(1024, 1024);
        const auto inBox = analysis::difference_stats(diff, mask, d.fidelity->sigma_in);
        QCOMPARE(p->rows()[1].stats.n, inBox.n);
        QCOMPARE(p->rows()[1].stats.rms, inBox.rms);
        QCOMPARE(inBox.n, std::size_t(121 * 81));  // its edges lie on pixel centres, which count as inside
        // Removing the region leaves the frame's row.
        w.regions()->overlay()->clear();
        QCOMPARE(p->rows().size(), std::size_t(1));
        QCOMPARE(d.fidelity->noise_increase_exact, fid.noise_increase_exact);
        QCOMPARE(d.fidelity->sigma_in, fid.sigma_in);
    }

    void suggestionIsTheEngines() {
        MainWindow w;
        QVERIFY2(w.openFile(kFile), qPrintable(w.lastError()));
        LossyPanel* p = w.lossy();
        // Default thresholds: 1% of the photometric sigma, 1% noise increase.
        QCOMPARE(p->thresholds().phot_error, 0.01);
        QCOMPARE(p->thresholds().noise_increase, 0.01);
        p->setThresholds(0.25, 0.01);
        QCOMPARE(QSettings().value(QStringLiteral("lossy/photThreshold")).toDouble(), 0.25);
        QSignalSpy ready(p, &LossyPanel::suggestionReady);
        QVERIFY(p->startSuggestion(QStringLiteral("rice")));
        QVERIFY(ready.wait(300000));
        QVERIFY(p->suggestion());
        const auto& got = p->suggestion()->suggestion;

        auto file = fits::File::open(kFile.toStdString());
        analysis::FidelityOptions o;
        o.noise = analysis::any_noise_options_for(file.hdu(0));
        const auto expect = analysis::suggest_safe_setting(file.read_frame(0, 0), analysis::quantization_ladder("rice"),
                                                           {.phot_error = 0.25, .noise_increase = 0.01},
                                                           LossyPanel::losslessSpecs(), o);
        QCOMPARE(got.rungs.size(), expect.rungs.size());
        for (std::size_t i = 0; i < got.rungs.size(); ++i) {
            QCOMPARE(got.rungs[i].spec, expect.rungs[i].spec);
            QCOMPARE(got.rungs[i].compressed_bytes, expect.rungs[i].compressed_bytes);
            QCOMPARE(got.rungs[i].phot_error, expect.rungs[i].phot_error);
            QCOMPARE(got.rungs[i].noise_increase, expect.rungs[i].noise_increase);
            QCOMPARE(got.rungs[i].safe, expect.rungs[i].safe);
        }
        QVERIFY(expect.choice);
        QCOMPARE(got.choice, expect.choice);
        QCOMPARE(got.rungs[*got.choice].spec, std::string("rice:q4"));  // as lossy_suggest_test found
        QCOMPARE(got.lossless_codec, expect.lossless_codec);
        QVERIFY(p->suggestionText().contains(QStringLiteral("rice:q4")));
    }

    // A new window starts from the remembered thresholds; the default 1% admits no rice
    // level on this frame (lossy_suggest_test), and the panel says so.
    void noSafeSettingIsSaid() {
        MainWindow w2;
        QCOMPARE(w2.lossy()->thresholds().phot_error, 0.25);
        QVERIFY2(w2.openFile(kFile), qPrintable(w2.lastError()));
        w2.lossy()->setThresholds(0.01, 0.01);  // the default: no rice level keeps it here
        QSignalSpy ready2(w2.lossy(), &LossyPanel::suggestionReady);
        QVERIFY(w2.lossy()->startSuggestion(QStringLiteral("rice")));
        QVERIFY(ready2.wait(300000));
        QVERIFY(!w2.lossy()->suggestion()->suggestion.choice);
        QVERIFY(w2.lossy()->suggestionText().contains(QStringLiteral("keep it lossless")));
        QSettings().clear();
    }
};

QTEST_MAIN(LossyGuiTest)
#include "lossy_gui_test.moc"
