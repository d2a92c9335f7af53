// The world-coordinate readout of the real window (offscreen) on corpus files: SIN, TAN-SIP,
// galactic, helioprojective and a spectral cube, against astropy's values
// (tests/data/wcs/reference.json, made by tests/data/wcs/make_reference.py).
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <cmath>
#include <numbers>

#include "app/gui/main_window.h"

using namespace bitsky;

namespace {

QString corpus(const char* name) {
    return QStringLiteral(BITSKY_SHARED_DATA "/corpus/") + QLatin1String(name);
}

// The reference entry of a corpus file's HDU (empty if absent).
QJsonObject reference(const QString& file, int hdu) {
    QFile f(QStringLiteral(BITSKY_TEST_DATA "/wcs/reference.json"));
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QJsonArray hdus = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("hdus")).toArray();
    for (const auto& h : hdus) {
        QJsonObject o = h.toObject();
        if (o.value(QStringLiteral("file")).toString() == file && o.value(QStringLiteral("hdu")).toInt() == hdu)
            return o;
    }
    return {};
}

double separationArcsec(double lon1, double lat1, double lon2, double lat2) {
    const double d = std::numbers::pi / 180.0;
    const double s1 = std::sin((lat2 - lat1) * d / 2), s2 = std::sin((lon2 - lon1) * d / 2);
    const double a = s1 * s1 + std::cos(lat1 * d) * std::cos(lat2 * d) * s2 * s2;
    return 2.0 * std::asin(std::min(1.0, std::sqrt(a))) / d * 3600.0;
}

}  // namespace

class WcsReadoutTest : public QObject {
    Q_OBJECT

    // Opens a corpus file in the window and checks worldAt at every integer reference pixel
    // of the frames the window can show: celestial within 0.01", other axes 1e-9 relative.
    void checkAgainstReference(const char* name, int hdu, int checkedAtLeast) {
        const QString path = corpus(name);
        QVERIFY2(QFileInfo::exists(path), qPrintable(path + QStringLiteral(" is missing: the shared corpus must be "
                                                                           "checked out beside the repository")));
        const QJsonObject ref = reference(QStringLiteral("corpus/") + QLatin1String(name), hdu);
        QVERIFY2(!ref.isEmpty(), name);
        MainWindow w;
        QVERIFY2(w.openFile(path, hdu), qPrintable(w.lastError()));
        const int lng = ref.value(QStringLiteral("lng")).toInt(), lat = ref.value(QStringLiteral("lat")).toInt();
        int checked = 0;
        for (const auto& pv : ref.value(QStringLiteral("points")).toArray()) {
            const QJsonArray px = pv.toObject().value(QStringLiteral("pixel")).toArray();
            const QJsonArray want = pv.toObject().value(QStringLiteral("world")).toArray();
            const double x = px[0].toDouble(), y = px[1].toDouble();
            if (x != std::floor(x) || y != std::floor(y) || want.isEmpty()) continue;
            QVERIFY(w.showFrame(px[2].toInt(), px[3].toInt()));
            auto got = w.worldAt(int(x), int(y));
            QVERIFY2(got, qPrintable(QStringLiteral("%1: no world coordinates at %2 %3").arg(name).arg(x).arg(y)));
            QCOMPARE(got->values.size(), std::size_t(want.size()));
            const double sep =
                separationArcsec(got->lon_deg(), got->lat_deg(), want[lng].toDouble(), want[lat].toDouble());
            QVERIFY2(sep < 0.01, qPrintable(QStringLiteral("%1 at %2 %3: %4 arcsec").arg(name).arg(x).arg(y).arg(sep)));
            for (int k = 0; k < want.size(); ++k) {
                if (k == lng || k == lat) continue;
                const double a = got->values[std::size_t(k)], b = want[k].toDouble();
                QVERIFY2(std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b)),
                         qPrintable(QStringLiteral("%1 axis %2: %3 vs %4").arg(name).arg(k).arg(a).arg(b)));
            }
            // The status line shows the same position, sexagesimal and in degrees.
            const QString status = w.pixelStatus(int(x), int(y));
            const QString deg = QString::fromStdString(wcs::format_degrees(got->lat_deg()));
            QVERIFY2(status.contains(deg), qPrintable(status));
            ++checked;
        }
        QVERIFY2(checked >= checkedAtLeast, qPrintable(QStringLiteral("%1: %2 points").arg(name).arg(checked)));
    }

private slots:
    void sinProjectionWithFrequencyAndStokesAxes() {
        checkAgainstReference("vla_first_sin.fits", 0, 5);
        if (QTest::currentTestFailed()) return;
        MainWindow w;
        QVERIFY(w.openFile(corpus("vla_first_sin.fits")));
        const QString status = w.pixelStatus(16, 16);
        QVERIFY2(status.contains(QStringLiteral("RA ")) && status.contains(QStringLiteral("Dec ")) &&
                     status.contains(QStringLiteral("FREQ 1364900000 Hz")) &&
                     status.contains(QStringLiteral("STOKES 1")),
                 qPrintable(status));
    }

    void tanSipDistortionIsApplied() {
        checkAgainstReference("ccd_uint16_tansip.fits.gz", 0, 4);
        if (QTest::currentTestFailed()) return;
        checkAgainstReference("spitzer_tansip_nan.fits", 0, 4);
    }

    void spectralCubeShowsTheFramesVelocity() {
        checkAgainstReference("gildas_4d_cube.fits", 0, 12);  // 4 corners x 3 frames
        if (QTest::currentTestFailed()) return;
        MainWindow w;
        QVERIFY(w.openFile(corpus("gildas_4d_cube.fits")));
        QVERIFY(w.showFrame(6));
        auto world = w.worldAt(0, 0);
        QVERIFY(world && world->spec == 2);
        const QString status = w.pixelStatus(0, 0);
        QVERIFY2(status.contains(QStringLiteral("VRAD ")) && status.contains(QStringLiteral(" m/s")),
                 qPrintable(status));
        QVERIFY(w.showFrame(0));
        QVERIFY(w.worldAt(0, 0)->values[2] != world->values[2]);
    }

    void galacticAndHelioprojectiveAxisNames() {
        MainWindow w;
        QVERIFY(w.openFile(corpus("fermi_lat_counts_car.fits.gz"), 1));
        QString status = w.pixelStatus(10, 10);
        QVERIFY2(status.contains(QStringLiteral("  l ")) && status.contains(QStringLiteral(" b ")) &&
                     status.contains(QStringLiteral("\u00b0")),
                 qPrintable(status));
        QVERIFY(w.openFile(corpus("sdo_hmi_nan_f64.fits")));
        status = w.pixelStatus(10, 10);
        QVERIFY2(status.contains(QStringLiteral("Solar X ")) && status.contains(QStringLiteral("\" Solar Y ")),
                 qPrintable(status));
        // Linear solar axes are shown as wcslib gives them, with no sky position.
        QVERIFY(w.openFile(corpus("soho_eit_f64.fits")));
        status = w.pixelStatus(10, 10);
        QVERIFY2(status.contains(QStringLiteral("Solar-X ")) && !status.contains(QStringLiteral("RA ")),
                 qPrintable(status));
        QVERIFY(w.worldAt(10, 10) && !w.worldAt(10, 10)->celestial());
    }
};

QTEST_MAIN(WcsReadoutTest)
#include "wcs_readout_test.moc"
