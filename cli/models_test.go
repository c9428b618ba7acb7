package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/models/hubtest"
)

// `zhiku models download` lists a repository, downloads a file with its
// hash checked, and explains a gated repository.
func TestModelsDownload(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	hub := hubtest.New(t)
	data := append([]byte("GGUF"), make([]byte, 4096)...)
	hub.Add("Qwen/Qwen3-0.6B-GGUF", "Qwen3-0.6B-Q8_0.gguf", data)
	hub.Add("meta/gated", "x.gguf", data)
	hub.Gate("meta/gated")
	dataDir := t.TempDir()
	folder := t.TempDir()
	cases := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"list", []string{"Qwen/Qwen3-0.6B-GGUF"}, 0, "Qwen3-0.6B-Q8_0.gguf  Q8_0"},
		{"download", []string{"Qwen/Qwen3-0.6B-GGUF", "Qwen3-0.6B-Q8_0.gguf", "--folder", folder}, 0, filepath.Join(folder, "Qwen3-0.6B-Q8_0.gguf")},
		{"ModelScope", []string{"--hub", "modelscope", "Qwen/Qwen3-0.6B-GGUF"}, 0, "Q8_0"},
		{"missing file", []string{"Qwen/Qwen3-0.6B-GGUF", "nope.gguf"}, 1, "was not found"},
		{"gated", []string{"meta/gated"}, 1, "gated or private"},
	}
	for _, c := range cases {
		env, stdout, stderr := testEnv(core.LocaleEnglish)
		args := append([]string{"models", "download", "--data-dir", dataDir, "--endpoint", hub.URL}, c.args...)
		code := Main(context.Background(), args, env)
		if code != c.code || !strings.Contains(stdout.String()+stderr.String(), c.out) {
			t.Errorf("%s: exit %d\n%s%s\nwant %d and %q", c.name, code, stdout.String(), stderr.String(), c.code, c.out)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(folder, "Qwen3-0.6B-Q8_0.gguf")); len(got) != len(data) {
		t.Errorf("downloaded %d bytes", len(got))
	}
}
