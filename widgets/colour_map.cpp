#include "widgets/colour_map.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace bitsky {
namespace {

struct Poly6 {
    double c[7][3];
};

// Coefficients c0..c6 of r, g, b(t) = sum c_k t^k.
constexpr Poly6 kViridis{{{0.2777273272234177, 0.005407344544966578, 0.3340998053353061},
                          {0.1050930431085774, 1.404613529898575, 1.384590162594685},
                          {-0.3308618287255563, 0.214847559468213, 0.09509516302823659},
                          {-4.634230498983486, -5.799100973351585, -19.33244095627987},
                          {6.228269936347081, 14.17993336680509, 56.69055260068105},
                          {4.776384997670288, -13.74514537774601, -65.35303263337234},
                          {-5.435455855934631, 4.645852612178535, 26.3124352495832}}};
constexpr Poly6 kInferno{{{0.0002189403691192265, 0.001651004631001012, -0.01948089843709184},
                          {0.1065134194856116, 0.5639564367884091, 3.932712388889277},
                          {11.60249308247187, -3.972853965665698, -15.9423941062914},
                          {-41.70399613139459, 17.43639888205313, 44.35414519872813},
                          {77.162935699427, -33.40235894210092, -81.80730925738993},
                          {-71.31942824499214, 32.62606426397723, 73.20951985803202},
                          {25.13112622477341, -12.24266895238567, -23.07032500287172}}};
constexpr Poly6 kMagma{{{-0.002136485053939582, -0.000749655052795221, -0.005386127855323933},
                        {0.2516605407371642, 0.6775232436837668, 2.494026599312351},
                        {8.353717279216625, -3.577719514958484, 0.3144679030132573},
                        {-27.66873308576866, 14.26473078096533, -13.64921318813922},
                        {52.17613981234068, -27.94360607168351, 12.94416944238394},
                        {-50.76852536473588, 29.04658282127291, 4.23415299384598},
                        {18.65570506591883, -11.48977351997711, -5.601961508734096}}};

int channel(double v) { return std::clamp(static_cast<int>(std::lround(v * 255.0)), 0, 255); }

ColourTable polyTable(const Poly6& p) {
    ColourTable t{};
    for (int i = 0; i < 256; ++i) {
        double x = i / 255.0, rgb[3] = {0, 0, 0};
        for (int ch = 0; ch < 3; ++ch)
            for (int k = 6; k >= 0; --k) rgb[ch] = rgb[ch] * x + p.c[k][ch];
        t[static_cast<std::size_t>(i)] = qRgb(channel(rgb[0]), channel(rgb[1]), channel(rgb[2]));
    }
    return t;
}

ColourTable greyTable() {
    ColourTable t{};
    for (int i = 0; i < 256; ++i) t[static_cast<std::size_t>(i)] = qRgb(i, i, i);
    return t;
}

ColourTable cubehelixTable() {
    const double start = 0.5, rotations = -1.5, hue = 1.0, gamma = 1.0;
    ColourTable t{};
    for (int i = 0; i < 256; ++i) {
        double l = std::pow(i / 255.0, gamma);
        double phi = 2.0 * std::numbers::pi * (start / 3.0 + rotations * l);
        double a = hue * l * (1.0 - l) / 2.0;
        double r = l + a * (-0.14861 * std::cos(phi) + 1.78277 * std::sin(phi));
        double g = l + a * (-0.29227 * std::cos(phi) - 0.90649 * std::sin(phi));
        double b = l + a * (1.97294 * std::cos(phi));
        t[static_cast<std::size_t>(i)] = qRgb(channel(r), channel(g), channel(b));
    }
    return t;
}

ColourTable divergingTable() {
    // Blue (59, 76, 192) -> white -> red (180, 4, 38), linear in RGB on each side.
    ColourTable t{};
    for (int i = 0; i < 256; ++i) {
        double s = i / 255.0;
        double r, g, b;
        if (s < 0.5) {
            double u = s / 0.5;
            r = 59 + (255 - 59) * u, g = 76 + (255 - 76) * u, b = 192 + (255 - 192) * u;
        } else {
            double u = (s - 0.5) / 0.5;
            r = 255 + (180 - 255) * u, g = 255 + (4 - 255) * u, b = 255 + (38 - 255) * u;
        }
        t[static_cast<std::size_t>(i)] = qRgb(int(std::lround(r)), int(std::lround(g)), int(std::lround(b)));
    }
    return t;
}

}  // namespace

const ColourTable& colourTable(ColourMap map) {
    static const ColourTable grey = greyTable(), viridis = polyTable(kViridis), inferno = polyTable(kInferno),
                             magma = polyTable(kMagma), cubehelix = cubehelixTable(), diverging = divergingTable();
    switch (map) {
        case ColourMap::Viridis: return viridis;
        case ColourMap::Inferno: return inferno;
        case ColourMap::Magma: return magma;
        case ColourMap::Cubehelix: return cubehelix;
        case ColourMap::Diverging: return diverging;
        case ColourMap::Grey: break;
    }
    return grey;
}

QString colourMapKey(ColourMap map) {
    switch (map) {
        case ColourMap::Viridis: return QStringLiteral("viridis");
        case ColourMap::Inferno: return QStringLiteral("inferno");
        case ColourMap::Magma: return QStringLiteral("magma");
        case ColourMap::Cubehelix: return QStringLiteral("cubehelix");
        case ColourMap::Diverging: return QStringLiteral("diverging");
        case ColourMap::Grey: break;
    }
    return QStringLiteral("grey");
}

ColourMap colourMapFromKey(const QString& key, ColourMap fallback) {
    for (ColourMap m : {ColourMap::Grey, ColourMap::Viridis, ColourMap::Inferno, ColourMap::Magma,
                        ColourMap::Cubehelix, ColourMap::Diverging})
        if (colourMapKey(m) == key) return m;
    return fallback;
}

QList<ColourMap> imageColourMaps() {
    return {ColourMap::Grey, ColourMap::Viridis, ColourMap::Inferno, ColourMap::Magma, ColourMap::Cubehelix};
}

}  // namespace bitsky
