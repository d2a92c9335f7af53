#include "app/gui/neural_panel.h"

#include <QDir>
#include <QFileInfo>
#include <QGroupBox>
#include <QJsonArray>
#include <QSettings>
#include <QVBoxLayout>
#include <type_traits>

#include "app/gui/fs_path.h"
#include "widgets/plot_canvas.h"

namespace bitsky {
namespace {

const QString kInterrupted = QStringLiteral("neural/interruptedTraining");

// Every TrainSettings field with its QSettings key: what an interrupted training keeps for
// a later Resume (written and read through this one list).
template <class Settings, class F>
void forEachSetting(Settings& s, F f) {
    f("paths", s.paths);
    f("holdout", s.holdout);
    f("holdoutSplit", s.holdoutSplit);
    f("epochs", s.epochs);
    f("steps", s.steps);
    f("batch", s.batch);
    f("patch", s.patch);
    f("channels", s.channels);
    f("layers", s.layers);
    f("init", s.init);
    f("maxFrames", s.maxFrames);
    f("seed", s.seed);
    f("out", s.out);
}

QVector<double> numbers(const QJsonValue& v) {
    QVector<double> out;
    for (const QJsonValue& x : v.toArray())
        if (x.isDouble()) out << x.toDouble();
    return out;
}

}  // namespace

QStringList TrainSettings::arguments(const QString& resume) const {
    QStringList a{QStringLiteral("train"),    QStringLiteral("--out"),      out,
                  QStringLiteral("--epochs"), QString::number(epochs),      QStringLiteral("--steps"),
                  QString::number(steps),     QStringLiteral("--batch"),    QString::number(batch),
                  QStringLiteral("--patch"),  QString::number(patch),       QStringLiteral("--seed"),
                  QString::number(seed),      QStringLiteral("--max-frames"), QString::number(maxFrames),
                  QStringLiteral("--progress"), QStringLiteral("json")};
    if (init.isEmpty())
        a << QStringLiteral("--channels") << QString::number(channels) << QStringLiteral("--layers")
          << QString::number(layers);
    else
        a << QStringLiteral("--init") << init;
    if (holdoutSplit)
        a << QStringLiteral("--holdout") << QStringLiteral("split");
    else if (holdout > 0)
        a << QStringLiteral("--holdout") << QString::number(holdout, 'g', 6);
    if (!resume.isEmpty()) a << QStringLiteral("--resume") << resume;
    return a << paths;
}

NeuralPanel::NeuralPanel(QWidget* parent) : QWidget(parent) {
    auto* lay = new QVBoxLayout(this);
    auto* training = new QGroupBox(tr("Train a neural model on your data"), this);
    auto* tl = new QVBoxLayout(training);
    auto* buttons = new QHBoxLayout;
    trainButton_ = new QPushButton(tr("Train..."), training);
    cancelButton_ = new QPushButton(tr("Cancel"), training);
    resumeButton_ = new QPushButton(tr("Resume"), training);
    cancelButton_->setToolTip(tr("Stop after the current step; the training's state is kept in a checkpoint"));
    resumeButton_->setToolTip(tr("Continue the cancelled training from its checkpoint"));
    cancelButton_->setEnabled(false);
    resumeButton_->setEnabled(false);
    for (QPushButton* b : {trainButton_, cancelButton_, resumeButton_}) buttons->addWidget(b);
    tl->addLayout(buttons);
    bar_ = new QProgressBar(training);
    bar_->setRange(0, 1);
    bar_->setValue(0);
    tl->addWidget(bar_);
    status_ = new QLabel(tr("Train a model on folders of your own images: the held-out part shows how well it "
                            "generalises."),
                         training);
    status_->setWordWrap(true);
    tl->addWidget(status_);
    plot_ = new PlotCanvas(training);
    plot_->setMinimumHeight(120);
    tl->addWidget(plot_, 1);
    lay->addWidget(training, 1);

    auto* matrix = new QGroupBox(tr("Cross-dataset matrix"), this);
    auto* ml = new QVBoxLayout(matrix);
    auto* mbuttons = new QHBoxLayout;
    matrixButton_ = new QPushButton(tr("Compute matrix..."), matrix);
    matrixButton_->setToolTip(tr("Every model on every folder (train on the row, test on the column); shown in the "
                                 "Plots dock's matrix tab"));
    matrixCancelButton_ = new QPushButton(tr("Cancel"), matrix);
    matrixCancelButton_->setToolTip(tr("Stop after the current frame; the frames done stay in the store"));
    matrixCancelButton_->setEnabled(false);
    mbuttons->addWidget(matrixButton_);
    mbuttons->addWidget(matrixCancelButton_);
    ml->addLayout(mbuttons);
    matrixBar_ = new QProgressBar(matrix);
    matrixBar_->setRange(0, 1);
    matrixBar_->setValue(0);
    ml->addWidget(matrixBar_);
    matrixStatus_ = new QLabel(tr("Choose folders (each one a dataset) and models."), matrix);
    matrixStatus_->setWordWrap(true);
    ml->addWidget(matrixStatus_);
    lay->addWidget(matrix);
    drawCurve();

    connect(trainButton_, &QPushButton::clicked, this, &NeuralPanel::trainDialog);
    connect(cancelButton_, &QPushButton::clicked, this, &NeuralPanel::cancelTraining);
    connect(resumeButton_, &QPushButton::clicked, this, &NeuralPanel::resumeTraining);
    connect(matrixButton_, &QPushButton::clicked, this, &NeuralPanel::matrixDialog);
    connect(&train_, &CliJob::line, this, &NeuralPanel::trainLine);
    connect(&train_, &CliJob::finished, this, &NeuralPanel::trainEnded);
    connect(matrixCancelButton_, &QPushButton::clicked, this, &NeuralPanel::cancelMatrix);
    connect(&matrix_, &CliJob::line, this, &NeuralPanel::matrixLine);
    connect(&matrix_, &CliJob::finished, this, &NeuralPanel::matrixEnded);
    restoreInterrupted();
}

bool NeuralPanel::startTraining(const TrainSettings& settings) {
    if (settings.paths.isEmpty() || settings.out.isEmpty()) {
        status_->setText(tr("Choose the images to train on and the model file to write."));
        return false;
    }
    loss_.clear();
    holdout_.clear();
    checkpoint_.clear();
    resumeButton_->setEnabled(false);
    drawCurve();
    return launch(settings, QString());
}

bool NeuralPanel::resumeTraining() {
    if (!settings_ || checkpoint_.isEmpty()) {
        status_->setText(tr("There is no cancelled training to resume."));
        return false;
    }
    return launch(*settings_, checkpoint_);
}

bool NeuralPanel::launch(const TrainSettings& settings, const QString& resume) {
    QStringList args = settings.arguments(resume);
    if (!storePath_.isEmpty()) {
        QDir().mkpath(QFileInfo(storePath_).absolutePath());
        args.insert(1, storePath_);
        args.insert(1, QStringLiteral("--db"));
    }
    if (!train_.start(args, cliPath_)) {
        status_->setText(train_.error());
        return false;
    }
    settings_ = settings;
    rememberTraining(settings);
    summaryStatus_.clear();
    bar_->setRange(0, std::max(1, settings.epochs * settings.steps));
    trainButton_->setEnabled(false);
    resumeButton_->setEnabled(false);
    cancelButton_->setEnabled(true);
    status_->setText(resume.isEmpty() ? tr("Loading the frames...") : tr("Resuming from %1 ...").arg(resume));
    return true;
}

void NeuralPanel::trainLine(const QJsonObject& j) {
    const QString event = j.value(QStringLiteral("event")).toString();
    const int epoch = j.value(QStringLiteral("epoch")).toInt(), epochs = j.value(QStringLiteral("epochs")).toInt();
    if (event == QLatin1String("step")) {
        const int step = j.value(QStringLiteral("step")).toInt(), steps = j.value(QStringLiteral("steps")).toInt();
        bar_->setValue((epoch - 1) * steps + step);
        status_->setText(tr("Epoch %1 of %2, step %3 of %4: training loss %5 bits/pixel")
                             .arg(epoch)
                             .arg(epochs)
                             .arg(step)
                             .arg(steps)
                             .arg(j.value(QStringLiteral("loss_bpp")).toDouble(), 0, 'f', 3));
    } else if (event == QLatin1String("epoch")) {
        // One point per epoch (a resumed run continues the curve where it stopped).
        loss_.resize(std::max(0, epoch - 1));
        holdout_.resize(std::min<qsizetype>(holdout_.size(), std::max(0, epoch - 1)));
        loss_ << j.value(QStringLiteral("loss_bpp")).toDouble();
        if (j.value(QStringLiteral("holdout_bpp")).isDouble()) holdout_ << j.value(QStringLiteral("holdout_bpp")).toDouble();
        drawCurve();
    } else if (event == QLatin1String("checkpoint")) {
        checkpoint_ = j.value(QStringLiteral("checkpoint")).toString();  // a crash resumes from here
    } else if (event == QLatin1String("summary")) {
        summaryStatus_ = j.value(QStringLiteral("status")).toString();
        loss_ = numbers(j.value(QStringLiteral("loss_curve")));
        holdout_ = numbers(j.value(QStringLiteral("holdout_curve")));
        if (summaryStatus_ == QLatin1String("cancelled")) checkpoint_ = j.value(QStringLiteral("checkpoint")).toString();
        drawCurve();
    }
}

void NeuralPanel::trainEnded(int exitCode) {
    trainButton_->setEnabled(true);
    cancelButton_->setEnabled(false);
    QString status = summaryStatus_;
    if (status == QLatin1String("finished") && exitCode == 0) {
        checkpoint_.clear();
        forgetTraining();
        status_->setText(tr("Trained %1: %n epoch(s), last training loss %2 bits/pixel", nullptr, int(loss_.size()))
                             .arg(QFileInfo(settings_->out).fileName())
                             .arg(loss_.isEmpty() ? 0.0 : loss_.back(), 0, 'f', 3) +
                         (holdout_.isEmpty() ? QString()
                                             : tr(", held out %1 bits/pixel").arg(holdout_.back(), 0, 'f', 3)) +
                         QLatin1Char('.'));
        emit modelTrained(QFileInfo(settings_->out).absoluteFilePath());
    } else if (status == QLatin1String("cancelled")) {
        status_->setText(tr("Cancelled; the state is kept in %1. Resume continues it.").arg(checkpoint_));
    } else {
        status = QStringLiteral("failed");
        if (!checkpoint_.isEmpty() && QFileInfo::exists(checkpoint_)) {
            status_->setText(tr("Training stopped: %1\nIts last checkpoint, %2, is kept: Resume continues from there.")
                                 .arg(train_.failure(exitCode), checkpoint_));
        } else {
            checkpoint_.clear();
            forgetTraining();
            status_->setText(tr("Training failed: %1").arg(train_.failure(exitCode)));
        }
    }
    resumeButton_->setEnabled(!checkpoint_.isEmpty());
    emit trainingFinished(status);
}

void NeuralPanel::drawCurve() {
    plot_->clearAll();
    plot_->setAxisLabels(tr("Epoch"), tr("Bits/pixel"));
    if (loss_.isEmpty()) {
        plot_->setMessage(tr("The loss curve appears here while a model trains."));
        plot_->replot();
        return;
    }
    plot_->setMessage(QString());
    auto epochs = [](qsizetype n) {
        QVector<double> x;
        for (qsizetype i = 1; i <= n; ++i) x << double(i);
        return x;
    };
    plot_->addCurve(tr("Training loss"), epochs(loss_.size()), loss_, QPen(QColor(31, 119, 180), 2));
    plot_->addPoints(tr("Training loss"), epochs(loss_.size()), loss_, QColor(31, 119, 180), {});
    if (!holdout_.isEmpty()) {
        plot_->addCurve(tr("Held-out"), epochs(holdout_.size()), holdout_, QPen(QColor(255, 127, 14), 2));
        plot_->addPoints(tr("Held-out"), epochs(holdout_.size()), holdout_, QColor(255, 127, 14), {});
    }
    plot_->fitAxes();
}

bool NeuralPanel::startMatrix(const QStringList& folders, const QStringList& models) {
    if (storePath_.isEmpty()) {
        matrixStatus_->setText(tr("No results store is set: the matrix is kept in the store."));
        return false;
    }
    if (folders.isEmpty() || models.isEmpty()) {
        matrixStatus_->setText(tr("Choose at least one folder and one model."));
        return false;
    }
    QDir().mkpath(QFileInfo(storePath_).absolutePath());
    // Each path its own argument: names may hold commas and spaces.
    const QStringList args = QStringList{QStringLiteral("evaluate"), QStringLiteral("--db"), storePath_,
                                         QStringLiteral("--progress"), QStringLiteral("json"), QStringLiteral("--models")}
                             << models << QStringLiteral("--data") << folders;
    if (!matrix_.start(args, cliPath_)) {
        matrixStatus_->setText(matrix_.error());
        return false;
    }
    matrixButton_->setEnabled(false);
    matrixCancelButton_->setEnabled(true);
    matrixOutcome_.clear();
    matrixDone_ = matrixTotal_ = 0;
    matrixBar_->setRange(0, 0);  // busy until the frames are listed
    matrixStatus_->setText(tr("Listing the frames of %n folder(s)...", nullptr, int(folders.size())));
    return true;
}

void NeuralPanel::cancelTraining() {
    if (!train_.running()) return;
    train_.cancel();
    cancelButton_->setEnabled(false);
    status_->setText(tr("Cancelling after the current step; the checkpoint is being written..."));
}

void NeuralPanel::cancelMatrix() {
    if (!matrix_.running()) return;
    matrix_.cancel();
    matrixCancelButton_->setEnabled(false);
    matrixStatus_->setText(tr("Cancelling after the current frame..."));
}

void NeuralPanel::matrixLine(const QJsonObject& j) {
    const QString event = j.value(QStringLiteral("event")).toString();
    matrixTotal_ = j.value(QStringLiteral("total")).toInteger(matrixTotal_);
    matrixDone_ = j.value(QStringLiteral("done")).toInteger(matrixDone_);
    if (event == QLatin1String("start")) {
        matrixBar_->setRange(0, int(std::max<qint64>(1, matrixTotal_)));
        matrixBar_->setValue(0);
        matrixStatus_->setText(tr("Computing %n evaluation(s) (every model on every frame)...", nullptr, int(matrixTotal_)));
    } else if (event == QLatin1String("frame")) {
        matrixBar_->setRange(0, int(std::max<qint64>(1, matrixTotal_)));
        matrixBar_->setValue(int(matrixDone_));
        matrixStatus_->setText(tr("%1 on %2: %3 bits/pixel (%4 of %5)")
                                   .arg(j.value(QStringLiteral("model")).toString(),
                                        QFileInfo(j.value(QStringLiteral("frame")).toString()).fileName())
                                   .arg(j.value(QStringLiteral("bpp")).toDouble(), 0, 'f', 3)
                                   .arg(matrixDone_)
                                   .arg(matrixTotal_));
    } else if (event == QLatin1String("summary")) {
        matrixOutcome_ = j.value(QStringLiteral("status")).toString();
    }
}

void NeuralPanel::matrixEnded(int exitCode) {
    matrixButton_->setEnabled(true);
    matrixCancelButton_->setEnabled(false);
    matrixBar_->setRange(0, int(std::max<qint64>(1, matrixTotal_)));
    matrixBar_->setValue(int(matrixDone_));
    const bool ok = matrixOutcome_ == QLatin1String("finished") && exitCode == 0;
    if (ok) {
        matrixStatus_->setText(tr("Matrix stored; the Plots dock's matrix tab shows it."));
    } else if (matrixOutcome_ == QLatin1String("cancelled")) {
        matrixStatus_->setText(tr("Cancelled after %1 of %2 evaluations; the frames finished are stored and the "
                                  "Plots dock's matrix tab shows them.")
                                   .arg(matrixDone_)
                                   .arg(matrixTotal_));
    } else {
        matrixOutcome_ = QStringLiteral("failed");
        matrixStatus_->setText(tr("The matrix could not be computed: %1").arg(matrix_.failure(exitCode)));
    }
    emit matrixFinished(ok);
}

void NeuralPanel::rememberTraining(const TrainSettings& s) const {
    QSettings q;
    q.beginGroup(kInterrupted);
    forEachSetting(s, [&q](const char* key, const auto& v) { q.setValue(QLatin1String(key), QVariant::fromValue(v)); });
}

void NeuralPanel::forgetTraining() const { QSettings().remove(kInterrupted); }

void NeuralPanel::restoreInterrupted() {
    QSettings q;
    q.beginGroup(kInterrupted);
    if (!q.contains(QStringLiteral("out"))) return;
    TrainSettings s;
    forEachSetting(s, [&q](const char* key, auto& v) {
        v = q.value(QLatin1String(key)).value<std::decay_t<decltype(v)>>();
    });
    if (s.paths.isEmpty() || s.out.isEmpty() || !QFileInfo::exists(s.checkpoint())) return;
    settings_ = s;
    checkpoint_ = s.checkpoint();
    resumeButton_->setEnabled(true);
    status_->setText(tr("The training of %1 was interrupted; Resume continues it from its checkpoint %2.")
                         .arg(QFileInfo(s.out).fileName(), checkpoint_));
}


}  // namespace bitsky
