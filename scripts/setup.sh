#!/usr/bin/env bash
# Installs what building, running and testing Zhiku needs, and only what is
# missing: Debian packages, the frontend's npm packages, and with --wails
# the Wails CLI. Safe to run again and again; a second run does nothing but
# check.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[31msetup: %s\033[0m\n' "$*" >&2; exit 1; }

APT_PACKAGES=(
  build-essential pkg-config
  libgtk-3-dev libwebkit2gtk-4.0-dev        # the desktop window (Wails on Linux)
  xvfb xauth xdotool imagemagick            # the real window under a virtual display, screenshots
  dbus-daemon                               # a session bus, through which a second start finds the open window
  chromium                                  # the browser end-to-end tests
  fonts-noto-cjk                            # Chinese text in windows and screenshots
  nlohmann-json3-dev libstb-dev             # headers the pinned Ollama test server builds with
  wine wine64 nsis p7zip-full zip unzip gcc-mingw-w64-x86-64-win32  # the Windows packages and their tests
  dpkg-dev lintian desktop-file-utils appstream libglib2.0-bin  # make dist's .deb, and the checks and launcher its test uses
)
WAILS_VERSION=v2.9.2
# Wails v2.9.2's CLI pins a golang.org/x/tools too old to load packages built
# by Go 1.26, so `go install …/wails@v2.9.2` fails to compile and a CLI built
# with an older Go cannot read this module. Built from its module source with
# a newer x/tools, it works; it goes to a cache folder, leaving any wails on
# PATH alone.
WAILS_XTOOLS=v0.30.0
CACHE_DIR=${ZHIKU_DEV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zhiku-dev}
WAILS_BIN=$CACHE_DIR/wails-$WAILS_VERSION/wails

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  step "Installing Debian packages: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || fail "not root and no sudo: install ${missing[*]} with apt-get, then run again"
    sudo=sudo
  fi
  $sudo apt-get update -q || fail "apt-get update failed; check the network or apt sources, then run again"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || fail "apt-get install failed for: ${missing[*]}"
fi

command -v go >/dev/null || fail "Go is not installed: install Go 1.26 from https://go.dev/dl, then run again"
command -v node >/dev/null || fail "Node.js is not installed: install Node.js 20.19 or newer, then run again"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || fail "Node.js $(node --version) is too old for Vite 8: install Node.js 20.19 or newer"

# The Wails CLI serves only `make dev` (live reload while working on the
# UI): the release binary is a plain go build (scripts/build-app.sh).
if [ "${1:-}" = --wails ] && ! "$WAILS_BIN" version 2>/dev/null | grep -q "$WAILS_VERSION"; then
  step "Building the Wails CLI $WAILS_VERSION"
  src=$(go mod download -json "github.com/wailsapp/wails/v2@$WAILS_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  [ -d "$src" ] || fail "could not download the Wails module $WAILS_VERSION from the Go module proxy"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp -r "$src/." "$work" && chmod -R u+w "$work"
  (cd "$work" && go get "golang.org/x/tools@$WAILS_XTOOLS" && go mod tidy && go build -o "$WAILS_BIN" ./cmd/wails) \
    || fail "could not build the Wails CLI; see the Go errors above"
fi

# npm ci writes node_modules/.package-lock.json; when it is newer than the
# lock file, the installed packages match it.
if [ ! -f frontend/node_modules/.package-lock.json ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then
  step "Installing npm packages"
  (cd frontend && npm ci --no-audit --no-fund) || fail "npm ci failed in frontend/; run it there to see why"
fi
