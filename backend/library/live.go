package library

import (
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// liveFiles is a knowledge base's file list as a sync changes it, so that
// a person sees each file, and the counts, as soon as it is done rather
// than when the whole folder is: the records the store holds, their
// counts, and what changed since the last report.
type liveFiles struct {
	// stored is what the store holds for each path, kept current.
	stored map[string]core.FileRecord
	stats  core.KBStats
	// batch says whether anyone listens: without, nothing piles up.
	batch    bool
	finished []core.FileRecord
	gone     []string
}

func newLiveFiles(stored map[string]core.FileRecord, batch bool) *liveFiles {
	l := &liveFiles{stored: stored, batch: batch}
	for _, rec := range stored {
		count(&l.stats, rec, 1)
	}
	return l
}

// put notes a record the store now holds.
func (l *liveFiles) put(rec core.FileRecord) {
	if old, ok := l.stored[rec.Path]; ok {
		count(&l.stats, old, -1)
	}
	l.stored[rec.Path] = rec
	count(&l.stats, rec, 1)
	if l.batch {
		l.finished = append(l.finished, rec)
	}
}

// move notes a file the store now holds under a new path.
func (l *liveFiles) move(from, to string, modTime time.Time) {
	rec, ok := l.stored[from]
	if !ok {
		return
	}
	l.remove([]string{from})
	rec.Path, rec.ModTime = to, modTime
	l.put(rec)
}

// remove notes files the store no longer holds.
func (l *liveFiles) remove(paths []string) {
	for _, p := range paths {
		if old, ok := l.stored[p]; ok {
			count(&l.stats, old, -1)
			delete(l.stored, p)
		}
		if l.batch {
			l.gone = append(l.gone, p)
		}
	}
}

// take returns the files recorded and gone since it was last called, and
// the counts now; the lists are the caller's to keep.
func (l *liveFiles) take() (finished []core.FileRecord, gone []string, stats core.KBStats) {
	finished, gone = l.finished, l.gone
	l.finished, l.gone = nil, nil
	return finished, gone, l.stats
}

// count adds a record to the counts, or takes it off with sign -1, as the
// store counts them.
func count(st *core.KBStats, rec core.FileRecord, sign int) {
	st.Files += sign
	st.Chunks += sign * rec.Chunks
	st.Bytes += int64(sign) * rec.Size
	switch rec.Status {
	case core.FileIndexed:
		st.Indexed += sign
	case core.FileSkipped:
		st.Skipped += sign
	case core.FileFailed:
		st.Failed += sign
	case core.FileNeedsOCR:
		st.NeedsOCR += sign
	}
}
