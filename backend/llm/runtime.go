package llm

import (
	"context"
	"net/url"
	"sync"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// probeTimeout bounds one status check; a healthy local server answers in
// milliseconds, a remote one on a LAN well within it.
const probeTimeout = 3 * time.Second

// Runtime is Zhiku's view of the Ollama runtime: the client for the address
// in use, the child process Zhiku may have started, and the latest status.
// It is safe for concurrent use.
type Runtime struct {
	supervisor *Supervisor
	onChange   func(core.OllamaStatus)

	mu     sync.Mutex
	client *Client
	status core.OllamaStatus
}

// NewRuntime returns a runtime for the server at host. onChange is called
// with every status that differs from the one before.
func NewRuntime(host *url.URL, supervisor *Supervisor, onChange func(core.OllamaStatus)) *Runtime {
	return &Runtime{
		supervisor: supervisor,
		onChange:   onChange,
		client:     NewClient(host, nil),
		status:     core.OllamaStatus{State: core.OllamaChecking, Host: host.String(), HostIsLocal: IsLocalHost(host)},
	}
}

// Client returns the client for the address in use now.
func (r *Runtime) Client() *Client {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.client
}

// Embed computes vectors with the Ollama in use at the time of the call:
// the app's core.EmbedFunc.
func (r *Runtime) Embed(ctx context.Context, model string, texts []string) ([][]float32, error) {
	return r.Client().Embed(ctx, model, texts)
}

// ScorePair asks a reranker model of the Ollama in use about one query
// and passage: the app's core.ScorePairFunc.
func (r *Runtime) ScorePair(ctx context.Context, model, query, passage string) (float64, bool, error) {
	return r.Client().ScorePair(ctx, model, query, passage)
}

// Chat streams a reply from the Ollama in use at the time of the call:
// the app's ChatFunc.
func (r *Runtime) Chat(ctx context.Context, req ChatRequest, fn func(Chunk) error) error {
	return r.Client().Chat(ctx, req, fn)
}

// Status returns the latest observation without waiting for a new one.
func (r *Runtime) Status() core.OllamaStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.status
}

// SetHost switches to another address and checks it at once.
func (r *Runtime) SetHost(ctx context.Context, host *url.URL) core.OllamaStatus {
	r.mu.Lock()
	r.client = NewClient(host, nil)
	r.mu.Unlock()
	return r.Check(ctx)
}

// Check observes the server now, records the result, and reports a change.
func (r *Runtime) Check(ctx context.Context) core.OllamaStatus {
	client := r.Client()
	next := r.observe(ctx, client)
	r.mu.Lock()
	if r.client != client { // the address changed while we asked: that check wins
		current := r.status
		r.mu.Unlock()
		return current
	}
	changed := !next.SameAs(r.status)
	r.status = next
	r.mu.Unlock()
	if changed && r.onChange != nil {
		r.onChange(next)
	}
	return next
}

func (r *Runtime) observe(ctx context.Context, client *Client) core.OllamaStatus {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	status := core.OllamaStatus{
		Host:           client.Host(),
		HostIsLocal:    IsLocalHost(client.BaseURL()),
		StartedByZhiku: r.supervisor.Started(),
		CheckedAt:      time.Now().UTC(),
	}
	version, err := client.Version(ctx)
	if err == nil {
		status.Version = version
		status.Models, err = client.ModelCount(ctx)
	}
	switch {
	case err == nil:
		status.State = core.OllamaRunning
		if versionBefore(version, MinimumVersion) {
			status.Problem = core.ErrOllamaTooOld.New(nil, "version", version, "minimum", MinimumVersion)
		}
	case core.ErrOllamaUnreachable.Is(err) || core.ErrOllamaTimeout.Is(err):
		status.State = core.OllamaAbsent
		if status.HostIsLocal && r.supervisor.Installed() {
			status.State = core.OllamaStopped
		}
		status.Problem = core.AsProblem(err)
	default:
		status.State = core.OllamaError
		status.Problem = core.AsProblem(err)
	}
	return status
}

// Start launches `ollama serve` on the address in use and waits for it.
func (r *Runtime) Start(ctx context.Context) (core.OllamaStatus, error) {
	client := r.Client()
	err := r.supervisor.Start(ctx, client.BaseURL(), func(ctx context.Context) error {
		_, err := client.Version(ctx)
		return err
	})
	return r.Check(ctx), err
}

// Stop ends the server Zhiku started, if any.
func (r *Runtime) Stop() error { return r.supervisor.Stop() }

// Heartbeat checks the server until ctx ends: often while it is down, so a
// freshly started Ollama shows up within seconds, and rarely while it is up.
func (r *Runtime) Heartbeat(ctx context.Context, upInterval, downInterval time.Duration) {
	for {
		status := r.Check(ctx)
		wait := downInterval
		if status.State == core.OllamaRunning {
			wait = upInterval
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		}
	}
}
