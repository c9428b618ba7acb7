package service

import (
	"context"

	"github.com/zhiku-app/zhiku/backend/evaluate"
	"github.com/zhiku-app/zhiku/backend/llm"
)

// EvaluationOptions choose how a question set is cut and searched.
type EvaluationOptions struct {
	// MaxTokens and MaxChars cap every chunk's size (MaxChars 0: no cap
	// in characters); OverlapTokens is the overlap.
	MaxTokens     int
	MaxChars      int
	OverlapTokens int
	// EmbedModel, when set, adds vector and hybrid retrieval, with the
	// vectors computed by the Ollama at OllamaHost ("" for $OLLAMA_HOST
	// or the standard address).
	EmbedModel string
	OllamaHost string
	// Progress, when set, is told how far embedding has got.
	Progress func(done, total int)
}

// EvaluationReport holds the figures of one evaluation: recall and MRR by
// retrieval mode, with the chunks they were measured on.
type EvaluationReport = evaluate.Report

// EvaluateRetrieval measures retrieval on the SQuAD-style question set in
// the file at path (evaluate.RunFile), in a store of its own, never the
// person's data folder.
func EvaluateRetrieval(ctx context.Context, path string, opts EvaluationOptions) (EvaluationReport, error) {
	run := evaluate.Options{MaxTokens: opts.MaxTokens, MaxChars: opts.MaxChars, OverlapTokens: opts.OverlapTokens,
		EmbedModel: opts.EmbedModel, Progress: opts.Progress}
	if opts.EmbedModel != "" {
		base, _, err := llm.ResolveHost(opts.OllamaHost)
		if err != nil {
			return EvaluationReport{}, err
		}
		run.Embed = llm.NewClient(base, nil).Embed
	}
	return evaluate.RunFile(ctx, path, run)
}
