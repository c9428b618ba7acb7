package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/service"
)

// runModels dispatches `zhiku models list|catalog|fit|pull|rm|import`.
func runModels(ctx context.Context, env *Env, args []string) error {
	usage := "models list | catalog [--ctx N] | fit MODEL|FILE.gguf [--catalog] [--ctx N] | pull MODEL | rm MODEL | import FILE.gguf --name NAME |\n" +
		"       download OWNER/REPO [FILE] [--hub huggingface|modelscope] [--endpoint URL] [--folder DIR] [--name NAME to import] |\n" +
		"       adapter ADAPTER.gguf --base MODEL --name NAME"
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, "usage: zhiku "+usage)
		return exitError{2}
	}
	fs := newFlags(env, "models "+args[0], usage)
	contextLen := fs.Int("ctx", 0, "context length in tokens (default: 8192, or the model's limit)")
	fromCatalog := fs.Bool("catalog", false, "fit: MODEL names a catalogue entry, not an installed model")
	name := fs.String("name", "", "import, download: the name in Ollama")
	hubKind := fs.String("hub", string(core.HubHuggingFace), "download: huggingface or modelscope")
	base := fs.String("base", "", "adapter: the installed base model the adapter was trained on")
	endpoint := fs.String("endpoint", "", "download: the hub's address, e.g. https://hf-mirror.com (default: HF_ENDPOINT or the hub's own)")
	folder := fs.String("folder", "", "download: the folder to save in (default: the data folder's models/)")
	dataDir := dataDirFlag(fs)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	pull := newTransferBar(env, core.EventModelPull, func(p core.PullProgress) reading {
		return reading{amount{p.Completed, p.Total, p.BytesPerSecond, p.ETASeconds, inBytes}, p.Status, p.Done}
	})
	download := newTransferBar(env, core.EventModelDownload, func(p core.DownloadProgress) reading {
		return reading{amount{p.Completed, p.Total, p.BytesPerSecond, p.ETASeconds, inBytes}, p.File, p.Done}
	})
	open := openBackend
	if onlyReads := args[0] == "list" || args[0] == "catalog" || args[0] == "fit"; onlyReads {
		open = func(ctx context.Context, dataDir, _ string, emitter core.Emitter) (*service.Backend, error) {
			return openReader(ctx, dataDir, emitter, true)
		}
	}
	backend, err := open(ctx, *dataDir, "models", core.Emitters{pull, download})
	if err != nil {
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
	case "adapter":
		if err := need(); err != nil {
			return err
		}
		return backend.Models.ImportAdapter(ctx, arg, *base, *name)
	case "download":
		if len(fs.Args()) == 0 {
			fs.Usage()
			return exitError{2}
		}
		req := service.HubRequest{Hub: core.HubKind(*hubKind), Endpoint: *endpoint, Repo: fs.Args()[0]}
		return hubDownload(ctx, env, backend, download, req, fs.Args()[1:], *folder, *name)
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
			loaded = core.FormatBytes(uint64(x.Running.SizeBytes))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", x.Name, x.Family, x.ParameterSize, x.Quantization,
			core.FormatBytes(uint64(x.SizeBytes)), x.ContextLength, strings.Join(x.Capabilities, ","), loaded)
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
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", mark, e.Name, e.Kind, core.FormatBytes(uint64(e.SizeBytes)),
			core.FormatBytes(uint64(e.Fit.TotalBytes)), e.Fit.Verdict, strings.Join(e.Languages, ","), e.Licence)
	}
	return tw.Flush()
}

func printFit(env *Env, m core.Machine, r core.FitReport) {
	fmt.Fprintln(env.Stdout, txtFitAtContext.in(env.Locale, r.Model, r.Context))
	for _, s := range r.Steps {
		fmt.Fprintf(env.Stdout, "  %-9s %10s  = %s\n", s.Term, core.FormatBytes(uint64(s.Bytes)), s.Formula.In(env.Locale))
	}
	verdict, device := fitWords(env.Locale, r)
	fmt.Fprintln(env.Stdout, txtFitVerdict.in(env.Locale, verdict, device))
}

// hubDownload lists a repository's files, or downloads one (and imports
// it into Ollama when a name is given).
func hubDownload(ctx context.Context, env *Env, backend *service.Backend, bar *transferBar[core.DownloadProgress], req service.HubRequest, rest []string, folder, name string) error {
	files, err := backend.Models.HubFiles(ctx, req)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "FILE\tQUANT\tSIZE")
		for _, f := range files {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", f.Path, f.Quantization, core.FormatBytes(uint64(f.Size)))
		}
		return tw.Flush()
	}
	var file core.HubFile
	for _, f := range files {
		if f.Path == rest[0] {
			file = f
		}
	}
	if file.Path == "" {
		return core.ErrHubNotFound.New(nil, "what", req.Repo+"/"+rest[0], "hub", string(req.Hub))
	}
	id, err := backend.Models.Download(ctx, service.DownloadRequest{HubRequest: req, File: file, Folder: folder})
	if err != nil {
		return err
	}
	var final core.DownloadProgress
	select {
	case final = <-bar.done:
	case <-ctx.Done():
		backend.Models.CancelDownload(context.Background(), id)
		<-bar.done
		fmt.Fprintln(env.Stderr, txtDownloadStopped.in(env.Locale))
		return exitError{130}
	}
	if final.Problem != nil {
		return final.Problem
	}
	fmt.Fprintln(env.Stdout, final.Path)
	if name == "" {
		return nil
	}
	return backend.Models.Import(ctx, final.Path, name)
}
