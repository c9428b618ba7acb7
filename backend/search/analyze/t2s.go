package analyze

import (
	_ "embed"
	"strings"
	"unicode/utf8"
)

//go:embed t2s.tsv
var t2sTable string

// simplified maps Traditional Han characters to their Simplified forms.
var simplified = parseT2S(t2sTable)

// hanTable holds the same mapping for the CJK Unified Ideographs and
// Extension A blocks as a dense array (0 where a character is its own
// simplified form), as every character of Chinese text is looked up.
const hanTableStart = 0x3400

var hanTable = func() []rune {
	table := make([]rune, 0xA000-hanTableStart)
	for from, to := range simplified {
		if from >= hanTableStart && from < 0xA000 {
			table[from-hanTableStart] = to
		}
	}
	return table
}()

func parseT2S(table string) map[rune]rune {
	out := make(map[rune]rune, 4200)
	for _, line := range strings.Split(table, "\n") {
		from, to, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		f, fn := utf8.DecodeRuneInString(from)
		t, tn := utf8.DecodeRuneInString(to)
		if fn == len(from) && tn == len(to) {
			out[f] = t
		}
	}
	return out
}
