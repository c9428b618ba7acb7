package errorlog

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// File is a log file written from any number of goroutines, kept to a
// bounded size: once a write would take it past its limit, it becomes
// the older generation (its name with ".1" added, replacing the one
// before) and a new file starts. Two generations always hold the latest
// writes, and never more than twice the limit.
type File struct {
	path     string
	maxBytes int64
	// opened is told of every file opened, the first and each after a
	// rotation (OnOpen).
	opened func(*os.File)

	mu   sync.Mutex
	file *os.File
	size int64
}

// OpenFile returns the log file name in dir, created on the first write
// (with dir), rotated once it would pass maxBytes.
func OpenFile(dir, name string, maxBytes int64) *File {
	return &File{path: filepath.Join(dir, name), maxBytes: maxBytes}
}

// Path is the current generation's path.
func (f *File) Path() string { return f.path }

// OnOpen has fn told of each file the log opens from now on, such as
// where a crash's report should go, until the log is closed.
func (f *File) OnOpen(fn func(*os.File)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opened = fn
	if f.file != nil && fn != nil {
		fn(f.file)
	}
}

// Write appends p whole to one generation: a write is not split across
// a rotation.
func (f *File) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.file != nil && f.size > 0 && f.size+int64(len(p)) > f.maxBytes {
		if err := f.rotate(); err != nil {
			return 0, err
		}
	}
	if f.file == nil {
		if err := f.open(); err != nil {
			return 0, err
		}
	}
	n, err := f.file.Write(p)
	f.size += int64(n)
	if err != nil {
		return n, fmt.Errorf("write the log %s: %w", f.path, err)
	}
	return n, nil
}

func (f *File) open() error {
	if err := os.MkdirAll(filepath.Dir(f.path), 0o700); err != nil {
		return fmt.Errorf("create the log's folder: %w", err)
	}
	file, err := os.OpenFile(f.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open the log %s: %w", f.path, err)
	}
	info, err := file.Stat()
	if err != nil {
		file.Close()
		return fmt.Errorf("open the log %s: %w", f.path, err)
	}
	f.file, f.size = file, info.Size()
	if f.size >= f.maxBytes {
		return f.rotate()
	}
	if f.opened != nil {
		f.opened(file)
	}
	return nil
}

// rotate makes the current file the older generation, replacing the one
// before, and starts a new one.
func (f *File) rotate() error {
	if f.file != nil {
		f.file.Close()
		f.file = nil
	}
	if err := os.Rename(f.path, f.path+".1"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("rotate the log %s: %w", f.path, err)
	}
	return f.open()
}

// Touch creates the file if it does not exist yet, so that it can be
// shown in the file manager before anything is written.
func (f *File) Touch() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.file != nil {
		return nil
	}
	return f.open()
}

// Close closes the file and forgets OnOpen's function; a later write
// opens the file again.
func (f *File) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opened = nil
	if f.file == nil {
		return nil
	}
	err := f.file.Close()
	f.file = nil
	return err
}
