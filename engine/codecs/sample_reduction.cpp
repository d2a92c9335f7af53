#include "engine/codecs/sample_reduction.h"

#include <algorithm>
#include <bit>

#include "engine/util/bytes.h"
#include "engine/util/error.h"

namespace bitsky::codecs::reduction {
namespace {

constexpr std::uint8_t kMagic = 'R', kVersion = 1;

// The order-preserving unsigned view of value i of an int32/uint32 frame.
std::vector<std::uint32_t> ordered(const PixelFrame& frame) {
    if (frame.sample() == Sample::U32) return frame.get<std::uint32_t>();
    if (frame.sample() != Sample::I32)
        throw Error(std::string("sample reduction takes int32 and uint32 frames, not ") + sample_name(frame.sample()));
    const auto& v = frame.get<std::int32_t>();
    std::vector<std::uint32_t> u(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) u[i] = static_cast<std::uint32_t>(v[i]) ^ 0x80000000u;
    return u;
}

// The frame's own value of an ordered unsigned value, as text.
std::string value_text(std::uint32_t u, Sample s) {
    return s == Sample::I32 ? std::to_string(static_cast<std::int32_t>(u ^ 0x80000000u)) : std::to_string(u);
}

Plan plan_for(std::uint32_t lo, std::uint32_t hi, const DepthRule& depth) {
    Plan p;
    p.minimum = lo;
    const int need = bits_for(hi - lo);
    if (int d = depth(need); d > 0) {
        p.layout = Layout::Offset;
        p.bits = d;
        return p;
    }
    p.layout = Layout::Planes;
    p.bits = depth(bits_for((hi - lo) >> 16));
    if (p.bits <= 0 || depth(16) != 16) throw Error("the codec cannot code 16-bit planes");
    return p;
}

}  // namespace

int bits_for(std::uint32_t range) { return range == 0 ? 0 : int(std::bit_width(range)); }

Plan choose(const PixelFrame& frame, const DepthRule& depth) {
    const auto u = ordered(frame);
    if (u.empty()) throw Error("cannot reduce an empty frame");
    const auto [lo, hi] = std::minmax_element(u.begin(), u.end());
    return plan_for(*lo, *hi, depth);
}

std::string describe(const Plan& plan, Sample sample) {
    const std::string head =
        std::string(sample_name(sample)) + " minus the frame minimum " + value_text(plan.minimum, sample);
    if (plan.layout == Layout::Offset) return head + " -> " + std::to_string(plan.bits) + "-bit samples";
    return head + " as high/low 16-bit planes (high plane " + std::to_string(plan.bits) + "-bit samples)";
}

std::vector<std::uint8_t> encode(const PixelFrame& frame, const DepthRule& depth, const EncodePlane& code) {
    std::vector<std::uint32_t> u = ordered(frame);
    if (u.empty()) throw Error("cannot encode an empty frame");
    const auto [lo, hi] = std::minmax_element(u.begin(), u.end());
    const Plan plan = plan_for(*lo, *hi, depth);
    for (auto& v : u) v -= plan.minimum;

    std::vector<std::uint8_t> out = {kMagic, kVersion, static_cast<std::uint8_t>(plan.layout),
                                     static_cast<std::uint8_t>(plan.bits)};
    const std::uint32_t stored = frame.sample() == Sample::I32 ? plan.minimum ^ 0x80000000u : plan.minimum;
    util::put_le32(out, stored);
    if (plan.layout == Layout::Offset) {
        const auto cs = code(u, plan.bits);
        out.insert(out.end(), cs.begin(), cs.end());
        return out;
    }
    std::vector<std::uint32_t> low(u.size());
    for (std::size_t i = 0; i < u.size(); ++i) {
        low[i] = u[i] & 0xffffu;
        u[i] >>= 16;
    }
    const auto high_cs = code(u, plan.bits);
    const auto low_cs = code(low, 16);
    util::put_le32(out, static_cast<std::uint32_t>(high_cs.size()));
    out.insert(out.end(), high_cs.begin(), high_cs.end());
    out.insert(out.end(), low_cs.begin(), low_cs.end());
    return out;
}

PixelFrame decode(std::span<const std::uint8_t> bytes, Sample sample, std::size_t width, std::size_t height,
                  const DepthRule& depth, const DecodePlane& decode_plane, const std::string& who) {
    auto fail = [&](const std::string& why) -> void { throw Error(who + ": " + why); };
    if (sample != Sample::I32 && sample != Sample::U32)
        fail(std::string("no sample reduction for ") + sample_name(sample) + " frames");
    util::ByteReader r(bytes, who + " reduced stream");
    const std::uint8_t magic = r.u8("magic"), version = r.u8("version"), layout = r.u8("layout"),
                       bits = r.u8("depth");
    if (magic != kMagic) fail("not a reduced 32-bit stream (no 'R' header)");
    if (version != kVersion) fail("reduced stream version " + std::to_string(version) + " (this build reads 1)");
    if (layout != std::uint8_t(Layout::Offset) && layout != std::uint8_t(Layout::Planes))
        fail("unknown reduction layout " + std::to_string(layout));
    if (bits > 32 || depth(bits) != bits) fail("coded depth " + std::to_string(bits) + " is not one this codec writes");
    std::uint32_t minimum = r.u32("frame minimum");
    if (sample == Sample::I32) minimum ^= 0x80000000u;  // to the ordered view

    std::vector<std::uint32_t> u;
    const std::size_t n = width * height;
    auto plane = [&](std::span<const std::uint8_t> cs, int b) {
        std::vector<std::uint32_t> p = decode_plane(cs, b);
        if (p.size() != n) fail("plane decoded to " + std::to_string(p.size()) + " values, expected " + std::to_string(n));
        const std::uint64_t limit = (std::uint64_t(1) << b) - 1;
        for (auto v : p)
            if (v > limit) fail("plane value " + std::to_string(v) + " exceeds its " + std::to_string(b) + "-bit depth");
        return p;
    };
    if (layout == std::uint8_t(Layout::Offset)) {
        u = plane(r.take(r.left(), "plane"), bits);
    } else {
        const std::uint32_t high_len = r.u32("high plane length");
        u = plane(r.take(high_len, "high plane"), bits);
        if (depth(16) != 16) fail("the codec cannot code 16-bit planes");
        const auto low = plane(r.take(r.left(), "low plane"), 16);
        for (std::size_t i = 0; i < n; ++i) {
            if (u[i] > 0xffffu) fail("high plane value exceeds 16 bits");
            u[i] = u[i] << 16 | low[i];
        }
    }
    for (auto& v : u) {
        if (std::uint64_t(v) + minimum > 0xffffffffu) fail("value exceeds the 32-bit range (corrupt minimum or plane)");
        v += minimum;
    }
    if (sample == Sample::U32) return PixelFrame::of(std::move(u), width, height);
    std::vector<std::int32_t> s(n);
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<std::int32_t>(u[i] ^ 0x80000000u);
    return PixelFrame::of(std::move(s), width, height);
}

}  // namespace bitsky::codecs::reduction
