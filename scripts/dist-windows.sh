#!/usr/bin/env bash
# Builds the Windows packages into OUTDIR:
#   zhiku-VERSION-windows-amd64-setup.exe  per-user installer (NSIS)
#   zhiku-VERSION-windows-amd64.zip        portable: zhiku.exe, README.txt, the notices
# and leaves the program they hold at build/windows-stage/zhiku.exe for the
# tests. The UI must be built first (make frontend). The icon, version
# information and manifest are written into zhiku_windows_amd64.syso, which
# `go build` links into zhiku.exe; the WebView2 bootstrapper comes from the
# Wails module, as Microsoft ships it. A second run rebuilds only what Go's
# cache says changed.
#   scripts/dist-windows.sh OUTDIR
set -euo pipefail
out=$(realpath -m "${1:?usage: scripts/dist-windows.sh OUTDIR}")
cd "$(dirname "$0")/.."
eval "$(scripts/version.sh)"
# The zip records times in local time, and sort orders by the locale.
export SOURCE_DATE_EPOCH TZ=UTC LC_ALL=C

stage=build/windows-stage
step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[31mdist-windows: %s\033[0m\n' "$*" >&2; exit 1; }

[ -f frontend/dist/index.html ] || fail "the UI is not built: run make frontend first"
for tool in makensis zip; do
  command -v "$tool" >/dev/null || fail "$tool is missing: run scripts/setup.sh"
done

mkdir -p "$stage" "$out"
step "Windows resources for $ZHIKU_VERSION"
go run ./tools/winresources -version "$ZHIKU_VERSION" -out zhiku_windows_amd64.syso -ico "$stage/zhiku.ico"
version4=$(go run ./tools/winresources -print-windows-version "$ZHIKU_VERSION")

step "Cross-building zhiku.exe"
scripts/build-app.sh "$stage/zhiku.exe" windows amd64
# Dated by the commit, as the installer and the zip record it.
touch -d "@$SOURCE_DATE_EPOCH" "$stage/zhiku.exe" "$stage/zhiku.ico"

wails_dir=$(go list -m -f '{{.Dir}}' github.com/wailsapp/wails/v2)
webview2=$wails_dir/internal/webview2runtime/MicrosoftEdgeWebview2Setup.exe
[ -f "$webview2" ] || fail "the WebView2 bootstrapper is not in the Wails module at $webview2"

# The licences of what zhiku.exe is built from, with Windows line ends.
scripts/notices.sh "$stage/zhiku.exe" | sed 's/$/\r/' >"$stage/THIRD-PARTY-NOTICES.txt"
touch -d "@$SOURCE_DATE_EPOCH" "$stage/THIRD-PARTY-NOTICES.txt"

setup=$out/zhiku-$ZHIKU_VERSION-windows-amd64-setup.exe
step "Installer $setup"
makensis -V2 -INPUTCHARSET UTF8 \
  -DVERSION="$ZHIKU_VERSION" -DVERSION4="$version4" \
  -DEXE="$PWD/$stage/zhiku.exe" -DICON="$PWD/$stage/zhiku.ico" -DWEBVIEW2="$webview2" \
  -DNOTICES="$PWD/$stage/THIRD-PARTY-NOTICES.txt" \
  -DOUTFILE="$setup" build/windows/installer.nsi

portable=$out/zhiku-$ZHIKU_VERSION-windows-amd64.zip
step "Portable $portable"
rm -rf "$stage/zip" && mkdir -p "$stage/zip"
cp "$stage/zhiku.exe" "$stage/THIRD-PARTY-NOTICES.txt" "$stage/zip/"
# Notepad on older Windows 10 shows LF-only text as one line.
sed 's/$/\r/' build/windows/README.txt >"$stage/zip/README.txt"
chmod 644 "$stage/zip/"*
touch -d "@$SOURCE_DATE_EPOCH" "$stage/zip/"*
rm -f "$portable"
(cd "$stage/zip" && zip -q -X -D "$portable" zhiku.exe README.txt THIRD-PARTY-NOTICES.txt)
