#pragma once
// Spec strings ("name:option", as codec and cost-model specs) and comma lists.
#include <string>
#include <string_view>
#include <vector>

namespace bitsky::util {

struct SpecParts {
    std::string_view name;    // before the first ':'
    std::string_view option;  // after it ("" when there is none)
};
// Splits "name:option" at the first ':' ("jpegxl:e7" -> jpegxl, e7; "tile:jpegxl:e3" ->
// tile, jpegxl:e3).
SpecParts split_spec(std::string_view spec);

// Without leading and trailing blanks (spaces, tabs).
std::string trim(std::string_view s);

// The non-empty, trimmed items of a `separator`-separated list ("a, b,,c" -> a, b, c).
std::vector<std::string> split_list(std::string_view list, char separator = ',');

}  // namespace bitsky::util
