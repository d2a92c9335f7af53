// The display pipeline against its references: zscale limits against astropy's
// ZScaleInterval on every image HDU of the real and corpus files (tests/data/zscale,
// made by make_reference.py), and the colour tables against matplotlib's published data
// (matplotlib/_cm_listed.py) and DS9's definitions (tksao/colorbar/default.C).
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <cmath>
#include <set>

#include "engine/fits/fits.h"
#include "widgets/colour_map.h"
#include "widgets/render.h"

using namespace bitsky;

namespace {

const QString kShared = QStringLiteral(BITSKY_SHARED_DATA);

QJsonObject reference() {
    QFile f(QStringLiteral(BITSKY_TEST_DATA "/zscale/reference.json"));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

// matplotlib draws a float colour c as uint8(c * 255) (Colormap.__call__(bytes=True)).
QRgb mpl(double r, double g, double b) {
    auto u = [](double c) { return int(c * 255.0); };
    return qRgb(u(r), u(g), u(b));
}

// One channel of a DS9 map at x, in double (DS9 computes in float and truncates, so a
// value may be one level lower there).
double sao(std::initializer_list<std::pair<double, double>> pts, double x) {
    const std::pair<double, double>* prev = nullptr;
    for (const auto& p : pts) {
        if (p.first >= x) {
            if (!prev || p.second == prev->second) return p.second * 255;
            return ((p.second - prev->second) / (p.first - prev->first) * (x - prev->first) + prev->second) * 255;
        }
        prev = &p;
    }
    return prev->second * 255;
}

}  // namespace

class DisplayReferenceTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY2(QDir(kShared + QStringLiteral("/corpus")).exists(),
                 qPrintable(QStringLiteral("the shared corpus is missing: %1/corpus").arg(kShared)));
        QVERIFY2(!reference().isEmpty(), "tests/data/zscale/reference.json is missing or unreadable");
    }

    // Our zscale equals astropy's within 0.5% of astropy's (vmax - vmin) on every image HDU
    // (first frame, physical values, NaN and BLANK ignored); where astropy's limits
    // coincide (a flag map, sparse counts), within 0.5% of the value (or exactly 0).
    void zscaleMatchesAstropy() {
        const QJsonArray hdus = reference().value(QStringLiteral("hdus")).toArray();
        QVERIFY(hdus.size() >= 40);
        double worst = 0;
        QString worstAt;
        for (const QJsonValue& v : hdus) {
            const QJsonObject o = v.toObject();
            const QString file = o.value(QStringLiteral("file")).toString();
            const int hdu = o.value(QStringLiteral("hdu")).toInt();
            const QString where = QStringLiteral("%1 HDU %2").arg(file).arg(hdu);
            auto f = fits::File::open((kShared + QLatin1Char('/') + file).toStdString());
            CubeF64 frame = f.read_physical_frame(hdu, 0);
            QCOMPARE(int(frame.width()), o.value(QStringLiteral("width")).toInt());
            QCOMPARE(int(frame.height()), o.value(QStringLiteral("height")).toInt());
            std::size_t finite = 0;
            for (double x : frame.data()) finite += std::isfinite(x) ? 1 : 0;
            QVERIFY2(qint64(finite) == o.value(QStringLiteral("finite")).toInteger(), qPrintable(where));
            const QJsonArray ref = o.value(QStringLiteral("zscale")).toArray();
            const double lo = ref.at(0).toDouble(), hi = ref.at(1).toDouble();
            const DisplayRange z = zscaleLimits(frame.data());
            const double scale = hi > lo ? hi - lo : std::max(std::abs(lo), 1e-300);
            const double dev = std::max(std::abs(z.lo - lo), std::abs(z.hi - hi)) / scale;
            if (dev > worst) worst = dev, worstAt = where;
            QVERIFY2(dev <= 0.005, qPrintable(QStringLiteral("%1: ours [%2, %3], astropy [%4, %5]")
                                                  .arg(where)
                                                  .arg(z.lo, 0, 'g', 17)
                                                  .arg(z.hi, 0, 'g', 17)
                                                  .arg(lo, 0, 'g', 17)
                                                  .arg(hi, 0, 'g', 17)));
            // The same through the pipeline's entry point.
            QCOMPARE(computeLimits(frame.data(), Limits::ZScale), z);
        }
        qInfo("zscale vs astropy on %d HDUs: largest deviation %.3g of the range (%s)", int(hdus.size()), worst,
              qPrintable(worstAt));
    }

    // Every image HDU BitSky shows in these folders has a reference (and the other way round).
    void everyImageHduHasAReference() {
        std::set<std::pair<QString, int>> ref;
        for (const QJsonValue& v : reference().value(QStringLiteral("hdus")).toArray())
            ref.insert({v[QStringLiteral("file")].toString(), v[QStringLiteral("hdu")].toInt()});
        std::set<std::pair<QString, int>> ours;
        for (const QString& folder : {QStringLiteral("real"), QStringLiteral("corpus")}) {
            const QStringList names = QDir(kShared + QLatin1Char('/') + folder)
                                          .entryList({QStringLiteral("*.fits"), QStringLiteral("*.fits.gz"),
                                                      QStringLiteral("*.fz"), QStringLiteral("*.fit")},
                                                     QDir::Files, QDir::Name);
            for (const QString& n : names) {
                auto f = fits::File::open((kShared + QLatin1Char('/') + folder + QLatin1Char('/') + n).toStdString());
                for (int h : f.image_hdus()) ours.insert({folder + QLatin1Char('/') + n, h});
            }
        }
        QCOMPARE(int(ours.size()), int(ref.size()));
        QVERIFY(ours == ref);
    }

    void zscaleEdgeCases() {
        QCOMPARE(zscaleLimits(std::vector<double>{}), DisplayRange{});
        QCOMPARE(zscaleLimits(std::vector<double>(10, std::nan(""))), DisplayRange{});
        // Fewer than 5 samples: their min and max.
        QCOMPARE(zscaleLimits(std::vector<double>{3, 1, std::nan(""), 2}), (DisplayRange{1, 3}));
        // A ramp is its own fit: median -/+ slope / contrast, clipped to the data.
        std::vector<double> ramp(1000);
        for (std::size_t i = 0; i < ramp.size(); ++i) ramp[i] = double(i);
        QCOMPARE(zscaleLimits(ramp), (DisplayRange{0, 999}));
    }

    // matplotlib's tables as matplotlib draws them; entries from matplotlib/_cm_listed.py.
    void matplotlibTables() {
        const auto& v = colourTable(ColourMap::Viridis);
        QCOMPARE(v[0], mpl(0.267004, 0.004874, 0.329415));
        QCOMPARE(v[1], mpl(0.268510, 0.009605, 0.335427));
        QCOMPARE(v[100], mpl(0.166617, 0.463708, 0.558119));
        QCOMPARE(v[255], mpl(0.993248, 0.906157, 0.143936));
        QCOMPARE(colourTable(ColourMap::Magma)[0], mpl(0.001462, 0.000466, 0.013866));
        QCOMPARE(colourTable(ColourMap::Magma)[100], mpl(0.537755, 0.156894, 0.506551));
        QCOMPARE(colourTable(ColourMap::Magma)[255], mpl(0.987053, 0.991438, 0.749504));
        QCOMPARE(colourTable(ColourMap::Inferno)[100], mpl(0.565854, 0.143567, 0.408258));
        QCOMPARE(colourTable(ColourMap::Inferno)[255], mpl(0.988362, 0.998364, 0.644924));
        QCOMPARE(colourTable(ColourMap::Cividis)[0], mpl(0.0, 0.135112, 0.304751));
        QCOMPARE(colourTable(ColourMap::Cividis)[100], mpl(0.394568, 0.406236, 0.438986));
        QCOMPARE(colourTable(ColourMap::Cividis)[255], mpl(0.995737, 0.909344, 0.217772));
        // RdBu_r: ColorBrewer's RdBu ends, #053061 (blue) .. #67001f (red).
        QCOMPARE(colourTable(ColourMap::Diverging)[0], qRgb(0x05, 0x30, 0x61));
        QCOMPARE(colourTable(ColourMap::Diverging)[255], qRgb(0x67, 0x00, 0x1f));
        QVERIFY(qGray(colourTable(ColourMap::Diverging)[128]) > 240);  // white in the middle
        QCOMPARE(colourTable(ColourMap::Cubehelix)[0], qRgb(0, 0, 0));
        QCOMPARE(colourTable(ColourMap::Cubehelix)[255], qRgb(255, 255, 255));
        for (int i = 0; i < 256; ++i) QCOMPARE(colourTable(ColourMap::Grey)[std::size_t(i)], qRgb(i, i, i));
    }

    // DS9's heat, cool and bb: the piecewise-linear definitions at x = i / 255.
    void ds9Tables() {
        struct Map {
            ColourMap map;
            std::initializer_list<std::pair<double, double>> r, g, b;
        };
        const Map maps[] = {
            {ColourMap::Heat, {{0, 0}, {.34, 1}, {1, 1}}, {{0, 0}, {1, 1}}, {{0, 0}, {.65, 0}, {.98, 1}, {1, 1}}},
            {ColourMap::Cool, {{0, 0}, {.29, 0}, {.76, .1}, {1, 1}}, {{0, 0}, {.22, 0}, {.96, 1}, {1, 1}},
             {{0, 0}, {.53, 1}, {1, 1}}},
            {ColourMap::BB, {{0, 0}, {.5, 1}, {1, 1}}, {{0, 0}, {.25, 0}, {.75, 1}, {1, 1}}, {{0, 0}, {.5, 0}, {1, 1}}},
        };
        for (const Map& m : maps) {
            const ColourTable& t = colourTable(m.map);
            for (int i = 0; i < 256; ++i) {
                const double x = i / 255.0;
                const QRgb c = t[std::size_t(i)];
                const double want[3] = {sao(m.r, x), sao(m.g, x), sao(m.b, x)};
                const int got[3] = {qRed(c), qGreen(c), qBlue(c)};
                for (int ch = 0; ch < 3; ++ch)
                    QVERIFY2(got[ch] <= want[ch] + 1e-3 && got[ch] >= std::floor(want[ch] + 1e-3) - 1,
                             qPrintable(QStringLiteral("%1[%2] channel %3: %4 vs %5")
                                            .arg(colourMapKey(m.map))
                                            .arg(i)
                                            .arg(ch)
                                            .arg(got[ch])
                                            .arg(want[ch])));
            }
        }
        QCOMPARE(colourTable(ColourMap::Heat)[0], qRgb(0, 0, 0));
        QCOMPARE(colourTable(ColourMap::Heat)[255], qRgb(255, 255, 255));
        QCOMPARE(colourTable(ColourMap::BB)[255], qRgb(255, 255, 255));
    }

    void invertedTablesAreReversed() {
        for (ColourMap m : imageColourMaps())
            for (std::size_t i = 0; i < 256; ++i) QCOMPARE(colourTable(m, true)[i], colourTable(m)[255 - i]);
        QCOMPARE(colourMapFromKey(QStringLiteral("bb")), ColourMap::BB);
        QCOMPARE(colourMapFromKey(QStringLiteral("nonsense"), ColourMap::Heat), ColourMap::Heat);
    }

    // A collapsed range (hi <= lo) is the limit of a linear stretch: a step at lo.
    void collapsedRangeIsAStep() {
        StretchTable t(Stretch::Linear, {0, 0});
        QCOMPARE(int(t.level(-1)), 0);
        QCOMPARE(int(t.level(0)), 0);
        QCOMPARE(int(t.level(4)), 255);
        QCOMPARE(int(t.level(std::nan(""))), 0);
    }
};

QTEST_MAIN(DisplayReferenceTest)
#include "display_reference_test.moc"
