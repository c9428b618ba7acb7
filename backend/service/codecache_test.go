package service

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The PDF engine's compiled code, the one thing Zhiku runs from disk, is
// kept outside the data folder (where a page may write), signed with a key
// that lives in the database; a cache left inside the data folder by an
// earlier version is removed, never loaded.
func TestThePDFEnginesCodeIsKeptOutsideTheDataFolder(t *testing.T) {
	dataDir, cacheDir := t.TempDir(), filepath.Join(t.TempDir(), "cache")
	old := filepath.Join(dataDir, "cache", "pdfium", "wazero-v1", "planted")
	os.MkdirAll(filepath.Dir(old), 0o755)
	os.WriteFile(old, []byte("planted machine code"), 0o644)

	b, err := openWith(t, Options{DataDir: dataDir, CodeCacheDir: cacheDir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "cache", "pdfium")); !os.IsNotExist(err) {
		t.Errorf("the cache inside the data folder is still there: %v", err)
	}
	if b.pdfCode.Dir != cacheDir || strings.HasPrefix(b.pdfCode.Dir, dataDir+string(filepath.Separator)) {
		t.Errorf("the code cache is %q, want %q outside the data folder %q", b.pdfCode.Dir, cacheDir, dataDir)
	}
	if len(b.pdfCode.Key) != 32 {
		t.Fatalf("the code key has %d bytes, want 32", len(b.pdfCode.Key))
	}
	key := b.pdfCode.Key
	b.Close()

	again, err := openWith(t, Options{DataDir: dataDir, CodeCacheDir: cacheDir})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.pdfCode.Key, key) {
		t.Error("the code key changed between runs: every start would compile again")
	}
	if DefaultCodeCacheDir(dataDir) == DefaultCodeCacheDir(t.TempDir()) {
		t.Error("two data folders share one code cache, though each signs with its own key")
	}
}
