package llm_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
)

func noOllamaInstalled() (string, bool) { return "", false }

func TestClientProblems(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(slow.Close)
	notOllama := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html>a router's login page</html>"))
	}))
	t.Cleanup(notOllama.Close)
	failing := llmtest.New(t, "0.17.4")
	failing.FailWith(http.StatusInternalServerError)
	locked := llmtest.New(t, "0.17.4")
	locked.FailWith(http.StatusUnauthorized)

	tests := []struct {
		name    string
		base    *url.URL
		timeout time.Duration
		want    core.ProblemKind
	}{
		{"nothing listening", llmtest.ClosedPortURL(t), time.Second, core.ErrOllamaUnreachable},
		{"no answer in time", mustParse(slow.URL), 100 * time.Millisecond, core.ErrOllamaTimeout},
		{"not Ollama", mustParse(notOllama.URL), time.Second, core.ErrOllamaServer},
		{"server error", failing.BaseURL(), time.Second, core.ErrOllamaServer},
		{"unauthorised", locked.BaseURL(), time.Second, core.ErrOllamaUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), tt.timeout)
			defer cancel()
			_, err := llm.NewClient(tt.base, nil).Version(ctx)
			if !tt.want.Is(err) {
				t.Fatalf("Version() error = %v, want a %s problem", err, tt.want.Code)
			}
		})
	}
}

func TestClientCancelIsNotAProblem(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := llm.NewClient(llmtest.ClosedPortURL(t), nil).Version(ctx)
	var p *core.Problem
	if !errors.Is(err, context.Canceled) || errors.As(err, &p) {
		t.Fatalf("cancelled call error = %v, want context.Canceled passed through, not a problem", err)
	}
}

func TestRuntimeWarnsAboutAnOldOllama(t *testing.T) {
	old := llmtest.New(t, "0.5.7")
	s := llm.NewRuntime(old.BaseURL(), &llm.Supervisor{LookPath: noOllamaInstalled}, nil).Check(context.Background())
	if s.State != core.OllamaRunning || !core.ErrOllamaTooOld.Is(s.Problem) {
		t.Fatalf("status = %s with problem %v, want running with a too-old warning", s.State, s.Problem)
	}
}

func TestRuntimeStatus(t *testing.T) {
	running := llmtest.New(t, "0.17.4", "qwen3:4b", "bge-m3")
	installed := func() (string, bool) { return "/usr/bin/ollama", true }
	tests := []struct {
		name     string
		base     *url.URL
		lookPath func() (string, bool)
		want     core.OllamaState
		models   int
	}{
		{"answers", running.BaseURL(), noOllamaInstalled, core.OllamaRunning, 2},
		{"down but installed", llmtest.ClosedPortURL(t), installed, core.OllamaStopped, 0},
		{"down and not installed", llmtest.ClosedPortURL(t), noOllamaInstalled, core.OllamaAbsent, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := llm.NewRuntime(tt.base, &llm.Supervisor{LookPath: tt.lookPath}, nil)
			got := r.Check(context.Background())
			if got.State != tt.want || got.Models != tt.models {
				t.Fatalf("Check() = %s with %d models, want %s with %d", got.State, got.Models, tt.want, tt.models)
			}
			if (got.Problem == nil) != (tt.want == core.OllamaRunning) {
				t.Errorf("Check() problem = %v; want one exactly when not running", got.Problem)
			}
			if got.State == core.OllamaRunning && got.Version != "0.17.4" {
				t.Errorf("Check() version = %q, want 0.17.4", got.Version)
			}
		})
	}
}

// recorder collects the statuses a runtime reports.
type recorder struct {
	mu   sync.Mutex
	seen []core.OllamaStatus
}

func (r *recorder) record(s core.OllamaStatus) {
	r.mu.Lock()
	r.seen = append(r.seen, s)
	r.mu.Unlock()
}

func (r *recorder) states() []core.OllamaState {
	r.mu.Lock()
	defer r.mu.Unlock()
	var states []core.OllamaState
	for _, s := range r.seen {
		states = append(states, s.State)
	}
	return states
}

func TestRuntimeReportsOnlyChanges(t *testing.T) {
	server := llmtest.New(t, "0.17.4")
	rec := &recorder{}
	r := llm.NewRuntime(server.BaseURL(), &llm.Supervisor{LookPath: noOllamaInstalled}, rec.record)
	ctx := context.Background()

	r.Check(ctx)
	r.Check(ctx) // unchanged: no report
	server.SetModels("qwen3:4b")
	r.Check(ctx)
	server.FailWith(http.StatusInternalServerError)
	r.Check(ctx)
	r.SetHost(ctx, llmtest.ClosedPortURL(t))

	want := []core.OllamaState{core.OllamaRunning, core.OllamaRunning, core.OllamaError, core.OllamaAbsent}
	if got := rec.states(); !equalStates(got, want) {
		t.Fatalf("reported states = %v, want %v", got, want)
	}
}

func TestHeartbeatNoticesAServerComingUp(t *testing.T) {
	// Reserve a port, start with nothing on it, then bring a server up there.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	rec := &recorder{}
	r := llm.NewRuntime(&url.URL{Scheme: "http", Host: addr}, &llm.Supervisor{LookPath: noOllamaInstalled}, rec.record)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Heartbeat(ctx, time.Hour, 20*time.Millisecond); close(done) }()
	defer func() { cancel(); <-done }()

	waitFor(t, func() bool { return r.Status().State == core.OllamaAbsent })
	llmtest.NewAt(t, addr, "0.17.4")
	waitFor(t, func() bool { return r.Status().State == core.OllamaRunning })
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func equalStates(a, b []core.OllamaState) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func mustParse(raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	return u
}
