package service

import (
	"context"
	"sync"
)

// tasks runs long transfers (model pulls, hub downloads) in the
// background, at most one per key, each cancellable and all stopped on
// shutdown.
type tasks struct {
	mu      sync.Mutex
	running map[string]context.CancelFunc
	wg      sync.WaitGroup
}

// start runs fn under key unless a task with that key is running; it
// reports whether it started one.
func (t *tasks) start(key string, fn func(ctx context.Context)) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.running == nil {
		t.running = map[string]context.CancelFunc{}
	}
	if _, busy := t.running[key]; busy {
		return false
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.running[key] = cancel
	t.wg.Go(func() {
		defer cancel()
		fn(ctx)
		t.mu.Lock()
		delete(t.running, key)
		t.mu.Unlock()
	})
	return true
}

// cancel stops the task under key, if one runs.
func (t *tasks) cancel(key string) {
	t.mu.Lock()
	cancel := t.running[key]
	t.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

func (t *tasks) shutdown() {
	t.mu.Lock()
	for _, cancel := range t.running {
		cancel()
	}
	t.mu.Unlock()
	t.wg.Wait()
}
