package search

import (
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/search/analyze"
)

// snippetRunes is how much of a chunk a result shows.
const snippetRunes = 200

// span is a matched run of text, in byte offsets.
type span struct{ start, end int }

// queryHighlights is the set of query terms worth marking in results:
// pairs and words; single characters only when the query has no pair (a
// one-character query), or every 的 and 是 would light up.
func queryHighlights(query string) map[string]bool {
	terms := analyze.List(query)
	hasPair := false
	for _, t := range terms {
		hasPair = hasPair || t.Kind == analyze.Pair
	}
	set := map[string]bool{}
	for _, t := range terms {
		if t.Kind != analyze.Single || !hasPair {
			set[t.Text] = true
		}
	}
	return set
}

// Snippet picks the window of at most width characters of text holding the
// most matched terms and splits it into plain and matched runs. Ellipses
// mark text cut at either end.
func Snippet(text string, highlight map[string]bool, width int) []core.Segment {
	var spans []span
	analyze.Terms(text, func(t analyze.Term) {
		if !highlight[t.Text] || t.Kind == analyze.Part {
			return
		}
		if n := len(spans); n > 0 && t.Start <= spans[n-1].end {
			spans[n-1].end = max(spans[n-1].end, t.End)
			return
		}
		spans = append(spans, span{t.Start, t.End})
	})
	// Rune offsets of every byte boundary, to measure the window in characters.
	runeAt := make([]int, len(text)+1)
	n := 0
	for i := range text {
		runeAt[i] = n
		n++
	}
	runeAt[len(text)] = n
	from, to := 0, len(text)
	if n > width {
		from, to = bestWindow(text, runeAt, spans, width)
	}
	var out []core.Segment
	plain := func(s string) {
		if s != "" {
			out = append(out, core.Segment{Text: s})
		}
	}
	if from > 0 {
		plain("…")
	}
	at := from
	for _, s := range spans {
		if s.end <= from || s.start >= to {
			continue
		}
		start, end := max(s.start, from), min(s.end, to)
		plain(text[at:start])
		out = append(out, core.Segment{Text: text[start:end], Match: true})
		at = end
	}
	plain(text[at:to])
	if to < len(text) {
		plain("…")
	}
	return mergePlain(out)
}

// bestWindow returns the byte range of width characters that covers the
// most matched spans, starting a little before the first of them.
func bestWindow(text string, runeAt []int, spans []span, width int) (int, int) {
	byteAtRune := make([]int, 0, runeAt[len(text)]+1)
	for i := range text {
		byteAtRune = append(byteAtRune, i)
	}
	byteAtRune = append(byteAtRune, len(text))
	total := len(byteAtRune) - 1
	bestStart, bestCount := 0, -1
	for i, s := range spans {
		startRune := max(0, runeAt[s.start]-width/5)
		count := 0
		for _, t := range spans[i:] {
			if runeAt[t.end] <= startRune+width {
				count++
			}
		}
		if count > bestCount {
			bestStart, bestCount = startRune, count
		}
	}
	bestStart = min(bestStart, total-width)
	return byteAtRune[bestStart], byteAtRune[min(bestStart+width, total)]
}

func mergePlain(in []core.Segment) []core.Segment {
	var out []core.Segment
	for _, s := range in {
		if n := len(out); n > 0 && !s.Match && !out[n-1].Match {
			out[n-1].Text += s.Text
			continue
		}
		out = append(out, s)
	}
	return out
}

// SnippetText renders a snippet for a terminal, with matches marked by mark.
func SnippetText(segments []core.Segment, mark func(string) string) string {
	var b strings.Builder
	for _, s := range segments {
		if s.Match {
			b.WriteString(mark(s.Text))
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}
