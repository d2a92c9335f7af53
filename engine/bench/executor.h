#pragma once
// Benchmark execution (internal to engine/bench): worker threads over the plan's items,
// largest first, results handed to the calling thread, which alone writes the store.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "engine/bench/measure.h"
#include "engine/bench/plan.h"

namespace bitsky::bench {

// One finished item: its store row and, for a frame's first item, what its noise predicts.
struct Finished {
    store::ResultRow row;
    std::string path;   // the file (as stored)
    int hdu = 0;
    std::string codec;  // spec
    FramePredictions predictions;
    // "path[hdu] frame k codec", for progress and messages.
    std::string name() const;
};

// Measures every frame and cube item of `plan` on `jobs` worker threads (each codec runs
// single-threaded inside its worker unless the codecs were made with more threads),
// largest items first (a cube item costs all its frames' pixels). Finished items reach
// `deliver` on the calling thread in batches, at least every 100 ms while work is
// running (the rows of one cube item in one batch); `deliver` may throw, which stops the
// workers (in-flight items finish) and is rethrown. When *cancel becomes non-zero workers
// take no new item; in-flight items finish and are delivered. An exception in a worker
// stops the others and is rethrown after every finished item was delivered.
void execute(const Plan& plan, const std::vector<CodecEntry>& codecs, int jobs, int repeat,
             const std::atomic<int>* cancel, const std::function<void(std::vector<Finished>&)>& deliver);

// "path[hdu] frame k spec": how an item is named in progress lines.
std::string item_name(const std::string& path, int hdu, std::int64_t frame, const std::string& spec);

}  // namespace bitsky::bench
