package pathguard

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

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

// HoldsHome reports whether folder is the person's home folder, one
// above it or a file system's root: too broad a place to write, as it
// holds everything of theirs.
func HoldsHome(folder string) bool {
	real := resolved(folder)
	if filepath.Dir(real) == real {
		return true
	}
	home, err := os.UserHomeDir()
	return err == nil && within(resolved(home), real)
}

// SamePath tells whether two absolute paths name the same place as the
// file system compares names: Windows and macOS ignore case by default.
func SamePath(a, b string) bool {
	a, b = filepath.Clean(a), filepath.Clean(b)
	if foldCase {
		return strings.EqualFold(a, b)
	}
	return a == b
}
