//go:build unix

package models

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/internal/fifotest"
	"github.com/zhiku-app/zhiku/backend/models/hubtest"
)

// A catalogue override that is a named pipe is reported like a broken
// one, at once, and the built-in list used.
func TestACatalogueThatIsNotAFileIsIgnored(t *testing.T) {
	path := filepath.Join(t.TempDir(), "catalog.json")
	fifotest.Make(t, path)
	var c Catalog
	var err error
	fifotest.Returns(t, "loading a catalogue from a named pipe", func() { c, err = LoadCatalog(path) })
	if !errors.Is(err, core.ErrNotRegularFile) || len(c.Models) == 0 {
		t.Fatalf("LoadCatalog = %d models, %v; want the built-in list and the reason", len(c.Models), err)
	}
}

// Zhiku's own part file is replaced when something other than a file
// stands in its place, and the download starts over.
func TestAPartThatIsNotAFileIsStartedAgain(t *testing.T) {
	data := modelBytes(1 << 20)
	hub := hubtest.New(t)
	hub.Add("org/model", "m.gguf", data)
	d := Download{Hub: Hub{Kind: core.HubHuggingFace, Endpoint: hub.URL}, Repo: "org/model", Folder: t.TempDir(),
		File: core.HubFile{Path: "m.gguf", Size: int64(len(data)), SHA256: hubtest.SHA256(data)}}
	fifotest.Make(t, d.Dest()+".part")
	var path string
	var err error
	fifotest.Returns(t, "a download whose part file is a named pipe", func() { path, err = d.Run(context.Background()) })
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
		t.Fatalf("downloaded %d bytes, want %d", len(got), len(data))
	}
}

func TestGGUFHeadersAreReadOnlyFromFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "model.gguf")
	fifotest.Make(t, path)
	for name, read := range map[string]func(string) error{
		"SpecFromGGUF": func(p string) error { _, err := SpecFromGGUF(p); return err },
		"CheckAdapter": func(p string) error { _, err := CheckAdapter(p); return err },
	} {
		var err error
		fifotest.Returns(t, name+" on a named pipe", func() { err = read(path) })
		if !core.ErrGGUFUnreadable.Is(err) || !errors.Is(err, core.ErrNotRegularFile) {
			t.Errorf("%s = %v, want unreadable: not a regular file", name, err)
		}
	}
}
