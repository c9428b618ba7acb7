package service

import (
	"context"
	"sync"

	"github.com/zhiku-app/zhiku/backend/core"
)

// jobs runs at most one sync per knowledge base in the background. A sync
// asked for while one runs is queued once and starts when it ends, so a
// change made during indexing is never missed.
type jobs struct {
	root context.Context
	stop context.CancelFunc
	wg   sync.WaitGroup

	mu      sync.Mutex
	running map[int64]*job
	latest  map[int64]core.IndexProgress
}

type job struct {
	cancel context.CancelFunc
	done   chan struct{}
	again  bool
}

func newJobs() *jobs {
	ctx, stop := context.WithCancel(context.Background())
	return &jobs{root: ctx, stop: stop, running: map[int64]*job{}, latest: map[int64]core.IndexProgress{}}
}

// start runs fn for kbID unless it runs already, in which case it runs
// once more after.
func (j *jobs) start(kbID int64, fn func(ctx context.Context)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if r, ok := j.running[kbID]; ok {
		r.again = true
		return
	}
	if j.root.Err() != nil {
		return // shutting down
	}
	ctx, cancel := context.WithCancel(j.root)
	r := &job{cancel: cancel, done: make(chan struct{})}
	j.running[kbID] = r
	j.wg.Go(func() {
		for {
			fn(ctx)
			j.mu.Lock()
			if !r.again || ctx.Err() != nil {
				delete(j.running, kbID)
				j.mu.Unlock()
				cancel()
				close(r.done)
				return
			}
			r.again = false
			j.mu.Unlock()
		}
	})
}

// cancel stops kbID's sync and waits until it has stopped.
func (j *jobs) cancel(kbID int64) {
	j.mu.Lock()
	r, ok := j.running[kbID]
	if ok {
		r.again = false
		r.cancel()
	}
	j.mu.Unlock()
	if ok {
		<-r.done
	}
}

// wait blocks until kbID has no sync running, or ctx ends.
func (j *jobs) wait(ctx context.Context, kbID int64) error {
	j.mu.Lock()
	r, ok := j.running[kbID]
	j.mu.Unlock()
	if !ok {
		return nil
	}
	select {
	case <-r.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// record keeps where a sync stands. The files of its last report are not
// kept: a window opened later reads the whole list from the store.
func (j *jobs) record(p core.IndexProgress) {
	p.Files, p.Gone = nil, nil
	j.mu.Lock()
	j.latest[p.KBID] = p
	j.mu.Unlock()
}

func (j *jobs) progress() []core.IndexProgress {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]core.IndexProgress, 0, len(j.latest))
	for _, p := range j.latest {
		out = append(out, p)
	}
	return out
}

func (j *jobs) latestOf(kbID int64) (core.IndexProgress, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	p, ok := j.latest[kbID]
	return p, ok
}

// shutdown cancels every sync and waits for them to stop; what they
// committed stays.
func (j *jobs) shutdown() {
	j.stop()
	j.wg.Wait()
}
