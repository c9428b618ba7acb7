package core

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrNotRegularFile is the cause when a path Zhiku reads or writes as a
// file names something else: a named pipe, a socket, a device or a
// folder. Reading a named pipe blocks until something writes to it, and
// a device may never end, so such a path is refused before any read.
var ErrNotRegularFile = errors.New("not a regular file")

// OpenRegular is os.OpenFile for paths that must be plain files. The open
// itself cannot block (a named pipe with no writer would hold it), and
// what was opened is refused unless it is a regular file, with an error
// that wraps ErrNotRegularFile and says what it is instead.
func OpenRegular(path string, flag int, perm os.FileMode) (*os.File, error) {
	f, err := os.OpenFile(path, flag|openWithoutBlocking, perm)
	if err != nil {
		// Opening a named pipe for writing fails when nothing reads it;
		// say what the path is rather than what the OS made of it.
		if info, statErr := os.Stat(path); statErr == nil && !info.Mode().IsRegular() {
			return nil, notRegular(path, info.Mode())
		}
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("stat %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, notRegular(path, info.Mode())
	}
	return f, nil
}

// OpenOrReplace is OpenRegular for a file Zhiku owns and may make again,
// such as a log or a partial download: something other than a regular
// file in its place is removed, and the file opened afresh. flag should
// hold os.O_CREATE.
func OpenOrReplace(path string, flag int, perm os.FileMode) (*os.File, error) {
	f, err := OpenRegular(path, flag, perm)
	if !errors.Is(err, ErrNotRegularFile) {
		return f, err
	}
	if err := os.Remove(path); err != nil {
		return nil, fmt.Errorf("replace %s, which is not a regular file: %w", path, err)
	}
	return OpenRegular(path, flag, perm)
}

// CheckRegular returns an error wrapping ErrNotRegularFile when something
// other than a regular file stands at path, for files that another library
// opens by name (SQLite its database and journals). Nothing at path is no
// error, and neither is a path that cannot be examined: the library
// creates the one and reports the other.
func CheckRegular(path string) error {
	info, err := os.Stat(path)
	if err != nil || info.Mode().IsRegular() {
		return nil
	}
	return notRegular(path, info.Mode())
}

// ReadRegularFile is os.ReadFile for paths that must be plain files, with
// OpenRegular's refusals.
func ReadRegularFile(path string) ([]byte, error) {
	f, err := OpenRegular(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return data, nil
}

func notRegular(path string, mode fs.FileMode) error {
	return &fs.PathError{Op: "open", Path: path, Err: fmt.Errorf("%w: it is %s", ErrNotRegularFile, describeType(mode))}
}

func describeType(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	case mode.IsDir():
		return "a folder"
	}
	return "of type " + mode.Type().String()
}
