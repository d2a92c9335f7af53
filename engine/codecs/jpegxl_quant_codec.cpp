// jpegxl:q<level>[:d2|:nodither][:seed<N>][:t<rows>|:tframe][:e<effort>] (issue #22): JPEG XL
// lossless on fpack-quantized floats. CFITSIO quantizes exactly as fpack -q (and bitsky:q)
// does, the integers (each tile minus its median) are coded by the lossless JPEG XL codec of
// jpegxl_codec.cpp (jpegxl:e<effort>, default 7 as cjxl) through its any-type path: the int32
// plane minus its minimum as 8/16-bit samples, 17..24-bit samples, or high/low 16-bit planes
// (sample_reduction.h). The stream ("JXQ1") and the side table are quant_integers.h's; the
// decoded pixels are funpack's (those of rice:q<level> with the same options).
#include <memory>
#include <string>
#include <string_view>

#include "engine/codecs/codec.h"
#include "engine/codecs/fits_quant_codec.h"
#include "engine/codecs/quant_integers.h"
#include "engine/util/error.h"

namespace bitsky::codecs {

std::unique_ptr<Codec> make_jpegxl(std::string_view option, const CodecOptions& options);  // jpegxl_codec.cpp

std::unique_ptr<Codec> make_jpegxl_quant(std::string_view option, const CodecOptions& options) {
    // The JPEG XL effort (e1..e9) is the one part that is not fpack's quantization.
    std::string rest;
    int effort = 7;
    bool have_effort = false;
    for (std::size_t at = 0;;) {
        const auto colon = option.find(':', at);
        const std::string_view part = option.substr(at, colon == std::string_view::npos ? colon : colon - at);
        if (part.size() == 2 && part[0] == 'e' && part[1] >= '1' && part[1] <= '9') {
            if (have_effort) throw UsageError("more than one effort in '" + std::string(option) + "'");
            have_effort = true;
            effort = part[1] - '0';
        } else {
            if (!rest.empty()) rest.push_back(':');
            rest.append(part);
        }
        if (colon == std::string_view::npos) break;
        at = colon + 1;
    }
    const QuantSpec q = QuantSpec::parse("gzip", rest);
    const std::string e{'e', char('0' + effort)};  // "e7"
    std::shared_ptr<const Codec> jxl = make_jpegxl(e, options);

    QuantPlaneCoder c;
    c.family = "jpegxl";
    c.library = "libjxl";
    c.library_version = "JXQ1+" + jxl->library_version();
    c.magic = {'J', 'X', 'Q', '1'};
    c.what = std::string("libjxl lossless (effort ").append(1, e[1]).append(")");
    c.option_suffix = effort == 7 ? std::string() : std::string(":").append(e);
    c.multithreaded = jxl->multithreaded();
    c.encode = [jxl](const PixelFrame& plane) { return jxl->encode_any(plane); };
    c.decode = [jxl](std::span<const std::uint8_t> bytes, std::size_t w, std::size_t h) {
        return jxl->decode_any(bytes, Sample::I32, w, h);
    };
    return make_quant_integer_codec(q, std::move(c));
}

}  // namespace bitsky::codecs
