#include "engine/image/cube.h"

namespace bitsky {

std::string shape_string(const std::vector<std::size_t>& axes) {
    std::string s;
    for (std::size_t i = 0; i < axes.size(); ++i) {
        if (i) s += "x";
        s += std::to_string(axes[i]);
    }
    return s;
}

}  // namespace bitsky
