#include "engine/fits/extended_name.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <system_error>

#include "engine/fits/fits.h"
#include "engine/util/error.h"

namespace bitsky::fits {
namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// A non-negative decimal number of at most 9 digits (HDU numbers and versions).
std::optional<int> parse_number(const std::string& s) {
    if (s.empty() || s.size() > 9 || !std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }))
        return std::nullopt;
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

// EXTNAME/HDUNAME values as a selector may name them: letters, digits, '_', '-', '.'
// (a FITS string value could hold more, but CFITSIO's parser would read such text as a
// filter), starting with a letter or '_'.
bool is_name(const std::string& s) {
    if (s.empty() || s.size() > 68) return false;
    if (!std::isalpha(static_cast<unsigned char>(s[0])) && s[0] != '_') return false;
    return std::all_of(s.begin(), s.end(),
                       [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-' || c == '.'; });
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::optional<HduSelector> parse_selector(const std::string& inside) {
    HduSelector sel;
    const std::string t = trim(inside);
    if (auto n = parse_number(t)) {
        sel.number = n;
        return sel;
    }
    const auto comma = t.find(',');
    sel.name = trim(t.substr(0, comma));
    if (!is_name(sel.name)) return std::nullopt;
    if (comma != std::string::npos) {
        sel.version = parse_number(trim(t.substr(comma + 1)));
        if (!sel.version) return std::nullopt;
    }
    return sel;
}

}  // namespace

std::string HduSelector::text() const {
    std::string out(1, '[');
    if (number) {
        out += std::to_string(*number);
    } else {
        out += name;
        if (version) out.append(1, ',').append(std::to_string(*version));
    }
    out += ']';
    return out;
}

FileArgument parse_file_argument(const std::string& argument) {
    FileArgument out{std::filesystem::path(argument), std::nullopt, argument};
    if (argument.empty() || argument.back() != ']') return out;
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::path(argument), ec)) return out;  // a file named "...]"
    const auto open = argument.rfind('[');
    if (open == std::string::npos || open == 0) return out;  // no suffix: opening it says what is wrong
    auto sel = parse_selector(argument.substr(open + 1, argument.size() - open - 2));
    if (!sel)
        throw Error(argument + ": no such file, and \"" + argument.substr(open) +
                         "\" is not an HDU selector BitSky reads (only [N] with 0 = primary, [NAME] or [NAME,VER])");
    out.path = std::filesystem::path(argument.substr(0, open));
    out.hdu = std::move(sel);
    return out;
}

int find_hdu(const File& file, const HduSelector& selector) {
    const auto& hdus = file.hdus();
    const std::string where = file.path().string() + selector.text();
    if (selector.number) {
        if (*selector.number >= static_cast<int>(hdus.size()))
            throw Error(where + ": no such HDU (the file has HDUs 0 to " + std::to_string(hdus.size() - 1) +
                        ", 0 = primary)");
        return *selector.number;
    }
    const std::string want = upper(selector.name);
    for (const auto& h : hdus) {
        const auto hduname = h.card_value("HDUNAME");
        // extname: EXTNAME, or PRIMARY for a primary without one (as CFITSIO matches it).
        const bool named = upper(h.extname) == want || (hduname && upper(*hduname) == want);
        if (!named) continue;
        if (selector.version) {
            int version = 1;
            if (auto v = h.card_value("EXTVER"); v && parse_number(*v)) version = *parse_number(*v);
            if (version != *selector.version) continue;
        }
        return h.index;
    }
    throw Error(where + ": no HDU with EXTNAME or HDUNAME " + selector.name +
                (selector.version ? " and EXTVER " + std::to_string(*selector.version) : std::string()));
}

}  // namespace bitsky::fits
