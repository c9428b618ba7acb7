// Package hubtest is a loopback stand-in for Hugging Face (and its
// mirrors) and ModelScope: the same file-listing and download API shapes,
// redirects to a CDN path, HTTP Range, LFS SHA-256 ids, and faults on
// request — connections cut mid-file, a corrupted byte, gated repositories.
package hubtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/internal/faulttest"
)

// Server is a fake hub.
type Server struct {
	URL string

	mu      sync.Mutex
	repos   map[string]map[string][]byte
	gated   map[string]bool
	cutNext int           // bytes to send before dropping the next download
	corrupt bool          // flip a byte of every download
	pace    time.Duration // pause after each write of a download
	ranges  []string
	gets    int
}

// New starts a fake hub, closed when the test ends.
func New(t testing.TB) *Server {
	s := &Server{repos: map[string]map[string][]byte{}, gated: map[string]bool{}}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Add puts a file in a repository ("owner/name").
func (s *Server) Add(repo, path string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.repos[repo] == nil {
		s.repos[repo] = map[string][]byte{}
	}
	s.repos[repo][path] = data
}

// Gate makes a repository answer 401, as a gated or private one does.
func (s *Server) Gate(repo string) {
	s.mu.Lock()
	s.gated[repo] = true
	s.mu.Unlock()
}

// CutNext drops the next download's connection after n bytes.
func (s *Server) CutNext(n int) {
	s.mu.Lock()
	s.cutNext = n
	s.mu.Unlock()
}

// Corrupt flips one byte of every download from now on.
func (s *Server) Corrupt(on bool) {
	s.mu.Lock()
	s.corrupt = on
	s.mu.Unlock()
}

// Pace slows every download from now on to one write of at most 32 kB
// per d, as a slow line does, so a test can stop a download midway.
func (s *Server) Pace(d time.Duration) {
	s.mu.Lock()
	s.pace = d
	s.mu.Unlock()
}

// Ranges returns the Range headers downloads asked with ("" for none).
func (s *Server) Ranges() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.ranges...)
}

// SHA256 is a file's published hash.
func SHA256(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/api/models/") && strings.HasSuffix(p, "/tree/main"):
		s.list(w, strings.TrimSuffix(strings.TrimPrefix(p, "/api/models/"), "/tree/main"), false)
	case strings.HasPrefix(p, "/api/v1/models/") && strings.HasSuffix(p, "/repo/files"):
		s.list(w, strings.TrimSuffix(strings.TrimPrefix(p, "/api/v1/models/"), "/repo/files"), true)
	case strings.Contains(p, "/resolve/main/"):
		repo, file, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/resolve/main/")
		if data, ok := s.file(w, repo, file); ok {
			// Hugging Face redirects downloads to its CDN.
			http.Redirect(w, r, "/cdn/"+SHA256(data)+"?repo="+repo+"&file="+file, http.StatusFound)
		}
	case strings.HasPrefix(p, "/cdn/"):
		if data, ok := s.file(w, r.URL.Query().Get("repo"), r.URL.Query().Get("file")); ok {
			s.send(w, r, data)
		}
	case strings.HasPrefix(p, "/models/") && strings.Contains(p, "/resolve/master/"):
		repo, file, _ := strings.Cut(strings.TrimPrefix(p, "/models/"), "/resolve/master/")
		if data, ok := s.file(w, repo, file); ok {
			s.send(w, r, data)
		}
	default:
		http.NotFound(w, r)
	}
}

func (s *Server) file(w http.ResponseWriter, repo, file string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gated[repo] {
		http.Error(w, "Access to model "+repo+" is restricted", http.StatusUnauthorized)
		return nil, false
	}
	data, ok := s.repos[repo][file]
	if !ok {
		http.Error(w, "Entry not found", http.StatusNotFound)
	}
	return data, ok
}

func (s *Server) list(w http.ResponseWriter, repo string, modelScope bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gated[repo] {
		http.Error(w, `{"error":"Access to model `+repo+` is restricted"}`, http.StatusUnauthorized)
		return
	}
	files, ok := s.repos[repo]
	if !ok {
		http.Error(w, `{"error":"Repository not found"}`, http.StatusNotFound)
		return
	}
	if modelScope {
		var out []map[string]any
		for path, data := range files {
			out = append(out, map[string]any{"Name": path, "Path": path, "Size": len(data), "Sha256": SHA256(data), "Type": "blob"})
		}
		json.NewEncoder(w).Encode(map[string]any{"Code": 200, "Data": map[string]any{"Files": out}})
		return
	}
	out := []map[string]any{{"type": "directory", "path": "docs", "size": 0}}
	for path, data := range files {
		out = append(out, map[string]any{"type": "file", "path": path, "size": len(data),
			"oid": "git-blob-id", "lfs": map[string]any{"oid": SHA256(data), "size": len(data), "pointerSize": 134}})
	}
	json.NewEncoder(w).Encode(out)
}

// send serves a file with Range support, applying any fault.
func (s *Server) send(w http.ResponseWriter, r *http.Request, data []byte) {
	s.mu.Lock()
	s.ranges = append(s.ranges, r.Header.Get("Range"))
	s.gets++
	cut, pace := s.cutNext, s.pace
	s.cutNext = 0
	if s.corrupt {
		data = bytes.Clone(data)
		data[len(data)/2] ^= 0xff
	}
	s.mu.Unlock()
	if cut > 0 {
		w = faulttest.CutAfter(w, cut)
	}
	if pace > 0 {
		w = &pacedWriter{ResponseWriter: w, pace: pace}
	}
	http.ServeContent(w, r, "model.gguf", time.Time{}, bytes.NewReader(data))
}

// pacedWriter sends each write on its own and pauses after it.
type pacedWriter struct {
	http.ResponseWriter
	pace time.Duration
}

func (p *pacedWriter) Write(b []byte) (int, error) {
	n, err := p.ResponseWriter.Write(b)
	if f, ok := p.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
	time.Sleep(p.pace)
	return n, err
}
