package service

import (
	"context"
	"sync"
	"time"
)

// stallWatch cancels a stream that stops making progress: first until
// the first chunk arrives, then between chunks.
type stallWatch struct {
	mu      sync.Mutex
	timer   *time.Timer
	between time.Duration
	cancel  context.CancelFunc
	expired bool
}

func watchStall(ctx context.Context, first, between time.Duration) (context.Context, *stallWatch) {
	ctx, cancel := context.WithCancel(ctx)
	w := &stallWatch{between: between, cancel: cancel}
	w.timer = time.AfterFunc(first, w.fire)
	return ctx, w
}

func (w *stallWatch) fire() {
	w.mu.Lock()
	w.expired = true
	w.mu.Unlock()
	w.cancel()
}

// progress restarts the clock after a chunk arrived.
func (w *stallWatch) progress() {
	w.timer.Reset(w.between)
}

// fired reports whether the stream was given up for stalling.
func (w *stallWatch) fired() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.expired
}

func (w *stallWatch) stop() {
	w.timer.Stop()
	w.cancel()
}
