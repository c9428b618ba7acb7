package service

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
	"github.com/zhiku-app/zhiku/backend/rpc"
	"github.com/zhiku-app/zhiku/backend/store"
)

// events records what the backend emits.
type events struct {
	mu   sync.Mutex
	seen []string
	last map[string]any
}

func (e *events) Emit(name string, payload any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.seen = append(e.seen, name)
	if e.last == nil {
		e.last = map[string]any{}
	}
	e.last[name] = payload
}

func (e *events) latest(name string) any {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.last[name]
}

func open(t *testing.T, dir string, emitter core.Emitter) (*Backend, error) {
	t.Helper()
	return openWith(t, Options{DataDir: dir, Emitter: emitter})
}

// openWith opens a backend for a test with opts, and no Ollama to find
// or start, closed when the test ends.
func openWith(t *testing.T, opts Options) (*Backend, error) {
	t.Helper()
	opts.Holder = store.NewHolder("test", "")
	opts.Supervisor = &llm.Supervisor{LookPath: func() (string, bool) { return "", false }}
	opts.HeartbeatUp, opts.HeartbeatDown = time.Hour, time.Hour
	if opts.Emitter == nil {
		opts.Emitter = core.Emitters{}
	}
	b, err := Open(context.Background(), opts)
	t.Cleanup(func() { b.Close() })
	return b, err
}

func TestSettingsUpdatePersistsAndTellsEveryWindow(t *testing.T) {
	ollama := llmtest.New(t, "0.17.4", "qwen3:4b")
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9") // nothing listens on the discard port
	dir := t.TempDir()
	ev := &events{}
	b, err := open(t, dir, ev)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	// The new address's sole chat model is already the default, so its
	// adoption, which runs when Ollama is found there, changes nothing
	// this test reads.
	next := core.Settings{Language: "zh-CN", Theme: core.ThemeDark, OllamaHost: ollama.URL, DefaultChatModel: "qwen3:4b"}
	saved, err := b.Settings.Update(ctx, next)
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if got, _ := b.Settings.Get(ctx); got != saved || got.Language != "zh-CN" {
		t.Fatalf("Get after Update = %+v", got)
	}
	if got := ev.latest(core.EventSettingsChanged); got != saved {
		t.Errorf("settings:changed carried %+v, want %+v", got, saved)
	}
	status, _ := ev.latest(core.EventOllamaStatus).(core.OllamaStatus)
	if status.State != core.OllamaRunning || status.Models != 1 {
		t.Errorf("after switching the address, status = %+v, want running with 1 model", status)
	}

	// A new process reads what was saved.
	b.Close()
	again, err := open(t, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := again.Settings.Get(ctx); got != saved {
		t.Fatalf("after restart settings = %+v, want %+v", got, saved)
	}
}

func TestSettingsUpdateRefusesBadValuesAndKeepsTheOld(t *testing.T) {
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	before, _ := b.Settings.Get(ctx)
	for _, bad := range []core.Settings{
		{Language: "xx", Theme: core.ThemeDark},
		{Language: "en", Theme: core.ThemeLight, OllamaHost: "http://127.0.0.1:99999"},
	} {
		if _, err := b.Settings.Update(ctx, bad); err == nil {
			t.Errorf("Update(%+v) succeeded", bad)
		}
	}
	if after, _ := b.Settings.Get(ctx); after != before {
		t.Fatalf("settings changed to %+v after refused updates", after)
	}
	if _, err := os.Stat(filepath.Join(b.System.info.DataDir, "settings.json")); !os.IsNotExist(err) {
		t.Fatal("a refused update wrote the settings file")
	}
}

func TestASecondProcessGetsABlockerNotACrash(t *testing.T) {
	dir := t.TempDir()
	if _, err := open(t, dir, nil); err != nil {
		t.Fatal(err)
	}
	second, err := open(t, dir, nil)
	if !core.ErrAlreadyRunning.Is(err) {
		t.Fatalf("second Open error = %v, want already-running", err)
	}
	ctx := context.Background()
	info, _ := second.System.Info(ctx)
	if !core.ErrAlreadyRunning.Is(info.Blocker) {
		t.Errorf("Info().Blocker = %v", info.Blocker)
	}
	if _, err := second.Settings.Update(ctx, core.DefaultSettings()); !core.ErrNotReady.Is(err) {
		t.Errorf("Update on a blocked backend = %v, want not-ready", err)
	}
	checks, _ := second.System.Doctor(ctx)
	if checks[0].Name != "dataDir" || checks[0].Status != core.CheckOK {
		t.Errorf("doctor on a folder in use: %+v, want an OK data-folder check", checks[0])
	}
}

func TestStartUpNotices(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, dir string)
		want    core.ProblemKind
	}{
		{"damaged settings", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "settings.json"), []byte("{not json"), 0o600)
		}, core.ErrSettingsReset},
		{"unusable OLLAMA_HOST", func(t *testing.T, dir string) {
			t.Setenv("OLLAMA_HOST", "http://127.0.0.1:0")
		}, core.ErrInvalidOllamaHost},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.prepare(t, dir)
			b, err := open(t, dir, nil)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			info, _ := b.System.Info(context.Background())
			if len(info.Notices) != 1 || !tt.want.Is(info.Notices[0]) {
				t.Fatalf("notices = %v, want one %s", info.Notices, tt.want.Code)
			}
		})
	}
}

func TestDoctorReportsEveryCheck(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	b.System.platformChecks = func() []core.Check { return []core.Check{{Name: "webview", Status: core.CheckOK}} }
	checks, _ := b.System.Doctor(context.Background())
	want := map[core.CheckName]core.CheckStatus{"dataDir": core.CheckOK, "diskSpace": "", "ollama": core.CheckWarn, "webview": core.CheckOK}
	if len(checks) != len(want) {
		t.Fatalf("checks = %+v", checks)
	}
	for _, c := range checks {
		wantStatus, ok := want[c.Name]
		if !ok || (wantStatus != "" && c.Status != wantStatus) {
			t.Errorf("check %s = %s (%s)", c.Name, c.Status, c.Summary)
		}
	}
}

// What the doctor found reads in both languages: no English fact ("free",
// "absent at") inside the Chinese page.
func TestDoctorSummariesInBothLanguages(t *testing.T) {
	tests := []struct {
		name  string
		host  string
		check core.CheckName
		en    string
		zh    string
	}{
		{"disk space", "127.0.0.1:9", "diskSpace", " free", "可用 "},
		{"Ollama not running", "127.0.0.1:9", "ollama", "127.0.0.1:9", "127.0.0.1:9"},
		{"data folder", "127.0.0.1:9", "dataDir", "(data version ", "（数据版本 "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("OLLAMA_HOST", tt.host)
			b, err := open(t, t.TempDir(), nil)
			if err != nil {
				t.Fatal(err)
			}
			checks, _ := b.System.Doctor(context.Background())
			for _, c := range checks {
				if c.Name != tt.check {
					continue
				}
				en, zh := c.Summary.In(core.LocaleEnglish), c.Summary.In(core.LocaleChinese)
				if !strings.Contains(en, tt.en) || !strings.Contains(zh, tt.zh) {
					t.Errorf("summary = %q / %q, want %q / %q in them", en, zh, tt.en, tt.zh)
				}
				if words := englishWordRun.FindString(strings.ReplaceAll(zh, b.System.info.DataDir, "")); words != "" {
					t.Errorf("Chinese summary %q holds the English %q", zh, words)
				}
				return
			}
			t.Fatalf("no check %s in %+v", tt.check, checks)
		})
	}
}

// englishWordRun finds a lower-case English word: names (Ollama) start
// with a capital, and addresses hold digits and dots.
var englishWordRun = regexp.MustCompile(`(^|[^A-Za-z0-9.:/])[a-z]{3,}([^A-Za-z0-9.:/]|$)`)

// Every method of every service has a shape the transports can carry.
func TestServicesRegister(t *testing.T) {
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	registry, err := rpc.New(b.Services())
	if err != nil {
		t.Fatal(err)
	}
	names := strings.Join(registry.Names(), " ")
	for _, want := range []string{"Chats.Ask", "Chats.Stop", "Chats.Regenerate", "Chats.Export", "Search.Query"} {
		if !strings.Contains(names, want) {
			t.Errorf("%s is not exposed: %s", want, names)
		}
	}
}

// Stopping Ollama when Zhiku did not start it leaves it alone.
func TestOllamaStopOnlyWhatZhikuStarted(t *testing.T) {
	fake := llmtest.New(t, "0.17.4", "qwen3")
	t.Setenv("OLLAMA_HOST", fake.BaseURL().String())
	b, err := open(t, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	status, err := b.Ollama.Stop(context.Background())
	if err != nil || status.State != core.OllamaRunning || status.StartedByZhiku {
		t.Fatalf("Stop = %+v, %v", status, err)
	}
}
