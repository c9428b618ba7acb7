package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/zhiku-app/zhiku/backend/core"
)

// runPrompt dispatches `zhiku prompt render|lint|compare`. Assistants come
// by name, from a file or standard input (plain text or JSON), or as the
// prompt itself: see findAssistant.
func runPrompt(ctx context.Context, env *Env, args []string) error {
	usage := "prompt render|lint ASSISTANT [--var name=value…] | compare --input TEXT ASSISTANT ASSISTANT… [--model M]\n" +
		"       ASSISTANT is a name, a file (plain text or JSON), - for standard input, or the prompt itself"
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, "usage: zhiku "+usage)
		return exitError{2}
	}
	fs := newFlags(env, "prompt "+args[0], usage)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: zhiku %s\n\n", usage)
		fs.PrintDefaults()
		fmt.Fprintln(env.Stderr, "\n"+txtPromptInput.in(env.Locale))
	}
	var vars multiFlag
	fs.Var(&vars, "var", "a variable's value, name=value (repeatable)")
	input := fs.String("input", "", "compare: the input every variant gets")
	model := fs.String("model", "", "compare: the model of every variant that names none (default: as in Settings)")
	dataDir := dataDirFlag(fs)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if len(fs.Args()) == 0 {
		fs.Usage()
		return exitError{2}
	}
	columns := &compareColumns{done: make(chan core.CompareColumn, 4)}
	backend, err := openReader(ctx, *dataDir, columns, true)
	if err != nil {
		return err
	}
	defer backend.Close()
	var assistants []core.Assistant
	for _, ref := range fs.Args() {
		a, err := findAssistant(ctx, backend.Prompts, ref, env.Stdin)
		if err != nil {
			return err
		}
		assistants = append(assistants, a)
	}
	values := vars.values()
	switch args[0] {
	case "render":
		r, err := backend.Prompts.Render(ctx, assistants[0], values)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, r.Prompt)
		if len(r.Missing) > 0 {
			fmt.Fprintln(env.Stderr, txtPromptMissing.in(env.Locale, strings.Join(r.Missing, ", ")))
		}
		return nil
	case "lint":
		hints, err := backend.Prompts.Lint(ctx, assistants[0])
		if err != nil {
			return err
		}
		for _, h := range hints {
			fmt.Fprintf(env.Stdout, "%s (%s): %s\n", h.Rule, h.Field, h.Message[env.Locale])
		}
		if len(hints) > 0 {
			return exitError{1}
		}
		fmt.Fprintln(env.Stdout, txtPromptClean.in(env.Locale))
		return nil
	case "compare":
		variants := make([]core.Variant, len(assistants))
		for i, a := range assistants {
			variants[i] = core.Variant{Label: a.Name, Assistant: a, Model: *model}
		}
		if _, err := backend.Prompts.Compare(ctx, core.CompareRequest{Input: *input, Variables: values, Variants: variants}); err != nil {
			return err
		}
		results := make([]core.CompareColumn, len(variants))
		for range variants {
			c := <-columns.done
			results[c.Column] = c
		}
		for i, c := range results {
			fmt.Fprintf(env.Stdout, "== %d. %s  (%.0f ms to first token, %.1f tokens/s, %d in / %d out)\n%s\n\n",
				i+1, variants[i].Label, c.FirstTokenMillis, c.TokensPerSecond, c.PromptTokens, c.OutputTokens, strings.TrimSpace(c.Content))
			if c.Problem != nil {
				fmt.Fprintln(env.Stderr, describe(c.Problem, env.Locale))
			}
		}
		return nil
	}
	fmt.Fprintln(env.Stderr, txtUnknownCmd.in(env.Locale, "prompt "+args[0]))
	return exitError{2}
}

// compareColumns collects finished comparison columns.
type compareColumns struct{ done chan core.CompareColumn }

func (c *compareColumns) Emit(name string, payload any) {
	if col, ok := payload.(core.CompareColumn); ok && col.Done {
		c.done <- col
	}
}

// multiFlag collects repeated --var name=value flags.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func (m multiFlag) values() map[string]string {
	out := map[string]string{}
	for _, kv := range m {
		if k, v, ok := strings.Cut(kv, "="); ok {
			out[strings.TrimSpace(k)] = v
		}
	}
	return out
}
