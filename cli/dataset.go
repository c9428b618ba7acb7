package cli

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/service"
)

// runDataset dispatches `zhiku dataset list|create|import|export|check`.
func runDataset(ctx context.Context, env *Env, args []string) error {
	usage := "dataset list | create NAME | import NAME FILE --format F | export NAME --format F --dir DIR [--validation 0.1] [--accepted] | check NAME |\n" +
		"       generate NAME --kb KB [--model M] [--chunks 50] | from-chat NAME CHAT_ID\n" +
		"       formats: messages, sharegpt, alpaca, dpo, ranked, prompt-only; export also text"
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, "usage: zhiku "+usage)
		return exitError{2}
	}
	fs := newFlags(env, "dataset "+args[0], usage)
	format := fs.String("format", string(service.DefaultDatasetFormat), "the JSONL format")
	dir := fs.String("dir", ".", "export: the folder to write into")
	validation := fs.Float64("validation", 0.1, "export: the share held out for validation")
	accepted := fs.Bool("accepted", false, "export: only records accepted in review")
	kbName := fs.String("kb", "", "generate: the knowledge base to write pairs from")
	model := fs.String("model", "", "generate: the model (default: as in Settings)")
	chunks := fs.Int("chunks", 50, "generate: how many chunks to write about")
	dataDir := dataDirFlag(fs)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	progress := &progressEvents{done: make(chan core.GenerateProgress, 1), env: env}
	open := openBackend
	if onlyReads := args[0] == "list" || args[0] == "check"; onlyReads {
		open = func(ctx context.Context, dataDir, _ string, emitter core.Emitter) (*service.Backend, error) {
			return openReader(ctx, dataDir, emitter, false)
		}
	}
	backend, err := open(ctx, *dataDir, "dataset", progress)
	if err != nil {
		return err
	}
	defer backend.Close()
	ds := backend.Datasets
	if args[0] == "list" {
		sets, err := ds.List(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tRECORDS\tCREATED")
		for _, s := range sets {
			fmt.Fprintf(tw, "%s\t%d\t%s\n", s.Name, s.Records, s.CreatedAt[:10])
		}
		return tw.Flush()
	}
	if len(fs.Args()) == 0 {
		fs.Usage()
		return exitError{2}
	}
	name := fs.Args()[0]
	if args[0] == "create" {
		_, err := ds.Create(ctx, name)
		return err
	}
	id, err := datasetID(ctx, ds, name)
	if err != nil {
		return err
	}
	switch args[0] {
	case "import":
		if len(fs.Args()) < 2 {
			fs.Usage()
			return exitError{2}
		}
		n, err := ds.Import(ctx, id, fs.Args()[1], *format)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, txtDatasetImported.in(env.Locale, n, name))
		return nil
	case "export":
		files, err := ds.Export(ctx, id, service.ExportRequest{Format: service.DatasetFormat(*format), Dir: *dir, Validation: *validation, AcceptedOnly: *accepted})
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, strings.Join(files, "\n"))
		return nil
	case "generate":
		if *kbName == "" {
			fs.Usage()
			return exitError{2}
		}
		kbs, err := kbIDs(ctx, backend.Library, []string{*kbName})
		if err != nil {
			return err
		}
		if err := ds.Generate(ctx, service.GenerateRequest{DatasetID: id, KBID: kbs[0], Model: *model, Chunks: *chunks}); err != nil {
			return err
		}
		var final core.GenerateProgress
		select {
		case final = <-progress.done:
		case <-ctx.Done():
			ds.CancelGenerate(context.Background(), id)
			final = <-progress.done
		}
		if final.Problem != nil {
			return final.Problem
		}
		return nil
	case "from-chat":
		if len(fs.Args()) < 2 {
			fs.Usage()
			return exitError{2}
		}
		chatID, err := strconv.ParseInt(fs.Args()[1], 10, 64)
		if err != nil {
			fs.Usage()
			return exitError{2}
		}
		n, err := ds.FromChat(ctx, id, chatID)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, txtDatasetImported.in(env.Locale, n, name))
		return nil
	case "check":
		r, err := ds.Check(ctx, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s: %d / %d\n", name, r.Total, r.Recommended)
		for _, m := range []struct{ label, counts string }{
			{"kinds", counts(r.ByKind)}, {"review", counts(r.ByState)}, {"languages", counts(r.Languages)},
		} {
			fmt.Fprintf(env.Stdout, "  %-15s %s\n", m.label, m.counts)
		}
		fmt.Fprintf(env.Stdout, "  %-15s %s\n", "answer lengths", lengthCounts(r.AnswerLengths))
		fmt.Fprintf(env.Stdout, "  %-15s %d exact, %d near\n", "duplicates", r.ExactDuplicates, r.NearDuplicates)
		fmt.Fprintf(env.Stdout, "  %-15s %d empty, %d over-long\n", "problems", len(r.Empty), len(r.OverLong))
		fmt.Fprintf(env.Stdout, "  %-15s %.2f\n", "diversity", r.LexicalDiversity)
		if r.GroundingChecked > 0 {
			fmt.Fprintf(env.Stdout, "  %-15s %.0f%% of %d failed\n", "grounding", r.GroundingFailed*100, r.GroundingChecked)
		}
		return nil
	}
	fmt.Fprintln(env.Stderr, txtUnknownCmd.in(env.Locale, "dataset "+args[0]))
	return exitError{2}
}

func datasetID(ctx context.Context, ds *service.Datasets, name string) (int64, error) {
	sets, err := ds.List(ctx)
	if err != nil {
		return 0, err
	}
	for _, s := range sets {
		if strings.EqualFold(s.Name, name) {
			return s.ID, nil
		}
	}
	return 0, core.ErrDatasetNotFound.New(nil)
}

func counts[K ~string](m map[K]int) string {
	keys := slices.Sorted(maps.Keys(m))
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

// lengthCounts lists answer-length buckets shortest first: "≤50 3, … >1000 1".
func lengthCounts(buckets []service.LengthBucket) string {
	parts := make([]string, len(buckets))
	for i, b := range buckets {
		if b.Max > 0 {
			parts[i] = fmt.Sprintf("≤%d %d", b.Max, b.Count)
		} else {
			parts[i] = fmt.Sprintf(">%d %d", b.Min, b.Count)
		}
	}
	return strings.Join(parts, ", ")
}

// progressEvents prints generation progress and hands over the end.
type progressEvents struct {
	env  *Env
	done chan core.GenerateProgress
}

func (p *progressEvents) Emit(name string, payload any) {
	g, ok := payload.(core.GenerateProgress)
	if !ok {
		return
	}
	fmt.Fprintf(p.env.Stderr, "\r%s %d/%d  +%d  ⚠%d\x1b[K", bar(float64(g.Done)/float64(max(g.Total, 1))), g.Done, g.Total, g.Added, g.Ungrounded)
	if g.Finished {
		fmt.Fprintln(p.env.Stderr)
		p.done <- g
	}
}
