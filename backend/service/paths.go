package service

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store"
)

// pathGuard confines the files and folders a web page may name for Zhiku,
// so that a script that got into the page still could not make Zhiku read
// or write anywhere the person did not choose.
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
type pathGuard struct {
	confined bool
	dataDir  string
	// ownFolders are Zhiku's own folders outside the data folder: the PDF
	// engine's code cache, whose code Zhiku runs.
	ownFolders []string
	store      *store.Store

	mu sync.Mutex
	// readable are what the person chose to open or dropped; savable the
	// folders they chose to save in, and allowed the folders given on the
	// command line: both may be read and written.
	readable []string
	savable  []string
	allowed  []string
}

// modelsFolder is where downloads go unless the person chose a folder.
func modelsFolder(dataDir string) string { return filepath.Join(dataDir, "models") }

// exportsFolder is where exports go unless the person chose a folder.
func exportsFolder(dataDir string) string { return filepath.Join(dataDir, "exports") }

// grantReading lets the page have Zhiku read these paths and what is
// under them.
func (g *pathGuard) grantReading(paths ...string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.readable = append(g.readable, resolvedAll(paths)...)
}

// grantSaving lets the page have Zhiku read and write these folders, the
// person chose to save in, and what is under them.
func (g *pathGuard) grantSaving(paths ...string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.savable = append(g.savable, resolvedAll(paths)...)
}

// grantAllowed lets the page have Zhiku read and write these folders,
// given on the command line, and what is under them, and make knowledge
// bases of them.
func (g *pathGuard) grantAllowed(paths ...string) {
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

// checkRead returns path made absolute if the page may have Zhiku read it,
// or a problem saying why Zhiku will not.
func (g *pathGuard) checkRead(ctx context.Context, path string) (string, error) {
	abs, real, err := g.named(path, core.ErrPathNotAllowed)
	if err != nil || !g.confined {
		return abs, err
	}
	if !g.internal(real) && underAny(real, g.readRoots(ctx)) {
		return abs, nil
	}
	return "", core.ErrPathNotAllowed.New(nil, "path", path)
}

// checkSource returns path made absolute if the page may make a knowledge
// base of it: if it may have Zhiku read it, and it is not in a folder
// the page may have Zhiku save into (but one given on the command line).
func (g *pathGuard) checkSource(ctx context.Context, path string) (string, error) {
	abs, err := g.checkRead(ctx, path)
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

// checkWrite returns path made absolute if the page may have Zhiku write
// it, or a problem saying why Zhiku will not.
func (g *pathGuard) checkWrite(ctx context.Context, path string) (string, error) {
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
func (g *pathGuard) named(path string, refusal core.ProblemKind) (abs, real string, err error) {
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
func (g *pathGuard) internal(real string) bool {
	for _, own := range g.ownFolders {
		if own != "" && within(real, resolved(own)) {
			return true
		}
	}
	data := resolved(g.dataDir)
	return within(real, data) &&
		!within(real, resolved(modelsFolder(g.dataDir))) && !within(real, resolved(exportsFolder(g.dataDir)))
}

// savingRoots are the folders the page may have Zhiku save into but the
// command line's.
func (g *pathGuard) savingRoots() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string{resolved(modelsFolder(g.dataDir)), resolved(exportsFolder(g.dataDir))}, g.savable...)
}

func (g *pathGuard) writeRoots() []string {
	roots := g.savingRoots()
	g.mu.Lock()
	defer g.mu.Unlock()
	return append(roots, g.allowed...)
}

func (g *pathGuard) readRoots(ctx context.Context) []string {
	roots := g.writeRoots()
	g.mu.Lock()
	roots = append(roots, g.readable...)
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

// underAny reports whether path is one of roots or inside one, through no
// hidden file or folder.
func underAny(path string, roots []string) bool {
	for _, root := range roots {
		if within(path, root) && !hiddenBelow(path, root) {
			return true
		}
	}
	return false
}

// maxLinks bounds how many links resolved follows, as the system does, so
// links that point at each other end.
const maxLinks = 40

// resolved is path with every symbolic link in its existing part
// followed, so a link inside an allowed folder cannot lead out of it. A
// link to nothing yet is followed too: writing through it would create
// its target.
func resolved(path string) string {
	path = filepath.Clean(path)
	var rest []string
	for links := 0; ; {
		real, err := filepath.EvalSymlinks(path)
		if err == nil {
			return filepath.Join(append([]string{real}, rest...)...)
		}
		if target, linkErr := os.Readlink(path); linkErr == nil && links < maxLinks {
			if !filepath.IsAbs(target) {
				target = filepath.Join(filepath.Dir(path), target)
			}
			path, links = filepath.Clean(target), links+1
			continue
		}
		parent := filepath.Dir(path)
		if !errors.Is(err, fs.ErrNotExist) || parent == path {
			return filepath.Join(append([]string{path}, rest...)...)
		}
		rest = append([]string{filepath.Base(path)}, rest...)
		path = parent
	}
}

// foldCase is whether the file system ignores case in names, as APFS and
// NTFS do by default: there ~/ZHIKU/settings.json is Zhiku's settings.
var foldCase = runtime.GOOS == "darwin" || runtime.GOOS == "windows"

// relative is path relative to root, ignoring case where the file system
// does.
func relative(root, path string) (string, error) {
	if foldCase {
		root, path = strings.ToLower(root), strings.ToLower(path)
	}
	return filepath.Rel(root, path)
}

func within(path, root string) bool {
	rel, err := relative(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(os.PathSeparator)) && !filepath.IsAbs(rel)
}

// hiddenBelow reports whether path, inside root, is or is inside a hidden
// file or folder.
func hiddenBelow(path, root string) bool {
	rel, err := relative(root, path)
	if err != nil || rel == "." {
		return false
	}
	for _, part := range strings.Split(rel, string(os.PathSeparator)) {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

// systemPlaces are the folders, as runs of names in a path, where a file
// makes the system start a program or changes how it behaves: autostart
// entries, launch agents, login items, preferences, the Start menu.
// Names are matched ignoring case, on every system, as a chosen place may
// be on a disk shared with another.
var systemPlaces = [][]string{
	{"Library", "LaunchAgents"},
	{"Library", "LaunchDaemons"},
	{"Library", "StartupItems"},
	{"Library", "Preferences"},
	{"Library", "Application Support", "com.apple.backgroundtaskmanagementagent"},
	{"AppData", "Roaming", "Microsoft"},
	{"AppData", "Local", "Microsoft"},
	{"ProgramData", "Microsoft", "Windows", "Start Menu"},
	{".config", "autostart"},
}

// inSystemPlace reports whether path is or is inside one of systemPlaces.
func inSystemPlace(path string) bool {
	parts := strings.Split(filepath.Clean(path), string(os.PathSeparator))
	for _, place := range systemPlaces {
		for start := 0; start+len(place) <= len(parts); start++ {
			if slices.EqualFunc(parts[start:start+len(place)], place, strings.EqualFold) {
				return true
			}
		}
	}
	return false
}

// holdsHome reports whether folder is the person's home folder, one
// above it or a file system's root: too broad a place to write, as it
// holds everything of theirs.
func holdsHome(folder string) bool {
	real := resolved(folder)
	if filepath.Dir(real) == real {
		return true
	}
	home, err := os.UserHomeDir()
	return err == nil && within(resolved(home), real)
}
