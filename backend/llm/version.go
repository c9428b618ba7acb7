package llm

import (
	"strconv"
	"strings"
)

// MinimumVersion is the oldest Ollama Zhiku works with: the first release
// whose /api/show lists a model's capabilities (0.6.4), which is how Zhiku
// tells chat models from embedding models. Batched /api/embed is older.
const MinimumVersion = "0.6.4"

// versionBefore reports whether Ollama version a is older than b. It
// compares major.minor.patch and ignores a pre-release or build suffix.
// Development builds report 0.0.0 and are never called old: they are built
// from a current tree.
func versionBefore(a, b string) bool {
	pa, okA := parseVersion(a)
	pb, okB := parseVersion(b)
	if !okA || !okB || pa == [3]int{} {
		return false
	}
	for i := range pa {
		if pa[i] != pb[i] {
			return pa[i] < pb[i]
		}
	}
	return false
}

func parseVersion(v string) ([3]int, bool) {
	v = strings.TrimPrefix(strings.TrimSpace(v), "v")
	if i := strings.IndexAny(v, "-+ "); i >= 0 {
		v = v[:i]
	}
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		return [3]int{}, false
	}
	var out [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return [3]int{}, false
		}
		out[i] = n
	}
	return out, true
}
