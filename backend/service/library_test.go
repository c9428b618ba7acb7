package service

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

func folder(t *testing.T, name string, files map[string]string) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), name)
	for rel, content := range files {
		p := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func waitDone(t *testing.T, l *Library, id int64) core.IndexProgress {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	p, err := l.Wait(ctx, id)
	if err != nil {
		t.Fatalf("Wait: %v", err)
	}
	return p
}

func TestLibraryCreateIndexesAndTellsTheUI(t *testing.T) {
	ev := &events{}
	b, err := open(t, t.TempDir(), ev)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	root := folder(t, "论文", map[string]string{"a.md": "# 题目\n\n" + strings.Repeat("正文。", 50), "b.txt": "notes"})
	kb, err := b.Library.CreateFromDrop(ctx, []string{root})
	if err != nil || kb.Name != "论文" {
		t.Fatalf("CreateFromDrop = %+v, %v", kb, err)
	}
	if p := waitDone(t, b.Library, kb.ID); p.Phase != core.PhaseDone || p.FilesTotal != 2 {
		t.Fatalf("sync ended %+v", p)
	}
	kbs, _ := b.Library.List(ctx)
	if len(kbs) != 1 || kbs[0].Stats.Indexed != 2 || kbs[0].Stats.Chunks < 2 {
		t.Fatalf("List = %+v", kbs)
	}
	if last, _ := ev.latest(core.EventIndexProgress).(core.IndexProgress); last.Phase != core.PhaseDone {
		t.Errorf("last index:progress = %+v", last)
	}
	// A window opened now reads where the sync stands, with its counts;
	// the files it reads from the list, not from a stale report.
	if ps, _ := b.Library.Progress(ctx); len(ps) != 1 || ps[0].Files != nil || ps[0].Stats == nil || ps[0].Stats.Indexed != 2 {
		t.Errorf("Progress = %+v, want the counts without the last report's files", ps)
	}
	if listed, _ := ev.latest(core.EventLibraryChanged).([]core.KnowledgeBase); len(listed) != 1 || listed[0].Stats.Indexed != 2 {
		t.Errorf("last library:changed = %+v, want the indexed knowledge base", listed)
	}

	// A second drop of a folder with the same name gets a free name.
	again, err := b.Library.CreateFromDrop(ctx, []string{folder(t, "论文", map[string]string{"c.md": "x"})})
	if err != nil || again.Name != "论文 (2)" {
		t.Fatalf("second drop = %+v, %v", again, err)
	}
	waitDone(t, b.Library, again.ID)
	if err := b.Library.Delete(ctx, again.ID); err != nil {
		t.Fatal(err)
	}
	if files, _ := b.Library.Files(ctx, kb.ID); len(files) != 2 {
		t.Fatalf("the other knowledge base lost files: %+v", files)
	}
}

func TestLibraryRefusesBadInput(t *testing.T) {
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	root := folder(t, "ok", map[string]string{"a.md": "x"})
	tests := []struct {
		name string
		req  core.NewKnowledgeBase
		want core.ProblemKind
	}{
		{"blank name", core.NewKnowledgeBase{Name: "  ", Sources: []string{root}}, core.ErrNameEmpty},
		{"long name", core.NewKnowledgeBase{Name: strings.Repeat("名", core.MaxNameLength+1), Sources: []string{root}}, core.ErrNameTooLong},
		{"missing folder", core.NewKnowledgeBase{Name: "x", Sources: []string{"/no/such/folder"}}, core.ErrSourceMissing},
		{"no sources", core.NewKnowledgeBase{Name: "x"}, core.ErrBadRequest},
	}
	for _, tt := range tests {
		if _, err := b.Library.Create(ctx, tt.req); !tt.want.Is(err) {
			t.Errorf("%s: Create = %v, want %s", tt.name, err, tt.want.Code)
		}
	}
	if kbs, _ := b.Library.List(ctx); len(kbs) != 0 {
		t.Fatalf("refused requests left %d knowledge bases", len(kbs))
	}
	if _, err := b.Library.Rename(ctx, 999, "x"); !core.ErrKBNotFound.Is(err) {
		t.Errorf("Rename of a missing knowledge base = %v", err)
	}
}

func TestLibraryNeedsTheStore(t *testing.T) {
	dir := t.TempDir()
	if _, err := open(t, dir, nil); err != nil {
		t.Fatal(err)
	}
	blocked, _ := open(t, dir, nil)
	if _, err := blocked.Library.List(context.Background()); !core.ErrNotReady.Is(err) {
		t.Fatalf("List on a blocked backend = %v", err)
	}
}

func TestConfigureRechunksAndFilters(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9") // vectors are not what this tests
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	root := folder(t, "kb", map[string]string{
		"a.md":      strings.Repeat("第一个文件的一句话。", 100),
		"notes.txt": "plain notes",
	})
	kb, _ := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "kb", Sources: []string{root}})
	waitDone(t, b.Library, kb.ID)
	before, _ := b.Library.List(ctx)

	bad := []core.ChunkSettings{{MaxTokens: 10}, {MaxTokens: 5000}, {MaxTokens: 100, OverlapTokens: 60}, {MaxTokens: 100, OverlapTokens: -1}}
	for _, c := range bad {
		if _, err := b.Library.Configure(ctx, kb.ID, core.KBSettings{Chunking: c}); !core.ErrChunkSettings.Is(err) {
			t.Errorf("Configure(%+v) = %v, want chunk-settings problem", c, err)
		}
	}

	if kb.Rerank {
		t.Fatal("a new knowledge base reranks; want it off until turned on")
	}
	cfg := core.KBSettings{Chunking: core.ChunkSettings{MaxTokens: 60, OverlapTokens: 10}, Exclude: []string{"*.txt", "  "}, EmbedModel: " bge-m3 ", Rerank: true}
	got, err := b.Library.Configure(ctx, kb.ID, cfg)
	if err != nil || got.EmbedModel != "bge-m3" || len(got.Exclude) != 1 || !got.Rerank {
		t.Fatalf("Configure = %+v, %v", got, err)
	}
	p := waitDone(t, b.Library, kb.ID)
	after, _ := b.Library.List(ctx)
	if p.Changed != 1 || p.Removed != 1 || after[0].Stats.Files != 1 || after[0].Stats.Chunks <= before[0].Stats.Chunks {
		t.Fatalf("after configuring: progress %+v, stats %+v (before %+v); want a.md re-cut into more chunks and notes.txt excluded",
			p, after[0].Stats, before[0].Stats)
	}
}

func TestPauseHoldsSyncsUntilResumed(t *testing.T) {
	dir := t.TempDir()
	ev := &events{}
	b, err := open(t, dir, ev)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	root := folder(t, "笔记", map[string]string{"a.md": "第一篇。"})
	kb, err := b.Library.CreateFromDrop(ctx, []string{root})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, b.Library, kb.ID)

	if err := b.Library.Pause(ctx, kb.ID); err != nil {
		t.Fatal(err)
	}
	if p, _ := ev.latest(core.EventIndexProgress).(core.IndexProgress); p.Phase != core.PhasePaused {
		t.Fatalf("after Pause the UI heard %+v", p)
	}
	os.WriteFile(filepath.Join(root, "b.md"), []byte("第二篇。"), 0o644)
	b.Library.SyncAll(ctx) // what start-up, the watch and Ollama's return do
	waitDone(t, b.Library, kb.ID)
	if kbs, _ := b.Library.List(ctx); !kbs[0].Paused || kbs[0].Stats.Files != 1 {
		t.Fatalf("a paused knowledge base synced on its own: %+v", kbs[0])
	}
	b.Close()

	b, err = open(t, dir, ev)
	if err != nil {
		t.Fatal(err)
	}
	if kbs, _ := b.Library.List(ctx); !kbs[0].Paused {
		t.Fatal("the pause did not survive a restart")
	}
	if err := b.Library.Resume(ctx, kb.ID); err != nil {
		t.Fatal(err)
	}
	waitDone(t, b.Library, kb.ID)
	if kbs, _ := b.Library.List(ctx); kbs[0].Paused || kbs[0].Stats.Files != 2 {
		t.Fatalf("after Resume: %+v", kbs[0])
	}
	if err := b.Library.Pause(ctx, 999); !core.ErrKBNotFound.Is(err) {
		t.Fatalf("Pause of an unknown knowledge base = %v", err)
	}
}
