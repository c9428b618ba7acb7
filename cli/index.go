package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"golang.org/x/term"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/service"
)

func runIndex(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "index", "index PATH… [--kb NAME] [--json] [--data-dir DIR]")
	kbName := fs.String("kb", "", "knowledge base to index into; created if it does not exist (default: named after the first path)")
	asJSON := fs.Bool("json", false, "print how it ended as JSON, with every file not indexed and why")
	dataDir := dataDirFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	paths := fs.Args()
	if len(paths) == 0 {
		fs.Usage()
		return exitError{2}
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	bar := &progressBar{meter: newMeter(env.Stderr), locale: env.Locale}
	backend, err := openBackend(ctx, *dataDir, "index", bar)
	if err != nil {
		return err
	}
	defer backend.Close()

	kb, err := indexInto(ctx, backend.Library, *kbName, paths)
	if err != nil {
		return err
	}
	final, err := backend.Library.Wait(ctx, kb.ID)
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(env.Stderr)
		fmt.Fprintln(env.Stderr, txtIndexStopped.in(env.Locale))
		return exitError{130}
	}
	if err != nil {
		return err
	}
	kbs, err := backend.Library.List(ctx)
	if err != nil {
		return err
	}
	for _, k := range kbs {
		if k.ID == kb.ID {
			kb = k // with the counts the sync left
		}
	}
	report, err := newIndexReport(ctx, backend.Library, kb, final, env.Locale)
	if err != nil {
		return err
	}
	if *asJSON {
		if err := printJSON(env.Stdout, report); err != nil {
			return err
		}
	} else {
		report.print(env.Stdout, env.Locale)
	}
	if final.Phase == core.PhaseFailed {
		return final.Problem
	}
	return nil
}

// indexInto adds paths to the knowledge base called name, creating it when
// there is none; either way a sync starts.
func indexInto(ctx context.Context, lib *service.Library, name string, paths []string) (core.KnowledgeBase, error) {
	kbs, err := lib.List(ctx)
	if err != nil {
		return core.KnowledgeBase{}, err
	}
	if name == "" {
		name = filepath.Base(filepath.Clean(paths[0]))
	}
	for _, kb := range kbs {
		if strings.EqualFold(kb.Name, name) {
			return lib.AddSources(ctx, kb.ID, paths)
		}
	}
	return lib.Create(ctx, core.NewKnowledgeBase{Name: name, Sources: paths})
}

func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
