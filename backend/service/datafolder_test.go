package service

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// A second start refused the data folder names the server holding it, so
// zhiku serve records its address once it listens; a backend without its
// data folder has nowhere to record it.
func TestAServerRecordsWhereItListens(t *testing.T) {
	const url = "http://127.0.0.1:5173"
	t.Run("in the lock file", func(t *testing.T) {
		dir := t.TempDir()
		b, err := open(t, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.AnnounceURL(url); err != nil {
			t.Fatal(err)
		}
		if got := DescribeHolder(dir); !strings.HasSuffix(got, "zhiku serve at "+url) {
			t.Errorf("DescribeHolder = %q, want it to end with zhiku serve at %s", got, url)
		}
	})
	t.Run("not without a data folder", func(t *testing.T) {
		notAFolder := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(notAFolder, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		b, err := open(t, notAFolder, nil)
		if err == nil {
			t.Fatal("a file opened as a data folder")
		}
		if err := b.AnnounceURL(url); !core.ErrNotReady.Is(err) {
			t.Errorf("AnnounceURL = %v, want not ready", err)
		}
	})
}
