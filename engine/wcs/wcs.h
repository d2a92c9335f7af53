#pragma once
// World coordinates of a FITS image through wcslib: every projection wcslib knows, SIP
// distortion (wcspih turns A_p_q/B_p_q into a prior TPD distortion), DSS plate solutions
// (wcspih turns PLTRAH/AMDXn into TAN plus a sequent TPD distortion, as astropy does
// through the same wcslib), spectral and other third/fourth axes of cubes. The header is
// parsed once (wcspih, wcsfix without cylfix, wcsset: what astropy.wcs.WCS(header) does);
// a header without a WCS, or with one wcslib rejects, gives a Wcs that says why
// (`reason()`) and never throws. Pixel coordinates here are 0-based FITS storage indices.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/fits/fits.h"

struct wcsprm;

namespace bitsky::wcs {

enum class AxisKind { Longitude, Latitude, Spectral, Other };

// The celestial system of the longitude/latitude pair (from wcslib's lngtyp/lattyp).
enum class Frame {
    None,             // no celestial axes
    Equatorial,       // RA/DEC
    Galactic,         // GLON/GLAT
    Ecliptic,         // ELON/ELAT
    Supergalactic,    // SLON/SLAT
    Helioprojective,  // HPLN/HPLT
    Carrington,       // CRLN/CRLT (heliographic Carrington)
    Stonyhurst,       // HGLN/HGLT (heliographic Stonyhurst)
    Other,            // any other xxLN/xxLT pair
};

struct AxisInfo {
    std::string ctype;  // as wcslib holds it after wcsfix, e.g. "RA---TAN-SIP", "VRAD", ""
    std::string cunit;  // world unit of the values: "deg" for celestial axes, SI for spectral
    AxisKind kind = AxisKind::Other;
};

// The world coordinates of one pixel: one value per WCS axis (in the order of Wcs::axes()).
struct WorldCoordinates {
    std::vector<AxisInfo> axes;
    std::vector<double> values;
    Frame frame = Frame::None;
    int lng = -1, lat = -1, spec = -1;  // axis indices, -1 if absent

    bool celestial() const { return lng >= 0 && lat >= 0; }
    double lon_deg() const { return values.at(std::size_t(lng)); }
    double lat_deg() const { return values.at(std::size_t(lat)); }
};

class Wcs {
public:
    // The primary WCS of an HDU's header (its card list, e.g. fits::HduInfo::cards).
    static Wcs from_cards(const std::vector<fits::HeaderCard>& cards);
    // The same from header text: 80-character records, as in a FITS file.
    static Wcs from_header(const std::string& header);

    Wcs();
    ~Wcs();
    Wcs(Wcs&&) noexcept;
    Wcs& operator=(Wcs&&) noexcept;

    // A WCS wcslib accepted, with at least one named axis (linear axes count).
    bool valid() const { return valid_; }
    // A longitude/latitude pair is present (and valid()).
    bool celestial() const { return valid_ && frame_ != Frame::None; }
    // Why there is no (celestial) WCS: "no WCS keywords", wcslib's message for a
    // rejected header, or "no celestial axes (CTYPE 'X', 'Y')"; "" for a celestial WCS.
    const std::string& reason() const { return reason_; }
    Frame frame() const { return frame_; }
    const std::vector<AxisInfo>& axes() const { return axes_; }
    // Letters of the alternate WCS in the header ('A'..'Z'); listed, never used.
    const std::string& alternates() const { return alternates_; }

    // World coordinates of 0-based storage pixel (x, y) in frame (i3, i4) of a cube
    // (0-based indices on axes 3 and 4; axes beyond NAXIS are at their first pixel).
    // nullopt if !valid() or if wcslib finds the pixel outside the projection's domain.
    // Safe to call from several threads (the wcsprm is guarded by a mutex).
    std::optional<WorldCoordinates> world(double x, double y, double i3 = 0, double i4 = 0) const;
    // The inverse for a celestial WCS: the 0-based storage pixel (x, y) of sky position
    // (lon, lat) in degrees, in the WCS's own system, in frame (i3, i4) (the other world
    // axes take their values at that frame's pixel (0, 0)). nullopt without a celestial
    // WCS or where wcslib cannot invert (outside the projection).
    struct PixelPosition {
        double x = 0, y = 0;
    };
    std::optional<PixelPosition> pixel(double lon_deg, double lat_deg, double i3 = 0, double i4 = 0) const;

private:
    struct State;
    std::unique_ptr<State> state_;
    bool valid_ = false;
    Frame frame_ = Frame::None;
    std::string reason_ = "no WCS keywords";
    std::string alternates_;
    std::vector<AxisInfo> axes_;
    int lng_ = -1, lat_ = -1, spec_ = -1;
};

// ---- formatting ------------------------------------------------------------------------
// RA in hours "hh:mm:ss.ss" (decimals of the seconds), rounded first, so 23:59:59.999
// wraps to 00:00:00.00.
std::string format_ra_hms(double ra_deg, int decimals = 2);
// Latitude "+dd:mm:ss.s", signed; a negative value that rounds to zero shows "+".
std::string format_dec_dms(double dec_deg, int decimals = 1);
// Longitude in degrees "ddd:mm:ss.s" in [0, 360), rounded first (359:59:59.99 wraps).
std::string format_lon_dms(double lon_deg, int decimals = 1);
// "120.123400°" (decimals after the point).
std::string format_degrees(double deg, int decimals = 6);
// The hover readout: the celestial pair with the system's axis names, sexagesimal and
// decimal degrees ("RA 10:00:00.00 Dec +30:00:00.0 (150.000000° +30.000000°)",
// "l 120.123400° b -3.456700° (120:07:24.2 -03:27:24.1)", helioprojective
// "Solar X -123.45\" Solar Y 456.78\""), then every other axis as "CTYPE value unit".
std::string format_world(const WorldCoordinates& w);

}  // namespace bitsky::wcs
