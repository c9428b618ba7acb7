// Package compare runs one input through several prompt variants side by
// side, for the prompt studio.
package compare

import (
	"cmp"
	"context"
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/prompts"
)

// streamInterval spaces a column's reports: often enough to read as it
// streams, rarely enough not to flood the page.
const streamInterval = 40 * time.Millisecond

// Column runs req's input through one variant, the column-th of the
// comparison id, and reports the column as it streams, at most every
// streamInterval, and once at its end: stopped when ctx ended it.
func Column(ctx context.Context, chat llm.ChatFunc, id string, column int, v core.Variant, req core.CompareRequest, report func(core.CompareColumn)) {
	system, _ := prompts.Fill(prompts.Render(v.Assistant), req.Variables)
	col := core.CompareColumn{CompareID: id, Column: column, System: system}
	temperature := cmp.Or(v.Temperature, v.Assistant.Temperature)
	messages := []core.ChatMessage{{Role: core.RoleUser, Content: prompts.Delimit(req.Input, v.Assistant.Delimiter)}}
	if system != "" {
		messages = append([]core.ChatMessage{{Role: core.RoleSystem, Content: system}}, messages...)
	}
	began := time.Now()
	var content strings.Builder
	var last time.Time
	err := chat(ctx, llm.ChatRequest{Model: v.Model, Messages: messages,
		Options: llm.Options{Temperature: temperature, TopP: v.Assistant.TopP, NumCtx: core.DefaultNumCtx / 2, NumPredict: 1024}},
		func(ch llm.Chunk) error {
			if col.FirstTokenMillis == 0 && ch.Content != "" {
				col.FirstTokenMillis = float64(time.Since(began).Microseconds()) / 1000
			}
			content.WriteString(ch.Content)
			col.Content = content.String()
			if ch.Done {
				col.PromptTokens, col.OutputTokens = ch.PromptTokens, ch.OutputTokens
				if secs := ch.OutputTime.Seconds(); secs > 0 {
					col.TokensPerSecond = float64(ch.OutputTokens) / secs
				}
				return nil
			}
			if now := time.Now(); now.Sub(last) >= streamInterval {
				last = now
				report(col)
			}
			return nil
		})
	col.Done = true
	switch {
	case ctx.Err() != nil:
		col.Stopped = true
	case err != nil:
		col.Problem = core.AsProblem(err)
	}
	report(col)
}
