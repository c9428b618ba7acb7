package parse

import (
	"path/filepath"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
	"github.com/zhiku-app/zhiku/backend/ingest/pdftest"
)

// A PDF of blank pages has no text; only pages that draw pictures are a
// scan that needs OCR.
func TestABlankPDFHasNoTextRatherThanNeedingOCR(t *testing.T) {
	path := pdftest.Write(t, filepath.Join(t.TempDir(), "blank.pdf"), []pdftest.Page{{}, {}, {}})
	sections, _ := collect(t, PDF, path)
	if len(sections) != 0 {
		t.Fatalf("blank pages gave %d sections", len(sections))
	}
}

// A small PDF whose one content stream inflates to a quarter of a gigabyte fails
// at the engine's memory limit, and the engine's memory goes back: the
// instance that hit the limit is replaced, and the next PDF reads.
func TestAPDFInflatingPastTheMemoryLimitFailsAndGivesItBack(t *testing.T) {
	dir := t.TempDir()
	path := pdftest.Write(t, filepath.Join(dir, "inflating.pdf"), []pdftest.Page{{Latin: []string{"Inflates."}, Inflated: 256 << 20}})
	_, err := PDF(t.Context(), path, func(chunk.Section) error { return nil })
	if !core.ErrPDFMemory.Is(err) {
		t.Fatalf("PDF(inflating) = %v, want %s", err, core.ErrPDFMemory.Code)
	}
	_, memory, _ := pdfPool()
	if used := memory.used(); used > pdfKeepMemory {
		t.Errorf("the engines hold %d MiB after the failure, want at most %d", used>>20, pdfKeepMemory>>20)
	}
	ok := pdftest.Write(t, filepath.Join(dir, "ok.pdf"), []pdftest.Page{{Latin: []string{"Still reads."}}})
	if sections, _ := collect(t, PDF, ok); len(sections) != 1 {
		t.Fatalf("after the failure the next PDF read %d sections", len(sections))
	}
}
