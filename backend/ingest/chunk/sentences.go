package chunk

import (
	"strings"
	"unicode"
)

// span is a piece of a section's text by rune offsets, [start, end).
type span struct {
	start, end int
	// paragraphEnd is set when a blank line (or the text's end) follows.
	paragraphEnd bool
}

const (
	cjkEnders     = "。！？；…"
	westernEnders = ".!?;"
	closers       = "”’」』）)]》〉\"'"
)

// sentences splits text into sentence spans covering all of it: a span ends
// after a CJK sentence mark, after a Western one followed by a space or the
// end, after a line break, and swallows the closing quotes and spaces that
// follow. Decimal points (3.14) and a mark inside a word (e.g. a URL) do not
// end a sentence.
func sentences(text string) []span {
	runes := []rune(text)
	var out []span
	start := 0
	emit := func(end int) {
		// Include closing quotes and brackets, then trailing spaces.
		for end < len(runes) && strings.ContainsRune(closers, runes[end]) {
			end++
		}
		blank := false
		for end < len(runes) && unicode.IsSpace(runes[end]) {
			if runes[end] == '\n' && end+1 < len(runes) && isBlankLineAhead(runes, end+1) {
				blank = true
			}
			end++
		}
		if end > start {
			out = append(out, span{start: start, end: end, paragraphEnd: blank || end == len(runes)})
		}
		start = end
	}
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch {
		case strings.ContainsRune(cjkEnders, r):
			for i+1 < len(runes) && strings.ContainsRune(cjkEnders, runes[i+1]) {
				i++ // ……, ！？
			}
			emit(i + 1)
			i = start - 1
		case strings.ContainsRune(westernEnders, r):
			next := i + 1
			for next < len(runes) && strings.ContainsRune(closers, runes[next]) {
				next++
			}
			if next == len(runes) || unicode.IsSpace(runes[next]) {
				emit(i + 1)
				i = start - 1
			}
		case r == '\n':
			emit(i + 1)
			i = start - 1
		}
	}
	if start < len(runes) {
		out = append(out, span{start: start, end: len(runes), paragraphEnd: true})
	}
	return out
}

// isBlankLineAhead reports whether only spaces and tabs stand between i and
// the next line break: the line starting at i is blank.
func isBlankLineAhead(runes []rune, i int) bool {
	for ; i < len(runes); i++ {
		switch runes[i] {
		case '\n':
			return true
		case ' ', '\t', '\r', '\u3000':
		default:
			return false
		}
	}
	return true
}

// clauseBreaks are where an over-long sentence may be cut: after commas,
// colons and the CJK enumeration comma.
const clauseBreaks = "，、,:：—"

// splitLong cuts a span of runes longer than maxTokens: at clause marks
// where it can, else at spaces, else (unbroken CJK or a long token) at
// the budget itself. It measures each piece as it grows, in one pass.
func splitLong(runes []rune, s span, maxTokens, maxChars int) []span {
	var out []span
	start := s.start
	for start < s.end {
		var counter tokenCounter
		end := start
		lastClause, lastSpace := -1, -1
		for end < s.end {
			next := counter
			next.add(runes[end])
			if maxChars > 0 && end+1-start > maxChars || maxTokens > 0 && next.total() > maxTokens {
				break
			}
			counter = next
			if strings.ContainsRune(clauseBreaks, runes[end]) {
				lastClause = end + 1
			} else if unicode.IsSpace(runes[end]) {
				lastSpace = end + 1
			}
			end++
		}
		switch {
		case end == s.end:
		case lastClause > start:
			end = lastClause
		case lastSpace > start:
			end = lastSpace
		case end == start:
			end = start + 1 // a single rune over budget still moves on
		}
		out = append(out, span{start: start, end: end})
		start = end
	}
	out[len(out)-1].paragraphEnd = s.paragraphEnd
	return out
}

// over reports whether runes exceed either budget.
func over(runes []rune, maxTokens, maxChars int) bool {
	if maxChars > 0 && len(runes) > maxChars {
		return true
	}
	return maxTokens > 0 && EstimateTokens(string(runes)) > maxTokens
}
