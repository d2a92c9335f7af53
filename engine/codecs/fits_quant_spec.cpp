// The spec strings of fpack's quantizing codecs (fits_quant_codec.h): parsing, the
// canonical text, and the fpack options that code the same.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "engine/codecs/fits_quant_codec.h"
#include "engine/util/error.h"

namespace bitsky::codecs {
namespace {

// Shortest text that reads back as the same float ("4", "0.5", "-0.25").
std::string float_text(float v) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, end) : std::to_string(v);
}

const char* kSyntax = "<coder>:q<level>[:d2|:nodither][:seed<N>][:t<rows>|:tframe], e.g. rice:q4 (level > 0: step = "
                      "sigma/level; < 0: absolute step; t: rows per tile, tframe: the whole frame as one tile)";

}  // namespace

std::string QuantSpec::family() const {
    switch (coder) {
        case QuantCoder::Rice: return "rice";
        case QuantCoder::Gzip1: return "gzip";
        case QuantCoder::Gzip2: return "gzip2";
        case QuantCoder::Hcompress: return "hcompress";
    }
    return "?";
}

std::string QuantSpec::spec() const {
    std::string s = family() + ":q" + float_text(level);
    if (dither == QuantDither::Subtractive2) s += ":d2";
    if (dither == QuantDither::None) s += ":nodither";
    if (dither != QuantDither::None && seed != 1) s += ":seed" + std::to_string(seed);
    if (rows == kWholeFrame) s += ":tframe";
    else if (rows > 0) s += ":t" + std::to_string(rows);
    return s;
}

std::string QuantSpec::fpack_args(std::size_t width, std::size_t height) const {
    std::string s;
    switch (coder) {
        case QuantCoder::Rice: s = "-r"; break;
        case QuantCoder::Gzip1: s = "-g1"; break;
        case QuantCoder::Gzip2: s = "-g2"; break;
        case QuantCoder::Hcompress: s = "-h"; break;
    }
    if (dither == QuantDither::None) s += " -q0";
    else s += std::string(dither == QuantDither::Subtractive2 ? " -qz" : " -q") + std::to_string(seed);
    s.append(" ").append(float_text(level));
    if (rows != 0) {
        s.append(" -t ").append(width ? std::to_string(width) : std::string("W")).append(",");
        if (rows == kWholeFrame) s.append(height ? std::to_string(height) : std::string("H"));
        else s.append(std::to_string(height ? std::min(rows, height) : rows));
    }
    return s;
}

bool is_quant_option(std::string_view option) { return !option.empty() && option[0] == 'q'; }

QuantSpec QuantSpec::parse(std::string_view family, std::string_view option) {
    QuantSpec q;
    if (family == "rice") q.coder = QuantCoder::Rice;
    else if (family == "gzip") q.coder = QuantCoder::Gzip1;
    else if (family == "gzip2") q.coder = QuantCoder::Gzip2;
    else if (family == "hcompress") q.coder = QuantCoder::Hcompress;
    else throw UsageError("'" + std::string(family) + "' has no quantizing mode");
    std::vector<std::string> parts;  // every ':'-separated part, empty ones too (refused below)
    for (std::size_t at = 0;;) {
        const auto colon = option.find(':', at);
        parts.emplace_back(option.substr(at, colon == std::string_view::npos ? std::string_view::npos : colon - at));
        if (colon == std::string_view::npos) break;
        at = colon + 1;
    }
    if (!is_quant_option(parts[0]))
        throw UsageError("expected q<level> first in '" + std::string(option) + "'; " + kSyntax);
    const std::string& lv = parts[0];
    double level = 0;
    auto [end, ec] = std::from_chars(lv.data() + 1, lv.data() + lv.size(), level);
    if (ec != std::errc() || end != lv.data() + lv.size() || !std::isfinite(level) || std::fabs(level) > 1e30)
        throw UsageError("'" + lv + "' is not q<number>; " + kSyntax);
    if (level == 0)
        throw UsageError("q0 means no quantization (lossless); lossless floats: gzip2 (fpack -q 0 -g2)");
    q.level = static_cast<float>(level);
    if (q.level == 0) throw UsageError("'" + lv + "' is too small for a float quantization level");
    bool have_dither = false, have_seed = false, have_tiles = false;
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const std::string& p = parts[i];
        if (p == "d1" || p == "d2" || p == "nodither") {
            if (have_dither) throw UsageError("more than one dither method in '" + std::string(option) + "'");
            have_dither = true;
            q.dither = p == "d1" ? QuantDither::Subtractive1
                       : p == "d2" ? QuantDither::Subtractive2
                                   : QuantDither::None;
        } else if (p.rfind("seed", 0) == 0) {
            int seed = 0;
            auto [e2, ec2] = std::from_chars(p.data() + 4, p.data() + p.size(), seed);
            if (ec2 != std::errc() || e2 != p.data() + p.size() || seed < 1 || seed > 10000)
                throw UsageError("'" + p + "': the dither seed is seed<N> with N in 1..10000 (fpack -qN)");
            if (have_seed) throw UsageError("more than one seed in '" + std::string(option) + "'");
            have_seed = true;
            q.seed = seed;
        } else if (p == "tframe" || (p.size() > 1 && p[0] == 't' && p[1] >= '0' && p[1] <= '9')) {
            std::size_t rows = QuantSpec::kWholeFrame;
            if (p != "tframe") {
                auto [e3, ec3] = std::from_chars(p.data() + 1, p.data() + p.size(), rows);
                if (ec3 != std::errc() || e3 != p.data() + p.size() || rows < 1 || rows > 1000000)
                    throw UsageError("'" + p + "': rows per tile are t<N> with N in 1..1000000, or tframe");
            }
            if (have_tiles) throw UsageError("more than one tiling in '" + std::string(option) + "'");
            have_tiles = true;
            q.rows = rows;
        } else {
            throw UsageError("unknown quantization option '" + p + "'; " + kSyntax);
        }
    }
    if (q.coder == QuantCoder::Hcompress && q.dither == QuantDither::Subtractive2)
        throw UsageError("CFITSIO (and so fpack) does not allow SUBTRACTIVE_DITHER_2 (d2) with Hcompress");
    if (q.coder == QuantCoder::Hcompress && have_tiles)
        throw UsageError("hcompress:q keeps CFITSIO's default tiles (t<rows>/tframe: rice, gzip, gzip2)");
    if (q.dither == QuantDither::None && have_seed)
        throw UsageError("'" + std::string(option) + "': a seed needs dithering (nodither has none)");
    return q;
}

std::vector<std::string> quant_codec_specs() {
    std::vector<std::string> out;
    for (const char* coder : {"rice", "gzip", "gzip2", "hcompress"})
        for (const char* level : {"q1", "q4", "q16"}) out.push_back(std::string(coder) + ":" + level);
    out.push_back("rice:q4:d2");
    out.push_back("rice:q4:nodither");
    return out;
}

}  // namespace bitsky::codecs
