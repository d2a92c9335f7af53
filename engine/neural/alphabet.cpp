// The frame's value set (see alphabet.h). Torch-free.
#include "engine/neural/alphabet.h"

#include <algorithm>
#include <cmath>

#include "engine/util/error.h"

namespace bitsky::neural::detail {

Alphabet Alphabet::from_values(std::vector<std::uint16_t> values) {
    if (values.empty()) throw Error("neural: empty value set");
    Alphabet a;
    a.values = std::move(values);
    const std::size_t d = a.values.size();
    a.lo.resize(d);
    a.hi.resize(d);
    a.cell_of.assign(65536, 0);
    for (std::size_t i = 0; i < d; ++i) {
        if (i > 0 && a.values[i] <= a.values[i - 1]) throw Error("neural: value set not sorted");
        a.lo[i] = i == 0 ? 0 : a.hi[i - 1] + 1;
        a.hi[i] = i + 1 == d ? 65535 : (int(a.values[i]) + int(a.values[i + 1])) / 2;
        for (int v = a.lo[i]; v <= a.hi[i]; ++v) a.cell_of[std::size_t(v)] = std::int32_t(i);
    }
    return a;
}

Alphabet Alphabet::of_frame(const std::uint16_t* px, std::size_t n) {
    std::vector<std::uint8_t> seen(65536, 0);
    for (std::size_t i = 0; i < n; ++i) seen[px[i]] = 1;
    std::vector<std::uint16_t> values;
    for (std::size_t v = 0; v < 65536; ++v)
        if (seen[v]) values.push_back(static_cast<std::uint16_t>(v));
    return from_values(std::move(values));
}

double presence_bits(const Alphabet& a) {
    // min (16 bits), max - min + 1 in Elias gamma
    double bits = 16.0 + 2.0 * std::floor(std::log2(double(a.values.back() - a.values.front() + 1))) + 1.0;
    std::uint32_t n[4][2] = {};
    int prev = 3;  // both previous present (the minimum is)
    std::size_t next = 1;
    const int top = a.values.back();
    for (int v = int(a.values.front()) + 1; v < top; ++v) {
        const int bit = next < a.size() && a.values[next] == v ? 1 : 0;
        if (bit) ++next;
        const double p0 = alphabet_prob0(n[prev][0], n[prev][1]) / 65536.0;
        bits -= std::log2(bit ? 1.0 - p0 : p0);
        ++n[prev][bit];
        prev = ((prev << 1) | bit) & 3;
    }
    return bits;
}

double gap_bits(const Alphabet& a) {
    model::ctxmodel::CostCoder c;
    std::vector<std::uint16_t> values = a.values;
    model::ctxmodel::code_values(c, values);
    return double(c.pixel);
}

bool use_gap_code(const Alphabet& a) { return gap_bits(a) < presence_bits(a); }

double alphabet_bits(const Alphabet& a) { return 1.0 + std::min(presence_bits(a), gap_bits(a)); }

}  // namespace bitsky::neural::detail
