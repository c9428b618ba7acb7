package library

import (
	"testing"
	"time"
)

// A retry scheduled for a knowledge base syncs it once; scheduling again
// replaces the earlier timer, and nothing runs after stop.
func TestRetriesSyncTheKnowledgeBaseWhenDue(t *testing.T) {
	var r retryTimers
	synced := make(chan int64, 4)
	sync := func(id int64) { synced <- id }

	r.schedule(1, time.Now().Add(time.Hour), sync)
	r.schedule(1, time.Now().Add(-time.Second), sync) // replaces the hour-long wait
	select {
	case id := <-synced:
		if id != 1 {
			t.Fatalf("synced %d, want 1", id)
		}
	case <-time.After(time.Minute):
		t.Fatal("the due retry never synced")
	}

	r.schedule(2, time.Now().Add(-time.Second), sync)
	r.stop()
	r.schedule(3, time.Now(), sync)
	select {
	case id := <-synced:
		if id != 2 { // 2 may have fired before stop; 3 never may
			t.Fatalf("synced %d after stop", id)
		}
	case <-time.After(3 * time.Second):
	}
	select {
	case id := <-synced:
		t.Fatalf("synced %d after stop", id)
	case <-time.After(2 * time.Second):
	}
}
