// Package library keeps knowledge bases in step with their sources: it
// scans the folders, parses and chunks new and changed files, recognises
// moved ones by content, forgets deleted ones, and reports progress as it
// goes. Every file is committed on its own, so cancelling, or a crash,
// keeps everything indexed so far.
package library

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
	"github.com/zhiku-app/zhiku/backend/ingest/parse"
	"github.com/zhiku-app/zhiku/backend/ingest/walk"
	"github.com/zhiku-app/zhiku/backend/store"
)

// maxReportedFailures bounds the failures a progress event carries; the
// file list holds them all.
const maxReportedFailures = 100

// reportEvery throttles progress reports, which carry the files finished
// since the last: a few a second keep the page live without flooding it.
// Tests that act on each report set it to zero.
var reportEvery = 250 * time.Millisecond

// hashFile reads a file whole for its hash, the first read of a file a
// sync makes; tests make it fail as a lost permission would.
var hashFile = core.FileSHA256

// found is one file a scan turned up.
type found struct {
	path string
	info os.FileInfo
	// special is what is not a regular file (a named pipe, a socket, a
	// device): listed as skipped, never read.
	special bool
}

// Options tune a sync.
type Options struct {
	// Report, if set, receives progress at most every reportEvery and once
	// at the end.
	Report func(core.IndexProgress)
	// Embedding, if set, computes vectors for new chunk texts as the files
	// are indexed; without it only the text side of the index is built.
	Embedding *Embedding
}

// Sync brings the store in line with kb's sources and returns the final
// progress.
func Sync(ctx context.Context, st *store.Store, kb core.KnowledgeBase, opts Options) (core.IndexProgress, error) {
	s := &syncer{ctx: ctx, st: st, kb: kb, report: opts.Report, started: time.Now(), movedFrom: map[string]bool{}}
	s.progress = core.IndexProgress{KBID: kb.ID, Phase: core.PhaseScanning, Failures: []core.FileFailure{}}
	if opts.Embedding != nil {
		s.progress.EmbedModel = opts.Embedding.Model
		s.embedder = startEmbedWorker(ctx, st, kb.ID, *opts.Embedding)
	}
	err := s.run()
	if s.embedder != nil {
		s.waitForEmbeddings()
	}
	switch {
	case errors.Is(err, context.Canceled):
		s.progress.Phase = core.PhaseCancelled
		err = nil
	case err != nil:
		s.progress.Phase = core.PhaseFailed
		s.progress.Problem = core.AsProblem(err)
	default:
		s.progress.Phase = core.PhaseDone
	}
	s.progress.Current = ""
	s.emit(true)
	return s.progress, err
}

type syncer struct {
	ctx        context.Context
	st         *store.Store
	kb         core.KnowledgeBase
	report     func(core.IndexProgress)
	progress   core.IndexProgress
	started    time.Time
	lastReport time.Time
	// movedFrom holds the old paths of files found moved, which keep their
	// chunks under the new path and are not deleted.
	movedFrom map[string]bool
	// live follows the file list as files are recorded, and estimate the
	// time left; both are set once the scan is done.
	live     *liveFiles
	estimate *estimator
	embedder *embedWorker
	// retries says when failed files are read again; free is the data
	// folder's free space, read once.
	retries map[string]store.FileRetry
	free    *freeSpace
}

// waitForEmbeddings lets the embedding worker finish the chunks left after
// the last file, reporting its progress meanwhile.
func (s *syncer) waitForEmbeddings() {
	finished := make(chan struct{})
	go func() {
		s.embedder.finish()
		close(finished)
	}()
	ticker := time.NewTicker(reportEvery + time.Millisecond)
	defer ticker.Stop()
	for {
		select {
		case <-finished:
			if done, total, err := s.st.CountEmbedded(context.WithoutCancel(s.ctx), s.kb.ID, s.embedder.emb.Model); err == nil {
				s.progress.EmbedPending = total - done
			}
			return
		case <-ticker.C:
			s.emit(false)
		}
	}
}

func (s *syncer) run() error {
	files, scanned, err := s.scan()
	if err != nil {
		return err
	}
	manifest, err := s.st.Manifest(s.ctx, s.kb.ID)
	if err != nil {
		return err
	}
	if s.retries, err = s.st.FileRetries(s.ctx, s.kb.ID); err != nil {
		return err
	}
	// The manifest as it was decides what changed; live follows the store.
	s.live = newLiveFiles(maps.Clone(manifest), s.report != nil)
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		seen[f.path] = true
	}
	// Files gone from where they were, by content: a new file with one of
	// these hashes is the same file moved.
	goneByHash := map[string]string{}
	for path, rec := range manifest {
		if !seen[path] && underAny(path, scanned) {
			goneByHash[rec.Hash] = path
		}
	}

	s.progress.Phase = core.PhaseIndexing
	s.progress.FilesTotal = len(files)
	// Only the files to be read are work: unchanged ones take no time.
	s.estimate = newEstimator(time.Now)
	toRead := make([]bool, len(files))
	for i, f := range files {
		if !f.special {
			s.progress.BytesTotal += f.info.Size()
			old, known := manifest[f.path]
			if toRead[i] = !s.upToDate(f, old, known); toRead[i] {
				s.estimate.plan(f.path, f.info.Size())
			}
		}
	}
	for i, f := range files {
		if err := s.ctx.Err(); err != nil {
			return err
		}
		s.progress.Current = f.path
		if toRead[i] {
			s.estimate.begin(f.path, f.info.Size())
		}
		s.emit(false)
		changed := s.progress.Changed
		if err := s.syncFile(f, manifest, goneByHash); err != nil {
			return err // a store failure: stop, everything before is kept
		}
		if toRead[i] {
			// Only a file read through (counted changed) says how fast
			// its format reads; one found unchanged or moved was not.
			s.estimate.end(s.progress.Changed > changed)
		}
		if s.embedder != nil {
			s.embedder.poke()
		}
		s.progress.FilesDone++
		if !f.special {
			s.progress.BytesDone += f.info.Size()
		}
	}

	var removed []string
	for path := range manifest {
		if !seen[path] && !s.movedFrom[path] && underAny(path, scanned) {
			removed = append(removed, path)
		}
	}
	s.progress.Removed = len(removed)
	if err := s.st.RemoveFiles(s.ctx, s.kb.ID, removed); err != nil {
		return err
	}
	s.live.remove(removed)
	return nil
}

// scan walks every source. It returns the files found and the sources that
// could be read: only under those may a missing file be called deleted (a
// folder on an unplugged drive must not empty its knowledge base).
func (s *syncer) scan() ([]found, []string, error) {
	var files []found
	var scanned []string
	opts := walk.Options{Include: s.kb.Include, Exclude: s.kb.Exclude}
	for _, src := range s.kb.Sources {
		err := walk.Walk(src, opts, func(e walk.Entry) error {
			if err := s.ctx.Err(); err != nil {
				return err
			}
			if e.Err != nil {
				s.fail(e.Path, core.ErrFileUnreadable.New(e.Err, "reason", e.Err.Error()))
				return nil
			}
			files = append(files, found{path: e.Path, info: e.Info, special: e.Special})
			if len(files)%500 == 0 {
				s.progress.FilesTotal = len(files)
				s.emit(false)
			}
			return nil
		})
		switch {
		case errors.Is(err, context.Canceled):
			return nil, nil, err
		case err != nil:
			s.fail(src, core.ErrSourceMissing.New(err, "path", src))
		default:
			scanned = append(scanned, src)
		}
	}
	return files, scanned, nil
}

// upToDate reports whether a file is as the store has it, so is not even
// read: unchanged, unless it failed for a reason that can pass and its
// retry is due. A large file a crash cut short is still marked indexing,
// and is always done again.
func (s *syncer) upToDate(f found, old core.FileRecord, known bool) bool {
	unchanged := old.Size == f.info.Size() && old.ModTime.Equal(f.info.ModTime().UTC())
	return known && old.Status != core.FileIndexing && unchanged && !s.retryDue(f, old) && !readableNow(old)
}

// syncFile brings one file up to date. Problems with the file itself are
// recorded on it and do not stop the sync; only a store failure does.
func (s *syncer) syncFile(f found, manifest map[string]core.FileRecord, goneByHash map[string]string) error {
	old, known := manifest[f.path]
	if f.special {
		if known && old.Reason != nil && old.Reason.Code == core.ErrNotAFile.Code {
			return nil
		}
		rec := core.FileRecord{Path: f.path, ModTime: f.info.ModTime().UTC(), Status: core.FileSkipped, Reason: core.ErrNotAFile.New(nil)}
		return s.put(rec, nil)
	}
	newlyReadable := known && readableNow(old)
	if s.upToDate(f, old, known) {
		return nil
	}
	rec := core.FileRecord{Path: f.path, Size: f.info.Size(), ModTime: f.info.ModTime().UTC()}
	hash, err := hashFile(f.path)
	if err != nil {
		return s.putFailed(rec, err)
	}
	rec.Hash = hash
	switch {
	case known && old.Hash == hash && old.Status != core.FileFailed && !newlyReadable:
		return s.st.TouchFile(s.ctx, s.kb.ID, f.path, rec.ModTime)
	case !known && goneByHash[hash] != "":
		from := goneByHash[hash]
		delete(goneByHash, hash) // one move per vanished file
		s.movedFrom[from] = true
		if err := s.st.MoveFile(s.ctx, s.kb.ID, from, f.path, rec.ModTime); err != nil {
			return err
		}
		s.live.move(from, f.path, rec.ModTime)
		return nil
	}
	s.progress.Changed++
	parser, ok := parse.For(f.path)
	if !ok {
		rec.Status = core.FileSkipped
		rec.Format = strings.ToLower(filepath.Ext(f.path))
		rec.Reason = core.ErrFormatUnsupported.New(nil, "format", rec.Format)
		if err := s.put(rec, nil); err != nil {
			return err
		}
		return s.noteFailure(rec, nil)
	}
	w := &fileWriter{s: s, rec: rec}
	info, err := w.parse(parser)
	if errors.Is(err, context.Canceled) {
		return err
	}
	// What was read must be one version of the file: one still being
	// written is left for the sync its next change brings.
	if changedSinceScan(f) {
		return s.putFailed(rec, core.ErrFileChanging.New(nil))
	}
	if err != nil {
		return s.putFailed(rec, err)
	}
	if err := w.finish(info); err != nil {
		return err
	}
	return s.noteFailure(w.rec, nil)
}

// readableNow reports whether a file skipped for its format is one Zhiku
// reads now: a README without an extension, which an older Zhiku skipped,
// is read at the next sync, though it has not changed.
func readableNow(old core.FileRecord) bool {
	if old.Status != core.FileSkipped || !core.ErrFormatUnsupported.Is(old.Reason) {
		return false
	}
	_, ok := parse.For(old.Path)
	return ok
}

// put records a file with its chunks, and notes it for the live list.
func (s *syncer) put(rec core.FileRecord, chunks []core.ChunkRecord) error {
	if err := s.st.PutFile(s.ctx, s.kb.ID, rec, chunks); err != nil {
		return err
	}
	rec.Chunks = len(chunks)
	s.live.put(rec)
	return nil
}

// changedSinceScan reports whether a file is no longer the size and age
// the scan found, so its hash and text may come from different versions.
func changedSinceScan(f found) bool {
	now, err := os.Stat(f.path)
	return err != nil || now.Size() != f.info.Size() || !now.ModTime().Equal(f.info.ModTime())
}

// largeFileChunks is how many chunks a file may hold in memory before they
// are written in batches: about 12 MB of text. Almost every file fits and
// is replaced in one transaction; a very large one streams in bounded
// memory, and a crash leaves only it to redo.
var largeFileChunks = 20000

// fileWriter turns one file's sections into stored chunks.
type fileWriter struct {
	s         *syncer
	rec       core.FileRecord
	pending   []core.ChunkRecord
	ordinal   int
	streaming bool
}

func (w *fileWriter) parse(parser parse.Parser) (parse.Info, error) {
	opts := chunk.Options{MaxTokens: w.s.kb.Chunking.MaxTokens, OverlapTokens: w.s.kb.Chunking.OverlapTokens}
	return parser(w.s.ctx, w.rec.Path, func(sec chunk.Section) error {
		for _, c := range chunk.Split([]chunk.Section{sec}, opts) {
			sum := sha256.Sum256([]byte(c.Text))
			w.pending = append(w.pending, core.ChunkRecord{
				Ordinal: w.ordinal, Text: c.Text, Hash: hex.EncodeToString(sum[:]),
				Page: c.Page, Headings: c.Headings, Start: c.Start, End: c.End, Tokens: c.Tokens,
			})
			w.ordinal++
		}
		if len(w.pending) >= largeFileChunks {
			return w.spill()
		}
		return nil
	})
}

// spill writes the chunks held so far, switching to batches on the first.
func (w *fileWriter) spill() error {
	if !w.streaming {
		if err := w.s.st.BeginLargeFile(w.s.ctx, w.s.kb.ID, w.rec); err != nil {
			return err
		}
		// Listed as being indexed while its chunks are written.
		indexing := w.rec
		indexing.Status, indexing.Hash = core.FileIndexing, ""
		w.s.live.put(indexing)
		w.streaming = true
	}
	if err := w.s.st.AppendChunks(w.s.ctx, w.s.kb.ID, w.rec.Path, w.pending); err != nil {
		return err
	}
	w.s.progress.Chunks += len(w.pending)
	w.pending = w.pending[:0]
	return nil
}

func (w *fileWriter) finish(info parse.Info) error {
	w.rec.Format, w.rec.Encoding = info.Format, info.Encoding
	w.rec.Status = core.FileIndexed
	if w.streaming {
		if err := w.spill(); err != nil {
			return err
		}
		if err := w.s.st.FinishLargeFile(w.s.ctx, w.s.kb.ID, w.rec); err != nil {
			return err
		}
		w.rec.Chunks = w.ordinal
		w.s.live.put(w.rec)
		return nil
	}
	if len(w.pending) == 0 {
		w.rec.Status, w.rec.Reason = core.FileSkipped, core.ErrFileEmpty.New(nil)
	}
	w.s.progress.Chunks += len(w.pending)
	return w.s.put(w.rec, w.pending)
}

// putFailed records a file that could not be read, with the reason: a
// problem the parser named (a password, a scan needing OCR) as it is, any
// other error as an unreadable file.
func (s *syncer) putFailed(rec core.FileRecord, cause error) error {
	rec.Status = core.FileFailed
	var p *core.Problem
	switch {
	case core.ErrNeedsOCR.Is(cause):
		rec.Status, rec.Reason = core.FileNeedsOCR, core.AsProblem(cause)
	case core.ErrNotText.Is(cause) || core.ErrRepeatedContent.Is(cause) || core.ErrBinaryContent.Is(cause),
		core.ErrPrivateKey.Is(cause):
		// Not a failure to read: what was read is not worth keeping.
		rec.Status, rec.Reason = core.FileSkipped, core.AsProblem(cause)
	case errors.As(cause, &p):
		rec.Reason = p
	default:
		rec.Reason = core.ErrFileUnreadable.New(cause, "reason", cause.Error())
	}
	if rec.Status == core.FileFailed {
		s.fail(rec.Path, rec.Reason)
	}
	if err := s.put(rec, nil); err != nil {
		return err
	}
	return s.noteFailure(rec, cause)
}

func (s *syncer) fail(path string, p *core.Problem) {
	if len(s.progress.Failures) < maxReportedFailures {
		s.progress.Failures = append(s.progress.Failures, core.FileFailure{Path: path, Problem: p})
	}
}

// emit reports progress, at most every reportEvery unless final.
func (s *syncer) emit(final bool) {
	if !final && (s.report == nil || time.Since(s.lastReport) < reportEvery) {
		return
	}
	s.lastReport = time.Now()
	if elapsed := time.Since(s.started).Seconds(); elapsed > 0 && s.progress.FilesDone > 0 {
		s.progress.FilesPerS = float64(s.progress.FilesDone) / elapsed
	}
	s.progress.ETASeconds, s.progress.Estimating = 0, false
	if s.estimate != nil && s.progress.Phase == core.PhaseIndexing {
		var ready bool
		s.progress.ETASeconds, ready = s.estimate.estimate()
		s.progress.Estimating = !ready
	}
	if s.embedder != nil {
		s.progress.Embedded = int(s.embedder.embedded.Load())
		s.progress.EmbedProblem = s.embedder.problem.Load()
	}
	if s.report == nil {
		return
	}
	p := s.progress
	// A copy, so the receiver may keep it; never nil, so JSON says [].
	p.Failures = append(make([]core.FileFailure, 0, len(s.progress.Failures)), s.progress.Failures...)
	if s.live != nil {
		var stats core.KBStats
		p.Files, p.Gone, stats = s.live.take()
		p.Stats = &stats
	}
	s.report(p)
}

// underAny reports whether path is one of roots or inside one.
func underAny(path string, roots []string) bool {
	for _, r := range roots {
		if path == r || strings.HasPrefix(path, strings.TrimSuffix(r, string(filepath.Separator))+string(filepath.Separator)) {
			return true
		}
	}
	return false
}
