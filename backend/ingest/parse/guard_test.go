package parse

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/ingest/chunk"
	"github.com/zhiku-app/zhiku/backend/squad"
)

// words is n words that do not repeat as a block: Chinese and English
// drawn from a seeded generator.
func words(n int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, seed+1))
	var b strings.Builder
	for range n {
		fmt.Fprintf(&b, "词%d word%d ", r.IntN(1_000_000), r.IntN(1_000_000))
	}
	return b.String()
}

// sectionsOf cuts text into sections of size bytes, as parsers emit.
func sectionsOf(text string, size int) []chunk.Section {
	var out []chunk.Section
	for len(text) > 0 {
		n := min(size, len(text))
		out = append(out, chunk.Section{Text: text[:n]})
		text = text[n:]
	}
	return out
}

// The guard passes text and stops what is not worth keeping as soon as it
// is seen: more text than the budget, text that is not text, and one block
// repeated however the sections cut it.
func TestTheGuardStopsWhatIsNotWorthKeeping(t *testing.T) {
	block := words(20000, 1) // about 300 KB that never repeats within itself
	tests := []struct {
		name     string
		budget   int64
		fileSize int64
		sections []chunk.Section
		want     *core.ProblemKind
		// within is the most text that may pass before the guard stops it.
		within int
	}{
		{"ordinary text", 64 << 20, 0, sectionsOf(words(100000, 2), 32<<10), nil, 0},
		{"text over the budget", 1 << 20, 0, sectionsOf(words(100000, 3), 96<<10), &core.ErrTextBudget, 1 << 20},
		{"NUL bytes", 64 << 20, 0, sectionsOf(strings.Repeat("\x00", 4<<20), 32<<10), &core.ErrNotText, 64 << 10},
		{"text with a tail of control characters", 64 << 20, 0, append(sectionsOf(words(2000, 4), 32<<10), sectionsOf(strings.Repeat("\x01\x02\x1b", 1<<20), 32<<10)...), &core.ErrNotText, 1 << 20},
		{"one block repeated in sections that cut it anywhere", 64 << 20, 0, sectionsOf(strings.Repeat(block, 40), 96<<10+17), &core.ErrRepeatedContent, 4 << 20},
		{"one short page repeated", 64 << 20, 0, sectionsOf(strings.Repeat("The same page, listed again.\n\n", 200000), 30), &core.ErrRepeatedContent, 64 << 10},
		{"a log repeating one stack trace between distinct lines, no larger than its file", 64 << 20, 8 << 20, sectionsOf(stackTraceLog(), 32<<10), nil, 0},
		{"one letter repeated", 64 << 20, 0, sectionsOf(strings.Repeat("a", 8<<20), 32<<10), &core.ErrRepeatedContent, 4 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			passed := 0
			g := newGuard(tt.budget, tt.fileSize, func(s chunk.Section) error { passed += len(s.Text); return nil })
			var err error
			for _, s := range tt.sections {
				if err = g.emit(s); err != nil {
					break
				}
			}
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("stopped with %v", err)
			case tt.want != nil && !tt.want.Is(err):
				t.Fatalf("ended with %v, want %s", err, tt.want.Code)
			case tt.want != nil && passed > tt.within:
				t.Errorf("%d bytes passed before it stopped, want at most %d", passed, tt.within)
			}
		})
	}
}

// A file may yield 64 MiB of text, or four times its size when larger.
func TestTheTextBudgetGrowsWithTheFile(t *testing.T) {
	for size, want := range map[int64]int64{0: 64 << 20, 1 << 20: 64 << 20, 16 << 20: 64 << 20, 100 << 20: 400 << 20} {
		if got := textBudget(size); got != want {
			t.Errorf("textBudget(%d) = %d, want %d", size, got, want)
		}
	}
}

// Real Chinese prose is never taken for junk or repetition: every CMRC
// 2018 paragraph, one after another, as one file.
func TestTheGuardPassesRealChineseText(t *testing.T) {
	path, ok := squad.FindCMRC()
	if !ok {
		t.Skip("CMRC 2018 is not beside the repository (../shared/data/cmrc2018)")
	}
	set, err := squad.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	g := newGuard(textBudget(0), 0, func(chunk.Section) error { return nil })
	for i, context := range set.Contexts() {
		if err := g.emit(chunk.Section{Text: context + "\n\n"}); err != nil {
			t.Fatalf("paragraph %d stopped the guard: %v", i, err)
		}
	}
}

// Every parser For returns is guarded: a file named .md that is a gigabyte
// of NUL bytes (sparse, so it costs no disk) is recognised at once.
func TestParsersAreGuarded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.md")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil {
		t.Fatal(err)
	}
	f.Close()
	parser, _ := For(path)
	read := 0
	_, err = parser(t.Context(), path, func(s chunk.Section) error { read += len(s.Text); return nil })
	if !core.ErrNotText.Is(err) || read > 0 {
		t.Fatalf("a gigabyte of NULs named .md: %v after %d bytes, want not-text at once", err, read)
	}
}

// stackTraceLog is a real kind of log: the same 20 KB stack trace after
// each of 300 distinct lines, 6 MB in all.
func stackTraceLog() string {
	var trace strings.Builder
	for i := range 200 {
		fmt.Fprintf(&trace, "\tat org.example.service.Handler%d.handle(Handler%d.java:%d)\n", i%17, i%17, 40+i)
	}
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, "2026-12-02 10:%02d:%02d ERROR request %d failed\n%s", i/60, i%60, 1000+i*7, trace.String())
	}
	return b.String()
}
