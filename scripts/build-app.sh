#!/usr/bin/env bash
# Builds the Zhiku binary for GOOS/GOARCH (default: this machine) into OUT,
# reproducibly: the same commit gives the same bytes wherever it is built
# (-trimpath drops the checkout's path, -buildid= the random build ID, and
# the stamps come from the commit, not the clock). The UI must be built
# first (frontend/dist), as it is embedded.
#   scripts/build-app.sh OUT [GOOS GOARCH]
set -euo pipefail
cd "$(dirname "$0")/.."
out=$1 goos=${2:-$(go env GOOS)} goarch=${3:-$(go env GOARCH)}
eval "$(scripts/version.sh)"
pkg=github.com/zhiku-app/zhiku/backend/service
ldflags="-s -w -buildid= -X $pkg.Version=$ZHIKU_VERSION -X $pkg.stampedCommit=$ZHIKU_COMMIT -X $pkg.BuildDate=$ZHIKU_BUILD_DATE"
cgo=1 mode=exe
if [ "$goos" = linux ]; then
  # A position-independent executable, as Debian builds every program, so
  # address-space randomisation covers the whole binary.
  mode=pie
elif [ "$goos" = windows ]; then
  # Wails' Windows web view is pure Go; a GUI-subsystem binary opens no
  # console window when started from the Start menu.
  cgo=0
  ldflags+=" -H windowsgui"
fi
mkdir -p "$(dirname "$out")"
GOOS=$goos GOARCH=$goarch CGO_ENABLED=$cgo SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH \
  go build -buildmode=$mode -trimpath -buildvcs=false -tags desktop,production -ldflags "$ldflags" -o "$out" .
