package store

import (
	"context"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// A knowledge base's check-ups come back newest first with their figures,
// apart from another's, and go with their knowledge base.
func TestSelfTestRunsAreAKnowledgeBasesHistory(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, t.TempDir(), NewHolder("test", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	notes, _ := st.CreateKB(ctx, core.KnowledgeBase{Name: "notes", Chunking: core.DefaultChunking})
	other, _ := st.CreateKB(ctx, core.KnowledgeBase{Name: "other", Chunking: core.DefaultChunking})
	score := core.SelfTestScore{Setting: core.SelfTestSetting{Key: "keyword", Mode: core.RetrievalKeyword}, Hit1: 0.5, MRR: 0.6,
		Misses: []core.SelfTestMiss{{Question: "何时？", Path: "/a.md", Page: 2}}}
	first, err := st.AddSelfTestRun(ctx, core.SelfTestRun{KBID: notes.ID, Questions: 10, Scores: []core.SelfTestScore{score}, Recommended: "keyword", Stale: true})
	if err != nil {
		t.Fatal(err)
	}
	second, _ := st.AddSelfTestRun(ctx, core.SelfTestRun{KBID: notes.ID, Questions: 20})
	if _, err := st.AddSelfTestRun(ctx, core.SelfTestRun{KBID: other.ID}); err != nil {
		t.Fatal(err)
	}

	runs, err := st.SelfTestRuns(ctx, notes.ID)
	if err != nil || len(runs) != 2 || runs[0].ID != second.ID || runs[1].ID != first.ID {
		t.Fatalf("runs = %+v, %v; want the second, then the first", runs, err)
	}
	got, err := st.SelfTestRun(ctx, first.ID)
	if err != nil || got.CreatedAt == "" || got.Stale || len(got.Scores) != 1 || got.Scores[0].Misses[0].Path != "/a.md" || got.Recommended != "keyword" {
		t.Errorf("read back %+v, %v", got, err)
	}
	if err := st.DeleteKB(ctx, notes.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SelfTestRun(ctx, first.ID); !core.ErrSelfTestRunNotFound.Is(err) {
		t.Errorf("a check-up of a deleted knowledge base: err = %v, want not found", err)
	}
	if runs, _ := st.SelfTestRuns(ctx, other.ID); len(runs) != 1 {
		t.Errorf("the other knowledge base's check-ups = %d, want 1", len(runs))
	}
}
