package search

import (
	"cmp"
	"slices"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/search/analyze"
)

// nameMatch is what a query names in one knowledge base.
type nameMatch struct {
	units []int    // matched units, best first
	files []uint32 // the files they name, without repeats
	spans [][2]int // byte ranges of the query that name them
}

// match finds the names query covers: at least namedCoverage of a name's
// weight, two of its terms when it has two or more, and one term that is
// not generic, so "the report" or 这份文件 names nothing by itself.
func (nx *nameIndex) match(query string) nameMatch {
	var m nameMatch
	if nx == nil || len(nx.units) == 0 {
		return m
	}
	// Dense tallies by unit: a query touches few terms, but a term such
	// as 报告 may be in thousands of names.
	var covered []float64
	var count []uint8
	var specific []bool
	var touched []int32
	type use struct {
		span [2]int
		term int32
	}
	var uses []use
	counted := map[int32]bool{}
	analyze.Scan(query, func(t *analyze.RawTerm) {
		id, ok := nx.terms[string(t.Text)]
		if !ok || (t.Kind == analyze.Single && !nx.singleName(id)) {
			return
		}
		uses = append(uses, use{[2]int{t.Start, t.End}, id})
		if counted[id] {
			return
		}
		counted[id] = true
		if covered == nil {
			covered, count, specific = make([]float64, len(nx.units)), make([]uint8, len(nx.units)), make([]bool, len(nx.units))
		}
		w := nx.weights[id]
		isSpecific := w > 0 && !genericNames[string(t.Text)]
		for _, u := range nx.postings[id] {
			if covered[u] == 0 && count[u] == 0 {
				touched = append(touched, u)
			}
			covered[u] += w
			if w > 0 && count[u] < 255 {
				count[u]++
			}
			specific[u] = specific[u] || isSpecific
		}
	})
	asked := numbersIn(query)
	coverage := map[int]float64{}
	for _, u := range touched {
		unit := &nx.units[u]
		if unit.total == 0 || !specific[u] || int(count[u]) < min(2, unit.counted) {
			continue
		}
		if unit.field == core.NamedByTitle && unit.counted < 2 {
			// A one-word section title (作业, 助教, Budget) is what
			// sections of many documents are called: a question that
			// uses the word names none of them.
			continue
		}
		if len(unit.numbers) > 0 && len(asked) > 0 && !slices.ContainsFunc(unit.numbers, func(n string) bool { return slices.Contains(asked, n) }) {
			continue
		}
		if c := covered[u] / unit.total; c >= namedCoverage {
			m.units = append(m.units, int(u))
			coverage[int(u)] = c
		}
	}
	// The best name is the one most covered, then the longest: 第三讲
	// 文本预处理 rather than 第三讲 alone; then a file's own name.
	slices.SortFunc(m.units, func(a, b int) int {
		return cmp.Or(cmp.Compare(coverage[b], coverage[a]), cmp.Compare(nx.units[b].total, nx.units[a].total),
			strings.Compare(nx.units[a].text, nx.units[b].text), strings.Compare(string(nx.units[a].field), string(nx.units[b].field)),
			cmp.Compare(a, b))
	})
	named := map[uint32]bool{}
	inMatch := map[int32]bool{}
	for _, u := range m.units {
		for _, f := range nx.units[u].files {
			if !named[f] {
				named[f] = true
				m.files = append(m.files, f)
			}
		}
		for _, t := range nx.units[u].terms {
			inMatch[t] = true
		}
	}
	for _, u := range uses {
		if inMatch[u.term] {
			m.spans = append(m.spans, u.span)
		}
	}
	return m
}

// singleName says a term is a one-character name's only term.
func (nx *nameIndex) singleName(id int32) bool {
	for _, u := range nx.postings[id] {
		if len(nx.units[u].terms) == 1 {
			return true
		}
	}
	return false
}

// withoutNames blanks the spans of text that name a document, so its
// passages are searched for what the question asks of it, not for the
// words that name it, which notes about the document repeat. The text
// is kept whole when little but the name would be left: in 长城有多长 the
// name is also what is asked about.
func withoutNames(text string, spans [][2]int) string {
	if len(spans) == 0 {
		return text
	}
	b := []byte(text)
	for _, s := range spans {
		for i := s[0]; i < s[1]; i++ {
			b[i] = ' '
		}
	}
	rest := string(b)
	strong := 0
	analyze.Scan(rest, func(t *analyze.RawTerm) {
		if t.Kind != analyze.Single && !isDigits(string(t.Text)) && !noNames[string(t.Text)] {
			strong++
		}
	})
	if strong < minQueryLeft {
		return text
	}
	return rest
}

// focus keeps the chunks of the named files that keep keeps; nil when
// the query names none.
func (ix *kbIndex) focus(names nameMatch, keep func(int64) bool) func(int64) bool {
	if len(names.files) == 0 {
		return nil
	}
	named := make([]bool, len(ix.files))
	for _, f := range names.files {
		named[f] = true
	}
	return func(id int64) bool {
		n, ok := ix.fileOf[id]
		return ok && named[n] && (keep == nil || keep(id))
	}
}

// namedFiles are the files a match names, each with the best of its names
// the query covers.
func (ix *kbIndex) namedFiles(m nameMatch) []namedFile {
	var out []namedFile
	seen := map[uint32]bool{}
	for _, u := range m.units {
		unit := &ix.names.units[u]
		for _, f := range unit.files {
			if !seen[f] {
				seen[f] = true
				out = append(out, namedFile{file: ix.files[f], unit: unit})
			}
		}
	}
	return out
}

// maxNamedShown caps the named files a result lists: a folder named may
// hold hundreds, all boosted, but a list that long says nothing more.
const maxNamedShown = 20

// appendNamed adds a knowledge base's named files to a result's, once each.
func appendNamed(list []core.NamedFile, kbID int64, named []namedFile) []core.NamedFile {
	for _, n := range named {
		if len(list) == maxNamedShown {
			break
		}
		path := core.DisplayPath(n.file.Path)
		if slices.ContainsFunc(list, func(f core.NamedFile) bool { return f.KBID == kbID && f.Path == path }) {
			continue
		}
		list = append(list, core.NamedFile{KBID: kbID, Path: path, Field: n.unit.field, Name: n.unit.text})
	}
	return list
}
