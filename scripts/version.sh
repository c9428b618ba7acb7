#!/usr/bin/env bash
# Prints what a build is stamped with, as shell assignments for eval:
#   ZHIKU_VERSION  the release version: a tag vX.Y.Z on HEAD gives X.Y.Z,
#                  otherwise wails.json's productVersion with "-dev";
#   ZHIKU_COMMIT   the commit, 12 hex digits (with +dirty for local edits);
#   SOURCE_DATE_EPOCH and ZHIKU_BUILD_DATE  the commit's time, not the
#                  clock's, so the same commit always builds the same bytes.
# Outside a git checkout (a source tarball) it falls back to the version
# alone and the epoch 0. ZHIKU_VERSION, ZHIKU_COMMIT and SOURCE_DATE_EPOCH
# already in the environment win: a copy of the source builds as its origin.
set -euo pipefail
cd "$(dirname "$0")/.."
base=$(sed -n 's/^ *"productVersion": *"\([^"]*\)".*/\1/p' wails.json)
version="${base}-dev" commit="" epoch=0
if git rev-parse --git-dir >/dev/null 2>&1; then
  if tag=$(git describe --tags --exact-match 2>/dev/null); then
    version=${tag#v}
  fi
  commit=$(git rev-parse --short=12 HEAD)
  git diff --quiet HEAD -- 2>/dev/null || commit+="+dirty"
  epoch=$(git log -1 --format=%ct)
fi
version=${ZHIKU_VERSION:-$version} commit=${ZHIKU_COMMIT:-$commit} epoch=${SOURCE_DATE_EPOCH:-$epoch}
printf 'ZHIKU_VERSION=%q\nZHIKU_COMMIT=%q\nSOURCE_DATE_EPOCH=%q\nZHIKU_BUILD_DATE=%q\n' \
  "$version" "$commit" "$epoch" "$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)"
