//go:build unix

package core

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/zhiku-app/zhiku/backend/internal/fifotest"
)

func TestOnlyRegularFilesAreRead(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.json")
	if err := os.WriteFile(plain, []byte(`{"ok":true}`), 0o600); err != nil {
		t.Fatal(err)
	}
	pipe := filepath.Join(dir, "pipe.json")
	fifotest.Make(t, pipe)
	linkToPlain := filepath.Join(dir, "link-to-plain.json")
	linkToPipe := filepath.Join(dir, "link-to-pipe.json")
	for target, link := range map[string]string{plain: linkToPlain, pipe: linkToPipe} {
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
	}
	socket := filepath.Join(dir, "socket.json")
	listener, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close()

	for _, tc := range []struct {
		name, path string
		want       error // nil: the content is read
		what       string
	}{
		{"a regular file", plain, nil, ""},
		{"a link to a regular file", linkToPlain, nil, ""},
		{"a named pipe", pipe, ErrNotRegularFile, "it is a named pipe"},
		{"a link to a named pipe", linkToPipe, ErrNotRegularFile, "it is a named pipe"},
		{"a socket", socket, ErrNotRegularFile, "it is a socket"},
		{"a device", os.DevNull, ErrNotRegularFile, "it is a device"},
		{"a folder", dir, ErrNotRegularFile, "it is a folder"},
		{"nothing", filepath.Join(dir, "missing.json"), fs.ErrNotExist, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var data []byte
			var err error
			fifotest.Returns(t, "reading "+tc.name, func() { data, err = ReadRegularFile(tc.path) })
			if tc.want == nil {
				if err != nil || string(data) != `{"ok":true}` {
					t.Fatalf("ReadRegularFile = %q, %v", data, err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("ReadRegularFile = %q, %v; want %v", data, err, tc.want)
			}
			if tc.what != "" && err.Error() != "open "+tc.path+": not a regular file: "+tc.what {
				t.Errorf("error says %q", err)
			}
		})
	}
}

// Opening a named pipe for writing waits for a reader; it is refused at
// once instead, and says why.
func TestANamedPipeIsNotOpenedForWriting(t *testing.T) {
	pipe := filepath.Join(t.TempDir(), "server.log")
	fifotest.Make(t, pipe)
	var err error
	fifotest.Returns(t, "opening a named pipe for writing", func() {
		var f *os.File
		if f, err = OpenRegular(pipe, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600); err == nil {
			f.Close()
		}
	})
	if !errors.Is(err, ErrNotRegularFile) {
		t.Fatalf("OpenRegular = %v, want ErrNotRegularFile", err)
	}
}

func TestHashingANamedPipeIsRefused(t *testing.T) {
	pipe := filepath.Join(t.TempDir(), "model.gguf")
	fifotest.Make(t, pipe)
	var err error
	fifotest.Returns(t, "hashing a named pipe", func() { _, err = FileSHA256(pipe) })
	if !errors.Is(err, ErrNotRegularFile) {
		t.Fatalf("FileSHA256 = %v, want ErrNotRegularFile", err)
	}
}
