//go:build !race

package parse

// Killing a PDFium instance closes its module under the call in flight:
// go-pdfium's last resort, which the race detector reports inside wazero.
// This test therefore runs without it (make test-go runs it so).

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
	"github.com/zhiku-app/zhiku/backend/ingest/pdftest"
)

// A PDFium call that stops making progress (a malformed file can loop it
// forever) is killed: the file fails on its own, and the next PDF gets a
// fresh engine. Here every call counts as stalled at once.
func TestAStalledPDFEngineIsKilledAndReplaced(t *testing.T) {
	pages := make([]pdftest.Page, 40)
	for i := range pages {
		pages[i] = pdftest.Page{Latin: []string{"page text"}}
	}
	path := pdftest.Write(t, filepath.Join(t.TempDir(), "long.pdf"), pages)
	defer func(d time.Duration) { pdfStall = d }(pdfStall)
	pdfStall = time.Nanosecond
	_, err := PDF(t.Context(), path, func(chunk.Section) error {
		time.Sleep(5 * time.Millisecond) // let the watch see a stall
		return nil
	})
	if !core.ErrPDFStalled.Is(err) {
		t.Fatalf("PDF with a stalled engine = %v, want a per-file error", err)
	}
	pdfStall = time.Minute
	if sections, _ := collect(t, PDF, path); len(sections) != len(pages) {
		t.Fatalf("after the kill, the next PDF read %d of %d pages", len(sections), len(pages))
	}
}
