package errorlog

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

var testKind = core.ProblemKind{Code: "library.source_missing", En: "{path} cannot be opened", Zh: "无法打开 {path}"}

// clock is a log's time, moved on by each entry.
func clocked(l *Log) *Log {
	at := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	l.now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		at = at.Add(time.Second)
		return at
	}
	return l
}

// Problems come back newest first, each with its time, operation, code,
// subject and messages in both languages, whatever they held.
func TestTheLogKeepsProblemsNewestFirst(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "logs")
	l := clocked(Open(dir, DefaultMaxBytes))
	defer l.Close()
	if got, err := l.Recent(10); err != nil || len(got) != 0 {
		t.Fatalf("a log never written = %v, %v", got, err)
	}
	tests := []struct {
		operation, subject, path string
		cause                    error
		wantEn, wantDetail       string
	}{
		{"Library.Create", "", "~/Documents", nil, "~/Documents cannot be opened", ""},
		{"index", "/home/李雷/报告.pdf", "报告.pdf", fmt.Errorf("read: unexpected EOF"), "报告.pdf cannot be opened", "read: unexpected EOF"},
		{"Models.Download", "org/m", "a\tb\nc", fmt.Errorf("line one\nline two\r\n"), "a b c cannot be opened", "line one line two  "},
		{"chat", "", strings.Repeat("长", 3000), fmt.Errorf("%s", strings.Repeat("x", 2000)),
			strings.Repeat("长", maxFieldRunes) + "…", strings.Repeat("x", maxDetailRunes) + "…"},
	}
	for _, tt := range tests {
		if err := l.Add(tt.operation, tt.subject, testKind.New(tt.cause, "path", tt.path)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := l.Recent(10)
	if err != nil || len(got) != len(tests) {
		t.Fatalf("Recent = %d entries, %v", len(got), err)
	}
	for i, tt := range tests {
		e := got[len(tests)-1-i]
		if e.Operation != tt.operation || e.Subject != tt.subject || e.Code != testKind.Code || e.Detail != tt.wantDetail ||
			e.Message[core.LocaleEnglish] != tt.wantEn || !strings.HasPrefix(e.Message[core.LocaleChinese], "无法打开") {
			t.Errorf("entry %d = %+v", i, e)
		}
		if i > 0 && !e.Time.After(got[len(tests)-i].Time) {
			t.Errorf("entry %d is not newer than the one before", i)
		}
	}
	if got, _ := l.Recent(2); len(got) != 2 || got[0].Operation != "chat" {
		t.Errorf("the 2 most recent = %+v", got)
	}
	info, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil || info.Mode().Perm()&0o077 != 0 {
		t.Errorf("the log file: %v, %v (only its owner may read it)", info, err)
	}
}

// Past its size the log becomes the older generation, which replaces the
// one before: two generations at most, and the newest entries in them.
func TestTheLogRotatesKeepingOneGeneration(t *testing.T) {
	dir := t.TempDir()
	l := clocked(Open(dir, 2000))
	defer l.Close()
	for i := range 100 {
		if err := l.Add("Library.Create", fmt.Sprintf("kb-%03d", i), testKind.New(nil, "path", "x")); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 2 {
		t.Fatalf("files = %v, want the log and one older generation", files)
	}
	for _, f := range files {
		if info, _ := os.Stat(f); info.Size() > 2000 {
			t.Errorf("%s holds %d bytes, over the cap", f, info.Size())
		}
	}
	got, err := l.Recent(1000)
	if err != nil || len(got) < 10 || got[0].Subject != "kb-099" {
		t.Fatalf("Recent = %d entries from %+v, %v", len(got), got[:1], err)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Subject >= got[i-1].Subject {
			t.Fatalf("entry %d (%s) after %s: not newest first across the generations", i, got[i].Subject, got[i-1].Subject)
		}
	}

	// A log already full when it is opened is rotated before it grows.
	l.Close()
	again := Open(dir, 2000)
	defer again.Close()
	full, _ := os.ReadFile(filepath.Join(dir, FileName))
	os.WriteFile(filepath.Join(dir, FileName), append(full, strings.Repeat("x", 2000)+"\n"...), 0o600)
	if err := again.Add("index", "", testKind.New(nil, "path", "y")); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(filepath.Join(dir, FileName)); info.Size() > 2000 {
		t.Errorf("a full log grew to %d bytes", info.Size())
	}
}

// Many goroutines at once lose no line and break none; a line cut short
// or edited by hand is passed over.
func TestTheLogIsSafeFromManyGoroutines(t *testing.T) {
	dir := t.TempDir()
	l := Open(dir, DefaultMaxBytes)
	defer l.Close()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				l.Add("Search.Query", fmt.Sprintf("%d-%d", g, i), testKind.New(nil, "path", strings.Repeat("路径", 20)))
			}
		})
	}
	wg.Wait()
	f, _ := os.OpenFile(filepath.Join(dir, FileName), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("not\ta\tline\n2025-13-01T00:00:00Z\tx\tc\t\ten\tzh\t\n2025-03-01T00:00:00Z\tcut")
	f.Close()
	got, err := l.Recent(1000)
	if err != nil || len(got) != 400 {
		t.Fatalf("Recent = %d entries, %v; want the 400 written", len(got), err)
	}
	seen := map[string]bool{}
	for _, e := range got {
		seen[e.Subject] = true
	}
	if len(seen) != 400 {
		t.Fatalf("%d distinct entries", len(seen))
	}
}
