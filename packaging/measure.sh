#!/usr/bin/env bash
# The start-up and throughput targets of docs/performance.md ("Start-up and packaging"),
# measured with hyperfine (Debian package hyperfine) on a Release build:
#   bitsky-cli --version                  wall time and peak RSS
#   bitsky-cli info FILE                  a 512 x 512 BITPIX 16 file
#   bitsky --exit-after-paint             start to first painted window (offscreen)
#   bitsky-cli bench --codecs rice        200 small files, against a shell loop of fpack -r
#                                         over the same files in the same run (the reference);
#                                         --no-predictions is the like-for-like figure (fpack
#                                         estimates no noise), the default adds the analysis
# Prints Markdown tables. The machine's load average is printed before and after: on a
# shared machine compare the ratio to the reference, not absolute times across runs.
#
# usage: packaging/measure.sh [BUILD_DIR]   (default: build)
set -euo pipefail
build=$(readlink -f "${1:-build}")
cli="$build/app/cli/bitsky-cli"
gui="$build/app/gui/bitsky"
fail() { echo "measure: $*" >&2; exit 1; }
for t in hyperfine fpack; do command -v $t >/dev/null || fail "$t is not installed (apt-get install hyperfine libcfitsio-bin)"; done
[ -x "$cli" ] && [ -x "$gui" ] || fail "no bitsky-cli / bitsky in $build: build first"

tmp=$(mktemp -d /tmp/bitsky-measure.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run" QT_QPA_PLATFORM=offscreen
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); $(uptime | sed 's/.*load/load/')"
echo "build: $build ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt"))"

# Peak RSS (MiB) of one run, best of 5.
rss() { local best=0 kb; for _ in 1 2 3 4 5; do
    /usr/bin/time -f '%M' -o "$tmp/rss" "$@" >/dev/null 2>&1 || true; kb=$(tail -1 "$tmp/rss")
    [ "$best" = 0 ] || [ "$kb" -lt "$best" ] && best=$kb; done; echo "$((best / 1024))"; }
row() {  # row LABEL JSON
  python3 -c 'import json,sys; r=json.load(open(sys.argv[2]))["results"][0]
print("| %s | %.1f ms ± %.1f ms | %.1f ms | %.1f ms |" % (sys.argv[1], 1e3*r["mean"], 1e3*r["stddev"], 1e3*r["median"], 1e3*r["min"]))' "$1" "$2"
}

# A 512 x 512 BITPIX 16 file: the first such frame of the sample sky, else a synthetic one.
"$cli" sample --out "$tmp/sky" >/dev/null
f512=$(for f in "$tmp"/sky/data/*/*.fits; do
         "$cli" info --json "$f" | python3 -c 'import json,sys
hdus=json.load(sys.stdin)["files"][0]["hdus"]
print(any(h.get("shape")==[512,512] and h.get("bitpix")==16 for h in hdus))' | grep -q True && { echo "$f"; break; }
       done)
[ -n "$f512" ] || fail "no 512 x 512 frame in the sample sky"

hyperfine -N --warmup 5 --runs 50 --export-json "$tmp/v.json" "$cli --version" >/dev/null
hyperfine -N --warmup 5 --runs 50 --export-json "$tmp/i.json" "$cli info $f512" >/dev/null
hyperfine -N --warmup 2 --runs 20 --export-json "$tmp/g.json" "$gui --exit-after-paint" >/dev/null
paint=$(for _ in 1 2 3 4 5; do "$gui" --exit-after-paint 2>/dev/null | sed -n 's/^first paint \([0-9.]*\) s.*/\1/p'; done | sort -n | sed -n 3p)
echo
echo "| command | mean ± sd | median | min | peak RSS (MiB) | target |"
echo "|---|---|---|---|---|---|"
echo "$(row 'bitsky-cli --version' "$tmp/v.json") $(rss "$cli" --version) | <= 50 ms, <= 30 MB |"
echo "$(row "bitsky-cli info (512 x 512)" "$tmp/i.json") $(rss "$cli" info "$f512") | <= 100 ms |"
echo "$(row 'bitsky --exit-after-paint (offscreen)' "$tmp/g.json") $(rss "$gui" --exit-after-paint) | <= 1.0 s to the first paint |"
echo "(bitsky's own figure, process start to first paint, median of 5: $paint s)"

# 200 small files: the 2D frames (one HDU, 2 axes) of sample skies with seeds 1, 2, ...
mkdir -p "$tmp/small" "$tmp/fz"
seed=1
while [ "$(ls "$tmp/small" | wc -l)" -lt 200 ]; do
  "$cli" sample --seed $seed --out "$tmp/s$seed" >/dev/null
  for f in "$tmp/s$seed"/data/*/*.fits; do
    "$cli" info --json "$f" | python3 -c 'import json,sys
im=[h for h in json.load(sys.stdin)["files"][0]["hdus"] if h.get("is_image") and h.get("shape")]
print(len(im)==1 and im[0]["bitpix"]==16 and len(im[0]["shape"])==2)' | grep -q True || continue
    [ "$(ls "$tmp/small" | wc -l)" -lt 200 ] && cp "$f" "$tmp/small/s${seed}_$(basename "$f")"
  done
  seed=$((seed + 1))
done
bytes=$(du -cb "$tmp"/small/*.fits | tail -1 | cut -f1)
echo
echo "200 files, $((bytes / 1000000)) MB of 2D 16-bit frames (sample skies, seeds 1-$((seed - 1)))"
cat >"$tmp/fpack_loop.sh" <<EOF
for f in "$tmp"/small/*.fits; do fpack -r -O "$tmp/fz/\$(basename "\$f").fz" "\$f" || exit 1; done
EOF
hyperfine --warmup 1 --runs 5 --prepare "rm -f $tmp/fz/*.fz $tmp/b1.db* $tmp/b0.db* $tmp/b2.db*" --export-json "$tmp/b.json" \
  -n "fpack -r loop" "bash $tmp/fpack_loop.sh" \
  -n "bench --no-predictions --jobs 1" "$cli bench --db $tmp/b1.db --codecs rice --jobs 1 --no-predictions --progress none $tmp/small" \
  -n "bench --no-predictions --jobs 0 (all cores)" "$cli bench --db $tmp/b0.db --codecs rice --jobs 0 --no-predictions --progress none $tmp/small" \
  -n "bench --jobs 1 (with noise estimates and predictions)" "$cli bench --db $tmp/b2.db --codecs rice --jobs 1 --progress none $tmp/small" >/dev/null
python3 - "$tmp/b.json" <<'EOF'
import json, sys
rs = json.load(open(sys.argv[1]))["results"]
ref = rs[0]["mean"]
print("| command | mean ± sd | min | / fpack loop |\n|---|---|---|---|")
for r in rs:
    print("| %s | %.2f s ± %.2f s | %.2f s | %.2f |" % (r["command"], r["mean"], r["stddev"], r["min"], r["mean"] / ref))
EOF
echo "load after: $(uptime | sed 's/.*load/load/')"
