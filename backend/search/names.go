package search

import (
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
