package library

import (
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/ingest/walk"
)

// Watcher keeps knowledge bases in sync while the app runs: it watches
// every folder of their sources (new folders as they appear), and after a
// quiet moment following changes asks for a sync of each knowledge base
// touched. The sync itself finds what changed.
type Watcher struct {
	fs       *fsnotify.Watcher
	debounce time.Duration
	onChange func(kbID int64)
	onLimit  func(kbID int64, p *core.Problem)

	mu      sync.Mutex
	sources map[int64]core.KnowledgeBase
	timers  map[int64]*time.Timer
	done    chan struct{}
}

// NewWatcher starts watching nothing yet. onChange is called (on the
// watcher's goroutine) once per burst of changes to a knowledge base;
// onLimit when the OS refuses to watch more folders for it.
func NewWatcher(debounce time.Duration, onChange func(kbID int64), onLimit func(kbID int64, p *core.Problem)) (*Watcher, error) {
	fw, err := fsnotify.NewBufferedWatcher(4096)
	if err != nil {
		return nil, err
	}
	w := &Watcher{fs: fw, debounce: debounce, onChange: onChange, onLimit: onLimit,
		sources: map[int64]core.KnowledgeBase{}, timers: map[int64]*time.Timer{}, done: make(chan struct{})}
	go w.run()
	return w, nil
}

// Watch starts watching a knowledge base's sources; watching it again with
// the same sources does nothing, so callers need not track it.
func (w *Watcher) Watch(kb core.KnowledgeBase) {
	w.mu.Lock()
	old, known := w.sources[kb.ID]
	w.sources[kb.ID] = kb
	w.mu.Unlock()
	if known && slices.Equal(old.Sources, kb.Sources) {
		return
	}
	for _, src := range kb.Sources {
		info, err := os.Stat(src)
		switch {
		case err != nil:
			continue // an unplugged drive: the next sync reports it
		case info.IsDir():
			w.addTree(kb, src)
		default:
			w.add(kb, filepath.Dir(src)) // a single file: watch its folder
		}
	}
}

// Unwatch stops acting on a knowledge base's changes. Folders other
// knowledge bases share stay watched; the rest are released as they go.
func (w *Watcher) Unwatch(kbID int64) {
	w.mu.Lock()
	delete(w.sources, kbID)
	if t := w.timers[kbID]; t != nil {
		t.Stop()
		delete(w.timers, kbID)
	}
	w.mu.Unlock()
}

// Close stops watching.
func (w *Watcher) Close() error {
	err := w.fs.Close()
	<-w.done
	w.mu.Lock()
	for _, t := range w.timers {
		t.Stop()
	}
	w.mu.Unlock()
	return err
}

// addTree watches dir and every folder below it that a walk would enter.
func (w *Watcher) addTree(kb core.KnowledgeBase, dir string) {
	w.add(kb, dir)
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() || path == dir {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") || isDefaultExcludedDir(d.Name()) {
			return filepath.SkipDir
		}
		if !w.add(kb, path) {
			return filepath.SkipAll
		}
		return nil
	})
}

// add watches one folder; false when the OS watch limit stops it.
func (w *Watcher) add(kb core.KnowledgeBase, dir string) bool {
	err := w.fs.Add(dir)
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) {
		w.onLimit(kb.ID, core.ErrWatchLimit.New(err, "path", dir))
		return false
	}
	if err != nil {
		slog.Debug("watch folder", "dir", dir, "err", err)
	}
	return true
}

func isDefaultExcludedDir(name string) bool {
	for _, p := range walk.DefaultExcludes {
		if strings.TrimSuffix(p, "/") == name {
			return true
		}
	}
	return false
}

func (w *Watcher) run() {
	defer close(w.done)
	for {
		select {
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			w.handle(ev)
		case err, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: every knowledge base may have changed.
				w.mu.Lock()
				ids := make([]int64, 0, len(w.sources))
				for id := range w.sources {
					ids = append(ids, id)
				}
				w.mu.Unlock()
				for _, id := range ids {
					w.schedule(id)
				}
			}
		}
	}
}

func (w *Watcher) handle(ev fsnotify.Event) {
	w.mu.Lock()
	var touched []core.KnowledgeBase
	for _, kb := range w.sources {
		if underAny(ev.Name, kb.Sources) {
			touched = append(touched, kb)
		}
	}
	w.mu.Unlock()
	for _, kb := range touched {
		if ev.Has(fsnotify.Create) {
			if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
				w.addTree(kb, ev.Name) // a new folder: watch it, and what it holds
			}
		}
		w.schedule(kb.ID)
	}
}

// schedule asks for a sync once changes have been quiet for the debounce
// interval, so saving a file (often several events) syncs once.
func (w *Watcher) schedule(kbID int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if t := w.timers[kbID]; t != nil {
		t.Reset(w.debounce)
		return
	}
	w.timers[kbID] = time.AfterFunc(w.debounce, func() {
		w.mu.Lock()
		delete(w.timers, kbID)
		_, watched := w.sources[kbID]
		w.mu.Unlock()
		if watched {
			w.onChange(kbID)
		}
	})
}
