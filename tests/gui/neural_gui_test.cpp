// The Neural and Compare docks (issue 23 items 2 and 5) on the sample sky, with the real
// bitsky-cli, a real store and the real neural module: a training job started from the GUI
// draws one point per epoch (training and held-out) and writes a model that loads and that the
// Heatmap dock offers; cancel then resume ends with the uninterrupted run's weights; the
// side-by-side difference map equals cost_map(a) - cost_map(b) pixel for pixel with linked
// views; the matrix of two models on two folders reaches the Plots matrix tab. A training job
// killed with SIGKILL resumes from its last epoch checkpoint, also in a new window (the GUI
// restarted), to the uninterrupted weights; the matrix job on real files in folders whose
// names hold a comma and a space shows its progress and cancels after the current frame (the
// store keeps whole frames only); the first errors a user meets name the file and the reason.
#include <signal.h>

#include <map>
#include <set>

#include <QDir>
#include <QProgressBar>
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
        // And the network alone, to compare with the codec's mixture.
        QVERIFY(w.heatmapModelBox()->findText(QStringLiteral("neural-net:") + QFileInfo(modelA_).absoluteFilePath()) >= 0);
        store::OpenOptions o;
        o.create = false;
        o.read_only = true;
        bool recorded = false;
        for (const auto& m : store::ResultsStore(store_.toStdString(), o).models())
            recorded |= m.name == "a.pt" && m.path == QFileInfo(modelA_).absoluteFilePath().toStdString();
        QVERIFY(recorded);
        // Fine-tuning model A on the second folder: its size, a new run from its weights.
        TrainSettings tune = settings(tmp_.filePath(QStringLiteral("tuned.pt")), folders_[1], 2);
        tune.init = modelA_;
        tune.channels = 32;  // ignored: the model keeps its own size
        QVERIFY(tune.arguments().contains(QStringLiteral("--init")));
        QVERIFY(!tune.arguments().contains(QStringLiteral("--channels")));
        QCOMPARE(train(w, tune), QStringLiteral("finished"));
        const auto tuned = neural::Model::load(tune.out.toStdString());
        QCOMPARE(tuned.config().channels, 8);
        QVERIFY(tuned.content_hash() != model.content_hash());
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

    void killedTrainingResumesInANewWindow() {
        const QString whole = tmp_.filePath(QStringLiteral("whole.pt")), killed = tmp_.filePath(QStringLiteral("killed.pt"));
        QVERIFY(QFileInfo::exists(whole));  // cancelThenResumeEqualsTheWholeRun's uninterrupted run
        {
            MainWindow w(store_);
            w.neural()->setCliPath(cliPath());
            QSignalSpy done(w.neural(), &NeuralPanel::trainingFinished);
            QVERIFY(w.neural()->startTraining(settings(killed, folders_[0], 150)));
            // The command checkpoints after the first epoch; then it is killed (no handler runs).
            QTRY_VERIFY_WITH_TIMEOUT(!w.neural()->checkpointPath().isEmpty(), 120000);
            QVERIFY(w.neural()->trainingJob().processId() > 0);
            QCOMPARE(::kill(pid_t(w.neural()->trainingJob().processId()), SIGKILL), 0);
            QVERIFY(done.wait(60000));
            QCOMPARE(done.first().first().toString(), QStringLiteral("failed"));
            QVERIFY(w.neural()->canResume());
            QCOMPARE(w.neural()->checkpointPath(), killed + QStringLiteral(".ckpt"));
            QVERIFY2(w.neural()->status().contains(w.neural()->checkpointPath()), qPrintable(w.neural()->status()));
        }
        // The GUI restarted: the new dock finds the interrupted training and resumes it.
        {
            MainWindow w(store_);
            w.neural()->setCliPath(cliPath());
            QVERIFY2(w.neural()->canResume(), qPrintable(w.neural()->status()));
            QSignalSpy done(w.neural(), &NeuralPanel::trainingFinished);
            QVERIFY(w.neural()->resumeTraining());
            QVERIFY(done.wait(120000));
            QCOMPARE(done.first().first().toString(), QStringLiteral("finished"));
            QCOMPARE(neural::Model::load(killed.toStdString()).content_hash(),
                     neural::Model::load(whole.toStdString()).content_hash());
            QVERIFY(!QFileInfo::exists(killed + QStringLiteral(".ckpt")));  // finished: removed
        }
        MainWindow w(store_);
        QVERIFY(!w.neural()->canResume());
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

    // Real 16-bit files in two folders named with a comma and a space, six models: cancelled at
    // the first evaluation, the job stops after that frame; the store holds every model's
    // prediction of each frame finished (the values cost_map gives) and nothing else. Run again
    // to its end, the matrix has both folders.
    void matrixCancelsAfterTheCurrentFrameOnRealFiles() {
        const QString real = QStringLiteral(BITSKY_SHARED_DATA "/real"), corpus = QStringLiteral(BITSKY_SHARED_DATA "/corpus");
        const QString a = tmp_.filePath(QStringLiteral("real, night 1")), b = tmp_.filePath(QStringLiteral("corpus, night 2"));
        QVERIFY(QDir().mkpath(a) && QDir().mkpath(b));
        for (const char* f : {"dss_plate.fits", "hst_stis_raw.fits", "mef_4x40x40.fits", "ngc1316r.fits"})
            QVERIFY2(QFile::copy(real + QLatin1Char('/') + QLatin1String(f), a + QLatin1Char('/') + QLatin1String(f)),
                     qPrintable(real + QLatin1Char('/') + QLatin1String(f) + QStringLiteral(" (../shared/data/real) is missing")));
        for (const char* f : {"cfht_megacam_uint16.fits", "dss_poss1_plate_m1.fits"})
            QVERIFY2(QFile::copy(corpus + QLatin1Char('/') + QLatin1String(f), b + QLatin1Char('/') + QLatin1String(f)),
                     qPrintable(corpus + QLatin1Char('/') + QLatin1String(f) + QStringLiteral(" (../shared/data/corpus) is missing")));
        QStringList models;
        for (int i = 1; i <= 6; ++i) {
            models << tmp_.filePath(QStringLiteral("model, %1.pt").arg(i));
            QVERIFY(QFile::copy(modelA_, models.back()));
        }
        const QString db = tmp_.filePath(QStringLiteral("matrix cancel.db"));
        MainWindow w(db);
        w.neural()->setCliPath(cliPath());
        QSignalSpy done(w.neural(), &NeuralPanel::matrixFinished);
        // Cancel as soon as the first evaluation is reported.
        const auto once = connect(w.neural()->matrixBar(), &QProgressBar::valueChanged, w.neural(), [&w](int v) {
            if (v >= 1) w.neural()->cancelMatrix();
        });
        QVERIFY(w.neural()->startMatrix({a, b}, models));
        QVERIFY(done.wait(120000));
        disconnect(once);
        QVERIFY(!done.first().first().toBool());
        QVERIFY2(w.neural()->matrixOutcome() == QStringLiteral("cancelled"), qPrintable(w.neural()->matrixStatus()));
        QVERIFY2(w.neural()->matrixStatus().startsWith(QStringLiteral("Cancelled")), qPrintable(w.neural()->matrixStatus()));
        const int evaluated = w.neural()->matrixBar()->value(), planned = w.neural()->matrixBar()->maximum();
        QVERIFY2(evaluated >= 6 && evaluated % 6 == 0 && evaluated < planned,
                 qPrintable(QStringLiteral("%1 of %2").arg(evaluated).arg(planned)));
        store::OpenOptions o;
        o.create = false;
        o.read_only = true;
        std::size_t stored = 0;
        {
            store::ResultsStore st(db.toStdString(), o);
            const auto model = neural::Model::load(modelA_.toStdString());
            for (const auto& img : st.images()) {
                std::map<std::int64_t, std::set<std::string>> kinds;  // per frame
                for (const auto& p : st.predictions(img.id))
                    if (p.kind.rfind("neural:", 0) == 0) {
                        kinds[p.frame].insert(p.kind);
                        ++stored;
                        auto f = fits::File::open(img.path);
                        const auto frame = f.read_u16_frame(img.hdu, std::size_t(p.frame));
                        QCOMPARE(p.bpp, model.cost_map(frame.frame(0), neural::Context::FullFrame, 1).bpp());
                    }
                QVERIFY2(!kinds.empty(), qPrintable(QString::fromStdString(img.path)));  // no image without its frames
                for (const auto& [frame, k] : kinds) QCOMPARE(int(k.size()), 6);
            }
        }
        QCOMPARE(int(stored), evaluated);

        QVERIFY(w.neural()->startMatrix({a, b}, models));
        QVERIFY(done.wait(120000));
        QVERIFY2(done.last().first().toBool(), qPrintable(w.neural()->matrixStatus()));
        QCOMPARE(w.neural()->matrixBar()->value(), planned);
        store::ResultsStore st(db.toStdString(), o);
        const auto m = store::estimate_matrix(st);
        QCOMPARE(int(m.models.size()), 6);
        QCOMPARE(int(m.datasets.size()), 2);
        bool named = false;
        for (const auto& d : st.datasets()) named |= d.root == a.toStdString();
        QVERIFY(named);
    }

    // What a user meets first: a model file that is not one, a folder without 16-bit frames,
    // training on it. Each names the file or folder and the reason, and the dock is free again.
    void firstErrorsNameTheFileAndTheReason() {
        const QString floats = tmp_.filePath(QStringLiteral("floats only"));
        QVERIFY(QDir().mkpath(floats));
        const QString f = QStringLiteral(BITSKY_SHARED_DATA "/corpus/soho_eit_f64.fits");
        QVERIFY2(QFile::copy(f, floats + QStringLiteral("/soho_eit_f64.fits")), qPrintable(f + QStringLiteral(" is missing")));
        const QString junk = tmp_.filePath(QStringLiteral("notes.pt"));
        {
            QFile j(junk);
            QVERIFY(j.open(QIODevice::WriteOnly));
            j.write("not a model");
        }
        MainWindow w(tmp_.filePath(QStringLiteral("errors.db")));
        w.neural()->setCliPath(cliPath());
        QSignalSpy matrixDone(w.neural(), &NeuralPanel::matrixFinished);
        QVERIFY(w.neural()->startMatrix({folders_[0]}, {junk}));
        QVERIFY(matrixDone.wait(60000));
        QVERIFY2(w.neural()->matrixStatus().contains(junk) && w.neural()->matrixStatus().contains(QStringLiteral("not a readable model")),
                 qPrintable(w.neural()->matrixStatus()));
        QVERIFY(!w.neural()->matrixStatus().contains(QStringLiteral("--help")));
        QVERIFY(w.neural()->startMatrix({floats}, {modelA_}));
        QVERIFY(matrixDone.wait(60000));
        QCOMPARE(w.neural()->matrixOutcome(), QStringLiteral("failed"));
        QVERIFY2(w.neural()->matrixStatus().contains(floats) && w.neural()->matrixStatus().contains(QStringLiteral("BITPIX -64")),
                 qPrintable(w.neural()->matrixStatus()));
        QVERIFY(!w.neural()->matrixRunning());

        QSignalSpy trainDone(w.neural(), &NeuralPanel::trainingFinished);
        TrainSettings s = settings(tmp_.filePath(QStringLiteral("floats.pt")), floats, 3);
        QVERIFY(w.neural()->startTraining(s));
        QVERIFY(trainDone.wait(60000));
        QCOMPARE(trainDone.first().first().toString(), QStringLiteral("failed"));
        QVERIFY2(w.neural()->status().contains(floats) && w.neural()->status().contains(QStringLiteral("16-bit")),
                 qPrintable(w.neural()->status()));
        QVERIFY(!w.neural()->canResume());
        QVERIFY(!w.neural()->trainingRunning());
    }
};

QTEST_MAIN(NeuralGuiTest)
#include "neural_gui_test.moc"
