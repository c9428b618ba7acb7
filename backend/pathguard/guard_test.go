package pathguard

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Unconfined, as the command line is, any path is the person's, Zhiku's
// own files included.
func TestUnconfinedAnyPathIsThePersons(t *testing.T) {
	dataDir := t.TempDir()
	free := New(Options{DataDir: dataDir})
	for _, check := range []func(context.Context, string) (string, error){free.CheckRead, free.CheckWrite} {
		if _, err := check(context.Background(), filepath.Join(dataDir, "settings.json")); err != nil {
			t.Errorf("unconfined check = %v", err)
		}
	}
}

// On file systems that ignore case (APFS, NTFS by default), a path that
// differs from the data folder's only in case still names Zhiku's own
// files, and one from a chosen folder's still lies inside it.
func TestPathsCompareIgnoringCaseWhereTheSystemDoes(t *testing.T) {
	defer func(was bool) { foldCase = was }(foldCase)
	foldCase = true
	base := t.TempDir()
	dataDir := filepath.Join(base, "Zhiku")
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		t.Fatal(err)
	}
	g := New(Options{Confined: true, DataDir: dataDir})
	g.GrantAllowed(base)
	ctx := context.Background()
	tests := []struct {
		name  string
		path  string
		write bool
	}{
		{"the settings in another case", filepath.Join(base, "ZHIKU", "settings.json"), false},
		{"the database in another case", filepath.Join(base, "zhiku", "Zhiku.DB"), false},
		{"the models folder in another case", filepath.Join(base, "zhiku", "MODELS", "m.gguf"), true},
		{"a hidden folder", filepath.Join(strings.ToUpper(base), ".ssh", "id_rsa"), false},
		{"the allowed folder in another case", filepath.Join(strings.ToUpper(base), "out.jsonl"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := g.CheckWrite(ctx, tt.path); tt.write != (err == nil) {
				t.Errorf("CheckWrite(%s) = %v, want allowed %v", tt.path, err, tt.write)
			}
		})
	}
}
