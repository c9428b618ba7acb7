package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/search/analyze"
)

// putSections stores a file whose chunks each carry their own headings,
// one chunk per page.
func (f *fixture) putSections(path string, sections ...section) {
	f.t.Helper()
	var chunks []core.ChunkRecord
	var all strings.Builder
	at := 0
	for i, s := range sections {
		n := len([]rune(s.text))
		chunks = append(chunks, core.ChunkRecord{Ordinal: i, Text: s.text, Hash: hashOf(s.text), Page: i + 1,
			Headings: s.headings, Start: at, End: at + n, Tokens: n})
		all.WriteString(s.text)
		at += n
	}
	rec := core.FileRecord{Path: path, Size: int64(at), ModTime: time.Now(), Hash: hashOf(path + all.String()),
		Status: core.FileIndexed, Format: strings.TrimPrefix(filepath.Ext(path), ".")}
	if err := f.st.PutFile(f.ctx, f.kb.ID, rec, chunks); err != nil {
		f.t.Fatal(err)
	}
}

type section struct {
	headings []string
	text     string
}

func under(heading string, texts ...string) []section {
	out := make([]section, len(texts))
	for i, t := range texts {
		out[i] = section{headings: []string{heading}, text: t}
	}
	return out
}

const (
	reportPath     = "/docs/课程/资料/2024年北京市政府工作报告.pdf"
	zhongguancun   = "加快建设中关村世界领先科技园区，推出中关村先行先试改革新举措，支持新型研发机构和概念验证中心建设。"
	handbookPath   = "/docs/hr/Staff_Handbook.md"
	annualPath     = "/docs/finance/annual-report-2023.pdf"
	lectureThree   = "/docs/课程/第三讲/文本预处理.ipynb"
	lectureFour    = "/docs/课程/第四讲/词频统计.ipynb"
	revenuePage    = "Revenue grew by twelve percent to 4.2 billion, led by the cloud business."
	vacationPolicy = "Full-time employees receive twenty-five vacation days per year, plus public holidays."
	exercise       = "练习题：把停用词表换成自己的版本，比较分词结果。"
)

// namedCorpus is a folder like a course's: a long government report, the
// notebooks that analyse it and cite it on every line, and files in
// English with notes that talk about them.
func namedCorpus(f *fixture) {
	var report []string
	for i := range 40 {
		report = append(report, fmt.Sprintf("第%d部分，2024年本市经济社会发展取得新成效，全市地区生产总值增长百分之%d左右，城乡居民收入稳步提高。", i+1, 5+i%3))
	}
	report[22] = zhongguancun
	f.put(reportPath, report...)
	notebook := func(title string, extra ...string) []section {
		return under(title, append([]string{
			"读取北京市2024年政府工作报告的全文，北京市2024年政府工作报告共有四十页。",
			"统计北京市2024年政府工作报告中的高频词，2024年政府工作报告里出现最多的是发展。",
			"以北京市政府工作报告为例，比较2024年与2023年政府工作报告的新词和举措。",
		}, extra...)...)
	}
	f.putSections(lectureThree, notebook("第三讲 文本预处理", exercise)...)
	f.putSections(lectureFour, notebook("第四讲 词频统计", "练习题：参考第三讲的写法，统计第三讲练习题中的分词结果和停用词。")...)
	f.putSections("/docs/课程/第五讲/词云.ipynb", notebook("第五讲 词云")...)
	f.putSections("/docs/课程/README.md", notebook("课程说明")...)

	f.putSections(handbookPath,
		section{[]string{"Staff Handbook", "Leave"}, vacationPolicy},
		section{[]string{"Staff Handbook", "Expenses"}, "Expenses are repaid within thirty days of a claim with receipts."})
	f.putSections("/docs/hr/onboarding-notes.md", under("Onboarding",
		"Read the staff handbook before your first day: the staff handbook explains how many vacation days you get.",
		"Ask your manager about the staff handbook and vacation days if anything is unclear.")...)
	f.put(annualPath, "The annual report covers the year to December.", revenuePage, "Headcount rose to 5,300 people.")
	f.putSections("/docs/finance/board-minutes.md", under("Board minutes",
		"The board discussed the annual report: how much revenue grew in the annual report, and the annual report's tone.",
		"The annual report will be published in March after the revenue figures are audited.")...)
}

// askedEmbed is a toy embedding with one dimension per thing the
// questions below ask about, so a hybrid search has a vector side with
// some meaning.
func askedEmbed(text string) []float32 {
	v := make([]float32, 5)
	for i, word := range []string{"中关村", "revenue", "vacation", "练习题"} {
		if strings.Contains(strings.ToLower(text), strings.ToLower(word)) {
			v[i] = 1
		}
	}
	v[4] = 0.1 // never the zero vector
	return v
}

func TestQuestionsThatNameTheirDocument(t *testing.T) {
	f := newFixture(t)
	namedCorpus(f)
	f.embedAll("asked", askedEmbed)
	e := f.engine(func(ctx context.Context, model string, texts []string) ([][]float32, error) {
		var out [][]float32
		for _, t := range texts {
			out = append(out, askedEmbed(t))
		}
		return out, nil
	})
	tests := []struct {
		name      string
		question  string
		wantTop   string // the text of the first passage
		wantNamed []string
	}{
		{"a government report named with its city and year", "北京市2024年政府工作报告里，中关村有哪些新举措？", zhongguancun, []string{reportPath}},
		{"the report named loosely", "北京的政府工作报告对中关村有什么新举措", zhongguancun, []string{reportPath}},
		{"an English file name in other words", "How much did revenue grow according to the annual report?", revenuePage, []string{annualPath}},
		{"a file name written with an underscore", "How many vacation days does the staff handbook give?", vacationPolicy, []string{handbookPath}},
		{"a folder", "第三讲的练习题", exercise, []string{lectureThree}},
	}
	for _, mode := range []core.RetrievalMode{core.RetrievalKeyword, core.RetrievalHybrid} {
		for _, tt := range tests {
			t.Run(string(mode)+"/"+tt.name, func(t *testing.T) {
				res := f.search(e, core.SearchQuery{Text: tt.question, Mode: mode})
				if res.Mode != mode {
					t.Fatalf("searched in %s mode: %v", res.Mode, res.VectorProblem)
				}
				if len(res.Hits) == 0 || res.Hits[0].Text != tt.wantTop {
					t.Errorf("top = %v, want %q", hitTexts(res), tt.wantTop)
				}
				if got := namedPaths(res); !slices.Equal(got, tt.wantNamed) {
					t.Errorf("named = %v, want %v", got, tt.wantNamed)
				}
			})
		}
	}
}

func hitTexts(res core.SearchResult) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Path+": "+h.Text)
	}
	return out
}

func namedPaths(res core.SearchResult) []string {
	var out []string
	for _, n := range res.NamedFiles {
		out = append(out, n.Path)
	}
	return out
}

// The names a query covers, over files, folders and titles, in Chinese and
// English; words any file may be called by name nothing on their own.
func TestNamesAQueryCovers(t *testing.T) {
	files := []nameSource{
		{path: "/docs/2024年北京市政府工作报告.pdf"},
		{path: "/docs/finance/annual-report-2023.pdf"},
		{path: "/docs/hr/Staff_Handbook.md"},
		{path: "/docs/hr/TravelPolicy.docx"},
		{path: "/docs/课程/第三讲-数据清洗.ipynb"},
		{path: "/docs/课程/第十三讲-模型评估.ipynb"},
		{path: "/docs/第五讲/练习.ipynb"},
		{path: "/docs/nb/01.ipynb", titles: []string{"Linear Regression"}},
		{path: "/docs/地铁/上海轨道交通18号线.md"},
		{path: "/docs/papers/a.pdf", titles: []string{"Introduction", "引言"}},
		{path: "/docs/papers/b.pdf", titles: []string{"Introduction", "引言"}},
		{path: "/docs/地铁/上海轨道交通17号线.md"},
		{path: "/docs/notes.md"},
		{path: "/docs/报告.docx"},
		{path: "/docs/熊猫.txt"},
		{path: "/docs/课程安排与成绩.xlsx", titles: []string{"教学日历", "作业", "助教"}},
		{path: "/docs/plan.md", titles: []string{"Budget"}},
		{path: "/docs/old/gone.md", titles: []string{"Removed"}},
	}
	for i := range files {
		files[i].live = files[i].path != "/docs/old/gone.md"
	}
	nx := buildNames(files, []string{"/docs"})
	tests := []struct {
		query string
		want  []string // the names matched
	}{
		{"北京市2024年政府工作报告里，中关村有哪些新举措", []string{"2024年北京市政府工作报告"}},
		{"北京的政府工作报告", []string{"2024年北京市政府工作报告"}},
		{"北京的政府工作報告", []string{"2024年北京市政府工作报告"}}, // Traditional
		{"What does the annual report say about revenue", []string{"annual-report-2023"}},
		{"in the staff handbook", []string{"Staff_Handbook"}},
		{"our travel policy on trains", []string{"TravelPolicy"}},
		{"第三讲讲了什么", []string{"第三讲"}},
		{"第五讲的练习", []string{"第五讲"}},
		{"the linear regression notebook", []string{"Linear Regression"}},
		{"熊猫吃什么", []string{"熊猫"}},
		{"上海轨道交通18号线的起点", []string{"上海轨道交通18号线"}},
		{"the 2023 annual report", []string{"annual-report-2023"}},
		// Generic words, half a name, or a file no longer there name nothing.
		{"这份报告的结论是什么", nil},
		{"what does the report say", nil},
		{"文件里有什么", nil},
		{"annual revenue", nil},
		{"my notes", nil},
		{"北京的天气", nil},
		{"removed", nil},
		{"what does the introduction say", nil},
		{"引言里讲了什么", nil},
		// A one-word section title is no document's name; a file name is.
		{"作业查重相似度超过多少要面谈", nil},
		{"how big is the budget", nil},
		{"教学日历里第五周讲什么", []string{"教学日历"}},
		// Another number means another document.
		{"上海轨道交通16号线的起点", nil},
		{"上海轨道交通17号线的起点", []string{"上海轨道交通17号线"}},
		{"the 2024 annual report", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			m := nx.match(analyze.QueryText(tt.query))
			var got []string
			for _, u := range m.units {
				if !slices.Contains(got, nx.units[u].text) {
					got = append(got, nx.units[u].text)
				}
			}
			if len(got) > 0 && len(tt.want) > 0 {
				got = got[:1] // the best
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("named %v, want %v", got, tt.want)
			}
		})
	}
}

// What a query names is focused on, never the only thing found; and a
// question naming nothing is left as it was.
func TestNamingFocusesWithoutFiltering(t *testing.T) {
	f := newFixture(t)
	namedCorpus(f)
	e := f.engine(nil)
	tests := []struct {
		name      string
		question  string
		wantNamed bool
		wantAlso  string // a file that does not match the name and must still be found
	}{
		{"other files follow the named one", "How much did revenue grow according to the annual report?", true, "/docs/finance/board-minutes.md"},
		{"a generic word names nothing", "报告里的新举措", false, lectureThree},
		{"a generic English word names nothing", "What does the report say about revenue?", false, "/docs/finance/board-minutes.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.search(e, core.SearchQuery{Text: tt.question, Mode: core.RetrievalKeyword})
			if got := len(res.NamedFiles) > 0; got != tt.wantNamed {
				t.Errorf("named %v, want some: %v", res.NamedFiles, tt.wantNamed)
			}
			if !slices.Contains(paths(res), tt.wantAlso) {
				t.Errorf("hits %v, want %s among them", paths(res), tt.wantAlso)
			}
		})
	}
}

// Titles and folders survive a snapshot, and a file's new name or removal
// is what the next query sees.
func TestNamesFollowSnapshotsAndChanges(t *testing.T) {
	f := newFixture(t)
	namedCorpus(f)
	first := f.engine(nil)
	q := core.SearchQuery{Text: "第三讲 文本预处理里的练习题", Mode: core.RetrievalKeyword}
	want := []core.NamedFile{{KBID: f.kb.ID, Path: lectureThree, Field: core.NamedByTitle, Name: "第三讲 文本预处理"}}
	if got := f.search(first, q).NamedFiles; !slices.Equal(got, want) {
		t.Fatalf("named %+v, want %+v", got, want)
	}
	first.Wait()
	second := f.engine(nil)
	if res := f.search(second, q); !slices.Equal(res.NamedFiles, want) || len(res.Notices) != 0 {
		t.Fatalf("from the snapshot: named %+v, notices %+v", res.NamedFiles, res.Notices)
	}
	if err := f.st.MoveFile(f.ctx, f.kb.ID, handbookPath, "/docs/hr/Employee Guide.md", time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := f.st.RemoveFiles(f.ctx, f.kb.ID, []string{annualPath}); err != nil {
		t.Fatal(err)
	}
	f.search(second, q)
	second.Wait()
	for question, want := range map[string][]string{
		"vacation days in the employee guide": {"/docs/hr/Employee Guide.md"},
		"vacation days in the staff handbook": {"/docs/hr/Employee Guide.md"}, // still its title
		"revenue in the annual report":        nil,
	} {
		if got := namedPaths(f.search(second, core.SearchQuery{Text: question, Mode: core.RetrievalKeyword})); !slices.Equal(got, want) {
			t.Errorf("%s: named %v, want %v", question, got, want)
		}
	}
}

// A snapshot written by an older version is rebuilt without calling it
// damaged: it is only older than the app.
func TestOlderSnapshotIsRebuiltQuietly(t *testing.T) {
	f := newFixture(t)
	namedCorpus(f)
	snap := filepath.Join(f.dir, "index", "kb-1.idx")
	if err := os.MkdirAll(filepath.Dir(snap), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(snap, []byte("ZKIX0002"+strings.Repeat("\x00", 64)), 0o600); err != nil {
		t.Fatal(err)
	}
	res := f.search(f.engine(nil), core.SearchQuery{Text: "in the staff handbook", Mode: core.RetrievalKeyword})
	if len(res.Notices) != 0 || !slices.Equal(namedPaths(res), []string{handbookPath}) {
		t.Fatalf("notices %+v, named %v", res.Notices, namedPaths(res))
	}
}
