package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhiku-app/zhiku/backend/core"
)

// "zhiku PATH..." opens the window on those paths when every argument
// names something that exists; a command's name still runs the command,
// and anything else is a mistyped command.
func TestPathsToOpenAreToldFromCommands(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	notes := filepath.Join(dir, "我的笔记")
	os.Mkdir(notes, 0o755)
	os.WriteFile(filepath.Join(dir, "报告.txt"), []byte("x"), 0o644)
	tests := []struct {
		name string
		args []string
		want []string
		ok   bool
	}{
		{"a folder, relative", []string{"我的笔记"}, []string{notes}, true},
		{"a folder and a file", []string{notes, "./报告.txt"}, []string{notes, filepath.Join(dir, "报告.txt")}, true},
		{"one missing", []string{notes, "gone"}, nil, false},
		{"a mistyped command", []string{"serv"}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := pathsToOpen(tt.args)
			if ok != tt.ok || (ok && !slices.Equal(got, tt.want)) {
				t.Fatalf("pathsToOpen(%q) = %q, %v; want %q, %v", tt.args, got, ok, tt.want, tt.ok)
			}
		})
	}
	os.Mkdir(filepath.Join(dir, "version"), 0o755)
	runCases(t, []cliCase{
		{"a command beside a folder of its name", []string{"version"}, core.LocaleEnglish, 0, "zhiku 0.1.0-dev"},
		{"open a folder that is not there", []string{"open", "gone"}, core.LocaleEnglish, 1, "gone cannot be opened: it does not exist"},
		{"open a folder that is not there, in Chinese", []string{"open", "不在"}, core.LocaleChinese, 1, "无法打开 不在"},
		{"a mistyped command", []string{"serv"}, core.LocaleEnglish, 2, `Unknown command "serv"`},
	})
}

// With no display, "zhiku FOLDER" serves the UI to a browser as plain
// "zhiku" does, with the folder already a knowledge base, indexing.
func TestOpeningAFolderWithNoDisplayServesIt(t *testing.T) {
	t.Setenv("OLLAMA_HOST", "127.0.0.1:9")
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("ZHIKU_DATA_DIR", t.TempDir())
	notes := filepath.Join(t.TempDir(), "我的笔记")
	os.Mkdir(notes, 0o755)
	os.WriteFile(filepath.Join(notes, "西安.md"), []byte("# 西安\n\n兵马俑位于西安市临潼区。"), 0o644)
	desktopServeAddr = "127.0.0.1:0"
	t.Cleanup(func() { desktopServeAddr = DefaultServeAddr })

	env, stdout, stderr := testEnv(core.LocaleChinese)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- Main(ctx, []string{notes}, env) }()
	url := waitForURL(t, stdout)
	if !strings.Contains(stdout.String(), "知识库“我的笔记”已就绪，正在索引") || !strings.Contains(stderr.String(), "未检测到显示器") {
		t.Fatalf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}
	resp, err := http.Post(url+"/api/call/Library/List", "application/json", strings.NewReader("[]"))
	if err != nil {
		t.Fatal(err)
	}
	var kbs []core.KnowledgeBase
	json.NewDecoder(resp.Body).Decode(&kbs)
	resp.Body.Close()
	if len(kbs) != 1 || kbs[0].Name != "我的笔记" || !slices.Equal(kbs[0].Sources, []string{notes}) {
		t.Fatalf("knowledge bases %+v, want 我的笔记 of %s", kbs, notes)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}
