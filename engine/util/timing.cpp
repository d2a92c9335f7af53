#include "engine/util/timing.h"

#include <sys/resource.h>
#include <time.h>

#include <chrono>

namespace bitsky::util {

namespace {
double seconds(const timespec& ts) { return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec); }
double seconds(const timeval& tv) { return double(tv.tv_sec) + 1e-6 * double(tv.tv_usec); }
}  // namespace

double wall_seconds() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

double process_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    rusage children{};
    getrusage(RUSAGE_CHILDREN, &children);
    return seconds(ts) + seconds(children.ru_utime) + seconds(children.ru_stime);
}

double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return seconds(ts);
}

std::int64_t peak_rss_kib() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<std::int64_t>(ru.ru_maxrss);  // KiB on Linux
}

}  // namespace bitsky::util
