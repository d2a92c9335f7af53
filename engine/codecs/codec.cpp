// Codec list parsing and the verified round trip.
#include "engine/codecs/codec.h"

#include <algorithm>
#include <exception>
#include <new>

#include "engine/util/error.h"
#include "engine/util/spec.h"
#include "engine/util/timing.h"

namespace bitsky::codecs {

std::vector<std::string> default_codec_specs() { return {"jpegxl:e7", "jpegls", "jpeg2000", "rice"}; }

std::string pixel_type_name(int bitpix) {
    const std::string n = "BITPIX=" + std::to_string(bitpix);
    switch (bitpix) {
        case 8: return n + " (8-bit unsigned integers)";
        case 16: return n + " (16-bit integers)";
        case 32: return n + " (32-bit integers)";
        case 64: return n + " (64-bit integers)";
        case -32: return n + " (32-bit floats)";
        case -64: return n + " (64-bit floats)";
        default: return n;
    }
}

std::string Codec::refusal(int bitpix, std::size_t, std::size_t) const {
    if (bitpix == 16) return "";
    return "takes 16-bit integer images only; this HDU is " + pixel_type_name(bitpix);
}

std::vector<std::uint8_t> Codec::encode_any(const PixelFrame& frame) const {
    if (auto why = refusal(frame.bitpix(), frame.width, frame.height); !why.empty() || !frame.is_16bit())
        throw Error(spec() + ": " + (why.empty() ? "takes 16-bit integer images only" : why));
    if (frame.sample() == Sample::U16) return encode(Frame16{frame.get<std::uint16_t>(), frame.width, frame.height});
    const Cube16 view = frame.to_u16();
    return encode(view.frame(0));
}

std::string Codec::coding(const PixelFrame&) const { return ""; }

std::string Codec::check_reconstruction(const PixelFrame&, const PixelFrame&, std::span<const std::uint8_t>) const {
    return "";
}

std::string Codec::fits_tile_header(std::span<const std::uint8_t>, Sample, std::size_t, std::size_t) const {
    throw Error(spec() + ": its bytes are not a FITS tile-compressed table");
}

PixelFrame Codec::decode_any(std::span<const std::uint8_t> bytes, Sample sample, std::size_t width,
                             std::size_t height) const {
    if (sample != Sample::U16 && sample != Sample::I16)
        throw Error(spec() + ": takes 16-bit integer images only; cannot decode " + sample_name(sample) + " values");
    return PixelFrame::from_u16(decode(bytes, width, height), sample, width, height);
}

std::vector<std::string> parse_codec_list(std::string_view list) {
    std::vector<std::string> out;
    for (const auto& item : util::split_list(list)) {
        std::vector<std::string> add;
        if (item == "default") add = default_codec_specs();
        else if (item == "all") add = codec_specs();
        else if (item == "lossy") add = lossy_codec_specs();
        else add = {make_codec(item)->spec()};  // validates, canonicalises
        for (auto& s : add)
            if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    }
    if (out.empty())
        throw UsageError("empty codec list; valid codecs: jpegxl:e1..e9, jpegxl:max, jpegls, jpeg2000, rice, hcompress, "
                         "gzip, gzip2, bitsky, zstd, zfp; lossy: rice:q4 and the like (bitsky-cli codecs)");
    return out;
}

namespace {

// The error text of a failed step: the codec's own message when it names the codec.
std::string failure_text(const Codec& codec, const std::string& spec, const std::string& msg) {
    return msg.find(spec) != std::string::npos || msg.rfind(codec.name(), 0) == 0 ? msg : "codec " + spec + ": " + msg;
}

// One timed encode and decode into `r`: compare(decoded) returns "" when lossless or what
// differs. Never throws: an exception or out-of-memory becomes r.error naming the codec.
template <class Encode, class Decode, class Compare>
void timed_roundtrip(const Codec& codec, CodecResult& r, bool keep_bytes, Encode encode, Decode decode, Compare compare) {
    try {
        double w0 = util::wall_seconds(), c0 = util::process_cpu_seconds();
        std::vector<std::uint8_t> bytes = encode();
        r.encode_s = util::wall_seconds() - w0;
        r.encode_cpu_s = util::process_cpu_seconds() - c0;
        r.compressed_bytes = bytes.size();

        w0 = util::wall_seconds();
        c0 = util::process_cpu_seconds();
        auto back = decode(bytes);
        r.decode_s = util::wall_seconds() - w0;
        r.decode_cpu_s = util::process_cpu_seconds() - c0;

        if (std::string diff = compare(back, bytes); !diff.empty())
            r.error = "codec " + r.codec + ": " + diff;
        else
            r.lossless_ok = true;
        if (keep_bytes) r.bytes = std::move(bytes);
    } catch (const std::bad_alloc&) {
        r.error = "codec " + r.codec + ": out of memory";
    } catch (const std::exception& e) {
        r.error = failure_text(codec, r.codec, e.what());
    } catch (...) {
        r.error = "codec " + r.codec + ": unknown exception";
    }
}

std::string size_mismatch(std::size_t count, std::size_t width, std::size_t height) {
    return "frame has " + std::to_string(count) + " pixels, expected " + std::to_string(width) + "x" +
           std::to_string(height);
}

// "same type and size" as `frame`, or what differs.
std::string shape_difference(const PixelFrame& frame, const PixelFrame& back) {
    if (back.sample() != frame.sample())
        return std::string("decoded ") + sample_name(back.sample()) + " values, expected " + sample_name(frame.sample());
    if (back.width != frame.width || back.height != frame.height || back.count() != frame.size())
        return "decoded " + std::to_string(back.width) + "x" + std::to_string(back.height) + " (" +
               std::to_string(back.count()) + " values), expected " + std::to_string(frame.width) + "x" +
               std::to_string(frame.height);
    return "";
}

// The round trip of a frame of any type through encode_any / decode_any: check(r, decoded,
// bytes) returns "" when the decoded frame is what the codec promises, else what is wrong.
template <class Check>
CodecResult any_type_roundtrip(const Codec& codec, const PixelFrame& frame, bool keep_bytes, Check check) {
    CodecResult r;
    r.codec = codec.spec();
    r.lossy = codec.lossy();
    r.width = frame.width;
    r.height = frame.height;
    r.raw_bytes = frame.raw_bytes();
    try {
        r.coding = codec.coding(frame);
    } catch (const std::exception&) {
        // encode_any reports the same problem as the result's error
    }
    timed_roundtrip(
        codec, r, keep_bytes,
        [&] {
            if (frame.count() != frame.size()) throw Error(size_mismatch(frame.count(), frame.width, frame.height));
            return codec.encode_any(frame);
        },
        [&](const std::vector<std::uint8_t>& bytes) {
            return codec.decode_any(bytes, frame.sample(), frame.width, frame.height);
        },
        [&](PixelFrame& back, const std::vector<std::uint8_t>& bytes) { return check(r, back, bytes); });
    return r;
}

CodecResult lossy_roundtrip(const Codec& codec, const PixelFrame& frame, bool keep_bytes) {
    CodecResult r = any_type_roundtrip(
        codec, frame, keep_bytes,
        [&](CodecResult& res, PixelFrame& back, const std::vector<std::uint8_t>& bytes) -> std::string {
            if (std::string d = shape_difference(frame, back); !d.empty()) return d;
            const PixelFrame again = codec.decode_any(bytes, frame.sample(), frame.width, frame.height);
            if (std::string d = first_difference(back, again); !d.empty())
                return "decoding is not deterministic: the second decode differs at " + d;
            if (std::string d = codec.check_reconstruction(frame, back, bytes); !d.empty())
                return "decoded frame breaks the codec's promise: " + d;
            res.decoded = std::move(back);
            return "";
        });
    r.lossy = true;
    r.lossless_ok = false;  // a lossy codec never claims losslessness, even where it happens to be exact
    return r;
}

}  // namespace

CodecResult roundtrip(const Codec& codec, const Frame16& frame, bool keep_bytes) {
    if (codec.lossy())
        return lossy_roundtrip(codec, PixelFrame::of(std::vector<std::uint16_t>(frame.pixels.begin(), frame.pixels.end()),
                                                     frame.width, frame.height),
                               keep_bytes);
    CodecResult r;
    r.codec = codec.spec();
    r.width = frame.width;
    r.height = frame.height;
    r.raw_bytes = 2 * frame.size();
    timed_roundtrip(
        codec, r, keep_bytes,
        [&] {
            if (frame.pixels.size() != frame.size()) throw Error(size_mismatch(frame.pixels.size(), frame.width, frame.height));
            return codec.encode(frame);
        },
        [&](const std::vector<std::uint8_t>& bytes) { return codec.decode(bytes, frame.width, frame.height); },
        [&](const std::vector<std::uint16_t>& back, const std::vector<std::uint8_t>&) -> std::string {
            if (back.size() != frame.size())
                return "decoded " + std::to_string(back.size()) + " pixels, expected " + std::to_string(frame.size());
            auto mm = std::mismatch(back.begin(), back.end(), frame.pixels.begin());
            if (mm.first == back.end()) return {};
            const std::size_t i = std::size_t(mm.first - back.begin()), w = std::max<std::size_t>(frame.width, 1);
            return "NOT lossless: pixel (" + std::to_string(i % w) + ", " + std::to_string(i / w) + ") decoded as " +
                   std::to_string(*mm.first) + ", original " + std::to_string(*mm.second);
        });
    return r;
}

CodecResult roundtrip(const Codec& codec, const PixelFrame& frame, bool keep_bytes) {
    if (codec.lossy()) return lossy_roundtrip(codec, frame, keep_bytes);
    if (frame.is_16bit() && frame.count() == frame.size()) {
        if (frame.sample() == Sample::U16)
            return roundtrip(codec, Frame16{frame.get<std::uint16_t>(), frame.width, frame.height}, keep_bytes);
        const Cube16 view = frame.to_u16();
        return roundtrip(codec, view.frame(0), keep_bytes);
    }
    return any_type_roundtrip(codec, frame, keep_bytes,
                              [&](CodecResult&, const PixelFrame& back, const std::vector<std::uint8_t>&) {
                                  std::string diff = first_difference(frame, back);
                                  return diff.empty() ? diff : "NOT lossless: " + diff;
                              });
}

}  // namespace bitsky::codecs
