package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/search/analyze"
	"golang.org/x/text/width"
)

// snippetColumns is how much of a chunk a result shows, in display
// columns (a Chinese character takes two): about three lines of the search
// palette, which shows no more, so the matches are in the lines shown.
const snippetColumns = 240

// wordSlack is how far a cut end may move to fall between two words
// rather than inside one.
const wordSlack = 14

// span is a matched run of text, in byte offsets, and the distinct query
// terms it holds.
type span struct {
	start, end int
	terms      []string
}

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

// matchedSpans finds the query's terms in text as the keyword index does
// (folded, stemmed, Chinese in pairs), merging overlapping ones. A word
// inside an identifier (gpt in GPT-4o) marks the identifier.
func matchedSpans(text string, highlight map[string]bool) []span {
	var spans []span
	analyze.Terms(text, func(t analyze.Term) {
		if !highlight[t.Text] {
			return
		}
		if n := len(spans); n > 0 && t.Start <= spans[n-1].end {
			last := &spans[n-1]
			last.end = max(last.end, t.End)
			if !contains(last.terms, t.Text) {
				last.terms = append(last.terms, t.Text)
			}
			return
		}
		spans = append(spans, span{t.Start, t.End, []string{t.Text}})
	})
	return spans
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// columnsOf is how wide a character is on screen: two columns for Chinese,
// Japanese and full-width forms, one for the rest.
func columnsOf(r rune) int {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

func displayColumns(s string) int {
	n := 0
	for _, r := range s {
		n += columnsOf(r)
	}
	return n
}

// Snippet picks the window of at most columns display columns of text
// around the densest cluster of matched terms, centred on it, and splits
// it into plain and matched runs. Ellipses mark text cut at either end;
// without any match the window is the text's start.
func Snippet(text string, highlight map[string]bool, columns int) []core.Segment {
	spans := matchedSpans(text, highlight)
	from, to := 0, len(text)
	if displayColumns(text) > columns {
		from, to = snippetWindow(text, spans, columns)
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

// snippetWindow returns the byte range of text, at most columns wide, that
// best shows the matches: the cluster of spans fitting in it with the most
// distinct terms, then the most spans, centred, its ends moved to fall
// between words.
func snippetWindow(text string, spans []span, columns int) (int, int) {
	// colAt is the column of each character boundary, by byte offset.
	colAt := make([]int, len(text)+1)
	var bounds []int
	col := 0
	for i, r := range text {
		colAt[i] = col
		bounds = append(bounds, i)
		col += columnsOf(r)
	}
	colAt[len(text)] = col
	bounds = append(bounds, len(text))
	total := col

	startCol := 0
	if first, last, ok := densestCluster(spans, colAt, columns); ok {
		clusterFrom, clusterTo := colAt[spans[first].start], colAt[spans[last].end]
		startCol = clusterFrom - (columns-(clusterTo-clusterFrom))/2
		startCol = max(0, min(startCol, total-columns))
	}
	from := byteAtColumn(bounds, colAt, startCol, true)
	to := byteAtColumn(bounds, colAt, startCol+columns, false)
	keepFrom, keepTo := to, from // the matches the window must not lose
	for _, s := range spans {
		if s.start >= from && s.end <= to {
			keepFrom, keepTo = min(keepFrom, s.start), max(keepTo, s.end)
		}
	}
	if from > 0 {
		from = wordStartAfter(text, from, min(keepFrom, from+wordSlack))
	}
	if to < len(text) {
		to = wordEndBefore(text, to, max(keepTo, to-wordSlack))
	}
	return from, to
}

// densestCluster picks the run of spans first..last that fits in columns
// with the most distinct terms, then the most spans, the earliest first.
func densestCluster(spans []span, colAt []int, columns int) (first, last int, ok bool) {
	bestTerms, bestSpans := 0, 0
	for i := range spans {
		seen := map[string]bool{}
		for j := i; j < len(spans) && colAt[spans[j].end]-colAt[spans[i].start] <= columns; j++ {
			for _, t := range spans[j].terms {
				seen[t] = true
			}
			if n := j - i + 1; len(seen) > bestTerms || len(seen) == bestTerms && n > bestSpans {
				first, last, bestTerms, bestSpans, ok = i, j, len(seen), n, true
			}
		}
	}
	return first, last, ok
}

// byteAtColumn is the byte offset of the first character boundary at or
// after col (atOrAfter) or the last at or before it.
func byteAtColumn(bounds []int, colAt []int, col int, atOrAfter bool) int {
	if atOrAfter {
		for _, b := range bounds {
			if colAt[b] >= col {
				return b
			}
		}
		return bounds[len(bounds)-1]
	}
	for i := len(bounds) - 1; i >= 0; i-- {
		if colAt[bounds[i]] <= col {
			return bounds[i]
		}
	}
	return 0
}

// isWordRune is a letter or digit of a script written with spaces; Chinese
// may be cut anywhere.
func isWordRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && columnsOf(r) == 1
}

// wordStartAfter moves a window's start that falls inside a word to the
// next word's start, no further than limit, and past leading spaces.
func wordStartAfter(text string, from, limit int) int {
	before, _ := utf8.DecodeLastRuneInString(text[:from])
	at, _ := utf8.DecodeRuneInString(text[from:])
	i := from
	if isWordRune(before) && isWordRune(at) {
		for i < limit {
			r, n := utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				break
			}
			i += n
		}
		if i >= limit {
			return from // one long word: cut it
		}
	}
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	return i
}

// wordEndBefore moves a window's end that falls inside a word back to the
// previous word's end, no further than limit, and before trailing spaces
// and punctuation.
func wordEndBefore(text string, to, limit int) int {
	before, _ := utf8.DecodeLastRuneInString(text[:to])
	at, _ := utf8.DecodeRuneInString(text[to:])
	i := to
	if isWordRune(before) && isWordRune(at) {
		for i > limit {
			r, n := utf8.DecodeLastRuneInString(text[:i])
			if !isWordRune(r) {
				break
			}
			i -= n
		}
		if i <= limit {
			return to
		}
	}
	return len(strings.TrimRightFunc(text[:i], func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) && columnsOf(r) == 1 }))
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
