//go:build integration

package service

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
)

// Reranking on the real Ollama test server, with the tiny chat model in
// the reranker's place (its vocabulary holds the answer words). Its
// log-probabilities are noise, so what is held is the mechanics: the
// request Ollama receives, scores that are those its log-probabilities
// give, an order that follows them, and the fused order kept, with the
// reason, when the model is missing or Ollama fails.
func TestIntegrationRerankThroughOllama(t *testing.T) {
	rig := llmtest.RigFromEnv(t)
	proxy := llmtest.NewProxy(t, rig.Host)
	t.Setenv("OLLAMA_HOST", proxy.Host())
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	files := map[string]string{}
	for i := range 8 {
		files[fmt.Sprintf("第%d章.md", i)] = fmt.Sprintf("第%d章：保修期自购买之日起%d年，yes or no 都要写清楚。", i, i+1)
	}
	kb, err := b.Library.Create(ctx, core.NewKnowledgeBase{Name: "手册", Sources: []string{folder(t, "手册", files)}})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, b.Library, kb.ID)
	query := core.SearchQuery{Text: "保修期", Mode: core.RetrievalKeyword, Limit: 8}
	fused, err := b.Search.Query(ctx, query)
	if err != nil || len(fused.Hits) != 8 {
		t.Fatalf("before reranking: %+v, %v", fused, err)
	}

	if _, err := b.Library.Configure(ctx, kb.ID, core.KBSettings{Chunking: kb.Chunking, Rerank: true}); err != nil {
		t.Fatal(err)
	}
	waitDone(t, b.Library, kb.ID)
	setRerankModel(t, b, ctx, llmtest.ChatModel)
	proxy.Reset()
	res, err := b.Search.Query(ctx, query)
	if err != nil || res.RerankProblem != nil || res.RerankModel != llmtest.ChatModel || len(res.Hits) != 8 {
		t.Fatalf("reranked: %+v, %v", res, err)
	}

	// Ollama received one request per passage, each the reranker's.
	sent := proxy.Generates(t)
	if len(sent) != 8 {
		t.Fatalf("%d generate requests, want one per passage (8)", len(sent))
	}
	var prompts []string
	for _, h := range res.Hits {
		prompts = append(prompts, llm.RerankPrompt(query.Text, h.Text))
	}
	for _, req := range sent {
		if req.Model != llmtest.ChatModel || !req.Raw || !req.Logprobs || req.TopLogprobs != 20 || !slices.Contains(prompts, req.Prompt) ||
			req.Options["num_predict"] != float64(1) || req.Options["temperature"] != float64(0) {
			t.Errorf("request = %+v", req)
		}
	}

	// Each score is the one Ollama's own log-probabilities give, asked
	// here without Zhiku; a passage with neither answer among them has none.
	for _, h := range res.Hits {
		want, known := rigScore(t, ctx, rig, llm.RerankPrompt(query.Text, h.Text))
		switch {
		case known != (h.RerankScore != nil):
			t.Errorf("%s: score %v, want known %v", h.Path, h.RerankScore, known)
		case known && math.Abs(*h.RerankScore-want) > 1e-3:
			t.Errorf("%s: score %v, Ollama's log-probabilities give %v", h.Path, *h.RerankScore, want)
		}
	}
	// The scored passages are in the order of their scores; the others
	// are where fusion put them.
	var scores []float64
	for i, h := range res.Hits {
		if h.RerankScore != nil {
			scores = append(scores, *h.RerankScore)
		} else if h.ChunkID != fused.Hits[i].ChunkID {
			t.Errorf("hit %d has no score but moved: %s, fused %s", i, h.Path, fused.Hits[i].Path)
		}
	}
	if !slices.IsSortedFunc(scores, func(a, b float64) int { return -cmpFloat(a, b) }) {
		t.Errorf("scores in order %v, want highest first", scores)
	}

	// Asked again, the scores come from memory.
	proxy.Reset()
	if again, _ := b.Search.Query(ctx, query); len(proxy.Generates(t)) != 0 || !sameChunks(again, res) {
		t.Errorf("the same search again sent %d generate requests or reordered", len(proxy.Generates(t)))
	}

	// A model that is not installed, and an Ollama that fails, leave the
	// fused order with the reason.
	setRerankModel(t, b, ctx, "qwen3-reranker:not-pulled")
	missing, err := b.Search.Query(ctx, query)
	if err != nil || !core.ErrRerankFailed.Is(missing.RerankProblem) || !sameChunks(missing, fused) || missing.RerankModel != "" {
		t.Errorf("with a missing model: problem %v, order kept %v, %v", missing.RerankProblem, sameChunks(missing, fused), err)
	}
	setRerankModel(t, b, ctx, llmtest.ChatModel)
	proxy.Inject("/api/generate", &llmtest.Fault{Status: http.StatusInternalServerError})
	failing, err := b.Search.Query(ctx, core.SearchQuery{Text: "保修期多长", Mode: core.RetrievalKeyword, Limit: 8})
	proxy.Inject("/api/generate", nil)
	if err != nil || !core.ErrRerankFailed.Is(failing.RerankProblem) || len(failing.Hits) != 8 {
		t.Errorf("with Ollama failing: %+v, %v", failing.RerankProblem, err)
	}
}

func setRerankModel(t *testing.T, b *Backend, ctx context.Context, model string) {
	t.Helper()
	s, _ := b.Settings.Get(ctx)
	s.RerankModel = model
	if _, err := b.Settings.Update(ctx, s); err != nil {
		t.Fatal(err)
	}
}

func sameChunks(a, b core.SearchResult) bool {
	return slices.EqualFunc(a.Hits, b.Hits, func(x, y core.SearchHit) bool { return x.ChunkID == y.ChunkID })
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// rigScore asks the rig's Ollama for the first token's log-probabilities
// of prompt, as a plain HTTP client, and computes p(yes)/(p(yes)+p(no))
// from them.
func rigScore(t *testing.T, ctx context.Context, rig llmtest.Rig, prompt string) (float64, bool) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"model": llmtest.ChatModel, "prompt": prompt, "raw": true, "stream": false,
		"logprobs": true, "top_logprobs": 20, "options": map[string]any{"temperature": 0, "num_predict": 1, "num_ctx": 4096}})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, rig.Host.String()+"/api/generate", bytes.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	type alternative struct {
		Token   string  `json:"token"`
		Logprob float64 `json:"logprob"`
	}
	var out struct {
		Logprobs []struct {
			alternative
			TopLogprobs []alternative `json:"top_logprobs"`
		} `json:"logprobs"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Logprobs) == 0 {
		t.Fatalf("the rig's log-probabilities: %+v, %v", out, err)
	}
	var yes, no float64
	seen := map[string]bool{}
	for _, tok := range append([]alternative{out.Logprobs[0].alternative}, out.Logprobs[0].TopLogprobs...) {
		if seen[tok.Token] {
			continue
		}
		seen[tok.Token] = true
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(tok.Token, "▁"))) {
		case "yes":
			yes += math.Exp(tok.Logprob)
		case "no":
			no += math.Exp(tok.Logprob)
		}
	}
	if yes+no == 0 {
		return 0, false
	}
	return yes / (yes + no), true
}
