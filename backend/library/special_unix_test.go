//go:build unix

package library

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store/storetest"
)

// A named pipe, a socket and a link to a device in a source are listed as
// skipped with the reason, never opened: reading a pipe with no writer
// blocks for ever, and a device may never end. The sync finishes, and the
// regular file beside them is indexed.
func TestWhatIsNotAFileIsListedNotRead(t *testing.T) {
	st := storetest.Open(t, "")
	root := t.TempDir()
	write(t, filepath.Join(root, "note.md"), []byte("# 笔记\n\n普通文件。"))
	if err := syscall.Mkfifo(filepath.Join(root, "pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	sock, err := net.Listen("unix", filepath.Join(root, "socket.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer sock.Close()
	if err := os.Symlink("/dev/zero", filepath.Join(root, "zero.txt")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	kb, _ := st.CreateKB(ctx, core.KnowledgeBase{Name: "special", Sources: []string{root}, Chunking: core.DefaultChunking})
	for range 2 { // and again, when nothing changed
		if _, err := Sync(ctx, st, kb, Options{}); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := st.Files(ctx, kb.ID)
	got := map[string]string{}
	for _, f := range files {
		code := ""
		if f.Reason != nil {
			code = f.Reason.Code
		}
		got[filepath.Base(f.Path)] = string(f.Status) + " " + code
	}
	want := map[string]string{
		"note.md":    string(core.FileIndexed) + " ",
		"pipe.md":    string(core.FileSkipped) + " " + core.ErrNotAFile.Code,
		"socket.txt": string(core.FileSkipped) + " " + core.ErrNotAFile.Code,
		"zero.txt":   string(core.FileSkipped) + " " + core.ErrNotAFile.Code,
	}
	if len(got) != len(want) {
		t.Fatalf("files %v, want %v", got, want)
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s ended %q, want %q", name, got[name], w)
		}
	}
}
