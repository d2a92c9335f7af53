#!/usr/bin/env bash
# The man pages: both render with man-db/groff without a warning, and bitsky(1) has an
# entry (a .TP tag in OPTIONS) for every option `bitsky --help` lists (QCommandLineParser's
# own and --export-plot, which main.cpp takes out before parsing), and no entry for an
# option bitsky does not have. bitsky-cli(1) against the CLI11 declarations is
# tests/engine/cli_declarations_test.cpp.
#
# usage: man_pages_test.sh BITSKY BITSKY_MAN BITSKY_CLI_MAN
set -euo pipefail
bitsky=$1
gui_man=$2
cli_man=$3
fail() { echo "man pages test: FAIL: $*" >&2; exit 1; }
command -v man >/dev/null || fail "man is not installed (Debian package man-db; packaging/bootstrap.sh test installs it)"

for page in "$gui_man" "$cli_man"; do
  warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null)
  [ -z "$warnings" ] || fail "$page: groff warns: $warnings"
done

help=$(QT_QPA_PLATFORM=offscreen "$bitsky" --help 2>/dev/null) || fail "bitsky --help failed"
# Options of --help: the first column of each option line, plus --export-plot (description).
from_help=$( { sed -n '/^Options:/,/^Arguments:/p' <<<"$help" | grep -E '^  +-' | sed -E 's/^ +//; s/ {2,}.*//' |
               grep -oE '(^|[ ,])--?[A-Za-z][A-Za-z0-9-]*' | tr -d ' ,'
               grep -oE '^--export-plot' <<<"$help"; } | sort -u)
[ "$(wc -l <<<"$from_help")" -ge 15 ] || fail "could not read the options of bitsky --help: $help"

# The OPTIONS section's tags (the line after each .TP), as plain text.
tags=$(sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$gui_man" | awk 'tp {print; tp = 0} /^\.TP/ {tp = 1}' |
       sed -E 's/\\f[BIRP]//g; s/\\-/-/g; s/"//g')
from_man=$(grep -oE '(^|[ ,])--?[A-Za-z][A-Za-z0-9-]*' <<<"$tags" | tr -d ' ,' | grep -vE '^-(BI|BR|B|I)$' | sort -u)

missing=$(comm -23 <(echo "$from_help") <(echo "$from_man"))
[ -z "$missing" ] || fail "$gui_man has no OPTIONS entry for: $(echo $missing)"
extra=$(comm -13 <(echo "$from_help") <(echo "$from_man"))
[ -z "$extra" ] || fail "$gui_man documents options bitsky --help does not list: $(echo $extra)"
echo "bitsky(1) documents all $(wc -l <<<"$from_help") options of bitsky --help: $(echo $from_help)"
echo "man pages test passed"
