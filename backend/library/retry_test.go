package library

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store/storetest"
)

// A file that failed for a reason that can pass is read again though it
// has not changed: at once when its permissions change, else when its
// wait, growing with each failure, is over. A file that fails for what it
// is (a zip bomb) waits for a change of its own.
func TestAFailedFileIsReadAgainWhenItsReasonCanHavePassed(t *testing.T) {
	st := storetest.Open(t, "")
	ctx := context.Background()
	root := t.TempDir()
	locked, slow, bomb := filepath.Join(root, "locked.md"), filepath.Join(root, "slow.md"), filepath.Join(root, "bomb.docx")
	write(t, locked, []byte("# 锁住的文件\n\n权限恢复后可读。"))
	write(t, slow, []byte("# 还读不了\n\n稍后再试。"))
	write(t, bomb, zipOf("word/document.xml", string(make([]byte, 4<<20)))())

	var mu sync.Mutex
	reads, denied := map[string]int{}, map[string]bool{locked: true, slow: true}
	defer func(h func(string) (string, error)) { hashFile = h }(hashFile)
	hashFile = func(path string) (string, error) {
		mu.Lock()
		defer mu.Unlock()
		reads[filepath.Base(path)]++
		if denied[path] {
			return "", fmt.Errorf("open %s: %w", path, os.ErrPermission)
		}
		return core.FileSHA256(path)
	}
	kb, _ := st.CreateKB(ctx, core.KnowledgeBase{Name: "retry", Sources: []string{root}, Chunking: core.DefaultChunking})
	sync := func() map[string]core.FileStatus {
		t.Helper()
		if _, err := Sync(ctx, st, kb, Options{}); err != nil {
			t.Fatal(err)
		}
		return statuses(t, st, kb.ID, root)
	}

	if got := sync(); got["locked.md"] != core.FileFailed || got["slow.md"] != core.FileFailed || got["bomb.docx"] != core.FileFailed {
		t.Fatalf("first sync: %v", got)
	}
	sync() // nothing changed, no wait is over
	if reads["locked.md"] != 1 || reads["slow.md"] != 1 || reads["bomb.docx"] != 1 {
		t.Fatalf("an unchanged sync read the files again: %v", reads)
	}

	// The permission comes back: chmod changes the mode, not the date.
	mu.Lock()
	denied[locked] = false
	mu.Unlock()
	if err := os.Chmod(locked, 0o600); err != nil {
		t.Fatal(err)
	}
	if got := sync(); got["locked.md"] != core.FileIndexed {
		t.Fatalf("after its permissions changed, locked.md is %s", got["locked.md"])
	}
	retries, _ := st.FileRetries(ctx, kb.ID)
	if _, ok := retries[locked]; ok {
		t.Error("locked.md keeps its retries after it was indexed")
	}

	// slow.md's wait is over: it is read again, fails again, and waits
	// four times longer.
	first := retries[slow]
	if first.Attempts != 1 || time.Until(first.At) > firstRetry {
		t.Fatalf("after one failure slow.md retries %+v, want one attempt and a wait of at most %s", first, firstRetry)
	}
	first.At = time.Now().Add(-time.Second)
	st.SetFileRetry(ctx, kb.ID, slow, first)
	sync()
	retries, _ = st.FileRetries(ctx, kb.ID)
	if reads["slow.md"] != 2 || retries[slow].Attempts != 2 || time.Until(retries[slow].At) < 3*firstRetry {
		t.Errorf("once its wait was over slow.md was read %d times, retries %+v", reads["slow.md"], retries[slow])
	}
	if reads["bomb.docx"] != 1 {
		t.Errorf("the zip bomb, unchanged, was read %d times", reads["bomb.docx"])
	}
}

func TestTheWaitBeforeARetryGrows(t *testing.T) {
	want := map[int]time.Duration{1: time.Minute, 2: 4 * time.Minute, 3: 16 * time.Minute, 5: 256 * time.Minute, 6: 1024 * time.Minute, 7: 24 * time.Hour, 20: 24 * time.Hour}
	for attempts, w := range want {
		if got := retryWait(attempts); got != w {
			t.Errorf("retryWait(%d) = %s, want %s", attempts, got, w)
		}
	}
}
