#!/usr/bin/env bash
# Prints the third-party notices for a built binary: the licence of every Go
# module linked into it and of every npm package bundled into its UI (which
# Vite lists in frontend/dist/.vite/license.md). Release packages ship it.
#   scripts/notices.sh BINARY > THIRD-PARTY-NOTICES.txt
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$1
modcache=$(go env GOMODCACHE)
# The module cache spells capitals as "!" and the lower-case letter.
escape() { sed 's/[A-Z]/!\L&/g' <<<"$1"; }

echo "Zhiku is built with the following third-party software. Their licences follow."
echo
go version -m "$bin" | awk '$1 == "dep" {print $2, $3}' | while read -r path version; do
  dir=$modcache/$(escape "$path")@$version
  license=$(find "$dir" -maxdepth 1 -type f \( -iname 'LICENSE*' -o -iname 'COPYING*' -o -iname 'NOTICE*' \) 2>/dev/null | sort)
  echo "================================================================"
  echo "$path $version"
  echo "================================================================"
  if [ -n "$license" ]; then
    for f in $license; do cat "$f"; echo; done
    continue
  fi
  # A few modules state their licence only in the README's Licence section.
  stated=$(awk 'tolower($0) ~ /^#+ *licen[cs]e/ {on = 1; next} on && /^#/ {exit} on' "$dir"/README* 2>/dev/null | sed '/^$/d')
  [ -n "$stated" ] || { echo "notices: no licence found for $path $version in $dir" >&2; exit 1; }
  echo "Licence, as stated in the module's README: $stated"
  echo
done
ui=frontend/dist/.vite/license.md
[ -f "$ui" ] || { echo "notices: $ui is missing; build the UI first (make frontend)" >&2; exit 1; }
echo "================================================================"
echo "The user interface's bundled packages"
echo "================================================================"
cat "$ui"
