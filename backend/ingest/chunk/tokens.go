package chunk

import "unicode"

// EstimateTokens approximates how many tokens a model's tokenizer makes of
// s, without loading one: one per CJK character (Han, kana, Hangul), which
// multilingual tokenizers such as Qwen's and bge-m3's give or take, and one
// per four other characters of a word, rounded up, plus one per punctuation
// mark. It errs high for plain English, which keeps chunks inside a budget.
func EstimateTokens(s string) int {
	tokens, wordLen := 0, 0
	flush := func() {
		tokens += (wordLen + 3) / 4
		wordLen = 0
	}
	for _, r := range s {
		switch {
		case isCJK(r):
			flush()
			tokens++
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			wordLen++
		case unicode.IsSpace(r):
			flush()
		default:
			flush()
			tokens++
		}
	}
	flush()
	return tokens
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}
