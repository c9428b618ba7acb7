package answer

import (
	"context"
	"sync"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Running keeps each chat to one answer being written at a time, lets the
// person stop it, and stops them all when Zhiku closes. Its zero value is
// ready to use.
type Running struct {
	mu     sync.Mutex
	byChat map[int64]*Run
	wg     sync.WaitGroup
}

// Run is a chat's answer from the moment it is claimed, before anything is
// saved, until it has settled.
type Run struct {
	cancel  context.CancelFunc
	stopped bool // by the person, not by a problem
	done    chan struct{}
}

// Claim reserves a chat for one answer: core.ErrChatBusy while another is
// being written. What claims it must Go or Release.
func (r *Running) Claim(chatID int64) (*Run, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, busy := r.byChat[chatID]; busy {
		return nil, core.ErrChatBusy.New(nil)
	}
	if r.byChat == nil {
		r.byChat = map[int64]*Run{}
	}
	run := &Run{done: make(chan struct{})}
	r.byChat[chatID] = run
	return run, nil
}

// Release frees a chat its run claimed.
func (r *Running) Release(chatID int64, run *Run) {
	r.mu.Lock()
	if r.byChat[chatID] == run {
		delete(r.byChat, chatID)
	}
	r.mu.Unlock()
	close(run.done)
}

// Go writes the claimed run's answer in the background with write, which
// is told whether the person stopped it once its context ends, and frees
// the chat when write returns. A run stopped before it began starts
// cancelled.
func (r *Running) Go(chatID int64, run *Run, write func(ctx context.Context, stopped func() bool)) {
	ctx, cancel := context.WithCancel(context.Background())
	r.mu.Lock()
	run.cancel = cancel
	if run.stopped {
		cancel()
	}
	r.mu.Unlock()
	stopped := func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return run.stopped
	}
	r.wg.Go(func() {
		defer r.Release(chatID, run)
		defer cancel()
		write(ctx, stopped)
	})
}

// Stop stops a chat's answer as the person asked; with wait, it returns
// once the answer has settled.
func (r *Running) Stop(chatID int64, wait bool) {
	r.mu.Lock()
	run := r.byChat[chatID]
	if run != nil {
		run.stopped = true
		if run.cancel != nil {
			run.cancel()
		}
	}
	r.mu.Unlock()
	if run != nil && wait {
		<-run.done
	}
}

// Wait blocks until every answer being written has settled.
func (r *Running) Wait() { r.wg.Wait() }

// Shutdown interrupts every answer, not as the person's stop, and waits
// for them to settle.
func (r *Running) Shutdown() {
	r.mu.Lock()
	for _, run := range r.byChat {
		if run.cancel != nil {
			run.cancel()
		}
	}
	r.mu.Unlock()
	r.wg.Wait()
}
