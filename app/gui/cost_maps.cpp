#include "app/gui/cost_maps.h"

#include <algorithm>
#include <cmath>

namespace bitsky {

analysis::BitCostMap costMapOf(const QString& spec, const ShownFrame& frame) {
    auto model = analysis::make_cost_model(spec.toStdString());
    if (frame.frame16) return model->compute(frame.frame16->frame(0));
    return model->compute_any(*frame.pixels);
}

DisplayRange costMapRange(const std::vector<float>& bits, bool difference) {
    std::vector<double> s;
    const std::size_t stride = std::max<std::size_t>(1, bits.size() / (1u << 18));
    for (std::size_t i = 0; i < bits.size(); i += stride)
        if (std::isfinite(bits[i])) s.push_back(difference ? std::fabs(bits[i]) : bits[i]);
    if (s.empty()) return {0, 1};
    const auto k = static_cast<std::ptrdiff_t>(0.995 * double(s.size() - 1));
    std::nth_element(s.begin(), s.begin() + k, s.end());
    const double top = std::max(s[static_cast<std::size_t>(k)], 1e-3);
    return difference ? DisplayRange{-top, top} : DisplayRange{0.0, top};
}

std::vector<unsigned char> linearBarLevels() {
    std::vector<unsigned char> levels(256);
    for (int i = 0; i < 256; ++i) levels[std::size_t(i)] = static_cast<unsigned char>(i);
    return levels;
}

}  // namespace bitsky
