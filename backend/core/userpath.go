package core

import (
	"os"
	"runtime"
	"strings"
)

// ExpandUserPath expands what a shell would have in a path a person typed
// or pasted into a field or quoted on a command line: a leading ~ (alone,
// or before a separator) becomes the home folder, and on Windows a leading
// %VAR% that names a folder, such as %USERPROFILE%\Documents, becomes that
// folder. Anything else is returned as typed, and what comes out is
// checked as any typed path is: the expansion grants nothing.
func ExpandUserPath(path string) string {
	return expandUserPath(path, runtime.GOOS, os.UserHomeDir, os.Getenv)
}

// expandUserPath is ExpandUserPath for the system goos, with the home
// folder and the environment given, so that every system's forms are
// tested on any.
func expandUserPath(path, goos string, home func() (string, error), getenv func(string) string) string {
	windows := goos == "windows"
	isSeparator := func(c byte) bool { return c == '/' || windows && c == '\\' }
	if path == "~" || len(path) > 1 && path[0] == '~' && isSeparator(path[1]) {
		dir, err := home()
		if err != nil || dir == "" {
			return path
		}
		return joinExpanded(dir, path[1:], isSeparator)
	}
	if !windows || !strings.HasPrefix(path, "%") {
		return path
	}
	end := strings.IndexByte(path[1:], '%') + 1
	if end <= 1 || len(path) > end+1 && !isSeparator(path[end+1]) {
		return path
	}
	// Only a variable that holds an absolute path names a folder: any other
	// (a token, a flag) is left as typed, and never shown as a path.
	value := getenv(path[1:end])
	if !isWindowsAbs(value) {
		return path
	}
	return joinExpanded(value, path[end+1:], isSeparator)
}

// joinExpanded puts rest, empty or starting with a separator, after dir,
// without doubling the separator dir may end with.
func joinExpanded(dir, rest string, isSeparator func(byte) bool) string {
	if rest != "" && isSeparator(dir[len(dir)-1]) {
		return dir + rest[1:]
	}
	return dir + rest
}

// isWindowsAbs reports whether p is an absolute Windows path: a drive and
// its root (C:\) or a share (\\server\share).
func isWindowsAbs(p string) bool {
	if strings.HasPrefix(p, `\\`) && len(p) > 2 {
		return true
	}
	return len(p) >= 3 && (p[0]|0x20 >= 'a' && p[0]|0x20 <= 'z') && p[1] == ':' && (p[2] == '\\' || p[2] == '/')
}
