package service

import (
	"context"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
)

// A question with no model to answer it fails with what is really
// missing, so the one next step is the right one.
func TestNoChatModelNamesWhatIsMissing(t *testing.T) {
	tests := []struct {
		name string
		// installed is nil when no Ollama listens.
		installed []string
		want      core.ProblemKind
	}{
		{"Ollama is not installed", nil, core.ErrOllamaNotInstalled},
		{"Ollama runs without models", []string{}, core.ErrNoModelsInstalled},
		{"only a model that embeds", []string{"bge-m3-embed"}, core.ErrNoChatModelInstalled},
		{"two chat models, none chosen", []string{"qwen3:4b", "qwen3:1.7b"}, core.ErrNoChatModel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host := llmtest.ClosedPortURL(t).String()
			if tt.installed != nil {
				host = llmtest.New(t, "0.17.4", tt.installed...).BaseURL().String()
			}
			t.Setenv("OLLAMA_HOST", host)
			b, err := open(t, t.TempDir(), nil)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			chat, _ := b.Chats.Create(ctx, core.Chat{})
			if _, err := b.Chats.Ask(ctx, core.AskRequest{ChatID: chat.ID, Question: "hello"}); err != nil {
				t.Fatal(err)
			}
			b.Chats.runs.Wait()
			got, _ := b.Chats.Get(ctx, chat.ID)
			if a := got.Turns[0].Answers[0]; a.Status != core.AnswerFailed || !tt.want.Is(a.Problem) {
				t.Fatalf("answer = %+v, want the problem %s", a, tt.want.Code)
			}
		})
	}
}

// When Ollama has exactly one model of a kind, it becomes the default
// without a click; with several, nothing is picked for the person.
func TestSoleInstalledModelsBecomeTheDefaults(t *testing.T) {
	tests := []struct {
		name       string
		installed  []string
		wantChat   string
		wantEmbed  string
		wantRerank string
	}{
		{"one of each", []string{"qwen3:4b", "bge-m3-embed", "qwen3-reranker:0.6b"}, "qwen3:4b", "bge-m3-embed", "qwen3-reranker:0.6b"},
		{"two chat models", []string{"qwen3:4b", "qwen3:1.7b", "bge-m3-embed"}, "", "bge-m3-embed", ""},
		{"only a chat model", []string{"qwen3:4b"}, "qwen3:4b", "", ""},
		// A reranker writes text too, but is never taken for the chat model.
		{"a chat model and a reranker", []string{"qwen3:4b", "Qwen3-Reranker-4B"}, "qwen3:4b", "", "Qwen3-Reranker-4B"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("OLLAMA_HOST", llmtest.New(t, "0.17.4", tt.installed...).BaseURL().String())
			b, err := open(t, t.TempDir(), nil)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			b.Ollama.Refresh(ctx) // Ollama is seen running with models
			// The heartbeat or the refresh adopts in the background;
			// wait for it rather than guess when it is done.
			deadline := time.Now().Add(10 * time.Second)
			for {
				s, _ := b.Settings.Get(ctx)
				if s.DefaultChatModel == tt.wantChat && s.DefaultEmbedModel == tt.wantEmbed && s.RerankModel == tt.wantRerank {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("defaults = chat %q, embed %q, rerank %q; want %q, %q, %q", s.DefaultChatModel, s.DefaultEmbedModel, s.RerankModel, tt.wantChat, tt.wantEmbed, tt.wantRerank)
				}
				time.Sleep(10 * time.Millisecond)
			}
			// Nothing more is picked once adoption has settled.
			b.Ollama.pulls.Shutdown()
			if s, _ := b.Settings.Get(ctx); s.DefaultChatModel != tt.wantChat || s.DefaultEmbedModel != tt.wantEmbed || s.RerankModel != tt.wantRerank {
				t.Fatalf("after settling: chat %q, embed %q; want %q, %q", s.DefaultChatModel, s.DefaultEmbedModel, tt.wantChat, tt.wantEmbed)
			}
		})
	}
}

// The first run's one step downloads a chat and an embedding model and
// makes each the default once it is in; a failed download changes nothing.
func TestPullStarterMakesEachModelTheDefaultOnceInstalled(t *testing.T) {
	fake := llmtest.New(t, "0.17.4", "old:1b", "older:1b")
	fake.FailPullsOf("no-such-embed")
	t.Setenv("OLLAMA_HOST", fake.BaseURL().String())
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := b.Settings.Update(ctx, core.Settings{DefaultChatModel: "old:1b", DefaultEmbedModel: "old-embed"}); err != nil {
		t.Fatal(err)
	}
	if err := b.Ollama.PullStarter(ctx, StarterModels{Chat: "qwen3:1.7b", Embed: "no-such-embed"}); err != nil {
		t.Fatal(err)
	}
	for _, model := range []string{"qwen3:1.7b", "no-such-embed"} {
		if err := b.Ollama.pulls.Wait(ctx, model); err != nil {
			t.Fatal(err)
		}
	}
	s, _ := b.Settings.Get(ctx)
	if s.DefaultChatModel != "qwen3:1.7b" || s.DefaultEmbedModel != "old-embed" {
		t.Fatalf("defaults = chat %q, embed %q; want the new chat model and the old embedding model", s.DefaultChatModel, s.DefaultEmbedModel)
	}
	if err := b.Ollama.PullStarter(ctx, StarterModels{Chat: "qwen3:1.7b", Embed: ""}); !core.ErrNameEmpty.Is(err) {
		t.Fatalf("a starter without an embedding model: err = %v", err)
	}
}
