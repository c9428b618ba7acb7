package service

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
)

type recordingOpener struct{ opened, revealed []string }

func (o *recordingOpener) Open(path string, page int) error {
	o.opened = append(o.opened, path)
	return nil
}

func (o *recordingOpener) Reveal(path string) error {
	o.revealed = append(o.revealed, path)
	return nil
}

func TestSearchFindsIndexedFilesAndOpensOnlyThose(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	b, err := open(t, t.TempDir(), &events{})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recordingOpener{}
	b.Search.opener = rec
	ctx := context.Background()
	root := folder(t, "旅行", map[string]string{"西安.md": "# 西安\n\n兵马俑位于西安市临潼区，是秦始皇陵的陪葬坑。", "杭州.txt": "西湖在杭州。"})
	kb, err := b.Library.CreateFromDrop(ctx, []string{root})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, b.Library, kb.ID)

	res, err := b.Search.Query(ctx, core.SearchQuery{Text: "兵马俑在哪里"})
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(root, "西安.md")
	if len(res.Hits) == 0 || res.Hits[0].Path != want || res.Mode != core.RetrievalKeyword || !core.ErrNoVectors.Is(res.VectorProblem) {
		t.Fatalf("Query = %+v", res)
	}
	if err := b.Search.OpenFile(ctx, want, 1); err != nil || len(rec.opened) != 1 {
		t.Fatalf("OpenFile = %v, opened %v", err, rec.opened)
	}
	if err := b.Search.RevealFile(ctx, want); err != nil || len(rec.revealed) != 1 {
		t.Fatalf("RevealFile = %v, revealed %v", err, rec.revealed)
	}
	for _, path := range []string{"/etc/passwd", root, "relative.md"} {
		if err := b.Search.OpenFile(ctx, path, 0); !core.ErrPathNotInLibrary.Is(err) {
			t.Errorf("OpenFile(%s) = %v, want a refusal", path, err)
		}
	}
	if len(rec.opened) != 1 {
		t.Fatalf("opened %v", rec.opened)
	}

	if err := b.Library.Delete(ctx, kb.ID); err != nil {
		t.Fatal(err)
	}
	if res, err := b.Search.Query(ctx, core.SearchQuery{Text: "兵马俑"}); err != nil || len(res.Hits) != 0 {
		t.Fatalf("after deleting the knowledge base: %+v, %v", res, err)
	}
}

// A file of a knowledge base that can run as a program (by its type, or
// by its executable bit) is never handed to the system to open, which
// would run it; it says why, and the file can still be shown in its
// folder.
func TestOpenFileNeverLaunchesWhatCanRun(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	b, err := open(t, t.TempDir(), &events{})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recordingOpener{}
	b.Search.opener = rec
	ctx := context.Background()
	root := folder(t, "downloads", map[string]string{
		"run.bat": "echo zebracorn", "x.JS": "// zebracorn", "tool.sh": "echo zebracorn", "setup.py": "# zebracorn",
		"marked.txt": "zebracorn", "notes.md": "# zebracorn",
	})
	if err := os.Chmod(filepath.Join(root, "marked.txt"), 0o755); err != nil {
		t.Fatal(err)
	}
	kb, err := b.Library.CreateFromDrop(ctx, []string{root})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, b.Library, kb.ID)

	tests := []struct {
		file     string
		runnable bool
	}{
		{"run.bat", true},
		{"x.JS", true},
		{"tool.sh", true},
		{"setup.py", true},
		{"marked.txt", runtime.GOOS != "windows"}, // only Unix has an executable bit
		{"notes.md", false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(root, tt.file)
			*rec = recordingOpener{}
			err := b.Search.OpenFile(ctx, path, 0)
			if tt.runnable {
				problem := core.AsProblem(err)
				if !core.ErrOpenExecutable.Is(err) || problem.In(core.LocaleChinese) == problem.In(core.LocaleEnglish) {
					t.Errorf("OpenFile(%s) = %v, want it refused as a file that can run, in both languages", tt.file, err)
				}
				if len(rec.opened) > 0 {
					t.Errorf("OpenFile(%s) handed it to the system to open", tt.file)
				}
			} else if err != nil || len(rec.opened) != 1 {
				t.Errorf("OpenFile(%s) = %v, opened %v", tt.file, err, rec.opened)
			}
			if err := b.Search.RevealFile(ctx, path); err != nil || len(rec.revealed) != 1 {
				t.Errorf("RevealFile(%s) = %v, revealed %v", tt.file, err, rec.revealed)
			}
		})
	}
}

// A result whose file was moved or deleted since it was indexed says so,
// rather than handing the system a path that opens nothing.
func TestOpenFileSaysAFileIsGone(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	b, err := open(t, t.TempDir(), &events{})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recordingOpener{}
	b.Search.opener = rec
	ctx := context.Background()
	root := folder(t, "报告", map[string]string{"报告.md": "# 报告\n\n第七页的内容。", "留下.md": "# 留下\n\n还在这里。"})
	kb, err := b.Library.CreateFromDrop(ctx, []string{root})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, b.Library, kb.ID)
	gone := filepath.Join(root, "报告.md")
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want *core.ProblemKind
	}{
		{gone, &core.ErrFileGone},
		{filepath.Join(root, "留下.md"), nil},
	}
	for _, tt := range tests {
		*rec = recordingOpener{}
		err := b.Search.OpenFile(ctx, tt.path, 7)
		if tt.want == nil {
			if err != nil || len(rec.opened) != 1 {
				t.Errorf("OpenFile(%s) = %v, opened %v", tt.path, err, rec.opened)
			}
			continue
		}
		problem := core.AsProblem(err)
		if !tt.want.Is(err) || problem.In(core.LocaleChinese) == problem.In(core.LocaleEnglish) || len(rec.opened) > 0 {
			t.Errorf("OpenFile(%s) = %v, opened %v; want %s in both languages, nothing opened", tt.path, err, rec.opened, tt.want.Code)
		}
	}
}

// A knowledge base with reranking on has the chosen reranker, through
// Ollama's /api/generate, order its passages and put its scores on them.
func TestSearchRerankedThroughOllama(t *testing.T) {
	fake := llmtest.New(t, "0.17.4", "qwen3-reranker:0.6b")
	fake.ScriptLogprobs(func(prompt string) []llmtest.Alternative {
		yes := 0.1
		if strings.Contains(prompt, "城墙") {
			yes = 0.9
		}
		return []llmtest.Alternative{{Token: "yes", Logprob: math.Log(yes)}, {Token: "no", Logprob: math.Log(1 - yes)}}
	})
	t.Setenv("OLLAMA_HOST", fake.BaseURL().String())
	b, err := open(t, t.TempDir(), &events{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	root := folder(t, "旅行", map[string]string{"西安.md": "西湖不在西安，西安有城墙。", "杭州.txt": "西湖在杭州。"})
	kb, err := b.Library.CreateFromDrop(ctx, []string{root})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, b.Library, kb.ID)
	query := core.SearchQuery{Text: "西湖", Mode: core.RetrievalKeyword}
	before, err := b.Search.Query(ctx, query)
	if err != nil || len(before.Hits) != 2 || filepath.Base(before.Hits[0].Path) != "杭州.txt" || before.RerankModel != "" || len(fake.Generated()) != 0 {
		t.Fatalf("with reranking off: %+v, %v; %d generate requests", before, err, len(fake.Generated()))
	}

	if _, err := b.Settings.Update(ctx, core.Settings{RerankModel: "qwen3-reranker:0.6b"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Library.Configure(ctx, kb.ID, core.KBSettings{Chunking: kb.Chunking, Rerank: true}); err != nil {
		t.Fatal(err)
	}
	waitDone(t, b.Library, kb.ID)
	res, err := b.Search.Query(ctx, query)
	if err != nil || res.RerankModel != "qwen3-reranker:0.6b" || res.RerankProblem != nil || len(res.Hits) != 2 {
		t.Fatalf("with reranking on: %+v, %v", res, err)
	}
	if top := res.Hits[0]; filepath.Base(top.Path) != "西安.md" || top.RerankScore == nil || math.Abs(*top.RerankScore-0.9) > 1e-6 {
		t.Errorf("first hit %s with score %v, want 西安.md at 0.9", top.Path, top.RerankScore)
	}
	reqs := fake.Generated()
	if len(reqs) != 2 || reqs[0].Model != "qwen3-reranker:0.6b" || !reqs[0].Raw || !reqs[0].Logprobs || !strings.Contains(reqs[0].Prompt, "<Query>: 西湖\n") {
		t.Errorf("generate requests = %+v", reqs)
	}
}
