#include "engine/util/spec.h"

namespace bitsky::util {

SpecParts split_spec(std::string_view spec) {
    const auto colon = spec.find(':');
    if (colon == std::string_view::npos) return {spec, {}};
    return {spec.substr(0, colon), spec.substr(colon + 1)};
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t");
    return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> split_list(std::string_view list, char separator) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= list.size()) {
        auto end = list.find(separator, pos);
        if (end == std::string_view::npos) end = list.size();
        std::string item = trim(list.substr(pos, end - pos));
        if (!item.empty()) out.push_back(std::move(item));
        pos = end + 1;
    }
    return out;
}

}  // namespace bitsky::util
