#!/usr/bin/env bash
# The Windows side, tested on Linux: the code compiles for Windows (and the
# portable part for macOS), the Windows-only code runs under Wine, the
# packages scripts/dist-windows.sh builds hold what they must, zhiku.exe
# prints its version, checks itself, indexes and searches a folder with a
# Chinese name under Wine, and the installer installs and uninstalls for
# one person. It checks the packages make dist built, without rebuilding
# them (SHA256SUMS stays true). Ends with "N passed, N failed".
#   scripts/test-windows.sh [DISTDIR]   (default dist)
set -euo pipefail
dist=$(realpath -m "${1:-dist}")
cd "$(dirname "$0")/.."
eval "$(scripts/version.sh)"

work=$(mktemp -d)
trap 'wineserver -k >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
passed=0 failed=0
step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
pass() { passed=$((passed + 1)); printf '  ok    %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf '\033[31m  FAIL  %s\033[0m\n' "$1"; sed 's/^/        /' "$work/out" | tail -20; }
# check NAME COMMAND…: COMMAND must succeed; its output is in $work/out.
check() { local name=$1; shift; if "$@" >"$work/out" 2>&1; then pass "$name"; else fail "$name"; fi; }
# has FILE PATTERN…: FILE contains every extended regular expression.
has() { local file=$1 p; shift; for p in "$@"; do grep -Eq -- "$p" "$file" || { echo "no \"$p\" in:"; cat "$file"; return 1; }; done; }
# wine_run ARGS…: runs a Windows program, its output with Unix line ends.
wine_run() { timeout 300 wine "$@" 2>&1 | tr -d '\r'; return "${PIPESTATUS[0]}"; }
export -f has wine_run

# Developer rigs that drive Linux processes and X11; they never run on
# Windows or macOS.
linux_only='/tools/(bench|ollamarig|windowcheck|dragsource|webviewbaseline)$'
mapfile -t windows_packages < <(GOOS=windows go list ./... | grep -Ev "$linux_only")
mapfile -t darwin_packages < <(GOOS=darwin CGO_ENABLED=0 go list ./... | grep -Ev "$linux_only")

step "Compiling for Windows and macOS"
check "GOOS=windows go vet" env GOOS=windows go vet "${windows_packages[@]}"
check "GOOS=windows go vet, desktop build" env GOOS=windows go vet -tags desktop,production . ./app ./cli
# macOS' window needs cgo and Apple's SDK; everything else must compile.
check "GOOS=darwin CGO_ENABLED=0 go vet" env GOOS=darwin CGO_ENABLED=0 go vet "${darwin_packages[@]}"
# go vet has type-checked every package's tests for Windows; the packages
# with code of their own for Windows also compile their tests into
# Windows programs, two of which run under Wine below.
mapfile -t windows_code < <({ git ls-files '*_windows.go' '*_windows_test.go'; git grep -l -E '^//go:build .*windows' -- '*.go'; } \
  | xargs -n1 dirname | sort -u | sed 's|^|./|')
check "GOOS=windows go test -c, the packages with Windows code (${#windows_code[@]})" \
  env GOOS=windows go test -c -o "$work/tests/" "${windows_code[@]}"

setup=$dist/zhiku-$ZHIKU_VERSION-windows-amd64-setup.exe
portable=$dist/zhiku-$ZHIKU_VERSION-windows-amd64.zip
exe=build/windows-stage/zhiku.exe
for built in "$setup" "$portable" "$exe"; do
  [ -f "$built" ] || { echo "test-windows: $built is missing: run make dist" >&2; exit 1; }
done

step "What the packages hold"
check "the installer holds zhiku.exe, the uninstaller and the WebView2 bootstrapper" \
  bash -c '7z l "$1" >"$2/list" && has "$2/list" " zhiku\.exe$" " uninstall\.exe$" "MicrosoftEdgeWebview2Setup\.exe$" "NSIS-3 Unicode 64-bit"' _ "$setup" "$work"
check "the portable zip holds zhiku.exe and README.txt" \
  bash -c 'unzip -l "$1" >"$2/list" && has "$2/list" " zhiku\.exe$" " README\.txt$"' _ "$portable" "$work"
mkdir -p "$work/rsrc"
7z x -y -o"$work/rsrc" "$exe" .rsrc >/dev/null
# 7-Zip writes the version information as UTF-16 text.
iconv -f UTF-16LE -t UTF-8 "$work/rsrc/.rsrc/1033/version.txt" >"$work/version.txt"
check "zhiku.exe carries the stamped version" \
  has "$work/version.txt" "FILEVERSION +[0-9]+,[0-9]+,[0-9]+,[0-9]+" \
  "\"ProductVersion\", +\"$ZHIKU_VERSION\"" '"ProductName", +"Zhiku 知库"'
check "zhiku.exe carries a manifest: per-monitor DPI, asInvoker, common controls 6" \
  has "$work/rsrc/.rsrc/1033/MANIFEST/1" "permonitorv2" 'level="asInvoker"' "Microsoft.Windows.Common-Controls"
check "zhiku.exe carries the icon its window loads" test -s "$work/rsrc/.rsrc/0/GROUP_ICON/3"

step "Wine prefix"
wineboot -i >/dev/null 2>&1
# Wine 8 lacks the bcryptprimitives.dll that Go programs need; a stand-in
# goes into the test prefix (tools/wineshim).
x86_64-w64-mingw32-gcc -shared -O2 -s -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  tools/wineshim/bcryptprimitives.c -ladvapi32

step "Windows-only code under Wine"
# wine_tests EXE TEST…: runs the named tests under Wine; each must have run
# and passed (-test.run matching nothing would pass silently).
wine_tests() {
  local exe=$1 name; shift
  wine_run "$exe" -test.count=1 -test.v -test.run "^($(IFS='|'; echo "$*"))\$" >"$work/tests/out" || { cat "$work/tests/out"; return 1; }
  cat "$work/tests/out"
  for name in "$@"; do
    grep -q -- "--- PASS: $name " "$work/tests/out" || { echo "$name did not run"; return 1; }
  done
}
check "console: a redirected stream is kept, none is replaced" \
  wine_tests "$work/tests/cli.test.exe" TestUsableHandle TestAttachParentConsoleKeepsRedirections
check "data folder: %APPDATA%\\zhiku unless ZHIKU_DATA_DIR" \
  wine_tests "$work/tests/store.test.exe" TestDefaultDataDirOnWindows

step "zhiku.exe under Wine"
export ZHIKU_DATA_DIR='Z:'${work//\//\\}'\data' ZHIKU_CACHE_DIR='Z:'${work//\//\\}'\cache'
mkdir -p "$work/知识/笔记"
echo "The quokka lives on Rottnest Island." >"$work/知识/animals.txt"
printf '# 会议\n\n量子计算的讨论记录。\n' >"$work/知识/笔记/会议记录.md"
folder='Z:'${work//\//\\}'\知识'
check "zhiku.exe version prints the stamped version" \
  bash -c 'wine_run "$1" version >"$2/v" && has "$2/v" "^zhiku $3 .*windows/amd64"' _ "$exe" "$work" "$ZHIKU_VERSION"
# Wine has no WebView2 runtime: the doctor must say so, with where to get
# it, and fail, as it would on a Windows without it.
check "zhiku.exe doctor checks the data folder, and finds WebView2 missing" \
  bash -c 'wine_run "$1" doctor >"$2/d"; status=$?; cat "$2/d"; [ "$status" = 1 ] &&
    has "$2/d" "Data folder" "WebView2 Runtime missing" "LinkId=2124703" "1 check failed"' _ "$exe" "$work"
check "zhiku.exe index reads a folder with a Chinese name" \
  bash -c 'wine_run "$1" index "$3" --kb 知识 >"$2/i" && has "$2/i" "2 files indexed"' _ "$exe" "$work" "$folder"
check "zhiku.exe search finds an English word" \
  bash -c 'wine_run "$1" search quokka >"$2/s" && has "$2/s" "animals\.txt" "1 result"' _ "$exe" "$work"
check "zhiku.exe search finds Chinese words in a Chinese-named file" \
  bash -c 'wine_run "$1" search 量子计算 >"$2/s" && has "$2/s" "会议记录\.md" "1 result"' _ "$exe" "$work"

step "The installer under Wine"
# Wine 8 says it is Windows 7 unless told, and the installer rightly
# refuses anything before Windows 10.
wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1
# WebView2 counts as present for this person, so the silent install does
# not wait on Microsoft's download, which the test machine cannot reach.
wine reg add 'HKCU\Software\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}' /v pv /d 120.0.0.0 /f >/dev/null 2>&1
appdata=$(find "$WINEPREFIX/drive_c/users" -mindepth 2 -maxdepth 2 -name AppData -not -path '*/Public/*' | head -1)
installed=$appdata/Local/Programs/Zhiku
shortcut="$appdata/Roaming/Microsoft/Windows/Start Menu/Programs/Zhiku 知库.lnk"
uninstall_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Zhiku'
mkdir -p "$appdata/Roaming/zhiku" && echo keep >"$appdata/Roaming/zhiku/settings-of-the-person"
check "setup.exe /S installs for this person, without administrator" wine_run "$setup" /S
check "the program and the uninstaller land in %LOCALAPPDATA%\\Programs\\Zhiku" \
  test -f "$installed/zhiku.exe" -a -f "$installed/uninstall.exe"
check "a Start-menu shortcut" test -f "$shortcut"
# reg export writes UTF-16, where reg query would print Chinese as "??".
check "Settings > Apps lists it with version, publisher, icon and size" \
  bash -c 'wine reg export "$1" "Z:${2//\//\\}\\key.reg" /y >/dev/null 2>&1 && iconv -f UTF-16 -t UTF-8 "$2/key.reg" | tr -d "\r" >"$2/r" &&
    has "$2/r" "\"DisplayName\"=\"Zhiku 知库\"" "\"DisplayVersion\"=\"$3\"" "\"Publisher\"=\"Zhiku\"" "\"DisplayIcon\"=.*zhiku\.exe" \
      "\"EstimatedSize\"=dword:0*[1-9a-f]" "\"NoModify\"=dword:00000001" "\"UninstallString\"=.*uninstall\.exe"' \
  _ "$uninstall_key" "$work" "$ZHIKU_VERSION"
check "the installed zhiku.exe runs" bash -c 'wine_run "$1" version | grep -q "^zhiku $2 "' _ "$installed/zhiku.exe" "$ZHIKU_VERSION"
check "uninstall.exe /S runs" wine_run "$installed/uninstall.exe" /S
# The uninstaller copies itself away and removes the folder from there.
for _ in $(seq 30); do [ -e "$installed" ] || break; sleep 1; done
check "the uninstaller removes the program, its folder and the shortcut" \
  bash -c '! [ -e "$1" ] && ! [ -e "$2" ]' _ "$installed" "$shortcut"
check "the uninstaller removes its entry in Settings > Apps" bash -c '! wine reg query "$1" >/dev/null 2>&1' _ "$uninstall_key"
check "the uninstaller leaves the person's data folder" test -f "$appdata/Roaming/zhiku/settings-of-the-person"

echo "windows: $passed passed, $failed failed"
[ "$failed" = 0 ]
