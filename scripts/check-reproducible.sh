#!/usr/bin/env bash
# Checks that the Linux binary is reproducible: the same source, copied to
# another folder (another path) and built again with scripts/build-app.sh,
# gives a byte-identical build/bin/zhiku.
#   scripts/check-reproducible.sh          relinks from the shared build cache
#   scripts/check-reproducible.sh --cold   also recompiles every package, with
#                                          an empty build cache (minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin/zhiku
[ -x "$bin" ] || { echo "check-reproducible: $bin is missing; run make build" >&2; exit 1; }
eval "$(scripts/version.sh)"
export ZHIKU_VERSION ZHIKU_COMMIT SOURCE_DATE_EPOCH

work=$(mktemp -d /tmp/zhiku-reproduce.XXXXXX)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
copy=$work/another/path/zhiku
mkdir -p "$copy"
# The checkout's files as they are now, committed or not, but not what git
# ignores (build output, caches); then the built UI, which is embedded.
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"
done | xargs -0 cp --parents -t "$copy"
cp -r frontend/dist/. "$copy/frontend/dist/"
if [ "${1:-}" = --cold ]; then
  export GOCACHE=$work/gocache
fi
(cd "$copy" && scripts/build-app.sh build/bin/zhiku)
if ! cmp -s "$bin" "$copy/build/bin/zhiku"; then
  echo "check-reproducible: $bin and the same source built in $copy differ:" >&2
  sha256sum "$bin" "$copy/build/bin/zhiku" >&2
  exit 1
fi
echo "reproducible: $bin built again elsewhere is byte-identical ($(sha256sum "$bin" | cut -c1-16)…)"
