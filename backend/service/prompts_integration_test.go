//go:build integration

package service

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
)

// columns collects compare events.
type columns struct {
	mu      sync.Mutex
	final   map[int]core.CompareColumn
	started chan int
	done    chan struct{}
	want    int
}

func (c *columns) Emit(name string, payload any) {
	col, ok := payload.(core.CompareColumn)
	if !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !col.Done {
		select {
		case c.started <- col.Column:
		default:
		}
		return
	}
	c.final[col.Column] = col
	if len(c.final) == c.want {
		close(c.done)
	}
}

// Two variants stream side by side from the real Ollama test server: the
// server receives each variant's rendered system prompt and the input in
// its delimiter; one column is cancelled without the other; the marked
// best is saved as a preference record.
func TestIntegrationCompareVariants(t *testing.T) {
	rig := llmtest.RigFromEnv(t)
	proxy := llmtest.NewProxy(t, rig.Host)
	t.Setenv("OLLAMA_HOST", proxy.Host())
	events := &columns{final: map[int]core.CompareColumn{}, started: make(chan int, 8), done: make(chan struct{}), want: 3}
	b, err := open(t, t.TempDir(), events)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	zero, hot := float32(0), float32(1.5)
	summariser := core.Assistant{Name: "s", Language: "en", Role: "You are an editor.", Task: "Summarise the text for {{who}}.",
		Delimiter: core.DelimiterXML, OutputFormat: "bullets", Length: "at most 3 bullets"}
	plain := core.Assistant{Name: "p", Task: "Summarise."}
	id, err := b.Prompts.Compare(ctx, core.CompareRequest{Input: "兵马俑位于西安。", Variables: map[string]string{"who": "a manager"},
		Variants: []core.Variant{
			{Label: "strong", Assistant: summariser, Model: llmtest.ChatModel, Temperature: &zero},
			{Label: "weak", Assistant: plain, Model: llmtest.ChatModel, Temperature: &hot},
			{Label: "long", Assistant: plain, Model: llmtest.ChatModel},
		}})
	if err != nil {
		t.Fatal(err)
	}
	// Stop the third column as soon as any text streams.
	<-events.started
	if err := b.Prompts.CancelColumn(ctx, id, 2); err != nil {
		t.Fatal(err)
	}
	select {
	case <-events.done:
	case <-ctx.Done():
		t.Fatal("the comparison did not finish")
	}
	for i := range 2 {
		c := events.final[i]
		if c.Problem != nil || c.Stopped || c.Content == "" || c.OutputTokens == 0 || c.TokensPerSecond <= 0 || c.FirstTokenMillis <= 0 {
			t.Errorf("column %d = %+v", i, c)
		}
	}
	if c := events.final[2]; !c.Stopped && c.OutputTokens >= 1024 {
		t.Errorf("the cancelled column ran to the end: %+v", c)
	}
	sent := proxy.Chats(t)
	var strong *llmtest.ChatRequest
	for i := range sent {
		if len(sent[i].Messages) == 2 && strings.Contains(sent[i].Messages[0].Content, "for a manager") {
			strong = &sent[i]
		}
	}
	if strong == nil || strong.Messages[1].Content != "<input>\n兵马俑位于西安。\n</input>" || strong.Options["temperature"] != float64(0) {
		t.Fatalf("the strong variant's request: %+v", strong)
	}

	pref, err := b.Prompts.MarkBest(ctx, core.Preference{Input: "兵马俑位于西安。",
		Chosen:   core.PreferenceOutput{System: events.final[0].System, Model: llmtest.ChatModel, Output: events.final[0].Content},
		Rejected: []core.PreferenceOutput{{System: events.final[1].System, Model: llmtest.ChatModel, Output: events.final[1].Content}}})
	if err != nil || pref.ID == 0 {
		t.Fatal(pref, err)
	}
	if all, _ := b.Prompts.Preferences(ctx); len(all) != 1 || all[0].Chosen.Output != events.final[0].Content || all[0].Source != "compare" {
		t.Errorf("preferences = %+v", all)
	}
}
