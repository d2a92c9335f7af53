#!/usr/bin/python3
"""Reference zscale limits for tests/gui/display_reference_test.cpp, computed by astropy.

Run with Debian 12's python3-astropy (5.2.1):

    /usr/bin/python3 tests/data/zscale/make_reference.py [SHARED_DATA_DIR] > tests/data/zscale/reference.json

SHARED_DATA_DIR is the project's shared/data folder (default: ../shared/data beside the
repository). For every image HDU with 2 to 4 axes of every FITS file in its real/ and
corpus/ folders it records astropy.visualization.ZScaleInterval() (its defaults:
n_samples 1000, contrast 0.25, max_reject 0.5, min_npixels 5, krej 2.5, max_iterations 5)
of the first frame (data[0] of a cube, data[0][0] of a 4D HDU) in physical values:
BSCALE and BZERO applied in float64, BLANK pixels of integer images set to NaN (the
interval ignores NaN), as the viewer reads them. HDUs astropy cannot read (a header that
declares absurd axes) are left out; the test checks that BitSky refuses those too.
"""
import json
import os
import sys
import warnings

import astropy
import numpy as np
from astropy.io import fits
from astropy.visualization import ZScaleInterval

warnings.simplefilter("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "data")
FOLDERS = ["real", "corpus"]


def fits_files(folder):
    names = sorted(os.listdir(os.path.join(SHARED, folder)))
    return [n for n in names if n.endswith((".fits", ".fits.gz", ".fz", ".fit"))]


def first_frame(hdu):
    """Physical float64 values of the first 2D plane, BLANK as NaN."""
    raw = hdu.data
    while raw.ndim > 2:
        raw = raw[0]
    h = hdu.header
    values = raw.astype(np.float64)
    if raw.dtype.kind in "iu" and "BLANK" in h:
        values[raw == h["BLANK"]] = np.nan
    return values * h.get("BSCALE", 1.0) + h.get("BZERO", 0.0)


def main():
    out = {"astropy": astropy.__version__, "numpy": np.__version__, "hdus": []}
    for folder in FOLDERS:
        for name in fits_files(folder):
            path = os.path.join(SHARED, folder, name)
            with fits.open(path, do_not_scale_image_data=True, memmap=False) as hl:
                for index, hdu in enumerate(hl):
                    if not isinstance(hdu, (fits.PrimaryHDU, fits.ImageHDU, fits.CompImageHDU)):
                        continue
                    naxis = hdu.header.get("NAXIS", 0)
                    if not 2 <= naxis <= 4:
                        continue
                    try:
                        values = first_frame(hdu)
                    except Exception as e:  # noqa: BLE001 - recorded, not hidden
                        print("%s HDU %d: astropy cannot read it (%s)" % (path, index, e), file=sys.stderr)
                        continue
                    finite = values[np.isfinite(values)]
                    lo, hi = ZScaleInterval().get_limits(values)
                    out["hdus"].append({
                        "file": folder + "/" + name,
                        "hdu": index,
                        "width": int(values.shape[1]),
                        "height": int(values.shape[0]),
                        "finite": int(finite.size),
                        "min": float(finite.min()) if finite.size else None,
                        "max": float(finite.max()) if finite.size else None,
                        "zscale": [float(lo), float(hi)],
                    })
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
