#include "app/gui/cli_job.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <csignal>

#include "app/gui/jobs_panel.h"

namespace bitsky {

CliJob::~CliJob() {
    if (running()) {  // the window closes: stop the command, as Cancel would
        process_->disconnect(this);
        cancel();
        process_->waitForFinished(10000);
    }
}

bool CliJob::start(const QStringList& args, const QString& cliPath) {
    if (running()) {
        error_ = tr("A job is already running.");
        return false;
    }
    const QString cli = cliPath.isEmpty() ? JobsPanel::findCli() : cliPath;
    if (cli.isEmpty()) {
        error_ = tr("bitsky-cli was not found next to bitsky, in ../cli or on PATH.");
        return false;
    }
    if (process_) process_->deleteLater();
    process_ = new QProcess(this);
    pending_.clear();
    cancelled_ = false;
    error_.clear();
    stderr_.clear();
    commandLine_ = QFileInfo(cli).fileName() + QLatin1Char(' ') + args.join(QLatin1Char(' '));
    connect(process_, &QProcess::readyReadStandardOutput, this, &CliJob::readStdout);
    connect(process_, &QProcess::readyReadStandardError, this,
            [this] { stderr_ += QString::fromLocal8Bit(process_->readAllStandardError()); });
    connect(process_, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        readStdout();
        stderr_ += QString::fromLocal8Bit(process_->readAllStandardError());
        if (status == QProcess::CrashExit) error_ = tr("bitsky-cli died (%1)").arg(process_->errorString());
        emit finished(status == QProcess::CrashExit ? -1 : code);
    });
    connect(process_, &QProcess::errorOccurred, this, [this, cli](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart) return;
        error_ = tr("Cannot start %1: %2").arg(cli, process_->errorString());
        emit finished(-1);
    });
    process_->start(cli, args);
    return true;
}

void CliJob::cancel() {
    if (!running() || cancelled_) return;
    cancelled_ = true;
    ::kill(pid_t(process_->processId()), SIGINT);
}

QString CliJob::failure(int exitCode) const {
    if (!error_.isEmpty()) return error_;
    QStringList errors, lines = stderr_.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString& l : lines)
        if (l.startsWith(QLatin1String("bitsky-cli"))) errors << l.trimmed();
    if (!errors.isEmpty()) return errors.join(QLatin1Char('\n'));
    if (!lines.isEmpty()) return lines.back().trimmed();
    return tr("exit code %1").arg(exitCode);
}

void CliJob::readStdout() {
    pending_ += process_->readAllStandardOutput();
    for (qsizetype nl; (nl = pending_.indexOf('\n')) >= 0;) {
        const QByteArray text = pending_.left(nl).trimmed();
        pending_.remove(0, nl + 1);
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(text, &err);
        if (err.error == QJsonParseError::NoError && doc.isObject()) emit line(doc.object());
    }
}

}  // namespace bitsky
