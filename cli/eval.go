package cli

import (
	"context"
	"flag"
	"fmt"
	"os/signal"
	"strings"
	"syscall"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/service"
)

func runEval(ctx context.Context, env *Env, args []string) error {
	if wantsCheckup(args) {
		return runCheckup(ctx, env, args)
	}
	fs := newFlags(env, "eval", "eval SET [--max-chars 180] [--max-tokens 300] [--overlap 30] [--embed-model MODEL] [--ollama HOST] [--json]\n"+
		"       eval --kb NAME [--questions 50] [--model MODEL] [--chunk-tokens N] [--apply] [--json]\n\n"+
		"SET is a SQuAD-style JSON file (such as CMRC 2018), each paragraph a document; or a folder of\n"+
		"natural questions: docs/ (any files Zhiku reads, indexed as a folder you add) beside\n"+
		"questions.jsonl (one {\"id\", \"question\", \"file\", \"page\"} per line: file relative to docs/, page the\n"+
		"PDF page, slide or sheet that answers, 0 for formats without pages).")
	maxChars := fs.Int("max-chars", 180, "cap on each chunk's length in characters, so figures compare with published ones (0: none; SQuAD-style sets only)")
	maxTokens := fs.Int("max-tokens", 300, "cap on each chunk's estimated tokens (a folder: a knowledge base's default unless given)")
	overlap := fs.Int("overlap", 30, "overlap between chunks, in tokens (a folder: a knowledge base's default unless given)")
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
	opts := service.EvaluationOptions{
		MaxTokens: *maxTokens, MaxChars: *maxChars, OverlapTokens: *overlap, EmbedModel: *embedModel, OllamaHost: *host,
		Progress: func(done, total int) {
			a := amount{done: int64(done), total: int64(total), unit: inCount}
			embedding.draw(txtEvalEmbedding.in(env.Locale)+"  "+a.render(env.Locale), done == total)
		},
	}
	path := core.ExpandUserPath(fs.Arg(0))
	if service.IsNaturalQuestionSet(path) {
		if !flagGiven(fs, "max-tokens") && !flagGiven(fs, "overlap") {
			opts.MaxTokens, opts.OverlapTokens = 0, 0
		}
		rep, err := service.EvaluateNaturalQuestions(ctx, path, opts)
		embedding.finish()
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(env.Stdout, rep)
		}
		printNaturalReport(env, rep)
		return nil
	}
	rep, err := service.EvaluateRetrieval(ctx, path, opts)
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

// flagGiven reports whether the flag was set on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
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

// printNaturalReport prints each retriever's figures, the baseline's
// first, then the questions each of Zhiku's retrievers missed.
func printNaturalReport(env *Env, rep service.NaturalEvaluationReport) {
	w, l := env.Stdout, env.Locale
	fmt.Fprintln(w, txtNaturalHeader.in(l, txtFileCount.in(l, rep.Files), txtQuestions.in(l, rep.Questions), txtChunkCount.in(l, rep.Chunks),
		rep.MaxTokens, txtTokens.in(l, rep.Overlap)))
	if rep.VectorProblem != nil {
		fmt.Fprintln(env.Stderr, rep.VectorProblem.In(env.Locale))
	}
	fmt.Fprintf(w, "\n%-11s  %7s %7s %7s %7s  %7s %7s\n", "mode", "file@1", "file@5", "page@5", "MRR", "p50 ms", "p95 ms")
	for _, s := range append([]service.NaturalScore{rep.Baseline}, rep.Scores...) {
		fmt.Fprintf(w, "%-11s  %7.3f %7.3f %7.3f %7.3f  %7.1f %7.1f\n", s.Mode, s.FileAt1, s.FileAt5, s.PageAt5, s.MRR, s.P50Millis, s.P95Millis)
	}
	for _, s := range rep.Scores {
		if len(s.Misses) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s\n", txtNaturalMisses.in(l, s.Mode))
		for _, m := range s.Misses {
			var top []string
			for _, p := range m.Top {
				top = append(top, naturalPlace(l, p))
			}
			first := strings.Join(top, " · ")
			if first == "" {
				first = txtNaturalNothing.in(l)
			}
			where := txtNaturalMissUnranked.in(l, naturalPlace(l, m.Want), first)
			if m.Rank > 0 {
				where = txtNaturalMissRanked.in(l, naturalPlace(l, m.Want), m.Rank, first)
			}
			fmt.Fprintf(w, "  %s  %s\n    %s\n", m.ID, m.Question, where)
		}
	}
}

// naturalPlace names a file, and its page where it has pages.
func naturalPlace(l core.Locale, p service.NaturalPlace) string {
	if p.Page == 0 {
		return p.File
	}
	return p.File + " " + txtPage.in(l, p.Page)
}
