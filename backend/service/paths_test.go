package service

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// pickedDialogs answers every file dialog with one path, and every
// question with yes or no, recording the questions.
type pickedDialogs struct {
	picked    string
	yes       bool
	questions *[]string
}

func (d *pickedDialogs) Confirm(_ context.Context, question string) (bool, error) {
	if d.questions != nil {
		*d.questions = append(*d.questions, question)
	}
	return d.yes, nil
}

func (d *pickedDialogs) PickFolder(context.Context, string) (string, error) { return d.picked, nil }
func (d *pickedDialogs) PickFile(context.Context, string, string) (string, error) {
	return d.picked, nil
}
func (d *pickedDialogs) SaveFile(context.Context, string) (string, error) { return d.picked, nil }

// A page may name paths only inside the data directory, a knowledge
// base's sources and what the person chose or dropped; links, .. and
// look-alike prefixes do not lead out, and the command line is not
// confined.
func TestPathsThePageMayName(t *testing.T) {
	base := t.TempDir()
	dataDir := filepath.Join(base, "data")
	source := folder(t, "notes", map[string]string{"a.md": "# A"})
	picked := filepath.Join(base, "downloads", "model.gguf")
	dropped := filepath.Join(base, "dropped")
	outside := filepath.Join(base, "secrets")
	for _, dir := range []string{filepath.Dir(picked), dropped, outside, source + "-evil"} {
		os.MkdirAll(dir, 0o755)
	}
	os.WriteFile(picked, []byte("GGUF"), 0o644)
	os.WriteFile(filepath.Join(outside, "id_rsa"), []byte("key"), 0o600)
	os.Symlink(outside, filepath.Join(source, "link"))

	b, err := openWith(t, Options{DataDir: dataDir, Dialogs: &pickedDialogs{picked: picked},
		ConfinePaths: true, AllowedPaths: []string{filepath.Join(base, "allowed")}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "notes", Sources: []string{source}}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.System.PickFile(ctx, "model", "*.gguf"); err != nil {
		t.Fatal(err)
	}
	b.DropFiles([]string{dropped})

	tests := []struct {
		name string
		path string
		ok   bool
	}{
		{"the data directory", filepath.Join(dataDir, "exports"), true},
		{"a file in a source", filepath.Join(source, "a.md"), true},
		{"a new folder in a source", filepath.Join(source, "new", "deeper"), true},
		{"the file picked in a dialog", picked, true},
		{"a dropped folder", filepath.Join(dropped, "x.jsonl"), true},
		{"an allowed path", filepath.Join(base, "allowed", "out"), true},
		{"outside everything", filepath.Join(outside, "id_rsa"), false},
		{"beside the picked file", filepath.Join(filepath.Dir(picked), "other.gguf"), false},
		{"out by ..", filepath.Join(source, "..", "secrets", "id_rsa"), false},
		{"out by a link", filepath.Join(source, "link", "id_rsa"), false},
		{"a look-alike prefix", source + "-evil", false},
		{"the root", "/", false},
		{"relative", "secrets", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := b.paths.check(ctx, tt.path)
			if tt.ok && err != nil {
				t.Fatalf("check(%s) = %v", tt.path, err)
			}
			if !tt.ok && !core.ErrPathNotAllowed.Is(err) {
				t.Fatalf("check(%s) = %v, want %s", tt.path, err, core.ErrPathNotAllowed.Code)
			}
		})
	}
	if _, err := b.paths.check(ctx, " "); !core.ErrBadRequest.Is(err) {
		t.Errorf("an empty path: %v", err)
	}

	// The methods that read and write files ask first.
	set, err := b.Datasets.Create(ctx, "faq")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Datasets.Import(ctx, set.ID, filepath.Join(outside, "id_rsa"), "messages"); !core.ErrPathNotAllowed.Is(err) {
		t.Errorf("Datasets.Import outside: %v", err)
	}
	if _, err := b.Datasets.Add(ctx, set.ID, []core.Record{{Kind: core.RecordQA, Prompt: "What is kept?", Answer: "Everything."}}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Datasets.Export(ctx, set.ID, ExportRequest{Format: "alpaca", Dir: outside}); !core.ErrPathNotAllowed.Is(err) {
		t.Errorf("Datasets.Export outside: %v", err)
	}
	if err := b.Models.Import(ctx, filepath.Join(outside, "id_rsa"), "stolen"); !core.ErrPathNotAllowed.Is(err) {
		t.Errorf("Models.Import outside: %v", err)
	}
	if err := b.Models.ImportAdapter(ctx, filepath.Join(outside, "id_rsa"), "base", "stolen"); !core.ErrPathNotAllowed.Is(err) {
		t.Errorf("Models.ImportAdapter outside: %v", err)
	}
	if _, err := b.Models.Fit(ctx, FitRequest{Path: filepath.Join(outside, "id_rsa")}); !core.ErrPathNotAllowed.Is(err) {
		t.Errorf("Models.Fit outside: %v", err)
	}
	download := DownloadRequest{HubRequest: HubRequest{Hub: core.HubHuggingFace, Endpoint: "http://127.0.0.1:9", Repo: "org/m"}}
	download.File, download.Folder = core.HubFile{Path: "model.gguf"}, outside
	if _, err := b.Models.Download(ctx, download); !core.ErrPathNotAllowed.Is(err) {
		t.Errorf("Models.Download outside: %v", err)
	}
	download.File, download.Folder = core.HubFile{Path: "sub/.bashrc"}, ""
	if _, err := b.Models.Download(ctx, download); !core.ErrBadRequest.Is(err) {
		t.Errorf("a download named as a hidden file: %v", err)
	}

	// Unconfined, as the command line is, any path is the person's.
	free := &pathGuard{dataDir: dataDir}
	if _, err := free.check(ctx, filepath.Join(outside, "id_rsa")); err != nil {
		t.Errorf("unconfined check = %v", err)
	}
}
