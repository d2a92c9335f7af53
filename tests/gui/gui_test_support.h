#pragma once
// Shared by the QtTest programs: the programs this build made (paths from CMake's
// $<TARGET_FILE:...>, never a guessed build layout or a PATH lookup), one way to run them
// as child processes, and the sample sky they work on.
#include <QString>
#include <QStringList>

namespace bitsky::test {

// bitsky-cli and bitsky of this build tree.
QString cliPath();
QString guiPath();

// What a child process did. `finished`: it exited by itself within the time allowed (on a
// timeout it is killed); `crashed`: it died from a signal.
struct ProcessRun {
    QString program;
    QStringList args;
    bool started = false;
    bool finished = false;
    bool crashed = false;
    int exitCode = -1;
    QString out, err;  // its standard output and standard error (local 8-bit)

    bool ok() const { return finished && !crashed && exitCode == 0; }
    // "<program> <args>: <outcome>" and its stderr, for failure messages.
    QString describe() const;
};

ProcessRun runProcess(const QString& program, const QStringList& args, int timeoutMs);
ProcessRun runCli(const QStringList& args, int timeoutMs = 180000);
// The desktop program (inherits the environment, so QT_QPA_PLATFORM=offscreen from ctest).
ProcessRun runGui(const QStringList& args, int timeoutMs = 60000);

// Writes the sample sky into `dir` (bitsky-cli sample --out dir) and returns its 16-bit frames (data/),
// sorted; empty with `error` set if the CLI failed.
QStringList makeSampleSky(const QString& dir, QString* error = nullptr);

// std::filesystem::weakly_canonical of a path (compares paths the store and the GUI report).
QString canonicalPath(const QString& path);

}  // namespace bitsky::test
