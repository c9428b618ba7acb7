package textenc

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// Names of the encodings Detect reports.
const (
	UTF8        = "UTF-8"
	UTF16LE     = "UTF-16LE"
	UTF16BE     = "UTF-16BE"
	GB18030     = "GB18030"
	Big5        = "Big5"
	ShiftJIS    = "Shift_JIS"
	EUCKR       = "EUC-KR"
	Windows1252 = "windows-1252"
)

// SampleSize is how much of a file Detect needs to decide reliably.
const SampleSize = 64 << 10

// Detection is what Detect concluded.
type Detection struct {
	Encoding string `json:"encoding"`
	// Confidence is from 0 to 1: 1 for a byte-order mark or valid UTF-8,
	// lower the less the winning decoding looked like real text.
	Confidence float64 `json:"confidence"`
	// HasBOM tells whether the sample starts with a byte-order mark.
	HasBOM bool `json:"hasBom"`
}

// candidate is a legacy encoding with the script its text is written in.
type candidate struct {
	name string
	enc  encoding.Encoding
	good func(r rune) bool // a rune typical of real text in this encoding
	// spacesWords tells whether the script puts spaces between words:
	// Korean does, Chinese and Japanese do not. EUC-KR's Hangul and
	// GB2312's frequent Hanzi share one byte range, so each decodes the
	// other into plausible characters; spacing tells them apart.
	spacesWords bool
}

// candidates are tried in this order, which also breaks ties: Zhiku's
// people read Chinese first.
var candidates = []candidate{
	{name: GB18030, enc: simplifiedchinese.GB18030, good: func(r rune) bool { return gb2312Level1[r] || isCJKPunct(r) }},
	{name: Big5, enc: traditionalchinese.Big5, good: func(r rune) bool { return big5Level1[r] || isCJKPunct(r) }},
	{name: ShiftJIS, enc: japanese.ShiftJIS, good: func(r rune) bool {
		return !isHalfwidthKatakana(r) && unicode.In(r, unicode.Hiragana, unicode.Katakana) || commonHan[r] || isCJKPunct(r)
	}},
	{name: EUCKR, enc: korean.EUCKR, good: func(r rune) bool { return commonHangul[r] || isCJKPunct(r) }, spacesWords: true},
	// Windows-1252 decodes every byte, so it is judged by context instead,
	// in plausibility: accented letters stand next to ASCII letters.
	{name: Windows1252, enc: charmap.Windows1252},
}

// isCJKPunct covers CJK punctuation and the full-width forms of ASCII, but
// not half-width katakana (U+FF61–FF9F): a legacy oddity in real text, and
// what Chinese bytes often turn into when misread as Shift_JIS.
func isCJKPunct(r rune) bool {
	return r >= 0x3000 && r <= 0x303F || r >= 0xFF01 && r <= 0xFF5E
}

func isHalfwidthKatakana(r rune) bool { return r >= 0xFF61 && r <= 0xFF9F }

// Detect guesses the encoding of sample, the start of a file.
func Detect(sample []byte) Detection {
	switch {
	case bytes.HasPrefix(sample, []byte{0xEF, 0xBB, 0xBF}):
		return Detection{Encoding: UTF8, Confidence: 1, HasBOM: true}
	case bytes.HasPrefix(sample, []byte{0xFF, 0xFE}):
		return Detection{Encoding: UTF16LE, Confidence: 1, HasBOM: true}
	case bytes.HasPrefix(sample, []byte{0xFE, 0xFF}):
		return Detection{Encoding: UTF16BE, Confidence: 1, HasBOM: true}
	}
	if quality := utf8Quality(trimPartialRune(sample)); quality >= 0.8 {
		return Detection{Encoding: UTF8, Confidence: quality}
	}
	if enc, ok := utf16ByZeros(sample); ok {
		return Detection{Encoding: enc, Confidence: 0.95}
	}
	spaced := wordSpacing(sample)
	best, bestScore := Windows1252, -1.0
	for _, c := range candidates {
		score := plausibility(c, sample)
		if c.enc != charmap.Windows1252 && score > 0 {
			if c.spacesWords {
				score *= min(1, spaced/0.12) // Korean prose: a space every few syllables
			} else {
				score *= max(0, 1-spaced/0.25)
			}
		}
		if score > bestScore {
			best, bestScore = c.name, score
		}
	}
	if bestScore < 0 {
		bestScore = 0
	}
	return Detection{Encoding: best, Confidence: bestScore}
}

// trimPartialRune drops a UTF-8 character cut off by the end of the sample.
func trimPartialRune(b []byte) []byte {
	for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
		if start := len(b) - i; !utf8.RuneStart(b[start]) {
			continue
		} else if !utf8.FullRune(b[start:]) {
			return b[:start]
		}
		break
	}
	return b
}

// utf8Quality is 1 for valid UTF-8, and for text with a few corrupt bytes
// the share of well-formed multi-byte characters among them and the bad
// bytes. Legacy CJK encodings almost never form valid multi-byte UTF-8 by
// chance, so their score stays near 0.
func utf8Quality(b []byte) float64 {
	if utf8.Valid(b) {
		return 1
	}
	var multi, invalid int
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size == 1:
			invalid++
		case size > 1:
			multi++
		}
		b = b[size:]
	}
	return float64(multi) / float64(multi+invalid)
}

// utf16ByZeros recognises UTF-16 without a byte-order mark from text that is
// mostly ASCII (code, markup, Western prose): every other byte is zero.
func utf16ByZeros(b []byte) (string, bool) {
	if len(b) < 8 {
		return "", false
	}
	var evenZeros, oddZeros int
	for i, c := range b {
		if c == 0 {
			if i%2 == 0 {
				evenZeros++
			} else {
				oddZeros++
			}
		}
	}
	half := len(b) / 2
	switch {
	case oddZeros > half*3/10 && evenZeros < half/20:
		return UTF16LE, true
	case evenZeros > half*3/10 && oddZeros < half/20:
		return UTF16BE, true
	}
	return "", false
}

// plausibility decodes b as c and scores the result from -1 to 1: the
// share of non-ASCII characters typical of c's script, less a heavy
// penalty for bytes that do not decode and for control characters, which
// real text does not contain.
func plausibility(c candidate, b []byte) float64 {
	decoded, err := c.enc.NewDecoder().Bytes(b)
	if err != nil {
		return -1
	}
	var nonASCII, good, bad int
	runes := []rune(string(decoded))
	for i, r := range runes {
		switch {
		case r == utf8.RuneError || r >= 0xE000 && r <= 0xF8FF: // replacement or private use
			bad++
		case r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r >= 0x7F && r < 0xA0:
			bad++
		case r >= 0x80:
			nonASCII++
			if c.good != nil && c.good(r) || c.good == nil && westernInContext(runes, i) {
				good++
			}
		}
	}
	if nonASCII+bad == 0 {
		return 0
	}
	return (float64(good) - 3*float64(bad)) / float64(nonASCII+bad)
}

// westernInContext reports whether the non-ASCII rune at i reads as Western
// text: a Latin letter beside an ASCII letter (café, Übersicht), or
// typographic punctuation beside a space or letter. Chinese bytes misread as
// Windows-1252 give runs of accented capitals and symbols instead.
func westernInContext(runes []rune, i int) bool {
	r := runes[i]
	asciiLetter := func(j int) bool {
		return j >= 0 && j < len(runes) && runes[j] < 0x80 && unicode.IsLetter(runes[j])
	}
	asciiSpaceOrLetter := func(j int) bool {
		return j >= 0 && j < len(runes) && runes[j] < 0x80 && (unicode.IsLetter(runes[j]) || unicode.IsSpace(runes[j]))
	}
	switch {
	case unicode.IsLetter(r) && r < 0x250:
		return asciiLetter(i-1) || asciiLetter(i+1)
	case strings.ContainsRune("€–—‘’“”…«»°£", r):
		return asciiSpaceOrLetter(i-1) || asciiSpaceOrLetter(i+1)
	}
	return false
}

// wordSpacing is the share of spaces among the gaps between two
// multi-byte characters: high in Korean, near zero in Chinese and Japanese.
// Double-byte characters are approximated by pairs of high bytes.
func wordSpacing(b []byte) float64 {
	var spaces, pairs int
	for i := 0; i+1 < len(b); i++ {
		switch {
		case b[i] >= 0x80 && b[i+1] >= 0x80:
			pairs++
			i++ // skip the pair's second byte
		case b[i] == ' ' && i > 0 && b[i-1] >= 0x80 && b[i+1] >= 0x80:
			spaces++
		}
	}
	if pairs == 0 {
		return 0
	}
	return float64(spaces) / float64(pairs)
}
