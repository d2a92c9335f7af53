// bitsky:near<k>: near-lossless BitSky for integer frames (bitsky_lossy_codec.h): uniform
// quantization with step 2k+1, the quotients coded by BitSky's lossless coder.
#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <type_traits>

#include "engine/codecs/bitsky_codec.h"
#include "engine/codecs/bitsky_lossy_codec.h"
#include "engine/util/bytes.h"
#include "engine/util/error.h"

namespace bitsky::codecs {
namespace {

constexpr char kMagic[4] = {'B', 'S', 'N', '1'};
constexpr int kMaxNear = 65535;

// The subtractive dither of pixel i: 0 .. step - 1 from SplitMix64 of its index, the same in
// encoder and decoder. It moves each pixel's reconstruction grid, so the errors are uniform
// in [-k, k] whatever the value (without it, flat sky would sit on one grid and medians of it,
// such as a photometric annulus's background, would be off by up to k).
std::int64_t dither(std::size_t i, std::int64_t step) {
    std::uint64_t z = std::uint64_t(i) + 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return std::int64_t((z ^ (z >> 31)) % std::uint64_t(step));
}

class BitskyNearCodec final : public Codec {
public:
    explicit BitskyNearCodec(int k) : k_(k) {}

    std::string spec() const override { return "bitsky:near" + std::to_string(k_); }
    std::string name() const override { return "bitsky"; }
    std::string library() const override { return "BitSky"; }
    std::string library_version() const override { return "BSN1"; }
    bool multithreaded() const override { return false; }
    bool lossy() const override { return true; }
    std::string size_note() const override {
        return "BSN1 stream: 24-byte header (k, minimum, maximum) + BitSky's stream of the values quantized with "
               "step " + std::to_string(2 * k_ + 1);
    }
    std::string refusal(int bitpix, std::size_t width, std::size_t height) const override {
        if (bitpix < 0)
            return "near-lossless coding of integer frames only; floats: bitsky:q<level> (fpack's quantization); "
                   "this HDU is " + pixel_type_name(bitpix);
        if (width == 0 || height == 0) return "empty frame";
        return "";
    }
    std::vector<std::uint8_t> encode(const Frame16& f) const override {
        return encode_any(PixelFrame::of(std::vector<std::uint16_t>(f.pixels.begin(), f.pixels.end()), f.width, f.height));
    }
    std::vector<std::uint16_t> decode(std::span<const std::uint8_t> bytes, std::size_t w, std::size_t h) const override {
        return decode_any(bytes, Sample::U16, w, h).get<std::uint16_t>();
    }
    std::string coding(const PixelFrame& frame) const override {
        return std::string(sample_name(frame.sample())) + " quantized uniformly with step " + std::to_string(2 * k_ + 1) +
               " and a subtractive dither (max error " + std::to_string(k_) + "), BitSky's context model on the quotients";
    }
    std::string check_reconstruction(const PixelFrame& original, const PixelFrame& decoded,
                                     std::span<const std::uint8_t>) const override {
        return check_max_error(original, decoded, k_);
    }
    std::vector<std::uint8_t> encode_any(const PixelFrame& frame) const override;
    PixelFrame decode_any(std::span<const std::uint8_t> bytes, Sample sample, std::size_t width,
                          std::size_t height) const override;

private:
    int k_;
    std::string who() const { return spec() + " (BitSky near-lossless)"; }
    [[noreturn]] void fail(const std::string& why) const { throw Error(who() + ": " + why); }
};

std::vector<std::uint8_t> BitskyNearCodec::encode_any(const PixelFrame& frame) const {
    if (auto why = refusal(frame.bitpix(), frame.width, frame.height); !why.empty()) fail(why);
    if (frame.count() != frame.size()) fail("frame size does not match its values");
    const std::int64_t step = 2 * std::int64_t(k_) + 1;
    std::int64_t lo = 0, hi = 0;
    std::vector<std::int32_t> q(frame.size());
    std::visit(
        [&](const auto& v) {
            using V = typename std::decay_t<decltype(v)>::value_type;
            if constexpr (!std::is_floating_point_v<V>) {
                lo = hi = std::int64_t(v[0]);
                for (V x : v) {
                    lo = std::min<std::int64_t>(lo, x);
                    hi = std::max<std::int64_t>(hi, x);
                }
                for (std::size_t i = 0; i < v.size(); ++i)
                    q[i] = std::int32_t((std::int64_t(v[i]) - lo + k_ + dither(i, step)) / step);
            }
        },
        frame.values);
    const auto coded = bitsky_encode_any(PixelFrame::of(std::move(q), frame.width, frame.height));
    std::vector<std::uint8_t> out(kMagic, kMagic + 4);
    util::put_le32(out, std::uint32_t(k_));
    util::put_le64(out, std::uint64_t(lo));
    util::put_le64(out, std::uint64_t(hi));
    out.insert(out.end(), coded.begin(), coded.end());
    return out;
}

PixelFrame BitskyNearCodec::decode_any(std::span<const std::uint8_t> bytes, Sample sample, std::size_t w,
                                       std::size_t h) const {
    if (auto why = refusal(sample_bitpix(sample), w, h); !why.empty()) fail(why);
    util::ByteReader r(bytes, who() + " stream");
    if (std::memcmp(r.take(4, "the magic").data(), kMagic, 4) != 0) fail("not a BSN1 stream");
    if (r.u32("k") != std::uint32_t(k_)) fail("stream of another k");
    const auto lo = std::int64_t(r.u64("the minimum")), hi = std::int64_t(r.u64("the maximum"));
    const std::int64_t step = 2 * std::int64_t(k_) + 1;
    PixelFrame out = PixelFrame::zeros(sample, w, h);
    const PixelFrame q = bitsky_decode_any(bytes.subspan(r.position()), Sample::I32, w, h);
    const auto& qv = q.get<std::int32_t>();
    std::visit(
        [&](auto& v) {
            using V = typename std::decay_t<decltype(v)>::value_type;
            if constexpr (!std::is_floating_point_v<V>) {
                if (lo > hi || lo < std::int64_t(std::numeric_limits<V>::min()) ||
                    hi > std::int64_t(std::numeric_limits<V>::max()))
                    fail("corrupt stream (value range)");
                const std::int64_t qmax = (hi - lo + k_ + step - 1) / step;
                for (std::size_t i = 0; i < v.size(); ++i) {
                    if (qv[i] < 0 || qv[i] > qmax) fail("corrupt stream (quotient out of range)");
                    v[i] = V(std::clamp(lo + std::int64_t(qv[i]) * step - dither(i, step), lo, hi));
                }
            }
        },
        out.values);
    return out;
}

}  // namespace

std::string check_max_error(const PixelFrame& original, const PixelFrame& decoded, int k) {
    if (decoded.sample() != original.sample() || decoded.width != original.width ||
        decoded.height != original.height || decoded.count() != original.count())
        return "decoded frame has another type or size";
    return std::visit(
        [&](const auto& a) -> std::string {
            using V = typename std::decay_t<decltype(a)>::value_type;
            if constexpr (std::is_floating_point_v<V>) {
                return "not an integer frame";
            } else {
                const auto& b = decoded.get<V>();
                for (std::size_t i = 0; i < a.size(); ++i) {
                    const std::int64_t e = std::int64_t(b[i]) - std::int64_t(a[i]);
                    if (e > k || e < -k)
                        return "pixel (" + std::to_string(i % original.width) + ", " +
                               std::to_string(i / original.width) + "): error " + std::to_string(e) + ", more than " +
                               std::to_string(k);
                }
                return "";
            }
        },
        original.values);
}

namespace detail {
std::unique_ptr<Codec> make_bitsky_near(std::string_view option) {
    int k = 0;
    const auto digits = option.substr(4);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), k);
    if (!option.starts_with("near") || ec != std::errc() || end != digits.data() + digits.size() || k < 1 ||
        k > kMaxNear)
        throw UsageError("'" + std::string(option) + "': near-lossless is near<k>, k = 1.." + std::to_string(kMaxNear) +
                         " (max abs error)");
    return std::make_unique<BitskyNearCodec>(k);
}
}  // namespace detail

}  // namespace bitsky::codecs
