package core

import (
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"
)

var unsafeFileChars = regexp.MustCompile(`[\x00-\x1f<>:"/\\|?*]+`)

// maxFileStemBytes bounds the part of a file's name made of a title. File
// systems allow 255 bytes, a title of MaxNameLength Chinese characters
// takes 600, and what is written adds a suffix ("_validation.jsonl") and,
// while it is written, a temporary prefix and suffix.
const maxFileStemBytes = 120

// FileStem is a title made fit to start a file's name: characters file
// systems refuse made spaces, cut to maxFileStemBytes, or fallback when
// nothing is left.
func FileStem(title, fallback string) string {
	name := strings.Join(strings.Fields(unsafeFileChars.ReplaceAllString(title, " ")), " ")
	for len(name) > maxFileStemBytes {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	name = strings.Trim(filepath.Base(name), ". ")
	if name == "" {
		return fallback
	}
	return name
}
