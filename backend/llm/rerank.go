package llm

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/ollama/ollama/api"
)

// Qwen3-Reranker judges a pair by the answer it gives to a fixed prompt:
// its probability of "yes" against "no" as the first token after an
// empty thinking block. The prompt is the one the model was trained
// with, sent raw so no chat template wraps it again.
const (
	rerankSystem = `Judge whether the Document meets the requirements based on the Query and the Instruct provided. Note that the answer can only be "yes" or "no".`
	// rerankInstruct is the model card's default task, which fits a
	// question asked of one's own documents.
	rerankInstruct = "Given a web search query, retrieve relevant passages that answer the query"
	// rerankTopLogprobs is the most Ollama returns per token; the more
	// alternatives, the likelier both answers are among them.
	rerankTopLogprobs = 20
	// rerankContext is one fixed window for every pair: Ollama reloads a
	// model whose window changes between requests, and a raw prompt cut
	// to fit would lose its beginning. The query and passage are cut to
	// fit it at a token per character at most, which Chinese and English
	// text stay under.
	rerankContext    = 4096
	rerankQueryRunes = 500
	rerankTextRunes  = 3200
)

// RerankPrompt is the text sent for one (query, passage) pair.
func RerankPrompt(query, passage string) string {
	return "<|im_start|>system\n" + rerankSystem + "<|im_end|>\n" +
		"<|im_start|>user\n<Instruct>: " + rerankInstruct +
		"\n<Query>: " + cutRunes(query, rerankQueryRunes) +
		"\n<Document>: " + cutRunes(passage, rerankTextRunes) + "<|im_end|>\n" +
		"<|im_start|>assistant\n<think>\n\n</think>\n\n"
}

func cutRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// ScorePair asks a reranker model how well passage answers query: its
// p(yes) / (p(yes) + p(no)) for the first token it would write. known is
// false when neither answer is among its likeliest tokens: the model gave
// no verdict, and the score means nothing.
func (c *Client) ScorePair(ctx context.Context, model, query, passage string) (score float64, known bool, err error) {
	stream := false
	var first *api.Logprob
	err = c.api.Generate(ctx, &api.GenerateRequest{
		Model: model, Prompt: RerankPrompt(query, passage), Raw: true, Stream: &stream,
		Logprobs: true, TopLogprobs: rerankTopLogprobs,
		Options: map[string]any{"temperature": 0, "num_predict": 1, "num_ctx": rerankContext},
	}, func(r api.GenerateResponse) error {
		if first == nil && len(r.Logprobs) > 0 {
			first = &r.Logprobs[0]
		}
		return nil
	})
	if err != nil {
		return 0, false, c.classifyModelCall(err, model, "generate")
	}
	if first == nil {
		return 0, false, fmt.Errorf("%s returned no log-probabilities: Ollama 0.12.11 or newer is needed to rerank", model)
	}
	score, known = YesNoScore(append([]api.TokenLogprob{first.TokenLogprob}, first.TopLogprobs...))
	return score, known, nil
}

// YesNoScore is p(yes) / (p(yes) + p(no)) over a token's alternatives,
// matching the answer words whatever their case and with or without the
// leading space a tokenizer marks a word start by. Each distinct token
// counts once. known is false when neither word is there.
func YesNoScore(alternatives []api.TokenLogprob) (score float64, known bool) {
	var yes, no float64
	seen := map[string]bool{}
	for _, t := range alternatives {
		if seen[t.Token] {
			continue
		}
		seen[t.Token] = true
		switch strings.ToLower(strings.TrimLeft(t.Token, " ▁Ġ")) {
		case "yes":
			yes += math.Exp(t.Logprob)
			known = true
		case "no":
			no += math.Exp(t.Logprob)
			known = true
		}
	}
	if !known || yes+no == 0 {
		return 0, false
	}
	return yes / (yes + no), true
}
