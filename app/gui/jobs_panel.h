#pragma once
// The jobs dock: runs `bitsky-cli bench --db STORE --progress json --codecs ... PATH...`
// as a child process (a crashing codec never takes the GUI down), shows its JSON progress
// lines as a progress bar with ETA and the current item, cancels with SIGTERM (the CLI
// commits finished items and marks the run cancelled), and shows the child's stderr.
#include <QCheckBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QWidget>

namespace bitsky {

struct JobProgress {
    qint64 done = 0, total = 0, failures = 0;
    QString current;
    double etaS = -1;
};

class JobsPanel : public QWidget {
    Q_OBJECT
public:
    explicit JobsPanel(QWidget* parent = nullptr);
    ~JobsPanel() override;

    void setStorePath(const QString& path) { storePath_ = path; }
    // bitsky-cli to run (empty: findCli()).
    void setCliPath(const QString& path) { cliPath_ = path; }
    // BITSKY_CLI from the environment, then next to this executable, ../cli/ (the build
    // tree), then PATH. Empty if not found.
    static QString findCli();

    // What the "Start" button benchmarks (a file or a folder).
    void setTarget(const QString& path);
    QString target() const { return target_->text(); }
    // Checks exactly these codec specs in the list.
    void setCodecs(const QStringList& specs);
    QStringList checkedCodecs() const;

    // Starts a benchmark; false (with the reason in the dock) if one is running, no codec
    // is chosen or bitsky-cli cannot be found.
    bool start(const QStringList& paths, const QStringList& codecs, bool retryFailed = false);
    bool startFromUi();
    // Sends SIGTERM to the running benchmark.
    void cancel();
    bool running() const { return process_ && process_->state() != QProcess::NotRunning; }

    const JobProgress& progress() const { return progress_; }
    QProgressBar* progressBar() const { return bar_; }
    QString log() const { return log_->toPlainText(); }
    QString statusText() const { return status_->text(); }
    QListWidget* codecList() const { return codecs_; }

signals:
    void progressed(const JobProgress& p);
    // The child ended: status "finished", "cancelled", "failed" (from its summary) or
    // "crashed" (no summary: it died or could not start).
    void jobFinished(const QString& status, int exitCode);

private:
    void readStdout();
    void handleLine(const QByteArray& line);
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void appendLog(const QString& text);

    QString storePath_, cliPath_;
    QLineEdit* target_ = nullptr;
    QListWidget* codecs_ = nullptr;
    QCheckBox* retry_ = nullptr;
    QPushButton* startButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QProgressBar* bar_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* current_ = nullptr;
    QPlainTextEdit* log_ = nullptr;
    QProcess* process_ = nullptr;
    QByteArray pending_;
    QString summaryStatus_;
    qint64 skipped_ = 0;  // (image, codec) pairs skipped by the finished run
    JobProgress progress_;
    bool cancelled_ = false;
};

}  // namespace bitsky
