package llmtest

import (
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// EnvRegistry names the model registry the rig serves its tiny models
// from, as host:port, so a test can pull them into an empty Ollama.
const EnvRegistry = "ZHIKU_TEST_REGISTRY"

// registryPath is the part of Ollama's registry protocol a pull uses:
// /v2/{namespace}/{model}/manifests/{tag} and .../blobs/sha256:{hex}.
var registryPath = regexp.MustCompile(`^/v2/([a-z0-9._-]+)/([a-z0-9._-]+)/(manifests|blobs)/([A-Za-z0-9._:-]+)$`)

// ServeRegistry serves the models in an Ollama models folder over Ollama's
// registry protocol on a free loopback port, read-only, and returns its
// host:port. An Ollama pulls from it with names like
// 127.0.0.1:PORT/library/zhiku-tiny-chat:latest and insecure set.
func ServeRegistry(modelsDir string) (addr string, stop func() error, err error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	server := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := registryPath.FindStringSubmatch(r.URL.Path)
		if m == nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			http.NotFound(w, r)
			return
		}
		namespace, model, kind, ref := m[1], m[2], m[3], m[4]
		var path string
		if kind == "manifests" {
			path = filepath.Join(modelsDir, "manifests", "registry.ollama.ai", namespace, model, ref)
			w.Header().Set("Content-Type", "application/vnd.docker.distribution.manifest.v2+json")
		} else {
			// Ollama's registry sends a blob's download to another host
			// (its CDN), and Ollama insists on that redirect: here the
			// other host is the same server under the name localhost.
			if host, port, _ := net.SplitHostPort(r.Host); host != "localhost" {
				http.Redirect(w, r, "http://"+net.JoinHostPort("localhost", port)+r.URL.Path, http.StatusTemporaryRedirect)
				return
			}
			path = filepath.Join(modelsDir, "blobs", strings.Replace(ref, ":", "-", 1))
		}
		f, err := os.Open(path)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		// ServeContent answers HEAD and Range, which Ollama's parallel
		// download relies on.
		http.ServeContent(w, r, "", info.ModTime(), f)
	})}
	go server.Serve(listener)
	return listener.Addr().String(), server.Close, nil
}
