package llmtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ollama/ollama/api"

	"github.com/zhiku-app/zhiku/backend/internal/faulttest"
)

// Proxy stands between Zhiku and a real Ollama server on loopback and
// records every request body, so tests can check the exact prompts sent;
// it injects the faults a struggling server shows.
type Proxy struct {
	server *httptest.Server
	mu     sync.Mutex
	calls  []Call
	faults map[string]*Fault
	hits   map[string]int
}

// Fault is what the proxy does to the requests for one API path. The
// one-token calibration chats are always let through.
type Fault struct {
	// Status answers with this HTTP status and Ollama's error body
	// instead of forwarding.
	Status int
	// Times limits the fault to this many requests (0: until cleared).
	Times int
	// Delay waits before forwarding, as a server loading a model does.
	Delay time.Duration
	// CutAfter drops the connection after this many bytes of the reply,
	// as a crashing server does.
	CutAfter int
	// VectorLength cuts every embedding in the reply to this many numbers,
	// as a different embedding model behind the same name would give.
	VectorLength int
}

// Call is one recorded request.
type Call struct {
	Path string
	Body []byte
}

// ChatRequest is the part of an /api/chat body tests look at.
type ChatRequest struct {
	Model    string `json:"model"`
	Messages []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
	Options map[string]any `json:"options"`
}

// NewProxy starts a recording proxy to target, closed when the test ends.
func NewProxy(t testing.TB, target *url.URL) *Proxy {
	t.Helper()
	p := &Proxy{}
	forward := httputil.NewSingleHostReverseProxy(target)
	forward.FlushInterval = -1 // stream each chunk as Ollama sends it
	p.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		p.mu.Lock()
		p.calls = append(p.calls, Call{Path: r.URL.Path, Body: body})
		fault := p.take(r.URL.Path, body)
		p.mu.Unlock()
		if fault.Delay > 0 {
			select {
			case <-time.After(fault.Delay):
			case <-r.Context().Done():
				return
			}
		}
		if fault.Status != 0 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(fault.Status)
			fmt.Fprintf(w, `{"error":"injected fault: %s"}`, http.StatusText(fault.Status))
			return
		}
		if fault.CutAfter > 0 {
			w = faulttest.CutAfter(w, fault.CutAfter)
		}
		if fault.VectorLength > 0 {
			forwardShortening(w, r, forward, fault.VectorLength)
			return
		}
		forward.ServeHTTP(w, r)
	}))
	t.Cleanup(p.server.Close)
	return p
}

// Host is the proxy's address, for OLLAMA_HOST.
func (p *Proxy) Host() string { return strings.TrimPrefix(p.server.URL, "http://") }

// Chats returns the /api/chat requests so far, decoded.
func (p *Proxy) Chats(t testing.TB) []ChatRequest {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	var chats []ChatRequest
	for _, c := range p.calls {
		if c.Path != "/api/chat" {
			continue
		}
		var req ChatRequest
		if err := json.Unmarshal(c.Body, &req); err != nil {
			t.Fatalf("decode a chat request: %v", err)
		}
		chats = append(chats, req)
	}
	return chats
}

// Generates returns the /api/generate requests so far, decoded.
func (p *Proxy) Generates(t testing.TB) []api.GenerateRequest {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	var reqs []api.GenerateRequest
	for _, c := range p.calls {
		if c.Path != "/api/generate" {
			continue
		}
		var req api.GenerateRequest
		if err := json.Unmarshal(c.Body, &req); err != nil {
			t.Fatalf("decode a generate request: %v", err)
		}
		reqs = append(reqs, req)
	}
	return reqs
}

// Reset forgets the requests recorded so far.
func (p *Proxy) Reset() {
	p.mu.Lock()
	p.calls = nil
	p.mu.Unlock()
}

// CutStreamsAfter makes every chat answer stream (not the one-token
// calibration requests) break after n bytes; 0 lets them through again.
func (p *Proxy) CutStreamsAfter(n int) {
	if n == 0 {
		p.Inject("/api/chat", nil)
		return
	}
	p.Inject("/api/chat", &Fault{CutAfter: n})
}

// Inject sets the fault for requests to path; nil clears it.
func (p *Proxy) Inject(path string, f *Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.faults == nil {
		p.faults = map[string]*Fault{}
	}
	if f == nil {
		delete(p.faults, path)
		return
	}
	copied := *f
	p.faults[path] = &copied
}

// Faulted is how many requests to path met a fault, so a test can tell
// that the fault it set was met.
func (p *Proxy) Faulted(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hits[path]
}

// take returns the fault for one request, counting it down; the caller
// holds the lock.
func (p *Proxy) take(path string, body []byte) Fault {
	f := p.faults[path]
	if f == nil || (path == "/api/chat" && bytes.Contains(body, []byte(`"num_predict":1}`))) {
		return Fault{}
	}
	if p.hits == nil {
		p.hits = map[string]int{}
	}
	p.hits[path]++
	if f.Times > 0 {
		if f.Times--; f.Times == 0 {
			delete(p.faults, path)
		}
	}
	return *f
}

// forwardShortening forwards an /api/embed request and cuts the vectors in
// its reply to n numbers.
func forwardShortening(w http.ResponseWriter, r *http.Request, forward http.Handler, n int) {
	rec := httptest.NewRecorder()
	forward.ServeHTTP(rec, r)
	var reply map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &reply); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	if vectors, ok := reply["embeddings"].([]any); ok {
		for i, v := range vectors {
			if nums, ok := v.([]any); ok && len(nums) > n {
				vectors[i] = nums[:n]
			}
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rec.Code)
	json.NewEncoder(w).Encode(reply)
}
