package service

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/zhiku-app/zhiku/backend/ingest/parse"
	"github.com/zhiku-app/zhiku/backend/store"
)

// codeKeyMeta names the secret that signs the PDF engine's compiled code.
// It lives in the database, which no page can read or write, rather than
// in a file beside the code.
const codeKeyMeta = "pdf_code_key"

// DefaultCodeCacheDir is where the PDF engine's compiled code for the data
// folder dataDir is kept: the system's cache folder (ZHIKU_CACHE_DIR
// overrides it), outside the data folder and every place a page may name,
// one folder per data folder, as each signs its code with its own key.
func DefaultCodeCacheDir(dataDir string) string {
	base := os.Getenv("ZHIKU_CACHE_DIR")
	if base == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		base = filepath.Join(cache, "zhiku")
	}
	abs, _ := filepath.Abs(dataDir)
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(base, "pdfium", hex.EncodeToString(sum[:8]))
}

// configurePDF points the PDF engine at its code cache, signed with this
// data folder's key, and returns it. Without a folder or a key, PDFium
// compiles on each start instead: slower, never unsafe.
func configurePDF(ctx context.Context, st *store.Store, opts Options) parse.PDFCodeCache {
	// Earlier versions kept the cache inside the data folder, where a page
	// may write; nothing there is trusted, so it goes.
	os.RemoveAll(filepath.Join(opts.DataDir, "cache", "pdfium"))
	var cache parse.PDFCodeCache
	if key, err := codeKey(ctx, st); err == nil && opts.CodeCacheDir != "" {
		cache = parse.PDFCodeCache{Dir: opts.CodeCacheDir, Key: key}
	}
	parse.ConfigurePDF(cache)
	return cache
}

// codeKey returns the data folder's code-signing key, made on first use.
func codeKey(ctx context.Context, st *store.Store) ([]byte, error) {
	stored, err := st.Meta(ctx, codeKeyMeta)
	if err != nil {
		return nil, fmt.Errorf("read the code key: %w", err)
	}
	if key, err := hex.DecodeString(stored); err == nil && len(key) == 32 {
		return key, nil
	}
	key := make([]byte, 32)
	rand.Read(key)
	if err := st.SetMeta(ctx, codeKeyMeta, hex.EncodeToString(key)); err != nil {
		return nil, fmt.Errorf("keep the code key: %w", err)
	}
	return key, nil
}
