// Codec list parsing and the verified round trip.
#include "engine/codecs/codec.h"

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <new>

#include "engine/util/error.h"

namespace bitsky::codecs {

std::vector<std::string> default_codec_specs() { return {"jpegxl:e7", "jpegls", "jpeg2000", "rice"}; }

namespace {

// CPU time of this process (all threads) plus its waited-for children (the isolated
// libjxl effort >= 8 encodes run in a child process).
double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    rusage ch{};
    getrusage(RUSAGE_CHILDREN, &ch);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec) + double(ch.ru_utime.tv_sec + ch.ru_stime.tv_sec) +
           1e-6 * double(ch.ru_utime.tv_usec + ch.ru_stime.tv_usec);
}

double wall_seconds() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

std::string trim(std::string_view s) {
    auto b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    auto e = s.find_last_not_of(" \t");
    return std::string(s.substr(b, e - b + 1));
}

}  // namespace

std::vector<std::string> parse_codec_list(std::string_view list) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= list.size()) {
        auto comma = list.find(',', pos);
        if (comma == std::string_view::npos) comma = list.size();
        std::string item = trim(list.substr(pos, comma - pos));
        pos = comma + 1;
        if (item.empty()) continue;
        std::vector<std::string> add;
        if (item == "default") add = default_codec_specs();
        else if (item == "all") add = codec_specs();
        else add = {make_codec(item)->spec()};  // validates, canonicalises
        for (auto& s : add)
            if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    }
    if (out.empty()) throw UsageError("empty codec list; valid codecs: jpegxl:e1..e9, jpegxl:max, jpegls, jpeg2000, rice, hcompress, gzip");
    return out;
}

CodecResult roundtrip(const Codec& codec, const Frame16& frame, bool keep_bytes) {
    CodecResult r;
    r.codec = codec.spec();
    r.width = frame.width;
    r.height = frame.height;
    r.raw_bytes = 2 * frame.size();
    const std::string who = "codec " + r.codec;
    try {
        if (frame.pixels.size() != frame.size())
            throw Error("frame has " + std::to_string(frame.pixels.size()) + " pixels, expected " +
                        std::to_string(frame.width) + "x" + std::to_string(frame.height));
        double w0 = wall_seconds(), c0 = cpu_seconds();
        std::vector<std::uint8_t> bytes = codec.encode(frame);
        r.encode_s = wall_seconds() - w0;
        r.encode_cpu_s = cpu_seconds() - c0;
        r.compressed_bytes = bytes.size();

        w0 = wall_seconds();
        c0 = cpu_seconds();
        std::vector<std::uint16_t> back = codec.decode(bytes, frame.width, frame.height);
        r.decode_s = wall_seconds() - w0;
        r.decode_cpu_s = cpu_seconds() - c0;

        if (back.size() != frame.size()) {
            r.error = who + ": decoded " + std::to_string(back.size()) + " pixels, expected " +
                      std::to_string(frame.size());
        } else {
            auto mm = std::mismatch(back.begin(), back.end(), frame.pixels.begin());
            if (mm.first != back.end()) {
                std::size_t i = std::size_t(mm.first - back.begin());
                r.error = who + ": NOT lossless: pixel (" + std::to_string(i % std::max<std::size_t>(frame.width, 1)) +
                          ", " + std::to_string(i / std::max<std::size_t>(frame.width, 1)) + ") decoded as " +
                          std::to_string(*mm.first) + ", original " + std::to_string(*mm.second);
            } else {
                r.lossless_ok = true;
            }
        }
        if (keep_bytes) r.bytes = std::move(bytes);
    } catch (const std::bad_alloc&) {
        r.error = who + ": out of memory";
    } catch (const std::exception& e) {
        std::string msg = e.what();
        r.error = msg.find(r.codec) != std::string::npos || msg.rfind(codec.name(), 0) == 0 ? msg : who + ": " + msg;
    } catch (...) {
        r.error = who + ": unknown exception";
    }
    return r;
}

}  // namespace bitsky::codecs
