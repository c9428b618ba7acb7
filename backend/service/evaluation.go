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
	run, err := opts.run()
	if err != nil {
		return EvaluationReport{}, err
	}
	return evaluate.RunFile(ctx, path, run)
}

// NaturalEvaluationReport holds the figures of a natural-question set:
// file@1, file@5, page@5 and MRR by retrieval mode, beside bare
// character-bigram BM25, with the questions each mode missed.
type NaturalEvaluationReport = evaluate.NaturalReport

// NaturalScore is one retriever's figures in a NaturalEvaluationReport.
type NaturalScore = evaluate.NaturalScore

// NaturalPlace is a file of a natural-question set and a page of it.
type NaturalPlace = evaluate.NaturalPlace

// IsNaturalQuestionSet reports whether path is a natural-question set (a
// folder holding docs/ and questions.jsonl) rather than a SQuAD-style
// file.
func IsNaturalQuestionSet(path string) bool { return evaluate.IsNaturalSet(path) }

// EvaluateNaturalQuestions indexes the set's documents as a folder a
// person adds is indexed (evaluate.RunNaturalDir), in a store of its own,
// and asks its questions. MaxChars does not apply: chunks are cut as the
// library cuts them, by MaxTokens and OverlapTokens when MaxTokens is set,
// else by a knowledge base's defaults.
func EvaluateNaturalQuestions(ctx context.Context, dir string, opts EvaluationOptions) (NaturalEvaluationReport, error) {
	run, err := opts.run()
	if err != nil {
		return NaturalEvaluationReport{}, err
	}
	return evaluate.RunNaturalDir(ctx, dir, run)
}

// run is what evaluate is given, with the embedding client when a model
// is named.
func (opts EvaluationOptions) run() (evaluate.Options, error) {
	run := evaluate.Options{MaxTokens: opts.MaxTokens, MaxChars: opts.MaxChars, OverlapTokens: opts.OverlapTokens,
		EmbedModel: opts.EmbedModel, Progress: opts.Progress}
	if opts.EmbedModel != "" {
		base, _, err := llm.ResolveHost(opts.OllamaHost)
		if err != nil {
			return run, err
		}
		run.Embed = llm.NewClient(base, nil).Embed
	}
	return run, nil
}
