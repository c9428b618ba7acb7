package service

import (
	"context"
	"log/slog"
	"sync"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
)

// modelRole is what a default model is for.
type modelRole int

const (
	roleChat modelRole = iota
	roleEmbed
	roleRerank
)

// defaultModels decides which model an action uses when the person named
// none, and keeps Settings' defaults filled where the choice is obvious: a
// person with one chat model installed never has to pick it.
type defaultModels struct {
	settings *Settings
	runtime  *llm.Runtime
	// adopting serialises adoptSole: the heartbeat and a finished pull may
	// both ask at once.
	adopting sync.Mutex
}

// chat returns chosen, else the default chat model, else a problem that
// names what is really missing: Ollama itself, any model, or a choice.
func (d *defaultModels) chat(ctx context.Context, chosen string) (string, error) {
	if chosen != "" {
		return chosen, nil
	}
	if s := d.settings.current(); s.DefaultChatModel != "" {
		return s.DefaultChatModel, nil
	}
	return "", d.missingChatModel(ctx)
}

func (d *defaultModels) missingChatModel(ctx context.Context) error {
	status := d.runtime.Status()
	if status.State == core.OllamaChecking {
		status = d.runtime.Check(ctx)
	}
	switch status.State {
	case core.OllamaAbsent:
		return core.ErrOllamaNotInstalled.New(nil)
	case core.OllamaStopped, core.OllamaError:
		return core.ErrOllamaUnreachable.New(nil, "host", status.Host)
	case core.OllamaRunning:
		if status.Models == 0 {
			return core.ErrNoModelsInstalled.New(nil)
		}
		if chat, _, _, err := d.runtime.Client().InstalledByRole(ctx); err == nil && len(chat) == 0 {
			return core.ErrNoChatModelInstalled.New(nil)
		}
	}
	return core.ErrNoChatModel.New(nil)
}

// adoptSole fills an empty default with the only installed model of its
// kind, so one model works without a click and Settings shows which.
func (d *defaultModels) adoptSole(ctx context.Context) {
	d.adopting.Lock()
	defer d.adopting.Unlock()
	current := d.settings.current()
	if current.DefaultChatModel != "" && current.DefaultEmbedModel != "" && current.RerankModel != "" {
		return
	}
	chat, embed, rerank, err := d.runtime.Client().InstalledByRole(ctx)
	if err != nil {
		slog.Debug("default models: list installed", "err", err)
		return
	}
	if len(chat) == 1 {
		d.adopt(ctx, roleChat, chat[0], false)
	}
	if len(embed) == 1 {
		d.adopt(ctx, roleEmbed, embed[0], false)
	}
	if len(rerank) == 1 {
		d.adopt(ctx, roleRerank, rerank[0], false)
	}
}

// adopt makes model the default for role; unless replace is set, only
// where no default is chosen yet.
func (d *defaultModels) adopt(ctx context.Context, role modelRole, model string, replace bool) {
	err := d.settings.edit(ctx, func(s *core.Settings) bool {
		field := &s.DefaultChatModel
		switch role {
		case roleEmbed:
			field = &s.DefaultEmbedModel
		case roleRerank:
			field = &s.RerankModel
		}
		if *field == model || (*field != "" && !replace) {
			return false
		}
		*field = model
		return true
	})
	if err != nil {
		slog.Warn("default models: save", "model", model, "err", err)
	}
}
