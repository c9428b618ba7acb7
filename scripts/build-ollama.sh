#!/usr/bin/env bash
# Builds the pinned Ollama server the integration tests run against, CPU
# only, from the Go module proxy, into the folder given as $1. Go module zips
# drop llama.cpp's vendor/ folder: nlohmann/json and stb_image come from
# Debian (nlohmann-json3-dev, libstb-dev, on the default include path) and
# miniaudio from a stand-in header in tools/ollamarig/include.
set -euo pipefail
cd "$(dirname "$0")/.."
OLLAMA_VERSION=0.17.4
out=${1:?usage: build-ollama.sh OUTPUT_DIR}
mkdir -p "$out"
echo "==> Building Ollama $OLLAMA_VERSION into $out (a few minutes on 2 cores; cached afterwards)"
if ! CGO_ENABLED=1 CGO_CPPFLAGS="-I$PWD/tools/ollamarig/include" GOBIN="$out" \
  go install -ldflags "-X=github.com/ollama/ollama/version.Version=$OLLAMA_VERSION" \
  "github.com/ollama/ollama@v$OLLAMA_VERSION"; then
  echo "build-ollama: the Ollama build failed (see the compiler output above)." >&2
  echo "  Check that scripts/setup.sh ran (nlohmann-json3-dev, libstb-dev, build-essential)," >&2
  echo "  then run this step alone: scripts/build-ollama.sh $out" >&2
  exit 1
fi
"$out/ollama" --version 2>&1 | grep -q "$OLLAMA_VERSION" || { echo "build-ollama: built binary does not report $OLLAMA_VERSION" >&2; exit 1; }
