// LatestTask: the newest request wins, its result arrives on the GUI thread, a stale
// result never does, and destroying the owner while work runs is safe and does not wait.
#include "app/gui/latest_task.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QSemaphore>
#include <QThread>
#include <QtTest>
#include <atomic>
#include <memory>

using namespace bitsky;

namespace {

// Shared by the test and its work items: gates the work waits at (bounded, so a broken
// helper fails the test instead of hanging it), and what ran and what was seen.
struct Probe {
    QSemaphore gate, started;
    QMutex mutex;
    QList<int> ran;        // work items that ran, in order
    QList<int> stopSeen;   // work items that saw their stop request
    QList<int> delivered;  // GUI side
    bool offGuiThreadDelivery = false;

    // Work item `value`; blocks until the gate opens when `block`.
    LatestTask<int>::Work work(int value, bool block) {
        return [this, value, block](std::stop_token stop) {
            {
                QMutexLocker lock(&mutex);
                ran << value;
            }
            started.release();
            if (block && !gate.tryAcquire(1, 10000)) return -100;
            if (stop.stop_requested()) {
                QMutexLocker lock(&mutex);
                stopSeen << value;
            }
            return value;
        };
    }
    LatestTask<int>::Deliver deliver() {
        return [this](int v) {
            if (QThread::currentThread() != qApp->thread()) offGuiThreadDelivery = true;
            delivered << v;
        };
    }
    QList<int> ranSoFar() {
        QMutexLocker lock(&mutex);
        return ran;
    }
    QList<int> stoppedSoFar() {
        QMutexLocker lock(&mutex);
        return stopSeen;
    }
};

}  // namespace

class LatestTaskTest : public QObject {
    Q_OBJECT
private slots:
    void restartDeliversOnlyTheNewestResultOnTheGuiThread() {
        QThreadPool pool;
        pool.setMaxThreadCount(4);
        auto probe = std::make_shared<Probe>();
        LatestTask<int> task(&pool, LatestTask<int>::Mode::Restart, probe->deliver());
        task.start(probe->work(1, true));
        QVERIFY(probe->started.tryAcquire(1, 10000));
        task.start(probe->work(2, false));  // starts at once; run 1 is stale
        QVERIFY(task.busy());
        QTRY_COMPARE(probe->delivered, QList<int>{2});
        QVERIFY(!task.busy());
        QVERIFY(task.running());  // the stale run still occupies the pool
        probe->gate.release();
        QTRY_VERIFY(!task.running());
        QTest::qWait(50);
        QCOMPARE(probe->delivered, QList<int>{2});
        QCOMPARE(probe->stoppedSoFar(), QList<int>{1});
        QVERIFY(!probe->offGuiThreadDelivery);
    }

    void aStaleRequestThatHasNotStartedNeverRuns() {
        QThreadPool pool;
        pool.setMaxThreadCount(1);
        auto probe = std::make_shared<Probe>();
        // Occupy the only thread, so the requests wait in the pool's queue.
        QSemaphore blocker;
        auto busy = QtConcurrent::run(&pool, [&blocker] { blocker.tryAcquire(1, 10000); });
        LatestTask<int> task(&pool, LatestTask<int>::Mode::Restart, probe->deliver());
        task.start(probe->work(1, false));
        task.start(probe->work(2, false));
        blocker.release();
        QTRY_COMPARE(probe->delivered, QList<int>{2});
        QTRY_VERIFY(!task.running());
        QCOMPARE(probe->ranSoFar(), QList<int>{2});
        busy.waitForFinished();
    }

    void queueRunsOnlyTheLatestWaitingRequest() {
        QThreadPool pool;
        pool.setMaxThreadCount(4);
        auto probe = std::make_shared<Probe>();
        LatestTask<int> task(&pool, LatestTask<int>::Mode::Queue, probe->deliver());
        task.start(probe->work(1, true));
        QVERIFY(probe->started.tryAcquire(1, 10000));
        for (int v : {2, 3, 4}) task.start(probe->work(v, false));
        QTest::qWait(50);
        QCOMPARE(probe->ranSoFar(), QList<int>{1});  // one run at a time
        QVERIFY(task.busy() && task.running());
        probe->gate.release();
        QTRY_COMPARE(probe->delivered, QList<int>{4});
        QTRY_VERIFY(!task.running());
        QCOMPARE(probe->ranSoFar(), (QList<int>{1, 4}));
        QCOMPARE(probe->stoppedSoFar(), QList<int>{1});  // a waiting request made it stale
        QVERIFY(!probe->offGuiThreadDelivery);
    }

    void coalesceDeliversTheRunningResultThenPreparesTheLatestRequest() {
        QThreadPool pool;
        pool.setMaxThreadCount(4);
        auto probe = std::make_shared<Probe>();
        LatestTask<int> task(&pool, LatestTask<int>::Mode::Coalesce, probe->deliver());
        QList<int> preparedSeeing;  // what had been delivered when each request was prepared
        auto prepared = [&](int v, bool block) {
            return [&, v, block] {
                preparedSeeing << probe->delivered.size();
                return probe->work(v, block);
            };
        };
        task.startPrepared(prepared(1, true));
        QVERIFY(probe->started.tryAcquire(1, 10000));
        task.startPrepared(prepared(2, false));
        task.startPrepared(prepared(3, false));
        QCOMPARE(preparedSeeing, QList<int>{0});  // 2 and 3 wait; only the latest will be prepared
        probe->gate.release();
        QTRY_COMPARE(probe->delivered, (QList<int>{1, 3}));
        QTRY_VERIFY(!task.running());
        QCOMPARE(preparedSeeing, (QList<int>{0, 1}));  // 3 was prepared after 1 was delivered
        QCOMPARE(probe->ranSoFar(), (QList<int>{1, 3}));
        QVERIFY(probe->stoppedSoFar().isEmpty());  // the running one was never stale
    }

    void cancelDropsTheRunningAndTheWaitingRequest() {
        QThreadPool pool;
        auto probe = std::make_shared<Probe>();
        LatestTask<int> task(&pool, LatestTask<int>::Mode::Queue, probe->deliver());
        task.start(probe->work(1, true));
        QVERIFY(probe->started.tryAcquire(1, 10000));
        task.start(probe->work(2, false));
        task.cancel();
        QVERIFY(!task.busy());
        QVERIFY(task.running());
        probe->gate.release();
        QTRY_VERIFY(!task.running());
        QTest::qWait(50);
        QVERIFY(probe->delivered.isEmpty());
        QCOMPARE(probe->ranSoFar(), QList<int>{1});
        // A request after the cancel is delivered as usual.
        task.start(probe->work(5, false));
        QTRY_COMPARE(probe->delivered, QList<int>{5});
    }

    void destroyingTheOwnerWhileWorkRunsNeitherWaitsNorDelivers() {
        QThreadPool pool;
        auto probe = std::make_shared<Probe>();
        // The usual shape: a widget holding the task as a member, delivering into itself.
        struct Owner : QObject {
            explicit Owner(QThreadPool* pool, std::shared_ptr<Probe> p)
                : probe(std::move(p)),
                  task(pool, LatestTask<int>::Mode::Queue, [this](int v) { probe->delivered << v; }) {}
            std::shared_ptr<Probe> probe;
            LatestTask<int> task;
        };
        auto owner = std::make_unique<Owner>(&pool, probe);
        owner->task.start(probe->work(1, true));
        QVERIFY(probe->started.tryAcquire(1, 10000));
        owner->task.start(probe->work(2, false));
        QElapsedTimer t;
        t.start();
        owner.reset();  // the work is still blocked at its gate
        QVERIFY2(t.elapsed() < 2000, "the destructor waited for the work");
        probe->gate.release();
        QVERIFY(pool.waitForDone(10000));
        QTest::qWait(50);
        QVERIFY(probe->delivered.isEmpty());
        QCOMPARE(probe->ranSoFar(), QList<int>{1});
        QCOMPARE(probe->stoppedSoFar(), QList<int>{1});
    }
};

QTEST_MAIN(LatestTaskTest)
#include "latest_task_test.moc"
