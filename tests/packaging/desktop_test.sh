#!/usr/bin/env bash
# Desktop integration, checked by its own validators and by GIO, the library GNOME's file
# manager launches applications with:
#  1. desktop-file-validate has nothing to say about the .desktop file (no error, warning
#     or hint); appstreamcli validate (no network) passes without warnings, and the
#     metainfo has screenshots, the developer, homepage/bugtracker URLs, the binaries it
#     provides, a release for this version and a content rating.
#  2. FITS MIME types: files named .fits/.fit/.fts (and .fz, by FITS's magic bytes) are
#     application/fits for shared-mime-info, every type in MimeType= is known to it, and
#     once the .desktop file is installed (and update-desktop-database has run, as dpkg's
#     trigger does) GIO lists BitSky as the default application for application/fits.
#  3. Opening several files from a file manager opens all of them: `gio launch` expands
#     Exec's %F with two files (one name with a space), and BitSky lists both (its recent
#     datasets, in its settings file). The launched Exec line only gains
#     --exit-after-paint, so that BitSky exits after showing its window.
#
# usage: desktop_test.sh BITSKY SOURCE_DIR VERSION
set -euo pipefail
bitsky=$(readlink -f "$1")
src=$(readlink -f "$2")
version=$3
desktop=$src/packaging/org.bitsky.BitSky.desktop
meta=$src/packaging/org.bitsky.BitSky.metainfo.xml
fits=$src/tests/data/ngc1316r.fits

fail() { echo "desktop test: FAIL: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null || fail "$1 is not installed (Debian package $2; packaging/bootstrap.sh test installs it)"; }
need desktop-file-validate desktop-file-utils
need update-desktop-database desktop-file-utils
need appstreamcli appstream
need gio libglib2.0-bin
[ -f /usr/share/mime/packages/freedesktop.org.xml ] || fail "shared-mime-info is not installed"

tmp=$(mktemp -d /tmp/bitsky-desktop.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# ---- 1. validators -------------------------------------------------------------------------
out=$(desktop-file-validate "$desktop" 2>&1) || fail "desktop-file-validate: $out"
[ -z "$out" ] || fail "desktop-file-validate has remarks: $out"
grep -qx 'Exec=bitsky %F' "$desktop" || fail "Exec must be 'bitsky %F' (several files, as local paths)"

out=$(appstreamcli validate --no-net --explain "$meta" 2>&1) || fail "appstreamcli validate: $out"
if grep -qE '^[EW]:' <<<"$out"; then fail "appstreamcli validate warns: $out"; fi
for want in '<screenshot type="default">' '<image type="source"' '<developer_name>' '<url type="homepage">https://' \
            '<url type="bugtracker">https://' '<binary>bitsky</binary>' '<binary>bitsky-cli</binary>' \
            "<release version=\"$version\" date=" '<content_rating type="oars-1.1"' \
            '<launchable type="desktop-id">org.bitsky.BitSky.desktop</launchable>'; do
  grep -qF "$want" "$meta" || fail "the metainfo lacks $want"
done
echo "validators: desktop-file-validate silent; appstreamcli: $(tail -1 <<<"$out")"

# ---- 2. MIME types -----------------------------------------------------------------------
mimes=$(sed -n 's/^MimeType=//p' "$desktop" | tr ';' ' ')
[ -n "$mimes" ] || fail "no MimeType= in the .desktop file"
for m in $mimes; do
  grep -q "type=\"$m\"" /usr/share/mime/packages/*.xml || fail "shared-mime-info does not know $m"
done
mkdir -p "$tmp/files"
for ext in fits fit fts fz; do
  cp "$fits" "$tmp/files/a.$ext"
  type=$(gio info -a standard::content-type "$tmp/files/a.$ext" | sed -n 's/.*standard::content-type: //p')
  grep -qw "$type" <<<"$mimes" || fail "a .$ext file is '$type', which BitSky's MimeType (${mimes}) does not list"
done
echo "MIME: .fits .fit .fts .fz are application/fits; MimeType=$(sed -n 's/^MimeType=//p' "$desktop")"

# The .desktop file installed in a data folder of its own, bitsky in PATH (GIO hides
# applications whose Exec program it cannot find).
mkdir -p "$tmp/share/applications" "$tmp/bin" "$tmp/config" "$tmp/data" "$tmp/run"
chmod 700 "$tmp/run"
ln -s "$bitsky" "$tmp/bin/bitsky"
cp "$desktop" "$tmp/share/applications/"
update-desktop-database "$tmp/share/applications"
export PATH="$tmp/bin:$PATH" XDG_DATA_DIRS="$tmp/share:/usr/share" XDG_DATA_HOME="$tmp/data"
export XDG_CONFIG_HOME="$tmp/config" XDG_RUNTIME_DIR="$tmp/run" QT_QPA_PLATFORM=offscreen
out=$(gio mime application/fits)
grep -q 'Default application for .application/fits.: org.bitsky.BitSky.desktop' <<<"$out" ||
  fail "GIO does not open application/fits with BitSky: $out"
echo "GIO: default application for application/fits is org.bitsky.BitSky.desktop"

# ---- 3. several files from a file manager ------------------------------------------------------
launched="$tmp/launch/org.bitsky.BitSky.desktop"
mkdir -p "$tmp/launch"
sed 's/^Exec=bitsky /Exec=bitsky --exit-after-paint /' "$desktop" >"$launched"
[ "$(diff "$desktop" "$launched" | grep -c '^[<>]')" = 2 ] || fail "could not add --exit-after-paint to Exec"
cp "$fits" "$tmp/files/first file.fits"
cp "$fits" "$tmp/files/second.fit"
gio launch "$launched" "$tmp/files/first file.fits" "$tmp/files/second.fit" || fail "gio launch failed"
settings="$XDG_CONFIG_HOME/bitsky.org/BitSky.conf"
for _ in $(seq 600); do  # gio launch does not wait; bitsky writes its settings when it exits
  [ -f "$settings" ] && grep -qF 'second.fit' "$settings" && grep -qF 'first file.fits' "$settings" && break
  sleep 0.1
done
[ -f "$settings" ] || fail "bitsky started by gio launch wrote no settings in 60 s"
for _ in $(seq 600); do  # and let it finish before its folder goes
  pgrep -f -- "--exit-after-paint .*$tmp/files/second.fit" >/dev/null || break
  sleep 0.1
done
grep -F 'recentDatasets' "$settings" | grep -qF "$tmp/files/first file.fits" ||
  fail "bitsky did not open 'first file.fits': $(cat "$settings")"
grep -F 'recentDatasets' "$settings" | grep -qF "$tmp/files/second.fit" ||
  fail "bitsky did not open 'second.fit': $(cat "$settings")"
echo "gio launch with two files: bitsky opened both"
echo "desktop test passed"
