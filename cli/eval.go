package cli

import (
	"context"
	"fmt"
	"os/signal"
	"syscall"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/service"
)

func runEval(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "eval", "eval FILE [--max-chars 180] [--max-tokens 300] [--overlap 30] [--embed-model MODEL] [--ollama HOST] [--json]")
	maxChars := fs.Int("max-chars", 180, "cap on each chunk's length in characters, so figures compare with published ones (0: none)")
	maxTokens := fs.Int("max-tokens", 300, "cap on each chunk's estimated tokens")
	overlap := fs.Int("overlap", 30, "overlap between chunks, in tokens")
	embedModel := fs.String("embed-model", "", "embedding model for vector and hybrid retrieval (default: keyword only)")
	host := fs.String("ollama", "", "Ollama address (default: $OLLAMA_HOST or the standard one)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || (*maxChars != 0 && *maxChars < 20) || *maxTokens < 20 {
		fs.Usage()
		return exitError{2}
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	embedding := newMeter(env.Stderr)
	rep, err := service.EvaluateRetrieval(ctx, core.ExpandUserPath(fs.Arg(0)), service.EvaluationOptions{
		MaxTokens: *maxTokens, MaxChars: *maxChars, OverlapTokens: *overlap, EmbedModel: *embedModel, OllamaHost: *host,
		Progress: func(done, total int) {
			a := amount{done: int64(done), total: int64(total), unit: inCount}
			embedding.draw(txtEvalEmbedding.in(env.Locale)+"  "+a.render(env.Locale), done == total)
		},
	})
	embedding.finish()
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(env.Stdout, rep)
	}
	printReport(env, rep)
	return nil
}

func printReport(env *Env, rep service.EvaluationReport) {
	w := env.Stdout
	charCap := fmt.Sprint(rep.MaxChars)
	if rep.MaxChars == 0 {
		charCap = "∞"
	}
	l := env.Locale
	fmt.Fprintln(w, txtEvalHeader.in(l, txtParagraphs.in(l, rep.Paragraphs), txtQuestions.in(l, rep.Questions), txtChunkCount.in(l, rep.Chunks),
		rep.MeanChunkLen, rep.MaxTokens, charCap, txtTokens.in(l, rep.OverlapTokens)))
	if rep.VectorProblem != nil {
		fmt.Fprintln(env.Stderr, rep.VectorProblem.In(env.Locale))
	}
	fmt.Fprintf(w, "\n%-8s  %9s %9s %9s %9s %8s  %8s %8s\n", "mode", "recall@1", "recall@3", "recall@5", "recall@10", "MRR@10", "p50 ms", "p95 ms")
	for _, s := range rep.Scores {
		fmt.Fprintf(w, "%-8s  %9.3f %9.3f %9.3f %9.3f %8.3f  %8.1f %8.1f\n", s.Mode,
			s.Recall[1], s.Recall[3], s.Recall[5], s.Recall[10], s.MRR, s.P50Millis, s.P95Millis)
	}
}
