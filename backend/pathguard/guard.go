// Package pathguard confines the files and folders a web page may name for
// Zhiku, so that a script that got into the page still could not make Zhiku
// read or write anywhere the person did not choose.
package pathguard

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Guard decides what the page may have Zhiku read and write.
//
// The page may have Zhiku read the knowledge bases' sources, the data
// folder's models and exports folders, and what the person chose: in a
// file or folder dialog, by dropping it on the window, or with zhiku serve
// --allow-path. It may have Zhiku write only into the models and exports
// folders and folders chosen for writing: in the folder dialog for saving,
// or with --allow-path. A knowledge base's sources are read, never
// written: making a knowledge base of a folder is no leave to change it.
// Nor may a folder the page may have Zhiku write into become a knowledge
// base's: the page could download a script there and have it indexed and
// opened. --allow-path folders may, as zhiku serve has no other way to
// name one, and search results never launch what can run (runnable).
//
// Whatever was chosen, the rest of the data folder (the database, the
// settings, the lock, the indexes, the caches) and the PDF engine's code
// cache, wherever it is, are Zhiku's own and never the page's to name, and neither is any hidden file or folder inside a
// chosen place (~/.ssh, ~/.config/autostart): the person chose the place,
// the page chose what inside it. Nor may the page have Zhiku write where
// a system starts programs or reads its settings (systemPlaces), wherever
// that lies.
//
// Unconfined, it checks only that a path is named: the command line is
// the person typing.
type Guard struct {
	confined bool
	dataDir  string
	// ownFolders are Zhiku's own folders outside the data folder: the PDF
	// engine's code cache, whose code Zhiku runs.
	ownFolders []string
	// sources lists the knowledge bases' sources, which the page may
	// have Zhiku read.
	sources func(ctx context.Context) []string

	mu sync.Mutex
	// readable are what the person chose to open or dropped; savable the
	// folders they chose to save in, and allowed the folders given on the
	// command line: both may be read and written.
	readable []string
	savable  []string
	allowed  []string
}

// Options configure New.
type Options struct {
	// Confined keeps paths to what the page may name; unconfined, a path
	// need only be named, as on the command line, where the person types.
	Confined bool
	DataDir  string
	// OwnFolders are Zhiku's own folders outside the data folder, never
	// the page's to name.
	OwnFolders []string
	// Sources lists the knowledge bases' sources; nil when there are none.
	Sources func(ctx context.Context) []string
}

// New returns a guard for the data folder opts.DataDir.
func New(opts Options) *Guard {
	return &Guard{confined: opts.Confined, dataDir: opts.DataDir, ownFolders: opts.OwnFolders, sources: opts.Sources}
}

// ModelsFolder is where downloads go unless the person chose a folder.
func ModelsFolder(dataDir string) string { return filepath.Join(dataDir, "models") }

// ExportsFolder is where exports go unless the person chose a folder.
func ExportsFolder(dataDir string) string { return filepath.Join(dataDir, "exports") }

// GrantReading lets the page have Zhiku read these paths and what is
// under them.
func (g *Guard) GrantReading(paths ...string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.readable = append(g.readable, resolvedAll(paths)...)
}

// GrantSaving lets the page have Zhiku read and write these folders, the
// person chose to save in, and what is under them.
func (g *Guard) GrantSaving(paths ...string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.savable = append(g.savable, resolvedAll(paths)...)
}

// GrantAllowed lets the page have Zhiku read and write these folders,
// given on the command line, and what is under them, and make knowledge
// bases of them.
func (g *Guard) GrantAllowed(paths ...string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.allowed = append(g.allowed, resolvedAll(paths)...)
}

func resolvedAll(paths []string) []string {
	var out []string
	for _, p := range paths {
		if p = core.ExpandUserPath(strings.TrimSpace(p)); p == "" {
			continue
		}
		// Only --allow-path may be relative: to the folder zhiku serve was
		// started in, as the person typed it.
		if abs, err := filepath.Abs(p); err == nil {
			out = append(out, resolved(abs))
		}
	}
	return out
}

// CheckRead returns path made absolute if the page may have Zhiku read it,
// or a problem saying why Zhiku will not.
func (g *Guard) CheckRead(ctx context.Context, path string) (string, error) {
	abs, real, err := g.named(path, core.ErrPathNotAllowed)
	if err != nil || !g.confined {
		return abs, err
	}
	if !g.internal(real) && underAny(real, g.readRoots(ctx)) {
		return abs, nil
	}
	return "", core.ErrPathNotAllowed.New(nil, "path", path)
}

// CheckSource returns path made absolute if the page may make a knowledge
// base of it: if it may have Zhiku read it, and it is not in a folder
// the page may have Zhiku save into (but one given on the command line).
func (g *Guard) CheckSource(ctx context.Context, path string) (string, error) {
	abs, err := g.CheckRead(ctx, path)
	if err != nil || !g.confined {
		return abs, err
	}
	real := resolved(abs)
	for _, root := range g.savingRoots() {
		if within(real, root) {
			return "", core.ErrSourceWritable.New(nil, "path", core.DisplayPath(abs))
		}
	}
	return abs, nil
}

// CheckSources makes paths absolute and checks each may be a knowledge
// base's source (CheckSource) and exists. Whether it may be is asked
// first, so a page cannot learn whether a file exists where it may not
// look.
func (g *Guard) CheckSources(ctx context.Context, paths []string) ([]string, error) {
	if len(paths) == 0 {
		return nil, core.ErrBadRequest.New(nil, "reason", "a knowledge base needs at least one folder or file")
	}
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		abs, err := g.CheckSource(ctx, p)
		if err != nil {
			return nil, err
		}
		if _, err := os.Stat(abs); err != nil {
			return nil, core.ErrSourceMissing.New(err, "path", p)
		}
		out = append(out, abs)
	}
	return out, nil
}

// CheckWrite returns path made absolute if the page may have Zhiku write
// it, or a problem saying why Zhiku will not.
func (g *Guard) CheckWrite(ctx context.Context, path string) (string, error) {
	abs, real, err := g.named(path, core.ErrPathNotWritable)
	if err != nil || !g.confined {
		return abs, err
	}
	if !g.internal(real) && !inSystemPlace(real) && underAny(real, g.writeRoots()) {
		return abs, nil
	}
	return "", core.ErrPathNotWritable.New(nil, "path", path)
}

// named returns a path the page named made absolute, with a leading ~
// expanded (core.ExpandUserPath), and with its links followed. A page has
// no working directory of its own, so where Zhiku confines it a relative
// path names nothing, and is refused as refusal.
func (g *Guard) named(path string, refusal core.ProblemKind) (abs, real string, err error) {
	// The page names a file it was shown by its key (core.PathKey).
	if path, err = core.PathFromKey(strings.TrimSpace(path)); err != nil {
		return "", "", core.ErrBadRequest.New(err, "reason", err.Error())
	}
	if path == "" || strings.ContainsRune(path, 0) {
		return "", "", core.ErrBadRequest.New(nil, "reason", "a file or folder path is needed")
	}
	// A typed ~/Documents is the person's, as in a shell; what it expands
	// to is then confined as a path typed in full would be.
	path = core.ExpandUserPath(path)
	if g.confined && !filepath.IsAbs(path) {
		return "", "", refusal.New(nil, "path", path)
	}
	abs, err = filepath.Abs(path)
	if err != nil {
		return "", "", core.ErrBadRequest.New(err, "reason", err.Error())
	}
	return abs, resolved(abs), nil
}

// internal reports whether real is in the data folder outside its models
// and exports folders, or in one of Zhiku's own folders elsewhere: Zhiku's
// own files, which it loads and trusts.
func (g *Guard) internal(real string) bool {
	for _, own := range g.ownFolders {
		if own != "" && within(real, resolved(own)) {
			return true
		}
	}
	data := resolved(g.dataDir)
	return within(real, data) &&
		!within(real, resolved(ModelsFolder(g.dataDir))) && !within(real, resolved(ExportsFolder(g.dataDir)))
}

// savingRoots are the folders the page may have Zhiku save into but the
// command line's.
func (g *Guard) savingRoots() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string{resolved(ModelsFolder(g.dataDir)), resolved(ExportsFolder(g.dataDir))}, g.savable...)
}

func (g *Guard) writeRoots() []string {
	roots := g.savingRoots()
	g.mu.Lock()
	defer g.mu.Unlock()
	return append(roots, g.allowed...)
}

func (g *Guard) readRoots(ctx context.Context) []string {
	roots := g.writeRoots()
	g.mu.Lock()
	roots = append(roots, g.readable...)
	g.mu.Unlock()
	if g.sources != nil {
		for _, src := range g.sources(ctx) {
			roots = append(roots, resolved(src))
		}
	}
	return roots
}
