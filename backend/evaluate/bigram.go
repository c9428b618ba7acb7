package evaluate

import (
	"math"
	"slices"
	"strings"
	"unicode"
)

// bigramBM25 is the baseline Zhiku's keyword search is measured against:
// textbook BM25 (k1 1.2, b 0.75) over overlapping pairs of Han characters
// and lower-cased words of other letters and digits, with none of Zhiku's
// analysis (no single characters, stems, question words or file context).
type bigramBM25 struct {
	chunks   []naturalChunk
	postings map[string]map[int]int // term → chunk → count
	lengths  []int
	meanLen  float64
}

func newBigramBM25(chunks []naturalChunk) *bigramBM25 {
	ix := &bigramBM25{chunks: chunks, postings: map[string]map[int]int{}, lengths: make([]int, len(chunks))}
	total := 0
	for i, c := range chunks {
		terms := bigramTerms(c.text)
		ix.lengths[i] = len(terms)
		total += len(terms)
		for _, t := range terms {
			if ix.postings[t] == nil {
				ix.postings[t] = map[int]int{}
			}
			ix.postings[t][i]++
		}
	}
	if len(chunks) > 0 {
		ix.meanLen = float64(total) / float64(len(chunks))
	}
	return ix
}

// search ranks the chunks for query and returns the places of the first k.
func (ix *bigramBM25) search(query string, k int) []place {
	const k1, b = 1.2, 0.75
	scores := map[int]float64{}
	n := float64(len(ix.chunks))
	for _, t := range bigramTerms(query) {
		docs := ix.postings[t]
		idf := math.Log(1 + (n-float64(len(docs))+0.5)/(float64(len(docs))+0.5))
		for d, tf := range docs {
			f := float64(tf)
			scores[d] += idf * f * (k1 + 1) / (f + k1*(1-b+b*float64(ix.lengths[d])/ix.meanLen))
		}
	}
	ranked := make([]int, 0, len(scores))
	for d := range scores {
		ranked = append(ranked, d)
	}
	slices.SortFunc(ranked, func(x, y int) int {
		if scores[x] != scores[y] {
			if scores[x] > scores[y] {
				return -1
			}
			return 1
		}
		return x - y
	})
	places := make([]place, 0, k)
	for _, d := range ranked[:min(k, len(ranked))] {
		places = append(places, ix.chunks[d].place)
	}
	return places
}

// bigramTerms are a text's Han character pairs (a lone Han character
// between others counts as itself) and its other words, lower-cased.
func bigramTerms(text string) []string {
	var terms []string
	var han []rune
	var word strings.Builder
	flushHan := func() {
		if len(han) == 1 {
			terms = append(terms, string(han))
		}
		for i := 0; i+1 < len(han); i++ {
			terms = append(terms, string(han[i:i+2]))
		}
		han = han[:0]
	}
	flushWord := func() {
		if word.Len() > 0 {
			terms = append(terms, word.String())
			word.Reset()
		}
	}
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			flushWord()
			han = append(han, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushHan()
			word.WriteRune(unicode.ToLower(r))
		default:
			flushHan()
			flushWord()
		}
	}
	flushHan()
	flushWord()
	return terms
}
