package llm

import (
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

func TestPullTallyAddsLayersAndTimesThem(t *testing.T) {
	tally := NewPullTally("qwen3:8b")
	start := time.Unix(1000, 0)
	steps := []struct {
		at                      int // seconds after start
		digest                  string
		completed, total        int64
		wantCompleted, wantLeft int64
	}{
		{0, "", 0, 0, 0, 0}, // "pulling manifest"
		{0, "sha256:a", 0, 1000, 0, 1000},
		{1, "sha256:a", 400, 1000, 400, 600},
		{2, "sha256:b", 100, 200, 500, 700},
		{3, "sha256:a", 1000, 1000, 1100, 100},
	}
	for _, s := range steps {
		tally.Add(core.PullProgress{Status: "pulling", Digest: s.digest, Completed: s.completed, Total: s.total}, start.Add(time.Duration(s.at)*time.Second))
		p := tally.Progress()
		if p.Completed != s.wantCompleted || p.Total-p.Completed != s.wantLeft {
			t.Errorf("at %ds: %d of %d", s.at, p.Completed, p.Total)
		}
	}
	p := tally.Progress()
	if len(p.Layers) != 2 || p.Layers[0].Digest != "sha256:a" {
		t.Errorf("layers = %+v", p.Layers)
	}
	// 1100 bytes in 3 s: about 367 B/s, so the last 100 bytes take 0.27 s.
	if p.BytesPerSecond < 360 || p.BytesPerSecond > 370 || p.ETASeconds < 0.26 || p.ETASeconds > 0.28 {
		t.Errorf("speed %.1f B/s, ETA %.2f s", p.BytesPerSecond, p.ETASeconds)
	}
}
