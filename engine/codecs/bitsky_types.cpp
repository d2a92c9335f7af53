// BitSky on every pixel type other than 16 bits (16-bit frames keep the "BSK5" stream of
// bitsky_codec.cpp byte for byte). A frame is reduced reversibly to a plane of unsigned
// integers that bitsky_planes codes with the context model:
//   uint8, int32, uint32: the values minus the frame minimum (uint8 as it is);
//   float32/float64 whose finite values are all integer multiples of 2^-s (s <= 8, the
//     integers below 2^53, checked to give back every bit pattern): those integers minus
//     their minimum ("integer" mode: counts, DN, saturated arcs, quarter-integers);
//   other floats: the bit patterns as order-preserving integers (sign-magnitude turned
//     two's-complement-like: monotone in the value, -0 just below +0) minus their minimum;
//     for frames of both signs also rotated left by one bit (|value| first, the sign as
//     the lowest bit: noise around zero stays close), whichever plane codes smaller.
// NaN and +-Inf (and -0 in integer mode) are exceptions: an exception mask (0, or 1 + the
// index of the value's bit pattern in a table of the distinct exceptional patterns) coded
// by the 16-bit context model, their pixels filled with the previous pixel's value. A
// frame with more than 65535 distinct exceptional patterns is coded in ordered mode
// without a mask (every bit pattern is an ordered integer).
// Stream "BSX1": sample type, mode ('I' integer, 'O' ordered, 'R' rotated), scale s, flags (1: mask),
// offset (u64 LE: the minimum, two's complement in integer mode), XXH32 of the frame's
// bytes (u32 LE); with a mask: table size (u32), its patterns (u64 LE each), the mask's
// stream length (u32) and stream; then the plane (bitsky_planes.h).
#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <climits>
#include <cstdint>
#include <type_traits>
#include <variant>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <optional>

#include "engine/codecs/bitsky_codec.h"
#include "engine/codecs/bitsky_planes.h"
#include "engine/util/bytes.h"
#include "engine/util/error.h"

namespace bitsky::codecs {
namespace {

constexpr int kMaxScale = 8;
constexpr std::size_t kMaxExceptions = 65535;

template <typename T>
using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

template <typename T>
Bits<T> bits_of(T v) {
    return std::bit_cast<Bits<T>>(v);
}
template <typename T>
bool is_nan_or_inf(T v) {
    return !std::isfinite(v);
}
// Order-preserving map of a float's bits to an unsigned integer and back.
template <typename U>
U to_ordered(U b) {
    constexpr U sign = U{1} << (8 * sizeof(U) - 1);
    return (b & sign) ? static_cast<U>(~b) : static_cast<U>(b | sign);
}
template <typename U>
U from_ordered(U o) {
    constexpr U sign = U{1} << (8 * sizeof(U) - 1);
    return (o & sign) ? static_cast<U>(o & ~sign) : static_cast<U>(~o);
}

// The bits rotated left by one: |value|'s bits first (monotone in |value|), the sign last,
// so values of both signs near zero stay close (their ordered integers are far apart).
template <typename U>
U to_rotated(U b) {
    return static_cast<U>(b << 1 | b >> (8 * sizeof(U) - 1));
}
template <typename U>
U from_rotated(U r) {
    return static_cast<U>(r >> 1 | r << (8 * sizeof(U) - 1));
}

std::string number(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

// What encode_any does with a frame: decided once, by plan(), for encoding and coding().
struct Plan {
    Sample sample = Sample::U8;
    char mode = 'I';
    int scale = 0;
    std::uint64_t offset = 0;              // integer mode: int64 minimum as two's complement
    std::vector<std::uint64_t> exceptions;  // distinct exceptional bit patterns
    std::vector<std::uint16_t> mask;        // empty: none
    bitsky_planes::Values u;                // the plane
    // Floats of both signs: the rotated plane ('R') and its offset, tried against 'O'.
    std::optional<bitsky_planes::Values> alt_u;
    std::uint64_t alt_offset = 0;
    bitsky_planes::PlaneChoice choice;
    std::vector<std::uint8_t> plane_bytes;  // the plane's stream when choosing made it
    std::string text;
};

// Exceptions: mask and table; false if there are too many distinct patterns.
template <typename T, typename IsException>
bool collect_exceptions(const std::vector<T>& v, IsException is_exception, Plan& p) {
    std::map<std::uint64_t, std::uint16_t> index;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!is_exception(v[i])) continue;
        if (p.mask.empty()) p.mask.assign(v.size(), 0);
        auto [it, added] = index.try_emplace(static_cast<std::uint64_t>(bits_of(v[i])), 0);
        if (added) {
            if (p.exceptions.size() >= kMaxExceptions) {
                p.mask.clear();
                p.exceptions.clear();
                return false;
            }
            p.exceptions.push_back(it->first);
            it->second = static_cast<std::uint16_t>(p.exceptions.size());
        }
        p.mask[i] = it->second;
    }
    return true;
}

// The plane from per-pixel unsigned values `val` of the regular pixels (mask 0): the
// minimum subtracted (it becomes the offset) and exceptions filled with the previous value.
void fill_plane(std::vector<std::uint64_t> val, Plan& p, std::uint64_t min) {
    const bool masked = !p.mask.empty();
    std::size_t first = val.size();
    for (std::size_t i = 0; i < val.size(); ++i)
        if (!masked || p.mask[i] == 0) {
            val[i] -= min;
            if (first == val.size()) first = i;
        }
    const std::uint64_t lead = first < val.size() ? val[first] : 0;
    if (masked)
        for (std::size_t i = 0; i < val.size(); ++i)
            if (p.mask[i] != 0) val[i] = i < first ? lead : val[i - 1];
    p.u = bitsky_planes::narrowest(std::move(val));
}

// The values minus `mn` (every difference below 2^(8 sizeof(P))) as a plane of P.
template <typename P, typename T>
std::vector<P> offset_plane(const std::vector<T>& v, std::int64_t mn) {
    using W = std::make_unsigned_t<T>;
    std::vector<P> out(v.size());
    const auto m = static_cast<W>(mn);
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = static_cast<P>(static_cast<W>(static_cast<W>(v[i]) - m));
    return out;
}

template <typename T>
void plan_integers(const std::vector<T>& v, Plan& p) {
    std::int64_t mn = 0, mx = 0;
    if (!v.empty()) {  // a plain loop: std::minmax_element is not vectorised (5x slower)
        T a = v[0], b = v[0];
        for (const T x : v) {
            a = std::min(a, x);
            b = std::max(b, x);
        }
        mn = a;
        mx = b;
    }
    if (std::is_same_v<T, std::uint8_t>) mn = 0;  // uint8 is coded as it is
    // Straight from the values to the narrowest plane (no exceptions in integer frames).
    if (mx - mn < 65536) p.u = offset_plane<std::uint16_t>(v, mn);
    else p.u = offset_plane<std::uint32_t>(v, mn);
    p.offset = static_cast<std::uint64_t>(mn);
    if (!std::is_same_v<T, std::uint8_t>)
        p.text = std::string(sample_name(p.sample)) + " values in [" + std::to_string(mn) + ", " + std::to_string(mx) +
                 "] minus the minimum " + std::to_string(mn) + ": ";
}

// The scale s (0..kMaxScale) that makes every regular value an exact integer, or -1.
template <typename T>
int integer_scale(const std::vector<T>& v, const std::vector<std::uint16_t>& mask) {
    for (int s = 0; s <= kMaxScale; ++s) {
        bool ok = true;
        for (std::size_t i = 0; i < v.size() && ok; ++i) {
            if (!mask.empty() && mask[i] != 0) continue;
            const double d = std::ldexp(static_cast<double>(v[i]), s);
            ok = std::abs(d) < 9007199254740992.0 && d == std::floor(d) &&
                 bits_of(static_cast<T>(std::ldexp(static_cast<double>(static_cast<std::int64_t>(d)), -s))) ==
                     bits_of(v[i]);
        }
        if (ok) return s;
    }
    return -1;
}

template <typename T>
void plan_floats(const std::vector<T>& v, Plan& p) {
    const char* type = sample_name(p.sample);
    // Integer mode: NaN, Inf and -0 are exceptions.
    const T negzero = -T(0);
    if (collect_exceptions(v, [&](T x) { return is_nan_or_inf(x) || bits_of(x) == bits_of(negzero); }, p)) {
        if (const int s = integer_scale(v, p.mask); s >= 0) {
            std::vector<std::uint64_t> val(v.size(), 0);
            std::int64_t mn = INT64_MAX, mx = INT64_MIN;
            for (std::size_t i = 0; i < v.size(); ++i) {
                if (!p.mask.empty() && p.mask[i] != 0) continue;
                const auto n = static_cast<std::int64_t>(std::ldexp(static_cast<double>(v[i]), s));
                val[i] = static_cast<std::uint64_t>(n);
                mn = std::min(mn, n);
                mx = std::max(mx, n);
            }
            if (mn > mx) mn = mx = 0;
            p.mode = 'I';
            p.scale = s;
            p.offset = static_cast<std::uint64_t>(mn);
            fill_plane(std::move(val), p, p.offset);
            const double lo = std::ldexp(static_cast<double>(mn), -s), hi = std::ldexp(static_cast<double>(mx), -s);
            const std::string factor = std::to_string(1 << s);
            std::string what = "integers";
            std::string times;
            if (s > 0) {
                what = "multiples of 1/";
                what += factor;
                times = "x";
                times += factor;
                times += " ";
            }
            p.text = std::string(type) + " values are " + what + " in [" + number(lo) + ", " + number(hi) + "]: " +
                     times + "minus the minimum: ";
            return;
        }
    }
    // Ordered mode: NaN and Inf are exceptions (if they are few enough kinds).
    p.mask.clear();
    p.exceptions.clear();
    collect_exceptions(v, [](T x) { return is_nan_or_inf(x); }, p);
    std::vector<std::uint64_t> val(v.size());
    std::uint64_t mn = UINT64_MAX;
    for (std::size_t i = 0; i < v.size(); ++i) {
        val[i] = to_ordered(bits_of(v[i]));
        if (p.mask.empty() || p.mask[i] == 0) mn = std::min(mn, val[i]);
    }
    if (mn == UINT64_MAX) mn = 0;
    bool negative = false, positive = false;
    for (std::size_t i = 0; i < v.size(); ++i)
        if (p.mask.empty() || p.mask[i] == 0) (std::signbit(v[i]) ? negative : positive) = true;
    if (negative && positive) {
        std::vector<std::uint64_t> rot(v.size());
        std::uint64_t rmn = UINT64_MAX;
        for (std::size_t i = 0; i < v.size(); ++i) {
            rot[i] = to_rotated(bits_of(v[i]));
            if (p.mask.empty() || p.mask[i] == 0) rmn = std::min(rmn, rot[i]);
        }
        Plan r;
        r.mask = p.mask;
        fill_plane(std::move(rot), r, rmn);
        p.alt_u = std::move(r.u);
        p.alt_offset = rmn;
    }
    p.mode = 'O';
    p.offset = mn;
    fill_plane(std::move(val), p, mn);
    p.text = std::string(type) + " bit patterns as order-preserving integers minus their minimum: ";
}

Plan plan(const PixelFrame& f) {
    Plan p;
    p.sample = f.sample();
    std::visit(
        [&](const auto& v) {
            using T = typename std::decay_t<decltype(v)>::value_type;
            if constexpr (std::is_floating_point_v<T>) plan_floats(v, p);
            else plan_integers(v, p);
        },
        f.values);
    const int mantissa = p.mode != 'O' ? 0 : p.sample == Sample::F32 ? 23 : 52;
    p.choice = bitsky_planes::choose(p.u, f.width, f.height, mantissa, &p.plane_bytes, p.alt_u.has_value());
    if (p.alt_u) {
        std::vector<std::uint8_t> alt_bytes;
        const auto alt = bitsky_planes::choose(*p.alt_u, f.width, f.height, mantissa + 1, &alt_bytes, true);
        if (alt.cost < p.choice.cost) {
            p.mode = 'R';
            p.u = std::move(*p.alt_u);
            p.offset = p.alt_offset;
            p.choice = alt;
            p.plane_bytes = std::move(alt_bytes);
            p.text = std::string(sample_name(p.sample)) +
                     " bit patterns rotated (|value|'s bits, then the sign) minus their minimum: ";
        }
        p.alt_u.reset();
    }
    if (p.sample != Sample::U8 || (p.choice.kind != 'D' && p.choice.kind != 'C')) p.text += p.choice.text();
    if (!p.mask.empty()) {
        const std::size_t n = p.mask.size() - static_cast<std::size_t>(std::count(p.mask.begin(), p.mask.end(), 0));
        p.text += " + " + std::to_string(n) + (p.mode == 'I' ? " NaN/Inf/-0" : " NaN/Inf") + " positions (" +
                  std::to_string(p.exceptions.size()) + " distinct bit patterns) as a mask coded as uint16";
    }
    return p;
}

std::uint32_t checksum(std::span<const std::uint8_t> b) { return XXH32(b.data(), b.size(), 0); }

bool takes(Sample s) { return s != Sample::U16 && s != Sample::I16; }

}  // namespace

std::string bitsky_coding(const PixelFrame& frame) {
    if (frame.is_16bit()) return "";
    return plan(frame).text;
}

std::vector<float> bitsky_pixel_bits(const PixelFrame& frame) {
    if (frame.is_16bit()) {
        const Cube16 view = frame.to_u16();
        return bitsky_pixel_bits(view.frame(0));
    }
    if (frame.count() != frame.size()) throw Error("bitsky: frame holds another number of values than width x height");
    const Plan p = plan(frame);
    std::vector<float> bits(frame.size(), 0.0f);
    if (bits.empty()) return bits;
    double spread = 8.0 * 20;  // the BSX1 header
    if (!p.mask.empty()) {
        const auto m = bitsky_pixel_bits(Frame16{p.mask, frame.width, frame.height});
        for (std::size_t i = 0; i < bits.size(); ++i) bits[i] += m[i];
        spread += 8.0 * (4 + 8 * static_cast<double>(p.exceptions.size()) + 4);
    }
    bitsky_planes::add_pixel_bits(p.u, frame.width, frame.height, p.choice, bits);
    const auto per = static_cast<float>(spread / static_cast<double>(bits.size()));
    for (auto& b : bits) b += per;
    return bits;
}

std::vector<std::uint8_t> bitsky_encode_any(const PixelFrame& frame) {
    if (!takes(frame.sample())) throw Error("bitsky: 16-bit frames use bitsky_encode");
    if (frame.count() != frame.size()) throw Error("bitsky: frame holds another number of values than width x height");
    if (frame.width > 0xFFFFFFFFu || frame.height > 0xFFFFFFFFu) throw Error("bitsky: frame too large");
    const Plan p = plan(frame);
    std::vector<std::uint8_t> out = {'B', 'S', 'X', '1', static_cast<std::uint8_t>(p.sample),
                                     static_cast<std::uint8_t>(p.mode), static_cast<std::uint8_t>(p.scale),
                                     static_cast<std::uint8_t>(p.mask.empty() ? 0 : 1)};
    out.reserve(64 + frame.bytes().size() + 2 * frame.size());  // no reallocation on any frame that compresses
    util::put_le64(out, p.offset);
    util::put_le32(out, checksum(frame.bytes()));
    if (!p.mask.empty()) {
        util::put_le32(out, static_cast<std::uint32_t>(p.exceptions.size()));
        for (auto e : p.exceptions) util::put_le64(out, e);
        const auto m = bitsky_encode(Frame16{p.mask, frame.width, frame.height});
        util::put_le32(out, static_cast<std::uint32_t>(m.size()));
        out.insert(out.end(), m.begin(), m.end());
    }
    if (!p.plane_bytes.empty()) out.insert(out.end(), p.plane_bytes.begin(), p.plane_bytes.end());
    else bitsky_planes::encode(p.u, frame.width, frame.height, p.choice, out);
    return out;
}

namespace {

template <typename T, typename U>
void restore(std::vector<T>& out, const std::vector<U>& u, const std::vector<std::uint16_t>& mask,
             const std::vector<std::uint64_t>& exc, char mode, int scale, std::uint64_t offset) {
    if constexpr (!std::is_floating_point_v<T>) {
        if (mask.empty()) {  // integers: the values plus the offset, in the type's width
            using W = std::make_unsigned_t<T>;
            const auto o = static_cast<W>(offset);
            for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<T>(static_cast<W>(static_cast<W>(u[i]) + o));
            return;
        }
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (!mask.empty() && mask[i] != 0) {
            if constexpr (std::is_floating_point_v<T>) out[i] = std::bit_cast<T>(static_cast<Bits<T>>(exc[mask[i] - 1u]));
            continue;
        }
        const std::uint64_t v = std::uint64_t{u[i]} + offset;
        if constexpr (std::is_floating_point_v<T>) {
            if (mode == 'O') out[i] = std::bit_cast<T>(from_ordered(static_cast<Bits<T>>(v)));
            else if (mode == 'R') out[i] = std::bit_cast<T>(from_rotated(static_cast<Bits<T>>(v)));
            else {
                // A valid stream holds finite values here; a corrupt one is clamped (the checksum fails).
                const double d = std::ldexp(static_cast<double>(static_cast<std::int64_t>(v)), -scale);
                out[i] = static_cast<T>(std::clamp(d, static_cast<double>(std::numeric_limits<T>::lowest()),
                                                   static_cast<double>(std::numeric_limits<T>::max())));
            }
        } else {
            out[i] = static_cast<T>(static_cast<std::int64_t>(v));
        }
    }
}

}  // namespace

PixelFrame bitsky_decode_any(std::span<const std::uint8_t> bytes, Sample sample, std::size_t width, std::size_t height) {
    if (!takes(sample)) throw Error("bitsky: 16-bit frames use bitsky_decode");
    if (bytes.size() < 4 || std::memcmp(bytes.data(), "BSX", 3) != 0)
        throw Error("bitsky: not a bitsky stream of a non-16-bit frame (bad or missing header)");
    if (bytes[3] != '1') throw Error("bitsky: stream format of an unknown version (this build reads BSX1)");
    util::ByteReader r(bytes, "bitsky stream");
    r.take(4, "magic");
    if (r.u8("sample type") != static_cast<std::uint8_t>(sample))
        throw Error(std::string("bitsky: the stream holds another pixel type than ") + sample_name(sample));
    const char mode = static_cast<char>(r.u8("mode"));
    const int scale = r.u8("scale");
    const int flags = r.u8("flags");
    if ((mode != 'I' && mode != 'O' && mode != 'R') || scale > kMaxScale || flags > 1 ||
        (mode != 'I' && !sample_is_float(sample)))
        throw Error("bitsky: corrupt stream (bad mode)");
    const std::uint64_t offset = r.u64("offset");
    const std::uint32_t sum = r.u32("checksum");
    std::vector<std::uint64_t> exc;
    std::vector<std::uint16_t> mask;
    if (flags & 1) {
        const std::size_t n = r.u32("exception count");
        if (n == 0 || n > kMaxExceptions) throw Error("bitsky: corrupt stream (exception table)");
        for (std::size_t i = 0; i < n; ++i) exc.push_back(r.u64("exception"));
        const std::size_t mn = r.u32("mask length");
        mask = bitsky_decode(r.take(mn, "mask"), width, height);
        for (auto m : mask)
            if (m > n) throw Error("bitsky: corrupt stream (mask beyond the exception table)");
    }
    const auto u = bitsky_planes::decode(r.take(r.left(), "plane"), width, height);
    PixelFrame f = PixelFrame::zeros(sample, width, height);
    std::visit([&](auto& v) { std::visit([&](const auto& plane) { restore(v, plane, mask, exc, mode, scale, offset); }, u); },
               f.values);
    if (checksum(f.bytes()) != sum)
        throw Error("bitsky: corrupt stream or other shape than " + std::to_string(width) + "x" + std::to_string(height) +
                    " (checksum mismatch)");
    return f;
}

}  // namespace bitsky::codecs
