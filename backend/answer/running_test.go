package answer

import (
	"context"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

func TestRunningKeepsOneAnswerPerChat(t *testing.T) {
	var r Running
	run, err := r.Claim(1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Claim(1); !core.ErrChatBusy.Is(err) {
		t.Errorf("a second claim of a busy chat = %v, want it busy", err)
	}
	if _, err := r.Claim(2); err != nil {
		t.Errorf("another chat is busy too: %v", err)
	}
	r.Release(1, run)
	if _, err := r.Claim(1); err != nil {
		t.Errorf("a released chat is still busy: %v", err)
	}
}

// A stop reaches the answer as the person's, even one stopped before it
// began; a shutdown interrupts without being taken for one.
func TestRunningTellsAStopFromAShutdown(t *testing.T) {
	tests := []struct {
		name        string
		stopEarly   bool
		stop        func(r *Running)
		wantStopped bool
	}{
		{"stopped while writing", false, func(r *Running) { r.Stop(1, true) }, true},
		{"stopped before it began", true, func(r *Running) { r.Wait() }, true},
		{"interrupted by a shutdown", false, func(r *Running) { r.Shutdown() }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r Running
			run, err := r.Claim(1)
			if err != nil {
				t.Fatal(err)
			}
			if tt.stopEarly {
				r.Stop(1, false)
			}
			began, stoppedAtEnd := make(chan struct{}), make(chan bool, 1)
			r.Go(1, run, func(ctx context.Context, stopped func() bool) {
				close(began)
				<-ctx.Done()
				stoppedAtEnd <- stopped()
			})
			<-began
			tt.stop(&r)
			if got := <-stoppedAtEnd; got != tt.wantStopped {
				t.Errorf("stopped() = %v, want %v", got, tt.wantStopped)
			}
			r.Wait()
			if _, err := r.Claim(1); err != nil {
				t.Errorf("the chat is still busy after its answer settled: %v", err)
			}
		})
	}
}
