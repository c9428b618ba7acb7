package chunk

import (
	"strings"
	"unicode"
)

// Options size the chunks.
type Options struct {
	// MaxTokens caps a chunk's estimated tokens.
	MaxTokens int
	// OverlapTokens is how much of the end of one chunk, in whole
	// sentences, starts the next, so a fact cut by a boundary is whole in
	// one of the two.
	OverlapTokens int
	// MaxChars, when set, also caps a chunk's characters; the retrieval
	// evaluation uses it to compare with published figures.
	MaxChars int
}

// Section is one unit a parser extracted: a page, a slide, a sheet, or the
// text under one heading. Chunks never span two sections, so each cites one
// page and one heading path.
type Section struct {
	Text     string
	Page     int      // 1-based page, slide or sheet; 0 where the format has none
	Headings []string // the heading path, outermost first
	// Offset is where Text starts in the document's extracted text, in
	// characters (Unicode code points).
	Offset int
}

// Chunk is one indexed, citable passage.
type Chunk struct {
	Text string
	// Start and End are the passage's place in the document's extracted
	// text, in characters: [Start, End).
	Start, End int
	Page       int
	Headings   []string
	Tokens     int
}

// Split cuts sections into chunks of at most opts.MaxTokens estimated
// tokens (and opts.MaxChars characters, if set), ending at sentence
// boundaries and preferring paragraph ends.
func Split(sections []Section, opts Options) []Chunk {
	var out []Chunk
	for _, sec := range sections {
		out = append(out, splitSection(sec, opts)...)
	}
	return out
}

// paragraphFill is how full a chunk must be before a paragraph end closes
// it early: breaking there keeps paragraphs whole without tiny chunks.
const paragraphFill = 0.6

func splitSection(sec Section, opts Options) []Chunk {
	runes := []rune(sec.Text)
	var units []span
	for _, s := range sentences(sec.Text) {
		if over(runes[s.start:s.end], opts.MaxTokens, opts.MaxChars) {
			units = append(units, splitLong(runes, s, opts.MaxTokens, opts.MaxChars)...)
		} else {
			units = append(units, s)
		}
	}
	// Each unit is measured once; a chunk's size is the sum of its units',
	// which never undercounts (a word cut between two units counts at most
	// one token more), so chunks stay within budget in linear time.
	tokens := make([]int, len(units))
	for i, u := range units {
		tokens[i] = EstimateTokens(string(runes[u.start:u.end]))
	}
	fits := func(i, j int, t int) bool { // units[i:j] with t tokens
		return (opts.MaxTokens <= 0 || t <= opts.MaxTokens) && (opts.MaxChars <= 0 || units[j-1].end-units[i].start <= opts.MaxChars)
	}
	fill := func(i, j, t int) float64 {
		f := 0.0
		if opts.MaxTokens > 0 {
			f = float64(t) / float64(opts.MaxTokens)
		}
		if opts.MaxChars > 0 {
			f = max(f, float64(units[j-1].end-units[i].start)/float64(opts.MaxChars))
		}
		return f
	}

	var out []Chunk
	for i := 0; i < len(units); {
		j, t := i+1, tokens[i] // the first unit always fits: over-long ones were split
		for j < len(units) && fits(i, j+1, t+tokens[j]) {
			if units[j-1].paragraphEnd && fill(i, j, t) >= paragraphFill {
				break
			}
			t += tokens[j]
			j++
		}
		if c, ok := makeChunk(runes, units[i].start, units[j-1].end, sec); ok {
			out = append(out, c)
		}
		if j == len(units) {
			break
		}
		// The next chunk starts with as many whole trailing sentences as
		// fit in the overlap budget, always moving forward.
		next, overlap := j, 0
		for k := j - 1; k > i && overlap+tokens[k] <= opts.OverlapTokens; k-- {
			overlap += tokens[k]
			next = k
		}
		i = next
	}
	return out
}

// makeChunk trims surrounding white space and records the passage.
func makeChunk(runes []rune, start, end int, sec Section) (Chunk, bool) {
	for start < end && unicode.IsSpace(runes[start]) {
		start++
	}
	for end > start && unicode.IsSpace(runes[end-1]) {
		end--
	}
	if start == end {
		return Chunk{}, false
	}
	text := string(runes[start:end])
	return Chunk{
		Text:     text,
		Start:    sec.Offset + start,
		End:      sec.Offset + end,
		Page:     sec.Page,
		Headings: sec.Headings,
		Tokens:   EstimateTokens(text),
	}, strings.TrimSpace(text) != ""
}
