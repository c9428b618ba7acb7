package library

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store"
	"github.com/zhiku-app/zhiku/backend/tasks"
)

// Keeper keeps knowledge bases in sync in the background: at most one sync
// per knowledge base, a change made during one queued for after it, the
// latest progress of each kept for windows opened later, and, once
// KeepInSync is called, their folders watched and failed files retried
// when due.
type Keeper struct {
	store *store.Store
	// report receives every progress of every sync.
	report func(core.IndexProgress)
	// synced is called after each sync, as its changes are committed.
	synced func(ctx context.Context)
	// embedding picks the model a knowledge base's vectors come from;
	// nil when there is none.
	embedding func(kb core.KnowledgeBase) *Embedding

	syncs tasks.Runner[int64]

	mu     sync.Mutex
	latest map[int64]core.IndexProgress
	// watcher is nil for one-off commands; watchProblems hold why a
	// knowledge base is not fully watched.
	watcher       *Watcher
	watchProblems map[int64]*core.Problem
	retries       retryTimers
}

// KeeperOptions configure NewKeeper; every one is needed.
type KeeperOptions struct {
	// Report receives every progress of every sync.
	Report func(core.IndexProgress)
	// Synced is called after each sync, as its changes are committed.
	Synced func(ctx context.Context)
	// Embedding picks the model a knowledge base's vectors come from;
	// nil when there is none.
	Embedding func(kb core.KnowledgeBase) *Embedding
}

// NewKeeper returns a keeper of st's knowledge bases.
func NewKeeper(st *store.Store, opts KeeperOptions) *Keeper {
	return &Keeper{store: st, report: opts.Report, synced: opts.Synced, embedding: opts.Embedding,
		latest: map[int64]core.IndexProgress{}}
}

// Start syncs a knowledge base in the background, or once more after the
// sync that runs.
func (k *Keeper) Start(id int64) {
	k.syncs.Queue(id, func(ctx context.Context) {
		kb, err := k.store.KB(ctx, id)
		if err != nil || kb.Paused {
			return // deleted meanwhile, or paused: only a resume syncs it
		}
		opts := Options{Embedding: k.embedding(kb)}
		opts.Report = func(p core.IndexProgress) {
			if opts.Embedding == nil {
				p.EmbedProblem = core.ErrNoEmbedModel.New(nil)
			}
			k.record(p)
			k.report(p)
		}
		Sync(ctx, k.store, kb, opts)
		k.synced(context.WithoutCancel(ctx))
		if k.watching() != nil {
			if at, ok, err := k.store.NextFileRetry(ctx, id); err == nil && ok {
				k.retries.schedule(id, at, k.Start)
			}
		}
	})
}

// Cancel stops a knowledge base's sync and waits until it has stopped;
// what it indexed so far is kept.
func (k *Keeper) Cancel(id int64) { <-k.syncs.Cancel(id) }

// Pause stops a knowledge base's sync and reports it paused.
func (k *Keeper) Pause(id int64) {
	k.Cancel(id)
	k.mu.Lock()
	p := k.latest[id]
	k.mu.Unlock()
	p.KBID, p.Phase = id, core.PhasePaused
	if p.Failures == nil {
		p.Failures = []core.FileFailure{}
	}
	k.record(p)
	k.report(p)
}

// Wait blocks until a knowledge base's sync has finished and returns how
// it ended.
func (k *Keeper) Wait(ctx context.Context, id int64) (core.IndexProgress, error) {
	if err := k.syncs.Wait(ctx, id); err != nil {
		return core.IndexProgress{}, err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.latest[id], nil
}

// record keeps where a sync stands. The files of its last report are not
// kept: a window opened later reads the whole list from the store.
func (k *Keeper) record(p core.IndexProgress) {
	p.Files, p.Gone = nil, nil
	k.mu.Lock()
	k.latest[p.KBID] = p
	k.mu.Unlock()
}

// Progress is the latest progress of every knowledge base synced since
// start-up, by id.
func (k *Keeper) Progress() []core.IndexProgress {
	k.mu.Lock()
	out := make([]core.IndexProgress, 0, len(k.latest))
	for _, p := range k.latest {
		out = append(out, p)
	}
	k.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].KBID < out[j].KBID })
	return out
}

// KeepInSync starts watching the sources of every knowledge base given to
// Watch, syncing one when its files change.
func (k *Keeper) KeepInSync(debounce time.Duration) error {
	w, err := NewWatcher(debounce, k.Start, func(kbID int64, p *core.Problem) {
		k.mu.Lock()
		k.watchProblems[kbID] = p
		k.mu.Unlock()
	})
	if err != nil {
		return fmt.Errorf("watch folders for changes: %w", err)
	}
	k.mu.Lock()
	k.watcher, k.watchProblems = w, map[int64]*core.Problem{}
	k.mu.Unlock()
	return nil
}

// watching is the watcher, once KeepInSync started it.
func (k *Keeper) watching() *Watcher {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.watcher
}

// Watch watches kb's sources once KeepInSync was called.
func (k *Keeper) Watch(kb core.KnowledgeBase) {
	if w := k.watching(); w != nil {
		w.Watch(kb)
	}
}

// Forget stops watching and syncing a knowledge base being deleted.
func (k *Keeper) Forget(id int64) {
	if w := k.watching(); w != nil {
		w.Unwatch(id)
	}
	k.Cancel(id)
}

// WatchProblem says why a knowledge base is not fully watched, or nil.
func (k *Keeper) WatchProblem(id int64) *core.Problem {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.watchProblems[id]
}

// Close stops watching and every sync, and waits for them to stop; what
// they committed stays.
func (k *Keeper) Close() {
	k.retries.stop()
	if w := k.watching(); w != nil {
		w.Close()
	}
	k.syncs.Shutdown()
}
