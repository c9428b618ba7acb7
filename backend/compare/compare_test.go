package compare

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
)

// A column sends the variant's rendered system prompt and its delimited
// input, and ends with the reply, its counts and speed, stopped when its
// context ended it, or with the problem that ended it.
func TestColumnStreamsOneVariant(t *testing.T) {
	variant := core.Variant{Model: "m", Assistant: core.Assistant{Role: "You are {{who}}.", Delimiter: core.DelimiterXML}}
	req := core.CompareRequest{Input: "the input", Variables: map[string]string{"who": "terse"}}
	tests := []struct {
		name        string
		fail        error
		cancel      bool
		wantContent string
		wantStopped bool
		wantProblem bool
	}{
		{"streams to the end", nil, false, "Hello world", false, false},
		{"stopped", nil, true, "Hello", true, false},
		{"fails", errors.New("connection refused"), false, "Hello", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var sent llm.ChatRequest
			chat := func(ctx context.Context, r llm.ChatRequest, fn func(llm.Chunk) error) error {
				sent = r
				fn(llm.Chunk{Content: "Hello"})
				switch {
				case tt.cancel:
					cancel()
					return ctx.Err()
				case tt.fail != nil:
					return tt.fail
				}
				fn(llm.Chunk{Content: " world"})
				return fn(llm.Chunk{Done: true, PromptTokens: 12, OutputTokens: 4, OutputTime: 2 * time.Second})
			}
			var last core.CompareColumn
			Column(ctx, chat, "compare-1", 2, variant, req, func(c core.CompareColumn) { last = c })

			if !strings.Contains(sent.Messages[0].Content, "You are terse.") || sent.Messages[0].Role != core.RoleSystem {
				t.Errorf("system message = %+v, want the rendered role with its variable filled", sent.Messages[0])
			}
			if user := sent.Messages[1].Content; !strings.Contains(user, "the input") || user == "the input" {
				t.Errorf("user message = %q, want the input delimited", user)
			}
			if !last.Done || last.CompareID != "compare-1" || last.Column != 2 || last.Content != tt.wantContent {
				t.Errorf("last report = %+v, want column 2 done with %q", last, tt.wantContent)
			}
			if last.Stopped != tt.wantStopped || (last.Problem != nil) != tt.wantProblem {
				t.Errorf("stopped %v, problem %v; want %v, %v", last.Stopped, last.Problem, tt.wantStopped, tt.wantProblem)
			}
			if tt.wantContent == "Hello world" && (last.OutputTokens != 4 || last.TokensPerSecond != 2) {
				t.Errorf("counts = %d tokens at %.1f/s, want 4 at 2/s", last.OutputTokens, last.TokensPerSecond)
			}
		})
	}
}
