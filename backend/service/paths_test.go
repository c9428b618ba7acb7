package service

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

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

// A page may have Zhiku read what the person chose (dialogs, drops,
// --allow-path), the knowledge bases' sources and the data folder's
// models and exports folders, and write only into folders chosen for
// writing and those two; never into the rest of the data folder nor a
// hidden folder inside a chosen place. Links, .. and look-alike prefixes
// do not lead out, and the command line is not confined.
func TestPathsThePageMayReadAndWrite(t *testing.T) {
	base := t.TempDir()
	allowed := filepath.Join(base, "allowed")
	dataDir := filepath.Join(allowed, "zhiku")
	source := folder(t, "notes", map[string]string{"a.md": "# A"})
	picked := filepath.Join(base, "downloads", "model.gguf")
	saveIn := filepath.Join(base, "exports")
	dropped := filepath.Join(base, "dropped")
	outside := filepath.Join(base, "secrets")
	codeCache := filepath.Join(allowed, "cache", "zhiku", "pdfium", "0123")
	for _, dir := range []string{filepath.Dir(picked), saveIn, dropped, outside, source + "-evil", allowed} {
		os.MkdirAll(dir, 0o755)
	}
	os.WriteFile(picked, []byte("GGUF"), 0o644)
	os.WriteFile(filepath.Join(outside, "id_rsa"), []byte("key"), 0o600)
	os.Symlink(outside, filepath.Join(source, "link"))
	os.Symlink(filepath.Join(dataDir, "settings.json"), filepath.Join(saveIn, "settings-link"))

	dialogs := &pickedDialogs{}
	b, err := openWith(t, Options{DataDir: dataDir, Dialogs: dialogs, ConfinePaths: true, AllowedPaths: []string{allowed},
		CodeCacheDir: codeCache})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	pick := func(path string, choose func() (string, error)) {
		dialogs.picked = path
		if _, err := choose(); err != nil {
			t.Fatal(err)
		}
	}
	pick(source, func() (string, error) { return b.System.PickFolder(ctx, "notes") })
	pick(picked, func() (string, error) { return b.System.PickFile(ctx, "model", "*.gguf") })
	pick(saveIn, func() (string, error) { return b.System.PickSaveFolder(ctx, "export") })
	if _, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "notes", Sources: []string{source}}); err != nil {
		t.Fatal(err)
	}
	b.DropFiles([]string{dropped})

	tests := []struct {
		name        string
		path        string
		read, write bool
	}{
		{"the models folder", filepath.Join(dataDir, "models", "m.gguf"), true, true},
		{"the exports folder", filepath.Join(dataDir, "exports", "faq"), true, true},
		{"the data folder", dataDir, false, false},
		{"the database", filepath.Join(dataDir, "zhiku.db"), false, false},
		{"the database's log", filepath.Join(dataDir, "zhiku.db-wal"), false, false},
		{"the settings", filepath.Join(dataDir, "settings.json"), false, false},
		{"the lock", filepath.Join(dataDir, "zhiku.lock"), false, false},
		{"an index snapshot", filepath.Join(dataDir, "index", "kb-1.idx"), false, false},
		{"a cache", filepath.Join(dataDir, "cache", "pdfium"), false, false},
		{"the PDF engine's code cache, inside an allowed path", codeCache, false, false},
		{"compiled code in it", filepath.Join(codeCache, "pdfium.wasm.bin"), false, false},
		{"beside the code cache", filepath.Join(allowed, "cache", "notes.md"), true, true},
		{"a file in a source", filepath.Join(source, "a.md"), true, false},
		{"a new folder in a source", filepath.Join(source, "new", "deeper"), true, false},
		{"the file picked to open", picked, true, false},
		{"beside the picked file", filepath.Join(filepath.Dir(picked), "other.gguf"), false, false},
		{"the folder picked to save in", filepath.Join(saveIn, "faq_train.jsonl"), true, true},
		{"a hidden folder in it", filepath.Join(saveIn, ".config", "autostart"), false, false},
		{"a link in it to the settings", filepath.Join(saveIn, "settings-link"), false, false},
		{"a dropped folder", filepath.Join(dropped, "x.jsonl"), true, false},
		{"an allowed path", filepath.Join(allowed, "out"), true, true},
		{"a hidden file in an allowed path", filepath.Join(allowed, ".bashrc"), false, false},
		{"macOS's launch agents", filepath.Join(allowed, "Library", "LaunchAgents", "x.plist"), true, false},
		{"them in another case", filepath.Join(allowed, "library", "launchAGENTS", "x.plist"), true, false},
		{"macOS's launch daemons", filepath.Join(allowed, "Library", "LaunchDaemons", "x.plist"), true, false},
		{"macOS's preferences", filepath.Join(allowed, "Library", "Preferences", "com.apple.dock.plist"), true, false},
		{"macOS's login items", filepath.Join(allowed, "Library", "Application Support", "com.apple.backgroundtaskmanagementagent", "backgrounditems.btm"), true, false},
		{"other application support", filepath.Join(allowed, "Library", "Application Support", "notes", "a.md"), true, true},
		{"Windows' startup folder", filepath.Join(allowed, "AppData", "Roaming", "Microsoft", "Windows", "Start Menu", "Programs", "Startup", "x.bat"), true, false},
		{"Windows' roaming Microsoft folder", filepath.Join(allowed, "appdata", "roaming", "microsoft", "Word", "STARTUP", "x.dotm"), true, false},
		{"Windows' local Microsoft folder", filepath.Join(allowed, "AppData", "Local", "Microsoft", "WindowsApps", "x.exe"), true, false},
		{"other roaming application data", filepath.Join(allowed, "AppData", "Roaming", "notes", "a.md"), true, true},
		{"outside everything", filepath.Join(outside, "id_rsa"), false, false},
		{"out by ..", filepath.Join(source, "..", "secrets", "id_rsa"), false, false},
		{"out by a link", filepath.Join(source, "link", "id_rsa"), false, false},
		{"a look-alike prefix", source + "-evil", false, false},
		{"the root", "/", false, false},
		{"relative", "secrets", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := b.paths.CheckRead(ctx, tt.path)
			if tt.read != (err == nil) || (err != nil && !core.ErrPathNotAllowed.Is(err)) {
				t.Errorf("CheckRead(%s) = %v, want allowed %v", tt.path, err, tt.read)
			}
			_, err = b.paths.CheckWrite(ctx, tt.path)
			if tt.write != (err == nil) || (err != nil && !core.ErrPathNotWritable.Is(err)) {
				t.Errorf("CheckWrite(%s) = %v, want allowed %v", tt.path, err, tt.write)
			}
		})
	}
	if _, err := b.paths.CheckRead(ctx, " "); !core.ErrBadRequest.Is(err) {
		t.Errorf("an empty path: %v", err)
	}

	// A download's name comes from the hub, and is never a hidden file.
	download := DownloadRequest{HubRequest: HubRequest{Hub: core.HubHuggingFace, Endpoint: "http://127.0.0.1:9", Repo: "org/m"}}
	download.File = core.HubFile{Path: "sub/.bashrc"}
	if _, err := b.Models.Download(ctx, download); !core.ErrBadRequest.Is(err) {
		t.Errorf("a download named as a hidden file: %v", err)
	}

}

// The folder dialog for saving says in Zhiku's words, in the person's
// language, that Zhiku may save in the folder chosen.
func TestTheSaveDialogSaysZhikuMaySaveThere(t *testing.T) {
	dialogs := &titledDialogs{}
	b, err := openWith(t, Options{DataDir: t.TempDir(), Dialogs: dialogs, ConfinePaths: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := b.System.PickSaveFolder(ctx, "Folder to export into"); err != nil {
		t.Fatal(err)
	}
	if want := core.SaveFolderNotice.New(nil, "title", "Folder to export into").In(core.LocaleEnglish); dialogs.title != want {
		t.Errorf("the dialog's title is %q, want %q", dialogs.title, want)
	}
	notice := core.SaveFolderNotice.New(nil, "title", "").In(core.LocaleEnglish)
	if !strings.HasPrefix(dialogs.title, notice) {
		t.Errorf("the dialog's title %q does not start with Zhiku's notice %q", dialogs.title, notice)
	}
	long := strings.Repeat("x", 1000)
	if _, err := b.System.PickSaveFolder(ctx, long); err != nil {
		t.Fatal(err)
	}
	if given := strings.TrimPrefix(dialogs.title, notice); !strings.HasPrefix(dialogs.title, notice) || utf8.RuneCountInString(given) > maxDialogTitle+1 {
		t.Errorf("a long title from the page shows as %d characters after the notice", utf8.RuneCountInString(given))
	}
	if _, err := b.System.PickFolder(ctx, "Add a folder"); err != nil || dialogs.title != "Add a folder" {
		t.Errorf("the folder dialog for reading is titled %q (%v)", dialogs.title, err)
	}
}

// titledDialogs records the folder dialog's title and cancels it.
type titledDialogs struct {
	pickedDialogs
	title string
}

func (d *titledDialogs) PickFolder(_ context.Context, title string) (string, error) {
	d.title = title
	return "", nil
}

// A folder the page may have Zhiku save into, or anything under one, is
// refused as a knowledge base's folder, however the page names it: a
// script could download a file there and have it indexed and opened.
// Folders the person chose to read, and --allow-path folders, which are
// zhiku serve's only way to name one, still are.
func TestAPlaceThePageMayWriteIsNoSource(t *testing.T) {
	base := t.TempDir()
	dataDir := filepath.Join(base, "zhiku")
	saveIn := filepath.Join(base, "saved")
	readIn := filepath.Join(base, "notes")
	allowed := filepath.Join(base, "allowed")
	for _, dir := range []string{filepath.Join(dataDir, "models", "org"), filepath.Join(dataDir, "exports"),
		filepath.Join(saveIn, "sub"), readIn, allowed} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	dialogs := &pickedDialogs{}
	b, err := openWith(t, Options{DataDir: dataDir, Dialogs: dialogs, ConfinePaths: true, AllowedPaths: []string{allowed}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	dialogs.picked = saveIn
	if _, err := b.System.PickSaveFolder(ctx, "export"); err != nil {
		t.Fatal(err)
	}
	dialogs.picked = readIn
	if _, err := b.System.PickFolder(ctx, "notes"); err != nil {
		t.Fatal(err)
	}
	kb, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "notes", Sources: []string{readIn}})
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		source  string
		refused bool
	}{
		{"the models folder", filepath.Join(dataDir, "models"), true},
		{"a folder in the models folder", filepath.Join(dataDir, "models", "org"), true},
		{"the exports folder", filepath.Join(dataDir, "exports"), true},
		{"a folder chosen to save in", saveIn, true},
		{"a folder in the one chosen to save in", filepath.Join(saveIn, "sub"), true},
		{"a folder chosen to read", readIn, false},
		{"an --allow-path folder", allowed, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ways := map[string]func() error{
				"Create": func() error {
					_, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "kb " + tt.source, Sources: []string{tt.source}})
					return err
				},
				"AddSources": func() error {
					_, err := b.Library.AddSources(ctx, kb.ID, []string{tt.source})
					return err
				},
				"CreateFromDrop": func() error {
					b.DropFiles([]string{tt.source})
					_, err := b.Library.CreateFromDrop(ctx, []string{tt.source})
					return err
				},
			}
			for way, call := range ways {
				err := call()
				if tt.refused && !core.ErrSourceWritable.Is(err) {
					t.Errorf("%s(%s) = %v, want it refused as a place the page may write", way, tt.source, err)
				}
				if !tt.refused && err != nil {
					t.Errorf("%s(%s) = %v, want it accepted", way, tt.source, err)
				}
			}
		})
	}
}

// A save folder so broad that it holds the person's whole home (the home
// folder, one above it, the root) is refused in the dialog, and not
// granted: the page could write anywhere in it.
func TestTheSaveDialogRefusesTheHomeFolderAndAbove(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home", "me")
	documents := filepath.Join(home, "Documents")
	if err := os.MkdirAll(documents, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	dialogs := &pickedDialogs{}
	b, err := openWith(t, Options{DataDir: t.TempDir(), Dialogs: dialogs, ConfinePaths: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tests := []struct {
		name    string
		picked  string
		refused bool
	}{
		{"the home folder", home, true},
		{"the home folder, with a trailing separator", home + string(filepath.Separator), true},
		{"above it", filepath.Dir(home), true},
		{"the root", string(filepath.Separator), true},
		{"a folder in it", documents, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dialogs.picked = tt.picked
			_, err := b.System.PickSaveFolder(ctx, "export")
			if tt.refused != core.ErrSaveFolderTooBroad.Is(err) || (!tt.refused && err != nil) {
				t.Errorf("PickSaveFolder chose %s: %v, want refused %v", tt.picked, err, tt.refused)
			}
			_, err = b.paths.CheckWrite(ctx, filepath.Join(tt.picked, "faq.jsonl"))
			if tt.refused != (err != nil) {
				t.Errorf("after choosing %s, CheckWrite in it = %v", tt.picked, err)
			}
		})
	}
}
