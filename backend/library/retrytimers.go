package library

import (
	"sync"
	"time"
)

// retryTimers sync a knowledge base again when the soonest retry of its
// failed files is due, so a file that failed for a full disk or a lost
// permission is tried again without waiting for another change or a
// restart. One timer per knowledge base; a later sync replaces it.
type retryTimers struct {
	mu     sync.Mutex
	timers map[int64]*time.Timer
	closed bool
}

// schedule calls sync(id) at at, replacing what was scheduled for id.
func (r *retryTimers) schedule(id int64, at time.Time, sync func(int64)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return
	}
	if r.timers == nil {
		r.timers = map[int64]*time.Timer{}
	}
	if old := r.timers[id]; old != nil {
		old.Stop()
	}
	// A second late, so the retry is due when the sync looks.
	r.timers[id] = time.AfterFunc(time.Until(at)+time.Second, func() { sync(id) })
}

// stop cancels every scheduled sync, for good.
func (r *retryTimers) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	for _, t := range r.timers {
		t.Stop()
	}
}
