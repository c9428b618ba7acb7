package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCheckedInDocumentsMatchTheirSources fails when a source changed
// without running the generator, or the generator stopped giving the same
// bytes for the same sources.
func TestCheckedInDocumentsMatchTheirSources(t *testing.T) {
	set := filepath.Join("..", "..", "backend", "evaluate", "testdata", "natural")
	for _, d := range documents {
		t.Run(d.target, func(t *testing.T) {
			want, err := encodeFile(set, d)
			if err != nil {
				t.Fatal(err)
			}
			again, err := encodeFile(set, d)
			if err != nil || !bytes.Equal(want, again) {
				t.Fatalf("two runs differ (%v)", err)
			}
			got, err := os.ReadFile(filepath.Join(set, "docs", filepath.FromSlash(d.target)))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%s is not what its source %s makes: run go run ./tools/naturalset", d.target, d.source)
			}
		})
	}
}
