// The main window on the offscreen platform: opens real FITS files and renders them.
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "app/gui/main_window.h"
#include "engine/fits/fits.h"

using bitsky::MainWindow;

class MainWindowTest : public QObject {
    Q_OBJECT
private slots:
    void opensSignedInt16Galaxy() {
        MainWindow w;
        w.show();
        QVERIFY(w.openFile(QStringLiteral(BITSKY_TEST_DATA "/ngc1316r.fits")));
        const QImage& img = w.imageView()->image();
        QCOMPARE(img.width(), 440);
        QCOMPARE(img.height(), 300);
        // A linear min/max stretch uses the full grey range.
        int lo = 255, hi = 0;
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x) {
                int g = qGray(img.pixel(x, y));
                lo = std::min(lo, g);
                hi = std::max(hi, g);
            }
        QCOMPARE(lo, 0);
        QCOMPARE(hi, 255);
        QImage shot = w.grab().toImage();
        QVERIFY(!shot.isNull());
        QVERIFY(shot.width() > 0);
    }

    void brightestPixelIsWhiteAndFlippedLikeDs9() {
        // A tiny known image: the maximum is at FITS (x=1, y=0), i.e. the bottom row on screen.
        QTemporaryDir dir;
        QString path = dir.filePath(QStringLiteral("tiny [x+y].fits"));
        {
            bitsky::fits::Writer wr(path.toStdString());
            wr.write_u16({3, 2}, {10, 1000, 10, 10, 10, 10});
            wr.close();
        }
        MainWindow w;
        QVERIFY(w.openFile(path));
        const QImage& img = w.imageView()->image();
        QCOMPARE(qGray(img.pixel(1, 1)), 255);
        QCOMPARE(qGray(img.pixel(1, 0)), 0);
    }

    void opensAFolderOfTheSampleSky() {
        QTemporaryDir dir;
        QProcess p;
        p.start(QStringLiteral(BITSKY_CLI), {QStringLiteral("sample"), QStringLiteral("--out"), dir.path()});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        MainWindow w;
        QVERIFY2(w.openFile(dir.path()), qPrintable(w.lastError()));
        QVERIFY(w.currentFile().endsWith(QStringLiteral(".fits")));
        QVERIFY(w.imageView()->frameWidth() > 100);
    }

    void reportsBadFileInWindow() {
        QTemporaryDir dir;
        QString path = dir.filePath(QStringLiteral("junk.fits"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(5000, 'x'));
        f.close();
        MainWindow w;
        QVERIFY(!w.openFile(path));
        QVERIFY(w.lastError().contains(QStringLiteral("junk.fits")));
    }
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
