package answer

import (
	"context"
	"sync"

	"github.com/zhiku-app/zhiku/backend/core"
)

// fallbackContextLength is assumed for a model whose metadata names no
// context length: the smallest window of current chat models.
const fallbackContextLength = 2048

// ContextWindow is the num_ctx to ask for: the chat's choice or
// core.DefaultNumCtx, never past the model's own limit.
func ContextWindow(modelLimit, chosen int) int {
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

// ContextLength is how many tokens a model can take in, as Ollama
// describes it; learned once per model until Forget.
func (w *Writer) ContextLength(ctx context.Context, model string) (int, error) {
	limit, err := w.models.of(ctx, w.deps.Show, model)
	return limit.contextLength, err
}

// Forget drops what is known of every model, as after Ollama restarts
// with other models.
func (w *Writer) Forget() { w.models.forget() }

// modelLimits caches what Ollama says of each model's context.
type modelLimits struct {
	mu    sync.Mutex
	known map[string]modelLimit
}

type modelLimit struct {
	contextLength int
}

func (m *modelLimits) of(ctx context.Context, show func(context.Context, string) (core.ModelDetails, error), model string) (modelLimit, error) {
	m.mu.Lock()
	limit, ok := m.known[model]
	m.mu.Unlock()
	if ok {
		return limit, nil
	}
	details, err := show(ctx, model)
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

func (m *modelLimits) forget() {
	m.mu.Lock()
	m.known = nil
	m.mu.Unlock()
}
