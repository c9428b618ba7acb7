package llm

import (
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// PullTally adds up Ollama's per-layer progress lines into the progress of
// the whole download, with its speed over the last few seconds.
type PullTally struct {
	model   string
	status  string
	order   []string
	layers  map[string]*core.LayerProgress
	samples []pullSample
}

type pullSample struct {
	at    time.Time
	bytes int64
}

// speedWindow is how far back the speed looks: long enough to smooth
// bursts, short enough to follow a changing connection.
const speedWindow = 5 * time.Second

// NewPullTally tallies a pull of model.
func NewPullTally(model string) *PullTally {
	return &PullTally{model: model, layers: map[string]*core.LayerProgress{}}
}

// Add counts a progress line Ollama sent at now.
func (t *PullTally) Add(p core.PullProgress, now time.Time) {
	t.status = p.Status
	if p.Digest == "" || p.Total == 0 {
		return
	}
	l, ok := t.layers[p.Digest]
	if !ok {
		l = &core.LayerProgress{Digest: p.Digest}
		t.layers[p.Digest] = l
		t.order = append(t.order, p.Digest)
	}
	l.Completed, l.Total = p.Completed, p.Total
	t.samples = append(t.samples, pullSample{now, t.completed()})
	for len(t.samples) > 2 && now.Sub(t.samples[0].at) > speedWindow {
		t.samples = t.samples[1:]
	}
}

func (t *PullTally) completed() int64 {
	var n int64
	for _, l := range t.layers {
		n += l.Completed
	}
	return n
}

// Progress is the whole download so far.
func (t *PullTally) Progress() core.PullProgress {
	p := core.PullProgress{Model: t.model, Status: t.status, Layers: make([]core.LayerProgress, 0, len(t.order))}
	for _, d := range t.order {
		l := *t.layers[d]
		p.Layers = append(p.Layers, l)
		p.Completed += l.Completed
		p.Total += l.Total
	}
	if n := len(t.samples); n >= 2 {
		first, last := t.samples[0], t.samples[n-1]
		if secs := last.at.Sub(first.at).Seconds(); secs > 0 {
			p.BytesPerSecond = float64(last.bytes-first.bytes) / secs
		}
	}
	if p.BytesPerSecond > 0 && p.Total > p.Completed {
		p.ETASeconds = float64(p.Total-p.Completed) / p.BytesPerSecond
	}
	return p
}
