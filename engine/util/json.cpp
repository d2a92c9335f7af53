#include "engine/util/json.h"

#include "engine/util/utf8.h"

#include <cstdint>

namespace bitsky::util {
namespace {

// Placeholder for an invalid byte b (0x80..0xFF) while nlohmann serialises: the private-use
// code point U+10FF00 + b, valid UTF-8 (F4 8F BE/BF xx) that real names do not use; it is
// turned into the \udcXX escape after dumping.
void put_placeholder(std::string& out, unsigned char b) {
    const std::uint32_t cp = 0x10FF00u + b;
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
}

std::size_t utf8_length(const std::string& s, std::size_t i) { return utf8_sequence_length(s, i); }

std::string escape_invalid(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_length(s, i);
        if (n == 0) {
            put_placeholder(out, static_cast<unsigned char>(s[i]));
            ++i;
        } else {
            out.append(s, i, n);
            i += n;
        }
    }
    return out;
}

bool valid_utf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_length(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

nlohmann::json escaped(const nlohmann::json& j, bool& changed) {
    if (j.is_string()) {
        const auto& s = j.get_ref<const std::string&>();
        if (valid_utf8(s)) return j;
        changed = true;
        return escape_invalid(s);
    }
    if (j.is_array()) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& v : j) out.push_back(escaped(v, changed));
        return out;
    }
    if (j.is_object()) {
        nlohmann::json out = nlohmann::json::object();
        for (auto it = j.begin(); it != j.end(); ++it) {
            std::string key = it.key();
            if (!valid_utf8(key)) {
                key = escape_invalid(key);
                changed = true;
            }
            out[key] = escaped(it.value(), changed);
        }
        return out;
    }
    return j;
}

}  // namespace

std::string dump_json(const nlohmann::json& j, int indent) {
    bool changed = false;
    nlohmann::json safe = escaped(j, changed);
    std::string text = safe.dump(indent);
    if (!changed) return text;
    std::string out;
    out.reserve(text.size());
    static const char* hex = "0123456789abcdef";
    for (std::size_t i = 0; i < text.size();) {
        const auto c0 = static_cast<unsigned char>(text[i]);
        if (c0 == 0xF4 && i + 3 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x8F &&
            (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE) {
            const auto b = static_cast<unsigned>(((static_cast<unsigned char>(text[i + 2]) & 0x3F) << 6) |
                                                 (static_cast<unsigned char>(text[i + 3]) & 0x3F)) -
                           0xF00u;  // (cp - 0x10F000) - 0xF00 = b
            out += "\\udc";
            out += hex[(b >> 4) & 0xF];
            out += hex[b & 0xF];
            i += 4;
        } else {
            out += text[i++];
        }
    }
    return out;
}

}  // namespace bitsky::util
