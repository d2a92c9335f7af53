#pragma once
// The Neural dock (issue 23 item 2): training a neural model on the user's folders as a
// background job (`bitsky-cli train --progress json` through CliJob: the GUI stays responsive
// and a crash cannot take it down), its loss curve (training and held-out bits per pixel per
// epoch) drawn live, cancel (SIGINT: the command writes a checkpoint) and resume (the same
// command with --resume: the weights of an uninterrupted run). The command also checkpoints
// after every epoch, so a crashed or killed job resumes too, and the settings of a running
// job are kept in QSettings until it finishes: after the GUI itself was closed or crashed,
// the dock offers to resume it. The finished model is recorded in the store (--db) and
// offered by the Heatmap dock. And the cross-dataset matrix of the user's folders and models
// (`bitsky-cli evaluate --db`, each path its own argument) with its progress and cancel
// (SIGINT: the frames finished stay in the store), which the Plots dock's matrix tab shows.
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVector>
#include <QWidget>
#include <optional>

#include "app/gui/cli_job.h"

namespace bitsky {

class PlotCanvas;

struct TrainSettings {
    QStringList paths;        // FITS files or folders (AstroCompress layouts too)
    double holdout = 0.2;     // share of the frames held out (0: none)
    bool holdoutSplit = false;  // hold out the layout's test splits instead
    int epochs = 10, steps = 64, batch = 32, patch = 32;
    int channels = 16, layers = 2;  // model size (a new model)
    QString init;                   // fine-tune this trained model instead (its own size)
    int maxFrames = 0;              // 0: all
    qint64 seed = 0;
    QString out;  // model file
    // bitsky-cli train's arguments (without --db; with --resume CHECKPOINT when given).
    QStringList arguments(const QString& resume = QString()) const;
    QString checkpoint() const { return out + QStringLiteral(".ckpt"); }  // the command's default
};

class NeuralPanel : public QWidget {
    Q_OBJECT
public:
    explicit NeuralPanel(QWidget* parent = nullptr);

    void setStorePath(const QString& path) { storePath_ = path; }
    void setCliPath(const QString& path) { cliPath_ = path; }

    // Starts a training job; false (reason in the status line) if one runs or the settings
    // are unusable. The curve starts afresh.
    bool startTraining(const TrainSettings& settings);
    // Continues the last cancelled training from its checkpoint.
    bool resumeTraining();
    bool canResume() const { return !checkpoint_.isEmpty(); }
    // SIGINT to the training: it stops after the current step and keeps a checkpoint.
    void cancelTraining();
    bool trainingRunning() const { return train_.running(); }
    const QVector<double>& lossCurve() const { return loss_; }
    const QVector<double>& holdoutCurve() const { return holdout_; }
    QString checkpointPath() const { return checkpoint_; }
    PlotCanvas* lossPlot() const { return plot_; }
    QString status() const { return status_->text(); }

    // Computes the matrix of these models (files) on these folders (each one dataset) into
    // the store; false (reason in the status) if one runs, no store is set or a list is empty.
    bool startMatrix(const QStringList& folders, const QStringList& models);
    // SIGINT to the matrix job: it stops after the current frame; the frames done stay stored.
    void cancelMatrix();
    bool matrixRunning() const { return matrix_.running(); }
    QString matrixStatus() const { return matrixStatus_->text(); }
    // How the last matrix job ended: "finished", "cancelled", "failed" (empty before the first).
    QString matrixOutcome() const { return matrixOutcome_; }
    QProgressBar* matrixBar() const { return matrixBar_; }
    const CliJob& trainingJob() const { return train_; }

    // The dialogs behind the buttons (and the Neural menu's actions).
    void trainDialog();
    void matrixDialog();

signals:
    // A training ended: "finished", "cancelled" or "failed".
    void trainingFinished(const QString& status);
    // A model was trained and saved (and recorded in the store, if any): its file.
    void modelTrained(const QString& path);
    void matrixFinished(bool ok);

private:
    bool launch(const TrainSettings& settings, const QString& resume);
    void trainLine(const QJsonObject& j);
    void trainEnded(int exitCode);
    void drawCurve();
    void matrixLine(const QJsonObject& j);
    void matrixEnded(int exitCode);
    // The running training's settings, kept until it finishes (QSettings), and found again
    // by a new panel when its checkpoint exists.
    void rememberTraining(const TrainSettings& s) const;
    void forgetTraining() const;
    void restoreInterrupted();

    QString storePath_, cliPath_;
    CliJob train_, matrix_;
    std::optional<TrainSettings> settings_;  // of the running or last training
    QString checkpoint_;                     // of the last cancelled training
    QString summaryStatus_, matrixOutcome_;
    qint64 matrixDone_ = 0, matrixTotal_ = 0;  // evaluations of the matrix job
    QVector<double> loss_, holdout_;
    PlotCanvas* plot_ = nullptr;
    QProgressBar* bar_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* matrixStatus_ = nullptr;
    QProgressBar* matrixBar_ = nullptr;
    QPushButton* trainButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QPushButton* resumeButton_ = nullptr;
    QPushButton* matrixButton_ = nullptr;
    QPushButton* matrixCancelButton_ = nullptr;
};

}  // namespace bitsky
