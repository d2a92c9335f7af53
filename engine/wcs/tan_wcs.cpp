#include "engine/wcs/tan_wcs.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <numbers>

namespace bitsky::wcs {
namespace {

constexpr double kDeg = std::numbers::pi / 180.0;

std::optional<double> number(const std::map<std::string, std::string>& keys, const std::string& k) {
    auto it = keys.find(k);
    if (it == keys.end()) return std::nullopt;
    std::string v = it->second;
    for (char& c : v)
        if (c == 'D' || c == 'd') c = 'E';  // Fortran exponent
    char* end = nullptr;
    double d = std::strtod(v.c_str(), &end);
    if (end == v.c_str() || !std::isfinite(d)) return std::nullopt;
    return d;
}

std::string unquoted(std::string v) {
    auto a = v.find_first_not_of(" '");
    auto b = v.find_last_not_of(" '");
    return a == std::string::npos ? std::string() : v.substr(a, b - a + 1);
}

bool ends_with_tan(const std::string& ctype) {
    return ctype.size() == 8 && ctype.compare(4, 4, "-TAN") == 0;
}

}  // namespace

TanWcs::TanWcs(double crval1, double crval2, double crpix1, double crpix2, double cd11, double cd12, double cd21,
               double cd22)
    : crval1_(crval1), crval2_(crval2), crpix1_(crpix1), crpix2_(crpix2), cd_{{cd11, cd12}, {cd21, cd22}} {}

std::optional<TanWcs> TanWcs::from_cards(const std::vector<fits::HeaderCard>& cards) {
    std::map<std::string, std::string> keys;
    for (const auto& c : fits::wcs_cards(cards)) keys[c.keyword] = c.value;
    auto t1 = keys.count("CTYPE1") ? unquoted(keys["CTYPE1"]) : std::string();
    auto t2 = keys.count("CTYPE2") ? unquoted(keys["CTYPE2"]) : std::string();
    if (!ends_with_tan(t1) || !ends_with_tan(t2)) return std::nullopt;
    bool lon_first = t1.starts_with("RA--") || t1.compare(2, 2, "LN") == 0;
    bool lat_second = t2.starts_with("DEC-") || t2.compare(2, 2, "LT") == 0;
    if (!lon_first || !lat_second) return std::nullopt;  // swapped axes: not handled here
    auto crval1 = number(keys, "CRVAL1"), crval2 = number(keys, "CRVAL2");
    auto crpix1 = number(keys, "CRPIX1"), crpix2 = number(keys, "CRPIX2");
    if (!crval1 || !crval2 || !crpix1 || !crpix2) return std::nullopt;

    double m[2][2] = {{0, 0}, {0, 0}};
    bool have_cd = false;
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j)
            if (auto v = number(keys, "CD" + std::to_string(i + 1) + "_" + std::to_string(j + 1))) {
                m[i][j] = *v;
                have_cd = true;
            }
    if (!have_cd) {
        auto cdelt1 = number(keys, "CDELT1"), cdelt2 = number(keys, "CDELT2");
        if (!cdelt1 || !cdelt2) return std::nullopt;
        bool have_pc = false;
        double pc[2][2] = {{1, 0}, {0, 1}};
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 2; ++j)
                if (auto v = number(keys, "PC" + std::to_string(i + 1) + "_" + std::to_string(j + 1))) {
                    pc[i][j] = *v;
                    have_pc = true;
                }
        if (!have_pc) {
            // AIPS convention: CROTA2 rotates the sky by rho.
            double rho = number(keys, "CROTA2").value_or(0.0) * kDeg;
            pc[0][0] = std::cos(rho);
            pc[0][1] = -std::sin(rho) * (*cdelt2 / *cdelt1);
            pc[1][0] = std::sin(rho) * (*cdelt1 / *cdelt2);
            pc[1][1] = std::cos(rho);
        }
        double cdelt[2] = {*cdelt1, *cdelt2};
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 2; ++j) m[i][j] = cdelt[i] * pc[i][j];
    }
    if (m[0][0] * m[1][1] - m[0][1] * m[1][0] == 0.0) return std::nullopt;
    return TanWcs(*crval1, *crval2, *crpix1, *crpix2, m[0][0], m[0][1], m[1][0], m[1][1]);
}

SkyPosition TanWcs::pixel_to_world(double x, double y) const {
    // Intermediate world coordinates (degrees), then the gnomonic projection inverted
    // about the reference point (native pole at LONPOLE = 180, the TAN default).
    double dx = x - crpix1_, dy = y - crpix2_;
    double xi = (cd_[0][0] * dx + cd_[0][1] * dy) * kDeg;
    double eta = (cd_[1][0] * dx + cd_[1][1] * dy) * kDeg;
    double a0 = crval1_ * kDeg, d0 = crval2_ * kDeg;
    double denom = std::cos(d0) - eta * std::sin(d0);
    double ra = a0 + std::atan2(xi, denom);
    double dec = std::atan2(std::sin(d0) + eta * std::cos(d0), std::hypot(xi, denom));
    double ra_deg = std::fmod(ra / kDeg, 360.0);
    if (ra_deg < 0) ra_deg += 360.0;
    return {ra_deg, dec / kDeg};
}

std::string format_ra_hms(double ra_deg) {
    double h = ra_deg / 15.0;
    long centi = std::lround(h * 3600.0 * 100.0) % (24L * 3600 * 100);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02ld:%02ld:%05.2f", centi / 360000, (centi / 6000) % 60,
                  static_cast<double>(centi % 6000) / 100.0);
    return buf;
}

std::string format_dec_dms(double dec_deg) {
    char sign = dec_deg < 0 ? '-' : '+';
    long deci = std::lround(std::fabs(dec_deg) * 3600.0 * 10.0);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%c%02ld:%02ld:%04.1f", sign, deci / 36000, (deci / 600) % 60,
                  static_cast<double>(deci % 600) / 10.0);
    return buf;
}

}  // namespace bitsky::wcs
