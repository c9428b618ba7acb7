package llm_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
)

// TestMain lets the test binary stand in for `ollama serve`: a script named
// ollama re-executes it with ZHIKU_FAKE_OLLAMA set, and it then answers
// /api/version on OLLAMA_HOST until it is terminated.
func TestMain(m *testing.M) {
	if os.Getenv("ZHIKU_FAKE_OLLAMA") == "1" {
		os.Exit(fakeOllamaServe())
	}
	os.Exit(m.Run())
}

func fakeOllamaServe() int {
	l, err := net.Listen("tcp", os.Getenv("OLLAMA_HOST"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/version", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `{"version":"0.0.0-fake"}`)
	})
	mux.HandleFunc("/api/tags", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `{"models":[]}`)
	})
	go http.Serve(l, mux)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)
	<-sig
	return 0
}

// fakeOllama writes an executable script standing in for the ollama binary.
func fakeOllama(t *testing.T, body string) func() (string, bool) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ollama")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return func() (string, bool) { return path, true }
}

func TestSupervisorStartsAndStopsOllama(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	host := llmtest.ClosedPortURL(t)
	sup := &llm.Supervisor{
		LookPath: fakeOllama(t, fmt.Sprintf(`ZHIKU_FAKE_OLLAMA=1 exec %q "$@"`, self)),
		LogPath:  filepath.Join(t.TempDir(), "ollama.log"),
	}
	r := llm.NewRuntime(host, sup, nil)
	if s := r.Check(context.Background()); s.State != core.OllamaStopped {
		t.Fatalf("before start: state %s, want stopped (installed, not running)", s.State)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	status, err := r.Start(ctx)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	if status.State != core.OllamaRunning || !status.StartedByZhiku || status.Version != "0.0.0-fake" {
		t.Fatalf("after start: %+v, want running 0.0.0-fake started by Zhiku", status)
	}

	if err := r.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if sup.Started() {
		t.Fatal("Started() is true after Stop")
	}
	if s := r.Check(context.Background()); s.State != core.OllamaStopped {
		t.Fatalf("after stop: state %s, want stopped", s.State)
	}
}

func TestSupervisorStartFailures(t *testing.T) {
	local := llmtest.ClosedPortURL(t)
	tests := []struct {
		name     string
		host     string
		lookPath func() (string, bool)
		want     core.ProblemKind
	}{
		{"not installed", local.String(), noOllamaInstalled, core.ErrOllamaNotInstalled},
		{"remote address", "http://192.0.2.1:11434", fakeOllama(t, "exit 0"), core.ErrOllamaRemote},
		{"exits at once", local.String(), fakeOllama(t, "echo 'Error: listen: address in use' >&2; exit 1"), core.ErrOllamaStartFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sup := &llm.Supervisor{LookPath: tt.lookPath, LogPath: filepath.Join(t.TempDir(), "ollama.log")}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, err := llm.NewRuntime(mustParse(tt.host), sup, nil).Start(ctx)
			if !tt.want.Is(err) {
				t.Fatalf("Start() error = %v, want %s", err, tt.want.Code)
			}
			if sup.Started() {
				t.Fatal("a failed start left a process recorded as running")
			}
		})
	}
}
