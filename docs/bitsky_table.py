#!/usr/bin/env python3
"""Bytes per 16-bit frame under bitsky and JPEG-XL, as a Markdown table (docs/performance.md).

Every 16-bit frame BitSky measures in ../shared/data/real, the 16-bit corpus files and the
sample sky (written by `bitsky-cli sample` into a temporary folder), each a verified round
trip of `bitsky-cli roundtrip --json`. Usage:

    python3 docs/bitsky_table.py --cli build/app/cli/bitsky-cli [--codecs bitsky,jpegxl:e7,jpegxl:e9]
        [--cache DIR] [--json OUT] [FILE...]

--cache keeps the results of codecs other than bitsky per file content (JPEG-XL e9 is slow and
its bytes do not change); bitsky is always re-measured. Columns: bytes per codec and the
ratio of the first codec to each other (bitsky/e7, bitsky/e9); the last row is the total.
Also the JSON rows with --json. Needs only the Python standard library.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data"))
if not os.path.isdir(SHARED):
    SHARED = "/work/shared/data"
CORPUS_16BIT = ["cfht_megacam_uint16.fits", "ccd_uint16_tansip.fits.gz", "dss_poss1_plate_m1.fits",
                "hst_acs_hrc_flt.fz"]


def run(cli, codec, path, cache):
    key = None
    if cache and codec != "bitsky":
        with open(path, "rb") as f:
            key = os.path.join(cache, hashlib.sha256(f.read()).hexdigest()[:24] + "_" + codec.replace(":", "_") + ".json")
        if os.path.exists(key):
            with open(key) as f:
                return json.load(f)
    out = subprocess.run([cli, "roundtrip", "--codec", codec, "--json", path], check=True, capture_output=True, text=True)
    frames = []
    for fr in json.loads(out.stdout)["files"][0]["frames"]:
        if not fr["ok"]:
            sys.exit(f"{path}: {codec} failed: {fr}")
        frames.append({"hdu": fr["hdu"], "index": fr["index"], "w": fr["width"], "h": fr["height"],
                       "bytes": fr["compressed_bytes"]})
    if key:
        os.makedirs(cache, exist_ok=True)
        with open(key, "w") as f:
            json.dump(frames, f)
    return frames


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--codecs", default="bitsky,jpegxl:e7,jpegxl:e9")
    ap.add_argument("--cache")
    ap.add_argument("--json")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    codecs = a.codecs.split(",")
    files = a.files
    tmp = None
    if not files:
        files = sorted(os.path.join(SHARED, "real", f) for f in os.listdir(os.path.join(SHARED, "real"))
                       if ".fits" in f)
        files += [os.path.join(SHARED, "corpus", f) for f in CORPUS_16BIT]
        tmp = tempfile.TemporaryDirectory()
        subprocess.run([a.cli, "sample", "--out", tmp.name], check=True, capture_output=True)
        for d, _, names in sorted(os.walk(os.path.join(tmp.name, "data"))):
            files += [os.path.join(d, n) for n in sorted(names) if n.endswith(".fits")]
    rows = []
    for path in files:
        per = {c: run(a.cli, c, path, a.cache) for c in codecs}
        base = os.path.basename(path)
        for i, fr in enumerate(per[codecs[0]]):
            name = f"{base} HDU {fr['hdu']}" + (f" frame {fr['index']}" if len(per[codecs[0]]) > 1 else "")
            rows.append({"frame": name, "pixels": fr["w"] * fr["h"], "shape": f"{fr['w']}x{fr['h']}",
                         **{c: per[c][i]["bytes"] for c in codecs}})
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=1)
    others = codecs[1:]
    print("| frame | px | " + " | ".join(codecs) + " | " + " | ".join(f"{codecs[0]}/{c}" for c in others) + " |")
    print("|---|---:|" + "---:|" * (len(codecs) + len(others)))
    for r in rows:
        print(f"| {r['frame']} | {r['shape']} = {r['pixels']} | " + " | ".join(str(r[c]) for c in codecs) + " | " +
              " | ".join(f"{r[codecs[0]] / r[c]:.4f}" for c in others) + " |")
    tot = {c: sum(r[c] for r in rows) for c in codecs}
    print(f"| **total ({len(rows)} frames)** | {sum(r['pixels'] for r in rows)} px | " +
          " | ".join(str(tot[c]) for c in codecs) + " | " + " | ".join(f"{tot[codecs[0]] / tot[c]:.4f}" for c in others) + " |")
    for c in others:
        worst = max(rows, key=lambda r: r[codecs[0]] / r[c])
        above = sum(r[codecs[0]] > r[c] for r in rows)
        print(f"\n{codecs[0]} > {c} on {above} of {len(rows)} frames; worst {worst['frame']} "
              f"{worst[codecs[0]] / worst[c]:.4f}", file=sys.stderr)


if __name__ == "__main__":
    main()
