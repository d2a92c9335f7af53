#include "engine/wcs/grid.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

namespace bitsky::wcs {
namespace {

constexpr int kSamples = 33;  // per side, to find the coordinate ranges
constexpr int kTrace = 400;   // points per traced line

struct Rect {
    double x0, y0, x1, y1;
    bool inside(GridPoint p, double eps = 1e-9) const {
        return p.x >= x0 - eps && p.x <= x1 + eps && p.y >= y0 - eps && p.y <= y1 + eps;
    }
};

double wrap360(double v) {
    double r = std::fmod(v, 360.0);
    if (r < 0) r += 360.0;
    return r >= 360.0 ? 0.0 : r;
}

// The smallest step of `steps` (ascending) with span / step <= wanted (else the largest).
double choose_step(double span, int wanted, const std::vector<double>& steps) {
    for (double s : steps)
        if (span / s <= wanted) return s;
    return steps.back();
}

std::vector<double> latitude_steps() {
    std::vector<double> s;
    for (double a : {0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0}) s.push_back(a / 3600.0);
    for (double m : {1.0, 2.0, 5.0, 10.0, 15.0, 30.0}) s.push_back(m / 60.0);
    for (double d : {1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 45.0, 90.0}) s.push_back(d);
    return s;
}

std::vector<double> hour_steps() {
    std::vector<double> s;
    for (double a : {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0}) s.push_back(a * 15.0 / 3600.0);
    for (double m : {1.0, 2.0, 5.0, 10.0, 15.0, 30.0}) s.push_back(m * 15.0 / 60.0);
    for (double h : {1.0, 2.0, 3.0, 4.0, 6.0, 12.0}) s.push_back(h * 15.0);
    return s;
}

// Liang-Barsky: the part [ta, tb] of segment p -> q inside the rectangle, and the edges
// where it enters (if ta > 0) and leaves (if tb < 1).
struct Clip {
    double ta = 0, tb = 1;
    Edge in = Edge::Bottom, out = Edge::Bottom;
};
std::optional<Clip> clip(GridPoint p, GridPoint q, const Rect& r) {
    Clip c;
    const double dx = q.x - p.x, dy = q.y - p.y;
    const double pk[4] = {-dx, dx, -dy, dy};
    const double qk[4] = {p.x - r.x0, r.x1 - p.x, p.y - r.y0, r.y1 - p.y};
    const Edge edge[4] = {Edge::Left, Edge::Right, Edge::Bottom, Edge::Top};
    for (int k = 0; k < 4; ++k) {
        if (pk[k] == 0) {
            if (qk[k] < 0) return std::nullopt;
            continue;
        }
        const double t = qk[k] / pk[k];
        if (pk[k] < 0) {
            if (t > c.ta) c.ta = t, c.in = edge[k];
        } else if (t < c.tb) {
            c.tb = t, c.out = edge[k];
        }
    }
    if (c.ta > c.tb) return std::nullopt;
    return c;
}

GridPoint lerp(GridPoint p, GridPoint q, double t) {
    return {p.x + (q.x - p.x) * t, p.y + (q.y - p.y) * t};
}

// Traces f(t) for t from t0 to t1 into pieces clipped to r; crossings of the boundary are
// collected with their edges.
void trace(const std::function<std::optional<GridPoint>(double)>& f, double t0, double t1, const Rect& r,
           GridLine& line, std::vector<GridLine::Tick>& crossings) {
    const double jump = 0.25 * std::hypot(r.x1 - r.x0, r.y1 - r.y0);
    std::optional<GridPoint> prev;
    std::vector<GridPoint> piece;
    auto flush = [&] {
        if (piece.size() >= 2) line.pieces.push_back(std::move(piece));
        piece.clear();
    };
    for (int i = 0; i <= kTrace; ++i) {
        const std::optional<GridPoint> q = f(t0 + (t1 - t0) * i / kTrace);
        if (!q || (prev && std::hypot(q->x - prev->x, q->y - prev->y) > jump)) {
            flush();
            prev = q;
            continue;
        }
        if (!prev) {
            prev = q;
            continue;
        }
        const auto c = clip(*prev, *q, r);
        if (!c) {
            flush();
        } else {
            if (c->ta > 0 || piece.empty()) {
                flush();
                piece.push_back(lerp(*prev, *q, c->ta));
                if (c->ta > 0) crossings.push_back({c->in, piece.back()});
            }
            piece.push_back(lerp(*prev, *q, c->tb));
            if (c->tb < 1) {
                crossings.push_back({c->out, piece.back()});
                flush();
            }
        }
        prev = q;
    }
    flush();
}

std::optional<GridLine::Tick> pick_tick(const std::vector<GridLine::Tick>& crossings, Edge first, Edge second) {
    for (Edge e : {first, second})
        for (const auto& c : crossings)
            if (c.edge == e) return c;
    if (!crossings.empty()) return crossings.front();
    return std::nullopt;
}

// "dd°mm'ss.s\"" of an absolute value in arcsec units of 10^-decimals, as far as the step needs.
std::string dms(double abs_deg, double step_deg) {
    const double step_as = step_deg * 3600.0;
    const int decimals = step_as < 1.0 - 1e-9 ? 1 : 0;
    const long long scale = decimals ? 10 : 1;
    const long long n = std::llround(abs_deg * 3600.0 * double(scale));
    const long long d = n / (3600 * scale), m = (n / (60 * scale)) % 60;
    const double s = double(n % (60 * scale)) / double(scale);
    char buf[64];
    if (step_as >= 3600.0 - 1e-6 && m == 0 && s == 0)
        std::snprintf(buf, sizeof buf, "%lld\u00b0", d);
    else if (step_as >= 60.0 - 1e-6 && s == 0)
        std::snprintf(buf, sizeof buf, "%lld\u00b0%02lld'", d, m);
    else if (decimals)
        std::snprintf(buf, sizeof buf, "%lld\u00b0%02lld'%04.1f\"", d, m, s);
    else
        std::snprintf(buf, sizeof buf, "%lld\u00b0%02lld'%02.0f\"", d, m, s);
    return buf;
}

}  // namespace

std::string grid_label_hours(double lon_deg, double step_deg) {
    const double step_s = step_deg / 15.0 * 3600.0;
    const int decimals = step_s < 0.1 - 1e-9 ? 2 : step_s < 1.0 - 1e-9 ? 1 : 0;
    const long long scale = decimals == 2 ? 100 : decimals == 1 ? 10 : 1;
    const long long n = std::llround(wrap360(lon_deg) / 15.0 * 3600.0 * double(scale)) % (24 * 3600 * scale);
    const long long h = n / (3600 * scale), m = (n / (60 * scale)) % 60;
    const double s = double(n % (60 * scale)) / double(scale);
    char buf[64];
    if (step_s >= 3600.0 - 1e-6 && m == 0 && s == 0)
        std::snprintf(buf, sizeof buf, "%02lldh", h);
    else if (step_s >= 60.0 - 1e-6 && s == 0)
        std::snprintf(buf, sizeof buf, "%02lldh%02lldm", h, m);
    else if (decimals)
        std::snprintf(buf, sizeof buf, "%02lldh%02lldm%0*.*fs", h, m, 3 + decimals, decimals, s);
    else
        std::snprintf(buf, sizeof buf, "%02lldh%02lldm%02.0fs", h, m, s);
    return buf;
}

std::string grid_label_latitude(double lat_deg, double step_deg) {
    const std::string body = dms(std::abs(lat_deg), step_deg);
    const bool zero = body.find_first_not_of("0\u00b0'\".") == std::string::npos;
    return (lat_deg < 0 && !zero ? "-" : "+") + body;
}

std::string grid_label_longitude(double lon_deg, double step_deg) {
    const double v = wrap360(lon_deg);
    if (step_deg >= 1.0 - 1e-9) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f\u00b0", std::fmod(std::round(v), 360.0));
        return buf;
    }
    return dms(v, step_deg);
}

SkyGrid sky_grid(const Wcs& wcs, double x0, double y0, double x1, double y1, double i3, double i4, int wanted) {
    SkyGrid grid;
    if (!wcs.celestial() || !(x1 > x0) || !(y1 > y0)) return grid;
    const Rect r{x0, y0, x1, y1};
    // The coordinate ranges over the rectangle, longitudes unwrapped around the sample
    // nearest its centre.
    std::vector<std::pair<double, double>> samples;
    double ref = 0, best = 1e300;
    for (int j = 0; j < kSamples; ++j)
        for (int i = 0; i < kSamples; ++i) {
            const double x = x0 + (x1 - x0) * i / (kSamples - 1), y = y0 + (y1 - y0) * j / (kSamples - 1);
            const auto w = wcs.world(x, y, i3, i4);
            if (!w || !w->celestial() || !std::isfinite(w->lon_deg()) || !std::isfinite(w->lat_deg())) continue;
            samples.emplace_back(w->lon_deg(), w->lat_deg());
            const double d = std::hypot(i - (kSamples - 1) / 2.0, j - (kSamples - 1) / 2.0);
            if (d < best) best = d, ref = w->lon_deg();
        }
    if (samples.size() < 4) return grid;
    double lon_lo = 1e300, lon_hi = -1e300, lat_lo = 90, lat_hi = -90;
    for (auto [lon, lat] : samples) {
        const double d = std::remainder(lon - ref, 360.0);
        lon_lo = std::min(lon_lo, ref + d);
        lon_hi = std::max(lon_hi, ref + d);
        lat_lo = std::min(lat_lo, lat);
        lat_hi = std::max(lat_hi, lat);
    }
    bool full = lon_hi - lon_lo > 300.0;
    for (double pole : {90.0, -90.0})
        if (auto p = wcs.pixel(0.0, pole, i3, i4); p && r.inside({p->x, p->y})) {
            full = true;
            (pole > 0 ? lat_hi : lat_lo) = pole;
        }
    const bool equatorial = wcs.frame() == Frame::Equatorial;
    grid.hours = equatorial;
    grid.lat_step_deg = choose_step(lat_hi - lat_lo, wanted, latitude_steps());
    if (full) lon_lo = 0, lon_hi = 360;
    grid.lon_step_deg = choose_step(lon_hi - lon_lo, wanted, equatorial ? hour_steps() : latitude_steps());
    // Lines are traced a little beyond the sampled ranges (the extremes may lie between samples).
    const double lat_pad = std::max(0.1 * (lat_hi - lat_lo), grid.lat_step_deg);
    const double t_lat0 = std::max(-90.0, lat_lo - lat_pad), t_lat1 = std::min(90.0, lat_hi + lat_pad);
    const double lon_pad = full ? 0.0 : std::max(0.1 * (lon_hi - lon_lo), grid.lon_step_deg);
    const double t_lon0 = lon_lo - lon_pad, t_lon1 = lon_hi + lon_pad;

    const auto first_lon = static_cast<long long>(std::ceil(lon_lo / grid.lon_step_deg - 1e-9));
    const auto last_lon = static_cast<long long>(std::floor(lon_hi / grid.lon_step_deg + 1e-9));
    for (long long k = first_lon; k <= last_lon; ++k) {
        const double v = wrap360(double(k) * grid.lon_step_deg);
        if (full && k == last_lon && k != first_lon && std::abs(double(k) * grid.lon_step_deg - 360.0) < 1e-9) break;
        GridLine line;
        line.meridian = true;
        line.value_deg = v;
        line.label = equatorial ? grid_label_hours(v, grid.lon_step_deg) : grid_label_longitude(v, grid.lon_step_deg);
        std::vector<GridLine::Tick> crossings;
        trace(
            [&](double lat) -> std::optional<GridPoint> {
                auto p = wcs.pixel(v, lat, i3, i4);
                return p ? std::optional<GridPoint>(GridPoint{p->x, p->y}) : std::nullopt;
            },
            t_lat0, t_lat1, r, line, crossings);
        line.tick = pick_tick(crossings, Edge::Bottom, Edge::Top);
        if (!line.pieces.empty()) grid.lines.push_back(std::move(line));
    }
    const auto first_lat = static_cast<long long>(std::ceil(lat_lo / grid.lat_step_deg - 1e-9));
    const auto last_lat = static_cast<long long>(std::floor(lat_hi / grid.lat_step_deg + 1e-9));
    for (long long k = first_lat; k <= last_lat; ++k) {
        const double v = double(k) * grid.lat_step_deg;
        if (std::abs(v) >= 90.0 - 1e-9) continue;  // a pole is a point
        GridLine line;
        line.value_deg = v;
        line.label = grid_label_latitude(v, grid.lat_step_deg);
        std::vector<GridLine::Tick> crossings;
        trace(
            [&](double lon) -> std::optional<GridPoint> {
                auto p = wcs.pixel(wrap360(lon), v, i3, i4);
                return p ? std::optional<GridPoint>(GridPoint{p->x, p->y}) : std::nullopt;
            },
            t_lon0, t_lon1, r, line, crossings);
        line.tick = pick_tick(crossings, Edge::Left, Edge::Right);
        if (!line.pieces.empty()) grid.lines.push_back(std::move(line));
    }
    return grid;
}

}  // namespace bitsky::wcs
