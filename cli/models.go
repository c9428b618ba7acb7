package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/service"
	"github.com/zhiku-app/zhiku/backend/store"
)

// runModels dispatches `zhiku models list|catalog|fit|pull|rm|import`.
func runModels(ctx context.Context, env *Env, args []string) error {
	usage := "models list | catalog [--ctx N] | fit MODEL|FILE.gguf [--catalog] [--ctx N] | pull MODEL | rm MODEL | import FILE.gguf --name NAME"
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, "usage: zhiku "+usage)
		return exitError{2}
	}
	fs := newFlags(env, "models "+args[0], usage)
	contextLen := fs.Int("ctx", 0, "context length in tokens (default: 8192, or the model's limit)")
	fromCatalog := fs.Bool("catalog", false, "fit: MODEL names a catalogue entry, not an installed model")
	name := fs.String("name", "", "import: the name in Ollama")
	dataDir := dataDirFlag(fs)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	dir, err := resolveDataDir(*dataDir)
	if err != nil {
		return err
	}
	pull := &pullBar{env: env, done: make(chan core.PullProgress, 1)}
	backend, err := service.Open(ctx, service.Options{DataDir: dir, Holder: store.NewHolder("models", ""), Emitter: pull})
	if err != nil {
		backend.Close()
		return err
	}
	defer backend.Close()
	arg := strings.Join(fs.Args(), " ")
	need := func() error {
		if arg == "" {
			fs.Usage()
			return exitError{2}
		}
		return nil
	}
	switch args[0] {
	case "list":
		return listModels(ctx, env, backend.Models)
	case "catalog":
		return showCatalog(ctx, env, backend.Models, *contextLen)
	case "fit":
		if err := need(); err != nil {
			return err
		}
		req := service.FitRequest{Model: arg, Context: *contextLen}
		switch {
		case strings.HasSuffix(strings.ToLower(arg), ".gguf"):
			req = service.FitRequest{Path: arg, Context: *contextLen}
		case *fromCatalog:
			req = service.FitRequest{Catalog: arg, Context: *contextLen}
		}
		report, err := backend.Models.Fit(ctx, req)
		if err != nil {
			return err
		}
		machine, _ := backend.Models.Machine(ctx)
		printFit(env, machine, report)
		return nil
	case "pull":
		if err := need(); err != nil {
			return err
		}
		if err := backend.Ollama.Pull(ctx, arg); err != nil {
			return err
		}
		select {
		case final := <-pull.done:
			if final.Problem != nil {
				return final.Problem
			}
		case <-ctx.Done():
			backend.Ollama.CancelPull(context.Background(), arg)
			<-pull.done
			fmt.Fprintln(env.Stderr, txtPullStopped.in(env.Locale))
			return exitError{130}
		}
		return nil
	case "rm":
		if err := need(); err != nil {
			return err
		}
		return backend.Models.Delete(ctx, arg)
	case "import":
		if err := need(); err != nil {
			return err
		}
		return backend.Models.Import(ctx, arg, *name)
	}
	fmt.Fprintln(env.Stderr, txtUnknownCmd.in(env.Locale, "models "+args[0]))
	return exitError{2}
}

func listModels(ctx context.Context, env *Env, m *service.Models) error {
	list, err := m.List(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tFAMILY\tPARAMS\tQUANT\tSIZE\tCONTEXT\tCAPABILITIES\tLOADED")
	for _, x := range list {
		loaded := "—"
		if x.Running != nil {
			loaded = service.FormatBytes(uint64(x.Running.SizeBytes))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", x.Name, x.Family, x.ParameterSize, x.Quantization,
			service.FormatBytes(uint64(x.SizeBytes)), x.ContextLength, strings.Join(x.Capabilities, ","), loaded)
	}
	return tw.Flush()
}

func showCatalog(ctx context.Context, env *Env, m *service.Models, contextLen int) error {
	entries, err := m.Catalog(ctx, contextLen)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\tNAME\tKIND\tSIZE\tNEEDS\tFIT\tLANGUAGES\tLICENCE")
	for _, e := range entries {
		mark := ""
		if e.Recommended {
			mark = "★"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", mark, e.Name, e.Kind, service.FormatBytes(uint64(e.SizeBytes)),
			service.FormatBytes(uint64(e.Fit.TotalBytes)), e.Fit.Verdict, strings.Join(e.Languages, ","), e.Licence)
	}
	return tw.Flush()
}

func printFit(env *Env, m core.Machine, r core.FitReport) {
	fmt.Fprintf(env.Stdout, "%s @ %d tokens\n", r.Model, r.Context)
	for _, s := range r.Steps {
		fmt.Fprintf(env.Stdout, "  %-9s %10s  = %s\n", s.Term, service.FormatBytes(uint64(s.Bytes)), s.Formula)
	}
	fmt.Fprintln(env.Stdout, txtFitVerdict.in(env.Locale, string(r.Verdict), r.Device))
}

// pullBar draws model:pull events.
type pullBar struct {
	env  *Env
	last time.Time
	done chan core.PullProgress
}

func (p *pullBar) Emit(name string, payload any) {
	pr, ok := payload.(core.PullProgress)
	if name != core.EventModelPull || !ok {
		return
	}
	if pr.Done {
		fmt.Fprintln(p.env.Stderr)
		p.done <- pr
		return
	}
	frac := 0.0
	if pr.Total > 0 {
		frac = float64(pr.Completed) / float64(pr.Total)
	}
	line := fmt.Sprintf("%s %3.0f%%  %s / %s", bar(frac), frac*100, service.FormatBytes(uint64(pr.Completed)), service.FormatBytes(uint64(pr.Total)))
	if pr.BytesPerSecond > 0 {
		line += fmt.Sprintf("  %s/s  ETA %s", service.FormatBytes(uint64(pr.BytesPerSecond)), (time.Duration(pr.ETASeconds) * time.Second).String())
	}
	fmt.Fprintf(p.env.Stderr, "\r%s  %s\x1b[K", line, pr.Status)
}
