package service

import (
	"context"
	"os"
	"path/filepath"

	"github.com/zhiku-app/zhiku/backend/ingest/parse"
	"github.com/zhiku-app/zhiku/backend/store"
)

// configurePDF points the PDF engine at its code cache, signed with this
// data folder's key, and returns it. Without a folder or a key, PDFium
// compiles on each start instead: slower, never unsafe.
func configurePDF(ctx context.Context, st *store.Store, opts Options) parse.PDFCodeCache {
	// Earlier versions kept the cache inside the data folder, where a page
	// may write; nothing there is trusted, so it goes.
	os.RemoveAll(filepath.Join(opts.DataDir, "cache", "pdfium"))
	var cache parse.PDFCodeCache
	if key, err := st.CodeKey(ctx); err == nil && opts.CodeCacheDir != "" {
		cache = parse.PDFCodeCache{Dir: opts.CodeCacheDir, Key: key}
	}
	parse.ConfigurePDF(cache)
	return cache
}

// DefaultCodeCacheDir is where the PDF engine's compiled code for the data
// folder dataDir is kept (parse.DefaultPDFCodeCacheDir).
func DefaultCodeCacheDir(dataDir string) string { return parse.DefaultPDFCodeCacheDir(dataDir) }
