package rag

import (
	"math"
	"unicode"
)

// messageOverhead is what a chat template adds around each message (role
// markers, separators) in the templates of common local models.
const messageOverhead = 6

// EstimateTokens counts text's tokens without the model's tokenizer, which
// Ollama does not expose, leaning high: a Han, kana or Hangul character
// counts as one token (modern multilingual vocabularies need about 0.6–1),
// a run of Latin letters or digits as one per three characters (English
// averages about four), punctuation and symbols as one each. Models whose
// vocabularies do worse are caught by Scale, learnt from Ollama's counts.
func EstimateTokens(text string) int {
	tokens, run := 0, 0
	flush := func() {
		tokens += (run + 2) / 3
		run = 0
	}
	for _, r := range text {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			run++
			continue
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
			tokens++
		case r == '\n':
			tokens++
		case unicode.IsSpace(r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			// Other alphabets (Cyrillic, Greek, accented Latin) split
			// finer than English in most vocabularies.
			run += 2
			continue
		default:
			tokens++
		}
		flush()
	}
	flush()
	return tokens
}

// Scale is how many real tokens a model uses per estimated one, at least 1.
type Scale float64

// Apply scales an estimate, rounding up.
func (s Scale) Apply(estimate int) int {
	if s < 1 {
		s = 1
	}
	return int(math.Ceil(float64(estimate) * float64(s)))
}

// Learn returns the scale after Ollama reported reported tokens for a
// prompt estimated at estimated. It only ever rises: with its prompt cache
// Ollama counts just the tokens it had to evaluate, so a lower count says
// nothing about the tokenizer.
func (s Scale) Learn(estimated, reported int) Scale {
	if estimated <= 0 || reported <= 0 {
		return s
	}
	// A small margin keeps the next prompt on the safe side of the count.
	observed := Scale(float64(reported) / float64(estimated) * 1.05)
	return max(s, observed, 1)
}
