// The round trip of lossy codecs (codecs::roundtrip with Codec::lossy()): the decoded frame
// is checked against the codec's own promise (check_reconstruction) and decoded twice
// (deterministic), never against the original; a lossy result is never a lossless failure.
// Checked with fpack's quantization (rice:q4) and with two small lossy codecs defined here
// (the low bits of each value dropped): one honest, one whose decode is not deterministic
// and one that breaks its promise, so each check is seen to fire.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <cmath>
#include <random>

#include "engine/codecs/codec.h"
#include "engine/codecs/cube_codec.h"
#include "engine/util/error.h"
#include "tests/engine/test_support.h"

using namespace bitsky;
using namespace bitsky::test;

namespace {

// uint16 values with their low `drop` bits cleared; promises |error| < 2^drop.
class DropBits : public codecs::Codec {
public:
    explicit DropBits(int drop, bool honest = true, bool deterministic = true)
        : drop_(drop), honest_(honest), deterministic_(deterministic) {}
    std::string spec() const override { return "dropbits"; }
    std::string name() const override { return "dropbits"; }
    std::string library() const override { return "test"; }
    std::string library_version() const override { return "1"; }
    bool multithreaded() const override { return false; }
    std::string size_note() const override { return "2 bytes per pixel"; }
    bool lossy() const override { return true; }
    std::vector<std::uint8_t> encode(const Frame16& f) const override {
        std::vector<std::uint8_t> out;
        for (std::uint16_t v : f.pixels) {
            const std::uint16_t kept = honest_ ? std::uint16_t(v >> drop_ << drop_) : std::uint16_t(v ^ 0x4000);
            out.push_back(std::uint8_t(kept >> 8));
            out.push_back(std::uint8_t(kept & 0xff));
        }
        return out;
    }
    std::vector<std::uint16_t> decode(std::span<const std::uint8_t> b, std::size_t w, std::size_t h) const override {
        if (b.size() != 2 * w * h) throw Error("dropbits: wrong size");
        std::vector<std::uint16_t> out(w * h);
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = std::uint16_t(b[2 * i] << 8 | b[2 * i + 1]);
        if (!deterministic_) out[0] ^= std::uint16_t(calls_++ & 1);
        return out;
    }
    std::string check_reconstruction(const PixelFrame& original, const PixelFrame& decoded,
                                      std::span<const std::uint8_t>) const override {
        const auto& a = original.get<std::uint16_t>();
        const auto& d = decoded.get<std::uint16_t>();
        for (std::size_t i = 0; i < a.size(); ++i)
            if (std::abs(int(a[i]) - int(d[i])) >= (1 << drop_)) return "pixel " + std::to_string(i) + " off by more";
        return "";
    }

private:
    int drop_;
    bool honest_, deterministic_;
    mutable std::atomic<int> calls_{0};
};

Frame16 ramp(std::vector<std::uint16_t>& storage, std::size_t w, std::size_t h) {
    storage.resize(w * h);
    for (std::size_t i = 0; i < storage.size(); ++i) storage[i] = std::uint16_t(1000 + 37 * i);
    return Frame16{storage, w, h};
}

}  // namespace

TEST(LossyRoundtrip, VerifiedAgainstTheCodecsPromiseNotTheOriginal) {
    std::vector<std::uint16_t> px;
    const Frame16 f = ramp(px, 30, 20);
    const auto r = codecs::roundtrip(DropBits(3), f);
    EXPECT_TRUE(r.lossy);
    EXPECT_FALSE(r.lossless_ok);
    EXPECT_TRUE(r.error.empty()) << r.error;
    EXPECT_TRUE(r.ok());
    ASSERT_TRUE(r.decoded.has_value());
    EXPECT_EQ(r.decoded->get<std::uint16_t>()[1], std::uint16_t((1000 + 37) & ~7));
    EXPECT_EQ(r.compressed_bytes, 2 * f.size());
    EXPECT_FALSE(r.fidelity.has_value());  // measured by the caller (analysis::lossy_roundtrip)

    const auto liar = codecs::roundtrip(DropBits(3, false), f);
    EXPECT_FALSE(liar.ok());
    EXPECT_NE(liar.error.find("breaks the codec's promise"), std::string::npos) << liar.error;
    EXPECT_EQ(liar.error.find("NOT lossless"), std::string::npos) << liar.error;

    const auto flaky = codecs::roundtrip(DropBits(3, true, false), f);
    EXPECT_FALSE(flaky.ok());
    EXPECT_NE(flaky.error.find("not deterministic"), std::string::npos) << flaky.error;
}

TEST(LossyRoundtrip, FpackQuantizationIsALossyResult) {
    std::mt19937 rng(7);
    std::normal_distribution<float> n(500.0f, 12.0f);
    std::vector<float> v(200 * 150);
    for (auto& x : v) x = n(rng);
    const PixelFrame f = PixelFrame::of(std::move(v), 200, 150);
    const auto codec = codecs::make_codec("rice:q4");
    const auto r = codecs::roundtrip(*codec, f, true);
    EXPECT_TRUE(r.ok()) << r.error;
    EXPECT_TRUE(r.lossy);
    EXPECT_FALSE(r.lossless_ok);
    ASSERT_TRUE(r.decoded.has_value());
    EXPECT_EQ(first_difference(*r.decoded, codec->decode_any(r.bytes, f.sample(), f.width, f.height)), "");
    EXPECT_NE(first_difference(f, *r.decoded), "");  // it is lossy
    EXPECT_LT(r.compressed_bytes, r.raw_bytes / 3);
    EXPECT_NE(r.coding.find("quantized"), std::string::npos) << r.coding;
    // The promise is checked for real: a decoded frame moved by a full step breaks it.
    PixelFrame moved = *r.decoded;
    moved.get<float>()[123] += 12.0f;
    EXPECT_NE(codec->check_reconstruction(f, moved, r.bytes).find("beyond half the tile's step"), std::string::npos);
    EXPECT_EQ(codec->check_reconstruction(f, *r.decoded, r.bytes), "");
    // Refused integers: a failed (not a lossless-failed) result.
    const auto ints = codecs::roundtrip(*codec, PixelFrame::of(std::vector<std::uint8_t>(100, 3), 10, 10));
    EXPECT_FALSE(ints.ok());
    EXPECT_TRUE(ints.lossy);
    EXPECT_EQ(ints.error.find("NOT lossless"), std::string::npos);
}

TEST(LossyRoundtrip, CubeTransformsRefuseLossyCodecs) {
    try {
        codecs::CubeCodec("tdiff+rice:q4");
        ADD_FAILURE() << "accepted a lossy codec under a cube transform";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("need a lossless codec"), std::string::npos) << e.what();
    }
}

// bitsky-cli roundtrip labels lossy results and shows their fidelity; they are not failures.
TEST(LossyRoundtrip, CliLabelsLossyResultsWithTheirFidelity) {
    const auto file = shared_data("corpus/vlt_isaac_ir_tan.fits");
    auto r = run_cli("roundtrip --codec rice:q4,gzip2 --json " + shell_quote(file.string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["files"].size(), 2u);
    const auto& lossy = j["files"][0];
    EXPECT_EQ(lossy["codec"], "rice:q4");
    EXPECT_TRUE(lossy["lossy"].get<bool>());
    EXPECT_TRUE(lossy["ok"].get<bool>());
    const auto& fr = lossy["frames"][0];
    EXPECT_TRUE(fr["lossy"].get<bool>());
    const auto& fid = fr["fidelity"];
    EXPECT_NEAR(fid["rms_over_sigma"].get<double>(), 1 / (4 * std::sqrt(12.0)), 0.02);
    EXPECT_GT(fid["sources"].get<int>(), 0);
    EXPECT_EQ(fid["source_origin"], "detected");
    EXPECT_FALSE(j["files"][1]["lossy"].get<bool>());
    EXPECT_FALSE(j["files"][1]["frames"][0].contains("fidelity"));
    r = run_cli("roundtrip --codec rice:q4 " + shell_quote(file.string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("LOSSY: rms/sigma"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
    // An integer image: skipped with fpack's reason, not failed (the file has no float HDU: exit 1 naming it).
    r = run_cli("roundtrip --codec rice:q4 " + shell_quote(shared_data("corpus/cfht_megacam_uint16.fits").string()));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("fpack does not quantize integer images"), std::string::npos) << r.out;
}
