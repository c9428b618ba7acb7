package cli

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/zhiku-app/zhiku/backend/core"
	"github.com/zhiku-app/zhiku/backend/store"
)

// While the window holds the data folder, commands that only read work
// against it, and commands that write say who holds it and what to do.
func TestCommandsBesideTheWindow(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	dataDir := t.TempDir()
	docs := filepath.Join(t.TempDir(), "旅行")
	os.MkdirAll(docs, 0o755)
	os.WriteFile(filepath.Join(docs, "西安.md"), []byte("# 西安\n\n兵马俑位于西安市临潼区。"), 0o644)
	env, _, stderr := testEnv(core.LocaleEnglish)
	if code := Main(context.Background(), []string{"index", docs, "--data-dir", dataDir}, env); code != 0 {
		t.Fatalf("index: %s", stderr)
	}
	window, err := store.Open(context.Background(), dataDir, store.NewHolder("desktop", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer window.Close()

	runCases(t, []cliCase{
		{"search", []string{"search", "兵马俑", "--data-dir", dataDir}, core.LocaleEnglish, 0, "【兵马俑】"},
		{"fit a catalogue model", []string{"models", "fit", "--catalog", "qwen3:8b", "--data-dir", dataDir}, core.LocaleEnglish, 0, "Verdict:"},
		{"lint a prompt", []string{"prompt", "lint", "--data-dir", dataDir, "Summariser"}, core.LocaleEnglish, 0, "No suggestions"},
		{"list data sets", []string{"dataset", "list", "--data-dir", dataDir}, core.LocaleEnglish, 0, "NAME"},
		{"index says who holds the folder", []string{"index", docs, "--data-dir", dataDir}, core.LocaleEnglish, 1,
			"\"zhiku index\" changes the data folder " + dataDir + ", which process"},
		{"and what to do", []string{"dataset", "create", "x", "--data-dir", dataDir}, core.LocaleEnglish, 1, "Do it in that window, or close it and run the command again"},
		{"in Chinese", []string{"index", docs, "--data-dir", dataDir}, core.LocaleChinese, 1, "请在那个窗口中操作，或关闭它后再次运行该命令"},
	})
	if kbs, err := window.KBs(context.Background()); err != nil || len(kbs) != 1 {
		t.Errorf("the window's store after the commands: %v, %v", kbs, err)
	}
}

// A command that only reads never makes a data folder, and says there
// is no data yet where it needs some.
func TestReadingAFolderWithoutData(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	dataDir := filepath.Join(t.TempDir(), "zhiku")
	runCases(t, []cliCase{
		{"search", []string{"search", "兵马俑", "--data-dir", dataDir}, core.LocaleEnglish, 1, "There is no Zhiku data in " + dataDir + " yet"},
		{"prompt lint needs none", []string{"prompt", "lint", "--data-dir", dataDir, "Write something about this."}, core.LocaleEnglish, 1, "task.vague"},
	})
	if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
		t.Errorf("reading made the data folder: %v", err)
	}
}
