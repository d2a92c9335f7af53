#include "engine/wcs/wcs.h"

#include <wcslib/wcs.h>
#include <wcslib/wcserr.h>
#include <wcslib/wcsfix.h>
#include <wcslib/wcshdr.h>

#include <cmath>
#include <mutex>

namespace bitsky::wcs {

// The wcsprm array wcspih allocated (all WCS of the header, primary and alternates) and
// the primary's index. wcsp2s writes scratch space inside the wcsprm, hence the mutex.
struct Wcs::State {
    int nwcs = 0;
    wcsprm* all = nullptr;
    wcsprm* primary = nullptr;
    std::mutex mutex;

    ~State() {
        if (all) wcsvfree(&nwcs, &all);
    }
};

namespace {

std::string trimmed(const char* s) {
    std::string v(s);
    auto b = v.find_first_not_of(' ');
    auto e = v.find_last_not_of(' ');
    return b == std::string::npos ? std::string() : v.substr(b, e - b + 1);
}

Frame frame_of(const std::string& lngtyp) {
    if (lngtyp == "RA") return Frame::Equatorial;
    if (lngtyp == "GLON") return Frame::Galactic;
    if (lngtyp == "ELON") return Frame::Ecliptic;
    if (lngtyp == "SLON") return Frame::Supergalactic;
    if (lngtyp == "HPLN") return Frame::Helioprojective;
    if (lngtyp == "CRLN") return Frame::Carrington;
    if (lngtyp == "HGLN") return Frame::Stonyhurst;
    return Frame::Other;
}

// wcserr messages are off by default (a global flag): switch them on once.
void enable_messages() {
    static std::once_flag once;
    std::call_once(once, [] { wcserr_enable(1); });
}

std::string wcslib_message(const wcsprm* w, int status, const char* const* table) {
    if (w && w->err && w->err->msg && *w->err->msg) return w->err->msg;
    return table ? table[status] : "status " + std::to_string(status);
}

}  // namespace

Wcs::Wcs() = default;
Wcs::~Wcs() = default;
Wcs::Wcs(Wcs&&) noexcept = default;
Wcs& Wcs::operator=(Wcs&&) noexcept = default;

Wcs Wcs::from_cards(const std::vector<fits::HeaderCard>& cards) {
    std::string header;
    header.reserve(cards.size() * 80);
    for (const auto& c : cards) {
        std::string card = c.card.substr(0, 80);
        card.resize(80, ' ');
        header += card;
    }
    return from_header(header);
}

Wcs Wcs::from_header(const std::string& text) {
    enable_messages();
    Wcs out;
    auto state = std::make_unique<State>();
    std::string header = text;  // wcspih takes a non-const buffer
    const int nkeyrec = int(header.size() / 80);
    int nreject = 0;
    // WCSHDR_all: accept every informal extension wcslib knows (as astropy's relax=True),
    // which includes the SIP and DSS translations; ctrl 0: report nothing on stderr.
    int status = wcspih(header.data(), nkeyrec, WCSHDR_all, 0, &nreject, &state->nwcs, &state->all);
    if (status != 0) {
        out.reason_ = "wcslib cannot parse the header: " + std::string(wcshdr_errmsg[status]);
        return out;
    }
    for (int i = 0; i < state->nwcs; ++i) {
        wcsprm* w = state->all + i;
        if (w->alt[0] == ' ' || w->alt[0] == '\0')
            state->primary = w;
        else
            out.alternates_ += w->alt[0];
    }
    wcsprm* w = state->primary;
    if (!w) {
        out.reason_ =
            out.alternates_.empty() ? "no WCS keywords" : "no primary WCS (only alternate WCS " + out.alternates_ + ")";
        return out;
    }
    bool named = false;
    for (int k = 0; k < w->naxis; ++k) named = named || !trimmed(w->ctype[k]).empty();
    if (!named) {
        out.reason_ = "no WCS keywords (no CTYPEn)";
        return out;
    }
    // The fixes astropy applies by default (no unit translations of S/H/D, no cylfix
    // without image axes): CD matrix, dates, observatory, units, spectral and celestial
    // conventions. One at a time, clearing each one's message: a fix that fails (e.g. a
    // malformed DATE-OBS) is not an error here, and wcsfix/wcsfixi of wcslib 7.12 leak
    // the messages when several fixes report one.
    for (auto fix : {+[](wcsprm* p) { return cdfix(p); }, +[](wcsprm* p) { return datfix(p); },
                     +[](wcsprm* p) { return obsfix(0, p); }, +[](wcsprm* p) { return unitfix(0, p); },
                     +[](wcsprm* p) { return spcfix(p); }, +[](wcsprm* p) { return celfix(p); }}) {
        fix(w);
        wcserr_clear(&w->err);
    }
    status = wcsset(w);
    if (status != 0) {
        out.reason_ = "wcslib rejects the WCS: " + wcslib_message(w, status, wcs_errmsg);
        return out;
    }
    for (int k = 0; k < w->naxis; ++k) {
        AxisInfo a;
        a.ctype = trimmed(w->ctype[k]);
        a.cunit = trimmed(w->cunit[k]);
        if (k == w->lng)
            a.kind = AxisKind::Longitude;
        else if (k == w->lat)
            a.kind = AxisKind::Latitude;
        else if (k == w->spec)
            a.kind = AxisKind::Spectral;
        out.axes_.push_back(std::move(a));
    }
    out.lng_ = w->lng;
    out.lat_ = w->lat;
    out.spec_ = w->spec;
    out.valid_ = true;
    if (w->lng >= 0 && w->lat >= 0) {
        out.frame_ = frame_of(trimmed(w->lngtyp));
        out.reason_.clear();
    } else {
        out.reason_ = "no celestial axes (CTYPE";
        for (std::size_t k = 0; k < out.axes_.size(); ++k) out.reason_ += (k ? ", '" : " '") + out.axes_[k].ctype + "'";
        out.reason_ += ")";
    }
    out.state_ = std::move(state);
    return out;
}

std::optional<WorldCoordinates> Wcs::world(double x, double y, double i3, double i4) const {
    if (!valid_ || !state_) return std::nullopt;
    wcsprm* w = state_->primary;
    const auto n = std::size_t(w->naxis);
    // FITS pixel coordinates are 1-based: the centre of the first pixel is 1.
    std::vector<double> pix(n, 1.0), img(n), world(n);
    const double given[4] = {x + 1.0, y + 1.0, i3 + 1.0, i4 + 1.0};
    for (std::size_t k = 0; k < n && k < 4; ++k) pix[k] = given[k];
    double phi = 0, theta = 0;
    int stat = 0;
    int status;
    {
        std::lock_guard lock(state_->mutex);
        status = wcsp2s(w, 1, int(n), pix.data(), img.data(), &phi, &theta, world.data(), &stat);
    }
    if (status != 0 || stat != 0) return std::nullopt;
    for (double v : world)
        if (!std::isfinite(v)) return std::nullopt;
    WorldCoordinates out;
    out.axes = axes_;
    out.values = std::move(world);
    out.frame = frame_;
    out.lng = lng_;
    out.lat = lat_;
    out.spec = spec_;
    return out;
}

std::optional<Wcs::PixelPosition> Wcs::pixel(double lon_deg, double lat_deg, double i3, double i4) const {
    if (!celestial() || !state_) return std::nullopt;
    auto ref = world(0, 0, i3, i4);
    if (!ref) return std::nullopt;
    wcsprm* w = state_->primary;
    const auto n = std::size_t(w->naxis);
    std::vector<double> world = ref->values, img(n), pix(n);
    world[std::size_t(lng_)] = lon_deg;
    world[std::size_t(lat_)] = lat_deg;
    double phi = 0, theta = 0;
    int stat = 0;
    int status;
    {
        std::lock_guard lock(state_->mutex);
        status = wcss2p(w, 1, int(n), world.data(), &phi, &theta, img.data(), pix.data(), &stat);
    }
    if (status != 0 || stat != 0 || n < 2 || !std::isfinite(pix[0]) || !std::isfinite(pix[1])) return std::nullopt;
    return PixelPosition{pix[0] - 1.0, pix[1] - 1.0};
}

}  // namespace bitsky::wcs
