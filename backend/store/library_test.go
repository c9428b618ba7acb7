package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

func TestKnowledgeBaseLifecycle(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	kb, err := st.CreateKB(ctx, core.KnowledgeBase{Name: "论文", Sources: []string{"/home/me/论文"}, Chunking: core.DefaultChunking})
	if err != nil || kb.ID == 0 {
		t.Fatalf("CreateKB = %+v, %v", kb, err)
	}
	if _, err := st.CreateKB(ctx, core.KnowledgeBase{Name: "论文", Chunking: core.DefaultChunking}); !core.ErrKBNameTaken.Is(err) {
		t.Fatalf("a second 论文 = %v, want name-taken", err)
	}

	now := time.Now().UTC().Truncate(time.Microsecond)
	chunks := []core.ChunkRecord{{Ordinal: 0, Text: "第一块", Hash: "h0", Headings: []string{"引言"}, End: 3, Tokens: 3},
		{Ordinal: 1, Text: "第二块", Hash: "h1", Start: 3, End: 6, Tokens: 3}}
	must(t, st.PutFile(ctx, kb.ID, core.FileRecord{Path: "/home/me/论文/a.md", Size: 10, ModTime: now, Hash: "A", Status: core.FileIndexed, Format: "markdown"}, chunks))
	reason := core.ErrFormatUnsupported.New(nil, "format", ".xyz")
	must(t, st.PutFile(ctx, kb.ID, core.FileRecord{Path: "/home/me/论文/b.xyz", Size: 5, ModTime: now, Hash: "B", Status: core.FileSkipped, Reason: reason}, nil))

	got, err := st.KB(ctx, kb.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := core.KBStats{Files: 2, Indexed: 1, Skipped: 1, Chunks: 2, Bytes: 15}
	if got.Stats != want || len(got.Sources) != 1 {
		t.Fatalf("KB = %+v, want stats %+v", got, want)
	}
	files, _ := st.Files(ctx, kb.ID)
	if files[1].Reason == nil || files[1].Reason.Code != reason.Code || files[0].ModTime != now {
		t.Fatalf("files = %+v", files)
	}

	// Re-indexing a file replaces its chunks whole.
	must(t, st.PutFile(ctx, kb.ID, core.FileRecord{Path: "/home/me/论文/a.md", Size: 4, ModTime: now, Hash: "A2", Status: core.FileIndexed},
		[]core.ChunkRecord{{Text: "新内容", Hash: "h2", End: 3}}))
	if c, _ := st.Chunks(ctx, kb.ID, "/home/me/论文/a.md"); len(c) != 1 || c[0].Text != "新内容" {
		t.Fatalf("chunks after re-index = %+v", c)
	}

	// A move keeps the chunks under the new path.
	must(t, st.MoveFile(ctx, kb.ID, "/home/me/论文/a.md", "/home/me/论文/renamed.md", now))
	if c, _ := st.Chunks(ctx, kb.ID, "/home/me/论文/renamed.md"); len(c) != 1 {
		t.Fatal("the moved file lost its chunks")
	}
	must(t, st.RemoveFiles(ctx, kb.ID, []string{"/home/me/论文/b.xyz"}))
	must(t, st.RenameKB(ctx, kb.ID, "Papers"))
	if got, _ := st.KB(ctx, kb.ID); got.Name != "Papers" || got.Stats.Files != 1 {
		t.Fatalf("after rename and removal: %+v", got)
	}

	must(t, st.DeleteKB(ctx, kb.ID))
	var left int
	st.DB().QueryRowContext(ctx, `SELECT (SELECT count(*) FROM files) + (SELECT count(*) FROM chunks) + (SELECT count(*) FROM sources)`).Scan(&left)
	if left != 0 {
		t.Fatalf("%d rows outlived their knowledge base", left)
	}
	if err := st.DeleteKB(ctx, kb.ID); !core.ErrKBNotFound.Is(err) {
		t.Fatalf("deleting twice = %v, want not-found", err)
	}
}

// TestKBMatchesTheList holds KB, which reads one row, to what KBs shows for
// the same knowledge base: its settings, sources and statistics alike.
func TestKBMatchesTheList(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Microsecond)
	newKB := func(kb core.KnowledgeBase) core.KnowledgeBase {
		t.Helper()
		kb.Chunking = core.DefaultChunking
		created, err := st.CreateKB(ctx, kb)
		must(t, err)
		return created
	}

	papers := newKB(core.KnowledgeBase{Name: "论文", Sources: []string{"/home/me/论文", "/home/me/draft.pdf"}})
	must(t, st.PutFile(ctx, papers.ID, core.FileRecord{Path: "/home/me/论文/a.md", Size: 10, ModTime: now, Hash: "A",
		Status: core.FileIndexed, Format: "markdown"}, []core.ChunkRecord{{Text: "第一块", Hash: "h0", End: 3, Tokens: 3}}))
	must(t, st.PutFile(ctx, papers.ID, core.FileRecord{Path: "/home/me/论文/scan.pdf", Size: 7, ModTime: now, Hash: "S",
		Status: core.FileNeedsOCR, Reason: core.ErrFormatUnsupported.New(nil, "format", ".pdf")}, nil))
	must(t, st.PutFile(ctx, papers.ID, core.FileRecord{Path: "/home/me/draft.pdf", Size: 3, ModTime: now, Hash: "D",
		Status: core.FileFailed}, nil))

	empty := newKB(core.KnowledgeBase{Name: "Empty"})

	filtered := newKB(core.KnowledgeBase{Name: "Notes", Sources: []string{"/home/me/notes"},
		Include: []string{"*.md"}, Exclude: []string{"drafts/"}})
	must(t, st.SetPaused(ctx, filtered.ID, true))
	must(t, st.SetVectorModel(ctx, filtered.ID, "bge-m3"))

	deleted := newKB(core.KnowledgeBase{Name: "Gone", Sources: []string{"/home/me/gone"}})
	must(t, st.DeleteKB(ctx, deleted.ID))

	list, err := st.KBs(ctx)
	must(t, err)
	cases := []struct {
		name   string
		id     int64
		listed bool
	}{
		{"with sources, files and chunks", papers.ID, true},
		{"without sources or files", empty.ID, true},
		{"paused, filtered and with vectors", filtered.ID, true},
		{"deleted", deleted.ID, false},
		{"never created", 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := st.KB(ctx, c.id)
			if !c.listed {
				if !core.ErrKBNotFound.Is(err) {
					t.Fatalf("KB(%d) = %+v, %v; want the knowledge-base-not-found problem", c.id, got, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("KB(%d): %v", c.id, err)
			}
			var want core.KnowledgeBase
			for _, kb := range list {
				if kb.ID == c.id {
					want = kb
				}
			}
			if want.ID == 0 {
				t.Fatalf("KBs does not list %d: %+v", c.id, list)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("KB(%d) =\n%+v\nKBs lists\n%+v", c.id, got, want)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
