package models

import (
	"slices"
	"strings"
)

// Find returns the catalogue entry called name, ignoring case.
func (c Catalog) Find(name string) (Entry, bool) {
	for _, e := range c.Models {
		if strings.EqualFold(e.Name, name) {
			return e, true
		}
	}
	return Entry{}, false
}

// Closest returns up to n catalogue names nearest to name, nearest first:
// those sharing the longest prefix with it (so "qwen3" finds the qwen3
// sizes), then by edit distance (so "qwen3:7b" finds "qwen3:8b"),
// ignoring case.
func (c Catalog) Closest(name string, n int) []string {
	type scored struct {
		name             string
		prefix, distance int
	}
	want := []rune(strings.ToLower(name))
	var all []scored
	for _, e := range c.Models {
		have := []rune(strings.ToLower(e.Name))
		all = append(all, scored{e.Name, sharedPrefix(want, have), editDistance(want, have)})
	}
	slices.SortStableFunc(all, func(a, b scored) int {
		// A shared prefix counts once it is more than a letter or two.
		pa, pb := min(a.prefix, len(want)), min(b.prefix, len(want))
		if pa >= 3 || pb >= 3 {
			if pa != pb {
				return pb - pa
			}
		}
		return a.distance - b.distance
	})
	var out []string
	for _, s := range all[:min(n, len(all))] {
		out = append(out, s.name)
	}
	return out
}

func sharedPrefix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
