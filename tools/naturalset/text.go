package main

import (
	"strings"
	"unicode/utf8"
)

// parts splits a source into the parts its "==== " lines begin (pages,
// slides, sheets), each with the rest of its marker line as its name.
func parts(source string) (names []string, bodies [][]string) {
	for line := range strings.Lines(source) {
		line = strings.TrimRight(line, "\r\n")
		if name, ok := strings.CutPrefix(line, "===="); ok {
			names = append(names, strings.TrimSpace(name))
			bodies = append(bodies, nil)
			continue
		}
		if len(bodies) == 0 {
			names, bodies = append(names, ""), append(bodies, nil)
		}
		if line != "" {
			bodies[len(bodies)-1] = append(bodies[len(bodies)-1], line)
		}
	}
	return names, bodies
}

// wrap cuts a line of Chinese text into lines of at most width
// characters, as a printed page breaks them.
func wrap(line string, width int) []string {
	var out []string
	for utf8.RuneCountInString(line) > width {
		cut := 0
		for range width {
			_, size := utf8.DecodeRuneInString(line[cut:])
			cut += size
		}
		out = append(out, line[:cut])
		line = line[cut:]
	}
	return append(out, line)
}

// escapeXML makes text safe inside an XML element.
func escapeXML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
