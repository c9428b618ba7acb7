package cli

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/zhiku-app/zhiku/app"
	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/service"
)

var statusMarks = map[core.CheckStatus]string{core.CheckOK: "✓", core.CheckWarn: "!", core.CheckFail: "✗"}

func runDoctor(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "doctor", "doctor [--recover] [--data-dir DIR]")
	recoverDatabase := fs.Bool("recover", false, "save what a damaged database still holds into a new one, keeping the damaged one aside")
	dataDir := dataDirFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dir, err := resolveDataDir(*dataDir)
	if err != nil {
		return err
	}
	if *recoverDatabase {
		return runRecover(ctx, env, dir)
	}
	// The doctor reports a data folder it cannot open rather than stopping.
	backend, _ := service.Open(ctx, service.Options{
		DataDir: dir, Holder: service.HolderFor("doctor"), PlatformChecks: app.PlatformChecks,
	})
	defer backend.Close()
	checks, err := backend.System.Doctor(ctx)
	if err != nil {
		return err
	}
	failed, warned := 0, 0
	for _, c := range checks {
		name := checkNames[c.Name].in(env.Locale)
		fmt.Fprintf(env.Stdout, "%s %s %s\n", statusMarks[c.Status], padToWidth(name, 12), c.Summary.In(env.Locale))
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

// runRecover saves what a damaged database still holds and says what was
// kept, what was lost and where the damaged database went.
func runRecover(ctx context.Context, env *Env, dir string) error {
	rec, err := service.RecoverDataFolder(ctx, dir, service.HolderFor("doctor"))
	if err != nil {
		return err
	}
	if !rec.Needed {
		fmt.Fprintln(env.Stdout, txtRecoverSound.in(env.Locale, dir))
		return nil
	}
	fmt.Fprintln(env.Stdout, txtRecoverDone.in(env.Locale, rec.DamagedCopy))
	for _, t := range rec.Tables {
		if t.Kept == 0 && t.Unreadable == 0 && t.Refused == 0 {
			continue
		}
		line := txtRecoverKept.in(env.Locale, t.Kept)
		if t.Unreadable > 0 {
			line += txtRecoverSeparator.in(env.Locale) + txtRecoverUnreadable.in(env.Locale, t.Unreadable)
		}
		if t.Refused > 0 {
			line += txtRecoverSeparator.in(env.Locale) + txtRecoverRefused.in(env.Locale, t.Refused)
		}
		fmt.Fprintf(env.Stdout, "  %s %s\n", padToWidth(t.Table, 16), line)
	}
	fmt.Fprintln(env.Stdout, txtRecoverNext.in(env.Locale))
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
