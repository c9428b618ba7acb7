package parse

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/zhiku-app/zhiku/backend/core"
)

// PDFCodeCache keeps PDFium's compiled machine code between runs, so only
// the first PDF ever read pays seconds of compiling. Machine code is the
// one thing Zhiku loads and runs from disk, so the cache is trusted only
// as far as it can be checked: it lives outside the data folder and every
// place a page may name, and each entry carries an HMAC under a secret of
// this installation that is kept in the database, never in a file. A
// planted or altered entry fails its check and is compiled afresh; the
// compiler only ever reads a private copy of entries that passed, so
// nothing can change between the check and the read.
type PDFCodeCache struct {
	// Dir holds the entries and their manifest; empty turns caching off.
	Dir string
	// Key signs and checks the entries.
	Key []byte
}

// manifestFile lists each entry's path, relative to Dir, with its HMAC.
const manifestFile = "manifest.json"

// maxCacheEntryBytes bounds an entry read back; PDFium's code is about
// 30 MB.
const maxCacheEntryBytes = 256 << 20

var errNoCodeCache = errors.New("no code cache is configured")

// stage copies the entries whose HMAC holds into a new private folder for
// the compiler, drops the others, and returns the folder.
func (c PDFCodeCache) stage() (string, error) {
	if c.Dir == "" || len(c.Key) == 0 {
		return "", errNoCodeCache
	}
	staged, err := os.MkdirTemp("", "zhiku-pdfium-")
	if err != nil {
		return "", fmt.Errorf("stage the PDF engine's code: %w", err)
	}
	for rel, want := range c.manifest() {
		// An entry that fails its check is removed, but only from inside
		// the cache: the manifest is not trusted to name what to delete.
		if err := c.copyChecked(rel, want, staged); err != nil && filepath.IsLocal(rel) && rel != manifestFile {
			os.Remove(filepath.Join(c.Dir, rel))
		}
	}
	return staged, nil
}

// copyChecked copies one entry into staged if its content matches want.
func (c PDFCodeCache) copyChecked(rel, want, staged string) error {
	if !filepath.IsLocal(rel) || rel == manifestFile {
		return fmt.Errorf("entry %q is outside the cache", rel)
	}
	data, err := readBounded(filepath.Join(c.Dir, rel), maxCacheEntryBytes)
	if err != nil {
		return err
	}
	if !hmac.Equal([]byte(c.sign(rel, data)), []byte(want)) {
		return fmt.Errorf("entry %q fails its check", rel)
	}
	dst := filepath.Join(staged, rel)
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o600)
}

// keep signs every entry the compiler left in staged and makes it and the
// manifest the cache's content. Failing to keep costs only a compile on
// the next start, so errors are dropped.
func (c PDFCodeCache) keep(staged string) {
	signed := map[string]string{}
	filepath.WalkDir(staged, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		rel, _ := filepath.Rel(staged, path)
		data, err := readBounded(path, maxCacheEntryBytes)
		if err != nil || writeCacheFile(filepath.Join(c.Dir, rel), data) != nil {
			return nil
		}
		signed[rel] = c.sign(rel, data)
		return nil
	})
	if manifest, err := json.Marshal(signed); err == nil {
		writeCacheFile(filepath.Join(c.Dir, manifestFile), manifest)
	}
}

// sign is the HMAC of an entry's path and content, in hex.
func (c PDFCodeCache) sign(rel string, data []byte) string {
	mac := hmac.New(sha256.New, c.Key)
	mac.Write([]byte(filepath.ToSlash(rel)))
	mac.Write([]byte{0})
	mac.Write(data)
	return hex.EncodeToString(mac.Sum(nil))
}

func (c PDFCodeCache) manifest() map[string]string {
	entries := map[string]string{}
	data, err := readBounded(filepath.Join(c.Dir, manifestFile), 1<<20)
	if err == nil {
		json.Unmarshal(data, &entries)
	}
	return entries
}

// writeCacheFile replaces path with data whole, making its folder first.
func writeCacheFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return core.WriteFileAtomic(path, data, 0o600)
}

// DefaultPDFCodeCacheDir is where the PDF engine's compiled code for the data
// folder dataDir is kept: the system's cache folder (ZHIKU_CACHE_DIR
// overrides it), outside the data folder and every place a page may name,
// one folder per data folder, as each signs its code with its own key.
func DefaultPDFCodeCacheDir(dataDir string) string {
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
