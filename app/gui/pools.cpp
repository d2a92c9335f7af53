#include "app/gui/pools.h"

#include <QCoreApplication>
#include <QThread>
#include <algorithm>

namespace bitsky {

QThreadPool* computePool() {
    static QThreadPool* pool = [] {
        // Owned by the application: its destructor waits for running tasks.
        auto* p = new QThreadPool(QCoreApplication::instance());
        p->setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
        return p;
    }();
    return pool;
}

QThreadPool* loadPool() {
    static QThreadPool* pool = [] {
        auto* p = new QThreadPool(QCoreApplication::instance());
        p->setMaxThreadCount(2);  // a stale load may still be finishing
        return p;
    }();
    return pool;
}

}  // namespace bitsky
