#include "engine/analysis/region_ds9.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <numbers>
#include <tuple>
#include <optional>
#include <sstream>

#include "engine/util/error.h"

namespace bitsky::analysis {

namespace {

enum class System { Image, Physical, Sky };

struct Parser {
    const Ds9Context& ctx;
    std::string name;
    int line = 0;
    System system = System::Physical;  // DS9's default for a file that names none
    wcs::Frame sky = wcs::Frame::Equatorial;
    bool hours = true;  // sexagesimal longitudes are hours (equatorial systems)
    Ds9Regions out;

    [[noreturn]] void fail(const std::string& why) const {
        throw Error(name + ": line " + std::to_string(line) + ": " + why);
    }
    void command(std::string cmd, const std::string& properties);
    bool set_system(const std::string& word);
    double number(const std::string& s) const;
    double sky_value(std::string s, bool longitude) const;
    std::pair<double, double> position(const std::string& a, const std::string& b) const;
    double size(std::string s, double scale) const;
    // Pixels per degree and the image angle (deg, from +x) of north at a pixel position.
    std::pair<double, double> sky_scale(double x, double y) const;
};

std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// Splits a line into commands at ';' and '#' outside braces and quotes; text after '#'
// (the properties or a comment) goes with the command before it.
std::vector<std::pair<std::string, std::string>> split_line(const std::string& line) {
    std::vector<std::pair<std::string, std::string>> cmds;
    std::string cur;
    std::size_t i = 0;
    for (; i < line.size(); ++i) {
        const char c = line[i];
        if (c == ';') {
            cmds.emplace_back(cur, "");
            cur.clear();
        } else if (c == '#') {
            break;
        } else {
            cur += c;
        }
    }
    cmds.emplace_back(cur, i < line.size() ? line.substr(i + 1) : std::string());
    return cmds;
}

// The value of property `key` ("text={a b}" or text="a b" or text='a b').
std::string property(const std::string& props, const std::string& key) {
    const auto p = props.find(key + "=");
    if (p == std::string::npos) return {};
    const std::size_t v = p + key.size() + 1;
    if (v >= props.size()) return {};
    const char open = props[v];
    const char close = open == '{' ? '}' : open;
    if (open != '{' && open != '"' && open != '\'') return {};
    const auto e = props.find(close, v + 1);
    return e == std::string::npos ? props.substr(v + 1) : props.substr(v + 1, e - v - 1);
}

}  // namespace

bool Parser::set_system(const std::string& word) {
    const std::string w = lower(word);
    if (w == "image") system = System::Image;
    else if (w == "physical") system = System::Physical;
    else if (w == "fk5" || w == "icrs" || w == "j2000" || w == "galactic" || w == "ecliptic" || w == "wcs") {
        system = System::Sky;
        sky = w == "galactic" ? wcs::Frame::Galactic : w == "ecliptic" ? wcs::Frame::Ecliptic
              : w == "wcs"    ? (ctx.wcs ? ctx.wcs->frame() : wcs::Frame::Equatorial)
                              : wcs::Frame::Equatorial;
        hours = sky == wcs::Frame::Equatorial;
        if (!ctx.wcs || !ctx.wcs->celestial())
            fail("'" + word + "' coordinates need a celestial WCS, and the image has none (" +
                 (ctx.wcs ? ctx.wcs->reason() : std::string("no WCS")) + ")");
        if (ctx.wcs->frame() != sky)
            fail("'" + word + "' coordinates, but the image's WCS is in another celestial system");
    } else if (w == "fk4" || w == "b1950" || w == "linear" || w == "amplifier" || w == "detector" ||
               (w.size() == 4 && w.starts_with("wcs") && std::isalpha(static_cast<unsigned char>(w[3])))) {
        fail("the coordinate system '" + word + "' is not supported (image, physical, fk5, icrs, j2000, galactic, ecliptic, wcs)");
    } else {
        return false;
    }
    return true;
}

double Parser::number(const std::string& s) const {
    try {
        std::size_t used = 0;
        const double v = std::stod(s, &used);
        if (used == s.size() && std::isfinite(v)) return v;
    } catch (const std::exception&) {
    }
    fail("'" + s + "' is not a number");
}

double Parser::sky_value(std::string s, bool longitude) const {
    if (s.empty()) fail("a coordinate is missing");
    const bool neg = s[0] == '-';
    std::string body = (s[0] == '-' || s[0] == '+') ? s.substr(1) : s;
    // Sexagesimal: a:b:c, or 1h2m3s / 1d2m3s.
    const bool colons = body.find(':') != std::string::npos;
    const bool hms = body.find_first_of("hH") != std::string::npos;
    const bool dms = !hms && body.find_first_of("mM") != std::string::npos;
    if (colons || hms || dms) {
        std::vector<std::string> parts;
        std::string cur;
        for (char c : body) {
            if (c == ':' || std::isalpha(static_cast<unsigned char>(c))) {
                if (!cur.empty()) parts.push_back(cur);
                cur.clear();
            } else {
                cur += c;
            }
        }
        if (!cur.empty()) parts.push_back(cur);
        if (parts.empty() || parts.size() > 3) fail("'" + s + "' is not a sexagesimal coordinate");
        double v = 0, unit = 1;
        for (const auto& p : parts) {
            v += number(p) * unit;
            unit /= 60.0;
        }
        if (neg) v = -v;
        const bool in_hours = hms || (colons && longitude && hours);
        return in_hours ? v * 15.0 : v;
    }
    if (!body.empty() && (body.back() == 'd' || body.back() == 'D')) body.pop_back();
    const double v = number(body);
    return neg ? -v : v;
}

std::pair<double, double> Parser::position(const std::string& a, const std::string& b) const {
    const auto strip_unit = [](std::string s) {
        if (!s.empty() && (s.back() == 'i' || s.back() == 'p')) s.pop_back();
        return s;
    };
    if (system == System::Image) return {number(strip_unit(a)) - 1.0, number(strip_unit(b)) - 1.0};
    if (system == System::Physical)
        return {ctx.ltm1 * number(strip_unit(a)) + ctx.ltv1 - 1.0, ctx.ltm2 * number(strip_unit(b)) + ctx.ltv2 - 1.0};
    const double lon = sky_value(a, true), lat = sky_value(b, false);
    auto p = ctx.wcs->pixel(lon, lat, ctx.i3, ctx.i4);
    if (!p) fail("the sky position " + a + " " + b + " is outside the image's projection");
    return {p->x, p->y};
}

std::pair<double, double> Parser::sky_scale(double x, double y) const {
    auto w = ctx.wcs->world(x, y, ctx.i3, ctx.i4);
    if (!w) fail("no world coordinates at the region's centre");
    const double lon = w->lon_deg(), lat = w->lat_deg();
    const double d = 1.0 / 60.0;  // one arcminute north (south near the pole)
    const double step = lat + d > 90 ? -d : d;
    auto p0 = ctx.wcs->pixel(lon, lat, ctx.i3, ctx.i4);
    auto pn = ctx.wcs->pixel(lon, lat + step, ctx.i3, ctx.i4);
    if (!p0 || !pn) fail("the WCS cannot be inverted at the region's centre");
    const double dx = (pn->x - p0->x) * (step > 0 ? 1 : -1), dy = (pn->y - p0->y) * (step > 0 ? 1 : -1);
    return {std::hypot(dx, dy) / d, std::atan2(dy, dx) * 180.0 / std::numbers::pi};
}

double Parser::size(std::string s, double scale) const {
    if (s.empty()) fail("a size is missing");
    const char u = s.back();
    double factor = 0;
    if (u == '"') factor = scale / 3600.0;
    else if (u == '\'') factor = scale / 60.0;
    else if (u == 'd') factor = scale;
    else if (u == 'r') factor = scale * 180.0 / std::numbers::pi;
    else if (u == 'i') factor = 1;
    else if (u == 'p') factor = ctx.ltm1;
    if (factor != 0) s.pop_back();
    else factor = system == System::Sky ? scale : system == System::Physical ? ctx.ltm1 : 1.0;
    if ((u == '"' || u == '\'' || u == 'd' || u == 'r') && system != System::Sky)
        fail("the size '" + s + u + "' is an angle, which needs sky coordinates (this region is in image/physical pixels)");
    return number(s) * factor;
}

void Parser::command(std::string cmd, const std::string& properties) {
    cmd = trim(cmd);
    if (cmd.empty()) return;
    // A system word alone, or before a shape ("fk5 circle(...)").
    const auto word_end = cmd.find_first_of(" \t(");
    const std::string first = cmd.substr(0, word_end);
    if (lower(first) == "global" || lower(first) == "tile") return;
    if (set_system(first)) {
        if (word_end == std::string::npos) return;
        cmd = trim(cmd.substr(word_end));
        if (cmd.empty()) return;
    }
    bool exclude = false;
    if (cmd[0] == '-' || cmd[0] == '+') {
        exclude = cmd[0] == '-';
        cmd = trim(cmd.substr(1));
    }
    const auto open = cmd.find_first_of(" \t(");
    const std::string shape = lower(cmd.substr(0, open));
    std::string rest = open == std::string::npos ? std::string() : cmd.substr(open);
    std::vector<std::string> args;
    {
        std::string body = trim(rest);
        if (!body.empty() && body[0] == '(') {
            const auto close = body.find(')');
            if (close == std::string::npos) fail("'" + cmd + "': no closing parenthesis");
            body = body.substr(1, close - 1);
        }
        std::string cur;
        for (char c : body) {
            if (c == ',' || c == ' ' || c == '\t') {
                if (!cur.empty()) args.push_back(cur);
                cur.clear();
            } else {
                cur += c;
            }
        }
        if (!cur.empty()) args.push_back(cur);
    }
    Region r;
    if (shape == "circle") {
        if (args.size() != 3) fail("circle needs x, y and a radius, got " + std::to_string(args.size()) + " values");
        auto [x, y] = position(args[0], args[1]);
        const double scale = system == System::Sky ? sky_scale(x, y).first : 1.0;
        r = Region::circle(x, y, size(args[2], scale));
    } else if (shape == "box") {
        if (args.size() != 4 && args.size() != 5)
            fail("box needs x, y, width, height and an optional angle, got " + std::to_string(args.size()) + " values");
        auto [x, y] = position(args[0], args[1]);
        double scale = 1.0, north = 90.0;
        if (system == System::Sky) std::tie(scale, north) = sky_scale(x, y);
        const double angle = args.size() == 5 ? number(args[4]) : 0.0;
        r = Region::box(x, y, size(args[2], scale), size(args[3], scale), angle + (north - 90.0));
    } else if (shape == "polygon") {
        if (args.size() < 6 || args.size() % 2) fail("polygon needs at least 3 x, y pairs");
        std::vector<std::pair<double, double>> v;
        for (std::size_t i = 0; i < args.size(); i += 2) v.push_back(position(args[i], args[i + 1]));
        r = Region::polygon(std::move(v));
    } else if (shape == "ellipse" || shape == "point" || shape == "line" || shape == "annulus" || shape == "panda" ||
               shape == "epanda" || shape == "bpanda" || shape == "vector" || shape == "text" || shape == "ruler" ||
               shape == "compass" || shape == "projection" || shape == "segment" || shape == "composite") {
        out.skipped.push_back("line " + std::to_string(line) + ": " + shape + " is not supported (circle, box, polygon)");
        return;
    } else {
        fail("'" + cmd + "' is neither a shape nor a coordinate system");
    }
    r.exclude = exclude;
    r.text = property(properties, "text");
    out.regions.push_back(std::move(r));
}

Ds9Context Ds9Context::from_hdu(const fits::HduInfo& hdu, const wcs::Wcs* wcs) {
    Ds9Context c;
    c.wcs = wcs;
    const auto get = [&](const char* key, double fallback) {
        auto v = hdu.card_value(key);
        if (!v) return fallback;
        try {
            return std::stod(*v);
        } catch (const std::exception&) {
            return fallback;
        }
    };
    c.ltm1 = get("LTM1_1", 1.0);
    c.ltm2 = get("LTM2_2", 1.0);
    c.ltv1 = get("LTV1", 0.0);
    c.ltv2 = get("LTV2", 0.0);
    return c;
}

Ds9Regions parse_ds9(std::string_view text, const Ds9Context& context, const std::string& name) {
    Parser p{context, name, 0, System::Physical, wcs::Frame::Equatorial, true, {}};
    std::size_t pos = 0;
    while (pos <= text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        ++p.line;
        const std::string line(text.substr(pos, end - pos));
        pos = end + 1;
        for (auto& [cmd, props] : split_line(line)) p.command(cmd, props);
        if (end == text.size()) break;
    }
    return std::move(p.out);
}

Ds9Regions read_ds9(const std::filesystem::path& path, const Ds9Context& context) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path.string() + ": cannot open the region file");
    std::ostringstream s;
    s << in.rdbuf();
    return parse_ds9(s.str(), context, path.string());
}

std::string write_ds9(const std::vector<Region>& regions) {
    std::string s = "# Region file format: DS9 version 4.1\n# written by BitSky (image coordinates: pixel 1 is the first)\nimage\n";
    for (const Region& r : regions) s += r.ds9() + "\n";
    return s;
}

}  // namespace bitsky::analysis
