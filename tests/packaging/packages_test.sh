#!/usr/bin/env bash
# The Debian packages, built from this build tree by CPack, installed as on a clean system.
#
#  1. `cpack -G DEB` makes exactly the packages the build declares (bitsky-cli, bitsky,
#     bitsky-neural), each with its DEP-5 copyright file and gzip'd changelog; the man
#     pages are installed gzip'd; `lintian` reports no error and no warning.
#  2. A clean Debian 12: `apt-get --simulate` with an EMPTY dpkg status (nothing installed)
#     and no Recommends resolves each package's Depends from the archive; bitsky-cli alone
#     brings no Qt and no LibTorch.
#  3. The packages are unpacked (dpkg -x) into a fresh root, and run from there: bitsky-cli
#     writes the sample sky and benchmarks it (default codecs), bitsky-cli train loads the
#     neural module, bitsky paints its window (offscreen). ld.so's trace of each run
#     (LD_DEBUG=libs) and ldd list every library loaded, dlopen'ed ones included (Qt
#     plugins, the module, LibTorch): each must come from the fresh root or from a Debian
#     package that step 2's clean install brings for that package, and none from the build
#     tree (the module must be the one in the root, not the build-tree fallback).
# Together: on a clean system `apt install ./bitsky*.deb` installs them, and they run with
# what that brings. (No container: Docker does not run on the project's machines, and
# debootstrap needs the network and minutes; see docs/performance.md "Packages".)
#
# usage: packages_test.sh BUILD_DIR VERSION COMPONENT_PACKAGES...   (e.g. bitsky-cli bitsky bitsky-neural)
# BITSKY_PACKAGES_TEST_DROP=PKG leaves PKG out of the clean-install sets: the run must then
# fail naming a library of PKG (a check of the checker).
set -euo pipefail
build=$(readlink -f "$1")
version=$2
shift 2
packages=("$@")

fail() { echo "packages test: FAIL: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null || fail "$1 is not installed (Debian package $2; packaging/bootstrap.sh test installs it)"; }
need cpack cmake
need dpkg-shlibdeps dpkg-dev
need file file
need lintian lintian
need apt-get apt
need ldd libc-bin
ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1 || fail "no APT package lists: run apt-get update"

tmp=$(mktemp -d /tmp/bitsky-packages.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
step() { printf '== %s (%d s)\n' "$*" "$SECONDS"; }
has() { local x=$1; shift; for y in "$@"; do [ "$x" = "$y" ] && return 0; done; return 1; }

# ---- 1. build the packages --------------------------------------------------------------
step "cpack"
(cd "$build" && cpack -G DEB -B "$tmp/out" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; fail "cpack failed"; }
deb() { echo "$tmp/out/$1_${version}_$(dpkg --print-architecture).deb"; }
made=$(cd "$tmp/out" && ls ./*.deb | sed 's|^\./||; s|_.*||' | sort | tr '\n' ' ')
want=$(printf '%s\n' "${packages[@]}" | sort | tr '\n' ' ')
[ "$made" = "$want" ] || fail "cpack made '$made', the build declares '$want'"

for p in "${packages[@]}"; do
  d=$(deb "$p")
  dpkg-deb -c "$d" | awk '{print $6}' | sed 's|^\./|/|' >"$tmp/$p.files"
  for f in /usr/share/doc/$p/copyright /usr/share/doc/$p/changelog.gz; do
    grep -qx "$f" "$tmp/$p.files" || fail "$p has no $f"
  done
  dpkg-deb --fsys-tarfile "$d" | tar -xO "./usr/share/doc/$p/copyright" | sed -n 1p |
    grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' ||
    fail "$p: copyright is not a DEP-5 file"
  dpkg-deb --fsys-tarfile "$d" | tar -xO "./usr/share/doc/$p/changelog.gz" | gzip -dc | sed -n 1p |
    grep -q "^bitsky ($version) " || fail "$p: the changelog's first entry is not version $version"
  dpkg-deb -f "$d" Depends >"$tmp/$p.depends"
  echo "$p: $(dpkg-deb -f "$d" Installed-Size) KiB; Depends: $(cat "$tmp/$p.depends")"
done
expect_file() { grep -qx "$2" "$tmp/$1.files" || fail "$1 does not install $2"; }
expect_file bitsky-cli /usr/bin/bitsky-cli
expect_file bitsky-cli /usr/share/man/man1/bitsky-cli.1.gz
if has bitsky "${packages[@]}"; then
  expect_file bitsky /usr/bin/bitsky
  expect_file bitsky /usr/share/man/man1/bitsky.1.gz
  expect_file bitsky /usr/share/applications/org.bitsky.BitSky.desktop
  expect_file bitsky /usr/share/metainfo/org.bitsky.BitSky.metainfo.xml
  expect_file bitsky /usr/share/icons/hicolor/scalable/apps/org.bitsky.BitSky.svg
  grep -q "bitsky-cli (= $version)" "$tmp/bitsky.depends" || fail "bitsky does not depend on bitsky-cli (= $version)"
fi
if has bitsky-neural "${packages[@]}"; then
  grep -q '/bitsky/libbitsky_neural\.so$' "$tmp/bitsky-neural.files" || fail "bitsky-neural has no libbitsky_neural.so"
  grep -q "bitsky-cli (= $version)" "$tmp/bitsky-neural.depends" || fail "bitsky-neural does not depend on bitsky-cli (= $version)"
  grep -q 'libtorch' "$tmp/bitsky-neural.depends" || fail "bitsky-neural does not depend on LibTorch"
fi
grep -qiE 'libqt|libtorch|qcustomplot' "$tmp/bitsky-cli.depends" && fail "bitsky-cli depends on Qt or LibTorch"

step "lintian"
lintian --fail-on error,warning "$tmp"/out/*.deb >"$tmp/lintian.log" 2>&1 || {
  cat "$tmp/lintian.log"; fail "lintian reports errors or warnings"; }
grep -E '^[EW]:' "$tmp/lintian.log" && fail "lintian reports errors or warnings"

# ---- 2. a clean system: what apt installs for each package -------------------------------
# Each set: the packages to install plus everything their Depends pull in on a system with
# nothing installed (an empty dpkg status), Recommends left out.
step "apt-get --simulate on an empty system"
: >"$tmp/empty-status"
clean_install() {  # clean_install NAME DEB... -> $tmp/NAME.inst (package names)
  local name=$1; shift
  apt-get --simulate --no-install-recommends -o Dir::State::status="$tmp/empty-status" \
    -o Debug::NoLocking=1 install "$@" >"$tmp/$name.apt" 2>&1 || {
    cat "$tmp/$name.apt"; fail "apt cannot install $* on a clean system"; }
  awk '$1 == "Inst" {print $2}' "$tmp/$name.apt" | sort -u | grep -vx "${BITSKY_PACKAGES_TEST_DROP:-}" >"$tmp/$name.inst"
  echo "clean install of $name: $(wc -l <"$tmp/$name.inst") packages"
}
clean_install cli "$(deb bitsky-cli)"
grep -iE '^(libqt|qt6|libtorch|libqcustomplot)' "$tmp/cli.inst" && fail "bitsky-cli brings Qt or LibTorch to a clean system"
has bitsky "${packages[@]}" && clean_install gui "$(deb bitsky-cli)" "$(deb bitsky)"
has bitsky-neural "${packages[@]}" && clean_install neural "$(deb bitsky-cli)" "$(deb bitsky-neural)"

# ---- 3. run from a fresh root ----------------------------------------------------------
step "unpack into a fresh root"
root="$tmp/root"
mkdir -p "$root"
for p in "${packages[@]}"; do dpkg -x "$(deb "$p")" "$root"; done
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/config" XDG_DATA_HOME="$tmp/home/data" XDG_RUNTIME_DIR="$tmp/home/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
unset BITSKY_NEURAL_MODULE LD_LIBRARY_PATH

# check_libs NAME INSTSET LIST: every library in LIST is in the root or owned by a package of
# INSTSET. Owners from one `dpkg -S` call over every spelling of each path: dpkg knows the
# /lib/... or /usr/lib/... path as shipped (merged /usr makes both the same file), or the
# symlink's target.
check_libs() {
  local name=$1 inst=$2 list=$3 n=0 lib pkg alt
  grep -q "^$build/" "$list" && { grep "^$build/" "$list"; fail "$name loads files from the build tree"; }
  : >"$tmp/$name.paths"
  while read -r lib; do
    case "$lib" in "$root"/*) continue ;; /usr/lib/*) alt=${lib#/usr} ;; /lib/*) alt=/usr$lib ;; *) alt=$lib ;; esac
    printf '%s\n%s\n%s\n' "$lib" "$alt" "$(readlink -f "$lib")" >>"$tmp/$name.paths"
  done <"$list"
  sort -u "$tmp/$name.paths" | xargs -r dpkg -S 2>/dev/null | grep -v '^diversion ' |
    awk -F': ' '{split($1, p, /[:,]/); print $2, p[1]}' >"$tmp/$name.owners" || true
  while read -r lib; do
    [ -n "$lib" ] || continue
    n=$((n + 1))
    case "$lib" in "$root"/*) continue ;; /usr/lib/*) alt=${lib#/usr} ;; /lib/*) alt=/usr$lib ;; *) alt=$lib ;; esac
    pkg=$(awk -v a="$lib" -v b="$alt" -v c="$(readlink -f "$lib")" '$1 == a || $1 == b || $1 == c {print $2; exit}' \
      "$tmp/$name.owners")
    [ -n "$pkg" ] || fail "$name loads $lib, which no Debian package owns"
    grep -qx "$pkg" "$inst" || fail "$name loads $lib from $pkg, which a clean install of $name does not bring"
  done <"$list"
  echo "$name: all $n libraries it loaded come from the fresh root or its clean install"
}
# traced NAME CMD...: runs CMD with ld.so's library trace; the loaded libraries (ldd of the
# program, then every object ld.so initialised, dlopen'ed ones included) go to $tmp/NAME.libs.
traced() {
  local name=$1; shift
  rm -f "$tmp/ld.$name".*
  LD_DEBUG=libs LD_DEBUG_OUTPUT="$tmp/ld.$name" "$@"
  { ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'
    sed -n 's/.*calling init: //p' "$tmp/ld.$name".*; } | xargs -r realpath -ms | sort -u >"$tmp/$name.libs"
}
cli="$root/usr/bin/bitsky-cli"
ldd "$cli" | grep -q 'not found' && { ldd "$cli"; fail "bitsky-cli: libraries not found"; }
ldd "$cli" | grep -qiE 'libQt|libtorch|libc10' && fail "bitsky-cli links Qt or LibTorch"
[ "$("$cli" --version)" != "" ] || fail "bitsky-cli --version printed nothing"

step "bitsky-cli sample + bench (default codecs) from the fresh root"
"$cli" sample --out "$tmp/sky" >/dev/null || fail "bitsky-cli sample failed"
traced cli "$cli" bench --db "$tmp/results.db" --progress none "$tmp/sky" >"$tmp/bench.out" 2>&1 ||
  { cat "$tmp/bench.out"; fail "bitsky-cli bench failed"; }
grep -q ' 0 failure(s)' "$tmp/bench.out" || { cat "$tmp/bench.out"; fail "bench had failures"; }
grep -E '^\| sky \| ' "$tmp/bench.out" | sed 's/^/  /'
check_libs bitsky-cli "$tmp/cli.inst" "$tmp/cli.libs"

if has bitsky-neural "${packages[@]}"; then
  step "bitsky-cli train (the neural module) from the fresh root"
  traced neural "$cli" train --quiet --out "$tmp/m.pt" --epochs 1 --steps 2 --batch 4 --channels 4 --layers 0 \
    "$tmp/sky" >"$tmp/train.out" 2>&1 || { cat "$tmp/train.out"; fail "bitsky-cli train failed"; }
  [ -s "$tmp/m.pt" ] || fail "train wrote no model"
  module=$(grep '/libbitsky_neural\.so$' "$tmp/neural.libs" || true)
  [ -n "$module" ] || fail "train did not load libbitsky_neural.so"
  case "$module" in "$root"/usr/lib/*/bitsky/libbitsky_neural.so) ;; *) fail "the module came from $module, not the fresh root" ;; esac
  grep -q '/libtorch_cpu\.so' "$tmp/neural.libs" || fail "train did not load LibTorch"
  check_libs bitsky-neural "$tmp/neural.inst" "$tmp/neural.libs"
fi

if has bitsky "${packages[@]}"; then
  step "bitsky (offscreen) from the fresh root"
  QT_QPA_PLATFORM=offscreen traced gui "$root/usr/bin/bitsky" --exit-after-paint --db "$tmp/results.db" "$tmp/sky" \
    >"$tmp/gui.out" 2>&1 || { cat "$tmp/gui.out"; fail "bitsky failed"; }
  grep -q '^first paint ' "$tmp/gui.out" || { cat "$tmp/gui.out"; fail "bitsky did not paint its window"; }
  grep -q '/platforms/libqoffscreen\.so$' "$tmp/gui.libs" || fail "bitsky did not load Qt's offscreen platform plugin"
  check_libs bitsky "$tmp/gui.inst" "$tmp/gui.libs"
fi
step "passed"
