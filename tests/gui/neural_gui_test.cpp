// The Neural and Compare docks (issue 23 items 2 and 5) on the sample sky, with the real
// bitsky-cli, a real store and the real neural module: a training job started from the GUI
// draws one point per epoch (training and held-out) and writes a model that loads and that the
// Heatmap dock offers; cancel then resume ends with the uninterrupted run's weights; the
// side-by-side difference map equals cost_map(a) - cost_map(b) pixel for pixel with linked
// views; the matrix of two models on two folders reaches the Plots matrix tab.
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/gui/compare_panel.h"
#include "app/gui/heatmap_controller.h"
#include "app/gui/main_window.h"
#include "app/gui/neural_panel.h"
#include "app/gui/plots_panel.h"
#include "engine/analysis/costmap.h"
#include "engine/fits/fits.h"
#include "engine/neural/neural.h"
#include "engine/store/estimates.h"
#include "engine/store/store.h"
#include "tests/gui/gui_test_support.h"
#include "widgets/plot_canvas.h"

using namespace bitsky;
using namespace bitsky::test;

class NeuralGuiTest : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString sample_, store_, modelA_, modelB_;
    QStringList files_, folders_;

    // Tiny: 8 channels, 1 block, 16x16 patches, 4 frames.
    TrainSettings settings(const QString& out, const QString& folder, int steps) const {
        TrainSettings s;
        s.paths = {folder};
        s.holdout = 0.25;
        s.epochs = 3;
        s.steps = steps;
        s.batch = 4;
        s.patch = 16;
        s.channels = 8;
        s.layers = 1;
        s.maxFrames = 4;
        s.seed = 2;
        s.out = out;
        return s;
    }

    // Runs a training from the window's Neural dock to its end; the status it ended with.
    static QString train(MainWindow& w, const TrainSettings& s) {
        QSignalSpy done(w.neural(), &NeuralPanel::trainingFinished);
        if (!w.neural()->startTraining(s)) return QStringLiteral("not started: ") + w.neural()->status();
        if (!done.wait(120000)) return QStringLiteral("timeout");
        return done.first().first().toString();
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("bitsky-neural-gui-test"));
        QVERIFY(tmp_.isValid());
        if (!neural::built_with_torch()) QSKIP("this BitSky has no neural module (built without LibTorch)");
        sample_ = tmp_.filePath(QStringLiteral("sample"));
        store_ = tmp_.filePath(QStringLiteral("results.db"));
        QString err;
        files_ = makeSampleSky(sample_, &err);
        QVERIFY2(!files_.isEmpty(), qPrintable(err));
        for (const QString& d : QDir(sample_ + QStringLiteral("/data")).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            folders_ << sample_ + QStringLiteral("/data/") + d;
        QVERIFY2(folders_.size() >= 2, qPrintable(folders_.join(QLatin1Char(' '))));
        modelA_ = tmp_.filePath(QStringLiteral("a.pt"));
        modelB_ = tmp_.filePath(QStringLiteral("b.pt"));
    }

    void trainingJobDrawsTheCurveAndRecordsTheModel() {
        MainWindow w(store_);
        w.neural()->setCliPath(cliPath());
        QCOMPARE(train(w, settings(modelA_, folders_[0], 3)), QStringLiteral("finished"));
        QCOMPARE(w.neural()->lossCurve().size(), 3);
        QCOMPARE(w.neural()->holdoutCurve().size(), 3);
        for (double v : w.neural()->holdoutCurve()) QVERIFY2(v > 0 && v < 16, qPrintable(QString::number(v)));
        QCOMPARE(w.neural()->lossPlot()->graphCount(), 4);  // training and held-out: line and points
        QCOMPARE(w.neural()->lossPlot()->graph(0)->dataCount(), 3);
        const auto model = neural::Model::load(modelA_.toStdString());
        QCOMPARE(model.config().channels, 8);
        QVERIFY(w.heatmapModelBox()->findText(QStringLiteral("neural:") + QFileInfo(modelA_).absoluteFilePath()) >= 0);
        store::OpenOptions o;
        o.create = false;
        o.read_only = true;
        bool recorded = false;
        for (const auto& m : store::ResultsStore(store_.toStdString(), o).models())
            recorded |= m.name == "a.pt" && m.path == QFileInfo(modelA_).absoluteFilePath().toStdString();
        QVERIFY(recorded);
        // The second folder's model, for the matrix.
        QCOMPARE(train(w, settings(modelB_, folders_[1], 3)), QStringLiteral("finished"));
    }

    void cancelThenResumeEqualsTheWholeRun() {
        MainWindow w(store_);
        w.neural()->setCliPath(cliPath());
        const QString whole = tmp_.filePath(QStringLiteral("whole.pt")), part = tmp_.filePath(QStringLiteral("part.pt"));
        QCOMPARE(train(w, settings(whole, folders_[0], 150)), QStringLiteral("finished"));
        QSignalSpy done(w.neural(), &NeuralPanel::trainingFinished);
        QVERIFY(w.neural()->startTraining(settings(part, folders_[0], 150)));
        QTRY_VERIFY_WITH_TIMEOUT(w.neural()->lossCurve().size() >= 1, 120000);  // mid-run
        w.neural()->cancelTraining();
        QVERIFY(done.wait(60000));
        QCOMPARE(done.takeFirst().first().toString(), QStringLiteral("cancelled"));
        QVERIFY(w.neural()->canResume());
        QVERIFY(QFileInfo::exists(w.neural()->checkpointPath()));
        QVERIFY(!QFileInfo::exists(part));
        QVERIFY(w.neural()->resumeTraining());
        QVERIFY(done.wait(120000));
        QCOMPARE(done.takeFirst().first().toString(), QStringLiteral("finished"));
        QCOMPARE(w.neural()->lossCurve().size(), 3);
        QCOMPARE(neural::Model::load(part.toStdString()).content_hash(),
                 neural::Model::load(whole.toStdString()).content_hash());
    }

    void sideBySideDifferenceIsTheMapsDifference() {
        MainWindow w(store_);
        w.resize(1400, 900);
        w.show();
        const QString file = QDir(folders_[0]).entryInfoList({QStringLiteral("*.fits")}, QDir::Files).first().filePath();
        QVERIFY(w.openFile(file));
        const QString a = QStringLiteral("neural:") + modelA_, b = QStringLiteral("context");
        QSignalSpy ready(w.compare(), &ComparePanel::ready);
        QVERIFY(w.compare()->start(a, b));
        QVERIFY(ready.wait(120000));
        const auto& r = *w.compare()->result();
        auto f = fits::File::open(file.toStdString());
        const auto cube = f.read_u16_frame(w.currentHdu(), 0);
        const auto ma = analysis::make_cost_model(a.toStdString())->compute(cube.frame(0));
        const auto mb = analysis::make_cost_model(b.toStdString())->compute(cube.frame(0));
        QCOMPARE(r.difference.size(), ma.bits.size());
        for (std::size_t i = 0; i < ma.bits.size(); ++i) QCOMPARE(r.difference[i], ma.bits[i] - mb.bits[i]);
        QCOMPARE(r.totalA, ma.total_bits);
        QCOMPARE(r.totalB, mb.total_bits);
        std::size_t lessA = 0;
        for (std::size_t i = 0; i < ma.bits.size(); ++i) lessA += ma.bits[i] < mb.bits[i];
        QCOMPARE(r.winA, double(lessA) / double(ma.bits.size()));
        // The three views show the maps (a, b, a - b) and follow each other's zoom and pan.
        QCOMPARE(w.compare()->view(2)->values()[5], double(r.difference[5]));
        QCOMPARE(w.compare()->view(0)->frameWidth(), int(ma.width));
        w.compare()->view(0)->setZoom(2.0);
        for (int i : {1, 2}) {
            QCOMPARE(w.compare()->view(i)->zoom(), 2.0);
            QCOMPARE(w.compare()->view(i)->panOffset(), w.compare()->view(0)->panOffset());
        }
        QVERIFY(w.compare()->status().contains(QStringLiteral("%")));
    }

    void matrixOfTwoFoldersReachesThePlots() {
        MainWindow w(store_);
        w.neural()->setCliPath(cliPath());
        QSignalSpy done(w.neural(), &NeuralPanel::matrixFinished);
        QVERIFY(w.neural()->startMatrix(folders_.mid(0, 2), {modelA_, modelB_}));
        QVERIFY(done.wait(120000));
        QVERIFY2(done.first().first().toBool(), qPrintable(w.neural()->matrixStatus()));
        store::OpenOptions o;
        o.create = false;
        o.read_only = true;
        store::ResultsStore st(store_.toStdString(), o);
        const auto m = store::estimate_matrix(st);
        QCOMPARE(int(m.models.size()), 2);
        QCOMPARE(int(m.datasets.size()), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!w.plots()->loading() && w.plots()->plotTable(QStringLiteral("matrix")).rows.size() == 2,
                                 30000);
        QCOMPARE(w.plots()->currentPlot(), QStringLiteral("matrix"));
        const auto table = w.plots()->plotTable(QStringLiteral("matrix"));
        QCOMPARE(int(table.columns.size()), 3);  // model + two datasets
        for (std::size_t i = 0; i < 2; ++i)
            for (std::size_t j = 0; j < 2; ++j) {
                QVERIFY(m.bpp[i][j].has_value());
                QCOMPARE(QString::fromStdString(table.rows[i][j + 1]).toDouble(), std::stod(table.rows[i][j + 1]));
                QVERIFY(std::abs(std::stod(table.rows[i][j + 1]) - *m.bpp[i][j]) < 1e-3);
            }
    }
};

QTEST_MAIN(NeuralGuiTest)
#include "neural_gui_test.moc"
