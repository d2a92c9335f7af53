#!/usr/bin/env bash
# BitSky set-up on Debian 12: installs what is missing, builds, then runs or tests.
#   packaging/bootstrap.sh run    installs what building and running BitSky need, builds it
#                                 (no tests), writes the sample sky and opens BitSky on it
#                                 (no display: runs the headless benchmark, prints the table)
#   packaging/bootstrap.sh test   also installs the test tools (reference codecs, Slurm,
#                                 packaging validators), builds with the tests, runs them all
# Each phase (install, configure, build, run/test) prints its wall time. Idempotent: a second
# run only rebuilds what changed. Any failure stops with a message.
set -euo pipefail

usage() { echo "usage: packaging/bootstrap.sh run|test" >&2; exit 2; }
[ $# -eq 1 ] || usage
mode=$1
case "$mode" in run|test) ;; *) usage ;; esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build"
die() { echo "bootstrap: $*" >&2; exit 1; }
trap 'echo "bootstrap: failed at line $LINENO (exit $?)" >&2' ERR

# Phase clock: `phase NAME` ends the previous phase (printing its wall time) and starts NAME.
now_ms() { date +%s%3N; }
secs() { printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100)); }
t_start=$(now_ms) t_phase=$t_start phase_name=""
phase() {
  local t; t=$(now_ms)
  [ -z "$phase_name" ] || printf 'bootstrap: phase %-9s %7s s\n' "$phase_name" "$(secs $((t - t_phase)))"
  phase_name=$1 t_phase=$t
}
finish() { phase ""; printf 'bootstrap: total           %7s s\n' "$(secs $(($(now_ms) - t_start)))"; }

# What building and running need (Debian 12 names; -dev packages bring their libraries).
run_packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev libqcustomplot-dev
  qt6-translations-l10n
  libcfitsio-dev wcslib-dev libjxl-dev libcharls-dev libopenjp2-7-dev libsqlite3-dev zlib1g-dev libxxhash-dev libzstd-dev libzfp-dev
  libtorch-dev nlohmann-json3-dev libcli11-dev
)
# What only the tests need: GoogleTest; the reference tools of the parity tests (cjxl/djxl,
# fpack/funpack, opj_compress); Slurm and munge for the cluster test, sqlite3 for its
# checks; packaging: lintian, dpkg-dev (dpkg-shlibdeps), file (CPack), desktop-file-utils,
# appstream, libglib2.0-bin (gio), shared-mime-info, man-db.
test_packages=(
  libgtest-dev
  libjxl-tools libcfitsio-bin libopenjp2-tools
  slurm-wlm munge sqlite3
  lintian dpkg-dev file desktop-file-utils appstream libglib2.0-bin shared-mime-info man-db
)
packages=("${run_packages[@]}")
[ "$mode" = test ] && packages+=("${test_packages[@]}")

phase install
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

phase configure
jobs=$(nproc 2>/dev/null || echo 2)
tests=OFF
[ "$mode" = test ] && tests=ON
# Configured once; a later mode only flips BITSKY_BUILD_TESTS.
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBITSKY_BUILD_TESTS=$tests >/dev/null ||
    die "CMake configuration failed"
elif ! grep -qx "BITSKY_BUILD_TESTS:BOOL=$tests" "$build/CMakeCache.txt"; then
  cmake "$build" -DBITSKY_BUILD_TESTS=$tests >/dev/null || die "CMake configuration failed"
fi

phase build
cmake --build "$build" -j "$jobs" || die "build failed"

cli="$build/app/cli/bitsky-cli"
case "$mode" in
  test)
    phase test
    ctest --test-dir "$build" --output-on-failure -j "$jobs" --timeout 900 || { finish; die "tests failed"; }
    finish
    echo "bootstrap: all tests passed"
    ;;
  run)
    phase run
    sky="$root/sample-sky"
    if [ ! -f "$sky/splits/full_train.jsonl" ]; then
      "$cli" sample --out "$sky" >/dev/null || die "could not write the sample sky"
      echo "bootstrap: sample sky written to $sky"
    fi
    if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
      finish
      exec "$build/app/gui/bitsky" --open "$sky"
    fi
    echo "bootstrap: no display; running the headless benchmark on the sample sky"
    "$cli" bench --db "$sky/results.db" "$sky" || die "benchmark failed"
    finish
    ;;
esac
