#!/usr/bin/env bash
# Starts the built desktop app, or, where there is no display, says so and
# serves the UI to a browser instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin/zhiku
if [ "$(uname)" = Linux ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found (neither DISPLAY nor WAYLAND_DISPLAY is set): starting 'zhiku serve' instead."
  exec "$bin" serve "$@"
fi
exec "$bin" "$@"
