// Sexagesimal and decimal readouts of world coordinates. Every sexagesimal value is
// rounded once, as an integer count of its last digit, and then split: so 59.9995" never
// shows as 60.000" and 23:59:59.999 wraps to 00:00:00.00.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/wcs/wcs.h"

namespace bitsky::wcs {
namespace {

// Sexagesimal decimals are clamped to 0..9 (a count of 10^-9 s still fits a long long).
int clamped(int decimals) {
    return std::clamp(decimals, 0, 9);
}

long long pow10(int decimals) {
    long long p = 1;
    for (int i = 0; i < decimals; ++i) p *= 10;
    return p;
}

std::string padded(long long v, int width) {
    std::string s = std::to_string(v);
    return s.size() < std::size_t(width) ? std::string(std::size_t(width) - s.size(), '0') + s : s;
}

// "aa:mm:ss[.fff]" from a rounded count of 10^-decimals seconds (width: digits of aa).
std::string split(long long units, int decimals, int width) {
    const long long scale = pow10(decimals);
    const long long secs = units / scale;
    std::string s = padded(secs / 3600, width);
    s += ':';
    s += padded((secs / 60) % 60, 2);
    s += ':';
    s += padded(secs % 60, 2);
    if (decimals > 0) {
        s += '.';
        s += padded(units % scale, decimals);
    }
    return s;
}

double wrap360(double deg) {
    double d = std::fmod(deg, 360.0);
    return d < 0 ? d + 360.0 : d;
}

// Rounded count of 10^-decimals seconds of a value in [0, period) (units per degree-like
// unit: 3600 s), wrapped so that rounding up to the period gives 0.
std::string wrapped(double value, double period, int decimals, int width) {
    const long long scale = pow10(decimals);
    const long long full = std::llround(period * 3600.0) * scale;
    long long units = std::llround(value * 3600.0 * double(scale)) % full;
    if (units < 0) units += full;
    return split(units, decimals, width);
}

std::string signed_dms(double deg, int decimals, int width) {
    const long long units = std::llround(std::fabs(deg) * 3600.0 * double(pow10(decimals)));
    std::string s(1, deg < 0 && units != 0 ? '-' : '+');
    s += split(units, decimals, width);
    return s;
}

std::string arcsec(double deg) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f\"", deg * 3600.0);
    std::string s = buf;
    if (s == "-0.00\"") s = "0.00\"";
    return s;
}

std::string general(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

// The pair's labels and how its longitude reads.
struct PairStyle {
    const char* lon;
    const char* lat;
    bool signed_lon = false;  // longitudes in (-180, 180] instead of [0, 360)
};

PairStyle style_of(Frame f) {
    switch (f) {
        case Frame::Equatorial:
            return {"RA", "Dec"};
        case Frame::Galactic:
            return {"l", "b"};
        case Frame::Ecliptic:
            return {"\u03bb", "\u03b2"};  // lambda, beta
        case Frame::Supergalactic:
            return {"SGL", "SGB"};
        case Frame::Helioprojective:
            return {"Solar X", "Solar Y", true};
        case Frame::Carrington:
            return {"Carrington lon", "Carrington lat"};
        case Frame::Stonyhurst:
            return {"Stonyhurst lon", "Stonyhurst lat", true};
        default:
            return {"lon", "lat"};
    }
}

std::string celestial_pair(const WorldCoordinates& w) {
    const PairStyle st = style_of(w.frame);
    const double lat = w.lat_deg();
    double lon = wrap360(w.lon_deg());
    if (st.signed_lon && lon > 180.0) lon -= 360.0;
    std::string lon_label = st.lon, lat_label = st.lat;
    if (w.frame == Frame::Other) {
        // xxLN/xxLT of a system wcslib knows but we do not name: its CTYPE prefixes.
        auto prefix = [](const std::string& ctype) { return ctype.substr(0, ctype.find('-')); };
        lon_label = prefix(w.axes[std::size_t(w.lng)].ctype);
        lat_label = prefix(w.axes[std::size_t(w.lat)].ctype);
    }
    const std::string degrees = "(" + format_degrees(lon) + " " + format_degrees(lat) + ")";
    if (w.frame == Frame::Equatorial) return "RA " + format_ra_hms(lon) + " Dec " + format_dec_dms(lat) + " " + degrees;
    if (w.frame == Frame::Helioprojective)
        return lon_label + " " + arcsec(lon) + " " + lat_label + " " + arcsec(lat) + " " + degrees;
    const std::string lon_dms = st.signed_lon ? signed_dms(lon, 1, 3) : format_lon_dms(lon);
    return lon_label + " " + format_degrees(lon) + " " + lat_label + " " + format_degrees(lat) + " (" + lon_dms + " " +
           format_dec_dms(lat) + ")";
}

}  // namespace

std::string format_ra_hms(double ra_deg, int decimals) {
    return wrapped(wrap360(ra_deg) / 15.0, 24.0, clamped(decimals), 2);
}

std::string format_dec_dms(double dec_deg, int decimals) {
    return signed_dms(dec_deg, clamped(decimals), 2);
}

std::string format_lon_dms(double lon_deg, int decimals) {
    return wrapped(wrap360(lon_deg), 360.0, clamped(decimals), 3);
}

std::string format_degrees(double deg, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", std::clamp(decimals, 0, 12), deg);
    std::string s = buf;
    if (s.find_first_not_of("-0.") == std::string::npos && s[0] == '-') s.erase(0, 1);  // no "-0.000000"
    return s + "\u00b0";
}

std::string format_world(const WorldCoordinates& w) {
    std::string out;
    if (w.celestial()) out = celestial_pair(w);
    for (std::size_t k = 0; k < w.values.size() && k < w.axes.size(); ++k) {
        if (int(k) == w.lng || int(k) == w.lat) continue;
        const AxisInfo& a = w.axes[k];
        std::string item = (a.ctype.empty() ? "axis " + std::to_string(k + 1) : a.ctype) + " " + general(w.values[k]);
        if (!a.cunit.empty()) item += " " + a.cunit;
        out += (out.empty() ? "" : "  ") + item;
    }
    return out;
}

}  // namespace bitsky::wcs
