package library

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store/storetest"
)

// Each file reaches the page in the report after it is done, not at the
// end, and what the reports carry adds up to what the store holds.
func TestFilesAreReportedAsTheyFinish(t *testing.T) {
	defer func(d time.Duration) { reportEvery = d }(reportEvery)
	reportEvery = 0 // a report before every file, as if each took long
	defer func(n int) { largeFileChunks = n }(largeFileChunks)
	largeFileChunks = 3

	st := storetest.Open(t, "")
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "课程")
	write(t, filepath.Join(root, "01 导论.md"), []byte("# 导论\n\n"+strings.Repeat("知库把文件变成知识。", 40)))
	write(t, filepath.Join(root, "02 图.xyz"), []byte("not read"))
	write(t, filepath.Join(root, "03 空.txt"), nil)
	write(t, filepath.Join(root, "04 笔记.txt"), []byte(strings.Repeat("Notes on retrieval. ", 50)))
	kb, err := st.CreateKB(ctx, core.KnowledgeBase{Name: "课程", Sources: []string{root}, Chunking: core.DefaultChunking})
	if err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Minute)

	tests := []struct {
		name   string
		change func()
		// files are the names each sync reports done, gone those it
		// reports gone; an unchanged file is neither.
		files, gone []string
		// statuses, when set, are those of files, in order.
		statuses []core.FileStatus
	}{
		{"the first sync", func() {}, []string{"01 导论.md", "02 图.xyz", "03 空.txt", "04 笔记.txt"}, nil,
			[]core.FileStatus{core.FileIndexed, core.FileSkipped, core.FileSkipped, core.FileIndexed}},
		{"nothing changed", func() {}, nil, nil, nil},
		{"an edit", func() {
			write(t, filepath.Join(root, "03 空.txt"), []byte("现在有内容了。"))
			must(t, os.Chtimes(filepath.Join(root, "03 空.txt"), later, later))
		}, []string{"03 空.txt"}, nil, nil},
		{"a rename", func() {
			must(t, os.Rename(filepath.Join(root, "01 导论.md"), filepath.Join(root, "05 导论.md")))
		}, []string{"05 导论.md"}, []string{"01 导论.md"}, nil},
		{"a deletion", func() {
			must(t, os.Remove(filepath.Join(root, "02 图.xyz")))
		}, nil, []string{"02 图.xyz"}, nil},
		// Listed as being indexed while its chunks are written in
		// batches, then as indexed.
		{"a file too long to hold", func() {
			write(t, filepath.Join(root, "06 长文.md"), []byte(strings.Repeat("# 一章\n\n"+strings.Repeat("很长的文章。", 300)+"\n\n", 4)))
		}, []string{"06 长文.md", "06 长文.md"}, nil, []core.FileStatus{core.FileIndexing, core.FileIndexed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.change()
			var reports []core.IndexProgress
			if _, err := Sync(ctx, st, kb, Options{Report: func(p core.IndexProgress) { reports = append(reports, p) }}); err != nil {
				t.Fatal(err)
			}
			var files, gone []string
			var statuses []core.FileStatus
			reported := map[string]core.FileRecord{}
			for i, p := range reports {
				for _, f := range p.Files {
					files = append(files, filepath.Base(f.Path))
					statuses = append(statuses, f.Status)
					reported[f.Path] = f
					// Each file but the last is done while others are
					// still read, and shows then.
					if p.Phase != core.PhaseIndexing && filepath.Base(f.Path) != tt.files[len(tt.files)-1] {
						t.Errorf("%s was first reported in report %d, at phase %s", f.Path, i, p.Phase)
					}
				}
				for _, g := range p.Gone {
					gone = append(gone, filepath.Base(g))
				}
			}
			if !slices.Equal(files, tt.files) || !slices.Equal(gone, tt.gone) {
				t.Fatalf("reported done %q and gone %q, want %q and %q", files, gone, tt.files, tt.gone)
			}
			if tt.statuses != nil && !slices.Equal(statuses, tt.statuses) {
				t.Errorf("reported statuses %q, want %q", statuses, tt.statuses)
			}
			stored, err := st.Files(ctx, kb.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range stored {
				if r, ok := reported[f.Path]; ok && (r.Status != f.Status || r.Chunks != f.Chunks || !sameReason(r.Reason, f.Reason)) {
					t.Errorf("%s reported %s with %d chunks (%v), stored %s with %d (%v)", f.Path, r.Status, r.Chunks, r.Reason, f.Status, f.Chunks, f.Reason)
				}
			}
			got, err := st.KB(ctx, kb.ID)
			if err != nil {
				t.Fatal(err)
			}
			if last := reports[len(reports)-1]; last.Stats == nil || *last.Stats != got.Stats {
				t.Errorf("the last report counts %+v, the store %+v", last.Stats, got.Stats)
			}
		})
	}
}

func sameReason(a, b *core.Problem) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Code == b.Code)
}
