package service

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store"
)

// pathGuard confines the files and folders a web page may name for Zhiku
// to read or write: inside the data directory, a knowledge base's sources,
// or a place the person chose themselves — in a native dialog, by dropping
// it on the window, or with zhiku serve --allow-path. So a script that got
// into the page still could not make Zhiku read or write anywhere else.
// Unconfined, it checks only that a path is named: the command line is
// the person typing.
type pathGuard struct {
	confined bool
	dataDir  string
	store    *store.Store

	mu      sync.Mutex
	granted []string
}

// grant lets the page name these paths and everything under them.
func (g *pathGuard) grant(paths ...string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, p := range paths {
		if p = strings.TrimSpace(p); p != "" {
			g.granted = append(g.granted, resolved(p))
		}
	}
}

// check returns path made absolute, or a problem saying why Zhiku will not
// touch it.
func (g *pathGuard) check(ctx context.Context, path string) (string, error) {
	path = strings.TrimSpace(path)
	if path == "" || strings.ContainsRune(path, 0) {
		return "", core.ErrBadRequest.New(nil, "reason", "a file or folder path is needed")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", core.ErrBadRequest.New(err, "reason", err.Error())
	}
	if !g.confined {
		return abs, nil
	}
	real := resolved(abs)
	for _, root := range g.roots(ctx) {
		if within(real, root) {
			return abs, nil
		}
	}
	return "", core.ErrPathNotAllowed.New(nil, "path", path)
}

func (g *pathGuard) roots(ctx context.Context) []string {
	g.mu.Lock()
	roots := append([]string{resolved(g.dataDir)}, g.granted...)
	g.mu.Unlock()
	if g.store != nil {
		kbs, _ := g.store.KBs(ctx)
		for _, kb := range kbs {
			for _, src := range kb.Sources {
				roots = append(roots, resolved(src))
			}
		}
	}
	return roots
}

// resolved is path with every symbolic link in its existing part
// followed, so a link inside an allowed folder cannot lead out of it.
func resolved(path string) string {
	path = filepath.Clean(path)
	var rest []string
	for {
		real, err := filepath.EvalSymlinks(path)
		if err == nil {
			return filepath.Join(append([]string{real}, rest...)...)
		}
		parent := filepath.Dir(path)
		if !errors.Is(err, fs.ErrNotExist) || parent == path {
			return filepath.Join(append([]string{path}, rest...)...)
		}
		rest = append([]string{filepath.Base(path)}, rest...)
		path = parent
	}
}

func within(path, root string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(os.PathSeparator)) && !filepath.IsAbs(rel)
}
