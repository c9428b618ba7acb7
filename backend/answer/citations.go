package answer

import (
	"regexp"
	"strconv"
)

// citationPattern finds [1], [1, 2], [1][3], 【2】 and [^2]: the shapes
// models write when asked to cite numbered sources.
var citationPattern = regexp.MustCompile(`[\[【]\^?\s*(\d{1,3}(?:\s*[,，、;]\s*\^?\d{1,3})*)\s*[\]】]`)

var numberPattern = regexp.MustCompile(`\d{1,3}`)

// Cited returns the source numbers an answer cites, each once, in the
// order first cited, keeping only numbers from 1 to sources.
func Cited(answer string, sources int) []int {
	seen := map[int]bool{}
	var cited []int
	for _, group := range citationPattern.FindAllStringSubmatch(answer, -1) {
		for _, digits := range numberPattern.FindAllString(group[1], -1) {
			n, _ := strconv.Atoi(digits)
			if n >= 1 && n <= sources && !seen[n] {
				seen[n] = true
				cited = append(cited, n)
			}
		}
	}
	return cited
}
