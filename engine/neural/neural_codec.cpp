// `neural:<model file>`: the neural model as a lossless codec of 16-bit frames
// (pixel_coder.h codes the pixels). Registered in engine/codecs/registry.cpp; needs the
// neural module (LibTorch) to load the model, and refuses without it.
//
// Stream (little-endian), version 5: "BSN5", the model's content hash (u64), XXH32 of the
// frame's width and height (u32 each) and pixels (uint16 LE), then the range-coded section to
// the end of the stream (the value set, the frame's constants the network sees, then the
// pixels: pixel_coder.h; no length word, nothing follows it): 16 bytes of header, the bitsky
// codec's 12 (which include its section's length) plus the model's hash. Version-1 ("BSNN"), version-2 ("BSN2", before the frame
// constants and the models of format 4), version-3 ("BSN3", spikes on W and N only) and
// version-4 ("BSN4", before the bitsky coder's model was an expert) streams are refused
// saying so.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <xxhash.h>

#include "engine/codecs/codec.h"
#include "engine/neural/neural.h"
#include "engine/neural/pixel_coder.h"
#include "engine/util/bytes.h"
#include "engine/util/error.h"

namespace bitsky::codecs {

namespace {

constexpr std::uint8_t kMagic[4] = {'B', 'S', 'N', '5'};
constexpr std::size_t kHeaderBytes = 16;

std::uint32_t pixel_checksum(const std::uint16_t* px, std::size_t w, std::size_t h) {
    const std::size_t n = w * h;
    std::vector<std::uint8_t> le;
    util::put_le32(le, static_cast<std::uint32_t>(w));
    util::put_le32(le, static_cast<std::uint32_t>(h));
    le.resize(8 + 2 * n);
    for (std::size_t i = 0; i < n; ++i) {
        le[8 + 2 * i] = static_cast<std::uint8_t>(px[i]);
        le[8 + 2 * i + 1] = static_cast<std::uint8_t>(px[i] >> 8);
    }
    return XXH32(le.data(), le.size(), 0);
}

std::string hex64(std::uint64_t v) {
    char s[17];
    std::snprintf(s, sizeof s, "%016llx", static_cast<unsigned long long>(v));
    return s;
}

class NeuralCodec final : public Codec {
public:
    NeuralCodec(std::string path, neural::Model model)
        : path_(std::move(path)), model_(std::move(model)), hash_(model_.content_hash()) {}
    std::string spec() const override { return "neural:" + path_; }
    std::string name() const override { return "neural"; }
    std::string library() const override { return "bitsky-neural"; }
    std::string library_version() const override { return "model " + hash_; }
    bool multithreaded() const override { return false; }
    std::string size_note() const override {
        return "16-byte header (magic with the version, the model's content hash " + hash_ +
               ", XXH32 of the frame's shape and pixels) + range-coded stream: the frame's value set, "
               "the frame's background and robust sigma, then every pixel under the model's mixture over the set mixed "
               "with adaptive histograms and a running Gaussian (binary decisions, 16-bit probabilities); decodes only with the same model, the "
               "same BitSky build and the same CPU features (AVX2+FMA or not), one thread";
    }

    std::vector<std::uint8_t> encode(const Frame16& frame) const override {
        if (frame.pixels.size() < frame.size()) throw Error("neural: the frame holds fewer pixels than its shape");
        if (frame.width > 0xFFFFFFFFu || frame.height > 0xFFFFFFFFu) throw Error("neural: frame too large");
        std::vector<std::uint8_t> out(std::begin(kMagic), std::end(kMagic));
        util::put_le64(out, std::stoull(hash_, nullptr, 16));
        util::put_le32(out, pixel_checksum(frame.pixels.data(), frame.width, frame.height));
        const auto fs = neural::detail::frame_stats(frame.pixels.data(), frame.width, frame.height);
        try {
            const auto payload = neural::detail::encode_pixels(model_.kernel_weights(), fs, frame.pixels.data(),
                                                               frame.width, frame.height);
            out.insert(out.end(), payload.begin(), payload.end());
        } catch (const Error& e) {
            throw Error(std::string("neural: ") + e.what());
        }
        return out;
    }

    std::vector<std::uint16_t> decode(std::span<const std::uint8_t> bytes, std::size_t width,
                                      std::size_t height) const override {
        util::ByteReader in(bytes, "neural stream");
        const auto magic = in.take(4, "magic");
        // Older versions: their last magic byte, number, what they lacked and what to do.
        struct Older {
            char tag;
            const char *version, *why, *again;
        };
        static constexpr Older kOlder[] = {
            {'N', "1", "with a model of an older format, before the frame's constants were network inputs",
             " with a model trained by this BitSky"},
            {'2', "2", "with a model of an older format, before the frame's constants were network inputs",
             " with a model trained by this BitSky"},
            {'3', "3", "whose mixture had spikes on the west and north neighbours only", ""},
            {'4', "4", "whose mixture did not have the bitsky coder's model", ""},
        };
        if (std::equal(magic.begin(), magic.begin() + 3, "BSN"))
            for (const Older& o : kOlder)
                if (char(magic[3]) == o.tag)
                    throw Error(std::string("neural: stream version ") + o.version + " (coded by an older BitSky, " +
                                o.why + "); this BitSky reads version 5 only: encode the frame again" + o.again);
        if (!std::equal(magic.begin(), magic.begin() + 3, "BSN")) throw Error("neural: not a neural codec stream (bad magic)");
        if (magic[3] != kMagic[3])
            throw Error("neural: stream version '" + std::string(1, char(magic[3])) + "'; this BitSky reads version 5");
        const std::string stream_hash = hex64(in.u64("model hash"));
        if (stream_hash != hash_)
            throw Error("neural: the stream was coded with the model of hash " + stream_hash + "; this codec's model '" +
                        path_ + "' has hash " + hash_);
        const std::size_t w = width, h = height;
        const std::uint32_t sum = in.u32("checksum");
        std::vector<std::uint16_t> px(w * h);
        try {
            neural::detail::decode_pixels(model_.kernel_weights(), bytes.subspan(kHeaderBytes), px.data(), w, h);
        } catch (const Error& e) {
            throw Error(std::string("neural: ") + e.what());
        }
        if (pixel_checksum(px.data(), w, h) != sum)
            throw Error("neural: corrupt stream, or not a " + std::to_string(w) + "x" + std::to_string(h) +
                        " frame (the decoded pixels' checksum does not match the stream's)");
        return px;
    }

private:
    std::string path_;
    neural::Model model_;
    std::string hash_;
};

}  // namespace

std::unique_ptr<Codec> make_neural(std::string_view option, const CodecOptions&) {
    if (option.empty()) throw UsageError("neural needs a model file: neural:MODEL (a direct-split model made by bitsky-cli train)");
    neural::require_neural();  // UsageError saying why without neural support
    auto model = neural::Model::load(std::string(option));
    if (model.config().split != neural::Split::Direct)
        throw UsageError("neural: the codec codes with direct-split models; '" + std::string(option) +
                         "' is msb-lsb (train one with --split direct)");
    return std::make_unique<NeuralCodec>(std::string(option), std::move(model));
}

}  // namespace bitsky::codecs
