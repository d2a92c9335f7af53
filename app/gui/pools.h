#pragma once
// Thread pools for the GUI's background work. Qt 6 paints large scaled images with
// helper tasks on QThreadPool::globalInstance() and waits for them on the GUI thread, so
// long computations must not occupy that pool: with maps and noise estimates of a
// 4096 x 4096 frame queued there, a single paint waited up to 3 s for a free thread
// (measured with bitsky --measure-open 4096, see docs/performance.md).
#include <QThreadPool>

namespace bitsky {

// Maps, noise, plots, store reads, folder scans (as many threads as cores).
QThreadPool* computePool();
// Opening files (read + render of the first frame): never queued behind a computation.
QThreadPool* loadPool();

}  // namespace bitsky
