package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// lockFileName is held locked for as long as a process uses the directory.
const lockFileName = "zhiku.lock"

// Holder describes the process using a data directory, written into the lock
// file so a second start can say who holds it.
type Holder struct {
	PID     int       `json:"pid"`
	Mode    string    `json:"mode"` // "desktop", "serve" or a CLI command
	URL     string    `json:"url,omitempty"`
	Started time.Time `json:"started"`
}

// NewHolder describes this process running in mode, started now.
func NewHolder(mode, url string) Holder {
	return Holder{PID: os.Getpid(), Mode: mode, URL: url, Started: time.Now().UTC()}
}

// String describes the holder for a message: "process 4242, zhiku serve at http://…".
func (h Holder) String() string {
	s := fmt.Sprintf("process %d, zhiku %s", h.PID, h.Mode)
	if h.URL != "" {
		s += " at " + h.URL
	}
	return s
}

// errLocked is returned by tryLock when another process holds the lock.
var errLocked = errors.New("locked by another process")

// dirLock is an advisory whole-file lock on the lock file. The OS releases it
// when the process dies, so a crash never leaves the directory locked.
type dirLock struct {
	file *os.File
}

// acquireLock locks dir for this process and records holder in the lock file.
// When another process holds it, the error is errLocked together with what
// that process recorded.
func acquireLock(dir string, holder Holder) (*dirLock, Holder, error) {
	path := filepath.Join(dir, lockFileName)
	f, err := core.OpenRegular(path, os.O_RDWR|os.O_CREATE, 0o600)
	if errors.Is(err, core.ErrNotRegularFile) {
		return nil, Holder{}, core.ErrDataFileNotRegular.New(err, "path", path)
	}
	if err != nil {
		return nil, Holder{}, fmt.Errorf("open lock file %s: %w", path, err)
	}
	if err := tryLock(f); err != nil {
		other := readHolder(f)
		f.Close()
		return nil, other, err
	}
	if err := writeHolder(f, holder); err != nil {
		unlock(f)
		f.Close()
		return nil, Holder{}, fmt.Errorf("record lock holder in %s: %w", path, err)
	}
	return &dirLock{file: f}, holder, nil
}

// update rewrites the holder record, e.g. once serve knows its URL.
func (l *dirLock) update(holder Holder) error {
	return writeHolder(l.file, holder)
}

func (l *dirLock) release() error {
	// Clearing the record first means a reader never sees a stale holder.
	truncErr := l.file.Truncate(0)
	unlockErr := unlock(l.file)
	closeErr := l.file.Close()
	return errors.Join(truncErr, unlockErr, closeErr)
}

func writeHolder(f *os.File, holder Holder) error {
	data, err := json.Marshal(holder)
	if err != nil {
		return err
	}
	if err := f.Truncate(0); err != nil {
		return err
	}
	if _, err := f.WriteAt(data, 0); err != nil {
		return err
	}
	return f.Sync()
}

func readHolder(f *os.File) Holder {
	var h Holder
	buf := make([]byte, 4096)
	n, _ := f.ReadAt(buf, 0)
	_ = json.Unmarshal(buf[:n], &h) // an unreadable record only makes the message vaguer
	return h
}

// CurrentHolder reads what the process holding dir recorded in its lock
// file, without taking the lock; the zero Holder when nothing can be read.
func CurrentHolder(dir string) Holder {
	f, err := core.OpenRegular(filepath.Join(dir, lockFileName), os.O_RDONLY, 0)
	if err != nil {
		return Holder{}
	}
	defer f.Close()
	return readHolder(f)
}
