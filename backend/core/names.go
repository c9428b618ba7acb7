package core

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameLength bounds the names a person gives things, in characters. A
// name is a label read at a glance in a list or a window's title: 200
// characters hold any real title in any script, while a page cannot have
// megabytes stored, sent to every window and written into file names.
const MaxNameLength = 200

// ValidName returns a name the person gave trimmed, or the problem with
// its form: empty, longer than MaxNameLength, not UTF-8, or holding
// control characters.
func ValidName(name string) (string, error) {
	name, err := ValidOptionalName(name)
	if err == nil && name == "" {
		err = ErrNameEmpty.New(nil)
	}
	return name, err
}

// ValidOptionalName is ValidName where an empty name means "make one up",
// as a chat's title does. A name that came through JSON has had its
// invalid UTF-8 replaced with U+FFFD, so that character is refused too:
// it is never typed, only left behind by text decoded wrongly.
func ValidOptionalName(name string) (string, error) {
	if !utf8.ValidString(name) || strings.ContainsRune(name, utf8.RuneError) {
		return "", ErrNameEncoding.New(nil)
	}
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); n > MaxNameLength {
		return "", ErrNameTooLong.New(nil, "max", strconv.Itoa(MaxNameLength), "length", strconv.Itoa(n))
	}
	if strings.IndexFunc(name, hiddenControl) >= 0 {
		return "", ErrNameControl.New(nil)
	}
	return name, nil
}

// hiddenControl reports characters that break a name's line or hide what
// it says: the C0 and C1 controls (NUL, line breaks, escapes), and the
// bidirectional embeddings, overrides and isolates, with which
// "gpj.exe" reversed shows as "exe.jpg".
func hiddenControl(r rune) bool {
	return unicode.IsControl(r) || (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069') ||
		r == '\u2028' || r == '\u2029'
}

// NameOf makes a name of text the person did not type, such as a dropped
// file's name, which may hold anything a file system allows, cut short
// enough that a " (12)" after it still fits.
func NameOf(text string) string {
	name := NameText(text)
	if runes := []rune(name); len(runes) > MaxNameLength-len(" (99999)") {
		name = strings.TrimSpace(string(runes[:MaxNameLength-len(" (99999)")]))
	}
	return name
}

// NameText is text the person did not type with what ValidOptionalName
// refuses (invalid UTF-8, U+FFFD, controls) made spaces, and every run of
// spaces made one.
func NameText(text string) string {
	text = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || hiddenControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(text, " "))
	return strings.Join(strings.Fields(text), " ")
}

// maxTitleFromQuestion bounds, in characters, a chat's title made from its
// first question: a list's line, well inside MaxNameLength.
const maxTitleFromQuestion = 60

// TitleFrom makes a chat's title from its first question. The title is
// saved without the check a typed one passes, and the page sends it back
// with every Update, so it holds nothing that check refuses.
func TitleFrom(question string) string {
	title := NameText(question)
	if runes := []rune(title); len(runes) > maxTitleFromQuestion {
		title = strings.TrimSpace(string(runes[:maxTitleFromQuestion])) + "…"
	}
	return title
}
