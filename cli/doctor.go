package cli

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/zhiku-app/zhiku/app"
	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/service"
	"github.com/zhiku-app/zhiku/backend/store"
)

var statusMarks = map[core.CheckStatus]string{core.CheckOK: "✓", core.CheckWarn: "!", core.CheckFail: "✗"}

func runDoctor(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "doctor", "doctor [--data-dir DIR]")
	dataDir := dataDirFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dir, err := resolveDataDir(*dataDir)
	if err != nil {
		return err
	}
	// The doctor reports a data folder it cannot open rather than stopping.
	backend, _ := service.Open(ctx, service.Options{
		DataDir: dir, Holder: store.NewHolder("doctor", ""), PlatformChecks: app.PlatformChecks,
	})
	defer backend.Close()
	checks, err := backend.System.Doctor(ctx)
	if err != nil {
		return err
	}
	failed, warned := 0, 0
	for _, c := range checks {
		name := checkNames[c.Name].in(env.Locale)
		fmt.Fprintf(env.Stdout, "%s %s %s\n", statusMarks[c.Status], padToWidth(name, 12), c.Summary)
		if c.Problem != nil {
			fmt.Fprintf(env.Stdout, "    %s\n", strings.ReplaceAll(describe(c.Problem, env.Locale), "\n", "\n    "))
		}
		switch c.Status {
		case core.CheckFail:
			failed++
		case core.CheckWarn:
			warned++
		}
	}
	switch {
	case failed > 0:
		fmt.Fprintln(env.Stdout, txtDoctorFail.in(env.Locale, failed))
		return exitError{1}
	case warned > 0:
		fmt.Fprintln(env.Stdout, txtDoctorWarn.in(env.Locale))
	default:
		fmt.Fprintln(env.Stdout, txtDoctorOK.in(env.Locale))
	}
	return nil
}

// padToWidth pads s with spaces to the given terminal width, counting Han,
// Hiragana, Katakana, Hangul and full-width forms as two columns.
func padToWidth(s string, width int) string {
	w := 0
	for _, r := range s {
		w++
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || (r >= 0xFF00 && r <= 0xFF60) {
			w++
		}
	}
	if w >= width {
		return s
	}
	return s + strings.Repeat(" ", width-w)
}
