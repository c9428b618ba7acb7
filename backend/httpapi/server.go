package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/rpc"
)

// maxRequestBytes bounds a call's body; the largest arguments are pasted
// prompts and chat messages, far below this.
const maxRequestBytes = 8 << 20

// ContentSecurityPolicy allows nothing but the app's own files: no inline or
// remote scripts, no remote images, fonts or connections, no framing. Inline
// styles are allowed because Svelte's style: directives write them and they
// cannot run code. index.html carries the same policy for the desktop window.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Server is the HTTP face of the service API.
type Server struct {
	registry *rpc.Registry
	broker   *Broker
	assets   fs.FS
	// heartbeat is how often an idle event stream sends a comment, so
	// proxies and browsers keep it open and a dead client is noticed.
	heartbeat time.Duration
	// gate, when set, admits only requests that carry the access token:
	// the server is reachable from the network.
	gate *tokenGate
}

// WithToken requires every request to carry token, for a server that
// listens beyond this computer, and slows down clients that guess it; an
// empty token, for a server on loopback only, requires none.
func (s *Server) WithToken(token string) *Server {
	s.gate = nil
	if token != "" {
		s.gate = newTokenGate(token, newGuessLimiter(defaultGuessLimits, time.Now))
	}
	return s
}

// New returns a server for the registry's methods, the broker's events and
// the UI files in assets (the built frontend/dist).
func New(registry *rpc.Registry, broker *Broker, assets fs.FS) *Server {
	return &Server{registry: registry, broker: broker, assets: assets, heartbeat: 15 * time.Second}
}

// Handler returns the routes, wrapped in the checks every request passes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/call/{service}/{method}", s.handleCall)
	mux.HandleFunc("GET /api/events", s.handleEvents)
	mux.HandleFunc("GET /api/health", s.handleHealth)
	mux.Handle("GET /", s.staticHandler())
	return guard(mux, s.gate)
}

func (s *Server) handleCall(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		// Requiring JSON keeps cross-site HTML forms, which cannot send it
		// without a CORS preflight, from calling the API.
		writeProblem(w, core.ErrBadRequest.New(nil, "reason", "Content-Type must be application/json"))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBytes))
	if err != nil {
		writeProblem(w, core.ErrBadRequest.New(err, "reason", "request body unreadable or over 8 MiB"))
		return
	}
	var args []json.RawMessage
	if len(body) > 0 {
		if err := json.Unmarshal(body, &args); err != nil {
			writeProblem(w, core.ErrBadRequest.New(err, "reason", "body must be a JSON array of arguments"))
			return
		}
	}
	result, err := s.registry.Call(r.Context(), r.PathValue("service"), r.PathValue("method"), args)
	if err != nil {
		writeProblem(w, err)
		return
	}
	writeJSON(w, http.StatusOK, result)
}

func (s *Server) handleHealth(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
}

func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		writeProblem(w, core.ErrInternal.New(errors.New("response writer cannot stream")))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	// Subscribe before saying so: an event emitted once the client has
	// read the first line is never missed.
	events := s.broker.subscribe()
	defer s.broker.unsubscribe(events)
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, ": connected\n\n")
	flusher.Flush()
	ticker := time.NewTicker(s.heartbeat)
	defer ticker.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, open := <-events:
			if !open {
				return // dropped for falling behind; the client reconnects
			}
			if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data); err != nil {
				return
			}
			flusher.Flush()
		case <-ticker.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}

func (s *Server) staticHandler() http.Handler {
	files := http.FileServerFS(s.assets)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if strings.HasPrefix(r.URL.Path, "/assets/") {
			// Vite names these by content hash, so they never change.
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		if _, err := fs.Stat(s.assets, strings.TrimPrefix(r.URL.Path, "/")); err != nil && !strings.Contains(r.URL.Path, ".") {
			// A path without a file extension is a view of the single-page
			// app, so it gets the page itself.
			r.URL.Path = "/"
		}
		files.ServeHTTP(w, r)
	})
}

// statusFor maps a problem to an HTTP status, so scripts using the API can
// branch on it without parsing bodies.
func statusFor(p *core.Problem) int {
	switch {
	case p.Code == core.ErrUnknownMethod.Code:
		return http.StatusNotFound
	case strings.HasPrefix(p.Code, "request."):
		return http.StatusBadRequest
	case p.Code == core.ErrNotReady.Code:
		return http.StatusServiceUnavailable
	case strings.HasPrefix(p.Code, "ollama."):
		return http.StatusBadGateway
	case p.Code == core.ErrInternal.Code:
		return http.StatusInternalServerError
	default:
		return http.StatusUnprocessableEntity
	}
}

func writeProblem(w http.ResponseWriter, err error) {
	p := core.AsProblem(err)
	status := statusFor(p)
	if status >= 500 {
		slog.Error("call failed", "code", p.Code, "err", p)
	}
	writeJSON(w, status, map[string]any{"error": p})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		slog.Warn("write response", "err", err)
	}
}
