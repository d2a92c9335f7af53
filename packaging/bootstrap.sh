#!/usr/bin/env bash
# BitSky set-up on Debian 12: installs what is missing, builds, then runs or tests.
#   packaging/bootstrap.sh run    build, write the sample sky, open BitSky on it
#                                 (no display: run the headless benchmark and print the table)
#   packaging/bootstrap.sh test   build and run every test (ctest)
# Idempotent: a second run only rebuilds what changed. Any failure stops with a message.
set -euo pipefail

usage() { echo "usage: packaging/bootstrap.sh run|test" >&2; exit 2; }
[ $# -eq 1 ] || usage
mode=$1
case "$mode" in run|test) ;; *) usage ;; esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build"
die() { echo "bootstrap: $*" >&2; exit 1; }
trap 'echo "bootstrap: failed at line $LINENO (exit $?)" >&2' ERR

packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-svg-dev libqcustomplot-dev libqcustomplot2.1-qt6
  libcfitsio-dev libjxl-dev libcharls-dev libopenjp2-7-dev libtorch-dev libsqlite3-dev libxxhash-dev
  wcslib-dev
  libgtest-dev libgmock-dev nlohmann-json3-dev libcli11-dev
  libjxl-tools libcfitsio-bin libopenjp2-tools
  sqlite3 xauth xvfb slurm-wlm munge
  qt6-translations-l10n desktop-file-utils appstream
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${#missing[@]} missing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
    die "need root (or sudo) to install: ${missing[*]}"; fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq || die "apt-get update failed"
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || die "apt-get install failed"
fi

jobs=$(nproc 2>/dev/null || echo 2)
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release || die "CMake configuration failed"
fi
cmake --build "$build" -j "$jobs" || die "build failed"

cli="$build/app/cli/bitsky-cli"
case "$mode" in
  test)
    ctest --test-dir "$build" --output-on-failure -j "$jobs" --timeout 900 || die "tests failed"
    echo "bootstrap: all tests passed"
    ;;
  run)
    sky="$root/sample-sky"
    if [ ! -f "$sky/splits/full_train.jsonl" ]; then
      "$cli" sample --out "$sky" >/dev/null || die "could not write the sample sky"
      echo "bootstrap: sample sky written to $sky"
    fi
    if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
      exec "$build/app/gui/bitsky" --open "$sky"
    fi
    echo "bootstrap: no display; running the headless benchmark on the sample sky"
    "$cli" bench --db "$sky/results.db" "$sky" || die "benchmark failed"
    ;;
esac
