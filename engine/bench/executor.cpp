#include "engine/bench/executor.h"

#include <fitsio.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/bench/frame_source.h"

namespace bitsky::bench {

namespace {

bool cancelled(const std::atomic<int>* cancel) { return cancel && cancel->load() != 0; }

// The rows of one cube item (all its frames), or its read failure on every row.
std::vector<Finished> run_cube_item(FrameSource& source, const CubeItem& item, const CodecEntry& ce, int repeat,
                                    CpuClock clock, const std::atomic<int>* cancel, bool predictions) {
    std::optional<Cube16> cube;
    std::string read_error;
    try {
        cube = source.frames(item.path, item.hdu, item.frames, item.axes);
        if (cube->frame_count() != item.frames.size()) {
            read_error = item.path + ": read " + std::to_string(cube->frame_count()) + " frame(s), expected " +
                         std::to_string(item.frames.size());
            cube.reset();
        }
    } catch (const std::exception& e) {
        read_error = e.what();
    }
    std::vector<store::ResultRow> rows;
    if (cube) {
        rows = measure_cube(ce, *cube, item.frames.size(), repeat, clock, cancel);
    } else {
        rows.resize(item.frames.size());
        for (auto& r : rows) {
            r.codec_id = ce.id;
            r.lossless_ok = false;
            r.error = read_error;
        }
    }
    analysis::NoiseOptions noise;
    if (cube && predictions) noise = source.noise_options(item.path, item.hdu);
    std::vector<Finished> out;
    for (std::size_t i = 0; i < item.frames.size(); ++i) {
        Finished f;
        f.row = std::move(rows[i]);
        f.row.image_id = item.image_id;
        f.row.frame = static_cast<std::int64_t>(item.frames[i]);
        f.path = item.path;
        f.hdu = item.hdu;
        f.codec = ce.spec;
        if (cube && predictions)  // upserted: the same as a 2D item's
            f.predictions = predict_frame(item.image_id, f.row.frame, cube->frame(i), noise);
        out.push_back(std::move(f));
    }
    return out;
}

Finished run_frame_item(FrameSource& source, const FrameItem& item, const CodecEntry& ce, int repeat, CpuClock clock,
                        const std::atomic<int>* cancel) {
    Finished f;
    f.path = item.path;
    f.hdu = item.hdu;
    f.codec = ce.spec;
    std::optional<PixelFrame> frame;
    try {
        frame = source.frame(item.path, item.hdu, static_cast<std::size_t>(item.frame));
    } catch (const std::exception& e) {
        f.row.codec_id = ce.id;
        f.row.lossless_ok = false;
        f.row.error = e.what();
    }
    if (frame) {
        analysis::FidelityOptions fidelity;  // lossy codecs: the HDU's BLANK/SATURATE for the noise estimates
        if (ce.codec && ce.codec->lossy()) fidelity.noise = source.any_noise_options(item.path, item.hdu);
        f.row = measure_frame(ce, *frame, repeat, clock, cancel, fidelity);
        // 16-bit frames on their uint16 view; every other type in its own units.
        if (item.predictions && frame->is_16bit())
            f.predictions = predict_frame(item.image_id, item.frame, frame->to_u16().frame(0),
                                          source.noise_options(item.path, item.hdu));
        else if (item.predictions)
            f.predictions = predict_frame(item.image_id, item.frame, *frame, source.any_noise_options(item.path, item.hdu));
    }
    f.row.image_id = item.image_id;
    f.row.frame = item.frame;
    return f;
}

}  // namespace

std::string Finished::name() const { return item_name(path, hdu, row.frame, codec); }

std::string item_name(const std::string& path, int hdu, std::int64_t frame, const std::string& spec) {
    return path + "[" + std::to_string(hdu) + "] frame " + std::to_string(frame) + " " + spec;
}

void execute(const Plan& plan, const std::vector<CodecEntry>& codecs, int jobs, int repeat,
             const std::atomic<int>* cancel, const std::function<void(std::vector<Finished>&)>& deliver) {
    // Largest work first (longest-processing-time order); ties keep the plan's order.
    // Indices below plan.cubes.size() are cube items, the rest frame items.
    const std::size_t ncubes = plan.cubes.size();
    const std::size_t nwork = ncubes + plan.frames.size();
    if (nwork == 0) return;
    std::vector<std::size_t> order(nwork);
    std::vector<std::uint64_t> cost(nwork);
    for (std::size_t i = 0; i < nwork; ++i) {
        order[i] = i;
        cost[i] = i < ncubes ? plan.cubes[i].pixels() : plan.frames[i - ncubes].pixels;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cost[a] > cost[b]; });

    const CpuClock clock = jobs == 1 ? CpuClock::Process : CpuClock::Thread;
    std::optional<std::mutex> fits_lock;
    if (!fits_is_reentrant()) fits_lock.emplace();

    std::mutex mu;
    std::condition_variable cv;
    std::vector<Finished> queue;
    int workers_done = 0;
    std::atomic<bool> stop{false};
    std::atomic<std::size_t> next{0};
    std::exception_ptr worker_error;

    auto worker = [&] {
        try {
            FrameSource source(fits_lock ? &*fits_lock : nullptr);
            while (!stop.load() && !cancelled(cancel)) {
                const std::size_t n = next.fetch_add(1);
                if (n >= nwork) break;
                const std::size_t i = order[n];
                std::vector<Finished> done;
                if (i < ncubes) {
                    const CubeItem& item = plan.cubes[i];
                    done = run_cube_item(source, item, codecs[item.codec], repeat, clock, cancel, plan.predictions);
                } else {
                    const FrameItem& item = plan.frames[i - ncubes];
                    done.push_back(run_frame_item(source, item, codecs[item.codec], repeat, clock, cancel));
                }
                {
                    std::lock_guard<std::mutex> lk(mu);
                    for (auto& f : done) queue.push_back(std::move(f));
                }
                cv.notify_one();
            }
        } catch (...) {
            std::lock_guard<std::mutex> lk(mu);
            if (!worker_error) worker_error = std::current_exception();
            stop = true;
        }
        {
            std::lock_guard<std::mutex> lk(mu);
            ++workers_done;
        }
        cv.notify_one();
    };

    // Joins the workers on every way out (an exception from `deliver` stops them first).
    struct Joiner {
        std::vector<std::thread> threads;
        std::atomic<bool>& stop;
        ~Joiner() {
            stop = true;
            for (auto& t : threads)
                if (t.joinable()) t.join();
        }
    } joiner{{}, stop};
    const int nworkers = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(std::max(jobs, 1)), nwork));
    for (int w = 0; w < nworkers; ++w) joiner.threads.emplace_back(worker);

    for (;;) {
        std::vector<Finished> batch;
        bool all_done;
        {
            std::unique_lock<std::mutex> lk(mu);
            cv.wait_for(lk, std::chrono::milliseconds(100), [&] { return !queue.empty() || workers_done == nworkers; });
            all_done = workers_done == nworkers;
            batch.swap(queue);
        }
        deliver(batch);
        if (all_done && batch.empty()) break;
    }
    for (auto& t : joiner.threads) t.join();
    if (worker_error) std::rethrow_exception(worker_error);
}

}  // namespace bitsky::bench
