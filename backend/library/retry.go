package library

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store"
)

// A file that failed for a reason that can pass is read again though it
// has not changed: after a wait that starts at a minute and grows four
// times with each failure, to a day at most; and at once when what made it
// fail may have changed: its permissions, or the free space on the data
// folder's disk. A file that fails for what it is (a zip bomb, too much
// text, a password) fails the same way every time, and waits for a change.
const (
	firstRetry = time.Minute
	lastRetry  = 24 * time.Hour
	// spaceBack is how much more free space means a full disk was cleared.
	spaceBack = 256 << 20
)

// canPass reports whether a file's failure can pass without the file changing:
// the system refused it for now (a permission, a full disk, a busy or
// failing device, too many open files), or the file was being written.
// Anything else (a broken zip, a password, too much text, a PDF that
// stalled the engine) fails the same way again.
func canPass(cause error) bool {
	for _, transient := range []error{fs.ErrPermission, syscall.ENOSPC, syscall.EIO, syscall.EBUSY,
		syscall.EAGAIN, syscall.EMFILE, syscall.ENFILE} {
		if errors.Is(cause, transient) {
			return true
		}
	}
	return core.ErrFileChanging.Is(cause)
}

// retryWait is the wait after a file's nth failure in a row.
func retryWait(attempts int) time.Duration {
	wait := firstRetry
	for range attempts - 1 {
		if wait *= 4; wait >= lastRetry {
			return lastRetry
		}
	}
	return wait
}

// retryDue reports whether an unchanged file that failed is read again
// now: only one whose failure can pass has a retry.
func (s *syncer) retryDue(f found, old core.FileRecord) bool {
	r, ok := s.retries[f.path]
	if old.Status != core.FileFailed || !ok {
		return false
	}
	switch {
	case !time.Now().Before(r.At):
		return true
	case uint32(f.info.Mode().Perm()) != r.Mode:
		return true
	}
	free, err := s.freeBytes()
	return err == nil && free > r.FreeBytes+spaceBack
}

// noteFailure schedules the next attempt of a file whose failure, cause,
// can pass, or forgets the attempts of one that no longer fails so.
func (s *syncer) noteFailure(rec core.FileRecord, cause error) error {
	last, tried := s.retries[rec.Path]
	if rec.Status != core.FileFailed || !canPass(cause) {
		if tried {
			return s.st.ClearFileRetry(s.ctx, s.kb.ID, rec.Path)
		}
		return nil
	}
	r := store.FileRetry{Attempts: last.Attempts + 1}
	r.At = time.Now().Add(retryWait(r.Attempts)).UTC()
	if info, err := os.Stat(rec.Path); err == nil {
		r.Mode = uint32(info.Mode().Perm())
	}
	r.FreeBytes, _ = s.freeBytes()
	return s.st.SetFileRetry(s.ctx, s.kb.ID, rec.Path, r)
}

// freeBytes is the free space on the data folder's disk, read once a sync.
func (s *syncer) freeBytes() (uint64, error) {
	if s.free == nil {
		free, err := store.FreeBytesAt(s.st.Dir())
		s.free = &freeSpace{bytes: free, err: err}
	}
	return s.free.bytes, s.free.err
}

type freeSpace struct {
	bytes uint64
	err   error
}
