// Cube-level compression with optional inter-frame transforms (cube_codec.h).
#include "engine/codecs/cube_codec.h"

#include <algorithm>
#include <exception>
#include <limits>
#include <new>

#include "engine/codecs/bitsky_codec.h"
#include "engine/util/bytes.h"
#include "engine/util/error.h"
#include "engine/util/timing.h"

namespace bitsky::codecs {
namespace {

constexpr std::uint8_t kVersion = 1;
constexpr std::uint8_t kModePlain = 0, kModeResidual = 1, kModeInter = 2;
constexpr std::string_view kBitsky3d = "bitsky:3d";

std::uint32_t fnv1a(std::span<const std::uint16_t> px) {
    std::uint32_t h = 2166136261u;
    for (auto v : px) {
        h = (h ^ (v & 0xFFu)) * 16777619u;
        h = (h ^ (v >> 8)) * 16777619u;
    }
    return h;
}

}  // namespace

bool is_cube_spec(std::string_view spec) { return spec.find('+') != std::string_view::npos || spec == kBitsky3d; }

CubeCodec::CubeCodec(std::string_view spec, const CodecOptions& options) {
    auto plus = spec.find('+');
    if (spec == kBitsky3d) {
        inter_ = true;
        codec_ = make_codec("bitsky", options);
        spec_ = std::string(kBitsky3d);
        return;
    }
    if (plus == std::string_view::npos) {
        codec_ = make_codec(spec, options);
        spec_ = codec_->spec();
        return;
    }
    std::string_view tpart = spec.substr(0, plus), cpart = spec.substr(plus + 1);
    if (cpart.empty())
        throw UsageError("codec spec '" + std::string(spec) + "': name a 2D codec after '+', e.g. tdiff+jpegls");
    transform_ = make_transform(tpart);
    codec_ = make_codec(cpart, options);
    if (codec_->lossy())  // the transforms predict from exact frames
        throw UsageError("codec spec '" + std::string(spec) + "': cube transforms need a lossless codec; '" +
                         codec_->spec() + "' is lossy");
    spec_ = transform_->spec() + "+" + codec_->spec();
    if (spec_.size() > 255) throw UsageError("codec spec too long: " + spec_);
}

CubeCodec::~CubeCodec() = default;
CubeCodec::CubeCodec(CubeCodec&&) noexcept = default;
CubeCodec& CubeCodec::operator=(CubeCodec&&) noexcept = default;

std::string CubeCodec::refusal(int bitpix, const std::vector<std::size_t>& axes) const {
    if (axes.size() < 3) {
        if (inter_)
            return "codec spec '" + spec_ + "' uses the inter-frame context '3d', which needs a cube (NAXIS >= 3); "
                   "this image is 2D (" + shape_string(axes) + "): use the plain codec '" + codec_->spec() + "'";
        if (transform_)
            return "codec spec '" + spec_ + "' uses the cube transform '" + transform_->spec() +
                   "', which needs a cube (NAXIS >= 3); this image is 2D (" + shape_string(axes) +
                   "): use the plain codec '" + codec_->spec() + "'";
    }
    return codec_->refusal(bitpix, axes.size() > 0 ? axes[0] : 0, axes.size() > 1 ? axes[1] : 0);
}

CubeEncoding CubeCodec::encode(const Cube16& cube) const {
    const auto& axes = cube.axes();
    if (axes.size() < 2 || axes.size() > 255) throw Error("cube " + spec_ + ": need 2 or more axes");
    if ((inter_ || transform_) && axes.size() < 3) throw UsageError(refusal(16, axes));
    for (auto a : axes)
        if (a == 0 || a > 0xFFFFFFFFu) throw Error("cube " + spec_ + ": axis length " + std::to_string(a) + " not supported");
    if (cube.data().size() != Cube16::element_count(axes))
        throw Error("cube " + spec_ + ": pixel buffer does not match shape " + shape_string(axes));

    CubeEncoding enc;
    auto& out = enc.stream;
    for (char c : std::string_view("BSKC")) out.push_back(static_cast<std::uint8_t>(c));
    out.push_back(kVersion);
    out.push_back(static_cast<std::uint8_t>(spec_.size()));
    for (char c : spec_) out.push_back(static_cast<std::uint8_t>(c));
    out.push_back(static_cast<std::uint8_t>(axes.size()));
    for (auto a : axes) util::put_le32(out, static_cast<std::uint32_t>(a));

    const std::size_t w = cube.width(), h = cube.height(), n = cube.frame_pixels();
    std::vector<std::uint16_t> pred(n), resid(n);
    for (std::size_t k = 0; k < cube.frame_count(); ++k) {
        const Frame16 frame = cube.frame(k);
        const std::size_t start = out.size();
        std::vector<std::uint8_t> payload, header;
        bool residual = false;
        if (inter_ && k > 0) {
            // Adaptive like the transforms: the inter-frame model only where it codes smaller
            // (frames independent of their predecessor cost one extra encode, no bytes).
            payload = bitsky_encode_3d(frame, cube.frame_span(k - 1));
            auto plain = codec_->encode(frame);
            if (plain.size() <= payload.size()) {
                payload = std::move(plain);
            } else {
                header.assign(1, kModeInter);
                residual = true;
            }
        } else if (transform_ && transform_->predicts(axes, k)) {
            std::vector<std::uint8_t> params = transform_->fit(cube, k);
            transform_->predict(cube, k, params, pred);
            std::int32_t offset = 0;
            if (map_residuals(frame.pixels, pred, transform_->map(), resid, offset)) {
                payload = codec_->encode(Frame16{resid, w, h});
                header.push_back(kModeResidual);
                header.push_back(static_cast<std::uint8_t>(transform_->map()));
                util::put_le32(header, static_cast<std::uint32_t>(offset));
                header.insert(header.end(), params.begin(), params.end());
                residual = true;
                if (transform_->adaptive()) {
                    auto plain = codec_->encode(frame);
                    if (plain.size() + 1 <= payload.size() + header.size()) {
                        payload = std::move(plain);
                        residual = false;
                    }
                }
            }
        }
        if (!residual) {
            if (payload.empty()) payload = codec_->encode(frame);
            header.assign(1, kModePlain);
        }
        if (payload.size() > 0xFFFFFFFFu) throw Error("cube " + spec_ + ": frame codestream over 4 GiB");
        out.insert(out.end(), header.begin(), header.end());
        util::put_le32(out, static_cast<std::uint32_t>(payload.size()));
        out.insert(out.end(), payload.begin(), payload.end());
        CubeFrameCost c;
        c.index = k;
        c.payload_bytes = payload.size();
        c.side_bytes = out.size() - start - payload.size();
        c.residual = residual;
        enc.frames.push_back(c);
    }
    util::put_le32(out, fnv1a(cube.data()));
    if (has_transform()) {
        enc.compressed_bytes = out.size();
    } else {
        for (const auto& c : enc.frames) enc.compressed_bytes += c.payload_bytes;
    }
    return enc;
}

Cube16 CubeCodec::decode(std::span<const std::uint8_t> stream, const std::vector<std::size_t>& axes) const {
    util::ByteReader r(stream, "cube stream");
    auto magic = r.take(4, "magic");
    if (magic[0] != 'B' || magic[1] != 'S' || magic[2] != 'K' || magic[3] != 'C')
        throw Error("cube " + spec_ + ": not a BitSky cube stream (bad magic)");
    if (auto v = r.u8("version"); v != kVersion)
        throw Error("cube " + spec_ + ": unsupported stream version " + std::to_string(v));
    const std::size_t slen = r.u8("spec length");
    auto sbytes = r.take(slen, "spec");
    std::string sspec(sbytes.begin(), sbytes.end());
    if (sspec != spec_) throw Error("cube " + spec_ + ": stream was made by '" + sspec + "'");
    const std::size_t naxes = r.u8("axis count");
    std::vector<std::size_t> saxes;
    for (std::size_t i = 0; i < naxes; ++i) saxes.push_back(r.u32("axes"));
    if (saxes != axes)
        throw Error("cube " + spec_ + ": stream shape " + shape_string(saxes) + ", expected " + shape_string(axes));

    Cube16 cube(axes);
    const std::size_t w = cube.width(), h = cube.height(), n = cube.frame_pixels();
    std::vector<std::uint16_t> pred(n);
    for (std::size_t k = 0; k < cube.frame_count(); ++k) {
        auto dst = cube.frame_span(k);
        const std::uint8_t mode = r.u8("frame mode");
        if (mode == kModePlain) {
            const std::size_t len = r.u32("payload length");
            auto px = codec_->decode(r.take(len, "payload"), w, h);
            if (px.size() != n) throw Error("cube " + spec_ + ": frame " + std::to_string(k) + " has the wrong size");
            std::copy(px.begin(), px.end(), dst.begin());
        } else if (mode == kModeInter) {
            if (!inter_ || k == 0)
                throw Error("cube " + spec_ + ": corrupt stream (frame " + std::to_string(k) +
                            " claims an inter-frame context it cannot have)");
            const std::size_t len = r.u32("payload length");
            auto px = bitsky_decode_3d(r.take(len, "payload"), w, h, cube.frame_span(k - 1));
            std::copy(px.begin(), px.end(), dst.begin());
        } else if (mode == kModeResidual) {
            if (!transform_ || !transform_->predicts(axes, k))
                throw Error("cube " + spec_ + ": corrupt stream (frame " + std::to_string(k) +
                            " claims a residual it cannot have)");
            const auto map = static_cast<ResidualMap>(r.u8("residual map"));
            if (map != transform_->map()) throw Error("cube " + spec_ + ": corrupt stream (residual map)");
            const auto offset = static_cast<std::int32_t>(r.u32("residual offset"));
            auto params = r.take(transform_->param_bytes(), "side information");
            const std::size_t len = r.u32("payload length");
            auto res = codec_->decode(r.take(len, "payload"), w, h);
            if (res.size() != n) throw Error("cube " + spec_ + ": frame " + std::to_string(k) + " has the wrong size");
            transform_->predict(cube, k, params, pred);
            try {
                unmap_residuals(res, pred, map, offset, dst);
            } catch (const Error& e) {
                throw Error("cube " + spec_ + ": frame " + std::to_string(k) + ": " + e.what());
            }
        } else {
            throw Error("cube " + spec_ + ": corrupt stream (frame " + std::to_string(k) + " mode " +
                        std::to_string(mode) + ")");
        }
    }
    if (r.u32("checksum") != fnv1a(cube.data()))
        throw Error("cube " + spec_ + ": corrupt stream (pixel checksum mismatch)");
    if (r.left() != 0) throw Error("cube " + spec_ + ": " + std::to_string(r.left()) + " trailing bytes after the stream");
    return cube;
}

std::vector<std::string> cube_codec_specs(const std::vector<std::string>& codec_specs) {
    std::vector<std::string> out;
    for (const auto& t : transform_names())
        for (const auto& c : codec_specs) out.push_back(t + "+" + c);
    if (std::find(codec_specs.begin(), codec_specs.end(), "bitsky") != codec_specs.end()) out.emplace_back(kBitsky3d);
    return out;
}

std::vector<std::string> parse_cube_codec_list(std::string_view list) {
    std::vector<std::string> plain_items, out;
    std::size_t pos = 0;
    std::string plain;
    while (pos <= list.size()) {
        auto comma = list.find(',', pos);
        if (comma == std::string_view::npos) comma = list.size();
        std::string_view item = list.substr(pos, comma - pos);
        pos = comma + 1;
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
        if (item.empty()) continue;
        std::vector<std::string> add;
        if (is_cube_spec(item)) add = {CubeCodec(item).spec()};
        else add = parse_codec_list(item);
        for (auto& s : add)
            if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    }
    if (out.empty()) throw UsageError("empty codec list");
    return out;
}

CubeRoundtrip cube_roundtrip(const CubeCodec& codec, const Cube16& cube) {
    CubeRoundtrip r;
    r.codec = codec.spec();
    r.axes = cube.axes();
    r.raw_bytes = 2 * cube.data().size();
    try {
        double t0 = util::wall_seconds();
        CubeEncoding enc = codec.encode(cube);
        r.encode_s = util::wall_seconds() - t0;
        r.compressed_bytes = enc.compressed_bytes;
        r.frames = enc.frames;
        t0 = util::wall_seconds();
        Cube16 back = codec.decode(enc.stream, cube.axes());
        r.decode_s = util::wall_seconds() - t0;
        auto mm = std::mismatch(back.data().begin(), back.data().end(), cube.data().begin(), cube.data().end());
        if (mm.first != back.data().end() || mm.second != cube.data().end()) {
            std::size_t i = std::size_t(mm.first - back.data().begin());
            r.error = "cube " + r.codec + ": NOT lossless at pixel index " + std::to_string(i);
        } else {
            r.lossless_ok = true;
        }
    } catch (const std::bad_alloc&) {
        r.error = "cube " + r.codec + ": out of memory";
    } catch (const std::exception& e) {
        r.error = e.what();
    }
    return r;
}

std::vector<BitsCurve> frame_bits_curves(const Cube16& cube, const std::vector<std::string>& specs,
                                         const CodecOptions& options) {
    std::vector<BitsCurve> out;
    const std::size_t n = cube.frame_pixels();
    for (const auto& s : specs) {
        BitsCurve c;
        c.codec = s;
        try {
            CubeCodec codec(s, options);
            c.codec = codec.spec();
            CubeRoundtrip rt = cube_roundtrip(codec, cube);
            c.lossless_ok = rt.lossless_ok;
            c.error = rt.error;
            c.compressed_bytes = rt.compressed_bytes;
            for (const auto& f : rt.frames) {
                // A plain spec's size contract is codestream bytes only: leave framing out.
                std::size_t bytes = f.payload_bytes + (codec.has_transform() ? f.side_bytes : 0);
                c.bits.push_back(8.0 * double(bytes));
                c.bpp.push_back(n ? 8.0 * double(bytes) / double(n) : 0.0);
                c.residual.push_back(f.residual);
            }
        } catch (const std::exception& e) {
            c.error = e.what();
        }
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace bitsky::codecs
