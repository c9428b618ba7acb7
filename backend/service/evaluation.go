package service

import (
	"context"
	"fmt"
	"os"

	"github.com/zhiku-app/zhiku/backend/evaluate"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/squad"
	"github.com/zhiku-app/zhiku/backend/store"
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
// the file at path. Its paragraphs are indexed into a store of its own,
// removed afterwards, so the person's data folder is never touched.
func EvaluateRetrieval(ctx context.Context, path string, opts EvaluationOptions) (EvaluationReport, error) {
	set, err := squad.Load(path)
	if err != nil {
		return EvaluationReport{}, err
	}
	dir, err := os.MkdirTemp("", "zhiku-eval-*")
	if err != nil {
		return EvaluationReport{}, fmt.Errorf("make a folder for the evaluation's store: %w", err)
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(ctx, dir, store.NewHolder("eval", ""))
	if err != nil {
		return EvaluationReport{}, err
	}
	defer st.Close()

	run := evaluate.Options{MaxTokens: opts.MaxTokens, MaxChars: opts.MaxChars, OverlapTokens: opts.OverlapTokens,
		EmbedModel: opts.EmbedModel, Progress: opts.Progress}
	if opts.EmbedModel != "" {
		base, _, err := llm.ResolveHost(opts.OllamaHost)
		if err != nil {
			return EvaluationReport{}, err
		}
		run.Embed = llm.NewClient(base, nil).Embed
	}
	return evaluate.Run(ctx, st, set, run)
}
