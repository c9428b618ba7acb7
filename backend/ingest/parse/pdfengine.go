package parse

import (
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// PDFium, compiled to WebAssembly and run by wazero, reads PDFs in pure Go
// correctly where Go-native readers fail: Chinese text in non-embedded
// fonts, browser-made PDFs, AES-256 encryption. Compiling its module takes
// seconds, so the pool starts on the first PDF and, once ConfigurePDF has
// named a code cache, later starts reuse the compiled code.
var pdfEngine struct {
	mu     sync.Mutex
	pool   pdfium.Pool
	memory *pdfMemory
	cache  PDFCodeCache
	// inUse lets one PDF at a time use the engine, so that what its
	// memory did (grew, hit the limit) is that file's doing and no
	// other's, and two engines never hold their memory at once.
	inUse sync.Mutex
}

// ConfigurePDF sets where PDFium's compiled code is kept between runs.
func ConfigurePDF(cache PDFCodeCache) {
	pdfEngine.mu.Lock()
	pdfEngine.cache = cache
	pdfEngine.mu.Unlock()
}

func pdfPool() (pdfium.Pool, *pdfMemory, error) {
	pdfEngine.mu.Lock()
	defer pdfEngine.mu.Unlock()
	if pdfEngine.pool != nil {
		return pdfEngine.pool, pdfEngine.memory, nil
	}
	// PDFium's module uses WebAssembly exceptions; go-pdfium's default
	// config enables them, and a custom one (for the cache) must too.
	// Closing on context done lets Kill interrupt PDFium when a malformed
	// file sends it into an endless loop.
	runtime := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithCloseOnContextDone(true)
	// The compiler reads the cache only while the module compiles, inside
	// Init, and only from a private copy of the entries the cache vouches
	// for; what it compiled is then kept, signed, for the next start.
	staged, err := pdfEngine.cache.stage()
	if err == nil {
		defer os.RemoveAll(staged)
		if compiled, err := wazero.NewCompilationCacheWithDir(staged); err == nil {
			runtime = runtime.WithCompilationCache(compiled)
		}
	}
	memory := &pdfMemory{}
	// Two instances at most: PDFs parse one per worker, and each instance
	// holds its own memory. PDFium gets no file system: it reads documents
	// through a reader, and a module that needs none should see none.
	pool, err := webassembly.Init(webassembly.Config{MinIdle: 0, MaxIdle: 1, MaxTotal: 2, RuntimeConfig: runtime,
		Context: experimental.WithMemoryAllocator(context.Background(), memory), FSConfig: wazero.NewFSConfig(),
		Stdout: discard{}, Stderr: discard{}})
	if err != nil {
		return nil, nil, fmt.Errorf("start the PDF engine: %w", err)
	}
	if staged != "" {
		pdfEngine.cache.keep(staged)
	}
	pdfEngine.pool, pdfEngine.memory = pool, memory
	return pool, memory, nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
