#pragma once
// SAOImage DS9 region files (format 4.1) read into Regions (region.h) and written back.
// Read: comments ('#' lines, e.g. "# Region file format: DS9 version 4.1"), "global ..."
// lines, the coordinate system as its own command or as a prefix ("fk5;circle(...)"),
// commands separated by newlines or ';', arguments in parentheses or separated by blanks,
// properties after '#' (text={...} kept), exclusion ("-circle(...)"). Shapes: circle, box
// (with its angle), polygon; other shapes (ellipse, point, annulus, text, ...) are listed
// as skipped. Systems: image; physical (image = LTM * physical + LTV from the header, the
// identity without those keywords); fk5, icrs, j2000 (through the image's equatorial WCS:
// icrs and fk5 J2000 are taken as the same frame, they differ by < 0.03"), galactic,
// ecliptic and wcs (the WCS's own celestial system). Sky positions in degrees ("150.5",
// "150.5d") or sexagesimal ("10:02:00.5" = hours for the longitude of fk5/icrs, degrees
// otherwise; "10h02m00.5s", "+2d10m00s"); sizes in degrees by default, or 5" (arcsec),
// 5' (arcmin), 5d, 5r (radians), 5i (image pixels), 5p (physical pixels). Sky sizes and
// angles use the WCS's local scale and north direction at the region's centre.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/analysis/region.h"
#include "engine/fits/fits.h"
#include "engine/wcs/wcs.h"

namespace bitsky::analysis {

struct Ds9Context {
    const wcs::Wcs* wcs = nullptr;  // the image's WCS (null: sky coordinates are refused)
    // physical -> image (1-based): x_image = ltm1 * x_physical + ltv1, likewise for y.
    double ltm1 = 1, ltm2 = 1, ltv1 = 0, ltv2 = 0;
    double i3 = 0, i4 = 0;  // the frame of a cube, for the WCS

    // LTM1_1, LTM2_2, LTV1, LTV2 from an HDU's header (defaults where absent).
    static Ds9Context from_hdu(const fits::HduInfo& hdu, const wcs::Wcs* wcs);
};

struct Ds9Regions {
    std::vector<Region> regions;
    std::vector<std::string> skipped;  // "line 7: ellipse is not supported", ...
};

// Throws bitsky::Error naming `name`, the line and the reason for malformed syntax, an
// unknown coordinate system, or sky coordinates the image's WCS cannot convert.
Ds9Regions parse_ds9(std::string_view text, const Ds9Context& context, const std::string& name = "regions");
Ds9Regions read_ds9(const std::filesystem::path& path, const Ds9Context& context);

// A DS9 4.1 file of the regions in image coordinates.
std::string write_ds9(const std::vector<Region>& regions);

}  // namespace bitsky::analysis
