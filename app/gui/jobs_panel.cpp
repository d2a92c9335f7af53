#include "app/gui/jobs_panel.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QVBoxLayout>

#include "engine/codecs/codec.h"

namespace bitsky {
namespace {

QString duration(double s) {
    if (s < 0) return QStringLiteral("--:--");
    long t = static_cast<long>(s + 0.5);
    if (t >= 3600) return QStringLiteral("%1h%2m").arg(t / 3600).arg((t / 60) % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1m%2s").arg(t / 60).arg(t % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

JobsPanel::JobsPanel(QWidget* parent) : QWidget(parent) {
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(4, 4, 4, 4);
    auto* form = new QFormLayout;
    auto* targetRow = new QHBoxLayout;
    target_ = new QLineEdit(this);
    target_->setPlaceholderText(tr("FITS file or dataset folder"));
    auto* browse = new QPushButton(tr("Browse..."), this);
    targetRow->addWidget(target_, 1);
    targetRow->addWidget(browse);
    form->addRow(tr("Benchmark"), targetRow);
    lay->addLayout(form);

    codecs_ = new QListWidget(this);
    codecs_->setToolTip(tr("Codecs to measure"));
    const auto defaults = codecs::default_codec_specs();
    for (const auto& spec : codecs::codec_specs()) {
        auto* item = new QListWidgetItem(QString::fromStdString(spec), codecs_);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        bool on = std::find(defaults.begin(), defaults.end(), spec) != defaults.end();
        item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
    codecs_->setMaximumHeight(150);
    lay->addWidget(codecs_);
    retry_ = new QCheckBox(tr("Re-run failed items"), this);
    lay->addWidget(retry_);

    auto* buttons = new QHBoxLayout;
    startButton_ = new QPushButton(tr("Start benchmark"), this);
    cancelButton_ = new QPushButton(tr("Cancel"), this);
    cancelButton_->setEnabled(false);
    buttons->addWidget(startButton_);
    buttons->addWidget(cancelButton_);
    lay->addLayout(buttons);

    bar_ = new QProgressBar(this);
    bar_->setRange(0, 1);
    bar_->setValue(0);
    lay->addWidget(bar_);
    status_ = new QLabel(tr("No benchmark running. Open a file or folder, check the codecs to compare and press "
                            "Start benchmark; the results go to the store and the plots."),
                         this);
    status_->setWordWrap(true);
    current_ = new QLabel(this);
    current_->setWordWrap(true);
    current_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    lay->addWidget(status_);
    lay->addWidget(current_);
    log_ = new QPlainTextEdit(this);
    log_->setReadOnly(true);
    log_->setPlaceholderText(tr("Messages of bitsky-cli"));
    log_->setMaximumBlockCount(5000);
    lay->addWidget(log_, 1);

    connect(browse, &QPushButton::clicked, this, [this] {
        QString dir = QFileDialog::getExistingDirectory(this, tr("Dataset folder to benchmark"), target_->text());
        if (!dir.isEmpty()) target_->setText(dir);
    });
    connect(startButton_, &QPushButton::clicked, this, &JobsPanel::startFromUi);
    connect(cancelButton_, &QPushButton::clicked, this, &JobsPanel::cancel);
}

JobsPanel::~JobsPanel() {
    if (running()) {
        // Closing the window cancels the benchmark; its finished items are kept.
        disconnect(process_, nullptr, this, nullptr);
        process_->terminate();
        if (!process_->waitForFinished(10000)) process_->kill();
        process_->waitForFinished(2000);
    }
}

QString JobsPanel::findCli() {
    QString env = qEnvironmentVariable("BITSKY_CLI");
    if (!env.isEmpty() && QFileInfo(env).isExecutable()) return env;
    const QString exe = QStringLiteral("bitsky-cli");
    QDir here(QCoreApplication::applicationDirPath());
    for (const QString& candidate : {here.filePath(exe), here.filePath(QStringLiteral("../cli/") + exe)}) {
        QFileInfo fi(candidate);
        if (fi.isFile() && fi.isExecutable()) return fi.canonicalFilePath();
    }
    return QStandardPaths::findExecutable(exe);
}

void JobsPanel::setTarget(const QString& path) { target_->setText(path); }

void JobsPanel::setCodecs(const QStringList& specs) {
    for (int i = 0; i < codecs_->count(); ++i)
        codecs_->item(i)->setCheckState(specs.contains(codecs_->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
}

QStringList JobsPanel::checkedCodecs() const {
    QStringList out;
    for (int i = 0; i < codecs_->count(); ++i)
        if (codecs_->item(i)->checkState() == Qt::Checked) out << codecs_->item(i)->text();
    return out;
}

bool JobsPanel::startFromUi() {
    QString t = target_->text().trimmed();
    if (t.isEmpty()) {
        status_->setText(tr("Choose a file or folder to benchmark."));
        return false;
    }
    return start({t}, checkedCodecs(), retry_->isChecked());
}

bool JobsPanel::start(const QStringList& paths, const QStringList& codecList, bool retryFailed) {
    if (running()) {
        status_->setText(tr("A benchmark is already running."));
        return false;
    }
    if (codecList.isEmpty()) {
        status_->setText(tr("Choose at least one codec."));
        return false;
    }
    if (storePath_.isEmpty()) {
        status_->setText(tr("No results store is set."));
        return false;
    }
    QString cli = cliPath_.isEmpty() ? findCli() : cliPath_;
    if (cli.isEmpty()) {
        status_->setText(tr("bitsky-cli was not found next to bitsky, in ../cli or on PATH."));
        return false;
    }
    QDir().mkpath(QFileInfo(storePath_).absolutePath());
    QStringList args{QStringLiteral("bench"), QStringLiteral("--db"), storePath_, QStringLiteral("--progress"),
                     QStringLiteral("json"), QStringLiteral("--codecs"), codecList.join(QLatin1Char(','))};
    if (retryFailed) args << QStringLiteral("--retry-failed");
    args << paths;

    if (process_) process_->deleteLater();
    process_ = new QProcess(this);
    pending_.clear();
    summaryStatus_.clear();
    skipped_ = 0;
    cancelled_ = false;
    progress_ = JobProgress{};
    bar_->setRange(0, 0);  // busy until the first progress line gives the total
    bar_->setValue(0);
    current_->clear();
    log_->clear();
    appendLog(QStringLiteral("$ %1 %2").arg(QFileInfo(cli).fileName(), args.join(QLatin1Char(' '))));
    status_->setText(tr("Planning..."));
    connect(process_, &QProcess::readyReadStandardOutput, this, &JobsPanel::readStdout);
    connect(process_, &QProcess::readyReadStandardError, this,
            [this] { appendLog(QString::fromLocal8Bit(process_->readAllStandardError()).trimmed()); });
    connect(process_, &QProcess::finished, this, &JobsPanel::onFinished);
    connect(process_, &QProcess::errorOccurred, this, [this, cli](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) {
            appendLog(tr("Cannot start %1: %2").arg(cli, process_->errorString()));
            startButton_->setEnabled(true);
            cancelButton_->setEnabled(false);
            bar_->setRange(0, 1);
            status_->setText(tr("The benchmark could not be started."));
            emit jobFinished(QStringLiteral("crashed"), -1);
        }
    });
    startButton_->setEnabled(false);
    cancelButton_->setEnabled(true);
    process_->start(cli, args);
    return true;
}

void JobsPanel::cancel() {
    if (!running()) return;
    cancelled_ = true;
    status_->setText(tr("Cancelling: finishing the items in progress..."));
    process_->terminate();  // SIGTERM: the CLI keeps finished results and exits 143
}

void JobsPanel::appendLog(const QString& text) {
    if (!text.isEmpty()) log_->appendPlainText(text);
}

void JobsPanel::readStdout() {
    pending_ += process_->readAllStandardOutput();
    for (qsizetype nl; (nl = pending_.indexOf('\n')) >= 0;) {
        QByteArray line = pending_.left(nl).trimmed();
        pending_.remove(0, nl + 1);
        if (!line.isEmpty()) handleLine(line);
    }
}

void JobsPanel::handleLine(const QByteArray& line) {
    QJsonParseError err{};
    QJsonObject j = QJsonDocument::fromJson(line, &err).object();
    if (err.error != QJsonParseError::NoError) {
        appendLog(QString::fromUtf8(line));
        return;
    }
    const QString event = j.value(QStringLiteral("event")).toString();
    if (event == QLatin1String("progress")) {
        progress_.done = j.value(QStringLiteral("done")).toInteger();
        progress_.total = j.value(QStringLiteral("total")).toInteger();
        progress_.failures = j.value(QStringLiteral("failures")).toInteger();
        progress_.current = j.value(QStringLiteral("current")).toString();
        progress_.etaS = j.value(QStringLiteral("eta_s")).isNull() ? -1 : j.value(QStringLiteral("eta_s")).toDouble();
        bar_->setRange(0, int(std::max<qint64>(progress_.total, 1)));
        bar_->setValue(int(progress_.done));
        if (!cancelled_)
            status_->setText(tr("%1 / %2 items, ETA %3, %n failure(s)", nullptr, int(progress_.failures))
                                 .arg(progress_.done)
                                 .arg(progress_.total)
                                 .arg(duration(progress_.etaS)));
        current_->setText(progress_.current.isEmpty() ? QString() : tr("Last item: %1").arg(progress_.current));
        emit progressed(progress_);
    } else if (event == QLatin1String("summary")) {
        summaryStatus_ = j.value(QStringLiteral("status")).toString();
        progress_.done = j.value(QStringLiteral("done")).toInteger();
        progress_.total = j.value(QStringLiteral("total")).toInteger();
        progress_.failures = j.value(QStringLiteral("failures")).toInteger();
        skipped_ = j.value(QStringLiteral("skipped")).toInteger();
        bar_->setRange(0, int(std::max<qint64>(progress_.total, 1)));
        bar_->setValue(int(progress_.done));
    } else {
        appendLog(QString::fromUtf8(line));
    }
}

void JobsPanel::onFinished(int exitCode, QProcess::ExitStatus exitStatus) {
    readStdout();
    appendLog(QString::fromLocal8Bit(process_->readAllStandardError()).trimmed());
    startButton_->setEnabled(true);
    cancelButton_->setEnabled(false);
    if (bar_->maximum() == 0) bar_->setRange(0, 1);
    QString status = summaryStatus_;
    if (exitStatus == QProcess::CrashExit || status.isEmpty()) {
        status = QStringLiteral("crashed");
        status_->setText(exitStatus == QProcess::CrashExit
                             ? tr("bitsky-cli died (%1); finished results are kept. Its messages are below.")
                                   .arg(process_->errorString())
                             : tr("bitsky-cli stopped with exit code %1; its messages are below.").arg(exitCode));
    } else if (status == QLatin1String("finished")) {
        QString text = progress_.failures
                           ? tr("Finished: %1 items, %n failure(s) (stored; see the inspector).", nullptr,
                                int(progress_.failures))
                                 .arg(progress_.total)
                           : tr("Finished: %1 items.").arg(progress_.total);
        if (skipped_ > 0)
            text += QLatin1Char(' ') +
                    tr("%n image/codec pair(s) skipped: a codec cannot take that pixel type or size (reasons in the inspector).",
                       nullptr, int(skipped_));
        status_->setText(text);
    } else if (status == QLatin1String("cancelled")) {
        status_->setText(tr("Cancelled at %1 / %2 items; finished results are kept. Start again to resume.")
                             .arg(progress_.done)
                             .arg(progress_.total));
    } else {
        status_->setText(tr("The benchmark failed (%1); its messages are below.").arg(status));
    }
    emit jobFinished(status, exitStatus == QProcess::CrashExit ? -1 : exitCode);
}

}  // namespace bitsky
