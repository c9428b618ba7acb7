// Package tasks runs work in the background, one task at a time per key
// (a model being pulled, a knowledge base being synced), each cancellable
// and all stopped together when Zhiku closes.
package tasks

import (
	"context"
	"sync"
)

// Runner runs tasks keyed by K. Its zero value is ready to use.
type Runner[K comparable] struct {
	mu      sync.Mutex
	running map[K]*task
	closed  bool
	wg      sync.WaitGroup
}

type task struct {
	cancel context.CancelFunc
	done   chan struct{}
	// again runs the task once more when it ends: it was queued while
	// it ran.
	again bool
}

// Start runs fn under key unless a task with that key runs, and reports
// whether it started one.
func (r *Runner[K]) Start(key K, fn func(ctx context.Context)) bool {
	return r.run(key, fn, false)
}

// Queue runs fn under key; if a task with that key runs, it runs once
// more after that one ends, however often it was queued meanwhile, so a
// change made while a sync runs is never missed.
func (r *Runner[K]) Queue(key K, fn func(ctx context.Context)) {
	r.run(key, fn, true)
}

func (r *Runner[K]) run(key K, fn func(ctx context.Context), again bool) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if t, busy := r.running[key]; busy {
		t.again = t.again || again
		return false
	}
	if r.closed {
		return false
	}
	if r.running == nil {
		r.running = map[K]*task{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	t := &task{cancel: cancel, done: make(chan struct{})}
	r.running[key] = t
	r.wg.Go(func() {
		defer close(t.done)
		defer cancel()
		for {
			fn(ctx)
			r.mu.Lock()
			if !t.again || ctx.Err() != nil {
				delete(r.running, key)
				r.mu.Unlock()
				return
			}
			t.again = false
			r.mu.Unlock()
		}
	})
	return true
}

// Cancel stops the task under key, and any run queued after it. The
// channel it returns closes once the task has stopped, at once when none
// ran.
func (r *Runner[K]) Cancel(key K) <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	t, ok := r.running[key]
	if !ok {
		done := make(chan struct{})
		close(done)
		return done
	}
	t.again = false
	t.cancel()
	return t.done
}

// Wait blocks until no task runs under key, or ctx ends.
func (r *Runner[K]) Wait(ctx context.Context, key K) error {
	r.mu.Lock()
	t, ok := r.running[key]
	r.mu.Unlock()
	if !ok {
		return nil
	}
	select {
	case <-t.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Shutdown cancels every task, starts no more, and waits for them to
// stop; what they committed stays.
func (r *Runner[K]) Shutdown() {
	r.mu.Lock()
	r.closed = true
	for _, t := range r.running {
		t.again = false
		t.cancel()
	}
	r.mu.Unlock()
	r.wg.Wait()
}
