package library

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/ingest/pdftest"
	"github.com/zhiku-app/zhiku/backend/store"
	"github.com/zhiku-app/zhiku/backend/store/storetest"
)

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func statuses(t *testing.T, st *store.Store, kbID int64, root string) map[string]core.FileStatus {
	t.Helper()
	files, err := st.Files(context.Background(), kbID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]core.FileStatus{}
	for _, f := range files {
		rel, _ := filepath.Rel(root, f.Path)
		out[filepath.ToSlash(rel)] = f.Status
	}
	return out
}

func TestSyncFollowsAFolderThroughItsLife(t *testing.T) {
	st := storetest.Open(t, "")
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "资料")
	gb, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(strings.Repeat("旧文件用国标编码保存。", 30)))
	write(t, filepath.Join(root, "指南.md"), []byte("# 指南\n\n"+strings.Repeat("知库索引您的文件。", 40)))
	write(t, filepath.Join(root, "notes/旧笔记.txt"), gb)
	write(t, filepath.Join(root, "image.xyz"), []byte{0, 1, 2})
	write(t, filepath.Join(root, "empty.txt"), nil)
	write(t, filepath.Join(root, ".secret.txt"), []byte("hidden"))

	kb, err := st.CreateKB(ctx, core.KnowledgeBase{Name: "资料", Sources: []string{root}, Chunking: core.ChunkSettings{MaxTokens: 60, OverlapTokens: 10}})
	if err != nil {
		t.Fatal(err)
	}
	var reports []core.IndexProgress
	p, err := Sync(ctx, st, kb, Options{Report: func(p core.IndexProgress) { reports = append(reports, p) }})
	if err != nil || p.Phase != core.PhaseDone || p.FilesTotal != 4 || p.Changed != 4 || p.Chunks == 0 {
		t.Fatalf("first sync = %+v, %v", p, err)
	}
	if last := reports[len(reports)-1]; last.Phase != core.PhaseDone || last.FilesDone != 4 || last.Failures == nil {
		t.Fatalf("last report = %+v (failures must be a list, even empty)", last)
	}
	want := map[string]core.FileStatus{"指南.md": core.FileIndexed, "notes/旧笔记.txt": core.FileIndexed,
		"image.xyz": core.FileSkipped, "empty.txt": core.FileSkipped}
	if got := statuses(t, st, kb.ID, root); !equalStatus(got, want) {
		t.Fatalf("statuses = %v, want %v", got, want)
	}
	files, _ := st.Files(ctx, kb.ID)
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".txt") && f.Status == core.FileIndexed && f.Encoding != "GB18030" {
			t.Errorf("%s read as %s", f.Path, f.Encoding)
		}
		if strings.HasSuffix(f.Path, ".xyz") && (f.Reason == nil || f.Reason.Code != core.ErrFormatUnsupported.Code) {
			t.Errorf("the skipped file has reason %+v", f.Reason)
		}
	}
	guide, _ := st.Chunks(ctx, kb.ID, filepath.Join(root, "指南.md"))
	if len(guide) < 2 || guide[0].Headings[0] != "指南" {
		t.Fatalf("guide chunks = %+v", guide)
	}

	// Unchanged: nothing is read again.
	if p, _ := Sync(ctx, st, kb, Options{}); p.Changed != 0 || p.Removed != 0 {
		t.Fatalf("unchanged resync = %+v", p)
	}

	// One edit re-indexes one file.
	later := time.Now().Add(time.Minute)
	write(t, filepath.Join(root, "empty.txt"), []byte("现在有内容了。"))
	os.Chtimes(filepath.Join(root, "empty.txt"), later, later)
	if p, _ := Sync(ctx, st, kb, Options{}); p.Changed != 1 {
		t.Fatalf("resync after one edit = %+v", p)
	}

	// A rename is recognised by content: no re-index, chunks kept.
	must(t, os.Rename(filepath.Join(root, "指南.md"), filepath.Join(root, "guide-renamed.md")))
	if p, _ := Sync(ctx, st, kb, Options{}); p.Changed != 0 || p.Removed != 0 {
		t.Fatalf("resync after a rename = %+v", p)
	}
	if moved, _ := st.Chunks(ctx, kb.ID, filepath.Join(root, "guide-renamed.md")); len(moved) != len(guide) {
		t.Fatalf("the renamed file has %d chunks, want %d", len(moved), len(guide))
	}

	// A deletion is forgotten.
	must(t, os.Remove(filepath.Join(root, "image.xyz")))
	if p, _ := Sync(ctx, st, kb, Options{}); p.Removed != 1 {
		t.Fatalf("resync after a deletion = %+v", p)
	}
	if got, _ := st.KB(ctx, kb.ID); got.Stats.Files != 3 {
		t.Fatalf("stats after deletion = %+v", got.Stats)
	}
}

func TestScansAndPasswordsAreToldApart(t *testing.T) {
	st := storetest.Open(t, "")
	ctx := context.Background()
	root := t.TempDir()
	pdftest.Write(t, filepath.Join(root, "扫描件.pdf"), []pdftest.Page{{Image: true}})
	pdftest.Write(t, filepath.Join(root, "text.pdf"), []pdftest.Page{{Chinese: []string{"正文。"}}})
	kb, _ := st.CreateKB(ctx, core.KnowledgeBase{Name: "pdf", Sources: []string{root}, Chunking: core.DefaultChunking})
	if _, err := Sync(ctx, st, kb, Options{}); err != nil {
		t.Fatal(err)
	}
	want := map[string]core.FileStatus{"扫描件.pdf": core.FileNeedsOCR, "text.pdf": core.FileIndexed}
	if got := statuses(t, st, kb.ID, root); !equalStatus(got, want) {
		t.Fatalf("statuses = %v, want %v", got, want)
	}
	files, _ := st.Files(ctx, kb.ID)
	for _, f := range files {
		if f.Status == core.FileNeedsOCR && (f.Reason == nil || f.Reason.Code != core.ErrNeedsOCR.Code) {
			t.Errorf("the scan's reason is %+v", f.Reason)
		}
	}
}

func TestAMissingSourceKeepsItsFiles(t *testing.T) {
	st := storetest.Open(t, "")
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "usb")
	write(t, filepath.Join(root, "a.md"), []byte("内容。"))
	kb, _ := st.CreateKB(ctx, core.KnowledgeBase{Name: "usb", Sources: []string{root}, Chunking: core.DefaultChunking})
	if _, err := Sync(ctx, st, kb, Options{}); err != nil {
		t.Fatal(err)
	}
	must(t, os.RemoveAll(root)) // the drive is unplugged
	p, err := Sync(ctx, st, kb, Options{})
	if err != nil || p.Removed != 0 || len(p.Failures) != 1 || p.Failures[0].Problem.Code != core.ErrSourceMissing.Code {
		t.Fatalf("sync with the source gone = %+v, %v", p, err)
	}
	if got, _ := st.KB(ctx, kb.ID); got.Stats.Indexed != 1 {
		t.Fatal("an unreachable source's files were dropped")
	}
}

func TestCancelKeepsWhatWasIndexed(t *testing.T) {
	defer func(d time.Duration) { reportEvery = d }(reportEvery)
	reportEvery = 0 // see every file's report, to cancel at the third
	st := storetest.Open(t, "")
	root := t.TempDir()
	for i := range 50 {
		write(t, filepath.Join(root, strings.Repeat("x", i%5+1)+string(rune('a'+i%26))+".md"), []byte(strings.Repeat("句子。", 20)))
	}
	kb, _ := st.CreateKB(context.Background(), core.KnowledgeBase{Name: "big", Sources: []string{root}, Chunking: core.DefaultChunking})
	ctx, cancel := context.WithCancel(context.Background())
	done := 0
	p, err := Sync(ctx, st, kb, Options{Report: func(p core.IndexProgress) {
		if p.FilesDone >= 3 && done == 0 {
			done = p.FilesDone
			cancel()
		}
	}})
	if err != nil || p.Phase != core.PhaseCancelled {
		t.Fatalf("cancelled sync = %+v, %v", p, err)
	}
	got, _ := st.KB(context.Background(), kb.ID)
	if got.Stats.Files < 3 || got.Stats.Files >= p.FilesTotal {
		t.Fatalf("after cancelling: %d files stored of %d", got.Stats.Files, p.FilesTotal)
	}
	// The next sync finishes the rest.
	if p, _ := Sync(context.Background(), st, kb, Options{}); p.Phase != core.PhaseDone {
		t.Fatalf("resumed sync = %+v", p)
	}
	if got, _ := st.KB(context.Background(), kb.ID); got.Stats.Files != p.FilesTotal {
		t.Fatalf("after resuming: %d of %d files", got.Stats.Files, p.FilesTotal)
	}
}

func equalStatus(a, b map[string]core.FileStatus) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A file with more chunks than fit in memory streams into the store in
// batches and ends up exactly as a small file would.
func TestLargeFilesStreamInBatches(t *testing.T) {
	defer func(n int) { largeFileChunks = n }(largeFileChunks)
	largeFileChunks = 7
	st := storetest.Open(t, "")
	ctx := context.Background()
	root := t.TempDir()
	text := strings.Repeat("很长的文件里的一句话。", 400)
	write(t, filepath.Join(root, "big.txt"), []byte(text))
	kb, _ := st.CreateKB(ctx, core.KnowledgeBase{Name: "big", Sources: []string{root}, Chunking: core.ChunkSettings{MaxTokens: 40, OverlapTokens: 5}})
	p, err := Sync(ctx, st, kb, Options{})
	if err != nil || p.Phase != core.PhaseDone {
		t.Fatalf("sync = %+v, %v", p, err)
	}
	files, _ := st.Files(ctx, kb.ID)
	chunks, _ := st.Chunks(ctx, kb.ID, filepath.Join(root, "big.txt"))
	if len(files) != 1 || files[0].Status != core.FileIndexed || files[0].Hash == "" || files[0].Chunks != len(chunks) || len(chunks) < 3*largeFileChunks {
		t.Fatalf("file %+v with %d chunks", files, len(chunks))
	}
	runes := []rune(text)
	for i, c := range chunks {
		if c.Ordinal != i || string(runes[c.Start:c.End]) != c.Text {
			t.Fatalf("chunk %d is not the file's text at its offsets", i)
		}
	}
	if p, _ := Sync(ctx, st, kb, Options{}); p.Changed != 0 {
		t.Fatalf("the streamed file is re-indexed on an unchanged sync: %+v", p)
	}
}
