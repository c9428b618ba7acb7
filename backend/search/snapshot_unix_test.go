//go:build unix

package search

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/internal/fifotest"
)

// A snapshot replaced by a named pipe would block its reader until
// something wrote to the pipe; it is refused at once, like a damaged
// snapshot, rebuilt from the store, and said once.
func TestSnapshotThatIsNotAFileIsRebuilt(t *testing.T) {
	f := newFixture(t)
	standardFiles(f)
	if err := os.MkdirAll(filepath.Join(f.dir, "index"), 0o700); err != nil {
		t.Fatal(err)
	}
	snap := filepath.Join(f.dir, "index", "kb-1.idx")
	fifotest.Make(t, snap)
	e := f.engine(nil)
	q := core.SearchQuery{Text: "故宫在哪里", Mode: core.RetrievalKeyword}

	var first core.SearchResult
	var err error
	fifotest.Returns(t, "a search whose snapshot is a named pipe", func() {
		first, err = e.Search(f.ctx, q, core.DefaultRetrieval)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Hits) == 0 || first.Hits[0].Path != "/docs/历史/故宫.pdf" {
		t.Fatalf("hits = %v, want 故宫.pdf first", paths(first))
	}
	if len(first.Notices) != 1 || !core.ErrIndexRebuilt.Is(&first.Notices[0]) {
		t.Fatalf("notices = %+v, want one saying the index was rebuilt", first.Notices)
	}
	if again := f.search(e, q); len(again.Notices) != 0 {
		t.Fatalf("said again: %+v", again.Notices)
	}
	e.Wait()
	if info, err := os.Lstat(snap); err != nil || !info.Mode().IsRegular() {
		t.Fatalf("the rebuilt snapshot: %v, %v; want a regular file", info, err)
	}
	if reopened := f.search(f.engine(nil), q); len(reopened.Notices) != 0 || len(reopened.Hits) == 0 {
		t.Fatalf("from the rebuilt snapshot: %v %+v", paths(reopened), reopened.Notices)
	}
}
