#include "widgets/colour_map.h"

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <utility>

namespace bitsky {
namespace {

#include "widgets/colour_tables.inc"

ColourTable fromBytes(const unsigned char (&t)[256][3]) {
    ColourTable out{};
    for (std::size_t i = 0; i < 256; ++i) out[i] = qRgb(t[i][0], t[i][1], t[i][2]);
    return out;
}

ColourTable greyTable() {
    ColourTable t{};
    for (int i = 0; i < 256; ++i) t[static_cast<std::size_t>(i)] = qRgb(i, i, i);
    return t;
}

// One channel of a DS9 "SAO" colour map: points (x, y) in increasing x. This is
// SAOColorMap::getColorChar (tksao/colorbar/sao.C): the first point with x >= the
// position ends the segment, the line through it and the point before gives the value,
// positions before the first or after the last point take that point's value, and the
// value is truncated to 8 bits; computed in float as there.
using Points = std::initializer_list<std::pair<float, float>>;

unsigned char saoChannel(Points points, float x) {
    const std::pair<float, float>* tail = nullptr;
    const std::pair<float, float>* head = points.begin();
    while (head != points.end() && head->first < x) tail = head++;
    if (tail && head != points.end()) {
        float m = (head->second - tail->second) / (head->first - tail->first);
        if (m != 0.0f) return static_cast<unsigned char>((m * (x - tail->first) + tail->second) * 255);
        return static_cast<unsigned char>(head->second * 255);
    }
    if (head != points.end()) return static_cast<unsigned char>(head->second * 255);
    return tail ? static_cast<unsigned char>(tail->second * 255) : 0;
}

ColourTable saoTable(Points red, Points green, Points blue) {
    ColourTable t{};
    for (int i = 0; i < 256; ++i) {
        const float x = static_cast<float>(i) / 255.0f;
        t[static_cast<std::size_t>(i)] = qRgb(saoChannel(red, x), saoChannel(green, x), saoChannel(blue, x));
    }
    return t;
}

// DS9's definitions (tksao/colorbar/default.C: HeatColorMap, CoolColorMap, BBColorMap).
ColourTable heatTable() {
    return saoTable({{0, 0}, {.34f, 1}, {1, 1}}, {{0, 0}, {1, 1}}, {{0, 0}, {.65f, 0}, {.98f, 1}, {1, 1}});
}
ColourTable coolTable() {
    return saoTable({{0, 0}, {.29f, 0}, {.76f, .1f}, {1, 1}}, {{0, 0}, {.22f, 0}, {.96f, 1}, {1, 1}},
                    {{0, 0}, {.53f, 1}, {1, 1}});
}
ColourTable bbTable() {
    return saoTable({{0, 0}, {.5f, 1}, {1, 1}}, {{0, 0}, {.25f, 0}, {.75f, 1}, {1, 1}}, {{0, 0}, {.5f, 0}, {1, 1}});
}

constexpr ColourMap kAll[] = {ColourMap::Grey,    ColourMap::Viridis,   ColourMap::Magma, ColourMap::Inferno,
                              ColourMap::Cividis, ColourMap::Cubehelix, ColourMap::Heat,  ColourMap::Cool,
                              ColourMap::BB,      ColourMap::Diverging};
constexpr std::size_t kCount = std::size(kAll);

struct Tables {
    std::array<ColourTable, kCount> plain, inverted;
    Tables() {
        for (std::size_t i = 0; i < kCount; ++i) {
            plain[i] = make(kAll[i]);
            std::reverse_copy(plain[i].begin(), plain[i].end(), inverted[i].begin());
        }
    }
    static ColourTable make(ColourMap m) {
        switch (m) {
            case ColourMap::Viridis: return fromBytes(kViridis);
            case ColourMap::Magma: return fromBytes(kMagma);
            case ColourMap::Inferno: return fromBytes(kInferno);
            case ColourMap::Cividis: return fromBytes(kCividis);
            case ColourMap::Cubehelix: return fromBytes(kCubehelix);
            case ColourMap::Diverging: return fromBytes(kRdBuR);
            case ColourMap::Heat: return heatTable();
            case ColourMap::Cool: return coolTable();
            case ColourMap::BB: return bbTable();
            case ColourMap::Grey: break;
        }
        return greyTable();
    }
};

}  // namespace

const ColourTable& colourTable(ColourMap map, bool inverted) {
    static const Tables tables;
    const auto i = static_cast<std::size_t>(std::find(std::begin(kAll), std::end(kAll), map) - std::begin(kAll));
    return inverted ? tables.inverted[i % kCount] : tables.plain[i % kCount];
}

QString colourMapKey(ColourMap map) {
    switch (map) {
        case ColourMap::Viridis: return QStringLiteral("viridis");
        case ColourMap::Magma: return QStringLiteral("magma");
        case ColourMap::Inferno: return QStringLiteral("inferno");
        case ColourMap::Cividis: return QStringLiteral("cividis");
        case ColourMap::Cubehelix: return QStringLiteral("cubehelix");
        case ColourMap::Heat: return QStringLiteral("heat");
        case ColourMap::Cool: return QStringLiteral("cool");
        case ColourMap::BB: return QStringLiteral("bb");
        case ColourMap::Diverging: return QStringLiteral("diverging");
        case ColourMap::Grey: break;
    }
    return QStringLiteral("grey");
}

ColourMap colourMapFromKey(const QString& key, ColourMap fallback) {
    for (ColourMap m : kAll)
        if (colourMapKey(m) == key) return m;
    if (key == QLatin1String("gray")) return ColourMap::Grey;
    return fallback;
}

QList<ColourMap> imageColourMaps() { return QList<ColourMap>(std::begin(kAll), std::end(kAll)); }

}  // namespace bitsky
