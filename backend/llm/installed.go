package llm

import (
	"context"
	"log/slog"
	"regexp"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
)

// Installed lists the installed models with their details and, for those
// loaded now, their memory use.
func (c *Client) Installed(ctx context.Context) ([]core.InstalledModel, error) {
	summaries, err := c.List(ctx)
	if err != nil {
		return nil, err
	}
	running, err := c.Running(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]core.InstalledModel, 0, len(summaries))
	for _, s := range summaries {
		d, err := c.Show(ctx, s.Name)
		if err != nil {
			// One unreadable model must not hide the others.
			slog.Warn("show model", "model", s.Name, "err", err)
			d = core.ModelDetails{Capabilities: []string{}}
		}
		d.ModelSummary = s
		im := core.InstalledModel{ModelDetails: d}
		for i := range running {
			if running[i].Name == s.Name {
				im.Running = &running[i]
			}
		}
		out = append(out, im)
	}
	return out, nil
}

// LoadOrRemove loads a model just made, and removes it again when Ollama
// cannot run it: Ollama creates a model of any GGUF and finds out only when
// loading it, and nothing half-imported must stay behind.
func (c *Client) LoadOrRemove(ctx context.Context, model string) error {
	err := c.Load(ctx, model)
	if err != nil {
		if delErr := c.Delete(context.WithoutCancel(ctx), model); delErr != nil {
			slog.Warn("remove a model that does not load", "model", model, "err", delErr)
		}
	}
	return err
}

// modelName is what Ollama accepts: a name of path segments, and a tag;
// the first segment may be a registry's host with its port, when more
// segments follow (a mirror: 192.168.1.5:5000/library/qwen3:4b).
var modelName = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9.-]*:[0-9]{1,5}/)?[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*(:[A-Za-z0-9][A-Za-z0-9._-]{0,127})?$`)

// ValidModelName returns the problem with a model name Ollama would refuse,
// or nil.
func ValidModelName(name string) error {
	if name == "" {
		return core.ErrNameEmpty.New(nil)
	}
	if len(name) > 200 || !modelName.MatchString(name) {
		return core.ErrModelName.New(nil, "name", name)
	}
	return nil
}

// InstalledByRole sorts the installed models into those that write text,
// those that only embed, and rerankers: Ollama sees a reranker as a model
// that writes text, so its name tells it apart (IsReranker), and it is
// never taken for a chat model.
func (c *Client) InstalledByRole(ctx context.Context) (chat, embed, rerank []string, err error) {
	list, err := c.List(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, m := range list {
		details, err := c.Show(ctx, m.Name)
		if err != nil {
			return nil, nil, nil, err
		}
		switch {
		case details.Has(core.CapabilityCompletion) && IsReranker(m.Name):
			rerank = append(rerank, m.Name)
		case details.Has(core.CapabilityCompletion):
			chat = append(chat, m.Name)
		case details.Has(core.CapabilityEmbedding):
			embed = append(embed, m.Name)
		}
	}
	return chat, embed, rerank, nil
}

// IsReranker says a model's name marks it a reranker, as every published
// build of one is named (Qwen3-Reranker-0.6B, qwen3_reranker:4b).
func IsReranker(name string) bool {
	return strings.Contains(strings.ToLower(name), "rerank")
}
