// Package analyze turns text into the terms the keyword index stores and
// queries, in a way that works for Chinese as well as for English.
//
// Chinese is written without spaces, so splitting on whitespace finds
// almost nothing in it. Each run of Han or kana characters gives both its
// single characters and its overlapping character pairs (bigrams): pairs
// carry most of the meaning of Chinese words without a dictionary, and
// single characters still match one-character words and names that a pair
// straddles. Traditional characters are folded to Simplified and
// full-width forms to their ASCII ones, so 國語 finds 国语 and ＡＢＣ finds
// abc. Other scripts split into words, lower-cased, with English words
// stemmed (index, indexing, indexed are one term); numbers and identifiers
// such as 3.14, v1.2.3, GPT-4 or snake_case are kept whole, and an
// identifier's parts are terms too.
package analyze

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"golang.org/x/text/width"
)

// Kind says what a term was made from; the index weighs kinds differently.
type Kind uint8

const (
	// Word is a run of letters or digits, or an identifier.
	Word Kind = iota
	// Pair is two adjacent Han or kana characters.
	Pair
	// Single is one Han or kana character.
	Single
	// Part is a piece of an identifier, beside the whole.
	Part
)

// Term is one indexed unit and where it came from in the text.
type Term struct {
	Text string
	Kind Kind
	// Start and End are byte offsets of the source text, [Start, End).
	Start, End int
}

// Terms analyses text, calling emit for each term in text order.
func Terms(text string, emit func(Term)) {
	Scan(text, func(t *RawTerm) {
		emit(Term{Text: string(t.Text), Kind: t.Kind, Start: t.Start, End: t.End})
	})
}

// List returns text's terms as a slice.
func List(text string) []Term {
	var out []Term
	Terms(text, func(t Term) { out = append(out, t) })
	return out
}

// RawTerm is a term as Scan gives it: Text is only valid during the call,
// which spares an allocation per term where the index only looks it up.
type RawTerm struct {
	Text  []byte
	Kind  Kind
	Start int
	End   int
}

// Scan analyses text like Terms, without allocating per term.
func Scan(text string, emit func(*RawTerm)) {
	s := scanner{emit: emit}
	for i, r := range text {
		s.add(i, r, utf8.RuneLen(r))
	}
	s.endWord()
}

type charClass uint8

const (
	classOther charClass = iota
	classIdeograph
	classWord
	classJoiner // may join two word runs into one identifier: . - _ ' etc.
)

// scanner holds the run being read: a run of ideographs or a word.
type scanner struct {
	emit func(*RawTerm)
	term RawTerm
	buf  [2 * utf8.UTFMax]byte

	class charClass
	// ideograph run: the previous character and where it started.
	prev      rune
	prevStart int
	// word run
	word               []byte
	wordStart, wordEnd int
	// a joiner seen after a word, waiting to know whether a letter follows
	pendingJoiner rune
	joined        bool // the word holds a joiner: it is an identifier
}

func (s *scanner) send(text []byte, kind Kind, start, end int) {
	s.term = RawTerm{Text: text, Kind: kind, Start: start, End: end}
	s.emit(&s.term)
}

func (s *scanner) add(at int, r rune, size int) {
	r = Fold(r)
	switch classify(r) {
	case classIdeograph:
		s.endWord()
		n := utf8.EncodeRune(s.buf[:], s.prev)
		if s.class == classIdeograph {
			m := utf8.EncodeRune(s.buf[n:], r)
			s.send(s.buf[:n+m], Pair, s.prevStart, at+size)
		}
		m := utf8.EncodeRune(s.buf[:], r)
		s.send(s.buf[:m], Single, at, at+size)
		s.class, s.prev, s.prevStart = classIdeograph, r, at
	case classWord:
		if s.class != classWord {
			s.class = classWord
			s.word = s.word[:0]
			s.wordStart = at
			s.joined = false
		} else if s.pendingJoiner != 0 {
			s.word = utf8.AppendRune(s.word, s.pendingJoiner)
			s.joined = true
		}
		s.pendingJoiner = 0
		s.word = utf8.AppendRune(s.word, r)
		s.wordEnd = at + size
	case classJoiner:
		if s.class == classWord && s.pendingJoiner == 0 {
			s.pendingJoiner = r
			return
		}
		s.endWord()
		s.class = classOther
	default:
		s.endWord()
		s.class = classOther
	}
}

// endWord closes a word run, if one is open, before a character that is
// not part of it.
func (s *scanner) endWord() {
	if s.class != classWord {
		return
	}
	s.class = classOther
	s.pendingJoiner = 0
	w, start, end := s.word, s.wordStart, s.wordEnd
	if !s.joined {
		s.send(normalizeWord(w), Word, start, end)
		return
	}
	s.send(w, Word, start, end)
	rest := w
	for len(rest) > 0 {
		i := 0
		for i < len(rest) && classify(rune(rest[i])) != classJoiner {
			_, n := utf8.DecodeRune(rest[i:])
			i += n
		}
		if i > 0 {
			s.send(normalizeWord(rest[:i]), Part, start, end)
		}
		if i < len(rest) {
			i++ // the joiner, always one byte
		}
		rest = rest[i:]
	}
}

// normalizeWord stems English words; numbers and other scripts stay as
// they are.
func normalizeWord(w []byte) []byte {
	if len(w) > 2 && isASCIILetters(w) {
		return stem(w)
	}
	return w
}

// The Snowball stemmer costs far more than the rest of the analysis, and
// a corpus uses few distinct English words: stems are remembered, up to a
// bound that keeps memory small on text full of unique tokens.
var stems = struct {
	sync.RWMutex
	m map[string][]byte
}{m: map[string][]byte{}}

const maxRememberedStems = 200_000

func stem(w []byte) []byte {
	stems.RLock()
	s, ok := stems.m[string(w)]
	stems.RUnlock()
	if ok {
		return s
	}
	s = []byte(english.Stem(string(w), false))
	stems.Lock()
	if len(stems.m) < maxRememberedStems {
		stems.m[string(w)] = s
	}
	stems.Unlock()
	return s
}

func isASCIILetters(w []byte) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func classify(r rune) charClass {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF: // the common Han block, most of any Chinese text
		return classIdeograph
	case r < 0x80:
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			return classWord
		case r == '.' || r == '-' || r == '_' || r == '\'':
			return classJoiner
		}
		return classOther
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
		return classIdeograph
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
		return classWord
	}
	return classOther
}

// Fold maps a character to the form the index compares: ASCII for
// full-width Latin and digits, lower case, Simplified for Traditional Han.
func Fold(r rune) rune {
	switch {
	case r < 0x80:
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	case r >= hanTableStart && r < hanTableStart+rune(len(hanTable)):
		if s := hanTable[r-hanTableStart]; s != 0 {
			return s
		}
		return r
	case r >= 0xFF00 && r <= 0xFFEF: // full-width and half-width forms
		if f := width.LookupRune(r).Folded(); f != 0 {
			r = f
		}
	}
	if s, ok := simplified[r]; ok {
		return s
	}
	return unicode.ToLower(r)
}

// questionWords are the Chinese and English words that make a sentence a
// question. The passage that answers a question rarely contains them, so a
// query drops them: 长城有多长 looks for 长城 and 长, not for 多.
var questionWords = strings.NewReplacer(
	"为什么", " ", "什么", " ", "怎么样", " ", "怎么", " ", "怎样", " ", "如何", " ",
	"哪里", " ", "哪儿", " ", "哪个", " ", "哪些", " ", "哪一", " ", "哪", " ",
	"多少", " ", "几个", " ", "多长", "长", "多大", "大", "多高", "高", "多久", " ",
	"谁", " ", "吗", " ", "呢", " ", "是否", " ",
	"為什麼", " ", "甚麼", " ", "什麼", " ", "怎麼", " ", "哪裡", " ", "哪個", " ", "嗎", " ",
)

// QueryText prepares a question for the keyword index: question words go,
// so only what the answer shares with the question is searched for.
func QueryText(q string) string {
	return questionWords.Replace(q)
}
