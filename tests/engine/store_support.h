#pragma once
// Rows for the results-store tests (store_test.cpp, store_report_test.cpp).
#include <cstdint>
#include <string>

#include "engine/store/store.h"

namespace bitsky::test::store {

using namespace bitsky::store;

inline ImageRecord image_rec(std::int64_t dataset, const std::string& path, int hdu, const std::string& hash,
                      std::int64_t frames = 1) {
    ImageRecord r;
    r.dataset_id = dataset;
    r.path = path;
    r.hdu = hdu;
    r.frame_count = frames;
    r.shape = "[100, 50]";
    r.content_hash = hash;
    r.size_bytes = 10000;
    return r;
}

inline ResultRow result(std::int64_t image, std::int64_t frame, std::int64_t codec, std::int64_t raw, std::int64_t comp,
                 double enc = 0.001) {
    ResultRow r;
    r.image_id = image;
    r.frame = frame;
    r.codec_id = codec;
    r.raw_bytes = raw;
    r.compressed_bytes = comp;
    r.encode_s = r.encode_median_s = enc;
    r.decode_s = r.decode_median_s = enc / 2;
    r.lossless_ok = true;
    return r;
}

inline ResultRow failure(std::int64_t image, std::int64_t frame, std::int64_t codec, const std::string& msg) {
    ResultRow r = result(image, frame, codec, 1000, 0, 0);
    r.lossless_ok = false;
    r.error = msg;
    return r;
}

}  // namespace bitsky::test::store
