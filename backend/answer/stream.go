package answer

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
)

// stream sends the prompt and keeps the answer as it arrives: shown every
// StreamInterval, saved every SaveInterval.
func (a *writing) stream(ctx context.Context, messages []core.ChatMessage, window, reserve int, scale Scale) error {
	timing, settings := a.w.Timing, a.job.Chat.Settings
	opts := llm.Options{Temperature: settings.Temperature, TopP: settings.TopP, NumCtx: window, NumPredict: reserve}
	var content strings.Builder
	first := true
	ctx, watchdog := watchStall(ctx, timing.StallFirst, timing.StallBetween)
	defer watchdog.stop()
	err := a.w.deps.Chat(ctx, llm.ChatRequest{Model: a.answer.Model, Messages: messages, Options: opts}, func(ch llm.Chunk) error {
		watchdog.progress()
		if first && ch.Content != "" {
			a.report.FirstTokenMillis = millisSince(a.job.Started)
			first = false
		}
		content.WriteString(ch.Content)
		a.answer.Content = content.String()
		if ch.Done {
			a.report.ReportedPromptTokens, a.report.OutputTokens = ch.PromptTokens, ch.OutputTokens
			return nil
		}
		now := time.Now()
		if now.Sub(a.lastEmit) >= timing.StreamInterval {
			a.lastEmit = now
			a.emit(core.ChatPhaseGenerating, 0, 0)
		}
		if now.Sub(a.lastSave) >= timing.SaveInterval {
			a.lastSave = now
			if err := a.w.deps.SaveText(context.Background(), a.answer.ID, a.answer.Content); err != nil {
				slog.Warn("save answer so far", "err", err)
			}
		}
		return nil
	})
	if a.report.ReportedPromptTokens > 0 {
		a.w.learnTokenScale(a.answer.Model, scale, a.estimate, a.report.ReportedPromptTokens)
	}
	if watchdog.fired() {
		// Not wrapping the cancellation: this is a failure, not a stop.
		return core.ErrOllamaTimeout.New(nil, "host", a.w.deps.Host())
	}
	if err == nil && strings.TrimSpace(a.answer.Content) == "" {
		// A stop token first, or only spaces: kept as "done", it would
		// show an empty bubble with no hint of what went wrong.
		return core.ErrEmptyAnswer.New(nil, "model", a.answer.Model)
	}
	return err
}

// stallWatch cancels a stream that stops making progress: first until
// the first chunk arrives, then between chunks.
type stallWatch struct {
	mu      sync.Mutex
	timer   *time.Timer
	between time.Duration
	cancel  context.CancelFunc
	expired bool
}

func watchStall(ctx context.Context, first, between time.Duration) (context.Context, *stallWatch) {
	ctx, cancel := context.WithCancel(ctx)
	w := &stallWatch{between: between, cancel: cancel}
	w.timer = time.AfterFunc(first, w.fire)
	return ctx, w
}

func (w *stallWatch) fire() {
	w.mu.Lock()
	w.expired = true
	w.mu.Unlock()
	w.cancel()
}

// progress restarts the clock after a chunk arrived.
func (w *stallWatch) progress() {
	w.timer.Reset(w.between)
}

// fired reports whether the stream was given up for stalling.
func (w *stallWatch) fired() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.expired
}

func (w *stallWatch) stop() {
	w.timer.Stop()
	w.cancel()
}
