#!/usr/bin/python3
"""Reference world coordinates for tests/engine/wcs_test.cpp, computed by astropy.

Run with Debian 12's python3-astropy (5.2.1, which links the system wcslib 7.12):

    /usr/bin/python3 tests/data/wcs/make_reference.py [SHARED_DATA_DIR] > tests/data/wcs/reference.json

SHARED_DATA_DIR is the project's shared/data folder (default: ../shared/data beside the
repository); the files of tests/data are read from this repository. For every image HDU
of the corpus (shared/data/corpus) and of tests/data it records the CTYPEs and, where the
header has a WCS, `astropy.wcs.WCS(header).all_pix2world(pixel, 0)` (astropy applies SIP
itself; wcslib applies DSS plate solutions) at the corners, the centre and four
pseudo-random points of every frame tested (first, middle and last along axes 3 and 4).
Pixels are 0-based storage coordinates [x, y, i3, i4]; a world value of null means astropy
gives NaN there (outside the projection's domain).

DSS plate headers (PLTRAH/AMDXn keywords; the corpus plate has no CTYPE at all) are
also solved by the classic DSS plate formula written out below; the script stops if
astropy (through wcslib's DSS translation) differs from it by more than 1 milliarcsecond.
"""
import json
import math
import os
import random
import sys
import warnings

import numpy as np
import astropy
from astropy.io import fits
from astropy.wcs import WCS, _wcs

warnings.simplefilter("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "data")
ROOTS = {"corpus": os.path.join(SHARED, "corpus"), "data": os.path.join(REPO, "tests", "data")}


def fits_files(root):
    names = sorted(os.listdir(ROOTS[root]))
    return [n for n in names if n.endswith((".fits", ".fits.gz", ".fz", ".fit"))]


def header_for_wcs(path, hdu):
    """The header astropy's WCS can take: some real headers carry malformed CONTINUE
    cards (xmm_emos1: 'CONTINUE=' with an equals sign after a HISTORY card) that astropy
    refuses to parse; they hold no WCS keywords, so they are dropped from the raw header
    bytes (wcslib skips them anyway)."""
    try:
        hdu.header.tostring()
        return hdu.header, False
    except Exception:
        info = hdu.fileinfo()
        with open(path, "rb") as f:
            f.seek(info["hdrLoc"])
            raw = f.read(info["datLoc"] - info["hdrLoc"]).decode("ascii", "replace")
        cards = [raw[i:i + 80] for i in range(0, len(raw), 80)]
        return fits.Header.fromstring("".join(c for c in cards if not c.startswith("CONTINUE"))), True


def dss_world(h, x1, y1):
    """The DSS plate solution (Digitized Sky Survey documentation; WCS Paper IV sect. 5.2)
    at FITS 1-based pixel (x1, y1): plate offsets in mm, AMDX/AMDY polynomials in arcsec,
    then the inverse gnomonic projection about the plate centre."""
    xp = h["CNPIX1"] + x1 - 0.5
    yp = h["CNPIX2"] + y1 - 0.5
    X = (h["PPO3"] - h["XPIXELSZ"] * xp) / 1000.0
    Y = (h["YPIXELSZ"] * yp - h["PPO6"]) / 1000.0
    a = [h.get("AMDX%d" % i, 0.0) for i in range(1, 21)]
    b = [h.get("AMDY%d" % i, 0.0) for i in range(1, 21)]

    def poly(c, u, v):
        r2 = u * u + v * v
        return (c[0] * u + c[1] * v + c[2] + c[3] * u * u + c[4] * u * v + c[5] * v * v + c[6] * r2
                + c[7] * u ** 3 + c[8] * u * u * v + c[9] * u * v * v + c[10] * v ** 3 + c[11] * u * r2
                + c[12] * u * r2 * r2)

    xi = math.radians(poly(a, X, Y) / 3600.0)
    eta = math.radians(poly(b, Y, X) / 3600.0)
    ra0 = math.radians(15.0 * (h["PLTRAH"] + h["PLTRAM"] / 60.0 + h["PLTRAS"] / 3600.0))
    sign = -1.0 if str(h["PLTDECSN"]).strip() == "-" else 1.0
    dec0 = sign * math.radians(h["PLTDECD"] + h["PLTDECM"] / 60.0 + h["PLTDECS"] / 3600.0)
    ra = ra0 + math.atan2(xi / math.cos(dec0), 1.0 - eta * math.tan(dec0))
    dec = math.atan(math.cos(ra - ra0) * (eta + math.tan(dec0)) / (1.0 - eta * math.tan(dec0)))
    return math.degrees(ra) % 360.0, math.degrees(dec)


def pixels(shape, seed):
    """Corners, centre and four pseudo-random points (fractional) of an nx x ny frame."""
    nx, ny = shape
    rng = random.Random(seed)
    pts = [(0.0, 0.0), (nx - 1.0, 0.0), (0.0, ny - 1.0), (nx - 1.0, ny - 1.0), ((nx - 1) / 2.0, (ny - 1) / 2.0)]
    for _ in range(4):
        pts.append((round(rng.uniform(-0.5, nx - 0.5), 3), round(rng.uniform(-0.5, ny - 0.5), 3)))
    return pts


def frames(n):
    return sorted({0, (n - 1) // 2, n - 1})


# Pixels outside the image that wcslib finds outside the projection's domain (astropy: NaN).
EXTRA = {"parkes_azp_nan.fits": [(-490.0, -1280.0)]}  # AZP mu=2: theta < -30 deg there


def entry(root, name, index, hdu):
    header = hdu.header
    naxis = header.get("ZNAXIS", header.get("NAXIS", 0)) if isinstance(hdu, fits.CompImageHDU) else header.get("NAXIS", 0)
    axes = [header.get("NAXIS%d" % (k + 1), 0) for k in range(naxis)]
    if naxis < 2 or naxis > 4 or any(a <= 0 for a in axes):
        return None
    wcs_header, dropped = header_for_wcs(os.path.join(ROOTS[root], name), hdu)
    w = WCS(wcs_header)
    ctype = [str(c) for c in w.wcs.ctype]
    out = {"file": root + "/" + name, "hdu": index, "ctype": ctype, "cunit": [str(u) for u in w.wcs.cunit],
           "celestial": bool(w.has_celestial), "lng": int(w.wcs.lng), "lat": int(w.wcs.lat),
           "spec": int(w.wcs.spec)}
    if dropped:
        out["note"] = "malformed CONTINUE cards dropped for astropy"
    if not any(c.strip() for c in ctype):
        out["wcs"] = False  # no WCS keywords: astropy falls back to an identity WCS
        return out
    out["wcs"] = True
    n3 = axes[2] if naxis > 2 else 1
    n4 = axes[3] if naxis > 3 else 1
    points = []
    seed = sum(map(ord, name)) * 31 + index
    for i4 in frames(n4):
        for i3 in frames(n3):
            for x, y in pixels(axes[:2], seed + 7 * i3 + 13 * i4) + EXTRA.get(name, []):
                pix = [x, y, float(i3), float(i4)] + [0.0] * max(0, w.naxis - 4)
                world = w.all_pix2world(np.array([pix[: w.naxis]]), 0)[0]
                value = None if not np.all(np.isfinite(world)) else [float(v) for v in world]
                points.append({"pixel": pix[:4], "world": value})
    out["points"] = points
    if "PLTRAH" in header and "AMDX1" in header:
        worst = 0.0
        for p in points:
            ra, dec = dss_world(header, p["pixel"][0] + 1.0, p["pixel"][1] + 1.0)
            dra = (p["world"][0] - ra + 180.0) % 360.0 - 180.0
            worst = max(worst, math.hypot(dra * math.cos(math.radians(dec)), p["world"][1] - dec) * 3600.0)
        if worst > 1e-3:
            sys.exit("%s: astropy and the DSS plate formula differ by %.3g arcsec" % (name, worst))
        out["dss_formula_max_arcsec"] = worst
    return out


def main():
    hdus = []
    for root in ("corpus", "data"):
        for name in fits_files(root):
            with fits.open(os.path.join(ROOTS[root], name)) as hl:
                for index, hdu in enumerate(hl):
                    if not isinstance(hdu, (fits.PrimaryHDU, fits.ImageHDU, fits.CompImageHDU)):
                        continue
                    try:
                        e = entry(root, name, index, hdu)
                    except Exception as exc:  # a header astropy cannot take at all
                        sys.stderr.write("%s HDU %d skipped: %s\n" % (name, index, exc))
                        continue
                    if e:
                        hdus.append(e)
    json.dump({"generator": "tests/data/wcs/make_reference.py", "astropy": astropy.__version__,
               "wcslib": _wcs.__version__, "hdus": hdus}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
