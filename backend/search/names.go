package search

import (
	"cmp"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/search/analyze"
)

// People name the document they mean: "北京的政府工作报告里", "in the
// staff handbook", "第三讲". A name index holds what a knowledge base's
// files are called (their names without extension, the folders they are
// in below the knowledge base's source, their titles) as terms of the
// keyword analysis, inverted, so a query finds the names it covers by
// looking up its own terms, however many files there are.

// nameUnit is one name: a file's name, a folder's, a title, or a run of
// Chinese within one of them (第三讲 of 第三讲-文本预处理), with the files
// it names.
type nameUnit struct {
	field   core.NameField
	text    string
	files   []uint32
	terms   []int32 // distinct, by id in nameIndex.terms
	total   float64 // the sum of its terms' weights
	counted int     // how many of its terms carry weight
	// numbers are the numbers in the name: not needed to name it (the
	// annual report is annual-report-2023), but another number in the
	// query (16号线 for 18号线) says it means another document.
	numbers []string
}

type nameIndex struct {
	terms    map[string]int32
	postings [][]int32 // units holding each term
	weights  []float64 // each term's weight: how much it tells names apart
	units    []nameUnit
}

const (
	// namedCoverage is the share of a name's weight a query must cover.
	namedCoverage = 0.6
	// genericWeight scales words that name no document in particular.
	genericWeight = 0.2
	// maxTitles is how many distinct top headings of a file are names.
	maxTitles = 4
	// minRunPairs is the shortest run of Chinese, in character pairs,
	// that names a file by itself within a longer name.
	minRunPairs = 2
	// minQueryLeft is how many pairs or words a query must keep for the
	// words naming a document to be left out of it.
	minQueryLeft = 2
)

// genericNames are words every other file, folder or section is called
// by: on their own they name nothing. noNames never count at all.
var (
	genericNames = wordSet(`报告 文件 文档 资料 笔记 讲义 课件 总结 材料 附件 说明 介绍 版本 最终 草稿 副本 新建 汇总 记录 目录 全文 数据 表格 演示
		引言 前言 摘要 概述 附录 参考 文献 结论 背景 方法 结果 讨论
		report file document doc docs note draft final copy new untitled readme index main slide presentation data sheet
		version summary chapter part section page introduction overview contents appendix references abstract
		conclusion background method result discussion`)
	noNames = wordSet(`the a an of and or in on for to with by at from is are this that my our your its`)
)

func wordSet(words string) map[string]bool {
	set := map[string]bool{}
	analyze.Scan(words, func(t *analyze.RawTerm) {
		if t.Kind != analyze.Single {
			set[string(t.Text)] = true
		}
	})
	return set
}

// nameSource is what the name index is built from, per file number.
type nameSource struct {
	path   string
	live   bool
	titles []string
}

func (a nameSource) equal(b nameSource) bool {
	return a.path == b.path && a.live == b.live && slices.Equal(a.titles, b.titles)
}

// buildNames indexes the names of files, their folders below the first of
// roots holding them (the immediate folder when none does), and titles.
func buildNames(files []nameSource, roots []string) *nameIndex {
	nx := &nameIndex{terms: map[string]int32{}}
	// A folder or title many files share is analysed once.
	byName := map[string][]int{}
	addName := func(field core.NameField, text string, file uint32) {
		key := string(field) + "\x00" + text
		units, seen := byName[key]
		if !seen {
			// A run of Chinese names a file as the whole name does,
			// numbers included: 上海轨道交通 of 上海轨道交通18号线 is
			// not line 16.
			numbers := numbersIn(text)
			for i, part := range append([]string{text}, hanRuns(text)...) {
				terms := nx.nameTerms(part)
				if len(terms) == 0 || (i > 0 && part == text) {
					continue
				}
				for _, t := range terms {
					nx.postings[t] = append(nx.postings[t], int32(len(nx.units)))
				}
				units = append(units, len(nx.units))
				nx.units = append(nx.units, nameUnit{field: field, text: part, terms: terms, numbers: numbers})
			}
			byName[key] = units
		}
		for _, i := range units {
			if u := &nx.units[i]; len(u.files) == 0 || u.files[len(u.files)-1] != file {
				u.files = append(u.files, file)
			}
		}
	}
	for n, f := range files {
		if !f.live {
			continue
		}
		shown := core.DisplayPath(f.path)
		stem := strings.TrimSuffix(filepath.Base(shown), filepath.Ext(shown))
		addName(core.NamedByFileName, stem, uint32(n))
		for _, folder := range foldersBelow(shown, roots) {
			addName(core.NamedByFolder, folder, uint32(n))
		}
		for _, title := range f.titles {
			addName(core.NamedByTitle, title, uint32(n))
		}
	}
	nx.weights = make([]float64, len(nx.postings))
	units := float64(len(nx.units))
	for t := range nx.terms {
		id := nx.terms[t]
		w := math.Log(1 + units/float64(len(nx.postings[id])))
		switch {
		case noNames[t] || isDigits(t):
			w = 0
		case genericNames[t]:
			w *= genericWeight
		}
		nx.weights[id] = w
	}
	for i := range nx.units {
		u := &nx.units[i]
		for _, t := range u.terms {
			u.total += nx.weights[t]
			if nx.weights[t] > 0 {
				u.counted++
			}
		}
	}
	return nx
}

// nameTerms are a name's distinct character pairs and words, with
// separators and case changes read as spaces: Staff_Handbook is "staff
// handbook". A name of one Chinese character is that character.
func (nx *nameIndex) nameTerms(name string) []int32 {
	var ids []int32
	var single []byte
	analyze.Scan(spaceName(name), func(t *analyze.RawTerm) {
		if t.Kind == analyze.Single {
			if single == nil {
				single = slices.Clone(t.Text)
			}
			return
		}
		ids = append(ids, nx.termID(t.Text))
	})
	if len(ids) == 0 && single != nil && utf8.RuneCount([]byte(spaceName(name))) == 1 {
		ids = append(ids, nx.termID(single))
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

func (nx *nameIndex) termID(text []byte) int32 {
	id, ok := nx.terms[string(text)]
	if !ok {
		id = int32(len(nx.postings))
		nx.terms[string(text)] = id
		nx.postings = append(nx.postings, nil)
	}
	return id
}

// spaceName turns a file name's separators and camel-case humps into
// spaces.
func spaceName(name string) string {
	var b strings.Builder
	prev := rune(0)
	for _, r := range strings.TrimSpace(name) {
		switch {
		case r == '_' || r == '-' || r == '.' || r == '+' || r == '~':
			r = ' '
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// headingField is what a chunk's heading field holds: its file's name,
// unless that is only a number, and its headings.
func headingField(path string, headings []string) string {
	shown := core.DisplayPath(path)
	stem := spaceName(strings.TrimSuffix(filepath.Base(shown), filepath.Ext(shown)))
	if strings.Trim(stem, "0123456789 ") == "" {
		stem = ""
	}
	return strings.Join(append([]string{stem}, headings...), "\n")
}

// hanRuns are the runs of Chinese in a name long enough to name a file
// by themselves.
func hanRuns(name string) []string {
	var runs []string
	run := 0
	flush := func(end int) {
		if n := utf8.RuneCountInString(name[run:end]); n >= minRunPairs+1 {
			runs = append(runs, name[run:end])
		}
	}
	inRun := false
	for i, r := range name {
		han := unicode.Is(unicode.Han, r)
		switch {
		case han && !inRun:
			run, inRun = i, true
		case !han && inRun:
			flush(i)
			inRun = false
		}
	}
	if inRun {
		flush(len(name))
	}
	return runs
}

// foldersBelow are the names of the folders holding path below the first
// root that holds it; the immediate folder when no root does.
func foldersBelow(path string, roots []string) []string {
	dir := filepath.Dir(path)
	for _, root := range roots {
		root = filepath.Clean(core.DisplayPath(root))
		if rel, err := filepath.Rel(root, dir); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			if rel == "." {
				return nil
			}
			return strings.Split(rel, string(filepath.Separator))
		}
	}
	if base := filepath.Base(dir); base != "." && base != string(filepath.Separator) {
		return []string{base}
	}
	return nil
}

// numbersIn lists the numbers written in text.
func numbersIn(text string) []string {
	var out []string
	analyze.Scan(spaceName(text), func(t *analyze.RawTerm) {
		if t.Kind == analyze.Word && isDigits(string(t.Text)) && !slices.Contains(out, string(t.Text)) {
			out = append(out, string(t.Text))
		}
	})
	return out
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

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
