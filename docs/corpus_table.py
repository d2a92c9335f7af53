#!/usr/bin/python3
"""The per-frame table of docs/performance.md ("Real frames"), from a bench store.

usage:
  bitsky-cli bench --db corpus.db --codecs all ../shared/data/real ../shared/data/corpus
  python3 docs/corpus_table.py corpus.db

For every measured 16-bit frame: the noise estimates (masked CFITSIO noise1/2/3/5, MAD of
first differences, the sigma-clipped std shown for comparison only, and the robust sigma
the prediction uses), the masked fraction, the correlation flag, the noise floor (entropy
of the rounded Gaussian), the structure-inclusive prediction (context model), measured
bits per pixel per codec, BitSky against JPEG-XL e7/e9/max; then the bpp-vs-log2(sigma)
fits per codec (as `bitsky-cli report --noise-fit`). Standard library only.
"""
import json
import math
import sqlite3
import sys

CODECS = ["rice", "hcompress", "jpegls", "jpeg2000", "jpegxl:e7", "jpegxl:e9", "jpegxl:max", "bitsky"]


def main(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = db.execute(
        "SELECT i.id, i.path, i.hdu, i.shape, i.noise, r.frame, c.spec, r.compressed_bytes, r.raw_bytes "
        "FROM results r JOIN images i ON i.id = r.image_id JOIN codecs c ON c.id = r.codec_id "
        "WHERE r.error IS NULL AND r.lossless_ok = 1 ORDER BY i.path, i.hdu, r.frame").fetchall()
    preds = {}
    for image, frame, kind, bpp in db.execute("SELECT image_id, frame, kind, bpp FROM predictions"):
        preds[(image, frame, kind)] = bpp
    frames = {}
    for image, p, hdu, shape, noise, frame, spec, comp, raw in rows:
        f = frames.setdefault((p, hdu, frame), {"image": image, "shape": json.loads(shape),
                                                 "noise": json.loads(noise) if noise else {}, "bytes": {}, "px": raw // 2})
        f["bytes"][spec] = comp
    name = lambda p: "/".join(p.split("/")[-2:])
    head = ["frame", "px", "noise1", "noise2", "noise3", "noise5", "MAD", "clipped std", "sigma used", "masked",
            "corr.", "floor", "predicted"] + CODECS + ["BitSky/e7", "BitSky/e9", "BitSky/max"]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
    tot = {c: 0 for c in CODECS}
    for (p, hdu, frame), f in sorted(frames.items()):
        n, b = f["noise"], f["bytes"]
        if any(c not in b for c in CODECS):
            continue
        for c in CODECS:
            tot[c] += b[c]
        bpp = lambda c: 8.0 * b[c] / f["px"]
        g = lambda k, d=2: f"{n[k]:.{d}f}" if k in n else "-"
        fl = preds.get((f["image"], frame, "gaussian-entropy"))
        pr = preds.get((f["image"], frame, "context-model"))
        label = f"{name(p)}[{hdu}]" + (f" f{frame}" if len(f["shape"]) > 2 else "")
        cells = [label, "x".join(str(a) for a in f["shape"][:2]), g("noise1"), g("noise2"), g("noise3"), g("noise5"),
                 g("mad"), g("clipped_std"), g("sigma"), f"{100 * n.get('mask_fraction', 0):.1f}%",
                 "yes" if n.get("correlated") else "no", f"{fl:.3f}" if fl is not None else "-",
                 f"{pr:.3f}" if pr is not None else "-"]
        best = min(bpp(c) for c in CODECS)
        cells += [("**%.3f**" if bpp(c) == best else "%.3f") % bpp(c) for c in CODECS]
        cells += [f"{100 * (b['bitsky'] / b[c] - 1):+.1f}%" for c in ("jpegxl:e7", "jpegxl:e9", "jpegxl:max")]
        print("| " + " | ".join(cells) + " |")
    print("| **all** | | | | | | | | | | | | | " + " | ".join(str(tot[c]) + " B" for c in CODECS) + " | " +
          " | ".join(f"{100 * (tot['bitsky'] / tot[c] - 1):+.1f}%" for c in ("jpegxl:e7", "jpegxl:e9", "jpegxl:max")) + " |")

    # bpp = a + b log2(sigma) per codec over the uncorrelated frames (frame 0 of each HDU).
    print("\n| codec | frames fitted | intercept (bpp) | slope (bpp per log2 sigma) | rms residual (bpp) |")
    print("|---|---:|---:|---:|---:|")
    for c in CODECS:
        xs, ys = [], []
        for (p, hdu, frame), f in frames.items():
            n = f["noise"]
            if frame != 0 or c not in f["bytes"] or n.get("correlated") or not n.get("sigma"):
                continue
            xs.append(math.log2(n["sigma"]))
            ys.append(8.0 * f["bytes"][c] / f["px"])
        if len(xs) < 2:
            continue
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        sxx = sum((x - mx) ** 2 for x in xs)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
        icpt = my - slope * mx
        rms = math.sqrt(sum((y - icpt - slope * x) ** 2 for x, y in zip(xs, ys)) / len(xs))
        print(f"| {c} | {len(xs)} | {icpt:.3f} | {slope:.3f} | {rms:.3f} |")


if __name__ == "__main__":
    main(sys.argv[1])
