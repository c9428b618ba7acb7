package parse

import (
	"os"
	"path/filepath"
	"testing"
)

// The code cache gives the compiler only entries signed with this
// installation's key: what it kept comes back, and an entry that was
// planted, altered or signed with another key is dropped, not staged.
func TestTheCodeCacheStagesOnlyEntriesItSigned(t *testing.T) {
	cache := PDFCodeCache{Dir: t.TempDir(), Key: []byte("this installation's key")}
	compiled := t.TempDir()
	for name, content := range map[string]string{"v1/kept": "machine code", "v1/altered": "machine code too"} {
		os.MkdirAll(filepath.Join(compiled, filepath.Dir(name)), 0o700)
		os.WriteFile(filepath.Join(compiled, name), []byte(content), 0o600)
	}
	cache.keep(compiled)

	os.WriteFile(filepath.Join(cache.Dir, "v1", "altered"), []byte("planted code"), 0o600)
	os.WriteFile(filepath.Join(cache.Dir, "v1", "planted"), []byte("planted code"), 0o600)
	other := PDFCodeCache{Dir: t.TempDir(), Key: []byte("another installation's key")}
	other.keep(compiled)

	staged, err := cache.stage()
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(staged)
	want := map[string]string{"v1/kept": "machine code"}
	got := map[string]string{}
	filepath.WalkDir(staged, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			rel, _ := filepath.Rel(staged, path)
			data, _ := os.ReadFile(path)
			got[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	if len(got) != len(want) || got["v1/kept"] != want["v1/kept"] {
		t.Fatalf("staged %v, want %v", got, want)
	}
	if _, err := os.Stat(filepath.Join(cache.Dir, "v1", "altered")); !os.IsNotExist(err) {
		t.Errorf("the altered entry is still in the cache: %v", err)
	}

	// Another installation's cache, copied in whole with its manifest,
	// stages nothing under this key.
	copied := PDFCodeCache{Dir: other.Dir, Key: cache.Key}
	if staged, _ := copied.stage(); staged != "" {
		defer os.RemoveAll(staged)
		entries, _ := os.ReadDir(staged)
		if len(entries) != 0 {
			t.Errorf("entries signed with another key were staged: %v", entries)
		}
	}
}

// A manifest names what the cache holds, never what it may delete: an
// entry that points outside the cache is skipped and the file it names
// stays.
func TestACodeCacheManifestCannotDeleteOutsideTheCache(t *testing.T) {
	home := t.TempDir()
	thesis := filepath.Join(home, "thesis.docx")
	os.WriteFile(thesis, []byte("years of work"), 0o600)
	cache := PDFCodeCache{Dir: filepath.Join(home, "cache"), Key: []byte("key")}
	os.MkdirAll(cache.Dir, 0o700)
	os.WriteFile(filepath.Join(cache.Dir, manifestFile), []byte(`{"../thesis.docx": "00", "manifest.json": "00"}`), 0o600)
	staged, err := cache.stage()
	if err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(staged)
	if _, err := os.Stat(thesis); err != nil {
		t.Fatalf("a manifest entry outside the cache deleted %s: %v", thesis, err)
	}
}
