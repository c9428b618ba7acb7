package core

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// pathKeyPrefix starts a path key that escapes bytes.
const pathKeyPrefix = "zhiku-path:"

// PathKey is path as it crosses JSON to the page and back. JSON strings
// hold Unicode only, so a file name that is not valid UTF-8 (an old
// GBK-named file on Linux, say) would have each stray byte replaced with
// U+FFFD, and the path the page sent back would name no file. A valid
// UTF-8 path is its own key. Any other is "zhiku-path:" followed by the
// path with each byte that is not part of valid UTF-8, and each '%',
// written as %XX. A path that happens to start with that prefix is
// escaped as well, so that every key names exactly one path.
func PathKey(path string) string {
	if utf8.ValidString(path) && !strings.HasPrefix(path, pathKeyPrefix) {
		return path
	}
	var b strings.Builder
	b.WriteString(pathKeyPrefix)
	for i := 0; i < len(path); {
		r, size := utf8.DecodeRuneInString(path[i:])
		switch {
		case r == utf8.RuneError && size == 1, r == '%':
			fmt.Fprintf(&b, "%%%02X", path[i])
		default:
			b.WriteString(path[i : i+size])
		}
		i += size
	}
	return b.String()
}

// PathFromKey is the path a PathKey names. A string without the prefix
// is a path as it is, so paths a person typed need no key.
func PathFromKey(key string) (string, error) {
	escaped, ok := strings.CutPrefix(key, pathKeyPrefix)
	if !ok {
		return key, nil
	}
	var b strings.Builder
	for i := 0; i < len(escaped); i++ {
		if escaped[i] != '%' {
			b.WriteByte(escaped[i])
			continue
		}
		if i+2 >= len(escaped) {
			return "", fmt.Errorf("path key %q ends inside an escape", key)
		}
		n, err := strconv.ParseUint(escaped[i+1:i+3], 16, 8)
		if err != nil {
			return "", fmt.Errorf("path key %q has a bad escape %q", key, escaped[i:i+3])
		}
		b.WriteByte(byte(n))
		i += 2
	}
	return b.String(), nil
}

// pathKeys is PathKey of each path.
func pathKeys(paths []string) []string {
	if paths == nil {
		return nil
	}
	keys := make([]string, len(paths))
	for i, p := range paths {
		keys[i] = PathKey(p)
	}
	return keys
}

// pathsFromKeys is PathFromKey of each key.
func pathsFromKeys(keys []string) ([]string, error) {
	if keys == nil {
		return nil, nil
	}
	paths := make([]string, len(keys))
	for i, k := range keys {
		p, err := PathFromKey(k)
		if err != nil {
			return nil, err
		}
		paths[i] = p
	}
	return paths, nil
}

// DisplayPath is path for people to read. A valid UTF-8 path is shown as
// it is. In any other, each name that is not valid UTF-8 is read as
// Chinese in GB2312 (the encoding behind most such names, written by
// older Chinese Windows and Linux systems) when all its other bytes form
// GB2312 characters, and otherwise shown with U+FFFD for its stray bytes.
func DisplayPath(path string) string {
	if utf8.ValidString(path) {
		return path
	}
	var b strings.Builder
	start := 0
	for i := 0; i <= len(path); i++ {
		if i < len(path) && !os.IsPathSeparator(path[i]) {
			continue
		}
		b.WriteString(displayName(path[start:i]))
		if i < len(path) {
			b.WriteByte(path[i])
		}
		start = i + 1
	}
	return b.String()
}

// displayPaths is DisplayPath of each path.
func displayPaths(paths []string) []string {
	if paths == nil {
		return nil
	}
	shown := make([]string, len(paths))
	for i, p := range paths {
		shown[i] = DisplayPath(p)
	}
	return shown
}

func displayName(name string) string {
	if utf8.ValidString(name) {
		return name
	}
	if isGB2312(name) {
		if decoded, err := simplifiedchinese.GB18030.NewDecoder().String(name); err == nil && !strings.ContainsFunc(decoded, unassigned) {
			return decoded
		}
	}
	return strings.ToValidUTF8(name, string(utf8.RuneError))
}

// isGB2312 reports whether name is ASCII and GB2312's two-byte
// characters only: symbols (rows A1–A9) and Han characters (rows B0–F7),
// each byte of a pair from A1 to FE. Other byte pairs decode too, as rare
// characters, but are far more often another encoding's letters (Latin-1
// "ü" followed by "l" would read as 黮).
func isGB2312(name string) bool {
	for i := 0; i < len(name); i++ {
		lead := name[i]
		if lead < 0x80 {
			continue
		}
		if i+1 == len(name) || !(lead >= 0xA1 && lead <= 0xA9 || lead >= 0xB0 && lead <= 0xF7) || name[i+1] < 0xA1 || name[i+1] == 0xFF {
			return false
		}
		i++
	}
	return true
}

// unassigned reports a character GB18030 gives a GB2312 code that holds
// none: the replacement character, or one from the private-use area.
func unassigned(r rune) bool {
	return r == utf8.RuneError || r >= 0xE000 && r <= 0xF8FF
}
