package service

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/zhiku-app/zhiku/backend/answer"
	"github.com/zhiku-app/zhiku/backend/compare"
	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/prompts"
	"github.com/zhiku-app/zhiku/backend/store"
	"github.com/zhiku-app/zhiku/backend/tasks"
)

// Prompts keeps the prompt studio's assistants, renders and lints them,
// and compares variants side by side.
type Prompts struct {
	store    *store.Store
	chat     llm.ChatFunc
	emitter  core.Emitter
	settings settingsView
	defaults *defaultModels
	// contextLength is a model's window as Ollama describes it.
	contextLength func(ctx context.Context, model string) (int, error)

	compares tasks.Runner[string]
	seq      int64
	seqMu    sync.Mutex
}

func (p *Prompts) ready() error {
	if p.store == nil {
		return core.ErrNotReady.New(nil)
	}
	return nil
}

// List returns the built-in assistants in the person's language, then the
// saved ones.
func (p *Prompts) List(ctx context.Context) ([]core.Assistant, error) {
	out := prompts.Builtins(string(p.settings.locale()))
	if p.store == nil {
		return out, nil
	}
	saved, err := p.store.Assistants(ctx)
	return append(out, saved...), err
}

// Save stores an assistant; a built-in one is saved as a copy of its own.
func (p *Prompts) Save(ctx context.Context, a core.Assistant) (core.Assistant, error) {
	if err := p.ready(); err != nil {
		return a, err
	}
	if err := prompts.Check(&a); err != nil {
		return a, err
	}
	if a.ID < 0 || a.Builtin {
		a.ID = 0
	}
	return p.store.SaveAssistant(ctx, a)
}

// Delete removes a saved assistant.
func (p *Prompts) Delete(ctx context.Context, id int64) error {
	if err := p.ready(); err != nil {
		return err
	}
	return p.store.DeleteAssistant(ctx, id)
}

// Rendered is an assistant's system prompt with its variables.
type Rendered struct {
	Prompt    string   `json:"prompt"`
	Variables []string `json:"variables"`
	Missing   []string `json:"missing"`
	Tokens    int      `json:"tokens"`
}

// Render builds an assistant's system prompt, filling the variables given.
func (p *Prompts) Render(ctx context.Context, a core.Assistant, values map[string]string) (Rendered, error) {
	raw := prompts.Render(a)
	filled, missing := prompts.Fill(raw, values)
	return Rendered{Prompt: filled, Variables: nonNil(prompts.Variables(raw)), Missing: nonNil(missing), Tokens: answer.EstimateTokens(filled)}, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Lint checks an assistant against the recipe; the context rule uses the
// model's window when Ollama can tell it.
func (p *Prompts) Lint(ctx context.Context, a core.Assistant) ([]core.LintHint, error) {
	contextLength := 0
	if model := cmp.Or(a.Model, p.settings.current().DefaultChatModel); model != "" {
		if length, err := p.contextLength(ctx, model); err == nil {
			contextLength = answer.ContextWindow(length, 0)
		}
	}
	return prompts.Lint(a, contextLength, answer.EstimateTokens), nil
}

// Export writes assistants as JSON, for sharing.
func (p *Prompts) Export(ctx context.Context, ids []int64) (string, error) {
	all, err := p.List(ctx)
	if err != nil {
		return "", err
	}
	var out []core.Assistant
	for _, a := range all {
		for _, id := range ids {
			if a.ID == id {
				a.ID, a.Builtin = 0, false
				out = append(out, a)
			}
		}
	}
	return prompts.Export(out)
}

// Import saves the assistants of an export; each is checked as Save does.
func (p *Prompts) Import(ctx context.Context, text string) ([]core.Assistant, error) {
	if err := p.ready(); err != nil {
		return nil, err
	}
	assistants, err := prompts.ParseExport(text)
	if err != nil {
		return nil, err
	}
	saved := []core.Assistant{}
	for _, a := range assistants {
		s, err := p.Save(ctx, a)
		if err != nil {
			return saved, err
		}
		saved = append(saved, s)
	}
	return saved, nil
}

// Compare runs one input through every variant at once and returns the
// comparison's id; EventCompareStream carries each column as it streams.
func (p *Prompts) Compare(ctx context.Context, req core.CompareRequest) (string, error) {
	if len(req.Variants) < 2 || len(req.Variants) > 4 {
		return "", core.ErrCompareVariants.New(nil, "count", fmt.Sprint(len(req.Variants)))
	}
	for i := range req.Variants {
		v := &req.Variants[i]
		model, err := p.defaults.chat(ctx, cmp.Or(v.Model, v.Assistant.Model))
		if err != nil {
			return "", err
		}
		v.Model = model
	}
	p.seqMu.Lock()
	p.seq++
	id := fmt.Sprintf("compare-%d", p.seq)
	p.seqMu.Unlock()
	for i, v := range req.Variants {
		key := fmt.Sprintf("%s/%d", id, i)
		p.compares.Start(key, func(ctx context.Context) {
			compare.Column(ctx, p.chat, id, i, v, req, func(c core.CompareColumn) { p.emitter.Emit(core.EventCompareStream, c) })
		})
	}
	return id, nil
}

// CancelColumn stops one column of a comparison; the others go on.
func (p *Prompts) CancelColumn(ctx context.Context, compareID string, column int) error {
	p.compares.Cancel(fmt.Sprintf("%s/%d", compareID, column))
	return nil
}

// MarkBest saves a comparison's outputs as a preference record: the best
// first, then the others.
func (p *Prompts) MarkBest(ctx context.Context, pref core.Preference) (core.Preference, error) {
	if err := p.ready(); err != nil {
		return pref, err
	}
	if strings.TrimSpace(pref.Chosen.Output) == "" || len(pref.Rejected) == 0 {
		return pref, core.ErrBadRequest.New(nil, "reason", "a preference needs the best output and at least one other")
	}
	pref.Source = cmp.Or(pref.Source, "compare")
	return p.store.AddPreference(ctx, pref)
}

// Preferences lists the preference records saved so far.
func (p *Prompts) Preferences(ctx context.Context) ([]core.Preference, error) {
	if err := p.ready(); err != nil {
		return nil, err
	}
	return p.store.Preferences(ctx)
}

// Gallery returns the lessons of weak and strong prompts, in the person's
// language.
func (p *Prompts) Gallery(ctx context.Context) ([]prompts.GalleryItem, error) {
	return prompts.Gallery(string(p.settings.locale())), nil
}
