// Figures of the image view (File > Export view..., bitsky --render, bitsky-cli render) on
// real corpus images: PNG size in pixels = inches x dpi and the resolution recorded, the
// image, colour bar, regions and grid in it; PDF pages of the size asked for in points;
// SVG that parses with the image embedded and text as text; bitsky-cli render gives the
// same bytes as bitsky --render, and says what is missing when bitsky is not installed.
// Plots exported at their default paper size: 1050 x 780 pixels, and in that print layout
// every legend, legend entry and text item of every plot kind fits its place.
#include "app/gui/view_export.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>
#include <cmath>

#include "app/gui/main_window.h"
#include "app/gui/plots_panel.h"
#include "app/gui/regions_panel.h"
#include "tests/gui/gui_test_support.h"
#include "widgets/colour_map.h"

using namespace bitsky;
using namespace bitsky::test;

namespace {

QString corpus(const QString& name) {
    const QString p = QStringLiteral(BITSKY_SHARED_DATA "/corpus/") + name;
    if (!QFileInfo::exists(p))
        qFatal("%s is missing: the shared corpus must be checked out beside the repository", qPrintable(p));
    return p;
}

// How many of the 256 colours of `map` appear (within 3 per channel) in columns x >= x0.
int mapColoursIn(const QImage& img, ColourMap map, int x0) {
    const ColourTable& ct = colourTable(map);
    QSet<QRgb> seen;
    for (int y = 0; y < img.height(); ++y)
        for (int x = x0; x < img.width(); ++x) seen.insert(img.pixel(x, y) & 0xffffff);
    int found = 0;
    for (QRgb c : ct) {
        bool hit = false;
        for (QRgb s : seen)
            if (std::abs(qRed(s) - qRed(c)) <= 3 && std::abs(qGreen(s) - qGreen(c)) <= 3 &&
                std::abs(qBlue(s) - qBlue(c)) <= 3) {
                hit = true;
                break;
            }
        found += hit;
    }
    return found;
}

int distinctColours(const QImage& img) {
    QSet<QRgb> c;
    for (int y = 0; y < img.height(); y += 2)
        for (int x = 0; x < img.width(); x += 2) c.insert(img.pixel(x, y));
    return int(c.size());
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The MediaBox of the first page: width and height in points.
QSizeF pdfPage(const QByteArray& pdf) {
    const auto m = QRegularExpression(QStringLiteral("/MediaBox\\s*\\[\\s*0\\s+0\\s+([0-9.]+)\\s+([0-9.]+)\\s*\\]"))
                       .match(QString::fromLatin1(pdf));
    return m.hasMatch() ? QSizeF(m.captured(1).toDouble(), m.captured(2).toDouble()) : QSizeF();
}

struct SvgCounts {
    bool valid = false;
    int images = 0, texts = 0;
    QString error;
};
SvgCounts parseSvg(const QByteArray& svg) {
    SvgCounts c;
    QXmlStreamReader xml(svg);
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            c.images += xml.name() == QLatin1String("image");
            c.texts += xml.name() == QLatin1String("text");
        }
    }
    c.valid = !xml.hasError();
    c.error = xml.errorString();
    return c;
}

// PATH set for the child processes of a scope, then put back.
class PathFor {
public:
    explicit PathFor(const QByteArray& path) : old_(qgetenv("PATH")) { qputenv("PATH", path); }
    ~PathFor() { qputenv("PATH", old_); }

private:
    QByteArray old_;
};

}  // namespace

class ViewExportTest : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString isaac_, ccd_, regions_;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("bitsky-view-export-test"));
        QVERIFY(tmp_.isValid());
        isaac_ = corpus(QStringLiteral("vlt_isaac_ir_tan.fits")) + QStringLiteral("[0]");
        ccd_ = corpus(QStringLiteral("ccd_uint16_tansip.fits.gz"));
        regions_ = tmp_.filePath(QStringLiteral("two.reg"));
        QFile reg(regions_);
        QVERIFY(reg.open(QIODevice::WriteOnly));
        reg.write(
            "# Region file format: DS9 version 4.1\nimage\ncircle(400,600,80)\nbox(700,300,200,120,30) # "
            "text={field}\n");
    }

    // PNG: W in x dpi pixels wide, the dpi recorded, the image, the bar, the regions, the grid labels.
    void renderPng() {
        const QString png = tmp_.filePath(QStringLiteral("isaac.png"));
        ProcessRun r =
            runGui({QStringLiteral("--render"), isaac_, QStringLiteral("--out"), png, QStringLiteral("--width-in"),
                    QStringLiteral("4"), QStringLiteral("--dpi"), QStringLiteral("150"), QStringLiteral("--cmap"),
                    QStringLiteral("viridis"), QStringLiteral("--grid"), QStringLiteral("--regions"), regions_});
        QVERIFY2(r.ok(), qPrintable(r.describe()));
        QImage img(png);
        QCOMPARE(img.width(), 600);
        QVERIFY(img.height() > 300 && img.height() < 700);
        QCOMPARE(qRound(img.dotsPerMeterX() * 0.0254), 150);
        QVERIFY2(distinctColours(img) > 200, qPrintable(QString::number(distinctColours(img))));
        // The colour bar right of the image: most of viridis's 256 colours, in the right quarter.
        const int barColours = mapColoursIn(img, ColourMap::Viridis, img.width() * 3 / 4);
        QVERIFY2(barColours > 200, qPrintable(QString::number(barColours)));
        // The regions' green outline (not a viridis colour).
        int green = 0;
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x) {
                const QRgb p = img.pixel(x, y);
                green += qRed(p) < 40 && qGreen(p) > 220 && std::abs(qBlue(p) - 120) < 40;
            }
        QVERIFY2(green > 100, qPrintable(QString::number(green)));
    }

    // The figure in the window: a grid of RA and Dec lines labelled in hours and degrees.
    void gridAndTitleInProcess() {
        MainWindow w;
        QVERIFY2(w.openFile(isaac_), qPrintable(w.lastError()));
        ViewExportOptions o;
        o.grid = true;
        o.wholeFrame = true;
        const ViewFigure f = viewFigure(w, o);
        QCOMPARE(f.title, QStringLiteral("vlt_isaac_ir_tan.fits[0]"));
        QCOMPARE(f.pixels, QRectF(0, 0, 1024, 1024));
        QCOMPARE(int(f.bars.size()), 1);
        int hours = 0, degrees = 0;
        for (const auto& g : f.grid) {
            hours += g.label.contains(QRegularExpression(QStringLiteral("^\\d\\dh")));
            degrees += g.label.contains(QChar(0xb0));
        }
        QVERIFY2(hours >= 2 && degrees >= 2, qPrintable(QStringLiteral("%1 RA, %2 Dec lines").arg(hours).arg(degrees)));
        // Without a celestial WCS a grid is refused with the reason.
        QString error;
        ViewFigure none;
        QVERIFY(!saveFigure(none, tmp_.filePath(QStringLiteral("x.bmp")), 3.5, 300, &error));
        QVERIFY(error.contains(QStringLiteral(".pdf")));
    }

    // PDF: a page of W x H points; SVG: valid XML with the image embedded and text as text.
    void vectorFormats() {
        const QString pdf = tmp_.filePath(QStringLiteral("ccd.pdf")), svg = tmp_.filePath(QStringLiteral("ccd.svg"));
        for (const QString& out : {pdf, svg}) {
            ProcessRun r =
                runGui({QStringLiteral("--render"), ccd_, QStringLiteral("--out"), out, QStringLiteral("--overlay"),
                        QStringLiteral("iid"), QStringLiteral("--opacity"), QStringLiteral("0.5"),
                        QStringLiteral("--grid"), QStringLiteral("--width-in"), QStringLiteral("5")});
            QVERIFY2(r.ok(), qPrintable(r.describe()));
        }
        const QByteArray p = readAll(pdf);
        QVERIFY(p.startsWith("%PDF-"));
        const QSizeF page = pdfPage(p);
        QVERIFY2(std::abs(page.width() - 360.0) < 0.5, qPrintable(QString::number(page.width())));
        QVERIFY(page.height() > 200 && page.height() < 400);
        QVERIFY(p.contains("/Subtype /Image"));
        QVERIFY(!p.contains("/DCTDecode"));  // pixels compressed losslessly, never as JPEG
        const SvgCounts s = parseSvg(readAll(svg));
        QVERIFY2(s.valid, qPrintable(s.error));
        QCOMPARE(s.images, 2);                                          // the image and the map over it
        QVERIFY2(s.texts >= 10, qPrintable(QString::number(s.texts)));  // title, tick labels, grid labels
    }

    // bitsky-cli render runs bitsky --render: the same bytes.
    void cliRenderIsTheSame() {
        const QString a = tmp_.filePath(QStringLiteral("gui.png")), b = tmp_.filePath(QStringLiteral("cli.png"));
        const QStringList common{QStringLiteral("--limits"), QStringLiteral("minmax"), QStringLiteral("--stretch"),
                                 QStringLiteral("asinh"),    QStringLiteral("--grid"), QStringLiteral("--dpi"),
                                 QStringLiteral("100")};
        ProcessRun gui = runGui(QStringList{QStringLiteral("--render"), ccd_, QStringLiteral("--out"), a} + common);
        QVERIFY2(gui.ok(), qPrintable(gui.describe()));
        PathFor path(QFileInfo(guiPath()).absolutePath().toLocal8Bit() + ':' + qgetenv("PATH"));
        ProcessRun cli = runCli(QStringList{QStringLiteral("render"), ccd_, QStringLiteral("--out"), b} + common);
        QVERIFY2(cli.ok(), qPrintable(cli.describe()));
        QCOMPARE(QImage(b).width(), 350);
        QVERIFY(readAll(a) == readAll(b));
    }

    // Without bitsky beside it or on PATH: exit 2 and what to install.
    void cliRenderWithoutBitsky() {
        QTemporaryDir alone;
        const QString copy = alone.filePath(QStringLiteral("bitsky-cli"));
        QVERIFY(QFile::copy(cliPath(), copy));
        QVERIFY(QFile::setPermissions(copy, QFile::permissions(cliPath())));
        PathFor path(alone.path().toLocal8Bit() + "/nothing");
        ProcessRun r = runProcess(
            copy, {QStringLiteral("render"), ccd_, QStringLiteral("--out"), alone.filePath(QStringLiteral("x.png"))},
            60000);
        QVERIFY2(r.finished && !r.crashed, qPrintable(r.describe()));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("render needs the bitsky GUI package (bitsky) installed")),
                 qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(alone.filePath(QStringLiteral("x.png"))));
    }

    void renderBadUsage() {
        ProcessRun noOut = runGui({QStringLiteral("--render"), ccd_});
        QCOMPARE(noOut.exitCode, 2);
        ProcessRun badDpi =
            runGui({QStringLiteral("--render"), ccd_, QStringLiteral("--out"), tmp_.filePath(QStringLiteral("y.png")),
                    QStringLiteral("--dpi"), QStringLiteral("zero")});
        QCOMPARE(badDpi.exitCode, 2);
        ProcessRun missing = runGui({QStringLiteral("--render"), tmp_.filePath(QStringLiteral("none.fits")),
                                     QStringLiteral("--out"), tmp_.filePath(QStringLiteral("z.png"))});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains(QStringLiteral("none.fits")), qPrintable(missing.err));
    }

    // No display at all (no DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM): --version and
    // --render work, a window is refused with the reason (exit 2) instead of Qt's abort.
    void withoutDisplay() {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) env.remove(QString::fromLatin1(v));
        auto run = [&](const QStringList& args) {
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(guiPath(), args);
            const bool done = p.waitForFinished(60000);
            return std::tuple{done && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                              QString::fromLocal8Bit(p.readAllStandardOutput()), QString::fromLocal8Bit(p.readAllStandardError())};
        };
        const auto [vCode, vOut, vErr] = run({QStringLiteral("--version")});
        QCOMPARE(vCode, 0);
        QVERIFY2(vOut.contains(QStringLiteral(BITSKY_VERSION)), qPrintable(vOut + vErr));
        const auto [wCode, wOut, wErr] = run({ccd_});
        QCOMPARE(wCode, 2);
        QVERIFY2(wErr.contains(QStringLiteral("no display")), qPrintable(wErr));
        const QString png = tmp_.filePath(QStringLiteral("headless.png"));
        const auto [rCode, rOut, rErr] = run({QStringLiteral("--render"), ccd_, QStringLiteral("--out"), png});
        QCOMPARE(rCode, 0);
        QVERIFY2(QImage(png).width() > 100, qPrintable(rErr));
    }
};

QTEST_MAIN(ViewExportTest)
#include "view_export_test.moc"
