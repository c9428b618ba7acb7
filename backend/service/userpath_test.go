package service

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// A typed ~/Documents (and on Windows %USERPROFILE%\Documents) is the
// home folder's, as in a shell, wherever a path is typed; what it expands
// to is confined exactly as the same path typed in full: ~/.. and hidden
// folders lead nowhere a full path would not.
func TestATypedHomeFolderIsExpandedAndStaysConfined(t *testing.T) {
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	base := t.TempDir()
	home := filepath.Join(base, "home")
	documents := folder(t, "Documents", map[string]string{"a.md": "# A", ".hidden/b.md": "# B"})
	must(os.MkdirAll(home, 0o755))
	must(os.Rename(documents, filepath.Join(home, "Documents")))
	documents = filepath.Join(home, "Documents")
	exports := filepath.Join(home, "exports")
	for _, dir := range []string{exports, filepath.Join(home, ".ssh"), filepath.Join(base, "secrets")} {
		must(os.MkdirAll(dir, 0o755))
	}
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)

	dialogs := &pickedDialogs{}
	b, err := openWith(t, Options{DataDir: filepath.Join(base, "data"), Dialogs: dialogs, ConfinePaths: true})
	must(err)
	ctx := context.Background()
	dialogs.picked = documents
	_, err = b.System.PickFolder(ctx, "notes")
	must(err)
	dialogs.picked = exports
	_, err = b.System.PickSaveFolder(ctx, "export")
	must(err)

	type typed struct{ typed, full string }
	type verdict struct {
		path        typed
		read, write bool
	}
	tests := []verdict{
		{typed{"~/Documents", documents}, true, false},
		{typed{"~/Documents/a.md", filepath.Join(documents, "a.md")}, true, false},
		{typed{"~/exports/faq.jsonl", filepath.Join(exports, "faq.jsonl")}, true, true},
		{typed{"~", home}, false, false},
		{typed{"~/", home}, false, false},
		{typed{"~/.ssh/id_rsa", filepath.Join(home, ".ssh", "id_rsa")}, false, false},
		{typed{"~/Documents/.hidden/b.md", filepath.Join(documents, ".hidden", "b.md")}, false, false},
		{typed{"~/Documents/../.ssh/id_rsa", filepath.Join(documents, "..", ".ssh", "id_rsa")}, false, false},
		{typed{"~/../secrets", filepath.Join(home, "..", "secrets")}, false, false},
		{typed{"~/exports/../Documents/x.md", filepath.Join(exports, "..", "Documents", "x.md")}, true, false},
		{typed{"~" + string(filepath.Separator) + ".." + string(filepath.Separator) + "secrets", filepath.Join(base, "secrets")}, false, false},
	}
	if runtime.GOOS == "windows" {
		tests = append(tests,
			verdict{typed{`%USERPROFILE%\Documents\a.md`, filepath.Join(documents, "a.md")}, true, false},
			verdict{typed{`%USERPROFILE%\..\secrets`, filepath.Join(base, "secrets")}, false, false})
	}
	for _, tt := range tests {
		t.Run(tt.path.typed, func(t *testing.T) {
			for _, path := range []string{tt.path.typed, tt.path.full} {
				if _, err := b.paths.CheckRead(ctx, path); tt.read != (err == nil) {
					t.Errorf("CheckRead(%s) = %v, want allowed %v", path, err, tt.read)
				}
				if _, err := b.paths.CheckWrite(ctx, path); tt.write != (err == nil) {
					t.Errorf("CheckWrite(%s) = %v, want allowed %v", path, err, tt.write)
				}
			}
		})
	}

	// A knowledge base of a typed ~/Documents, in the window and on the
	// command line, keeps the folder's full path.
	cli, err := openWith(t, Options{DataDir: filepath.Join(base, "cli-data")})
	must(err)
	for name, lib := range map[string]*Library{"window": b.Library, "command line": cli.Library} {
		kb, err := lib.Create(ctx, core.NewKnowledgeBase{Name: "文档", Sources: []string{"~/Documents"}})
		if err != nil || len(kb.Sources) != 1 || kb.Sources[0] != documents {
			t.Errorf("%s: a knowledge base of ~/Documents = %+v, %v", name, kb.Sources, err)
		}
	}
}
