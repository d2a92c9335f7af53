#include "tests/gui/gui_test_support.h"

#include <QDir>
#include <QDirIterator>
#include <QProcess>
#include <filesystem>

namespace bitsky::test {

QString cliPath() { return QStringLiteral(BITSKY_CLI); }
QString guiPath() { return QStringLiteral(BITSKY_GUI); }

QString ProcessRun::describe() const {
    QString outcome = !started    ? QStringLiteral("did not start")
                      : !finished ? QStringLiteral("timed out (killed)")
                      : crashed   ? QStringLiteral("crashed")
                                  : QStringLiteral("exit code %1").arg(exitCode);
    QString s = QStringLiteral("%1 %2: %3").arg(program, args.join(QLatin1Char(' ')), outcome);
    if (!err.isEmpty()) s += QLatin1Char('\n') + err;
    return s;
}

ProcessRun runProcess(const QString& program, const QStringList& args, int timeoutMs) {
    ProcessRun r;
    r.program = program;
    r.args = args;
    QProcess p;
    p.start(program, args);
    r.started = p.waitForStarted(30000);
    if (!r.started) {
        r.err = p.errorString();
        return r;
    }
    r.finished = p.waitForFinished(timeoutMs);
    if (!r.finished) {
        p.kill();
        p.waitForFinished(10000);
    }
    r.crashed = p.exitStatus() == QProcess::CrashExit;
    r.exitCode = p.exitCode();
    r.out = QString::fromLocal8Bit(p.readAllStandardOutput());
    r.err = QString::fromLocal8Bit(p.readAllStandardError());
    return r;
}

ProcessRun runCli(const QStringList& args, int timeoutMs) { return runProcess(cliPath(), args, timeoutMs); }

ProcessRun runGui(const QStringList& args, int timeoutMs) { return runProcess(guiPath(), args, timeoutMs); }

QStringList makeSampleSky(const QString& dir, QString* error) {
    ProcessRun r = runCli({QStringLiteral("sample"), QStringLiteral("--out"), dir});
    if (!r.ok()) {
        if (error) *error = r.describe();
        return {};
    }
    QStringList files;
    // The 16-bit frames of data/ (the calibrated float32 product in calibrated/ is not one of
    // the sample's images: tests that want it name it).
    QDirIterator it(dir + QStringLiteral("/data"), {QStringLiteral("*.fits")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) files << it.next();
    files.sort();
    if (files.isEmpty() && error) *error = QStringLiteral("bitsky-cli sample wrote no FITS files into %1").arg(dir);
    return files;
}

QString canonicalPath(const QString& path) {
    return QString::fromStdString(std::filesystem::weakly_canonical(path.toStdString()).string());
}

}  // namespace bitsky::test
