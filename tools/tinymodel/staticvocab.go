package main

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Token types of tokenizer.ggml.token_type.
const (
	tokenNormal  = 1
	tokenUnknown = 2
	tokenControl = 3
	tokenByte    = 6
)

// staticVocabulary builds the static embedding model's byte-fallback
// SentencePiece vocabulary: the special and byte tokens, the 6,763
// characters of GB2312 (and any other the lexicon uses),
// Chinese punctuation, ASCII letters, digits and two-digit numbers, the
// lexicon's Chinese words and "▁"-led English words.
//
// llama.cpp merges two adjacent pieces only when their concatenation is a
// piece, so a word of three or more characters is reachable only through
// its prefixes: those are pieces too. A merge's score is its length in
// characters, so of two overlapping merges the longer goes first and ties
// go to the leftmost; a word then grows from its start, as in
// 中华 → 中华人 → 中华人民.
func staticVocabulary() (tokens []string, scores []float32, types []int32, err error) {
	seen := map[string]bool{}
	add := func(tok string, score float32, typ int32) {
		if seen[tok] {
			return
		}
		seen[tok] = true
		tokens, scores, types = append(tokens, tok), append(scores, score), append(types, typ)
	}
	add("<unk>", 0, tokenUnknown)
	add("<s>", 0, tokenControl)
	add("</s>", 0, tokenControl)
	for b := range 256 {
		add(fmt.Sprintf("<0x%02X>", b), 0, tokenByte)
	}
	add("▁", 0, tokenNormal)
	for _, r := range "，。、；：？！“”‘’《》（）【】—…·" {
		add(string(r), 0, tokenNormal)
	}
	for _, r := range "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?'\"()-/%" {
		add(string(r), 0, tokenNormal)
	}
	for n := range 100 {
		add(fmt.Sprintf("%02d", n), 2, tokenNormal)
	}
	common, err := commonHanzi()
	if err != nil {
		return nil, nil, nil, err
	}
	for _, c := range common {
		add(c, 0, tokenNormal)
	}
	addWord := func(word string) {
		runes := []rune(word)
		for _, r := range runes {
			add(string(r), 0, tokenNormal)
		}
		for n := 2; n <= len(runes); n++ {
			add(string(runes[:n]), float32(n), tokenNormal)
		}
	}
	for _, t := range topics {
		for _, w := range strings.Fields(t.chinese) {
			addWord(w)
		}
	}
	for _, w := range frameWords() {
		addWord(w)
	}
	for _, t := range topics {
		for _, w := range strings.Fields(t.english) {
			addWord("▁" + w)
		}
	}
	return tokens, scores, types, nil
}

// frameWords are the words of the corpus's sentence frames, so they
// tokenise as words and not as characters.
func frameWords() []string {
	return []string{"关系", "密切", "常见", "方面", "重要", "人们", "谈到", "常常", "提到", "影响", "这是", "一篇", "关于",
		"介绍", "负责", "后来", "研究", "著称", "包括", "据报道", "有所", "变化", "一部分", "书中", "▁the", "▁and", "▁are",
		"▁part", "▁of", "▁is", "▁closely", "▁related", "▁to", "▁people", "▁who", "▁write", "▁about", "▁often",
		"▁mention", "▁a", "▁in"}
}

// commonHanzi returns GB2312's 6,763 characters, read out of the GBK
// code table: the 3,755 most used (rows 0xB0 to 0xD7, whose last row ends
// at 0xF9) and the 3,008 less common ones, names and places among them
// (rows 0xD8 to 0xF7). Together they cover nearly all of modern
// Simplified Chinese text, so a character seldom falls back to bytes.
func commonHanzi() ([]string, error) {
	var out []string
	dec := simplifiedchinese.GBK.NewDecoder()
	for hi := 0xB0; hi <= 0xF7; hi++ {
		for lo := 0xA1; lo <= 0xFE; lo++ {
			if hi == 0xD7 && lo > 0xF9 {
				break
			}
			s, err := dec.Bytes([]byte{byte(hi), byte(lo)})
			if err != nil {
				return nil, fmt.Errorf("decode GB2312 %02X%02X: %w", hi, lo, err)
			}
			if r, _ := utf8.DecodeRune(s); r < 0x4E00 || r > 0x9FFF {
				return nil, fmt.Errorf("GB2312 %02X%02X decodes to %q, not a CJK character", hi, lo, s)
			}
			out = append(out, string(s))
		}
	}
	return out, nil
}
