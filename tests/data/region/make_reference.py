#!/usr/bin/python3
"""Reference region statistics and sky positions for tests/engine/region_test.cpp.

Run with Debian 12's python3-astropy and python3-numpy:

    /usr/bin/python3 tests/data/region/make_reference.py [SHARED_DATA_DIR] > tests/data/region/reference.json

Frames (HDU 0 of each, read by astropy as physical values, float64):
  corpus/ccd_uint16_tansip.fits.gz  256 x 256 uint16 CCD frame, astrometry.net TAN-SIP
                                    solution (also the sky positions below)
  corpus/vlt_isaac_ir_tan.fits      1024 x 1024 float32 infrared frame
  corpus/spitzer_tansip_nan.fits    128 x 128 float32 with 25% NaN (not counted: "invalid")
Pixel coordinates are 0-based with pixel (i, j) centred at (i, j), as numpy indexes
data[j, i]; a pixel is in a region when its centre is (edges included):
  box:    |x - cx| <= w / 2 and |y - cy| <= h / 2
  circle: (x - cx)^2 + (y - cy)^2 <= r^2
Statistics over the selected finite pixels: N, mean, median (numpy), robust sigma =
1.4826 * median(|v - median|), min, max.
Sky positions: astropy.wcs.WCS(header).all_pix2world (SIP applied) of a few pixels, written
as degrees and as sexagesimal text; the test parses DS9 lines with them and expects the
pixel back. The local pixel scale (arcsec per pixel, geometric mean of the two axes, at the
circle's centre) checks the conversion of an arcsec radius.
"""
import json
import os
import sys
import warnings

import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
from astropy.coordinates import SkyCoord
import astropy.units as u

warnings.simplefilter("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "data")
FILE = "corpus/ccd_uint16_tansip.fits.gz"



def stats(data, mask):
    v = data[mask]
    invalid = int(np.count_nonzero(~np.isfinite(v)))
    v = v[np.isfinite(v)]
    med = float(np.median(v))
    return {"n": int(v.size), "invalid": invalid, "mean": float(np.mean(v)), "median": med,
            "robust_sigma": float(1.4826 * np.median(np.abs(v - med))),
            "min": float(v.min()), "max": float(v.max())}


def frame_regions(name, boxes, circles):
    with fits.open(os.path.join(SHARED, name)) as hdul:
        data = hdul[0].data.astype(np.float64)
    h, w = data.shape
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    regions = []
    for (cx, cy, bw, bh) in boxes:
        m = (np.abs(x - cx) <= bw / 2) & (np.abs(y - cy) <= bh / 2)
        regions.append({"shape": "box", "cx": cx, "cy": cy, "width": bw, "height": bh, "stats": stats(data, m)})
    for (cx, cy, r) in circles:
        m = (x - cx) ** 2 + (y - cy) ** 2 <= r * r
        regions.append({"shape": "circle", "cx": cx, "cy": cy, "radius": r, "stats": stats(data, m)})
    return {"file": name, "hdu": 0, "width": w, "height": h, "regions": regions}


frames = [
    frame_regions(FILE, [(120.3, 97.6, 41.0, 27.4), (200.0, 50.0, 60.0, 31.0)],
                  [(128.4, 131.7, 23.5), (40.0, 210.0, 12.0)]),
    frame_regions("corpus/vlt_isaac_ir_tan.fits", [(512.0, 400.5, 301.0, 120.0), (-10.0, 1000.0, 80.0, 80.0)],
                  [(700.25, 640.75, 95.5)]),
    frame_regions("corpus/spitzer_tansip_nan.fits", [(64.0, 64.0, 100.0, 40.0)], [(30.0, 90.0, 25.0)]),
]
with fits.open(os.path.join(SHARED, FILE)) as hdul:
    header = hdul[0].header

wcs = WCS(header)
sky = []
for (px, py) in [(100.0, 120.0), (30.5, 220.25)]:
    ra, dec = (float(v) for v in wcs.all_pix2world([[px, py]], 0)[0])
    c = SkyCoord(ra * u.deg, dec * u.deg)
    sky.append({"x": px, "y": py, "ra": ra, "dec": dec,
                "ra_hms": c.ra.to_string(unit=u.hour, sep=":", precision=4, pad=True),
                "dec_dms": c.dec.to_string(unit=u.deg, sep=":", precision=3, alwayssign=True, pad=True),
                "ra_hms_letters": c.ra.to_string(unit=u.hour, sep="hms", precision=4, pad=True),
                "dec_dms_letters": c.dec.to_string(unit=u.deg, sep="dms", precision=3, alwayssign=True, pad=True)})

# Local scale (arcsec per pixel) at the first sky point: geometric mean of the Jacobian.
px, py = sky[0]["x"], sky[0]["y"]
e = 0.5
p = wcs.all_pix2world([[px - e, py], [px + e, py], [px, py - e], [px, py + e]], 0)
c = SkyCoord(p[:, 0] * u.deg, p[:, 1] * u.deg)
dx = c[0].separation(c[1]).arcsec
dy = c[2].separation(c[3]).arcsec
json.dump({"frames": frames, "sky_file": FILE, "sky": sky,
           "scale_arcsec": float(np.sqrt(dx * dy))}, sys.stdout, indent=1)
print()
