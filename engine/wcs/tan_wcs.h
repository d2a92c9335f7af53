#pragma once
// A simple celestial WCS: the gnomonic (TAN) projection with a linear CD matrix (or
// PCi_j x CDELTi, or CDELTi with CROTA2), as written by most imagers and by the sample
// sky. No distortion terms (SIP, TPV): a header with them is still read, but positions
// far from CRPIX are then approximate. Pixel coordinates are FITS 1-based.
#include <optional>
#include <string>
#include <vector>

#include "engine/fits/fits.h"

namespace bitsky::wcs {

struct SkyPosition {
    double ra_deg = 0;   // 0 <= ra < 360
    double dec_deg = 0;  // -90 .. 90
};

class TanWcs {
public:
    // The WCS of a header if it is a celestial TAN projection on axes 1 and 2
    // (CTYPE1 = RA---TAN or xxLN-TAN, CTYPE2 = DEC--TAN or xxLT-TAN) with CRVAL, CRPIX and
    // a usable linear transform; nullopt otherwise.
    static std::optional<TanWcs> from_cards(const std::vector<fits::HeaderCard>& cards);
    TanWcs(double crval1, double crval2, double crpix1, double crpix2, double cd11, double cd12, double cd21,
           double cd22);

    // World position of FITS pixel (x, y), 1-based (the centre of the first pixel is 1, 1).
    SkyPosition pixel_to_world(double x, double y) const;

private:
    double crval1_, crval2_, crpix1_, crpix2_;
    double cd_[2][2];
};

// "hh:mm:ss.ss" and "+dd:mm:ss.s".
std::string format_ra_hms(double ra_deg);
std::string format_dec_dms(double dec_deg);

}  // namespace bitsky::wcs
