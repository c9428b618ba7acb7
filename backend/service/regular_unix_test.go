//go:build unix

package service

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/internal/fifotest"
)

// Importing a data set from a named pipe would wait for something to
// write to it; it is refused at once as a file that cannot be read.
func TestADataSetIsNotImportedFromANamedPipe(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	dir := t.TempDir()
	b, err := open(t, dir, &events{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	set, err := b.Datasets.Create(ctx, "imports")
	if err != nil {
		t.Fatal(err)
	}
	pipe := filepath.Join(dir, "records.jsonl")
	fifotest.Make(t, pipe)
	fifotest.Returns(t, "importing from a named pipe", func() { _, err = b.Datasets.Import(ctx, set.ID, pipe, "messages") })
	if !core.ErrDatasetFile.Is(err) {
		t.Fatalf("Import = %v, want a file that cannot be read", err)
	}
}
