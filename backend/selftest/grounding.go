package selftest

import (
	"strings"
	"unicode"
)

// Verdict is what the grounding check found of a question.
type Verdict string

const (
	// Grounded: the question asks about what its chunk says, in its own
	// words.
	Grounded Verdict = "grounded"
	// BadLength: fewer than minQuestionRunes letters, or more than
	// maxQuestionRunes.
	BadLength Verdict = "bad_length"
	// Vague: fewer than minContentTerms terms that carry meaning, so the
	// question could be about anything.
	Vague Verdict = "vague"
	// OffTopic: too few of its terms are in the chunk; the model asked
	// about something the chunk does not say.
	OffTopic Verdict = "off_topic"
	// Verbatim: the question copies a run of the chunk, which keyword
	// search finds trivially and a person would not ask.
	Verbatim Verdict = "verbatim"
)

const (
	minQuestionRunes = 4
	maxQuestionRunes = 200
	minContentTerms  = 2
	// minOverlap is the share of the question's content terms the chunk
	// must hold.
	minOverlap = 0.5
	// maxCopied is the longest share of the question that may appear in
	// the chunk as one unbroken run.
	maxCopied = 0.8
)

// Check is the grounding check of a question a model wrote about passage:
// enough of its content terms are in the passage, and it does not copy
// the passage. It is lexical, quick and deterministic, so a run's
// questions do not depend on a second model.
func Check(question, passage string) Verdict {
	q := letters(question)
	if len(q) < minQuestionRunes || len(q) > maxQuestionRunes {
		return BadLength
	}
	terms := contentTerms(question)
	if len(terms) < minContentTerms {
		return Vague
	}
	in := map[string]bool{}
	for _, t := range contentTerms(passage) {
		in[t] = true
	}
	found := 0
	for _, t := range terms {
		if in[t] {
			found++
		}
	}
	if float64(found) < minOverlap*float64(len(terms)) {
		return OffTopic
	}
	if float64(longestSharedRun(q, letters(passage))) >= maxCopied*float64(len(q)) {
		return Verbatim
	}
	return Grounded
}

// letters is text lower-cased without spaces or punctuation.
func letters(text string) []rune {
	var out []rune
	for _, r := range strings.ToLower(text) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			out = append(out, r)
		}
	}
	return out
}

// contentTerms are the distinct terms of text that carry meaning: words
// and numbers outside a short list of English function words, and pairs
// of adjacent Chinese characters of which neither is a function
// character. Pairs stand in for Chinese words without a dictionary.
func contentTerms(text string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	var word []rune
	var prevHan rune
	flushWord := func() {
		if w := string(word); len([]rune(w)) >= 2 && !englishFunctionWords[w] {
			add(stem(w))
		}
		word = word[:0]
	}
	for _, r := range strings.ToLower(text) {
		switch {
		case unicode.Is(unicode.Han, r):
			flushWord()
			if prevHan != 0 && !chineseFunctionChars[prevHan] && !chineseFunctionChars[r] {
				add(string([]rune{prevHan, r}))
			}
			prevHan = r
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			prevHan = 0
			word = append(word, r)
		default:
			prevHan = 0
			flushWord()
		}
	}
	flushWord()
	return out
}

// stem cuts a common English ending off a word, so "charging" meets
// "charge" and "tyres" meets "tyre"; crude, but the check only needs
// forms of one word to meet.
func stem(word string) string {
	if len(word) < 4 {
		return word
	}
	for _, ending := range []string{"ing", "ed", "es", "s", "e"} {
		if rest, ok := strings.CutSuffix(word, ending); ok && len(rest) >= 3 {
			return rest
		}
	}
	return word
}

// longestSharedRun is the length of the longest run of q found unbroken
// in p.
func longestSharedRun(q, p []rune) int {
	best := 0
	prev, cur := make([]int, len(p)+1), make([]int, len(p)+1)
	for i := 1; i <= len(q); i++ {
		for j := 1; j <= len(p); j++ {
			if q[i-1] == p[j-1] {
				cur[j] = prev[j-1] + 1
				best = max(best, cur[j])
			} else {
				cur[j] = 0
			}
		}
		prev, cur = cur, prev
	}
	return best
}

var englishFunctionWords = setOf("a an the of to in on at by for from with about into and or but not no is are was were be been " +
	"do does did has have had can could will would should may might shall must what which who whom whose when where why how " +
	"this that these those it its there their they them he she his her we our you your i my me as if than then so such any all " +
	"some many much more most other according does text passage document")

var chineseFunctionChars = func() map[rune]bool {
	m := map[rune]bool{}
	for _, r := range "的了是在有和与及或而也都就还又被把给对从向于以之其这那哪些个什么怎样吗呢吧啊请问几多少谁为何如根据文中提到所" {
		m[r] = true
	}
	return m
}()

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
