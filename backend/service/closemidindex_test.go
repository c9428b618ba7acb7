package service

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Closing the window while a folder indexes stops the indexing at a
// safe point, soon: the database is sound afterwards, what was indexed
// is kept, and the next start finishes the rest.
func TestClosingMidIndexingKeepsTheDataSound(t *testing.T) {
	files := map[string]string{}
	for i := range 400 {
		files[fmt.Sprintf("笔记-%03d.md", i)] = fmt.Sprintf("# 第 %d 篇\n\n%s", i, strings.Repeat("兵马俑位于西安市临潼区。", 40))
	}
	root := folder(t, "笔记", files)
	dir := t.TempDir()
	b, err := open(t, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	kb, err := b.Library.CreateFromDrop(ctx, []string{root})
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(5 * time.Millisecond) {
		if p := progressOf(b, kb.ID); p.Phase == core.PhaseIndexing && p.FilesDone > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("indexing never got under way: %+v", progressOf(b, kb.ID))
		}
	}
	started := time.Now()
	if err := b.Close(); err != nil {
		t.Fatalf("Close mid-indexing: %v", err)
	}
	if took := time.Since(started); took > 10*time.Second {
		t.Errorf("closing mid-indexing took %s", took)
	}

	b, err = open(t, dir, nil)
	if err != nil {
		t.Fatalf("the next start: %v", err)
	}
	if err := b.store.CheckIntegrity(ctx); err != nil {
		t.Fatalf("the database after closing mid-indexing: %v", err)
	}
	kbs, _ := b.Library.List(ctx)
	if len(kbs) != 1 || kbs[0].Stats.Indexed == 0 || kbs[0].Stats.Indexed == len(files) {
		t.Fatalf("after closing mid-indexing: %+v, want some of %d files kept", kbs, len(files))
	}
	b.Library.SyncAll(ctx)
	if p := waitDone(t, b.Library, kb.ID); p.Phase != core.PhaseDone {
		t.Fatalf("the next sync ended %+v", p)
	}
	if kbs, _ := b.Library.List(ctx); kbs[0].Stats.Indexed != len(files) {
		t.Fatalf("after the next sync: %+v, want all %d files indexed", kbs[0].Stats, len(files))
	}
}
