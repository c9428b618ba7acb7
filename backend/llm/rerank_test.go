package llm_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/ollama/ollama/api"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
)

func TestYesNoScore(t *testing.T) {
	lp := math.Log
	tests := []struct {
		name      string
		tokens    []api.TokenLogprob
		want      float64
		wantKnown bool
	}{
		{"both answers", []api.TokenLogprob{{Token: "yes", Logprob: lp(0.6)}, {Token: "no", Logprob: lp(0.2)}}, 0.75, true},
		{"case and word-start marks", []api.TokenLogprob{{Token: " Yes", Logprob: lp(0.3)}, {Token: "▁yes", Logprob: lp(0.1)}, {Token: "NO", Logprob: lp(0.4)}}, 0.5, true},
		{"only no", []api.TokenLogprob{{Token: "no", Logprob: lp(0.9)}, {Token: "maybe", Logprob: lp(0.05)}}, 0, true},
		{"a token repeated as the chosen one counts once", []api.TokenLogprob{{Token: "yes", Logprob: lp(0.5)}, {Token: "yes", Logprob: lp(0.5)}, {Token: "no", Logprob: lp(0.5)}}, 0.5, true},
		{"neither answer", []api.TokenLogprob{{Token: "yesterday", Logprob: lp(0.5)}, {Token: "不", Logprob: lp(0.5)}}, 0, false},
		{"nothing", nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, known := llm.YesNoScore(tt.tokens)
			if known != tt.wantKnown || math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("YesNoScore = %v, %v; want %v, %v", got, known, tt.want, tt.wantKnown)
			}
		})
	}
}

func TestScorePairSendsTheRerankRequest(t *testing.T) {
	srv := llmtest.New(t, "0.17.4", "qwen3-reranker")
	srv.ScriptLogprobs(func(prompt string) []llmtest.Alternative {
		if strings.Contains(prompt, "<Document>: 北京") {
			return []llmtest.Alternative{{Token: "yes", Logprob: math.Log(0.8)}, {Token: "no", Logprob: math.Log(0.2)}}
		}
		return []llmtest.Alternative{{Token: "好", Logprob: math.Log(0.9)}}
	})
	client := llm.NewClient(srv.BaseURL(), nil)
	ctx := context.Background()

	score, known, err := client.ScorePair(ctx, "qwen3-reranker", "首都是哪里？", "北京是首都。")
	if err != nil || !known || math.Abs(score-0.8) > 1e-9 {
		t.Fatalf("ScorePair = %v, %v, %v; want 0.8, known", score, known, err)
	}
	if _, known, err := client.ScorePair(ctx, "qwen3-reranker", "首都是哪里？", "无关的段落"); err != nil || known {
		t.Fatalf("a first token that is neither answer: known %v, %v; want unknown", known, err)
	}

	reqs := srv.Generated()
	if len(reqs) != 2 {
		t.Fatalf("%d generate requests, want 2", len(reqs))
	}
	req := reqs[0]
	wantPrompt := "<|im_start|>system\nJudge whether the Document meets the requirements based on the Query and the Instruct provided. " +
		"Note that the answer can only be \"yes\" or \"no\".<|im_end|>\n<|im_start|>user\n" +
		"<Instruct>: Given a web search query, retrieve relevant passages that answer the query\n" +
		"<Query>: 首都是哪里？\n<Document>: 北京是首都。<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n"
	if req.Model != "qwen3-reranker" || req.Prompt != wantPrompt || !req.Raw || req.Stream == nil || *req.Stream ||
		!req.Logprobs || req.TopLogprobs != 20 || req.KeepAlive != nil || req.System != "" || req.Template != "" {
		t.Errorf("request = %+v\nprompt %q\nwant   %q", req, req.Prompt, wantPrompt)
	}
	wantOptions := map[string]float64{"temperature": 0, "num_predict": 1, "num_ctx": 4096}
	if len(req.Options) != len(wantOptions) {
		t.Errorf("options = %v, want %v", req.Options, wantOptions)
	}
	for k, v := range wantOptions {
		if got, ok := req.Options[k].(float64); !ok || got != v {
			t.Errorf("option %s = %v, want %v", k, req.Options[k], v)
		}
	}
}

func TestScorePairProblems(t *testing.T) {
	srv := llmtest.New(t, "0.17.4", "qwen3-reranker")
	client := llm.NewClient(srv.BaseURL(), nil)
	ctx := context.Background()
	if _, _, err := client.ScorePair(ctx, "missing-reranker", "q", "p"); !core.ErrModelNotFound.Is(err) {
		t.Errorf("a missing model: %v, want model-not-found", err)
	}
	if _, _, err := client.ScorePair(ctx, "qwen3-reranker", "q", "p"); err == nil {
		t.Error("an Ollama that returns no log-probabilities: no error")
	}
	down := llm.NewClient(llmtest.ClosedPortURL(t), nil)
	if _, _, err := down.ScorePair(ctx, "qwen3-reranker", "q", "p"); !core.ErrOllamaUnreachable.Is(err) {
		t.Errorf("Ollama down: %v, want unreachable", err)
	}
}

func TestRerankPromptCutsLongTexts(t *testing.T) {
	prompt := llm.RerankPrompt(strings.Repeat("问", 900), strings.Repeat("文", 5000))
	if n := strings.Count(prompt, "问"); n != 500 {
		t.Errorf("query cut to %d characters, want 500", n)
	}
	if n := strings.Count(prompt, "文"); n != 3200 {
		t.Errorf("passage cut to %d characters, want 3200", n)
	}
	if !strings.HasSuffix(prompt, "<think>\n\n</think>\n\n") {
		t.Error("the prompt no longer ends in the empty thinking block")
	}
}
