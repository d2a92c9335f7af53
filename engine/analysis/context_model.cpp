#include "engine/analysis/context_model.h"

namespace bitsky::analysis::ctxmodel {

const float* cost_table() {
    static const std::vector<float> table = [] {
        std::vector<float> t(65537, 0.0f);
        t[0] = 16.0f;  // never used: probabilities are clamped to [32, 65504]
        for (std::size_t p = 1; p <= 65536; ++p) t[p] = static_cast<float>(-std::log2(static_cast<double>(p) / 65536.0));
        return t;
    }();
    return table.data();
}

const std::uint8_t* activity_table() {
    static const std::vector<std::uint8_t> table = [] {
        std::vector<std::uint8_t> t(kActivityTableSize);
        for (int i = 0; i < kActivityTableSize; ++i) {
            // Class of the bin's lower edge: the same float expression as the slow path.
            float a = static_cast<float>(i) / 8.0f;
            int c = static_cast<int>(2.0f * std::log2(1.0f + a));
            t[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(std::min(c, kActivityClasses - 1));
        }
        return t;
    }();
    return table.data();
}

}  // namespace bitsky::analysis::ctxmodel
