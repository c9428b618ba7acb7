package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
)

// A path quoted, so the shell left its ~ alone (or typed in PowerShell,
// which leaves it to the program), is the home folder's, in every path
// argument and flag.
func TestTypedPathsStartAtTheHomeFolder(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	docs := filepath.Join(home, "笔记")
	os.MkdirAll(docs, 0o755)
	os.WriteFile(filepath.Join(docs, "西安.md"), []byte("# 西安\n\n兵马俑位于西安市临潼区。"), 0o644)
	os.WriteFile(filepath.Join(home, "set.json"), []byte(`{"data":[{"title":"长城","paragraphs":[{"context":"长城东起山海关，西至嘉峪关。",
		"qas":[{"id":"1","question":"长城东起哪里？","answers":[{"text":"山海关","answer_start":4}]}]}]}]}`), 0o644)

	runCases(t, []cliCase{
		{"index a folder", []string{"index", "~/笔记", "--data-dir", "~/zhiku-data"}, core.LocaleEnglish, 0, "“笔记”"},
		{"search under a folder", []string{"search", "兵马俑", "--folder", "~/笔记", "--data-dir", "~/zhiku-data"}, core.LocaleEnglish, 0, "【兵马俑】"},
		{"evaluate a set", []string{"eval", "~/set.json"}, core.LocaleEnglish, 0, "1 paragraph, 1 question"},
	})
	if _, err := os.Stat(filepath.Join(home, "zhiku-data")); err != nil {
		t.Fatalf("the data folder is not in the home folder: %v", err)
	}
}
