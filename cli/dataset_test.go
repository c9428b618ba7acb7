package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// `zhiku dataset` creates a set, imports JSONL, checks and exports it.
func TestDatasetCommands(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	data, work := t.TempDir(), t.TempDir()
	in := filepath.Join(work, "in.jsonl")
	os.WriteFile(in, []byte(`{"instruction": "保修期多长？", "input": "", "output": "两年。"}`+"\n"+
		`{"instruction": "Does it cover batteries?", "input": "", "output": "For one year."}`+"\n"), 0o644)
	out := filepath.Join(work, "out")
	steps := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"dataset", "create", "support"}, 0, ""},
		{[]string{"dataset", "import", "support", in, "--format", "alpaca"}, 0, "2 records added to support."},
		{[]string{"dataset", "list"}, 0, "support  2"},
		{[]string{"dataset", "check", "support"}, 0, "languages       en 1, zh 1"},
		{[]string{"dataset", "export", "support", "--format", "messages", "--dir", out, "--validation", "0"}, 0, "support.train.jsonl"},
		{[]string{"dataset", "import", "support", in, "--format", "dpo"}, 1, "could not be read as dpo"},
		{[]string{"dataset", "check", "nobody"}, 1, "no longer exists"},
		{[]string{"dataset", "generate", "support", "--kb", "nothing"}, 1, "knowledge base"},
		{[]string{"dataset", "from-chat", "support", "42"}, 1, "chat no longer exists"},
	}
	for _, s := range steps {
		env, stdout, stderr := testEnv(core.LocaleEnglish)
		code := Main(context.Background(), append(s.args, "--data-dir", data), env)
		if code != s.code || !strings.Contains(stdout.String()+stderr.String(), s.want) {
			t.Errorf("zhiku %s: exit %d\n%s%s", strings.Join(s.args, " "), code, stdout.String(), stderr.String())
		}
	}
	if b, err := os.ReadFile(filepath.Join(out, "dataset_info.json")); err != nil || !strings.Contains(string(b), `"support_train"`) {
		t.Errorf("dataset_info.json: %s, %v", b, err)
	}
}
