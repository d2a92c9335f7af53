// bitsky:q<level>: fpack's quantization of floats, the integers coded by BitSky
// (bitsky_lossy_codec.h); the codec itself is the one shared with jpegxl:q (quant_integers.h).
#include "engine/codecs/bitsky_lossy_codec.h"

#include "engine/codecs/bitsky_codec.h"
#include "engine/codecs/fits_quant_codec.h"
#include "engine/codecs/quant_integers.h"

namespace bitsky::codecs {

bool is_bitsky_lossy_option(std::string_view option) {
    return is_quant_option(option) || option.starts_with("near");
}

std::unique_ptr<Codec> make_bitsky_lossy(std::string_view option) {
    if (is_quant_option(option)) return detail::make_bitsky_quant(option);
    return detail::make_bitsky_near(option);
}

std::vector<std::string> bitsky_lossy_specs() {
    return {"bitsky:q1", "bitsky:q4", "bitsky:q16", "bitsky:near1", "bitsky:near2", "bitsky:near4"};
}

namespace detail {
std::unique_ptr<Codec> make_bitsky_quant(std::string_view option) {
    QuantPlaneCoder c;
    c.family = "bitsky";
    c.library = "BitSky";
    c.library_version = "BSQ1";
    c.magic = {'B', 'S', 'Q', '1'};
    c.what = "BitSky's context model";
    c.encode = [](const PixelFrame& plane) { return bitsky_encode_any(plane); };
    c.decode = [](std::span<const std::uint8_t> bytes, std::size_t w, std::size_t h) {
        return bitsky_decode_any(bytes, Sample::I32, w, h);
    };
    return make_quant_integer_codec(QuantSpec::parse("gzip", option), std::move(c));
}
}  // namespace detail

}  // namespace bitsky::codecs
