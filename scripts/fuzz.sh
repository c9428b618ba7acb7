#!/bin/sh
# Runs every Go fuzz target of the module for a while each:
#   scripts/fuzz.sh 5s         # what make test does
#   scripts/fuzz.sh 10m        # make fuzz
# SKIP names targets to leave out (a regular expression). Inputs that fail
# are written to the package's testdata/fuzz/ by go test; commit them as
# regression cases once fixed.
set -eu
time=${1:-60s}
skip=${SKIP:-^$}
go=${GO:-go}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for pkg in $($go list ./...); do
	for target in $($go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		if echo "$target" | grep -Eq "$skip"; then
			continue
		fi
		echo "fuzz $pkg $target for $time"
		$go test "$pkg" -run '^$' -fuzz "^$target\$" -fuzztime "$time" >"$log" 2>&1 || {
			cat "$log"
			echo "fuzz: $target in $pkg failed; the input is in that package's testdata/fuzz/$target/" >&2
			exit 1
		}
	done
done
