#pragma once
// One bitsky-cli command run as a child process for the GUI (a crash never takes the GUI
// down): its stdout's JSON lines arrive as objects, its stderr is collected, cancel sends
// SIGINT (the commands stop cleanly: `train` writes its checkpoint, `bench` commits), and the
// end says how it ended. Used by the neural panel's training and matrix jobs.
#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QStringList>

namespace bitsky {

class CliJob : public QObject {
    Q_OBJECT
public:
    explicit CliJob(QObject* parent = nullptr) : QObject(parent) {}
    ~CliJob() override;

    // Starts `bitsky-cli args` (cli empty: JobsPanel::findCli()); false with the reason in
    // error() if one runs or bitsky-cli cannot be found.
    bool start(const QStringList& args, const QString& cli = QString());
    // SIGINT to the running command, once per run: a second SIGINT would end the command at
    // once (the CLI's handlers are one-shot) before it keeps its work.
    void cancel();
    bool running() const { return process_ && process_->state() != QProcess::NotRunning; }
    QString error() const { return error_; }
    QString errors() const { return stderr_; }  // what the command wrote to stderr
    // Why a run failed, in a line or two: error(), else the command's error lines (those
    // starting "bitsky-cli", which name the file and the reason), else its last line on
    // stderr, else the exit code.
    QString failure(int exitCode) const;
    qint64 processId() const { return running() ? process_->processId() : 0; }
    QString commandLine() const { return commandLine_; }

signals:
    void line(const QJsonObject& object);
    // exitCode -1: it crashed or could not start (error() says why).
    void finished(int exitCode);

private:
    void readStdout();

    QProcess* process_ = nullptr;
    QByteArray pending_;
    bool cancelled_ = false;  // SIGINT sent to this run
    QString error_, stderr_, commandLine_;
};

}  // namespace bitsky
