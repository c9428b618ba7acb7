package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/service"
)

// runDataset dispatches `zhiku dataset list|create|import|export|check`.
func runDataset(ctx context.Context, env *Env, args []string) error {
	usage := "dataset list | create NAME | import NAME FILE --format F | export NAME --format F --dir DIR [--validation 0.1] [--accepted] | check NAME\n" +
		"       formats: messages, sharegpt, alpaca, dpo, ranked, prompt-only; export also text"
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, "usage: zhiku "+usage)
		return exitError{2}
	}
	fs := newFlags(env, "dataset "+args[0], usage)
	format := fs.String("format", "messages", "the JSONL format")
	dir := fs.String("dir", ".", "export: the folder to write into")
	validation := fs.Float64("validation", 0.1, "export: the share held out for validation")
	accepted := fs.Bool("accepted", false, "export: only records accepted in review")
	dataDir := dataDirFlag(fs)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	backend, err := openBackend(ctx, *dataDir, "dataset", nil)
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
		files, err := ds.Export(ctx, id, service.ExportRequest{Format: *format, Dir: *dir, Validation: *validation, AcceptedOnly: *accepted})
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, strings.Join(files, "\n"))
		return nil
	case "check":
		r, err := ds.Check(ctx, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s: %d / %d\n", name, r.Total, r.Recommended)
		for _, m := range []struct {
			label  string
			counts map[string]int
		}{{"kinds", r.ByKind}, {"review", r.ByState}, {"languages", r.Languages}, {"answer lengths", r.AnswerLengths}} {
			fmt.Fprintf(env.Stdout, "  %-15s %s\n", m.label, counts(m.counts))
		}
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

func counts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
