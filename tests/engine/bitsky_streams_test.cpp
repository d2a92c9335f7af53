// BitSky's streams are frozen: every image frame of shared/data/corpus and shared/data/real
// (every pixel type; 16-bit frames as "BSK5", the others as "BSX1") encodes to exactly the
// bytes recorded in tests/data/bitsky_streams.tsv (length and XXH64 of the stream). Speed
// work on the coder must leave every stream as it was; a deliberate format change
// rewrites the table (and says so in its commit):
//
//     BITSKY_WRITE_STREAM_TABLE=tests/data/bitsky_streams.tsv build/tests/bitsky_streams_test
//
// (run from the source folder; the test then writes the table instead of comparing).
#include <gtest/gtest.h>
#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "engine/codecs/codec.h"
#include "engine/fits/fits.h"
#include "engine/image/cube.h"
#include "tests/engine/edge_frames.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::test;

namespace {

struct Row {
    std::size_t bytes = 0;
    std::string hash;  // XXH64, 16 hex digits
};

// "folder/file[hdu] frame k" -> the stream's length and hash, for every image frame.
std::map<std::string, Row> streams_now() {
    std::map<std::string, Row> out;
    auto bitsky = codecs::make_codec("bitsky");
    for (const char* folder : {"corpus", "real"}) {
        const auto dir = shared_data(folder);
        if (!std::filesystem::is_directory(dir)) throw std::runtime_error("missing test data folder " + dir.string());
        for (const auto& p : fits_files_in(dir)) {
            auto f = fits::File::open(p);
            for (const auto& h : f.hdus()) {
                if (!h.is_image() || !h.problem.empty() || h.axes.size() < 2 || h.bitpix == 64) continue;
                const std::size_t frames = BasicCube<double>::element_count(h.axes) / (h.axes[0] * h.axes[1]);
                for (std::size_t k = 0; k < frames; ++k) {
                    const PixelFrame fr = f.read_frame(h.index, k);
                    const auto s = bitsky->encode_any(fr);
                    char hex[17];
                    std::snprintf(hex, sizeof hex, "%016llx",
                                  static_cast<unsigned long long>(XXH64(s.data(), s.size(), 0)));
                    out[std::string(folder) + "/" + p.filename().string() + "[" + std::to_string(h.index) +
                        "] frame " + std::to_string(k)] = {s.size(), hex};
                }
            }
        }
    }
    return out;
}

}  // namespace

TEST(BitskyStreams, EveryCorpusAndRealFrameKeepsItsBytes) {
    const auto now = streams_now();
    if (const char* w = std::getenv("BITSKY_WRITE_STREAM_TABLE")) {
        std::ofstream out(w);
        out << "# frame\tbytes\txxh64 (tests/engine/bitsky_streams_test.cpp)\n";
        for (const auto& [name, r] : now) out << name << '\t' << r.bytes << '\t' << r.hash << '\n';
        ASSERT_TRUE(out.good()) << "cannot write " << w;
        GTEST_SKIP() << "wrote " << now.size() << " rows to " << w;
    }
    std::ifstream in(data("bitsky_streams.tsv"));
    ASSERT_TRUE(in) << "missing " << data("bitsky_streams.tsv");
    std::map<std::string, Row> want;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream ls(line);
        std::string name;
        Row r;
        std::getline(ls, name, '\t');
        ls >> r.bytes >> r.hash;
        want[name] = r;
    }
    EXPECT_EQ(now.size(), want.size());
    for (const auto& [name, r] : want) {
        SCOPED_TRACE(name);
        const auto it = now.find(name);
        ASSERT_NE(it, now.end()) << "frame no longer encoded";
        EXPECT_EQ(it->second.bytes, r.bytes);
        EXPECT_EQ(it->second.hash, r.hash);
    }
}
