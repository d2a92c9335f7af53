// The first view of every real image is readable: each image HDU of every FITS file in
// shared/data/real and shared/data/corpus, opened in the real window with the default
// display (zscale limits, linear stretch, grey; the first frame of a cube), shows at
// least 64 distinct grey levels with fewer than half of its pixels clipped at a limit
// (NaN pixels left out). Images with fewer than 64 distinct values between their limits
// cannot show 64 levels (flag maps, sparse counts, tiny frames, integer skies whose noise
// spans a few counts): they are listed below, and for them the levels must keep the values apart:
// inside the limits every value has one level, and of two neighbouring values at least
// one level step ((high - low) / 255) apart the higher has the higher level; fewer than
// half of the pixels clipped, and never a single colour.
#include <QDir>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "app/gui/main_window.h"
#include "engine/fits/fits.h"

using namespace bitsky;

namespace {

const QString kShared = QStringLiteral(BITSKY_SHARED_DATA);

// Image HDUs with fewer than 64 distinct finite values between the zscale limits of their
// first frame.
const std::set<QString> kFewValues = {
    QStringLiteral("corpus/ccd_uint16_tansip.fits.gz#0"),  // 252 values, 28 of them between the limits
    QStringLiteral("corpus/cfht_megacam_uint16.fits#0"),   // sky-only cutout: 31 values
    QStringLiteral("corpus/fermi_lat_counts_car.fits.gz#1"),  // sparse gamma-ray counts: 19
    QStringLiteral("corpus/gildas_4d_cube.fits#0"),        // a 3 x 4 frame: 12 pixels
    QStringLiteral("corpus/hst_acs_hrc_flt.fz#3"),         // data-quality flags: 18
    QStringLiteral("corpus/xmm_emos1_counts_int32.fits#0"),  // sparse X-ray counts: 39
    QStringLiteral("corpus/xmm_epn_badpix_uint8.fits#0"),  // a 0/1 bad-pixel map
    QStringLiteral("real/hst_stis_raw.fits#1"),            // raw 62 x 44 frames: 19 and 23
    QStringLiteral("real/hst_stis_raw.fits#4"),
    QStringLiteral("real/mef_4x40x40.fits#1"),             // 40 x 40 extensions: 12, 9, 8, 26
    QStringLiteral("real/mef_4x40x40.fits#2"),
    QStringLiteral("real/mef_4x40x40.fits#3"),
    QStringLiteral("real/mef_4x40x40.fits#4"),
    QStringLiteral("real/odd_axes_mixed.fits#0"),          // 52 values
};

}  // namespace

class DefaultViewTest : public QObject {
    Q_OBJECT
private slots:
    void everyRealImageIsReadableInTheDefaultView() {
        QVERIFY2(QDir(kShared + QStringLiteral("/corpus")).exists(),
                 qPrintable(QStringLiteral("the shared corpus is missing: %1/corpus").arg(kShared)));
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.display(), DisplaySettings{});  // zscale, linear, grey
        QCOMPARE(w.display().limits, Limits::ZScale);
        int images = 0;
        std::set<QString> few;
        for (const QString& folder : {QStringLiteral("real"), QStringLiteral("corpus")}) {
            const QDir dir(kShared + QLatin1Char('/') + folder);
            const QStringList names = dir.entryList({QStringLiteral("*.fits"), QStringLiteral("*.fits.gz"),
                                                     QStringLiteral("*.fz"), QStringLiteral("*.fit")},
                                                    QDir::Files, QDir::Name);
            for (const QString& name : names) {
                const QString path = dir.filePath(name);
                const auto hdus = fits::File::open(path.toStdString()).image_hdus();
                for (int hdu : hdus) {
                    const QString key = QStringLiteral("%1/%2#%3").arg(folder, name).arg(hdu);
                    QVERIFY2(w.openFile(path, hdu), qPrintable(key + QStringLiteral(": ") + w.lastError()));
                    const ImageView* v = w.imageView();
                    const QImage& img = v->image();
                    const DisplayRange r = v->displayRange();
                    std::set<int> levels;
                    std::map<double, std::set<int>> levelsOf;  // distinct value -> its levels
                    std::size_t finite = 0, clipped = 0;
                    for (int y = 0; y < v->frameHeight(); ++y)
                        for (int x = 0; x < v->frameWidth(); ++x) {
                            const double value = *v->valueAt(x, y);
                            if (!std::isfinite(value)) continue;
                            const int level = qRed(img.pixel(x, v->frameHeight() - 1 - y));
                            ++finite;
                            clipped += value < r.lo || value > r.hi ? 1 : 0;
                            levels.insert(level);
                            levelsOf[value].insert(level);
                        }
                    QVERIFY2(finite > 0, qPrintable(key));
                    const double clippedFraction = double(clipped) / double(finite);
                    const QString what = QStringLiteral("%1: %2 distinct values, limits [%3, %4], %5 levels, %6% clipped")
                                             .arg(key)
                                             .arg(levelsOf.size())
                                             .arg(r.lo, 0, 'g', 7)
                                             .arg(r.hi, 0, 'g', 7)
                                             .arg(levels.size())
                                             .arg(100.0 * clippedFraction, 0, 'f', 1);
                    qInfo("%s", qPrintable(what));
                    QVERIFY2(clippedFraction < 0.5, qPrintable(what));
                    const auto inside = std::count_if(levelsOf.begin(), levelsOf.end(), [&r](const auto& vl) {
                        return vl.first >= r.lo && vl.first <= r.hi;
                    });
                    if (inside >= 64) {
                        QVERIFY2(levels.size() >= 64, qPrintable(what));
                    } else {
                        few.insert(key);
                        const double step = (r.hi - r.lo) / 255.0;
                        std::optional<std::pair<double, int>> previous;
                        for (const auto& [value, ls] : levelsOf) {
                            if (value < r.lo || value > r.hi) continue;
                            const QString at = what + QStringLiteral(": value %1").arg(value, 0, 'g', 7);
                            QVERIFY2(ls.size() == 1, qPrintable(at));
                            const int level = *ls.begin();
                            if (previous) {
                                QVERIFY2(level >= previous->second, qPrintable(at));
                                if (value - previous->first >= step) QVERIFY2(level > previous->second, qPrintable(at));
                            }
                            previous = {value, level};
                        }
                        QVERIFY2(levels.size() >= std::min<std::size_t>(2, levelsOf.size()), qPrintable(what));
                    }
                    ++images;
                }
            }
        }
        QCOMPARE(few, kFewValues);  // the exceptions are exactly the ones stated
        QVERIFY(images >= 40);
        qInfo("%d image HDUs checked, %d with fewer than 64 distinct values", images, int(few.size()));
    }
};

QTEST_MAIN(DefaultViewTest)
#include "default_view_test.moc"
