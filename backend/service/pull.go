package service

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
)

// pullInterval spaces progress events: Ollama reports every few kilobytes.
const pullInterval = 200 * time.Millisecond

// Pull starts downloading a model through Ollama and returns at once;
// EventModelPull carries its progress and how it ended. Pulling a model
// already downloading does nothing.
func (o *Ollama) Pull(ctx context.Context, model string) error {
	model = strings.TrimSpace(model)
	if err := llm.ValidModelName(model); err != nil {
		return err
	}
	client := o.runtime.Client()
	o.pulls.Start(model, func(ctx context.Context) {
		if o.pull(ctx, client, model) == nil {
			o.defaults.adoptSole(context.Background())
		}
	})
	return nil
}

// StarterModels is the pair a first run downloads: a model that writes
// answers and one that finds passages.
type StarterModels struct {
	Chat  string `json:"chat"`
	Embed string `json:"embed"`
}

// PullStarter downloads a chat and an embedding model side by side and
// makes each the default once it is installed, so a first run needs one
// click. Progress arrives as EventModelPull per model.
func (o *Ollama) PullStarter(ctx context.Context, models StarterModels) error {
	pairs := []struct {
		role  modelRole
		model string
	}{{roleChat, strings.TrimSpace(models.Chat)}, {roleEmbed, strings.TrimSpace(models.Embed)}}
	for _, p := range pairs {
		if err := llm.ValidModelName(p.model); err != nil {
			return err
		}
	}
	client := o.runtime.Client()
	for _, p := range pairs {
		o.pulls.Start(p.model, func(ctx context.Context) {
			if o.pull(ctx, client, p.model) == nil {
				o.defaults.adopt(context.Background(), p.role, p.model, true)
			}
		})
	}
	return nil
}

// pull downloads model, telling the page how far it is, and returns how it
// ended.
func (o *Ollama) pull(ctx context.Context, client *llm.Client, model string) error {
	var last time.Time
	tally := llm.NewPullTally(model)
	err := client.Pull(ctx, model, func(p core.PullProgress) {
		tally.Add(p, time.Now())
		if now := time.Now(); now.Sub(last) >= pullInterval {
			last = now
			o.emitter.Emit(core.EventModelPull, tally.Progress())
		}
	})
	final := tally.Progress()
	final.Done, final.BytesPerSecond, final.ETASeconds = true, 0, 0
	switch {
	case errors.Is(err, context.Canceled):
		final.Status = "cancelled"
	case err != nil:
		final.Problem = core.AsProblem(err)
	default:
		o.runtime.Check(context.Background()) // the model count changed
	}
	o.emitter.Emit(core.EventModelPull, final)
	return err
}

// CancelPull stops a model's download; Ollama keeps what arrived.
func (o *Ollama) CancelPull(ctx context.Context, model string) error {
	o.pulls.Cancel(model)
	return nil
}
