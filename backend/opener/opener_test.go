package opener

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestOpenCommands(t *testing.T) {
	tests := []struct {
		name, goos, path string
		page             int
		viewer           string
		want             [][]string
	}{
		{"Linux, Evince at a page", "linux", "/d/a.pdf", 3, "org.gnome.Evince.desktop",
			[][]string{{"evince", "--page-index=3", "/d/a.pdf"}, {"xdg-open", "/d/a.pdf"}, {"gio", "open", "/d/a.pdf"}}},
		{"Linux, Okular at a page", "linux", "/d/a.pdf", 7, "okular.desktop",
			[][]string{{"okular", "--page", "7", "/d/a.pdf"}, {"xdg-open", "/d/a.pdf"}, {"gio", "open", "/d/a.pdf"}}},
		{"Linux, a viewer without pages", "linux", "/d/a.pdf", 3, "firefox.desktop",
			[][]string{{"xdg-open", "/d/a.pdf"}, {"gio", "open", "/d/a.pdf"}}},
		{"Linux, no page", "linux", "/d/笔记.md", 0, "",
			[][]string{{"xdg-open", "/d/笔记.md"}, {"gio", "open", "/d/笔记.md"}}},
		{"macOS", "darwin", "/d/a.pdf", 3, "", [][]string{{"open", "/d/a.pdf"}}},
		{"Windows", "windows", `C:\d\a.pdf`, 3, "", [][]string{{"rundll32", "url.dll,FileProtocolHandler", `C:\d\a.pdf`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := openCommands(tt.goos, tt.path, tt.page, tt.viewer); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRevealCommands(t *testing.T) {
	got := revealCommands("linux", "/home/我/a b.pdf")
	if got[0][7] != "array:string:file:///home/%E6%88%91/a%20b.pdf" || got[1][1] != "/home/我" {
		t.Fatalf("got %q", got)
	}
	if got := revealCommands("darwin", "/d/a.pdf"); !reflect.DeepEqual(got, [][]string{{"open", "-R", "/d/a.pdf"}}) {
		t.Fatalf("macOS: %q", got)
	}
	if got := revealCommands("windows", `C:\d\a.pdf`); got[0][1] != `/select,C:\d\a.pdf` {
		t.Fatalf("Windows: %q", got)
	}
}

func TestStartSaysWhatWasMissing(t *testing.T) {
	err := start([][]string{{"zhiku-no-such-viewer", "x"}})
	if err == nil || err.Error() != "no way to open it here (zhiku-no-such-viewer not found)" {
		t.Fatalf("err = %v", err)
	}
	if err := start([][]string{{"zhiku-no-such-viewer"}, {"true"}}); err != nil {
		t.Fatalf("the second command should have run: %v", err)
	}
}

func TestCommandOpener(t *testing.T) {
	log := filepath.Join(t.TempDir(), "log")
	script := filepath.Join(t.TempDir(), "record")
	os.WriteFile(script, []byte("#!/bin/sh\necho \"$@\" >> "+log+"\n"), 0o755)
	t.Setenv(OpenWithEnv, script+" --flag")
	o := FromEnv("linux")
	if err := o.Open("/d/笔记.md", 2); err != nil {
		t.Fatal(err)
	}
	if err := o.Reveal("/d/笔记.md"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	// The two commands run on their own, in either order.
	want := []string{"--flag /d", "--flag /d/笔记.md"}
	for {
		data, _ := os.ReadFile(log)
		got := strings.Split(strings.TrimSpace(string(data)), "\n")
		slices.Sort(got)
		if slices.Equal(got, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the command saw %q, want %q", got, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A file's type says whether opening it could run it, whatever its case,
// and trailing dots and spaces, which Windows drops, do not hide it.
func TestRunnableByType(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		runnable bool
	}{
		{"run.bat", true},
		{"RUN.BAT", true},
		{"run.bat.", true},
		{"run.bat . ", true},
		{"x.Js", true},
		{"start.desktop", true},
		{"report.pdf", false},
		{"notes.md", false},
		{"archive.tar.gz", false},
		{"bat", false},
	}
	for _, tt := range tests {
		if got := Runnable(filepath.Join(dir, tt.name)); got != tt.runnable {
			t.Errorf("Runnable(%q) = %v, want %v", tt.name, got, tt.runnable)
		}
	}
}
