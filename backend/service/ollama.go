package service

import (
	"context"
	"fmt"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/tasks"
)

// Ollama reports on and controls the Ollama runtime.
type Ollama struct {
	runtime *llm.Runtime
	emitter core.Emitter
	pulls   tasks.Runner[string]
	// defaults makes a freshly installed model the default where that is
	// what the person asked for, or the only choice.
	defaults *defaultModels
}

// Status returns the latest observation, checking first if none was made yet.
func (o *Ollama) Status(ctx context.Context) (core.OllamaStatus, error) {
	if s := o.runtime.Status(); s.State != core.OllamaChecking {
		return s, nil
	}
	return o.runtime.Check(ctx), nil
}

// Refresh checks the server now.
func (o *Ollama) Refresh(ctx context.Context) (core.OllamaStatus, error) {
	return o.runtime.Check(ctx), nil
}

// Start launches `ollama serve` on the configured local address and waits up
// to half a minute for it to answer.
func (o *Ollama) Start(ctx context.Context) (core.OllamaStatus, error) {
	return o.runtime.Start(ctx)
}

// Stop ends the Ollama server Zhiku started; one started otherwise is not
// Zhiku's to stop, and stays.
func (o *Ollama) Stop(ctx context.Context) (core.OllamaStatus, error) {
	if err := o.runtime.Stop(); err != nil {
		return o.runtime.Check(ctx), core.ErrInternal.New(fmt.Errorf("stop ollama serve: %w", err))
	}
	return o.runtime.Check(ctx), nil
}
