package parse

import (
	"sync/atomic"

	"github.com/tetratelabs/wazero/experimental"
)

// pdfMemoryLimit bounds the memory of one PDFium instance. PDFium holds a
// page's whole decoded content stream while it reads the page's text, so a
// small file whose one stream inflates to gigabytes would otherwise take
// that much memory. Real pages decode to a few megabytes; a book of
// thousands of pages keeps its cross-reference and fonts within a few tens.
// Past the limit PDFium's allocations fail, the file fails with a reason,
// and the instance is replaced.
var pdfMemoryLimit uint64 = 128 << 20

// pdfKeepMemory is how much memory an instance may have grown to and still
// go back to the pool after a file; a larger one is closed, so a big PDF's
// memory returns to the system instead of staying with an idle engine.
const pdfKeepMemory = 48 << 20

// pdfMemory allocates PDFium's linear memory, never past pdfMemoryLimit,
// and counts what its instances hold.
type pdfMemory struct {
	// grown is the largest size any live instance's memory has reached,
	// summed over live instances.
	grown atomic.Int64
	// refused counts growth refused at the limit since the engine started.
	refused atomic.Int64
}

// Allocate implements experimental.MemoryAllocator.
func (m *pdfMemory) Allocate(_, max uint64) experimental.LinearMemory {
	return newLinearMemory(min(max, pdfMemoryLimit), m)
}

// used is what the live instances' memory has grown to, in bytes.
func (m *pdfMemory) used() int64 { return m.grown.Load() }
