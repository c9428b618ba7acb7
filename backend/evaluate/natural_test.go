package evaluate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store/storetest"
)

// naturalSetDir is the natural-question set shipped with the tests.
var naturalSetDir = filepath.Join("testdata", "natural")

func TestLoadNaturalRefusesBrokenSets(t *testing.T) {
	tests := []struct {
		name, questions, want string
	}{
		{"fine", `{"id":"a","question":"长城东起哪里？","file":"长城.md","page":0}`, ""},
		{"unknown file", `{"id":"a","question":"长城东起哪里？","file":"故宫.md","page":0}`, "故宫.md"},
		{"no question", `{"id":"a","file":"长城.md"}`, "needs an id"},
		{"id twice", `{"id":"a","question":"一","file":"长城.md"}` + "\n" + `{"id":"a","question":"二","file":"长城.md"}`, "used twice"},
		{"not JSON", `{"id":`, "line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeSetFile(t, dir, "docs/长城.md", "# 长城\n长城东起山海关。\n")
			writeSetFile(t, dir, "questions.jsonl", tt.questions)
			set, err := LoadNatural(dir)
			if tt.want == "" {
				if err != nil || len(set.Questions) != 1 || !IsNaturalSet(dir) {
					t.Fatalf("LoadNatural = %+v, %v", set, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("LoadNatural error = %v, want one naming %q", err, tt.want)
			}
		})
	}
}

func writeSetFile(t *testing.T, dir, name, content string) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestNaturalScoresFilesAndPages runs a small set of its own through every
// retriever: a question answered on the right page counts at page@5, one
// whose file comes second counts at file@5 but not file@1, and one that
// names nothing the documents hold is a miss in every column.
func TestNaturalScoresFilesAndPages(t *testing.T) {
	dir := t.TempDir()
	writeSetFile(t, dir, "docs/长城.md", "# 长城\n长城东起山海关，西至嘉峪关。\n")
	writeSetFile(t, dir, "docs/故宫/故宫.md", "# 故宫\n故宫位于北京，是明清两代的皇家宫殿。\n")
	writeSetFile(t, dir, "docs/notes.md", "# Notes\nThe Great Wall is long; 山海关 is where it begins.\n")
	writeSetFile(t, dir, "questions.jsonl", strings.Join([]string{
		`{"id":"wall","question":"长城东起哪里？","file":"长城.md","page":0}`,
		`{"id":"palace","question":"故宫是哪两个朝代的宫殿？","file":"故宫/故宫.md","page":0}`,
		`{"id":"second","question":"Great Wall 山海关","file":"长城.md","page":0}`,
		`{"id":"none","question":"量子计算机","file":"notes.md","page":0}`,
	}, "\n"))
	set, err := LoadNatural(dir)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := RunNatural(context.Background(), storetest.Open(t, ""), set, Options{EmbedModel: "toy", Embed: letterEmbed})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files != 3 || rep.Questions != 4 || rep.Chunks < 3 || len(rep.Scores) != 3 || rep.Scores[2].Mode != string(core.RetrievalHybrid) {
		t.Fatalf("report = %+v", rep)
	}
	for _, s := range append(rep.Scores[:1], rep.Baseline) {
		if s.FileAt5 != 0.75 || s.PageAt5 != 0.75 || s.FileAt1 != 0.5 || s.MRR != 0.625 {
			t.Errorf("%s: %+v, want file@1 0.5, file@5 and page@5 0.75, MRR 0.625", s.Mode, s)
		}
		if len(s.Misses) != 1 || s.Misses[0].ID != "none" || s.Misses[0].Rank != 0 {
			t.Errorf("%s misses = %+v", s.Mode, s.Misses)
		}
	}
}

// TestNaturalQuestionsKeywordTargets holds keyword search to what it
// reaches on the natural-question set: the documents are indexed as a
// person's folder is, the questions asked as people ask them.
func TestNaturalQuestionsKeywordTargets(t *testing.T) {
	if raceDetector {
		t.Skip("run without the race detector by make test-go")
	}
	rep, err := RunNaturalDir(context.Background(), naturalSetDir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	kw := rep.Scores[0]
	t.Logf("%d files, %d chunks, %d questions; keyword file@1 %.3f file@5 %.3f page@5 %.3f MRR %.3f; bigram BM25 file@5 %.3f page@5 %.3f",
		rep.Files, rep.Chunks, rep.Questions, kw.FileAt1, kw.FileAt5, kw.PageAt5, kw.MRR, rep.Baseline.FileAt5, rep.Baseline.PageAt5)
	for _, m := range kw.Misses {
		t.Logf("missed %s %s: want %v, rank %d, first %v", m.ID, m.Question, m.Want, m.Rank, m.Top)
	}
	if rep.Questions < 100 || rep.Files < 10 {
		t.Fatalf("the set has %d questions over %d files: want at least 100 over 10", rep.Questions, rep.Files)
	}
	if kw.FileAt5 < 0.98 || kw.PageAt5 < 0.95 {
		t.Fatalf("keyword file@5 %.3f, page@5 %.3f: below 0.98 / 0.95", kw.FileAt5, kw.PageAt5)
	}
}
