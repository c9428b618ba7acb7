package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/service"
)

// Env is what a command runs with: its output streams, the embedded UI and
// the language to speak.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Assets         fs.FS
	Icon           []byte
	Locale         core.Locale
}

// command is one `zhiku` subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

func commands() []command {
	return []command{
		{"open", "Open the window showing folders, each as a knowledge base (\"zhiku FOLDER\" does the same)", runOpen},
		{"serve", "Serve the UI and API to a browser on this computer", runServe},
		{"index", "Index folders and files into a knowledge base, with a progress bar", runIndex},
		{"search", "Search knowledge bases by keywords and meaning", runSearch},
		{"ask", "Ask a question, answered from knowledge bases by a local model", runAsk},
		{"prompt", "Render, lint and compare assistants of the prompt studio", runPrompt},
		{"dataset", "Build, check and export fine-tuning data sets", runDataset},
		{"models", "List, estimate, pull, remove and import models", runModels},
		{"eval", "Measure retrieval on a SQuAD-style question set such as CMRC 2018, or on a folder of documents with natural questions", runEval},
		{"doctor", "Check Ollama, the data folder, disk space and the web view", runDoctor},
		{"version", "Print the version", runVersion},
	}
}

// exitError carries a process exit code; its message has been printed.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Main runs the command line and returns the process exit code.
func Main(ctx context.Context, args []string, env *Env) int {
	err := dispatch(ctx, env, args)
	var exit exitError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &exit):
		return exit.code
	default:
		fmt.Fprintln(env.Stderr, "zhiku:", describe(err, env.Locale))
		return 1
	}
}

func dispatch(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		return runDesktop(ctx, env, nil)
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		printUsage(env.Stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, env, args[1:])
		}
	}
	// A command's name wins over a folder of that name in the current
	// folder: "zhiku ./index" opens that one.
	if open, ok := pathsToOpen(args); ok {
		return runDesktop(ctx, env, open)
	}
	fmt.Fprintln(env.Stderr, txtUnknownCmd.in(env.Locale, args[0]))
	return exitError{2}
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "Zhiku 知库 — your files, searchable and chat-able, fully offline.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  zhiku                 open the desktop window")
	fmt.Fprintln(w, "  zhiku FOLDER...       open it showing each folder as a knowledge base")
	fmt.Fprintln(w, "  zhiku COMMAND [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-20s  %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run \"zhiku COMMAND --help\" for a command's flags.")
	fmt.Fprintf(w, "Data folder: --data-dir, else $%s, else the OS config folder.\n", service.DataDirEnv)
}

// newFlags returns a flag set whose --help prints the command's usage.
func newFlags(env *Env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("zhiku "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: zhiku %s\n\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args with flags allowed anywhere, as in
// `zhiku index ~/论文 --kb 论文`; the positional arguments are left in
// fs.Args(). A mistake, already explained with the usage by the flag
// package, becomes exit status 2 without a second message.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var positional []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return exitError{2}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if afterDashes := len(args) > len(rest) && args[len(args)-len(rest)-1] == "--"; afterDashes {
			positional = append(positional, rest...) // "--" ends the flags
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	// Parsing "--" alone leaves the flags as set and makes Args() the
	// positional arguments.
	return fs.Parse(append([]string{"--"}, positional...))
}

// dataDirFlag adds --data-dir to a flag set.
func dataDirFlag(fs *flag.FlagSet) *string {
	return fs.String("data-dir", "", "folder for Zhiku's data (default $"+service.DataDirEnv+" or the OS config folder)")
}

func resolveDataDir(flagValue string) (string, error) {
	if flagValue != "" {
		return core.ExpandUserPath(flagValue), nil
	}
	return service.DefaultDataDir()
}

// describe renders an error for the terminal, in the person's language when
// it is a Problem.
func describe(err error, locale core.Locale) string {
	var p *core.Problem
	if errors.As(err, &p) {
		msg := p.In(locale)
		if p.Detail != "" && !strings.Contains(msg, p.Detail) {
			msg += "\n(" + p.Detail + ")"
		}
		return msg
	}
	return err.Error()
}

func runVersion(_ context.Context, env *Env, args []string) error {
	fs := newFlags(env, "version", "version")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	commit := service.Commit()
	if commit == "" {
		commit = "unknown commit"
	}
	built := ""
	if service.BuildDate != "" {
		built = " " + service.BuildDate
	}
	fmt.Fprintf(env.Stdout, "zhiku %s (%s%s) %s %s/%s\n", service.Version, commit, built, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}

// NewEnv returns the environment of a real process.
func NewEnv(assets fs.FS, icon []byte) *Env {
	return &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Assets: assets, Icon: icon, Locale: service.SystemLocale()}
}
