package chunk

import "unicode"

// EstimateTokens approximates how many tokens a model's tokenizer makes of
// s, without loading one: one per CJK character (Han, kana, Hangul), which
// multilingual tokenizers such as Qwen's and bge-m3's give or take, and one
// per four other characters of a word, rounded up, plus one per punctuation
// mark. It errs high for plain English, which keeps chunks inside a budget.
func EstimateTokens(s string) int {
	var c tokenCounter
	for _, r := range s {
		c.add(r)
	}
	return c.total()
}

// tokenCounter estimates tokens one rune at a time, so a long text can be
// measured as it grows without counting it again.
type tokenCounter struct {
	tokens, wordLen int
}

func (c *tokenCounter) add(r rune) {
	switch {
	case r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'):
		c.wordLen++
	case r < 0x80 && (r == ' ' || r == '\n' || r == '\t' || r == '\r'):
		c.endWord()
	case r < 0x80:
		c.endWord()
		c.tokens++
	case isCJK(r):
		c.endWord()
		c.tokens++
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		c.wordLen++
	case unicode.IsSpace(r):
		c.endWord()
	default:
		c.endWord()
		c.tokens++
	}
}

func (c *tokenCounter) endWord() {
	c.tokens += (c.wordLen + 3) / 4
	c.wordLen = 0
}

// total is the estimate so far, counting a word still open.
func (c *tokenCounter) total() int {
	return c.tokens + (c.wordLen+3)/4
}

// isCJK reports Han, kana and Hangul; everything below U+1100 is none of
// them, which spares the table lookup for Latin text.
func isCJK(r rune) bool {
	return r >= 0x1100 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}
