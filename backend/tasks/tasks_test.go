package tasks

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// blocking is a task that counts its runs and runs until cancelled or
// released.
type blocking struct {
	runs    atomic.Int32
	started chan struct{}
	release chan struct{}
}

func newBlocking() *blocking {
	return &blocking{started: make(chan struct{}, 10), release: make(chan struct{})}
}

func (b *blocking) run(ctx context.Context) {
	b.runs.Add(1)
	b.started <- struct{}{}
	select {
	case <-ctx.Done():
	case <-b.release:
	}
}

func TestAtMostOneTaskPerKey(t *testing.T) {
	var r Runner[string]
	defer r.Shutdown()
	b := newBlocking()
	if !r.Start("model", b.run) {
		t.Fatal("the first start did not start")
	}
	<-b.started
	if r.Start("model", b.run) {
		t.Error("a second start under a busy key started")
	}
	other := newBlocking()
	if !r.Start("other", other.run) {
		t.Error("a start under another key did not start")
	}
	<-other.started
	close(b.release)
	if err := r.Wait(context.Background(), "model"); err != nil {
		t.Fatal(err)
	}
	if got := b.runs.Load(); got != 1 {
		t.Errorf("the task ran %d times, want 1: a refused start must not queue", got)
	}
	if !r.Start("model", b.run) {
		t.Error("a start after the task ended did not start")
	}
}

// Queued while running, a task runs exactly once more, however often it
// was queued.
func TestQueueRunsOnceMoreAfterTheRunningTask(t *testing.T) {
	var r Runner[int64]
	defer r.Shutdown()
	b := newBlocking()
	r.Queue(1, b.run)
	<-b.started
	for range 3 {
		r.Queue(1, b.run)
	}
	b.release <- struct{}{} // ends the first run
	<-b.started
	close(b.release)
	if err := r.Wait(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	if got := b.runs.Load(); got != 2 {
		t.Errorf("the task ran %d times, want 2", got)
	}
}

func TestCancelStopsTheTaskAndWhatWasQueued(t *testing.T) {
	var r Runner[int64]
	defer r.Shutdown()
	b := newBlocking()
	r.Queue(1, b.run)
	<-b.started
	r.Queue(1, b.run)
	<-r.Cancel(1)
	if got := b.runs.Load(); got != 1 {
		t.Errorf("the task ran %d times after a cancel, want 1", got)
	}
	select {
	case <-r.Cancel(2):
	default:
		t.Error("cancelling a key with no task must not block")
	}
}

func TestWaitEndsWithItsContext(t *testing.T) {
	var r Runner[string]
	defer r.Shutdown()
	b := newBlocking()
	r.Start("k", b.run)
	<-b.started
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if err := r.Wait(ctx, "k"); err != context.DeadlineExceeded {
		t.Errorf("Wait = %v, want the context's deadline", err)
	}
	if err := r.Wait(context.Background(), "none"); err != nil {
		t.Errorf("Wait on a key with no task = %v", err)
	}
}

func TestShutdownStopsEveryTaskAndStartsNoMore(t *testing.T) {
	var r Runner[string]
	tasks := []*blocking{newBlocking(), newBlocking()}
	for i, b := range tasks {
		r.Queue(string(rune('a'+i)), b.run)
		<-b.started
		r.Queue(string(rune('a'+i)), b.run) // would run again after
	}
	r.Shutdown()
	for i, b := range tasks {
		if got := b.runs.Load(); got != 1 {
			t.Errorf("task %d ran %d times, want 1", i, got)
		}
	}
	late := newBlocking()
	if r.Start("late", late.run) {
		t.Error("a task started after shutdown")
	}
	r.Queue("late", late.run)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := r.Wait(ctx, "late"); err != nil {
		t.Errorf("a task queued after shutdown is running: Wait = %v", err)
	}
}
