//go:build integration

package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/llm/llmtest"
)

// `zhiku models` against the Ollama test server: a GGUF file is imported
// under a new name, listed, estimated and removed.
func TestIntegrationModelsCommands(t *testing.T) {
	rig := llmtest.RigFromEnv(t)
	t.Setenv("OLLAMA_HOST", rig.Host.Host)
	data := t.TempDir()
	gguf := filepath.Join(rig.GGUFDir, llmtest.ChatModel+".gguf")
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"models", "import", "--name", "zhiku-imported:v1", gguf}, ""},
		{[]string{"models", "list"}, "zhiku-imported:v1"},
		{[]string{"models", "fit", "zhiku-imported:v1", "--ctx", "2048"}, "2 × 1 layers × 2048 tokens × 64 (64 × 4/4) × 2 bytes"},
		{[]string{"models", "fit", gguf}, "Verdict: fits"},
		{[]string{"models", "rm", "zhiku-imported:v1"}, ""},
		{[]string{"models", "adapter", filepath.Join(rig.GGUFDir, "zhiku-tiny-lora.gguf"), "--base", llmtest.ChatModel, "--name", "zhiku-cli-tuned"}, ""},
		{[]string{"models", "list"}, "zhiku-cli-tuned"},
		{[]string{"models", "rm", "zhiku-cli-tuned"}, ""},
	}
	for _, s := range steps {
		env, stdout, stderr := testEnv(core.LocaleEnglish)
		code := Main(context.Background(), append(s.args, "--data-dir", data), env)
		if code != 0 || !strings.Contains(stdout.String(), s.want) {
			t.Fatalf("zhiku %s: exit %d\n%s\n%s", strings.Join(s.args, " "), code, stdout.String(), stderr.String())
		}
	}
	env, stdout, _ := testEnv(core.LocaleEnglish)
	Main(context.Background(), []string{"models", "list", "--data-dir", data}, env)
	if strings.Contains(stdout.String(), "zhiku-imported") {
		t.Errorf("still listed after rm:\n%s", stdout.String())
	}
}
