package llmtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/zhiku-app/zhiku/backend/internal/faulttest"
)

// Proxy stands between Zhiku and a real Ollama server on loopback and
// records every request body, so tests can check the exact prompts sent.
type Proxy struct {
	server *httptest.Server
	mu     sync.Mutex
	calls  []Call
	// cutAfter, when above zero, drops the connection of every streamed
	// chat answer after that many bytes, as a crashing server would.
	cutAfter int
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
		cut := p.cutAfter
		p.mu.Unlock()
		if cut > 0 && r.URL.Path == "/api/chat" && !bytes.Contains(body, []byte(`"num_predict":1}`)) {
			w = faulttest.CutAfter(w, cut)
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

// Reset forgets the requests recorded so far.
func (p *Proxy) Reset() {
	p.mu.Lock()
	p.calls = nil
	p.mu.Unlock()
}

// CutStreamsAfter makes every chat answer stream (not the one-token
// calibration requests) break after n bytes; 0 lets them through again.
func (p *Proxy) CutStreamsAfter(n int) {
	p.mu.Lock()
	p.cutAfter = n
	p.mu.Unlock()
}
