#pragma once
// LatestTask<T>: background work whose newest request wins. A panel says what it wants
// (start) and gets the result of its latest request on the GUI thread; it never checks
// for stale results itself.
//
// - Work runs on a QThreadPool (QtConcurrent) and gets a std::stop_token that is
//   requested once its run is stale, so long work can return early; a stale run that
//   has not started yet is cancelled (QFuture::cancel) and never runs.
// - A stale result is never delivered; the latest one is, on the thread that owns the
//   LatestTask (the GUI thread), through the `deliver` callback.
// - Destroying the LatestTask (e.g. with its owner) never waits and never delivers:
//   running work is asked to stop and its result is dropped. So the work must not touch
//   the owner: capture values and shared pointers, not `this`.
// - The work reports errors in T (an exception escaping it is rethrown on delivery).
// - `deliver` must not delete the LatestTask (nor its owner) directly; deleteLater is fine.
#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent>
#include <functional>
#include <map>
#include <optional>
#include <stop_token>
#include <utility>

namespace bitsky {

template <class T>
class LatestTask : public QObject {
public:
    enum class Mode {
        // A request starts at once and makes every older run stale (cheap work that the
        // newest request should not wait for: opening a file, a noise estimate).
        Restart,
        // One run at a time (heavy work: bit-cost maps, cube curves). A request made
        // while one runs makes it stale and waits for it to end; only the latest waiting
        // request is kept.
        Queue,
        // One run at a time, and the running one is still delivered: its result is older,
        // not wrong (re-reading a store). Only the latest request made meanwhile runs
        // after it, so requests arriving faster than runs never starve the display.
        Coalesce,
    };
    using Work = std::function<T(std::stop_token)>;
    // Makes the work when the request is launched, on the GUI thread: with Queue and
    // Coalesce that may be later than the request, so it sees the state of that moment
    // (e.g. a cache filled by the previous result, a status line to set).
    using Prepare = std::function<Work()>;
    using Deliver = std::function<void(T)>;

    LatestTask(QThreadPool* pool, Mode mode, Deliver deliver)
        : pool_(pool), mode_(mode), deliver_(std::move(deliver)) {}
    ~LatestTask() override { makeStale(); }  // the watchers (children) go with this object: no delivery
    LatestTask(const LatestTask&) = delete;
    LatestTask& operator=(const LatestTask&) = delete;

    void start(Work work) {
        startPrepared([work = std::move(work)]() mutable { return std::move(work); });
    }
    void startPrepared(Prepare prepare) {
        if (mode_ != Mode::Restart && !runs_.empty()) {
            if (mode_ == Mode::Queue) makeStale();
            queued_ = std::move(prepare);
            return;
        }
        makeStale();
        queued_.reset();
        launch(std::move(prepare));
    }
    // Nothing asked for any more: running work becomes stale, a waiting request is dropped.
    void cancel() {
        makeStale();
        queued_.reset();
    }
    // A result is still to come (a current run, or a request waiting for its turn).
    bool busy() const { return latest_ != 0 || queued_.has_value(); }
    // Anything left: busy(), or stale work that still occupies the pool (in Queue and
    // Coalesce mode the next request waits for it).
    bool running() const { return !runs_.empty() || queued_.has_value(); }

private:
    struct Run {
        QFutureWatcher<T>* watcher = nullptr;
        std::stop_source stop;
    };

    void makeStale() {
        latest_ = 0;
        for (auto& [id, run] : runs_) {
            run.stop.request_stop();
            run.watcher->future().cancel();  // not started yet: never runs
        }
    }

    void launch(Prepare prepare) {
        Work work = prepare();
        const quint64 id = ++lastId_;
        latest_ = id;
        Run& run = runs_[id];
        run.watcher = new QFutureWatcher<T>(this);
        QObject::connect(run.watcher, &QFutureWatcherBase::finished, this, [this, id] { finished(id); });
        run.watcher->setFuture(
            QtConcurrent::run(pool_, [work = std::move(work), token = run.stop.get_token()] { return work(token); }));
    }

    // The watcher's finished signal: the future has ended (or was cancelled before it ran).
    void finished(quint64 id) {
        auto it = runs_.find(id);
        if (it == runs_.end()) return;
        QFutureWatcher<T>* watcher = it->second.watcher;
        runs_.erase(it);
        watcher->deleteLater();
        if (id == latest_) {
            latest_ = 0;
            deliver_(watcher->future().takeResult());
        }
        // The slot is free: the latest waiting request runs now (after the delivery, so a
        // Coalesce request prepared now sees what the delivery changed).
        if (queued_ && runs_.empty()) launch(std::move(*std::exchange(queued_, std::nullopt)));
    }

    QThreadPool* pool_;
    Mode mode_;
    Deliver deliver_;
    std::map<quint64, Run> runs_;  // launched and not yet handled (current and stale)
    quint64 lastId_ = 0;
    quint64 latest_ = 0;             // the run whose result is wanted (0: none)
    std::optional<Prepare> queued_;  // Queue and Coalesce: the request waiting for its turn
};

}  // namespace bitsky
