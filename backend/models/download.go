package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Download fetches one file of a repository into a folder, resumably: the
// bytes so far live in FILE.part, and a later run (after a cancel, a lost
// connection or a restart) asks the hub for the rest with an HTTP Range.
// One connection per file, kind to the hub and to a shared line. When
// the hub publishes a SHA-256 the finished file must match it.
type Download struct {
	Hub    Hub
	Repo   string
	File   core.HubFile
	Folder string
	// Progress, when set, hears how it goes, at most every interval.
	Progress func(core.DownloadProgress)
	// Attempts bounds tries after network failures; Backoff is the wait
	// before try n (1-based). Zero values mean 6 tries, 1 s doubling.
	Attempts int
	Backoff  func(n int) time.Duration
	// wrap lets tests fail writes, as a full disk does.
	wrap func(io.Writer) io.Writer
}

const (
	progressInterval = 200 * time.Millisecond
	readBuffer       = 1 << 20
)

// errRetry marks failures worth another try: the connection, the hub's
// 5xx, a body cut short.
type errRetry struct{ err error }

func (e errRetry) Error() string { return e.err.Error() }
func (e errRetry) Unwrap() error { return e.err }

// Dest is where the finished file is saved.
func (d Download) Dest() string {
	return filepath.Join(d.Folder, filepath.Base(filepath.FromSlash(d.File.Path)))
}

// Run downloads the file and returns its path.
func (d Download) Run(ctx context.Context) (string, error) {
	dest := d.Dest()
	if err := os.MkdirAll(d.Folder, 0o755); err != nil {
		return "", d.diskProblem(err)
	}
	if info, err := os.Stat(dest); err == nil && info.Size() == d.File.Size && d.File.Size > 0 {
		if err := d.verifyFile(dest); err == nil {
			return dest, nil // already here, whole
		}
	}
	part := dest + ".part"
	// The part file is Zhiku's own: a named pipe in its place, which
	// would block reading what arrived so far, is replaced.
	f, err := core.OpenOrReplace(part, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return "", d.diskProblem(err)
	}
	defer f.Close()
	offset, sum, err := resumeFrom(f, d.File.Size)
	if err != nil {
		return "", d.diskProblem(err)
	}
	meter := newMeter(d, dest, offset)
	attempts := d.Attempts
	if attempts == 0 {
		attempts = 6
	}
	for try := 1; ; try++ {
		var got int64
		got, err = d.fetch(ctx, f, &offset, sum, meter)
		if err == nil {
			break
		}
		var retry errRetry
		if !errors.As(err, &retry) || ctx.Err() != nil {
			return "", err
		}
		if got > 0 {
			try = 1 // progress was made: the connection is worth more tries
		}
		if try >= attempts {
			return "", core.ErrHubUnreachable.New(err, "hub", d.Hub.name(), "reason", err.Error())
		}
		select {
		case <-time.After(d.backoff(try)):
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	meter.verifying()
	if d.File.SHA256 != "" && hex.EncodeToString(sum.Sum(nil)) != strings.ToLower(d.File.SHA256) {
		f.Close()
		os.Remove(part)
		return "", core.ErrDownloadCorrupt.New(nil, "file", d.File.Path, "hub", d.Hub.name())
	}
	if err := f.Sync(); err != nil {
		return "", d.diskProblem(err)
	}
	f.Close()
	if err := os.Rename(part, dest); err != nil {
		return "", d.diskProblem(err)
	}
	return dest, nil
}

func (d Download) backoff(n int) time.Duration {
	if d.Backoff != nil {
		return d.Backoff(n)
	}
	return time.Second << min(n-1, 5)
}

// resumeFrom hashes the bytes already in the part file and returns where
// to go on from; a part longer than the file is started again.
func resumeFrom(f *os.File, size int64) (int64, hash.Hash, error) {
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, h, err
	}
	if size > 0 && n > size {
		if err := f.Truncate(0); err != nil {
			return 0, h, err
		}
		h.Reset()
		n = 0
	}
	_, err = f.Seek(n, io.SeekStart)
	return n, h, err
}

// fetch asks for the bytes from offset on and appends them, returning how
// many arrived.
func (d Download) fetch(ctx context.Context, f *os.File, offset *int64, sum hash.Hash, meter *meter) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.Hub.FileURL(d.Repo, d.File.Path), nil)
	if err != nil {
		return 0, err
	}
	if *offset > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(*offset, 10)+"-")
	}
	resp, err := d.Hub.client().Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		return 0, errRetry{err}
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusPartialContent:
		meter.resumed = *offset > 0
	case resp.StatusCode == http.StatusOK:
		// The hub ignored the range: take the file from the start.
		if *offset > 0 {
			if err := restart(f, offset, sum); err != nil {
				return 0, d.diskProblem(err)
			}
		}
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable && d.File.Size > 0 && *offset == d.File.Size:
		return 0, nil // everything is here already
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		return 0, errRetry{errors.New(resp.Status)}
	default:
		if err := d.Hub.statusProblem(resp, d.Repo, d.Repo+"/"+d.File.Path); err != nil {
			return 0, err
		}
		return 0, fmt.Errorf("unexpected answer %s", resp.Status)
	}
	var w io.Writer = f
	if d.wrap != nil {
		w = d.wrap(w)
	}
	buf := make([]byte, readBuffer)
	var got int64
	for {
		n, rerr := resp.Body.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return got, d.diskProblem(werr)
			}
			sum.Write(buf[:n])
			*offset += int64(n)
			got += int64(n)
			meter.at(*offset)
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			if ctx.Err() != nil {
				return got, ctx.Err()
			}
			return got, errRetry{rerr}
		}
	}
	if d.File.Size > 0 && *offset < d.File.Size {
		return got, errRetry{fmt.Errorf("the connection closed after %d of %d bytes", *offset, d.File.Size)}
	}
	return got, nil
}

func restart(f *os.File, offset *int64, sum hash.Hash) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	sum.Reset()
	*offset = 0
	return nil
}

// verifyFile checks a finished file against the published hash.
func (d Download) verifyFile(path string) error {
	if d.File.SHA256 == "" {
		return nil
	}
	f, err := core.OpenRegular(path, os.O_RDONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	if hex.EncodeToString(h.Sum(nil)) != strings.ToLower(d.File.SHA256) {
		return errors.New("hash mismatch")
	}
	return nil
}

// diskProblem explains a failed write: a full disk keeps what arrived for
// later; anything else is the folder's.
func (d Download) diskProblem(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.Errno(112)) { // 112: ERROR_DISK_FULL on Windows
		return core.ErrDiskFull.New(err, "dir", d.Folder)
	}
	return core.ErrDataDirUnusable.New(err, "dir", d.Folder)
}

// meter turns byte counts into progress events with speed and time left.
type meter struct {
	d       Download
	dest    string
	last    time.Time
	samples []rateSample
	resumed bool
}

type rateSample struct {
	at    time.Time
	bytes int64
}

func newMeter(d Download, dest string, start int64) *meter {
	m := &meter{d: d, dest: dest}
	m.samples = append(m.samples, rateSample{time.Now(), start})
	return m
}

func (m *meter) at(bytes int64) {
	now := time.Now()
	m.samples = append(m.samples, rateSample{now, bytes})
	for len(m.samples) > 2 && now.Sub(m.samples[0].at) > 5*time.Second {
		m.samples = m.samples[1:]
	}
	if now.Sub(m.last) < progressInterval {
		return
	}
	m.last = now
	m.emit(bytes, false)
}

func (m *meter) verifying() {
	m.emit(m.samples[len(m.samples)-1].bytes, true)
}

func (m *meter) emit(bytes int64, verifying bool) {
	if m.d.Progress == nil {
		return
	}
	p := core.DownloadProgress{File: m.d.File.Path, Path: m.dest, Completed: bytes, Total: m.d.File.Size, Resumed: m.resumed, Verifying: verifying}
	first, last := m.samples[0], m.samples[len(m.samples)-1]
	if secs := last.at.Sub(first.at).Seconds(); secs > 0 {
		p.BytesPerSecond = float64(last.bytes-first.bytes) / secs
	}
	if p.BytesPerSecond > 0 && p.Total > bytes {
		p.ETASeconds = float64(p.Total-bytes) / p.BytesPerSecond
	}
	m.d.Progress(p)
}
