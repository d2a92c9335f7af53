#pragma once
// A celestial coordinate grid over a rectangle of an image, as figures show it: lines of
// constant longitude (meridians: RA) and latitude (parallels: Dec) at round steps (hours,
// minutes and seconds of time for RA; degrees, arcminutes and arcseconds otherwise), each
// traced through wcslib's inverse (Wcs::pixel), clipped to the rectangle, and labelled
// where it leaves it: meridians at the bottom edge (else the top, else any), parallels at
// the left edge (else the right, else any). Coordinates are 0-based storage pixel
// positions with pixel (i, j) centred at (i, j), as Wcs::world takes them.
#include <optional>
#include <string>
#include <vector>

#include "engine/wcs/wcs.h"

namespace bitsky::wcs {

struct GridPoint {
    double x = 0, y = 0;
};

enum class Edge { Bottom, Left, Top, Right };

struct GridLine {
    bool meridian = false;                       // constant longitude (else constant latitude)
    double value_deg = 0;                        // the longitude (in [0, 360)) or latitude
    std::string label;                           // e.g. "10h00m30s", "+30°05'", "120.5°"
    std::vector<std::vector<GridPoint>> pieces;  // polylines inside the rectangle
    // Where the line leaves the rectangle, for its label (none for a line that never does).
    struct Tick {
        Edge edge = Edge::Bottom;
        GridPoint at;
    };
    std::optional<Tick> tick;
};

struct SkyGrid {
    std::vector<GridLine> lines;
    double lon_step_deg = 0, lat_step_deg = 0;
    bool hours = false;  // longitudes labelled in hours (equatorial)
};

// The grid over [x0, x1] x [y0, y1] (e.g. -0.5 .. width - 0.5 for a whole frame) in frame
// (i3, i4), about `wanted` lines (at most wanted + 1) along each coordinate. Empty without a
// celestial WCS or where the rectangle has too few pixels inside the projection.
SkyGrid sky_grid(const Wcs& wcs, double x0, double y0, double x1, double y1, double i3 = 0, double i4 = 0,
                 int wanted = 4);

// The labels, with the precision of the step: RA in hours ("10h", "10h05m", "10h05m30s",
// "10h05m30.5s"), latitudes signed in degrees, arcminutes and arcseconds ("+30°", "-05°30'",
// "+30°05'10\""), other longitudes in degrees ("120°", "120.5°"; "12°30'" for sub-degree steps).
std::string grid_label_hours(double lon_deg, double step_deg);
std::string grid_label_latitude(double lat_deg, double step_deg);
std::string grid_label_longitude(double lon_deg, double step_deg);

}  // namespace bitsky::wcs
