package llmtest

import (
	"net/url"
	"os"
	"testing"
)

// The environment `make test` sets for the integration tests while its
// Ollama test server runs (tools/ollamarig).
const (
	EnvHost      = "ZHIKU_TEST_OLLAMA_HOST"
	EnvOllamaBin = "ZHIKU_TEST_OLLAMA_BIN"
	EnvGGUFDir   = "ZHIKU_TEST_GGUF_DIR"
)

// Rig describes the running Ollama test server.
type Rig struct {
	Host      *url.URL
	OllamaBin string
	GGUFDir   string
}

// RigFromEnv returns the rig, or skips the test with how to get one.
func RigFromEnv(t testing.TB) Rig {
	t.Helper()
	raw := os.Getenv(EnvHost)
	if raw == "" {
		t.Skipf("%s is not set: run the integration tests through the Ollama test rig with `make test-rig`", EnvHost)
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("%s=%q: %v", EnvHost, raw, err)
	}
	return Rig{Host: u, OllamaBin: os.Getenv(EnvOllamaBin), GGUFDir: os.Getenv(EnvGGUFDir)}
}
