//go:build integration

package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
)

// `zhiku prompt compare` runs two built-in assistants on the Ollama test
// server and prints both answers with their figures.
func TestIntegrationPromptCompare(t *testing.T) {
	rig := llmtest.RigFromEnv(t)
	t.Setenv("OLLAMA_HOST", rig.Host.Host)
	env, stdout, stderr := testEnv(core.LocaleEnglish)
	code := Main(context.Background(), []string{"prompt", "compare", "--data-dir", t.TempDir(), "--model", llmtest.ChatModel,
		"--input", "We chose Postgres.", "Summariser", "Title writer"}, env)
	out := stdout.String()
	if code != 0 || !strings.Contains(out, "== 1. Summariser") || !strings.Contains(out, "== 2. Title writer") || !strings.Contains(out, "tokens/s") {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr.String())
	}
}
