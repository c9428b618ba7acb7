//go:build integration

package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
)

// `zhiku ask` streams the answer from the Ollama test server and lists
// the passages it was given, by file.
func TestIntegrationAskStreamsWithSources(t *testing.T) {
	rig := llmtest.RigFromEnv(t)
	t.Setenv("OLLAMA_HOST", rig.Host.Host)
	data, docs := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(docs, "西安.md"), []byte("# 西安\n\n兵马俑位于西安市临潼区。"), 0o644); err != nil {
		t.Fatal(err)
	}
	env, stdout, stderr := testEnv(core.LocaleEnglish)
	if code := Main(context.Background(), []string{"index", "--data-dir", data, "--kb", "travel", docs}, env); code != 0 {
		t.Fatalf("index: exit %d\n%s", code, stderr.String())
	}
	env, stdout, stderr = testEnv(core.LocaleEnglish)
	code := Main(context.Background(), []string{"ask", "--data-dir", data, "--kb", "travel", "--model", llmtest.ChatModel, "兵马俑在哪里？"}, env)
	out := stdout.String()
	if code != 0 || !strings.Contains(out, "[1] "+filepath.Join(docs, "西安.md")) {
		t.Fatalf("ask: exit %d\n%s\n%s", code, out, stderr.String())
	}
	if answer, _, _ := strings.Cut(out, "\n\n"); strings.TrimSpace(answer) == "" {
		t.Errorf("no answer text streamed before the sources:\n%s", out)
	}
}
