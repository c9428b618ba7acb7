package service

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/rag"
)

// fallbackContextLength is assumed for a model whose metadata names no
// context length: the smallest window of current chat models.
const fallbackContextLength = 2048

// contextWindow is the num_ctx to ask for: the chat's choice or
// core.DefaultNumCtx, never past the model's own limit.
func contextWindow(modelLimit, chosen int) int {
	window := chosen
	if window == 0 {
		window = core.DefaultNumCtx
	}
	if modelLimit > 0 && window > modelLimit {
		window = modelLimit
	}
	return window
}

// answerReserve is the part of the window kept for the answer: a quarter,
// between 256 and 2,048 tokens. The answer is capped to it (num_predict),
// so prompt and answer together never pass the window.
func answerReserve(window int) int {
	return min(max(window/4, 256), 2048)
}

// modelLimits caches what /api/show says of each model's context.
type modelLimits struct {
	mu    sync.Mutex
	known map[string]modelLimit
}

type modelLimit struct {
	contextLength int
}

func (m *modelLimits) of(ctx context.Context, client *llm.Client, model string) (modelLimit, error) {
	m.mu.Lock()
	limit, ok := m.known[model]
	m.mu.Unlock()
	if ok {
		return limit, nil
	}
	details, err := client.Show(ctx, model)
	if err != nil {
		return modelLimit{}, err
	}
	if len(details.Capabilities) > 0 && !details.Has(core.CapabilityCompletion) {
		return modelLimit{}, core.ErrModelIncapable.New(nil, "model", model, "task", "chat")
	}
	limit = modelLimit{contextLength: details.ContextLength}
	if limit.contextLength <= 0 {
		limit.contextLength = fallbackContextLength
	}
	m.mu.Lock()
	if m.known == nil {
		m.known = map[string]modelLimit{}
	}
	m.known[model] = limit
	m.mu.Unlock()
	return limit, nil
}

// forget drops what is known of every model, as after Ollama restarts
// with other models.
func (m *modelLimits) forget() {
	m.mu.Lock()
	m.known = nil
	m.mu.Unlock()
}

const tokenScaleKey = "token_scale:"

// tokenScale is how much to scale token estimates for a model. The first
// time a model is used it is measured: one short Chinese and one short
// English prompt, each answered with a single token, whose counts Ollama
// reports. The result is kept in the store, and raised whenever Ollama
// counts more than estimated.
func (c *Chats) tokenScale(ctx context.Context, model string) (rag.Scale, error) {
	value, _ := c.reading.Meta(ctx, tokenScaleKey+model)
	var scale rag.Scale
	if value != "" && json.Unmarshal([]byte(value), &scale) == nil && scale.Han > 0 && scale.Other > 0 {
		return scale, nil
	}
	measure := func(text string) (int, error) {
		reported := 0
		err := c.client().Chat(ctx, llm.ChatRequest{
			Model: model, Messages: []core.ChatMessage{{Role: core.RoleUser, Content: text}},
			Options: llm.Options{NumPredict: 1},
		}, func(ch llm.Chunk) error {
			if ch.Done {
				reported = ch.PromptTokens
			}
			return nil
		})
		return reported, err
	}
	han, err := measure(rag.CalibrationHan)
	if err != nil {
		return rag.Unit, err
	}
	other, err := measure(rag.CalibrationEnglish)
	if err != nil {
		return rag.Unit, err
	}
	scale = rag.Calibrate(rag.CalibrationHan, han, rag.CalibrationEnglish, other)
	c.saveTokenScale(model, scale)
	return scale, nil
}

func (c *Chats) saveTokenScale(model string, scale rag.Scale) {
	b, _ := json.Marshal(scale)
	if err := c.store.SetMeta(context.Background(), tokenScaleKey+model, string(b)); err != nil {
		slog.Warn("keep token scale", "model", model, "err", err)
	}
}

func (c *Chats) learnTokenScale(model string, current rag.Scale, estimated rag.Count, reported int) {
	if next := current.Learn(estimated, reported); next != current {
		c.saveTokenScale(model, next)
	}
}
