#include "app/gui/measure.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

#include "app/gui/main_window.h"
#include "engine/fits/fits.h"
#include "engine/sample/sample_sky.h"
#include "engine/util/stats.h"
#include "engine/util/timing.h"

namespace bitsky {
namespace {

double threadCpu() { return util::thread_cpu_seconds(); }
double processCpu() { return util::process_cpu_seconds(); }

// wall time, GUI-thread CPU, longest GUI stall, CPU of every thread of the process.
struct Timing {
    double wall = 0, cpu = 0, stall = 0, proc = 0;
};

Timing medianOf(const std::vector<Timing>& s) {
    std::vector<double> w, c, st, pr;
    for (const auto& x : s) {
        w.push_back(x.wall);
        c.push_back(x.cpu);
        st.push_back(x.stall);
        pr.push_back(x.proc);
    }
    return {util::median(w), util::median(c), util::median(st), util::median(pr)};
}

// Runs the event loop until `done` says so (checked every 2 ms by a timer, so the wait
// itself costs the GUI thread almost nothing).
template <class F>
void spin(F done) {
    if (done()) return;
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(2);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done()) loop.quit();
    });
    poll.start();
    loop.exec();
}

// Seconds since this process started: /proc/self/stat's start time (clock ticks after boot)
// against CLOCK_BOOTTIME; -1 if unreadable.
double secondsSinceProcessStart() {
    std::ifstream in("/proc/self/stat");
    std::string stat;
    std::getline(in, stat);
    const auto close = stat.rfind(')');  // the command name may hold spaces and parentheses
    if (close == std::string::npos) return -1;
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    for (int i = 3; i < 22 && fields >> field;) ++i;  // fields 3..21; the start time is field 22
    unsigned long long ticks = 0;
    if (!(fields >> ticks)) return -1;
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    return double(now.tv_sec) + now.tv_nsec / 1e9 - double(ticks) / double(sysconf(_SC_CLK_TCK));
}

// Quits after the first paint of the widget it filters.
class FirstPaint : public QObject {
public:
    using QObject::QObject;
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Paint && !seen_) {
            seen_ = true;
            // Queued: the children paint and the backing store is flushed before it runs.
            QTimer::singleShot(0, this, [] {
                std::printf("first paint %.3f s after the process started\n", secondsSinceProcessStart());
                std::fflush(stdout);
                QApplication::exit(0);
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool seen_ = false;
};

}  // namespace

void exitAfterFirstPaint(QWidget& window) { window.installEventFilter(new FirstPaint(&window)); }

int measureOpen(MainWindow& window, int size, int repeats) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("synthetic.fits"));
    const QString pathF32 = dir.filePath(QStringLiteral("synthetic_f32.fits"));
    const std::size_t n = static_cast<std::size_t>(size);
    {
        auto frame = sample::synthetic_frame(n, n, 5.0, 400.0, 7);
        fits::Writer w(path.toStdString());
        w.write_u16({n, n}, frame.pixels);
        w.close();
        // The same pixels as float32 (BITPIX -32): read as physical values, no uint16 view.
        fits::Writer f(pathF32.toStdString());
        f.write_f32({n, n}, std::vector<float>(frame.pixels.begin(), frame.pixels.end()));
        f.close();
    }
    window.resize(1280, 800);
    window.show();
    spin([&] { return window.isVisible(); });
    QApplication::processEvents();
    ImageView* view = window.imageView();

    // Reference: the engine's read of the frame, same process, same file (cache warm).
    std::vector<Timing> reads;
    for (int r = 0; r < repeats; ++r) {
        QElapsedTimer t;
        t.start();
        double c0 = threadCpu();
        auto f = fits::File::open(path.toStdString());
        auto cube = f.read_u16_frame(f.image_hdus().front(), 0);
        reads.push_back({t.nsecsElapsed() / 1e9, threadCpu() - c0, 0, threadCpu() - c0});
        if (cube.data().size() != n * n) return 1;
    }

    // File chosen -> pixels painted. A 5 ms timer measures how long the GUI thread is
    // unavailable (the longest gap between its ticks).
    auto measureOpens = [&](const QString& file) -> std::optional<Timing> {
        std::vector<Timing> opens;
        for (int r = 0; r < repeats; ++r) {
            // Each open starts on a quiet application (the previous open's noise estimate
            // and plots finished), as when a user opens a file.
            spin([&] { return !window.busy(); });
            view->clear();
            QApplication::processEvents();
            bool loaded = false, ok = false, painted = false;
            auto c1 = QObject::connect(&window, &MainWindow::loadFinished, [&](bool shown) {
                loaded = true;
                ok = shown;
            });
            auto c2 = QObject::connect(view, &ImageView::painted, [&] {
                if (loaded) painted = true;
            });
            QElapsedTimer gap;
            double stall = 0;
            QTimer tick;
            tick.setInterval(5);
            QObject::connect(&tick, &QTimer::timeout, [&] {
                stall = std::max(stall, gap.nsecsElapsed() / 1e9);
                gap.restart();
            });
            QElapsedTimer t;
            t.start();
            double c0 = threadCpu(), p0 = processCpu();
            gap.start();
            tick.start();
            window.loadFile(file);
            spin([&] { return painted || (loaded && !ok); });
            double wall = t.nsecsElapsed() / 1e9, cpu = threadCpu() - c0, proc = processCpu() - p0;
            stall = std::max(stall, gap.nsecsElapsed() / 1e9);
            tick.stop();
            QObject::disconnect(c1);
            QObject::disconnect(c2);
            if (!ok) {
                std::fprintf(stderr, "bitsky: cannot open %s: %s\n", qPrintable(file), qPrintable(window.lastError()));
                return std::nullopt;
            }
            opens.push_back({wall, cpu, stall, proc});
        }
        return medianOf(opens);
    };
    const std::optional<Timing> openF32 = measureOpens(pathF32);
    const std::optional<Timing> open = measureOpens(path);  // the uint16 frame stays shown
    if (!open || !openF32) return 1;

    // A map to toggle (iid: quick; the toggle cost does not depend on the model).
    {
        bool ready = false, failed = false;
        auto c1 = QObject::connect(&window, &MainWindow::heatmapReady, [&] { ready = true; });
        auto c2 = QObject::connect(&window, &MainWindow::heatmapFailed, [&] { failed = true; });
        if (!window.startHeatmap(QStringLiteral("iid"))) return 1;
        spin([&] { return ready || failed; });
        QObject::disconnect(c1);
        QObject::disconnect(c2);
        if (failed) return 1;
    }
    auto timed = [&](auto action) {
        std::vector<Timing> s;
        for (int r = 0; r < std::max(repeats, 5); ++r) {
            QElapsedTimer t;
            t.start();
            double c0 = threadCpu(), p0 = processCpu();
            action(r);
            view->repaint();  // synchronous: the new pixels are on the backing store
            s.push_back({t.nsecsElapsed() / 1e9, threadCpu() - c0, 0, processCpu() - p0});
        }
        return medianOf(s);
    };
    Timing toggle = timed([&](int r) { view->setOverlayVisible(r % 2 == 1); });
    view->setOverlayVisible(true);
    Timing side = timed([&](int r) { window.setHeatmapMode(r % 2 ? HeatmapMode::Overlay : HeatmapMode::SideBySide); });
    Timing split = timed([&](int r) { window.setHeatmapMode(r % 2 ? HeatmapMode::Overlay : HeatmapMode::Split); });
    window.setHeatmapMode(HeatmapMode::Overlay);
    Timing drag = timed([&](int r) { view->setSplitPosition(0.3 + 0.05 * (r % 8)); });
    // Stretch changes (the map hidden): linear <-> each other stretch, limits (zscale) and
    // levels recomputed for the whole frame, then repainted.
    view->setOverlayVisible(false);
    std::vector<std::pair<const char*, Timing>> stretches;
    for (auto [name, stretch] : {std::pair{"log", Stretch::Log}, {"sqrt", Stretch::Sqrt}, {"asinh", Stretch::Asinh},
                                 {"histeq", Stretch::HistEq}})
        stretches.emplace_back(name, timed([&, stretch](int r) { view->setStretch(r % 2 ? Stretch::Linear : stretch); }));
    view->setStretch(Stretch::Linear);

    const Timing read = medianOf(reads);
    std::printf("GUI, %d x %d synthetic frame (uint16, and the same pixels as float32), 1280 x 800 window, median of %d\n\n", size, size, repeats);
    std::printf("| step | wall | GUI-thread CPU | CPU, all threads | longest GUI stall | wall / reference |\n"
                "|---|---|---|---|---|---|\n");
    std::printf("| reference: engine read (open + read_u16_frame) | %.3f s | %.3f s | %.3f s | | 1.00 |\n", read.wall,
                read.cpu, read.proc);
    auto row = [&](const char* step, const Timing& x, bool open) {
        if (open)
            std::printf("| %s | %.3f s | %.3f s | %.3f s | %.3f s | %.2f |\n", step, x.wall, x.cpu, x.proc, x.stall,
                        x.wall / read.wall);
        else
            std::printf("| %s | %.4f s | %.4f s | %.4f s | | |\n", step, x.wall, x.cpu, x.proc);
    };
    row("open uint16: file chosen -> pixels painted", *open, true);
    row("open float32: file chosen -> pixels painted", *openF32, true);
    row("toggle the map (show/hide + repaint)", toggle, false);
    row("overlay <-> side by side (+ repaint)", side, false);
    row("overlay <-> split (+ repaint)", split, false);
    row("move the split line (+ repaint)", drag, false);
    for (const auto& [name, st] : stretches)
        row(("stretch linear <-> " + std::string(name) + " (+ repaint)").c_str(), st, false);
    std::fflush(stdout);
    return 0;
}

}  // namespace bitsky
