// Package walk lists the files of a knowledge base's sources: it descends
// folders, follows symbolic links without looping, and leaves out what a
// person would not want indexed — hidden files and folders, dependency and
// build output, and whatever .zhikuignore files (gitignore syntax) and the
// knowledge base's own patterns exclude.
package walk

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	ignore "github.com/sabhiram/go-gitignore"

	"github.com/zhiku-app/zhiku/backend/core"
)

// IgnoreFileName is read in every folder; its patterns apply below it.
const IgnoreFileName = ".zhikuignore"

// DefaultExcludes leave out hidden entries and the usual dependency and
// build folders. The .zhikuignore at a source's root can bring one back
// with a negation, e.g. "!build/": it is read together with these.
var DefaultExcludes = []string{".*", "node_modules/", "__pycache__/", "venv/", "site-packages/",
	"bower_components/", "dist/", "build/", "target/", "*~", "*.tmp", "*.swp"}

// Options choose what a walk yields.
type Options struct {
	// Include, when not empty, keeps only files matching one of these
	// gitignore-style patterns (e.g. "*.md", "docs/").
	Include []string
	// Exclude adds patterns to DefaultExcludes.
	Exclude []string
}

// Entry is one file found, or one that could not be read.
type Entry struct {
	Path string // absolute
	Info fs.FileInfo
	// Err is set when the entry could not be examined (permission denied,
	// a link to nowhere); Path says which.
	Err error
	// Special is set, with Info, for what is not a regular file: a named
	// pipe, a socket, a device, or a link to one. Reading one could block
	// forever or never end, so it is listed, never read.
	Special bool
}

// ErrLoop reports a symbolic link back into a folder already being walked.
var ErrLoop = errors.New("symbolic link loops back to a folder already included")

// Walk calls fn for every file under root (or root itself, if a file),
// in lexical order. An error from fn stops the walk and is returned;
// problems with single entries are passed to fn instead, so one unreadable
// folder never stops the rest.
func Walk(root string, opts Options, fn func(Entry) error) error {
	abs, err := filepath.Abs(root)
	if err != nil {
		return fmt.Errorf("resolve %s: %w", root, err)
	}
	info, err := os.Stat(abs)
	if err != nil {
		return fmt.Errorf("open %s: %w", root, err)
	}
	if !info.IsDir() {
		return fn(Entry{Path: abs, Info: info, Special: !info.Mode().IsRegular()})
	}
	w := &walker{fn: fn, visited: map[string]bool{}, rootReal: abs}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		w.rootReal = real
	}
	if len(opts.Include) > 0 {
		w.include = ignore.CompileIgnoreLines(opts.Include...)
	}
	rules := append(append([]string{}, DefaultExcludes...), opts.Exclude...)
	rootIgnore, err := core.ReadRegularFile(filepath.Join(abs, IgnoreFileName))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read %s: %w", filepath.Join(abs, IgnoreFileName), err)
	}
	rules = append(rules, strings.Split(string(rootIgnore), "\n")...)
	base := []matcher{{dir: abs, rules: ignore.CompileIgnoreLines(rules...)}}
	return w.dir(abs, abs, base)
}

// matcher is the patterns of one .zhikuignore (or the defaults), which
// apply to paths relative to its folder.
type matcher struct {
	dir   string
	rules *ignore.GitIgnore
}

type walker struct {
	fn       func(Entry) error
	include  *ignore.GitIgnore
	visited  map[string]bool // real paths of folders on the way, against loops
	rootReal string          // the source itself, its links followed
}

func (w *walker) dir(root, dir string, matchers []matcher) error {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return w.fn(Entry{Path: dir, Err: err})
	}
	if w.visited[real] {
		return w.fn(Entry{Path: dir, Err: ErrLoop})
	}
	w.visited[real] = true
	defer delete(w.visited, real)

	if dir == root {
		// The root's .zhikuignore was read with the defaults.
	} else if lines, err := core.ReadRegularFile(filepath.Join(dir, IgnoreFileName)); err == nil {
		rules := ignore.CompileIgnoreLines(strings.Split(string(lines), "\n")...)
		matchers = append(matchers[:len(matchers):len(matchers)], matcher{dir: dir, rules: rules})
	} else if !errors.Is(err, fs.ErrNotExist) {
		if err := w.fn(Entry{Path: filepath.Join(dir, IgnoreFileName), Err: err}); err != nil {
			return err
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return w.fn(Entry{Path: dir, Err: err})
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		info, err := os.Stat(path) // follows links: a link is what it points to
		if err != nil {
			if err := w.fn(Entry{Path: path, Err: err}); err != nil {
				return err
			}
			continue
		}
		if excluded(matchers, path, info.IsDir()) || e.Type()&fs.ModeSymlink != 0 && w.leadsToHidden(path) {
			continue
		}
		if info.IsDir() {
			if err := w.dir(root, path, matchers); err != nil {
				return err
			}
			continue
		}
		// "~$name.docx" is the lock file Office keeps beside an open
		// document, never a document itself.
		if strings.HasPrefix(e.Name(), "~$") || !w.included(root, path) {
			continue
		}
		if err := w.fn(Entry{Path: path, Info: info, Special: !info.Mode().IsRegular()}); err != nil {
			return err
		}
	}
	return nil
}

// leadsToHidden reports whether the link at path leads out of the source
// into a hidden place, such as ~/.ssh or ~/.config: hidden entries are
// left out inside a source, and a link must not bring them back in. A
// folder someone hands you can hold such a link, and what is indexed can
// be searched and read. Links to ordinary places elsewhere are followed.
func (w *walker) leadsToHidden(path string) bool {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(w.rootReal, real)
	if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false // inside the source, where the exclusions apply
	}
	// What the link's target shares with the source's own path (say
	// ~/.local/share) is not what the link brought in.
	target, source := strings.Split(real, string(filepath.Separator)), strings.Split(w.rootReal, string(filepath.Separator))
	common := 0
	for common < len(target) && common < len(source) && target[common] == source[common] {
		common++
	}
	for _, part := range target[common:] {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

// excluded reports whether any matcher from the root down excludes path.
// Within one matcher a negation undoes the patterns before it.
func excluded(matchers []matcher, path string, isDir bool) bool {
	for _, m := range matchers {
		rel, err := filepath.Rel(m.dir, path)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		rel = filepath.ToSlash(rel)
		if isDir {
			rel += "/"
		}
		if m.rules.MatchesPath(rel) {
			return true
		}
	}
	return false
}

func (w *walker) included(root, path string) bool {
	if w.include == nil {
		return true
	}
	rel, err := filepath.Rel(root, path)
	return err == nil && w.include.MatchesPath(filepath.ToSlash(rel))
}
