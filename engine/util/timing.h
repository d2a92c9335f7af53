#pragma once
// Clocks and resource readings for timings (benchmark rows, speed commands, open times).
#include <cstdint>

namespace bitsky::util {

// Seconds on the monotonic clock (differences only).
double wall_seconds();
// CPU seconds of this process (all threads) plus its waited-for children (libjxl effort >= 8
// encodes run in a forked child).
double process_cpu_seconds();
// CPU seconds of the calling thread (undisturbed by other work on a shared machine).
double thread_cpu_seconds();
// Peak resident set of this process, KiB.
std::int64_t peak_rss_kib();

}  // namespace bitsky::util
