// Neural model files and the neural module (issues #15 and #20): a bad model file (each
// metadata field out of range, weights that do not match the metadata, not finite, a broken
// causal mask, truncated, random bytes) is refused naming the file and what is wrong, by the
// engine and by `bitsky-cli costmap` (exit 1, never a crash); the kernel refuses networks
// beyond its limits; LibTorch is loaded only by neural work, from the module; without it
// the neural commands exit 2 saying "built without neural support".
//
// Bad files are made from a real saved model by editing its LibTorch archive (a zip of
// stored records) in place: one record's bytes replaced by bytes of the same length and the
// record's CRC-32 fixed, so the archive itself stays valid and only the edited field is wrong.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/fits/fits.h"
#include "engine/neural/features.h"
#include "engine/neural/infer.h"
#include "engine/neural/neural.h"
#include "engine/sample/sample_sky.h"
#include "engine/util/error.h"
#include "engine/util/random.h"
#include "tests/engine/test_support.h"

namespace bitsky::neural {
namespace {

namespace fs = std::filesystem;

// A tiny network of consistent shape for the kernel, every weight zero.
detail::NetWeights zero_net(int channels, int layers, int mixtures) {
    detail::NetWeights w;
    w.C = channels;
    w.Cp = detail::padded(channels);
    w.layers = layers;
    w.K = mixtures;
    const auto Cp = std::size_t(w.Cp), Kp = std::size_t(detail::padded(mixtures));
    w.head_out = 3 * mixtures;
    w.head_outp = detail::padded(w.head_out);
    w.nin = detail::kNeighbourInputs;
    w.nmed = detail::kPixelInputs;
    const auto nin = std::size_t(w.nin), nmed = std::size_t(w.nmed);
    w.in_w.assign(12 * nin * Cp, 0.0f);
    w.in_b.assign(Cp, 0.0f);
    w.med_w.assign(nmed * Cp, 0.0f);
    w.med_b.assign(Cp, 0.0f);
    for (int l = 0; l < layers; ++l) {
        w.a_w.emplace_back(5 * Cp * Cp, 0.0f);
        w.a_b.emplace_back(Cp, 0.0f);
        w.b_w.emplace_back(Cp * Cp, 0.0f);
        w.b_b.emplace_back(Cp, 0.0f);
    }
    w.head_w.assign(Cp * std::size_t(w.head_outp), 0.0f);
    w.head_b.assign(std::size_t(w.head_outp), 0.0f);
    w.lin_w.assign(12 * nin * Kp, 0.0f);
    w.linmed_w.assign(nmed * Kp, 0.0f);
    w.linmed_b.assign(Kp, 0.0f);
    return w;
}

// The kernel evaluates only networks within its limits: beyond them it throws instead of
// overflowing its fixed arrays (issue #15: mixtures = 100 crashed costmap and the GUI).
TEST(NeuralKernel, RefusesNetworksBeyondItsLimits) {
    const std::size_t w = 16, h = 8;
    std::vector<std::uint16_t> px(w * h, 1000);
    std::vector<float> bits(w * h);
    std::vector<double> rows(h);
    auto run = [&](const detail::NetWeights& net) {
        return test::error_of([&] { detail::eval_rows(net, px.data(), w, h, 0, h, detail::frame_stats(px.data(), w, h), bits.data(), rows.data()); });
    };
    EXPECT_EQ(run(zero_net(8, 1, 3)), "");  // within limits: runs
    for (double b : rows) EXPECT_TRUE(std::isfinite(b));
    EXPECT_NE(run(zero_net(8, 1, 100)).find("100 mixture components"), std::string::npos);
    EXPECT_NE(run(zero_net(8, 1, 0)).find("mixture components"), std::string::npos);
    auto short_head = zero_net(8, 1, 3);
    short_head.head_w.resize(5);
    EXPECT_NE(run(short_head).find("'head'"), std::string::npos);
    auto bad_pad = zero_net(8, 1, 3);
    bad_pad.Cp = 4;
    EXPECT_NE(run(bad_pad).find("shape"), std::string::npos);
    auto missing_block = zero_net(8, 2, 3);
    missing_block.a_w.pop_back();
    EXPECT_NE(run(missing_block).find("layers"), std::string::npos);
}

// The frame's constants: the lower median pixel, the robust noise (median |horizontal
// difference| x 1.4826 / sqrt 2, vertical for one-pixel-wide frames) within 1/32 octave of
// its quantised code, the lowest and highest values. Gaussian noise of sigma 10 around 1000
// with a saturated block (5% of the pixels at 65535, which the robust estimates ignore).
TEST(NeuralFeatures, FrameConstantsAreRobustBackgroundAndNoise) {
    util::Random rng(5);
    const std::size_t w = 256, h = 200;
    std::vector<std::uint16_t> x(w * h);
    for (auto& v : x) v = std::uint16_t(std::lround(1000.0 + 10.0 * rng.normal()));
    for (std::size_t r = 20; r < 60; ++r)
        for (std::size_t c = 30; c < 62; ++c) x[r * w + c] = 65535;
    const auto fs = detail::frame_stats(x.data(), w, h);
    EXPECT_NEAR(fs.background, 1000.0, 1.0);
    EXPECT_NEAR(fs.sigma, 10.0, 0.6);
    EXPECT_EQ(fs.sigma, detail::sigma_of_code(fs.sigma_q));
    EXPECT_LE(std::abs(std::log2(fs.sigma) * 16.0 - fs.sigma_q), 0.5 + 1e-9);
    EXPECT_EQ(fs.hi, 65535);
    EXPECT_EQ(fs.lo, *std::min_element(x.begin(), x.end()));
    // One pixel wide: the differences along the column; a constant frame: the floor 0.5.
    const auto column = detail::frame_stats(x.data() + 100 * w, 1, 100);  // 100 noise pixels as a column
    EXPECT_EQ(column.sigma_q, detail::sigma_code(column.sigma));
    EXPECT_GT(column.sigma, 5.0);
    const std::vector<std::uint16_t> flat(64, 7);
    const auto c = detail::frame_stats(flat.data(), 8, 8);
    EXPECT_EQ(c.background, 7.0);
    EXPECT_EQ(c.sigma, 0.5);
    EXPECT_EQ(c.lo, 7);
    EXPECT_EQ(c.hi, 7);
}

#ifdef BITSKY_HAVE_TORCH

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void spit(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

std::uint32_t crc32(const char* p, std::size_t n) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < n; ++i) {
        c ^= std::uint8_t(p[i]);
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

std::uint32_t get(const std::string& s, std::size_t at, int n) {
    std::uint32_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | std::uint8_t(s[at + std::size_t(i)]);
    return v;
}

void put32(std::string& s, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) s[at + std::size_t(i)] = char((v >> (8 * i)) & 0xFF);
}

// A stored record of the archive: where its bytes are, where its CRCs are.
struct Record {
    std::string name;
    std::size_t data = 0, size = 0, local_crc = 0, central_crc = 0;
};

std::vector<Record> records(const std::string& zip) {
    const std::size_t eocd = zip.rfind(std::string("PK\x05\x06", 4));
    if (eocd == std::string::npos) throw std::runtime_error("not a zip");
    std::vector<Record> out;
    std::size_t at = get(zip, eocd + 16, 4);
    for (std::uint32_t i = 0, n = get(zip, eocd + 10, 2); i < n; ++i) {
        if (get(zip, at, 4) != 0x02014b50) throw std::runtime_error("bad central directory");
        const std::size_t name_len = get(zip, at + 28, 2), extra = get(zip, at + 30, 2), comment = get(zip, at + 32, 2);
        const std::size_t local = get(zip, at + 42, 4);
        Record r;
        r.name = zip.substr(at + 46, name_len);
        r.size = get(zip, at + 20, 4);
        r.central_crc = at + 16;
        r.local_crc = local + 14;
        r.data = local + 30 + get(zip, local + 26, 2) + get(zip, local + 28, 2);
        if (get(zip, at + 10, 2) == 0) out.push_back(r);  // stored, not deflated
        at += 46 + name_len + extra + comment;
    }
    return out;
}

// Replaces a record's bytes (same length) and fixes its CRCs.
void replace_record(std::string& zip, const Record& r, const std::string& bytes) {
    ASSERT_EQ(bytes.size(), r.size) << r.name;
    zip.replace(r.data, r.size, bytes);
    const std::uint32_t crc = crc32(bytes.data(), bytes.size());
    put32(zip, r.local_crc, crc);
    put32(zip, r.central_crc, crc);
}

bool is_metadata(const std::string& zip, const Record& r) {
    return r.size > 0 && zip[r.data] == '{' && zip.substr(r.data, r.size).find("\"format\"") != std::string::npos;
}

// Writes a copy of `good` whose metadata JSON text is edit(compact JSON), padded with spaces
// to the record's length (the training history is dropped first if the text grew).
void write_with_metadata(const fs::path& good, const fs::path& out, const std::function<std::string(std::string)>& edit) {
    std::string zip = slurp(good);
    for (const auto& r : records(zip)) {
        if (!is_metadata(zip, r)) continue;
        auto j = nlohmann::json::parse(zip.substr(r.data, r.size));
        j.erase("training");
        j.erase("loss_curve");
        std::string text = edit(j.dump());
        ASSERT_LE(text.size(), r.size);
        text.resize(r.size, ' ');
        replace_record(zip, r, text);
        spit(out, zip);
        return;
    }
    FAIL() << "no metadata record in " << good;
}

std::string set_field(const std::string& text, const std::string& key, const std::string& value) {
    auto j = nlohmann::json::parse(text);
    j.erase(key);
    std::string s = j.dump();
    return "{\"" + key + "\":" + value + "," + s.substr(1);  // raw text: allows 1e999, NaN, ...
}

// One valid small model (direct, 4 channels, 1 layer, 2 mixtures) and a frame to map.
struct Fixture {
    test::TempDir dir;
    fs::path good = dir / "good.pt", fits = dir / "x.fits";
    Fixture() {
        auto s = sample::synthetic_frame(40, 32, 5.0, 20.0, 3);
        fits::Writer w(fits);
        w.write_u16({s.width, s.height}, s.pixels);
        w.close();
        Model m({Split::Direct, 4, 1, 2}, 7);
        TrainFrame f{s.pixels, s.width, s.height, "x"};
        TrainOptions o;
        o.epochs = 1;
        o.steps_per_epoch = 2;
        o.batch = 2;
        o.patch = 16;
        o.threads = 1;
        m.train({f}, o);
        m.save(good);
    }
    // costmap with model `file`: exit code and stderr.
    test::CommandResult costmap(const fs::path& file) const {
        return test::run_cli("costmap --model " + test::shell_quote("neural:" + file.string()) + " " +
                             test::shell_quote(fits.string()));
    }
};

// Every metadata field out of range: Model::load and costmap refuse the file, naming it and
// the field (costmap exits 1, no crash).
TEST(NeuralFiles, BadMetadataIsRefusedNamingFileAndField) {
    Fixture fx;
    ASSERT_EQ(fx.costmap(fx.good).exit_code, 0) << fx.costmap(fx.good).err;
    struct Case {
        std::string key, value, expect;  // expect: in the message besides the file
    };
    const std::vector<Case> cases = {
        {"mixtures", "100", "'mixtures' is 100"}, {"mixtures", "0", "'mixtures' is 0"},
        {"mixtures", "2.5", "'mixtures' is 2.5"}, {"channels", "0", "'channels' is 0"},
        {"channels", "-3", "'channels' is -3"},   {"channels", "\"8\"", "'channels' is \"8\""},
        {"channels", "100000", "'channels'"},     {"layers", "-1", "'layers' is -1"},
        {"layers", "1000", "'layers'"},           {"scale", "0", "'scale' is 0"},
        {"scale", "-1", "'scale' is -1"},         {"scale", "null", "'scale' is null"},
        {"scale", "1e999", "at field 'scale'"},   {"offset", "1e999", "at field 'offset'"},
        {"offset", "-1e999", "at field 'offset'"}, {"offset", "-5", "'offset' is -5"},
        {"patch", "0", "'patch' is 0"},           {"patch", "1000000", "'patch'"},
        {"epochs", "-1", "'epochs'"},             {"split", "\"bytes\"", "'split' is 'bytes'"},
        {"format", "\"bitsky-neural-9\"", "'format'"}, {"loss_curve", "3", "'loss_curve'"},
    };
    for (const auto& c : cases) {
        const fs::path bad = fx.dir / ("bad_" + c.key + ".pt");
        write_with_metadata(fx.good, bad, [&](const std::string& t) { return set_field(t, c.key, c.value); });
        const std::string err = test::error_of([&] { Model::load(bad); });
        EXPECT_NE(err.find(bad.string()), std::string::npos) << c.key << "=" << c.value << ": " << err;
        EXPECT_NE(err.find(c.expect), std::string::npos) << c.key << "=" << c.value << ": " << err;
        const auto r = fx.costmap(bad);
        EXPECT_EQ(r.exit_code, 1) << c.key << "=" << c.value << ": " << r.err;
        EXPECT_NE(r.err.find(bad.string()), std::string::npos) << r.err;
        EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
    }
    // A required field missing; metadata that is not JSON (NaN is not JSON).
    const fs::path missing = fx.dir / "missing.pt", nan = fx.dir / "nan.pt";
    write_with_metadata(fx.good, missing, [](const std::string& t) {
        auto j = nlohmann::json::parse(t);
        j.erase("channels");
        return j.dump();
    });
    EXPECT_NE(test::error_of([&] { Model::load(missing); }).find("'channels' is missing"), std::string::npos);
    write_with_metadata(fx.good, nan, [](const std::string& t) { return set_field(t, "scale", "NaN"); });
    const auto r = fx.costmap(nan);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("not JSON (at field 'scale')"), std::string::npos) << r.err;
}

// Metadata within range that does not describe the stored weights: refused, naming the
// weight (LibTorch's loader would otherwise take the file's shapes, and the kernel would read
// arrays sized by the metadata).
TEST(NeuralFiles, WeightsThatDoNotMatchTheMetadataAreRefused) {
    Fixture fx;
    for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
             {"channels", "8"}, {"channels", "2"}, {"mixtures", "3"}, {"mixtures", "32"}, {"layers", "2"},
             {"layers", "0"}, {"split", "\"msb-lsb\""}}) {
        const fs::path bad = fx.dir / ("mismatch_" + key + ".pt");
        write_with_metadata(fx.good, bad, [&](const std::string& t) { return set_field(t, key, value); });
        const auto r = fx.costmap(bad);
        EXPECT_EQ(r.exit_code, 1) << key << "=" << value << ": " << r.err;
        EXPECT_NE(r.err.find(bad.string()), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("the metadata's network"), std::string::npos) << key << "=" << value << ": " << r.err;
    }
}

// Weights that are not finite, a causal mask that is not causal, truncated files, random
// bytes, an empty file, a folder: all refused naming the file.
TEST(NeuralFiles, BrokenWeightsAndFilesAreRefused) {
    Fixture fx;
    const std::string zip = slurp(fx.good);
    const auto recs = records(zip);
    // Float records: the masks hold only 0 and 1 (both); weights hold other values.
    auto floats = [&](const Record& r) {
        std::vector<float> v(r.size / 4);
        std::memcpy(v.data(), zip.data() + r.data, v.size() * 4);
        return v;
    };
    const Record* mask = nullptr;
    const Record* weight = nullptr;
    for (const auto& r : recs) {
        if (r.name.find("/data/") == std::string::npos || r.size % 4 || is_metadata(zip, r)) continue;
        const auto v = floats(r);
        const bool zero_one = std::all_of(v.begin(), v.end(), [](float x) { return x == 0.0f || x == 1.0f; });
        const bool both = std::count(v.begin(), v.end(), 1.0f) > 0 && std::count(v.begin(), v.end(), 0.0f) > 0;
        if (zero_one && both && !mask) mask = &r;
        if (!zero_one && !weight) weight = &r;
    }
    ASSERT_TRUE(mask && weight);
    auto edited = [&](const Record& r, float value, const std::string& name) {
        std::string z = zip;
        std::vector<float> v = floats(r);
        v[v.size() / 2] = value;
        if (value == 1.0f) std::fill(v.begin(), v.end(), 1.0f);
        replace_record(z, r, std::string(reinterpret_cast<const char*>(v.data()), v.size() * 4));
        const fs::path p = fx.dir / name;
        spit(p, z);
        return p;
    };
    const auto nan = edited(*weight, std::nanf(""), "nan_weight.pt");
    const auto inf = edited(*weight, INFINITY, "inf_weight.pt");
    const auto open_mask = edited(*mask, 1.0f, "open_mask.pt");
    for (const auto& [file, expect] : std::vector<std::pair<fs::path, std::string>>{
             {nan, "not finite"}, {inf, "not finite"}, {open_mask, "not the causal mask"}}) {
        const auto r = fx.costmap(file);
        EXPECT_EQ(r.exit_code, 1) << r.err;
        EXPECT_NE(r.err.find(file.string()), std::string::npos) << r.err;
        EXPECT_NE(r.err.find(expect), std::string::npos) << r.err;
    }

    const fs::path half = fx.dir / "half.pt", tail = fx.dir / "tail.pt", noise = fx.dir / "noise.pt",
                   empty = fx.dir / "empty.pt", folder = fx.dir / "folder.pt";
    spit(half, zip.substr(0, zip.size() / 2));
    spit(tail, zip.substr(0, zip.size() - 10));
    std::string bytes(zip.size(), '\0');
    std::uint64_t x = 88172645463325252ULL;
    for (auto& b : bytes) b = char((x ^= x << 13, x ^= x >> 7, x ^= x << 17) & 0xFF);
    spit(noise, bytes);
    spit(empty, "");
    fs::create_directory(folder);
    for (const auto& file : {half, tail, noise, empty, folder}) {
        const auto r = fx.costmap(file);
        EXPECT_EQ(r.exit_code, 1) << file << ": " << r.err;
        EXPECT_NE(r.err.find(file.string()), std::string::npos) << r.err;
        EXPECT_NE(test::error_of([&] { Model::load(file); }).find(file.string()), std::string::npos);
    }
}

#endif  // BITSKY_HAVE_TORCH

}  // namespace
}  // namespace bitsky::neural
