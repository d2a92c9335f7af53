#include "engine/codecs/sample_reduction.h"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>
#include <utility>

#include "engine/util/bytes.h"
#include "engine/util/error.h"

namespace bitsky::codecs::reduction {
namespace {

constexpr std::uint8_t kMagic = 'R', kVersion = 1;

// Order-preserving unsigned views of 32-bit values, and back: int32 ^ 0x80000000; uint32 as
// is; float32 bit patterns as sign-magnitude made monotonic (negative: all bits inverted;
// positive: sign bit set), so -NaN < -Inf < ... < -0 < +0 < ... < +Inf < +NaN, adjacent
// floats adjacent integers (every pattern kept, NaN payloads included).
std::uint32_t to_ordered(std::uint32_t bits, Sample s) {
    if (s == Sample::I32) return bits ^ 0x80000000u;
    if (s == Sample::F32) return (bits & 0x80000000u) ? ~bits : bits | 0x80000000u;
    return bits;
}
std::uint32_t from_ordered(std::uint32_t o, Sample s) {
    if (s == Sample::I32) return o ^ 0x80000000u;
    if (s == Sample::F32) return (o & 0x80000000u) ? o ^ 0x80000000u : ~o;
    return o;
}

bool reducible(Sample s) { return s == Sample::I32 || s == Sample::U32 || s == Sample::F32; }

std::vector<std::uint32_t> ordered(const PixelFrame& frame) {
    const Sample s = frame.sample();
    if (!reducible(s))
        throw Error(std::string("sample reduction takes int32, uint32 and float32 frames, not ") + sample_name(s));
    std::vector<std::uint32_t> u(frame.size());
    std::memcpy(u.data(), frame.bytes().data(), 4 * u.size());
    for (auto& v : u) v = to_ordered(v, s);
    return u;
}

// The frame's own value of an ordered value, as text.
std::string value_text(std::uint32_t o, Sample s) {
    const std::uint32_t bits = from_ordered(o, s);
    if (s == Sample::I32) return std::to_string(static_cast<std::int32_t>(bits));
    if (s != Sample::F32) return std::to_string(bits);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g (0x%08x)", double(std::bit_cast<float>(bits)), bits);
    return buf;
}

// The smallest and largest value (a plain loop: std::minmax_element is not vectorised).
std::pair<std::uint32_t, std::uint32_t> range_of(const std::vector<std::uint32_t>& u) {
    std::uint32_t lo = u[0], hi = u[0];
    for (const auto v : u) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    return {lo, hi};
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
    const auto [lo, hi] = range_of(u);
    return plan_for(lo, hi, depth);
}

std::string describe(const Plan& plan, Sample sample) {
    const std::string head = std::string(sample_name(sample)) +
                             (sample == Sample::F32 ? " bit patterns as ordered integers" : "") +
                             " minus the frame minimum " + value_text(plan.minimum, sample);
    if (plan.layout == Layout::Offset) return head + " -> " + std::to_string(plan.bits) + "-bit samples";
    return head + " as high/low 16-bit planes (high plane " + std::to_string(plan.bits) + "-bit samples)";
}

std::vector<std::uint8_t> encode(const PixelFrame& frame, const DepthRule& depth, const EncodePlane& code) {
    if (frame.count() != frame.size()) throw Error("frame size does not match its values");
    std::vector<std::uint32_t> u = ordered(frame);
    if (u.empty()) throw Error("cannot encode an empty frame");
    const auto [lo, hi] = range_of(u);
    const Plan plan = plan_for(lo, hi, depth);
    for (auto& v : u) v -= plan.minimum;

    std::vector<std::uint8_t> out = {kMagic, kVersion, static_cast<std::uint8_t>(plan.layout),
                                     static_cast<std::uint8_t>(plan.bits)};
    const std::uint32_t stored = from_ordered(plan.minimum, frame.sample());
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
    if (!reducible(sample)) fail(std::string("no sample reduction for ") + sample_name(sample) + " frames");
    util::ByteReader r(bytes, who + " reduced stream");
    const std::uint8_t magic = r.u8("magic"), version = r.u8("version"), layout = r.u8("layout"),
                       bits = r.u8("depth");
    if (magic != kMagic) fail("not a reduced 32-bit stream (no 'R' header)");
    if (version != kVersion) fail("reduced stream version " + std::to_string(version) + " (this build reads 1)");
    if (layout != std::uint8_t(Layout::Offset) && layout != std::uint8_t(Layout::Planes))
        fail("unknown reduction layout " + std::to_string(layout));
    if (bits > 32 || depth(bits) != bits) fail("coded depth " + std::to_string(bits) + " is not one this codec writes");
    const std::uint32_t minimum = to_ordered(r.u32("frame minimum"), sample);

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
    PixelFrame out = PixelFrame::zeros(sample, width, height);
    for (auto& v : u) v = from_ordered(v, sample);
    std::memcpy(out.bytes().data(), u.data(), 4 * n);
    return out;
}

}  // namespace bitsky::codecs::reduction
