// Package llmtest provides a loopback HTTP server that speaks Ollama's wire
// format, for unit tests of code above the llm package. It answers the
// endpoints those tests touch with fixed, configurable replies; the
// integration tests use the real Ollama server instead.
package llmtest

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ollama/ollama/api"
	"github.com/ollama/ollama/types/model"
)

// Server is a fake Ollama on loopback.
type Server struct {
	*httptest.Server

	mu      sync.Mutex
	version string
	models  []string
	// pullFails are names a pull fails for.
	pullFails []string
	// failWith, when non-zero, is the status every request gets.
	failWith int
	// logprobs scripts /api/generate: the alternatives for the first
	// token of a prompt. generated records the requests.
	logprobs  func(prompt string) []Alternative
	generated []api.GenerateRequest
}

// New starts a fake Ollama on a free loopback port, reporting version and
// the given models; it stops when the test ends.
func New(t testing.TB, version string, models ...string) *Server {
	t.Helper()
	return NewAt(t, "127.0.0.1:0", version, models...)
}

// NewAt starts the fake on a given address, e.g. one a test watched while
// nothing listened there.
func NewAt(t testing.TB, addr, version string, models ...string) *Server {
	t.Helper()
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen on %s: %v", addr, err)
	}
	s := &Server{version: version, models: models}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/version", func(w http.ResponseWriter, r *http.Request) {
		s.reply(w, func() any { return map[string]string{"version": s.version} })
	})
	mux.HandleFunc("GET /api/tags", func(w http.ResponseWriter, r *http.Request) {
		s.reply(w, func() any {
			list := api.ListResponse{Models: []api.ListModelResponse{}}
			for _, m := range s.models {
				list.Models = append(list.Models, api.ListModelResponse{Name: m, Model: m})
			}
			return list
		})
	})
	// A model whose name holds "embed" only embeds; any other writes text.
	mux.HandleFunc("POST /api/show", func(w http.ResponseWriter, r *http.Request) {
		var req api.ShowRequest
		json.NewDecoder(r.Body).Decode(&req)
		s.mu.Lock()
		installed := slices.Contains(s.models, req.Model)
		s.mu.Unlock()
		if !installed {
			w.WriteHeader(http.StatusNotFound)
			json.NewEncoder(w).Encode(map[string]string{"error": "model '" + req.Model + "' not found"})
			return
		}
		s.reply(w, func() any {
			capability := model.CapabilityCompletion
			if strings.Contains(req.Model, "embed") {
				capability = model.CapabilityEmbedding
			}
			return api.ShowResponse{Capabilities: []model.Capability{capability}}
		})
	})
	// A pull installs the model at once; names in pullFails fail as an
	// unknown name does.
	mux.HandleFunc("POST /api/pull", func(w http.ResponseWriter, r *http.Request) {
		var req api.PullRequest
		json.NewDecoder(r.Body).Decode(&req)
		s.reply(w, func() any {
			if slices.Contains(s.pullFails, req.Model) {
				return map[string]string{"error": "pull model manifest: file does not exist"}
			}
			if !slices.Contains(s.models, req.Model) {
				s.models = append(s.models, req.Model)
			}
			return api.ProgressResponse{Status: "success"}
		})
	})
	mux.HandleFunc("POST /api/generate", s.generate)
	s.Server = &httptest.Server{Listener: listener, Config: &http.Server{Handler: mux}}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// BaseURL returns the server's base address.
func (s *Server) BaseURL() *url.URL {
	u, _ := url.Parse(s.Server.URL)
	return u
}

// FailWith makes every request answer status with an Ollama-style error
// body; 0 restores normal answers.
func (s *Server) FailWith(status int) {
	s.mu.Lock()
	s.failWith = status
	s.mu.Unlock()
}

// FailPullsOf makes pulls of the given names fail.
func (s *Server) FailPullsOf(models ...string) {
	s.mu.Lock()
	s.pullFails = models
	s.mu.Unlock()
}

// Alternative is one token a model could write next, with its
// log-probability.
type Alternative struct {
	Token   string
	Logprob float64
}

// ScriptLogprobs makes /api/generate answer one token, the first of the
// alternatives script gives for the prompt, with those alternatives as
// its top log-probabilities.
func (s *Server) ScriptLogprobs(script func(prompt string) []Alternative) {
	s.mu.Lock()
	s.logprobs = script
	s.mu.Unlock()
}

// Generated returns the /api/generate requests so far, as received.
func (s *Server) Generated() []api.GenerateRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.generated)
}

// generate answers as Ollama does with logprobs: one line, or an error
// for a model that is not installed.
func (s *Server) generate(w http.ResponseWriter, r *http.Request) {
	var req api.GenerateRequest
	json.NewDecoder(r.Body).Decode(&req)
	s.mu.Lock()
	s.generated = append(s.generated, req)
	installed, script := slices.Contains(s.models, req.Model), s.logprobs
	s.mu.Unlock()
	if !installed {
		w.WriteHeader(http.StatusNotFound)
		json.NewEncoder(w).Encode(map[string]string{"error": "model '" + req.Model + "' not found"})
		return
	}
	s.reply(w, func() any {
		resp := api.GenerateResponse{Model: req.Model, Done: true, DoneReason: "length"}
		if script == nil {
			return resp
		}
		var top []api.TokenLogprob
		for _, a := range script(req.Prompt) {
			top = append(top, api.TokenLogprob{Token: a.Token, Logprob: a.Logprob})
		}
		if len(top) > 0 {
			resp.Response = top[0].Token
			resp.Logprobs = []api.Logprob{{TokenLogprob: top[0], TopLogprobs: top}}
		}
		return resp
	})
}

// SetModels replaces the installed models.
func (s *Server) SetModels(models ...string) {
	s.mu.Lock()
	s.models = models
	s.mu.Unlock()
}

func (s *Server) reply(w http.ResponseWriter, body func() any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if s.failWith != 0 {
		w.WriteHeader(s.failWith)
		json.NewEncoder(w).Encode(map[string]string{"error": http.StatusText(s.failWith)})
		return
	}
	json.NewEncoder(w).Encode(body())
}

// ClosedPortURL returns an address on loopback where nothing listens.
func ClosedPortURL(t testing.TB) *url.URL {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return &url.URL{Scheme: "http", Host: addr}
}
