// The window as a new user meets it and as it comes back: the default layout gives the
// image view at least half of a 1280 x 800 window and Reset layout restores it; limits,
// stretch, colour map, inversion, overlay opacity, the last folder and the dock layout
// are remembered (QSettings, in a temporary folder); Lock limits keeps the limits for
// other frames and files; dragging a limit in the Scale dock's histogram fixes it.
#include <QDockWidget>
#include <QLineEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "app/gui/dialogs.h"
#include "app/gui/main_window.h"
#include "app/gui/scale_panel.h"
#include "engine/fits/fits.h"

using namespace bitsky;

namespace {

const QString kShared = QStringLiteral(BITSKY_SHARED_DATA);
const QString kGalaxy = kShared + QStringLiteral("/real/ngc1316r.fits");      // int16 440 x 300
const QString kCube = kShared + QStringLiteral("/corpus/vlt_visir_cube.fits");  // float 256 x 256 x 17

double viewFraction(const MainWindow& w) {
    const QSize v = w.imageView()->size();
    return double(v.width()) * v.height() / (double(w.width()) * w.height());
}

}  // namespace

class DisplaySettingsTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY2(QFile::exists(kGalaxy) && QFile::exists(kCube),
                 qPrintable(QStringLiteral("the shared data are missing: %1").arg(kShared)));
        // Settings of this test only, in a folder that goes away.
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
        QCoreApplication::setOrganizationName(QStringLiteral("bitsky-display-settings-test"));
        QCoreApplication::setApplicationName(QStringLiteral("BitSky"));
    }

    void theImageViewHasHalfTheWindow() {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openFile(kGalaxy));
        QApplication::processEvents();
        qInfo("default layout at 1280 x 800: image view %d x %d, %.1f%% of the window", w.imageView()->width(),
              w.imageView()->height(), 100 * viewFraction(w));
        QVERIFY2(viewFraction(w) >= 0.5, qPrintable(QString::number(viewFraction(w))));
        for (QDockWidget* d : w.findChildren<QDockWidget*>()) QVERIFY2(!d->isFloating(), qPrintable(d->objectName()));
        // Scale in front of the tabbed docks, Datasets above them.
        QVERIFY(!w.findChild<QDockWidget*>(QStringLiteral("scale"))->visibleRegion().isEmpty());
        QVERIFY(!w.findChild<QDockWidget*>(QStringLiteral("browser"))->visibleRegion().isEmpty());
    }

    void resetLayoutRestoresTheDefault() {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* plots = w.findChild<QDockWidget*>(QStringLiteral("plots"));
        auto* browser = w.findChild<QDockWidget*>(QStringLiteral("browser"));
        auto* jobs = w.findChild<QDockWidget*>(QStringLiteral("jobs"));
        plots->setFloating(true);
        jobs->hide();
        w.resizeDocks({browser}, {900}, Qt::Horizontal);
        QApplication::processEvents();
        QVERIFY(viewFraction(w) < 0.5);
        QAction* reset = nullptr;
        for (QAction* a : w.findChildren<QAction*>())
            if (a->text() == QStringLiteral("&Reset layout")) reset = a;
        QVERIFY(reset);
        reset->trigger();
        QApplication::processEvents();
        QVERIFY(!plots->isFloating());
        QVERIFY(!jobs->isHidden());
        QVERIFY2(viewFraction(w) >= 0.5, qPrintable(QString::number(viewFraction(w))));
    }

    void settingsAreRemembered() {
        QSettings().clear();
        {
            MainWindow w;
            w.resize(1280, 800);
            w.restoreSettings();  // nothing stored yet: the defaults
            QCOMPARE(w.display(), DisplaySettings{});
            w.show();
            QVERIFY(w.openFile(kGalaxy));
            w.setDisplay(Limits::Percentile995, Stretch::Asinh, ColourMap::Viridis);
            w.imageView()->setInverted(true);
            w.imageView()->setManualLimits({10, 200});  // from 99.5%: unlocking returns there
            w.heatmapController()->setOpacity(0.3);
            w.findChild<QDockWidget*>(QStringLiteral("jobs"))->hide();
            w.close();
        }
        MainWindow w;
        w.restoreSettings();
        const DisplaySettings& d = w.display();
        QCOMPARE(d.limits, Limits::Manual);
        QCOMPARE(d.manual, (DisplayRange{10, 200}));
        QCOMPARE(d.stretch, Stretch::Asinh);
        QCOMPARE(d.map, ColourMap::Viridis);
        QVERIFY(d.inverted);
        QCOMPARE(w.heatmapController()->opacity(), 0.3);
        QCOMPARE(w.imageView()->overlayOpacity(), 0.3);
        QCOMPARE(Dialogs::lastFolder(), QFileInfo(kGalaxy).absolutePath());
        QVERIFY(w.findChild<QDockWidget*>(QStringLiteral("jobs"))->isHidden());
        QVERIFY(w.displayToolBar()->lockAction()->isChecked());
        QVERIFY(w.openFile(kGalaxy));
        QCOMPARE(w.imageView()->displayRange(), (DisplayRange{10, 200}));
        w.displayToolBar()->lockAction()->trigger();  // unlock: back to 99.5%
        QCOMPARE(w.display().limits, Limits::Percentile995);
        QCOMPARE(w.imageView()->displayRange(), computeLimits(w.imageView()->values(), Limits::Percentile995));
    }

    void aWindowThatDidNotRestoreDoesNotWrite() {
        QSettings().clear();
        {
            MainWindow w;  // e.g. --screenshot: never restores, so never saves
            w.setDisplay(Limits::MinMax, Stretch::Log, ColourMap::Heat);
            w.show();
            w.close();
        }
        QVERIFY(!QSettings().contains(QStringLiteral("display/stretch")));
    }

    void lockKeepsTheLimitsForOtherFramesAndFiles() {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(w.openFile(kCube));
        ImageView* v = w.imageView();
        const DisplayRange frame0 = v->displayRange();
        QCOMPARE(frame0, zscaleLimits(v->values()));
        QVERIFY(w.showFrame(1));
        const DisplayRange frame1 = v->displayRange();
        QCOMPARE(frame1, zscaleLimits(v->values()));  // unlocked: each frame its own zscale
        QVERIFY(!(frame1 == frame0));
        w.displayToolBar()->lockAction()->trigger();
        QCOMPARE(v->limits(), Limits::Manual);
        QVERIFY(w.showFrame(5));
        QCOMPARE(v->displayRange(), frame1);
        QVERIFY(w.openFile(kGalaxy));  // another file: the same numbers
        QCOMPARE(v->displayRange(), frame1);
        w.displayToolBar()->lockAction()->trigger();
        QCOMPARE(v->limits(), Limits::ZScale);
        QCOMPARE(v->displayRange(), zscaleLimits(v->values()));
    }

    void draggingALimitInTheHistogramFixesIt() {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openFile(kGalaxy));
        w.showPanel(QStringLiteral("scale"));
        QApplication::processEvents();
        HistogramView* h = w.scalePanel()->histogram();
        QVERIFY(h->hasData() && h->isVisible());
        const DisplayRange z = w.imageView()->displayRange();
        QCOMPARE(h->limits(), z);
        const int y = h->height() / 2;
        const QPoint from(int(std::lround(h->xOf(z.hi))), y);
        const QPoint to(int(std::lround(h->xOf(z.hi + (z.hi - z.lo) * 0.5))), y);
        const double wanted = h->valueAt(to.x());  // the x range stays put while dragging
        QTest::mousePress(h, Qt::LeftButton, {}, from);
        QTest::mouseMove(h, to);
        QTest::mouseRelease(h, Qt::LeftButton, {}, to);
        const DisplayRange r = w.imageView()->displayRange();
        QCOMPARE(w.imageView()->limits(), Limits::Manual);
        QCOMPARE(r.lo, z.lo);
        QVERIFY2(std::abs(r.hi - wanted) < 1e-9, qPrintable(QStringLiteral("%1 vs %2").arg(r.hi).arg(wanted)));
        QVERIFY(h->xRange().hi >= r.hi);  // refitted after the release to show the new limit
        QVERIFY(w.displayToolBar()->lockAction()->isChecked());
        // Typed limits.
        QLineEdit* low = w.scalePanel()->lowEdit();
        QLineEdit* high = w.scalePanel()->highEdit();
        low->setText(QStringLiteral("0"));
        high->setText(QStringLiteral("500"));
        emit high->editingFinished();
        QCOMPARE(w.imageView()->displayRange(), (DisplayRange{0, 500}));
        QCOMPARE(h->limits(), (DisplayRange{0, 500}));
    }

    void invertedMapsReverseTheLevels() {
        MainWindow w;
        QVERIFY(w.openFile(kGalaxy));
        const QImage plain = w.imageView()->image();
        w.imageView()->setInverted(true);
        const QImage inv = w.imageView()->image();
        for (QPoint p : {QPoint(0, 0), QPoint(100, 100), QPoint(300, 150), QPoint(439, 299)})
            QCOMPARE(qRed(inv.pixel(p)), 255 - qRed(plain.pixel(p)));
        QVERIFY(w.colourBar()->inverted());
        // The colour bar's ticks are round values inside the limits.
        const DisplayRange r = w.imageView()->displayRange();
        const auto ticks = ColourBar::ticks(r);
        QVERIFY(ticks.size() >= 3 && ticks.size() <= 8);
        for (double t : ticks) QVERIFY(t >= r.lo && t <= r.hi && std::fmod(t, 50.0) == 0.0);
    }

private:
    QTemporaryDir settingsDir_;
};

QTEST_MAIN(DisplaySettingsTest)
#include "display_settings_test.moc"
