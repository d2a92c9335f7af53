// The codec registry: one table row per codec family. Adding a codec = one new file in
// engine/codecs/ defining its factory + one declaration and one row here.
#include <string>
#include <vector>

#include "engine/codecs/bitsky_lossy_codec.h"
#include "engine/codecs/codec.h"
#include "engine/codecs/fits_quant_codec.h"
#include "engine/util/error.h"
#include "engine/util/spec.h"

namespace bitsky::codecs {

// Factories (each defined in its codec's file). `option` is the text after ':' in the
// spec ("" if none); a factory throws UsageError for an option it does not know.
std::unique_ptr<Codec> make_jpegxl(std::string_view option, const CodecOptions& options);
std::unique_ptr<Codec> make_jpegls(std::string_view option, const CodecOptions& options);
std::unique_ptr<Codec> make_jpeg2000(std::string_view option, const CodecOptions& options);
std::unique_ptr<Codec> make_fits_rice(std::string_view option, const CodecOptions& options);
std::unique_ptr<Codec> make_fits_hcompress(std::string_view option, const CodecOptions& options);
std::unique_ptr<Codec> make_fits_gzip(std::string_view option, const CodecOptions& options);
std::unique_ptr<Codec> make_fits_gzip2(std::string_view option, const CodecOptions& options);
std::unique_ptr<Codec> make_bitsky(std::string_view option, const CodecOptions& options);
std::unique_ptr<Codec> make_zstd(std::string_view option, const CodecOptions& options);
std::unique_ptr<Codec> make_zfp(std::string_view option, const CodecOptions& options);
// engine/neural/neural_codec.cpp (the neural layer sits above the codecs: declared, not included).
std::unique_ptr<Codec> make_neural(std::string_view option, const CodecOptions& options);

namespace {

// fpack's families: no option = lossless (fits_tile_codec.cpp), q<level>... = quantization
// of floats (fits_quant_codec.cpp).
template <std::unique_ptr<Codec> (*Lossless)(std::string_view, const CodecOptions&)>
std::unique_ptr<Codec> make_fpack_family(const char* name, std::string_view option, const CodecOptions& options) {
    if (is_quant_option(option)) return make_fits_quant(QuantSpec::parse(name, option));
    return Lossless(option, options);
}
std::unique_ptr<Codec> make_rice(std::string_view o, const CodecOptions& c) {
    return make_fpack_family<make_fits_rice>("rice", o, c);
}
std::unique_ptr<Codec> make_hcompress(std::string_view o, const CodecOptions& c) {
    return make_fpack_family<make_fits_hcompress>("hcompress", o, c);
}
std::unique_ptr<Codec> make_gzip(std::string_view o, const CodecOptions& c) {
    return make_fpack_family<make_fits_gzip>("gzip", o, c);
}
std::unique_ptr<Codec> make_gzip2(std::string_view o, const CodecOptions& c) {
    return make_fpack_family<make_fits_gzip2>("gzip2", o, c);
}

// bitsky: lossless, or q<level>... / near<k> (bitsky_lossy_codec.h).
std::unique_ptr<Codec> make_bitsky_family(std::string_view o, const CodecOptions& c) {
    if (is_bitsky_lossy_option(o)) return make_bitsky_lossy(o);
    return make_bitsky(o, c);
}

struct Entry {
    const char* name;
    std::vector<std::string> specs;  // every valid spec of this family, for listings
    std::unique_ptr<Codec> (*make)(std::string_view, const CodecOptions&);
};

const std::vector<Entry>& table() {
    static const std::vector<Entry> entries = {
        {"jpegxl",
         {"jpegxl:e1", "jpegxl:e2", "jpegxl:e3", "jpegxl:e4", "jpegxl:e5", "jpegxl:e6", "jpegxl:e7", "jpegxl:e8",
          "jpegxl:e9", "jpegxl:max"},
         make_jpegxl},
        {"jpegls", {"jpegls"}, make_jpegls},
        {"jpeg2000", {"jpeg2000"}, make_jpeg2000},
        {"rice", {"rice"}, make_rice},
        {"hcompress", {"hcompress"}, make_hcompress},
        {"gzip", {"gzip"}, make_gzip},
        {"gzip2", {"gzip2"}, make_gzip2},
        {"bitsky", {"bitsky"}, make_bitsky_family},
        {"zstd", {"zstd"}, make_zstd},
        {"zfp", {"zfp"}, make_zfp},
        {"neural", {}, make_neural},  // neural:MODEL only: never in the lists
    };
    return entries;
}

std::string valid_list() {
    std::string s;
    for (const auto& spec : codec_specs()) s += (s.empty() ? "" : ", ") + spec;
    return s + "; lossy (floats): rice, gzip, gzip2 or hcompress with :q<level>[:d2|:nodither][:seed<N>], e.g. rice:q4; bitsky:q<level>... and jpegxl:q<level>... (the same quantization, BitSky or lossless JPEG XL on the integers; :t<rows>|:tframe tiles); integers: bitsky:near<k>, jpegls:near<k>, jpeg2000:rate<r>, jpegxl:d<distance>; neural:MODEL (a trained neural model file, with neural support)";
}

}  // namespace

std::vector<std::string> codec_specs() {
    std::vector<std::string> out;
    for (const auto& e : table()) out.insert(out.end(), e.specs.begin(), e.specs.end());
    return out;
}

std::vector<std::string> lossy_codec_specs() {
    auto out = quant_codec_specs();
    const auto more = bitsky_lossy_specs();
    out.insert(out.end(), more.begin(), more.end());
    for (const char* s : {"jpegxl:q1", "jpegxl:q4", "jpegxl:q16"}) out.push_back(s);
    // The JPEG codecs' lossy modes (8- and 16-bit frames).
    for (const char* s : {"jpegls:near1", "jpegls:near2", "jpegls:near4", "jpeg2000:rate8", "jpeg2000:rate16",
                          "jpegxl:d0.5", "jpegxl:d1", "jpegxl:d2"})
        out.push_back(s);
    return out;
}

std::unique_ptr<Codec> make_codec(std::string_view spec, const CodecOptions& options) {
    if (options.threads < 1) throw UsageError("threads must be >= 1, got " + std::to_string(options.threads));
    const auto [name, option] = util::split_spec(spec);
    for (const auto& e : table()) {
        if (name != e.name) continue;
        try {
            return e.make(option, options);
        } catch (const UsageError& err) {
            throw UsageError("codec spec '" + std::string(spec) + "': " + err.what() + "; valid codecs: " + valid_list());
        }
    }
    throw UsageError("unknown codec '" + std::string(spec) + "'; valid codecs: " + valid_list());
}

}  // namespace bitsky::codecs
