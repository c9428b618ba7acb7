package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// `zhiku prompt lint` takes a prompt as plain text from a file, an
// argument or standard input, and an assistant as JSON, told apart by
// content.
func TestPromptLintReadsTextAndJSON(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(content), 0o644)
		return path
	}
	plain := write("prompt.txt", "Write something about this.")
	strong := write("strong.json", `{"name": "Notes", "language": "en", "task": "Summarise the meeting notes for the team.",
		"delimiter": "xml", "outputFormat": "a bulleted list of decisions", "length": "at most 5 bullets"}`)
	export := write("export.md", "\ufeff"+`{"assistants": [{"task": "帮我写点东西，关于下面的内容"}]}`)
	broken := write("broken.json", `{"task": "Summarise", }`)

	cases := []struct {
		name   string
		args   []string
		stdin  string
		locale core.Locale
		code   int
		want   string
	}{
		{"a plain-text file", []string{plain}, "", core.LocaleEnglish, 1, "task.vague (task)"},
		{"the prompt as an argument", []string{"Write something about this."}, "", core.LocaleEnglish, 1, "task.vague (task)"},
		{"a Chinese prompt as an argument", []string{"帮我写点东西，关于下面的内容"}, "", core.LocaleChinese, 1, "任务没有说明要产出什么"},
		{"plain text on standard input", []string{"-"}, "Write something about this.\n", core.LocaleEnglish, 1, "task.vague"},
		{"JSON on standard input", []string{"-"}, `{"task": "Write something about this."}`, core.LocaleEnglish, 1, "task.vague"},
		{"an assistant in JSON", []string{strong}, "", core.LocaleEnglish, 0, "No suggestions"},
		{"an export, whatever the file is called", []string{export}, "", core.LocaleEnglish, 1, "task.vague"},
		{"broken JSON names the file and the fields", []string{broken}, "", core.LocaleEnglish, 1, broken + " is not an assistant in JSON"},
		{"a built-in assistant by name", []string{"summariser"}, "", core.LocaleEnglish, 0, "No suggestions"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env, stdout, stderr := testEnv(c.locale)
			env.Stdin = strings.NewReader(c.stdin)
			args := append([]string{"prompt", "lint", "--data-dir", t.TempDir()}, c.args...)
			code := Main(context.Background(), args, env)
			all := stdout.String() + stderr.String()
			if code != c.code || !strings.Contains(all, c.want) || strings.Contains(all, "no longer exists") || strings.Contains(all, "invalid character '") && !strings.Contains(all, "is not an assistant") {
				t.Fatalf("exit %d, output:\n%s\nwant exit %d and %q", code, all, c.code, c.want)
			}
		})
	}
}

// The help documents the JSON format's fields.
func TestPromptLintHelpDocumentsTheJSON(t *testing.T) {
	for _, locale := range []core.Locale{core.LocaleEnglish, core.LocaleChinese} {
		env, _, stderr := testEnv(locale)
		if code := Main(context.Background(), []string{"prompt", "lint", "--help"}, env); code != 0 {
			t.Fatalf("exit %d", code)
		}
		for _, field := range []string{"role", "task", "context", "steps", "examples", "delimiter", "outputFormat", "length", "extra", `{"assistants": [...]}`} {
			if !strings.Contains(stderr.String(), field) {
				t.Errorf("%s help does not name %q:\n%s", locale, field, stderr)
			}
		}
	}
}
