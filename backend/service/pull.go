package service

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
)

// pullInterval spaces progress events: Ollama reports every few kilobytes.
const pullInterval = 200 * time.Millisecond

// pulls runs model downloads in the background, one per model.
type pulls struct {
	mu      sync.Mutex
	running map[string]context.CancelFunc
	wg      sync.WaitGroup
}

// Pull starts downloading a model through Ollama and returns at once;
// EventModelPull carries its progress and how it ended. Pulling a model
// already downloading does nothing.
func (o *Ollama) Pull(ctx context.Context, model string) error {
	model = strings.TrimSpace(model)
	if model == "" {
		return core.ErrBadRequest.New(nil, "reason", "a model name is needed")
	}
	o.pulls.mu.Lock()
	defer o.pulls.mu.Unlock()
	if o.pulls.running == nil {
		o.pulls.running = map[string]context.CancelFunc{}
	}
	if _, busy := o.pulls.running[model]; busy {
		return nil
	}
	pullCtx, cancel := context.WithCancel(context.Background())
	o.pulls.running[model] = cancel
	client := o.runtime.Client()
	o.pulls.wg.Go(func() {
		defer cancel()
		o.pull(pullCtx, client, model)
		o.pulls.mu.Lock()
		delete(o.pulls.running, model)
		o.pulls.mu.Unlock()
	})
	return nil
}

func (o *Ollama) pull(ctx context.Context, client *llm.Client, model string) {
	var last time.Time
	var latest core.PullProgress
	err := client.Pull(ctx, model, func(p core.PullProgress) {
		latest = p
		if now := time.Now(); now.Sub(last) >= pullInterval {
			last = now
			o.emitter.Emit(core.EventModelPull, p)
		}
	})
	final := core.PullProgress{Model: model, Status: latest.Status, Completed: latest.Completed, Total: latest.Total, Done: true}
	switch {
	case errors.Is(err, context.Canceled):
		final.Status = "cancelled"
	case err != nil:
		final.Problem = core.AsProblem(err)
	default:
		o.runtime.Check(context.Background()) // the model count changed
	}
	o.emitter.Emit(core.EventModelPull, final)
}

// CancelPull stops a model's download; Ollama keeps what arrived.
func (o *Ollama) CancelPull(ctx context.Context, model string) error {
	o.pulls.mu.Lock()
	cancel := o.pulls.running[model]
	o.pulls.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	return nil
}

func (p *pulls) shutdown() {
	p.mu.Lock()
	for _, cancel := range p.running {
		cancel()
	}
	p.mu.Unlock()
	p.wg.Wait()
}
